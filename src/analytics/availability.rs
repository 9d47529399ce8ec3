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
    /// The plan calendar's working share per period.
    working_share: Vec<f64>,
    /// Whether a resource_periods row sets the units or hours of the slot.
    row_sets_hours: Vec<bool>,
}

/// Why a period of a resource has fewer hours than a normal one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reduction {
    /// No hours at all: the calendar's working share is 0 or the resource's row leaves none.
    Shutdown,
    /// A resource_periods row of the resource sets fewer units or hours (maintenance, a shift
    /// less).
    Maintenance,
    /// The plan calendar's working share is below 1 (a holiday) and no row of the resource sets
    /// its hours.
    Holiday,
}

impl Reduction {
    /// The word the Capacity page shows: `shutdown`, `maintenance` or `holiday`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reduction::Shutdown => "shutdown",
            Reduction::Maintenance => "maintenance",
            Reduction::Holiday => "holiday",
        }
    }
}

/// A period in which a resource has fewer hours than in a normal one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReducedPeriod {
    /// 1-based period.
    pub period: i64,
    /// Why the hours are lower.
    pub reduction: Reduction,
    /// The plan calendar's working share in the period (1 without a calendar row).
    pub working_share: f64,
    /// Hours available in the period.
    pub available: f64,
    /// Hours of a normal period: `units · hours_per_period · efficiency` of the resource.
    pub normal: f64,
}

/// Shares below `1 − this` count as reduced (floating point noise is not a holiday).
const REDUCED_TOLERANCE: f64 = 1e-9;

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
        let mut row_sets_hours = vec![false; resource_count * periods];
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
                row_sets_hours[slot] = row.units.is_some() || row.hours_per_period.is_some();
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
            working_share: share,
            row_sets_hours,
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

    /// The periods in which resource `r` has fewer hours than `normal` (its hours in a normal
    /// period), in period order.
    ///
    /// The rule: a period is reduced when its available hours are below `normal`. It is a
    /// `Shutdown` when none are left, else `Maintenance` when a resource_periods row of the
    /// resource sets its units or hours, else a `Holiday` (the calendar's working share is below
    /// 1). Periods with more hours than normal (an extra shift) are not listed.
    pub fn reduced_periods(&self, r: usize, normal: f64) -> Vec<ReducedPeriod> {
        let sets_hours = self.row(&self.row_sets_hours, r);
        self.available(r)
            .iter()
            .zip(sets_hours)
            .zip(&self.working_share)
            .enumerate()
            .filter(|(_, ((available, _), _))| **available < normal * (1.0 - REDUCED_TOLERANCE))
            .map(|(t, ((&available, &row), &working_share))| {
                let reduction = if available <= 0.0 {
                    Reduction::Shutdown
                } else if row {
                    Reduction::Maintenance
                } else {
                    Reduction::Holiday
                };
                ReducedPeriod {
                    period: t as i64 + 1,
                    reduction,
                    working_share,
                    available,
                    normal,
                }
            })
            .collect()
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

    /// PRESS: 1 unit × 40 h × 0.5 = 20 h a normal period, 3 h of overtime. Period 1 normal;
    /// period 2 at calendar 0.8 with a row that only sets overtime (1 × 32 × 0.5 = 16 h:
    /// holiday); period 3 at calendar 0.8 with a row of 36 h (1 × 36 × 0.5 = 18 h: maintenance,
    /// the row's hours replace the calendar's); period 4 a row with 0 hours (shutdown); period 5
    /// a row of 48 h (24 h, more than normal: not listed); period 6 calendar 0 (shutdown).
    #[test]
    fn reduced_periods_name_holiday_maintenance_and_shutdown() {
        let row = |period: i64, hours: Option<f64>, overtime: Option<f64>| ResourcePeriod {
            resource: "PRESS".into(),
            period,
            units: None,
            hours_per_period: hours,
            overtime_hours: overtime,
        };
        let share = |period: i64, working_share: f64| CalendarPeriod {
            period,
            working_share,
        };
        let plan = Plan {
            settings: PlanSettings {
                periods: 6,
                ..PlanSettings::default()
            },
            resources: vec![Resource {
                code: "PRESS".into(),
                hours_per_period: 40.0,
                efficiency: 0.5,
                overtime_hours_per_period: 3.0,
                ..Resource::default()
            }],
            calendar: vec![share(2, 0.8), share(3, 0.8), share(6, 0.0)],
            resource_periods: vec![
                row(2, None, Some(1.0)),
                row(3, Some(36.0), None),
                row(4, Some(0.0), None),
                row(5, Some(48.0), None),
            ],
            ..Plan::default()
        };
        let table = Availability::new(&plan);
        assert_eq!(table.overtime(0), &[3.0, 1.0, 3.0, 3.0, 3.0, 3.0]);
        let reduced = table.reduced_periods(0, 20.0);
        let listed: Vec<(i64, Reduction, f64)> = reduced
            .iter()
            .map(|p| (p.period, p.reduction, p.working_share))
            .collect();
        assert_eq!(
            listed,
            vec![
                (2, Reduction::Holiday, 0.8),
                (3, Reduction::Maintenance, 0.8),
                (4, Reduction::Shutdown, 1.0),
                (6, Reduction::Shutdown, 0.0),
            ]
        );
        let hours: Vec<f64> = reduced.iter().map(|p| p.available).collect();
        for (got, want) in hours.iter().zip([16.0, 18.0, 0.0, 0.0]) {
            assert!((got - want).abs() < 1e-9, "{hours:?}");
        }
        assert!(reduced.iter().all(|p| p.normal == 20.0));
        assert!(table.reduced_periods(1, 20.0).is_empty());
    }
}
