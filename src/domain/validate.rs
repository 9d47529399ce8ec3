//! Validation of a whole plan: every problem at once, each naming its table, row and field.

use std::fmt;

use super::calendar::is_iso_date;
use super::code_index::CodeIndex;
use super::fxhash::{FxHashMap, FxHashSet};
use super::limits::{MAX_REAL_MAGNITUDE, MIN_DIVISOR};
use super::model::{ItemKind, OrderPolicy, Plan, PlanSettings};

mod bom_graph;
mod planning_tables;

use bom_graph::BomGraph;
pub use bom_graph::bom_cycles;

/// Most problems listed in one message; the rest are counted ("and N more").
pub const MAX_LISTED_PROBLEMS: usize = 50;

/// One thing wrong with a plan, located precisely enough for the user to find and fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Table name as in DESIGN.md §1 (`items`, `bom`, …).
    pub table: &'static str,
    /// 1-based row within the table, when the problem belongs to one row.
    pub row: Option<usize>,
    /// Code (or other key) of the row, when it has one, to help the user find it.
    pub key: Option<String>,
    /// Field name as in the JSON format.
    pub field: &'static str,
    /// What is wrong, in plain words.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.table)?;
        if let Some(row) = self.row {
            write!(f, " row {row}")?;
        }
        if let Some(key) = &self.key {
            write!(f, " ({key})")?;
        }
        write!(f, ", field {}: {}", self.field, self.message)
    }
}

/// All problems found in a plan; empty when the plan is valid.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ValidationReport {
    pub problems: Vec<Problem>,
}

impl ValidationReport {
    /// True when the plan has no problem and may be analysed.
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty()
    }
}

impl fmt::Display for ValidationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "the plan has {n} problem{}:",
            if n == 1 { "" } else { "s" }
        )?;
        for problem in self.problems.iter().take(MAX_LISTED_PROBLEMS) {
            write!(f, "\n  {problem}")?;
        }
        if n > MAX_LISTED_PROBLEMS {
            write!(f, "\n  and {} more", n - MAX_LISTED_PROBLEMS)?;
        }
        Ok(())
    }
}

/// Largest horizon accepted, to keep per-period tables bounded.
pub const MAX_PERIODS: i64 = 10_000;

/// Longest lead time accepted, in periods (DESIGN.md §1), so release periods stay bounded.
pub const MAX_LEAD_TIME: i64 = 10_000;

/// Earliest past period of history and shop-floor logs (DESIGN.md §1); 0 is the period just
/// before period 1.
pub const EARLIEST_PAST_PERIOD: i64 = -10_000;

/// Checks every rule of DESIGN.md §1 and returns all problems found.
pub fn validate(plan: &Plan) -> ValidationReport {
    let mut check = Checker::default();
    check.settings(&plan.settings);
    let items = check.unique_codes("items", plan.items.iter().map(|i| i.code.as_str()));
    let resources = check.unique_codes("resources", plan.resources.iter().map(|r| r.code.as_str()));
    let characteristics = check.unique_codes(
        "characteristics",
        plan.characteristics.iter().map(|c| c.code.as_str()),
    );
    let queues = check.unique_codes("queues", plan.queues.iter().map(|q| q.code.as_str()));
    let refs = Refs {
        items,
        resources,
        characteristics,
        queues,
        periods: plan.settings.periods,
    };
    check.items(plan);
    check.bom(plan, &refs);
    check.resources(plan);
    check.routing(plan, &refs);
    check.demand(plan, &refs);
    check.quality(plan, &refs);
    check.queues(plan, &refs);
    check.receipts(plan, &refs);
    check.master_schedule(plan, &refs);
    check.calendar(plan, &refs);
    check.resource_periods(plan, &refs);
    check.history(plan, &refs);
    check.forecast_settings(plan, &refs);
    check.production_log(plan, &refs);
    check.downtime(plan, &refs);
    check.scenarios(plan);
    check
        .problems
        .extend(super::limits::magnitude_problems(plan));
    ValidationReport {
        problems: check.problems,
    }
}

/// Codes known in the plan, for reference checks.
struct Refs {
    items: CodeIndex,
    resources: CodeIndex,
    characteristics: CodeIndex,
    queues: CodeIndex,
    periods: i64,
}

/// The owner of a row in a duplicate check: its row number when the code is known, so that the
/// check hashes an integer, or the unknown code itself (already reported as unknown).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Owner<'a> {
    Known(usize),
    Unknown(&'a str),
}

