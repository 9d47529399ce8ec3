//! Checks of the time-phased planning tables (DESIGN.md §1): scheduled receipts, the master
//! schedule, the calendar and resource periods, demand history and forecast settings, and the
//! shop-floor log and downtime of OEE.

use super::{At, Checker, Owner, Refs, RowKey, with_room};
use crate::domain::model::{ItemKind, Plan};

impl Checker {
    pub(super) fn receipts(&mut self, plan: &Plan, refs: &Refs) {
        let items = refs
            .items
            .resolve_runs(plan.receipts.iter().map(|r| r.item.as_str()));
        for ((index, row), item) in plan.receipts.iter().enumerate().zip(items) {
            let at = At::keyed(
                "receipts",
                index,
                RowKey::Numbered(&row.item, " period ", row.period),
            );
            self.resolved(at, "item", &row.item, item, "item");
            if item.and_then(|i| plan.items.get(i)).map(|i| i.kind) == Some(ItemKind::Service) {
                self.push(
                    at,
                    "item",
                    format!(
                        "\"{}\" is a service; a service has no scheduled receipts",
                        row.item
                    ),
                );
            }
            self.period(at, row.period, refs.periods);
            self.positive(at, "qty", row.qty);
        }
    }

    pub(super) fn master_schedule(&mut self, plan: &Plan, refs: &Refs) {
        let items = refs
            .items
            .resolve_runs(plan.master_schedule.iter().map(|r| r.item.as_str()));
        let mut seen = with_room(plan.master_schedule.len());
        for ((index, row), item) in plan.master_schedule.iter().enumerate().zip(items) {
            let at = At::keyed(
                "master_schedule",
                index,
                RowKey::Numbered(&row.item, " period ", row.period),
            );
            self.resolved(at, "item", &row.item, item, "item");
            self.period(at, row.period, refs.periods);
            self.non_negative(at, "qty", row.qty);
            if !seen.insert((Owner::of(item, &row.item), row.period)) {
                self.push(at, "period", "duplicate (item, period) master schedule row");
            }
        }
    }

    pub(super) fn calendar(&mut self, plan: &Plan, refs: &Refs) {
        let mut seen = with_room(plan.calendar.len());
        for (index, row) in plan.calendar.iter().enumerate() {
            let at = At::keyed(
                "calendar",
                index,
                RowKey::Numbered("", "period ", row.period),
            );
            self.period(at, row.period, refs.periods);
            self.non_negative(at, "working_share", row.working_share);
            self.divisor(at, "working_share", row.working_share);
            if !seen.insert(row.period) {
                self.push(at, "period", "duplicate calendar period");
            }
        }
    }

    pub(super) fn resource_periods(&mut self, plan: &Plan, refs: &Refs) {
        let resources = refs
            .resources
            .resolve_runs(plan.resource_periods.iter().map(|r| r.resource.as_str()));
        let mut seen = with_room(plan.resource_periods.len());
        for ((index, row), resource) in plan.resource_periods.iter().enumerate().zip(resources) {
            let at = At::keyed(
                "resource_periods",
                index,
                RowKey::Numbered(&row.resource, " period ", row.period),
            );
            self.resolved(at, "resource", &row.resource, resource, "resource");
            self.period(at, row.period, refs.periods);
            if let Some(units) = row.units {
                self.integer_at_least(at, "units", units, 0);
            }
            if let Some(hours) = row.hours_per_period {
                self.non_negative(at, "hours_per_period", hours);
                self.divisor(at, "hours_per_period", hours);
            }
            if let Some(hours) = row.overtime_hours {
                self.non_negative(at, "overtime_hours", hours);
            }
            if !seen.insert((Owner::of(resource, &row.resource), row.period)) {
                self.push(at, "period", "duplicate (resource, period) row");
            }
        }
    }

