//! Criterion benchmarks of every phase a user waits for, on generated plans S, M and L
//! (DESIGN.md §4 `generate`): open, validate, full analytics, the material plan alone, the OEE part on a production log
//! of 100 rows per resource (100,000 on L), JSON output, save, JSON import and the report in
//! every format (HTML, XLSX, PDF, CSV: rendering the bytes, as `export_report`
//! does before writing them).
//!
//! `cargo bench` measures S, M and L; `cargo test --benches` (CI) runs each benchmark once on S
//! only, as a smoke test. `OPSPLAN_BENCH_SIZES=S,M` picks sizes explicitly.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use opsplan::analytics::analyze;
use opsplan::analytics::availability::Availability;
use opsplan::analytics::capacity::Explosion;
use opsplan::analytics::cost::StandardCosts;
use opsplan::analytics::mrp::material_plan;
use opsplan::analytics::oee::oee_from;
use opsplan::analytics::plan_index::PlanIndex;
use opsplan::app::files::{read_plan, save_plan};
use opsplan::app::generate::{GenerateSpec, generate};
use opsplan::app::operations::analysis_json;
use opsplan::domain::{DowntimeRow, Plan, ProductionLogRow, validate};
use opsplan::io::json::{parse_plan, plan_to_json};
use opsplan::report::{ReportFormat, ReportOptions, render};

/// The sizes of the performance issue: (label, items, resources, periods).
const SIZES: [(&str, usize, usize, usize); 3] = [
    ("S", 200, 20, 12),
    ("M", 2_000, 100, 52),
    ("L", 20_000, 1_000, 52),
];

/// Every report format, with its benchmark name.
const REPORT_FORMATS: [(ReportFormat, &str); 4] = [
    (ReportFormat::Html, "report_html"),
    (ReportFormat::Xlsx, "report_xlsx"),
    (ReportFormat::Pdf, "report_pdf"),
    (ReportFormat::Csv, "report_csv"),
];

fn selected_sizes() -> Vec<(&'static str, usize, usize, usize)> {
    let full_run = std::env::args().any(|a| a == "--bench");
    let wanted = std::env::var("OPSPLAN_BENCH_SIZES")
        .unwrap_or_else(|_| if full_run { "S,M,L" } else { "S" }.to_string());
    SIZES
        .into_iter()
        .filter(|(label, ..)| wanted.split(',').any(|w| w.trim() == *label))
        .collect()
}

/// Production log rows per resource in the OEE benchmark: plan L (1,000 resources) gets the
/// 100,000 rows of the OEE speed target.
const LOG_ROWS_PER_RESOURCE: usize = 100;

/// The plan with `rows` production_log rows spread evenly over its resources and the eight past
/// periods −7..0, every second row naming an item, and one downtime row per log row.
fn with_production_log(plan: &Plan, rows: usize) -> Plan {
    let mut logged = plan.clone();
    let resources = plan.resources.len().max(1);
    let reasons = ["changeover", "breakdown", "material shortage", "cleaning"];
    for k in 0..rows {
        let Some(resource) = plan.resources.get(k % resources) else {
            break;
        };
        let period = -((k / resources % 8) as i64);
        let item = (k % 2 == 0)
            .then(|| plan.items.get(k % plan.items.len().max(1)))
            .flatten()
            .map(|item| item.code.clone());
        let downtime_min = (k % 7 * 10) as f64;
        let ideal_cycle_min = 0.5 + (k % 5) as f64 * 0.25;
        // 90 % of the ideal rate while running, 98 % good (BENCHMARKS.md, OEE phase).
        let total_count = (0.9 * (480.0 - downtime_min) / ideal_cycle_min) as i64;
        logged.production_log.push(ProductionLogRow {
            resource: resource.code.clone(),
            period,
            item,
            planned_min: 480.0,
            downtime_min,
            ideal_cycle_min,
            total_count,
            good_count: Some((0.98 * total_count as f64) as i64),
        });
        if downtime_min > 0.0 {
            logged.downtime.push(DowntimeRow {
                resource: resource.code.clone(),
                period,
                reason: reasons[k % reasons.len()].to_string(),
                minutes: downtime_min,
            });
        }
    }
    logged
}

fn phases(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir for plan files");
    for (label, items, resources, periods) in selected_sizes() {
        let plan = generate(GenerateSpec {
            items,
            resources,
            periods,
            seed: 1,
        });
        let path = dir.path().join(format!("{label}.opsplan"));
        save_plan(&plan, &path).expect("save generated plan");
        let analysis = analyze(&plan).expect("generated plans are valid");
        let json_text = plan_to_json(&plan);

        let mut group = c.benchmark_group(format!("plan_{label}"));
        group.sample_size(10);
        group.bench_function(BenchmarkId::new("open", label), |b| {
            b.iter(|| black_box(read_plan(&path).expect("open")))
        });
        group.bench_function(BenchmarkId::new("validate", label), |b| {
            b.iter(|| black_box(validate(&plan)))
        });
        group.bench_function(BenchmarkId::new("analytics", label), |b| {
            b.iter(|| black_box(analyze(&plan).expect("analyze")))
        });
        // The material plan alone (issue 13: under 30 ms on L), on the analysis' index and
        // standard unit costs, as `analyze` runs it.
        let index = PlanIndex::new(&plan);
        let availability = Availability::new(&plan);
        let explosion = Explosion::new(&index);
        let unit_costs = StandardCosts::new(&index, &explosion, &availability).unit_costs();
        group.bench_function(BenchmarkId::new("mrp", label), |b| {
            b.iter(|| black_box(material_plan(&index, &unit_costs)))
        });
        drop(index);
        let logged = with_production_log(&plan, LOG_ROWS_PER_RESOURCE * resources);
        // The analysis builds the plan index once for every result; OEE is timed on it.
        let logged_index = PlanIndex::new(&logged);
        group.bench_function(BenchmarkId::new("oee_log_rows", label), |b| {
            b.iter(|| black_box(oee_from(&logged_index)))
        });
        drop(logged_index);
        drop(logged);
        group.bench_function(BenchmarkId::new("json_output", label), |b| {
            b.iter(|| black_box(analysis_json(&analysis).expect("json")))
        });
        let save_path = dir.path().join(format!("{label}-save.opsplan"));
        group.bench_function(BenchmarkId::new("save", label), |b| {
            b.iter(|| save_plan(&plan, &save_path).expect("save"))
        });
        group.bench_function(BenchmarkId::new("json_import", label), |b| {
            b.iter(|| black_box(parse_plan(&json_text).expect("parse")))
        });
        let options = ReportOptions::default();
        for (format, name) in REPORT_FORMATS {
            group.bench_function(BenchmarkId::new(name, label), |b| {
                b.iter(|| {
                    black_box(
                        render(&plan, &analysis, format, &options, &mut |_| {}).expect("report"),
                    )
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, phases);
criterion_main!(benches);