impl<'a> Owner<'a> {
    fn of(number: Option<usize>, code: &'a str) -> Self {
        number.map_or(Owner::Unknown(code), Owner::Known)
    }
}

/// Collects problems while walking the tables.
#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
}

/// Where a value sits: table, 1-based row and the row's key.
#[derive(Clone, Copy)]
struct At<'a> {
    table: &'static str,
    row: usize,
    key: RowKey<'a>,
}

/// The key of a row, kept as borrowed parts: the text is only built when a problem is reported,
/// so that a valid plan of a million rows does not format a million keys.
#[derive(Clone, Copy)]
pub(super) enum RowKey<'a> {
    /// The row's own code (no key when empty).
    Code(&'a str),
    /// Two parts and the words between them, such as `BIKE → FRAME` or `BIKE lot L1`.
    Joined(&'a str, &'static str, &'a str),
    /// A code, words and a number, such as `BIKE step 10` or `BIKE period 3`.
    Numbered(&'a str, &'static str, i64),
}

impl RowKey<'_> {
    /// The key as shown to the user; `None` for an empty code.
    pub(super) fn text(self) -> Option<String> {
        match self {
            RowKey::Code(code) => (!code.is_empty()).then(|| code.to_string()),
            RowKey::Joined(first, between, second) => Some(format!("{first}{between}{second}")),
            RowKey::Numbered(code, between, number) => Some(format!("{code}{between}{number}")),
        }
    }
}

impl<'a> At<'a> {
    /// A row keyed by its own code.
    fn new(table: &'static str, index: usize, code: &'a str) -> Self {
        Self::keyed(table, index, RowKey::Code(code))
    }

    /// A row keyed by a composite key.
    fn keyed(table: &'static str, index: usize, key: RowKey<'a>) -> Self {
        At {
            table,
            row: index + 1,
            key,
        }
    }
}

impl Checker {
    fn push(&mut self, at: At<'_>, field: &'static str, message: impl Into<String>) {
        self.problems.push(Problem {
            table: at.table,
            row: Some(at.row),
            key: at.key.text(),
            field,
            message: message.into(),
        });
    }

    /// Checks that a real number is finite, and within ±[`MAX_REAL_MAGNITUDE`] (a number beyond
    /// it is reported, and its other rules still checked). Every real-number rule starts here.
    fn finite(&mut self, at: At<'_>, field: &'static str, value: f64) -> bool {
        if !value.is_finite() {
            self.push(at, field, format!("{value} is not a finite number"));
            return false;
        }
        if value.abs() > MAX_REAL_MAGNITUDE {
            self.push(
                at,
                field,
                format!(
                    "{value:e} is beyond ±{MAX_REAL_MAGNITUDE:e}, the largest magnitude a number \
                     in a plan may have"
                ),
            );
        }
        true
    }

    /// Checks that a number the analytics divide by is 0 or at least [`MIN_DIVISOR`]; its other
    /// rules (sign, range) are checked beside this one.
    fn divisor(&mut self, at: At<'_>, field: &'static str, value: f64) {
        if value > 0.0 && value < MIN_DIVISOR {
            self.push(
                at,
                field,
                format!(
                    "{value:e} is below {MIN_DIVISOR:e}, the smallest positive value it may have \
                     (results are divided by it)"
                ),
            );
        }
    }

    fn non_negative(&mut self, at: At<'_>, field: &'static str, value: f64) {
        if self.finite(at, field, value) && value < 0.0 {
            self.push(at, field, format!("must be ≥ 0, is {value}"));
        }
    }

    fn positive(&mut self, at: At<'_>, field: &'static str, value: f64) {
        if self.finite(at, field, value) && value <= 0.0 {
            self.push(at, field, format!("must be > 0, is {value}"));
        }
    }

    /// Checks a share in (0, 1], such as a yield or an efficiency.
    fn share(&mut self, at: At<'_>, field: &'static str, value: f64) {
        if self.finite(at, field, value) && !(value > 0.0 && value <= 1.0) {
            self.push(at, field, format!("must be in (0, 1], is {value}"));
        }
    }

    /// Checks a share in (0, 1), open at both ends, such as a smoothing constant.
    fn open_share(&mut self, at: At<'_>, field: &'static str, value: f64) {
        if self.finite(at, field, value) && !(value > 0.0 && value < 1.0) {
            self.push(at, field, format!("must be in (0, 1), is {value}"));
        }
    }

