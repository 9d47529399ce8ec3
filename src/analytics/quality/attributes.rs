//! Attribute charts (p/np, c and u), the defect Pareto and rolled throughput yield
//! (DESIGN.md §2).

use std::collections::BTreeMap;

use super::{CChart, CPoint, ItemRty, PChart, PChartKind, PPoint, ParetoBar, rows_by_key};
use crate::analytics::plan_index::PlanIndex;
use crate::domain::fxhash::FxHashMap;
use crate::domain::{Defect, Inspection, Plan};

/// `centre ± 3·spread`, the lower limit floored at 0.
fn three_sigma(centre: f64, spread: f64) -> (f64, f64) {
    (centre + 3.0 * spread, (centre - 3.0 * spread).max(0.0))
}

/// Inspection rows per item in order, leaving out rows with nothing inspected (which an
/// invalid plan could hold and which have no fraction).
fn inspections_by_item(plan: &Plan) -> FxHashMap<&str, Vec<&Inspection>> {
    let mut groups = rows_by_key(&plan.inspections, |row| &row.item);
    for rows in groups.values_mut() {
        rows.retain(|row| row.inspected > 0);
    }
    groups
}

/// The rows of one item, or none.
fn rows_of<'a, 'b, T>(groups: &'b FxHashMap<&str, Vec<&'a T>>, item: &str) -> &'b [&'a T] {
    groups.get(item).map_or(&[], Vec::as_slice)
}

/// One p chart per item with inspections, in plan order: pooled `p̄ = Σ defective / Σ inspected`,
/// per-lot limits `p̄ ± 3√(p̄(1−p̄)/n_k)` clamped to [0, 1]; `np` when every lot has one size.
pub fn p_charts(plan: &Plan) -> Vec<PChart> {
    let inspections = inspections_by_item(plan);
    plan.items
        .iter()
        .filter_map(|item| p_chart(&item.code, rows_of(&inspections, &item.code)))
        .collect()
}

fn p_chart(item: &str, rows: &[&Inspection]) -> Option<PChart> {
    let first = rows.first()?;
    // Summed in i128, which no count can wrap: a plan that only validation keeps below the limits
    // of `domain::limits` must still never give a wrapped, wrong p̄ when analysed directly.
    let inspected: i128 = rows.iter().map(|r| i128::from(r.inspected)).sum();
    let defective: i128 = rows.iter().map(|r| i128::from(r.defective)).sum();
    let p_bar = defective as f64 / inspected as f64;
    let points = rows
        .iter()
        .map(|row| {
            let n = row.inspected as f64;
            let (ucl, lcl) = three_sigma(p_bar, (p_bar * (1.0 - p_bar) / n).sqrt());
            PPoint {
                lot: row.lot.clone(),
                p: row.defective as f64 / n,
                ucl: ucl.min(1.0),
                lcl,
                inspected: row.inspected,
            }
        })
        .collect();
    let kind = if rows.iter().all(|r| r.inspected == first.inspected) {
        PChartKind::Np
    } else {
        PChartKind::P
    };
    Some(PChart {
        item: item.to_string(),
        p_bar,
        points,
        kind,
    })
}

/// A lot of the c/u chart: its label, units inspected (if it has inspection rows) and defects.
struct DefectLot {
    lot: String,
    inspected: Option<i128>,
    count: f64,
}

/// The item's lots: inspection lots in order, then lots found only in `defects` in order of
/// appearance. A label is one lot however many rows name it: its inspected units and defect
/// counts are summed.
fn defect_lots(inspections: &[&Inspection], defects: &[&Defect]) -> Vec<DefectLot> {
    let mut lots: Vec<DefectLot> = Vec::new();
    let mut position: FxHashMap<&str, usize> = FxHashMap::default();
    for row in inspections {
        match position.get(row.lot.as_str()) {
            Some(&i) => *lots[i].inspected.get_or_insert(0) += i128::from(row.inspected),
            None => {
                position.insert(&row.lot, lots.len());
                lots.push(DefectLot {
                    lot: row.lot.clone(),
                    inspected: Some(i128::from(row.inspected)),
                    count: 0.0,
                });
            }
        }
    }
    for row in defects {
        let index = *position.entry(&row.lot).or_insert_with(|| {
            lots.push(DefectLot {
                lot: row.lot.clone(),
                inspected: None,
                count: 0.0,
            });
            lots.len() - 1
        });
        lots[index].count += row.count.max(0) as f64;
    }
    lots
}

