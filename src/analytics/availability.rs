//! Available and overtime hours of every resource in every period, from the calendar and the
//! resource_periods rows (DESIGN.md §2 and §6).
//!
//! Capacity, the material plan's load and levelling all read the same table, so a holiday or a
//! maintenance day is counted the same way everywhere.

use crate::domain::Plan;
use crate::domain::fxhash::FxHashMap;

/// Hours per resource and period, resource-major (resource `r`, period `t` at `r · T + t`).
#[derive(Debug, Clone, PartialEq)]
pub struct Availability {
    periods: usize,
    available: Vec<f64>,
    overtime: Vec<f64>,
    units: Vec<i64>,
}

impl Availability {
    /// Builds the table of a validated plan.
    ///
    /// `available_r,t = units_r,t · hours_r,t · efficiency` with `units_r,t` the resource_periods
    /// row's units, else the resource's; `hours_r,t` its hours_per_period, else
    /// `hours_per_period · working_share_t` (1 without a calendar row). Overtime is the row's
    /// overtime_hours, else the resource's overtime_hours_per_period. Rows naming an unknown
    /// resource or a period outside the horizon (only possible in an invalid plan) are ignored.
    pub fn new(plan: &Plan) -> Self {
        let periods = usize::try_from(plan.settings.periods.max(0)).unwrap_or(0);
        let mut share = vec![1.0; periods];
        for row in &plan.calendar {
            if let Some(slot) = period_slot(row.period, periods).and_then(|t| share.get_mut(t)) {
                *slot = row.working_share;
            }
        }
        let resource_count = plan.resources.len();
        let mut available = Vec::with_capacity(resource_count * periods);
        let mut overtime = Vec::with_capacity(resource_count * periods);
        let mut units = Vec::with_capacity(resource_count * periods);
        for resource in &plan.resources {
            for &working_share in &share {
                units.push(resource.units);
                available.push(
                    resource.units as f64
                        * resource.hours_per_period
                        * working_share
                        * resource.efficiency,
                );
                overtime.push(resource.overtime_hours_per_period);
            }
        }
        if !plan.resource_periods.is_empty() {
            let by_code: FxHashMap<&str, usize> = plan
                .resources
                .iter()
                .enumerate()
                .map(|(r, resource)| (resource.code.as_str(), r))
                .collect();
            for row in &plan.resource_periods {
                let (Some(&r), Some(t)) = (
                    by_code.get(row.resource.as_str()),
                    period_slot(row.period, periods),
                ) else {
                    continue;
                };
                let Some(resource) = plan.resources.get(r) else {
                    continue;
                };
                let slot = r * periods + t;
                let row_units = row.units.unwrap_or(resource.units);
                let hours = row
                    .hours_per_period
                    .unwrap_or(resource.hours_per_period * share[t]);
                available[slot] = row_units as f64 * hours * resource.efficiency;
                units[slot] = row_units;
                if let Some(hours) = row.overtime_hours {
                    overtime[slot] = hours;
                }
            }
        }
        Availability {
            periods,
            available,
            overtime,
            units,
        }
    }

    /// Number of periods in the horizon.
    pub fn periods(&self) -> usize {
        self.periods
    }

    /// Available hours of resource `r` (plan order) per period; empty for an unknown `r`.
    pub fn available(&self, r: usize) -> &[f64] {
        self.row(&self.available, r)
    }

    /// Overtime hours resource `r` may add per period (levelling, §6).
    pub fn overtime(&self, r: usize) -> &[f64] {
        self.row(&self.overtime, r)
    }

    /// Working units of resource `r` per period (a queue's servers, §2).
    pub fn units(&self, r: usize) -> &[i64] {
        self.row(&self.units, r)
    }

    fn row<'a, T>(&self, table: &'a [T], r: usize) -> &'a [T] {
        let start = r.saturating_mul(self.periods);
        table.get(start..start + self.periods).unwrap_or(&[])
    }
}

/// The 0-based slot of a 1-based period, `None` outside `1..=periods`.
fn period_slot(period: i64, periods: usize) -> Option<usize> {
    let t = usize::try_from(period).ok()?.checked_sub(1)?;
    (t < periods).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CalendarPeriod, PlanSettings, Resource, ResourcePeriod};

    /// WELD: 2 units × 40 h × 0.85 = 68 h a period. Period 2 at working share 0.8 gives
    /// 2 × 32 × 0.85 = 54.4 h; period 3 is a shutdown (share 0) = 0 h; period 4 has a
    /// maintenance row with 1 unit working (1 × 40 × 0.85 = 34 h) and no overtime.
    #[test]
    fn calendar_and_resource_periods_set_hours_per_period() {
        let plan = Plan {
            settings: PlanSettings {
                periods: 4,
                ..PlanSettings::default()
            },
            resources: vec![Resource {
                code: "WELD".into(),
                units: 2,
                hours_per_period: 40.0,
                efficiency: 0.85,
                overtime_hours_per_period: 6.0,
                ..Resource::default()
            }],
            calendar: vec![
                CalendarPeriod {
                    period: 2,
                    working_share: 0.8,
                },
                CalendarPeriod {
                    period: 3,
                    working_share: 0.0,
                },
            ],
            resource_periods: vec![ResourcePeriod {
                resource: "WELD".into(),
                period: 4,
                units: Some(1),
                hours_per_period: None,
                overtime_hours: Some(0.0),
            }],
            ..Plan::default()
        };
        let table = Availability::new(&plan);
        let hours = table.available(0);
        for (got, want) in hours.iter().zip([68.0, 54.4, 0.0, 34.0]) {
            assert!((got - want).abs() < 1e-9, "{hours:?}");
        }
        assert_eq!(table.overtime(0), &[6.0, 6.0, 6.0, 0.0]);
        assert_eq!(table.units(0), &[2, 2, 2, 1]);
        assert!(table.available(1).is_empty());
    }
}