    pub(super) fn history(&mut self, plan: &Plan, refs: &Refs) {
        let items = refs
            .items
            .resolve_runs(plan.history.iter().map(|r| r.item.as_str()));
        let mut seen = with_room(plan.history.len());
        for ((index, row), item) in plan.history.iter().enumerate().zip(items) {
            let at = At::keyed(
                "history",
                index,
                RowKey::Numbered(&row.item, " period ", row.period),
            );
            self.resolved(at, "item", &row.item, item, "item");
            self.past_period(at, row.period, Some(0));
            self.non_negative(at, "qty", row.qty);
            if !seen.insert((Owner::of(item, &row.item), row.period)) {
                self.push(at, "period", "duplicate (item, period) history");
            }
        }
    }

    pub(super) fn forecast_settings(&mut self, plan: &Plan, refs: &Refs) {
        let mut seen = with_room(plan.forecast_settings.len());
        for (index, row) in plan.forecast_settings.iter().enumerate() {
            let at = At::new("forecast_settings", index, &row.item);
            let item = refs.items.get(&row.item);
            self.resolved(at, "item", &row.item, item, "item");
            if !seen.insert(Owner::of(item, &row.item)) {
                self.push(at, "item", "duplicate forecast settings for this item");
            }
            self.integer_at_least(at, "window", row.window, 1);
            for (field, value) in [
                ("alpha", row.alpha),
                ("beta", row.beta),
                ("gamma", row.gamma),
            ] {
                if let Some(value) = value {
                    self.open_share(at, field, value);
                }
            }
            self.share(at, "phi", row.phi);
            if let Some(season) = row.season_length {
                self.integer_at_least(at, "season_length", season, 2);
            }
        }
    }

    pub(super) fn production_log(&mut self, plan: &Plan, refs: &Refs) {
        let resources = refs
            .resources
            .resolve_runs(plan.production_log.iter().map(|r| r.resource.as_str()));
        let mut items = refs.items.runs();
        for ((index, row), resource) in plan.production_log.iter().enumerate().zip(resources) {
            let at = At::keyed(
                "production_log",
                index,
                RowKey::Numbered(&row.resource, " period ", row.period),
            );
            self.resolved(at, "resource", &row.resource, resource, "resource");
            self.past_period(at, row.period, None);
            if let Some(code) = &row.item {
                let item = items.get(code);
                self.resolved(at, "item", code, item, "item");
            }
            self.positive(at, "planned_min", row.planned_min);
            self.divisor(at, "planned_min", row.planned_min);
            let planned_is_valid = row.planned_min.is_finite() && row.planned_min > 0.0;
            if !planned_is_valid {
                // Held against an invalid planned_min (reported above), only the sign matters.
                self.non_negative(at, "downtime_min", row.downtime_min);
            } else if self.finite(at, "downtime_min", row.downtime_min)
                && !(row.downtime_min >= 0.0 && row.downtime_min <= row.planned_min)
            {
                self.push(
                    at,
                    "downtime_min",
                    format!(
                        "must be between 0 and planned_min ({}), is {}",
                        row.planned_min, row.downtime_min
                    ),
                );
            }
            self.positive(at, "ideal_cycle_min", row.ideal_cycle_min);
            self.divisor(at, "ideal_cycle_min", row.ideal_cycle_min);
            self.integer_at_least(at, "total_count", row.total_count, 0);
            if let Some(good) = row.good_count
                && !(0..=row.total_count.max(0)).contains(&good)
            {
                self.push(
                    at,
                    "good_count",
                    format!(
                        "must be between 0 and total_count ({}), is {good}",
                        row.total_count
                    ),
                );
            }
        }
    }

    pub(super) fn downtime(&mut self, plan: &Plan, refs: &Refs) {
        let resources = refs
            .resources
            .resolve_runs(plan.downtime.iter().map(|r| r.resource.as_str()));
        for ((index, row), resource) in plan.downtime.iter().enumerate().zip(resources) {
            let at = At::keyed(
                "downtime",
                index,
                RowKey::Numbered(&row.resource, " period ", row.period),
            );
            self.resolved(at, "resource", &row.resource, resource, "resource");
            self.past_period(at, row.period, None);
            self.non_empty(at, "reason", &row.reason);
            self.positive(at, "minutes", row.minutes);
        }
    }
}
