//! Magnitude limits of the real numbers of a plan: none beyond ±[`MAX_REAL_MAGNITUDE`], and no
//! positive divisor below [`MIN_DIVISOR`], so that the results of a valid plan stay finite.
//!
//! A price of 10^300 made revenue infinite and profit NaN; a yield of 10^-300 made every
//! requirement through it infinite. Each such number is refused with the table, row and field.

use super::super::model::Plan;
use super::super::validate::{Problem, RowKey};

/// Largest magnitude of a real number in a plan: 10^15.
///
/// Why 10^15: it is beyond any price, quantity, hour or cost of a real plan (a thousand million
/// million), and keeps every product of two such numbers (10^30), summed over a million rows and
/// ten thousand periods (10^40), far inside `f64` (about 1.8·10^308).
pub const MAX_REAL_MAGNITUDE: f64 = 1e15;

/// Smallest positive value of a number the analytics divide by (a yield, an efficiency, a lot
/// size, a resource's hours, a working share, …): 10^-6.
///
/// Why 10^-6: a yield of one in a million or an hour of 3.6 ms is already no real process, and
/// dividing a number within [`MAX_REAL_MAGNITUDE`] by it stays within 10^21.
pub const MIN_DIVISOR: f64 = 1e-6;

/// Every real number beyond ±[`MAX_REAL_MAGNITUDE`] and every positive divisor below
/// [`MIN_DIVISOR`], each as a problem naming the table, row and field. Non-finite numbers and
/// signs are other rules' (validation and the file checks refuse them on their own).
pub fn real_number_problems(plan: &Plan) -> Vec<Problem> {
    let mut check = RealChecks::default();
    let s = &plan.settings;
    let at = ("plan", 0, RowKey::Code(""));
    check.real(at, "holding_rate", s.holding_rate);
    check.real(at, "backorder_factor", s.backorder_factor);
    check.divisor_if_given(at, "periods_per_year", s.periods_per_year);
    for (row, i) in plan.items.iter().enumerate() {
        let at = ("items", row, RowKey::Code(&i.code));
        check.real(at, "price", i.price);
        check.real(at, "purchase_cost", i.purchase_cost);
        check.divisor_if_given(at, "lot_size", i.lot_size);
        check.real(at, "on_hand", i.on_hand);
        check.real(at, "safety_stock", i.safety_stock);
        check.divisor_if_given(at, "order_qty", i.order_qty);
        check.real(at, "order_min", i.order_min);
        check.divisor_if_given(at, "order_multiple", i.order_multiple);
        check.real(at, "order_cost", i.order_cost);
        check.real_if_given(at, "backorder_cost", i.backorder_cost);
    }
    for (row, line) in plan.bom.iter().enumerate() {
        check.real(
            ("bom", row, RowKey::Joined(&line.parent, " → ", &line.child)),
            "qty",
            line.qty,
        );
    }
    for (row, r) in plan.resources.iter().enumerate() {
        let at = ("resources", row, RowKey::Code(&r.code));
        check.divisor(at, "hours_per_period", r.hours_per_period);
        check.divisor(at, "efficiency", r.efficiency);
        check.real(at, "cost_per_hour", r.cost_per_hour);
        check.real(at, "fixed_cost_per_period", r.fixed_cost_per_period);
        check.real(at, "capital_cost", r.capital_cost);
        check.divisor(at, "life_years", r.life_years);
        check.real(at, "overtime_hours_per_period", r.overtime_hours_per_period);
        check.real_if_given(at, "overtime_premium_per_hour", r.overtime_premium_per_hour);
    }
    for (row, step) in plan.routing.iter().enumerate() {
        let at = (
            "routing",
            row,
            RowKey::Numbered(&step.item, " step ", step.seq),
        );
        check.real(at, "setup_min", step.setup_min);
        check.real(at, "run_min", step.run_min);
        check.divisor(at, "yield", step.yield_);
    }
    for (row, d) in plan.demand.iter().enumerate() {
        check.real(
            (
                "demand",
                row,
                RowKey::Numbered(&d.item, " period ", d.period),
            ),
            "qty",
            d.qty,
        );
    }
    quality_and_queues(plan, &mut check);
    planning_and_shop_floor(plan, &mut check);
    check.found
}