    /// Checks a whole number against a lower bound (`units ≥ 1`, `window ≥ 1`, …).
    fn integer_at_least(&mut self, at: At<'_>, field: &'static str, value: i64, least: i64) {
        if value < least {
            self.push(
                at,
                field,
                format!("must be an integer ≥ {least}, is {value}"),
            );
        }
    }

    /// Checks a past period: between [`EARLIEST_PAST_PERIOD`] and `latest`.
    fn past_period(&mut self, at: At<'_>, period: i64, latest: Option<i64>) {
        match latest {
            Some(latest) if period < EARLIEST_PAST_PERIOD || period > latest => self.push(
                at,
                "period",
                format!(
                    "must be between {EARLIEST_PAST_PERIOD} and {latest} (0 is the period just \
                     before period 1), is {period}"
                ),
            ),
            None if period < EARLIEST_PAST_PERIOD => self.push(
                at,
                "period",
                format!("must be ≥ {EARLIEST_PAST_PERIOD}, is {period}"),
            ),
            _ => {}
        }
    }

    fn period(&mut self, at: At<'_>, period: i64, periods: i64) {
        if period < 1 || period > periods {
            self.push(
                at,
                "period",
                format!("{period} is outside the horizon 1..{periods}"),
            );
        }
    }

    fn reference(
        &mut self,
        at: At<'_>,
        field: &'static str,
        code: &str,
        known: &CodeIndex,
        what: &str,
    ) {
        self.resolved(at, field, code, known.get(code), what);
    }

    /// Reports a reference whose code was looked up already (`number` is `None` when unknown).
    fn resolved(
        &mut self,
        at: At<'_>,
        field: &'static str,
        code: &str,
        number: Option<usize>,
        what: &str,
    ) {
        if number.is_none() {
            self.push(at, field, format!("unknown {what} \"{code}\""));
        }
    }

    fn non_empty(&mut self, at: At<'_>, field: &'static str, text: &str) {
        if text.trim().is_empty() {
            self.push(at, field, "must not be empty");
        }
    }

    fn settings(&mut self, settings: &PlanSettings) {
        let at = At::new("plan", 0, "");
        self.non_empty(at, "name", &settings.name);
        self.non_empty(at, "currency", &settings.currency);
        if settings.periods < 1 || settings.periods > MAX_PERIODS {
            self.push(
                at,
                "periods",
                format!(
                    "must be between 1 and {MAX_PERIODS}, is {}",
                    settings.periods
                ),
            );
        }
        if let Some(per_year) = settings.periods_per_year {
            self.positive(at, "periods_per_year", per_year);
            self.divisor(at, "periods_per_year", per_year);
        }
        self.non_negative(at, "holding_rate", settings.holding_rate);
        self.positive(at, "backorder_factor", settings.backorder_factor);
        if let Some(date) = &settings.start_date
            && !is_iso_date(date)
        {
            self.push(
                at,
                "start_date",
                format!("\"{date}\" is not an ISO date (YYYY-MM-DD)"),
            );
        }
    }

