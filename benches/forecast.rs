//! Criterion benchmark of demand forecasting (DESIGN.md §7): every item of a plan with 2,000
//! items × 120 weeks of history, method auto with every parameter fitted on the grid (Holt-Winters
//! alone tries 729 parameter sets per item).
//!
//! `cargo bench --bench forecast` measures it; `cargo test --benches` runs it once as a smoke test.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use opsplan::analytics::forecast::forecast;
use opsplan::app::generate::history_plan;

/// Items and weeks of history of the benchmark plan.
const ITEMS: usize = 2_000;
const WEEKS: i64 = 120;

fn forecasting(c: &mut Criterion) {
    let plan = history_plan(ITEMS, WEEKS);
    let mut group = c.benchmark_group("forecast");
    group.sample_size(10);
    group.bench_function("auto_2000_items_120_weeks", |b| {
        b.iter(|| black_box(forecast(black_box(&plan))))
    });
    group.finish();
}

criterion_group!(benches, forecasting);
criterion_main!(benches);