/// One c/u chart per item with inspections or defects, in plan order: `c̄ ± 3√c̄` and, over lots
/// with an inspection row, `ū = Σ count / Σ inspected` with limits `ū ± 3√(ū/n_k)`.
pub fn c_charts(plan: &Plan) -> Vec<CChart> {
    let inspections = inspections_by_item(plan);
    let defects = rows_by_key(&plan.defects, |row| &row.item);
    plan.items
        .iter()
        .filter_map(|item| {
            let lots = defect_lots(
                rows_of(&inspections, &item.code),
                rows_of(&defects, &item.code),
            );
            c_chart(&item.code, &lots)
        })
        .collect()
}

fn c_chart(item: &str, lots: &[DefectLot]) -> Option<CChart> {
    if lots.is_empty() {
        return None;
    }
    let center = lots.iter().map(|l| l.count).sum::<f64>() / lots.len() as f64;
    let (ucl, lcl) = three_sigma(center, center.sqrt());
    let inspected_lots = lots
        .iter()
        .filter_map(|l| l.inspected.map(|n| (l.count, n)));
    let (counted, inspected) =
        inspected_lots.fold((0.0, 0_i128), |(c, n), (count, size)| (c + count, n + size));
    let u_bar = (inspected > 0).then(|| counted / inspected as f64);
    let points = lots
        .iter()
        .map(|lot| {
            let per_unit = lot.inspected.zip(u_bar).map(|(n, u_bar)| {
                let n = n as f64;
                let (u_ucl, u_lcl) = three_sigma(u_bar, (u_bar / n).sqrt());
                (lot.count / n, u_ucl, u_lcl)
            });
            CPoint {
                lot: lot.lot.clone(),
                count: lot.count,
                u: per_unit.map(|p| p.0),
                u_ucl: per_unit.map(|p| p.1),
                u_lcl: per_unit.map(|p| p.2),
            }
        })
        .collect();
    Some(CChart {
        item: item.to_string(),
        center,
        ucl,
        lcl,
        u_bar,
        points,
    })
}

/// Defect types over all items by total count, descending (ties by name), with the cumulative
/// percentage 0–100. Types whose total is 0 are left out: they have no bar and no share.
pub fn pareto(plan: &Plan) -> Vec<ParetoBar> {
    let mut totals: BTreeMap<&str, f64> = BTreeMap::new();
    for row in &plan.defects {
        *totals.entry(row.defect_type.as_str()).or_default() += row.count.max(0) as f64;
    }
    let mut bars: Vec<(&str, f64)> = totals.into_iter().filter(|(_, c)| *c > 0.0).collect();
    // BTreeMap order is by name; a stable sort by count keeps name order among ties.
    bars.sort_by(|a, b| b.1.total_cmp(&a.1));
    let grand_total: f64 = bars.iter().map(|b| b.1).sum();
    let mut running = 0.0;
    bars.into_iter()
        .map(|(name, count)| {
            running += count;
            ParetoBar {
                defect_type: name.to_string(),
                count,
                cum_pct: 100.0 * running / grand_total,
            }
        })
        .collect()
}

/// Rolled throughput yield of every item with a routing, in plan order: the product of its
/// steps' planned yields (taken from the plan index, which has each item's steps grouped).
pub fn rty(index: &PlanIndex) -> Vec<ItemRty> {
    index
        .plan()
        .items
        .iter()
        .enumerate()
        .filter(|(item, _)| !index.steps(*item).is_empty())
        .map(|(item, row)| ItemRty {
            item: row.code.clone(),
            rty: index.rty(item),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lot(lot: &str, inspected: i64, defective: i64) -> Inspection {
        Inspection {
            item: "FRAME".to_string(),
            lot: lot.to_string(),
            inspected,
            defective,
        }
    }

    #[test]
    fn p_bar_of_counts_whose_sum_passes_i64_is_right() {
        // p̄ = (3e18 + 1.2e18) / (6e18 + 6e18) = 4.2e18 / 1.2e19 = 0.35. Summed in i64 the
        // denominator wraps to 1.2e19 − 2^64 = −6.45e18, which gave p̄ = −0.65.
        let plan = Plan {
            items: vec![crate::domain::Item {
                code: "FRAME".to_string(),
                ..crate::domain::Item::default()
            }],
            inspections: vec![
                lot("L1", 6_000_000_000_000_000_000, 3_000_000_000_000_000_000),
                lot("L2", 6_000_000_000_000_000_000, 1_200_000_000_000_000_000),
            ],
            ..Plan::default()
        };
        let chart = &p_charts(&plan)[0];
        assert!((chart.p_bar - 0.35).abs() < 1e-15, "{}", chart.p_bar);
        assert!((chart.points[1].p - 0.2).abs() < 1e-15);
        // The u chart sums one label's inspected units: L1 twice is 1.2e19 units, no defects.
        let mut twice = plan.clone();
        twice.inspections[1].lot = "L1".to_string();
        let c_chart = &c_charts(&twice)[0];
        assert_eq!(c_chart.points.len(), 1);
        assert_eq!(c_chart.u_bar, Some(0.0));
    }
}