fn quality_and_queues(plan: &Plan, check: &mut RealChecks) {
    for (row, c) in plan.characteristics.iter().enumerate() {
        let at = ("characteristics", row, RowKey::Code(&c.code));
        check.real_if_given(at, "lsl", c.lsl);
        check.real_if_given(at, "target", c.target);
        check.real_if_given(at, "usl", c.usl);
    }
    for (row, m) in plan.measurements.iter().enumerate() {
        let at = ("measurements", row, RowKey::Code(&m.characteristic));
        check.real(at, "value", m.value);
    }
    for (row, c) in plan.chart_settings.iter().enumerate() {
        let at = ("chart_settings", row, RowKey::Code(&c.characteristic));
        check.real(at, "ewma_lambda", c.ewma_lambda);
        check.real(at, "ewma_l", c.ewma_l);
        check.real(at, "cusum_k", c.cusum_k);
        check.real(at, "cusum_h", c.cusum_h);
        check.real_if_given(at, "center", c.center);
        check.divisor_if_given(at, "sigma", c.sigma);
    }
    for (row, q) in plan.queues.iter().enumerate() {
        let at = ("queues", row, RowKey::Code(&q.code));
        check.real(at, "arrival_per_hour", q.arrival_per_hour);
        check.divisor(at, "service_min", q.service_min);
        check.real(at, "target_wait_min", q.target_wait_min);
        check.real(at, "target_service_level", q.target_service_level);
    }
    for (row, a) in plan.queue_arrivals.iter().enumerate() {
        let at = (
            "queue_arrivals",
            row,
            RowKey::Numbered(&a.queue, " period ", a.period),
        );
        check.real(at, "arrival_per_hour", a.arrival_per_hour);
    }
}

fn planning_and_shop_floor(plan: &Plan, check: &mut RealChecks) {
    for (row, r) in plan.receipts.iter().enumerate() {
        check.real(
            (
                "receipts",
                row,
                RowKey::Numbered(&r.item, " period ", r.period),
            ),
            "qty",
            r.qty,
        );
    }
    for (row, m) in plan.master_schedule.iter().enumerate() {
        check.real(
            (
                "master_schedule",
                row,
                RowKey::Numbered(&m.item, " period ", m.period),
            ),
            "qty",
            m.qty,
        );
    }
    for (row, c) in plan.calendar.iter().enumerate() {
        check.divisor(
            ("calendar", row, RowKey::Numbered("", "period ", c.period)),
            "working_share",
            c.working_share,
        );
    }
    for (row, rp) in plan.resource_periods.iter().enumerate() {
        let at = (
            "resource_periods",
            row,
            RowKey::Numbered(&rp.resource, " period ", rp.period),
        );
        check.divisor_if_given(at, "hours_per_period", rp.hours_per_period);
        check.real_if_given(at, "overtime_hours", rp.overtime_hours);
    }
    for (row, h) in plan.history.iter().enumerate() {
        check.real(
            (
                "history",
                row,
                RowKey::Numbered(&h.item, " period ", h.period),
            ),
            "qty",
            h.qty,
        );
    }
    for (row, f) in plan.forecast_settings.iter().enumerate() {
        let at = ("forecast_settings", row, RowKey::Code(&f.item));
        check.real_if_given(at, "alpha", f.alpha);
        check.real_if_given(at, "beta", f.beta);
        check.real_if_given(at, "gamma", f.gamma);
        check.real(at, "phi", f.phi);
    }
    for (row, log) in plan.production_log.iter().enumerate() {
        let at = (
            "production_log",
            row,
            RowKey::Numbered(&log.resource, " period ", log.period),
        );
        check.divisor(at, "planned_min", log.planned_min);
        check.real(at, "downtime_min", log.downtime_min);
        check.divisor(at, "ideal_cycle_min", log.ideal_cycle_min);
    }
    for (row, stop) in plan.downtime.iter().enumerate() {
        check.real(
            (
                "downtime",
                row,
                RowKey::Numbered(&stop.resource, " period ", stop.period),
            ),
            "minutes",
            stop.minutes,
        );
    }
}

/// Table, 0-based row (shown 1-based) and key of the row a number belongs to, keyed as
/// validation keys the table's rows.
type Place<'a> = (&'static str, usize, RowKey<'a>);

/// The problems found so far.
#[derive(Default)]
struct RealChecks {
    found: Vec<Problem>,
}

