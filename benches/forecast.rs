//! Criterion benchmark of demand forecasting (DESIGN.md §7): every item of a plan with 2,000
//! items × 120 weeks of history, method auto with every parameter fitted on the grid (Holt-Winters
//! alone tries 729 parameter sets per item).
//!
//! `cargo bench --bench forecast` measures it; `cargo test --benches` runs it once as a smoke test.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use opsplan::analytics::forecast::forecast;
use opsplan::domain::{HistoryRow, Item, ItemKind, Plan, PlanSettings};

/// Items and weeks of history of the benchmark plan.
const ITEMS: usize = 2_000;
const WEEKS: i64 = 120;

/// A plan whose items have 120 weeks of sales: a trend, a yearly season and noise, and every
/// fourth item intermittent (70 % zeros), so auto fits every candidate including Croston.
fn plan_with_history() -> Plan {
    let mut state: u64 = 1;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut items = Vec::with_capacity(ITEMS);
    let mut history = Vec::with_capacity(ITEMS * WEEKS as usize);
    for index in 0..ITEMS {
        let code = format!("I{index:05}");
        items.push(Item {
            code: code.clone(),
            kind: ItemKind::Finished,
            ..Item::default()
        });
        let base = 20.0 + 100.0 * next();
        for week in 0..WEEKS {
            let period = week - WEEKS + 1;
            let season = (std::f64::consts::TAU * week as f64 / 52.0).sin();
            let qty = if index % 4 == 3 {
                if next() < 0.3 { (base * next()).round() } else { 0.0 }
            } else {
                (base * (1.0 + 0.002 * week as f64 + 0.3 * season) * (0.9 + 0.2 * next())).round()
            };
            history.push(HistoryRow {
                item: code.clone(),
                period,
                qty,
            });
        }
    }
    Plan {
        settings: PlanSettings {
            name: "Forecast benchmark".to_string(),
            periods: 52,
            ..PlanSettings::default()
        },
        items,
        history,
        ..Plan::default()
    }
}

fn forecasting(c: &mut Criterion) {
    let plan = plan_with_history();
    let mut group = c.benchmark_group("forecast");
    group.sample_size(10);
    group.bench_function("auto_2000_items_120_weeks", |b| {
        b.iter(|| black_box(forecast(black_box(&plan))))
    });
    group.finish();
}

criterion_group!(benches, forecasting);
criterion_main!(benches);