    /// Reports empty and duplicate codes of a table; returns the set of codes.
    fn unique_codes<'a>(
        &mut self,
        table: &'static str,
        codes: impl Iterator<Item = &'a str>,
    ) -> CodeIndex {
        let mut seen = CodeIndex::with_capacity(codes.size_hint().0);
        for (index, code) in codes.enumerate() {
            let at = At::new(table, index, code);
            if code.trim().is_empty() {
                self.push(at, "code", "must not be empty");
            } else if !seen.insert(code, index) {
                self.push(at, "code", format!("duplicate code \"{code}\""));
            }
        }
        seen
    }

    fn items(&mut self, plan: &Plan) {
        for (index, item) in plan.items.iter().enumerate() {
            let at = At::new("items", index, &item.code);
            self.non_negative(at, "price", item.price);
            self.non_negative(at, "purchase_cost", item.purchase_cost);
            if let Some(lot) = item.lot_size {
                self.positive(at, "lot_size", lot);
                self.divisor(at, "lot_size", lot);
            }
            self.item_planning(at, item);
        }
    }

    /// The material-planning fields of one item (DESIGN.md §1, §5).
    fn item_planning(&mut self, at: At<'_>, item: &super::model::Item) {
        self.non_negative(at, "on_hand", item.on_hand);
        self.non_negative(at, "safety_stock", item.safety_stock);
        if !(0..=MAX_LEAD_TIME).contains(&item.lead_time) {
            self.push(
                at,
                "lead_time",
                format!(
                    "must be a whole number of periods between 0 and {MAX_LEAD_TIME}, is {}",
                    item.lead_time
                ),
            );
        }
        match item.order_qty {
            Some(qty) => {
                self.positive(at, "order_qty", qty);
                self.divisor(at, "order_qty", qty);
            }
            None if item.order_policy == OrderPolicy::Fixed => self.push(
                at,
                "order_qty",
                "is required by order_policy fixed (the quantity of each order)",
            ),
            None => {}
        }
        match item.order_periods {
            Some(periods) => self.integer_at_least(at, "order_periods", periods, 1),
            None if item.order_policy == OrderPolicy::Poq => self.push(
                at,
                "order_periods",
                "is required by order_policy poq (the periods one order covers)",
            ),
            None => {}
        }
        self.non_negative(at, "order_min", item.order_min);
        if let Some(multiple) = item.order_multiple {
            self.positive(at, "order_multiple", multiple);
            self.divisor(at, "order_multiple", multiple);
        }
        self.non_negative(at, "order_cost", item.order_cost);
        if let Some(cost) = item.backorder_cost {
            self.non_negative(at, "backorder_cost", cost);
        }
        if item.kind == ItemKind::Service {
            self.service_stock(at, item);
        }
    }

    /// A service holds no stock and is ordered exactly as needed.
    fn service_stock(&mut self, at: At<'_>, item: &super::model::Item) {
        for (field, value) in [
            ("on_hand", item.on_hand),
            ("safety_stock", item.safety_stock),
            ("order_min", item.order_min),
        ] {
            // A non-finite value is reported once, by the number check of the field.
            if value.is_finite() && value != 0.0 {
                self.push(
                    at,
                    field,
                    format!("must be 0 for a service (a service holds no stock), is {value}"),
                );
            }
        }
        if item.order_policy != OrderPolicy::LotForLot {
            self.push(
                at,
                "order_policy",
                format!(
                    "must be lot_for_lot for a service (a service holds no stock), is {}",
                    item.order_policy.as_str()
                ),
            );
        }
        if let Some(multiple) = item.order_multiple {
            self.push(
                at,
                "order_multiple",
                format!("must be empty for a service (a service holds no stock), is {multiple}"),
            );
        }
    }

    fn bom(&mut self, plan: &Plan, refs: &Refs) {
        let graph = BomGraph::new(plan, &refs.items);
        let mut pairs = with_room(plan.bom.len());
        for ((index, line), &(parent, child)) in plan.bom.iter().enumerate().zip(&graph.lines) {
            let at = At::keyed(
                "bom",
                index,
                RowKey::Joined(&line.parent, " → ", &line.child),
            );
            self.resolved(at, "parent", &line.parent, graph.item(parent), "item");
            self.resolved(at, "child", &line.child, graph.item(child), "item");
            self.positive(at, "qty", line.qty);
            if parent == child {
                self.push(at, "child", "an item cannot be its own component");
            } else if !pairs.insert((parent, child)) {
                self.push(at, "child", "duplicate (parent, child) line");
            }
        }
        for cycle in graph.cycles() {
            self.problems.push(Problem {
                table: "bom",
                row: None,
                key: None,
                field: "child",
                message: format!("cycle in the bill of materials: {}", cycle.join(" → ")),
            });
        }
    }

    fn resources(&mut self, plan: &Plan) {
        for (index, res) in plan.resources.iter().enumerate() {
            let at = At::new("resources", index, &res.code);
            if res.units < 1 {
                self.push(
                    at,
                    "units",
                    format!("must be an integer ≥ 1, is {}", res.units),
                );
            }
            self.positive(at, "hours_per_period", res.hours_per_period);
            self.divisor(at, "hours_per_period", res.hours_per_period);
            self.share(at, "efficiency", res.efficiency);
            self.divisor(at, "efficiency", res.efficiency);
            self.non_negative(at, "cost_per_hour", res.cost_per_hour);
            self.non_negative(at, "fixed_cost_per_period", res.fixed_cost_per_period);
            self.non_negative(at, "capital_cost", res.capital_cost);
            self.positive(at, "life_years", res.life_years);
            self.divisor(at, "life_years", res.life_years);
            self.non_negative(
                at,
                "overtime_hours_per_period",
                res.overtime_hours_per_period,
            );
            if let Some(premium) = res.overtime_premium_per_hour {
                self.non_negative(at, "overtime_premium_per_hour", premium);
            }
        }
    }

    fn routing(&mut self, plan: &Plan, refs: &Refs) {
        let items = refs
            .items
            .resolve_runs(plan.routing.iter().map(|s| s.item.as_str()));
        let mut steps = with_room(plan.routing.len());
        for ((index, step), item) in plan.routing.iter().enumerate().zip(items) {
            let at = At::keyed(
                "routing",
                index,
                RowKey::Numbered(&step.item, " step ", step.seq),
            );
            self.resolved(at, "item", &step.item, item, "item");
            self.reference(at, "resource", &step.resource, &refs.resources, "resource");
            if !steps.insert((Owner::of(item, &step.item), step.seq)) {
                self.push(
                    at,
                    "seq",
                    format!("duplicate step {} of item \"{}\"", step.seq, step.item),
                );
            }
            self.non_negative(at, "setup_min", step.setup_min);
            self.non_negative(at, "run_min", step.run_min);
            self.share(at, "yield", step.yield_);
            self.divisor(at, "yield", step.yield_);
        }
    }

    fn demand(&mut self, plan: &Plan, refs: &Refs) {
        let items = refs
            .items
            .resolve_runs(plan.demand.iter().map(|d| d.item.as_str()));
        let mut seen = with_room(plan.demand.len());
        for ((index, row), item) in plan.demand.iter().enumerate().zip(items) {
            let at = At::keyed(
                "demand",
                index,
                RowKey::Numbered(&row.item, " period ", row.period),
            );
            self.resolved(at, "item", &row.item, item, "item");
            self.period(at, row.period, refs.periods);
            self.non_negative(at, "qty", row.qty);
            if !seen.insert((Owner::of(item, &row.item), row.period)) {
                self.push(at, "period", "duplicate (item, period) demand");
            }
        }
    }

    fn quality(&mut self, plan: &Plan, refs: &Refs) {
        for (index, ch) in plan.characteristics.iter().enumerate() {
            let at = At::new("characteristics", index, &ch.code);
            self.reference(at, "item", &ch.item, &refs.items, "item");
            for (field, value) in [("lsl", ch.lsl), ("target", ch.target), ("usl", ch.usl)] {
                if let Some(value) = value {
                    self.finite(at, field, value);
                }
            }
            if let (Some(lsl), Some(usl)) = (ch.lsl, ch.usl)
                && lsl >= usl
            {
                self.push(at, "usl", format!("must be above lsl ({lsl}), is {usl}"));
            }
        }
        self.measurements(plan, refs);
        for (index, limit) in plan.control_limits.iter().enumerate() {
            let at = At::new("control_limits", index, &limit.characteristic);
            self.reference(
                at,
                "characteristic",
                &limit.characteristic,
                &refs.characteristics,
                "characteristic",
            );
            if limit.from_subgroup > limit.to_subgroup {
                self.push(
                    at,
                    "to_subgroup",
                    format!(
                        "must be ≥ from_subgroup ({}), is {}",
                        limit.from_subgroup, limit.to_subgroup
                    ),
                );
            }
        }
        let mut with_settings = FxHashSet::default();
        for (index, s) in plan.chart_settings.iter().enumerate() {
            let at = At::new("chart_settings", index, &s.characteristic);
            self.reference(
                at,
                "characteristic",
                &s.characteristic,
                &refs.characteristics,
                "characteristic",
            );
            if !with_settings.insert(s.characteristic.as_str()) {
                self.push(
                    at,
                    "characteristic",
                    "duplicate settings for this characteristic",
                );
            }
            self.share(at, "ewma_lambda", s.ewma_lambda);
            self.positive(at, "ewma_l", s.ewma_l);
            self.non_negative(at, "cusum_k", s.cusum_k);
            self.positive(at, "cusum_h", s.cusum_h);
            if let Some(center) = s.center {
                self.finite(at, "center", center);
            }
            if let Some(sigma) = s.sigma {
                self.positive(at, "sigma", sigma);
                self.divisor(at, "sigma", sigma);
            }
        }
        for (index, row) in plan.inspections.iter().enumerate() {
            let at = At::keyed(
                "inspections",
                index,
                RowKey::Joined(&row.item, " lot ", &row.lot),
            );
            self.reference(at, "item", &row.item, &refs.items, "item");
            if row.inspected < 1 {
                self.push(
                    at,
                    "inspected",
                    format!("must be > 0, is {}", row.inspected),
                );
            }
            if row.defective < 0 || row.defective > row.inspected {
                self.push(
                    at,
                    "defective",
                    format!(
                        "must be between 0 and inspected ({}), is {}",
                        row.inspected, row.defective
                    ),
                );
            }
        }
        for (index, row) in plan.defects.iter().enumerate() {
            let at = At::keyed(
                "defects",
                index,
                RowKey::Joined(&row.item, " lot ", &row.lot),
            );
            self.reference(at, "item", &row.item, &refs.items, "item");
            self.non_empty(at, "type", &row.defect_type);
            if row.count < 0 {
                self.push(at, "count", format!("must be ≥ 0, is {}", row.count));
            }
        }
    }

    fn measurements(&mut self, plan: &Plan, refs: &Refs) {
        // Subgroup sizes per characteristic, to find size-1 subgroups mixed with larger ones.
        let mut sizes: FxHashMap<(&str, i64), usize> = FxHashMap::default();
        for (index, m) in plan.measurements.iter().enumerate() {
            let at = At::new("measurements", index, &m.characteristic);
            self.reference(
                at,
                "characteristic",
                &m.characteristic,
                &refs.characteristics,
                "characteristic",
            );
            self.finite(at, "value", m.value);
            *sizes
                .entry((m.characteristic.as_str(), m.subgroup))
                .or_default() += 1;
        }
        let mut singles: FxHashMap<&str, (i64, bool)> = FxHashMap::default();
        for (&(ch, subgroup), &size) in &sizes {
            let entry = singles.entry(ch).or_insert((i64::MAX, false));
            if size == 1 {
                entry.0 = entry.0.min(subgroup);
            } else {
                entry.1 = true;
            }
        }
        let mut mixed: Vec<(&str, i64)> = singles
            .into_iter()
            .filter(|(_, (single, larger))| *larger && *single != i64::MAX)
            .map(|(ch, (single, _))| (ch, single))
            .collect();
        mixed.sort();
        for (ch, subgroup) in mixed {
            self.problems.push(Problem {
                table: "measurements",
                row: None,
                key: Some(ch.to_string()),
                field: "subgroup",
                message: format!("subgroup {subgroup} has a single value while other subgroups have several; use one size-1 series (individuals) or subgroups of 2 or more"),
            });
        }
    }

    fn queues(&mut self, plan: &Plan, refs: &Refs) {
        for (index, q) in plan.queues.iter().enumerate() {
            let at = At::new("queues", index, &q.code);
            self.reference(at, "resource", &q.resource, &refs.resources, "resource");
            self.positive(at, "arrival_per_hour", q.arrival_per_hour);
            self.positive(at, "service_min", q.service_min);
            self.divisor(at, "service_min", q.service_min);
            self.non_negative(at, "target_wait_min", q.target_wait_min);
            if self.finite(at, "target_service_level", q.target_service_level)
                && !(q.target_service_level > 0.0 && q.target_service_level < 1.0)
            {
                self.push(
                    at,
                    "target_service_level",
                    format!("must be in (0, 1), is {}", q.target_service_level),
                );
            }
        }
        let mut seen = FxHashSet::default();
        for (index, row) in plan.queue_arrivals.iter().enumerate() {
            let at = At::keyed(
                "queue_arrivals",
                index,
                RowKey::Numbered(&row.queue, " period ", row.period),
            );
            self.reference(at, "queue", &row.queue, &refs.queues, "queue");
            self.period(at, row.period, refs.periods);
            self.non_negative(at, "arrival_per_hour", row.arrival_per_hour);
            if !seen.insert((row.queue.as_str(), row.period)) {
                self.push(at, "period", "duplicate (queue, period) arrivals");
            }
        }
    }

    fn scenarios(&mut self, plan: &Plan) {
        let mut names = FxHashSet::default();
        for (index, scenario) in plan.scenarios.iter().enumerate() {
            let at = At::new("scenarios", index, &scenario.name);
            if scenario.name.trim().is_empty() {
                self.push(at, "name", "must not be empty");
            } else if !names.insert(scenario.name.as_str()) {
                self.push(
                    at,
                    "name",
                    format!("duplicate scenario \"{}\"", scenario.name),
                );
            }
            if !scenario.plan.scenarios.is_empty() {
                self.push(at, "plan", "a scenario cannot hold scenarios of its own");
            }
        }
    }
}

/// An empty set with room for `rows` keys, so that a large table is not rehashed while it grows.
fn with_room<T>(rows: usize) -> FxHashSet<T> {
    FxHashSet::with_capacity_and_hasher(rows, Default::default())
}

#[cfg(test)]
mod tests;