impl RealChecks {
    fn push(&mut self, (table, row, key): Place<'_>, field: &'static str, message: String) {
        self.found.push(Problem {
            table,
            row: Some(row + 1),
            key: key.text(),
            field,
            message,
        });
    }

    /// Any real number: at most [`MAX_REAL_MAGNITUDE`] either side of 0.
    fn real(&mut self, at: Place<'_>, field: &'static str, value: f64) {
        if value.is_finite() && value.abs() > MAX_REAL_MAGNITUDE {
            self.push(
                at,
                field,
                format!(
                    "{value:e} is beyond ±{MAX_REAL_MAGNITUDE:e}, the largest magnitude a number \
                     in a plan may have"
                ),
            );
        }
    }

    /// A number the analytics divide by: a real number, and 0 or at least [`MIN_DIVISOR`].
    fn divisor(&mut self, at: Place<'_>, field: &'static str, value: f64) {
        if value > 0.0 && value < MIN_DIVISOR {
            self.push(
                at,
                field,
                format!(
                    "{value:e} is below {MIN_DIVISOR:e}, the smallest positive value it may have \
                     (results are divided by it)"
                ),
            );
        } else {
            self.real(at, field, value);
        }
    }

    fn real_if_given(&mut self, at: Place<'_>, field: &'static str, value: Option<f64>) {
        if let Some(value) = value {
            self.real(at, field, value);
        }
    }

    fn divisor_if_given(&mut self, at: Place<'_>, field: &'static str, value: Option<f64>) {
        if let Some(value) = value {
            self.divisor(at, field, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Item, ItemKind, PlanSettings, Resource, RoutingStep};

    fn messages(plan: &Plan) -> Vec<String> {
        real_number_problems(plan)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_price_beyond_ten_to_the_fifteen_is_refused_naming_table_row_and_field() {
        // 1e300 × 1e10 units made revenue infinite and profit NaN before this rule.
        let plan = Plan {
            items: vec![
                Item {
                    code: "OK".to_string(),
                    price: 1e15,
                    purchase_cost: -1e15,
                    ..Item::default()
                },
                Item {
                    code: "HUGE".to_string(),
                    kind: ItemKind::Finished,
                    price: 1e300,
                    ..Item::default()
                },
            ],
            ..Plan::default()
        };
        assert_eq!(
            messages(&plan),
            vec![
                "items row 2 (HUGE), field price: 1e300 is beyond ±1e15, the largest magnitude \
                 a number in a plan may have"
                    .to_string()
            ]
        );
    }

    #[test]
    fn a_positive_divisor_below_one_millionth_is_refused_and_zero_is_left_to_other_rules() {
        let plan = Plan {
            settings: PlanSettings {
                periods_per_year: Some(1e-7),
                ..PlanSettings::default()
            },
            resources: vec![Resource {
                code: "PAINT".to_string(),
                hours_per_period: 0.0,
                efficiency: 1e-6,
                life_years: 5e-324,
                ..Resource::default()
            }],
            routing: vec![RoutingStep {
                item: "FRAME".to_string(),
                yield_: 1e-300,
                ..RoutingStep::default()
            }],
            ..Plan::default()
        };
        let fields: Vec<(&str, Option<usize>, &str)> = real_number_problems(&plan)
            .iter()
            .map(|p| (p.table, p.row, p.field))
            .collect();
        // hours_per_period 0 means "no hours" (its own rule) and efficiency 1e-6 is the least
        // accepted: neither is a problem here.
        assert_eq!(
            fields,
            vec![
                ("plan", Some(1), "periods_per_year"),
                ("resources", Some(1), "life_years"),
                ("routing", Some(1), "yield"),
            ]
        );
        assert_eq!(
            messages(&plan)[2],
            "routing row 1 (FRAME step 10), field yield: 1e-300 is below 1e-6, the smallest \
             positive value it may have (results are divided by it)"
        );
    }

    #[test]
    fn non_finite_numbers_are_left_to_the_finiteness_rule() {
        let plan = Plan {
            demand: vec![crate::domain::Demand {
                item: "A".to_string(),
                period: 1,
                qty: f64::INFINITY,
            }],
            ..Plan::default()
        };
        assert!(messages(&plan).is_empty());
    }
}
