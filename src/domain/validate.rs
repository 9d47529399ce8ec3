//! Validation of a whole plan: every problem at once, each naming its table, row and field.

use std::fmt;

use super::calendar::is_iso_date;
use super::code_index::CodeIndex;
use super::fxhash::{FxHashMap, FxHashSet};
use super::grouping::{owner_offsets, rows_by_owner};
use super::model::{ItemKind, OrderPolicy, Plan, PlanSettings};

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
struct Refs<'a> {
    items: CodeIndex<'a>,
    resources: CodeIndex<'a>,
    characteristics: CodeIndex<'a>,
    queues: CodeIndex<'a>,
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
enum RowKey<'a> {
    /// The row's own code (no key when empty).
    Code(&'a str),
    /// Two parts and the words between them, such as `BIKE → FRAME` or `BIKE lot L1`.
    Joined(&'a str, &'static str, &'a str),
    /// A code, words and a number, such as `BIKE step 10` or `BIKE period 3`.
    Numbered(&'a str, &'static str, i64),
}

impl RowKey<'_> {
    /// The key as shown to the user; `None` for an empty code.
    fn text(self) -> Option<String> {
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

    fn finite(&mut self, at: At<'_>, field: &'static str, value: f64) -> bool {
        if value.is_finite() {
            true
        } else {
            self.push(at, field, format!("{value} is not a finite number"));
            false
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
        known: &CodeIndex<'_>,
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
    ) -> CodeIndex<'a> {
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
            Some(qty) => self.positive(at, "order_qty", qty),
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

    fn bom(&mut self, plan: &Plan, refs: &Refs<'_>) {
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
            self.share(at, "efficiency", res.efficiency);
            self.non_negative(at, "cost_per_hour", res.cost_per_hour);
            self.non_negative(at, "fixed_cost_per_period", res.fixed_cost_per_period);
            self.non_negative(at, "capital_cost", res.capital_cost);
            self.positive(at, "life_years", res.life_years);
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

    fn routing(&mut self, plan: &Plan, refs: &Refs<'_>) {
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
        }
    }

    fn demand(&mut self, plan: &Plan, refs: &Refs<'_>) {
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

    fn quality(&mut self, plan: &Plan, refs: &Refs<'_>) {
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

    fn measurements(&mut self, plan: &Plan, refs: &Refs<'_>) {
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

    fn queues(&mut self, plan: &Plan, refs: &Refs<'_>) {
        for (index, q) in plan.queues.iter().enumerate() {
            let at = At::new("queues", index, &q.code);
            self.reference(at, "resource", &q.resource, &refs.resources, "resource");
            self.positive(at, "arrival_per_hour", q.arrival_per_hour);
            self.positive(at, "service_min", q.service_min);
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

    fn receipts(&mut self, plan: &Plan, refs: &Refs<'_>) {
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

    fn master_schedule(&mut self, plan: &Plan, refs: &Refs<'_>) {
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

    fn calendar(&mut self, plan: &Plan, refs: &Refs<'_>) {
        let mut seen = with_room(plan.calendar.len());
        for (index, row) in plan.calendar.iter().enumerate() {
            let at = At::keyed(
                "calendar",
                index,
                RowKey::Numbered("", "period ", row.period),
            );
            self.period(at, row.period, refs.periods);
            self.non_negative(at, "working_share", row.working_share);
            if !seen.insert(row.period) {
                self.push(at, "period", "duplicate calendar period");
            }
        }
    }

    fn resource_periods(&mut self, plan: &Plan, refs: &Refs<'_>) {
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
            }
            if let Some(hours) = row.overtime_hours {
                self.non_negative(at, "overtime_hours", hours);
            }
            if !seen.insert((Owner::of(resource, &row.resource), row.period)) {
                self.push(at, "period", "duplicate (resource, period) row");
            }
        }
    }

    fn history(&mut self, plan: &Plan, refs: &Refs<'_>) {
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

    fn forecast_settings(&mut self, plan: &Plan, refs: &Refs<'_>) {
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

    fn production_log(&mut self, plan: &Plan, refs: &Refs<'_>) {
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

    fn downtime(&mut self, plan: &Plan, refs: &Refs<'_>) {
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

/// Finds the cycles of the bill of materials, each as the item codes along it, first repeated
/// at the end (`BIKE → FRAME → BIKE`). Self-references are reported separately.
pub fn bom_cycles(plan: &Plan) -> Vec<Vec<String>> {
    let items = CodeIndex::new(plan.items.iter().map(|i| i.code.as_str()));
    BomGraph::new(plan, &items).cycles()
}

/// The bill of materials with every code numbered: items by their row, codes that name no item
/// (an invalid plan) after the items, so lines, duplicates and cycles are checked on integers.
struct BomGraph<'a> {
    /// Code of each number.
    names: Vec<&'a str>,
    /// Numbers below this one are items.
    item_count: usize,
    /// `(parent, child)` numbers of each BOM line, in BOM order.
    lines: Vec<(usize, usize)>,
}

impl<'a> BomGraph<'a> {
    fn new(plan: &'a Plan, items: &CodeIndex<'a>) -> Self {
        let item_count = plan.items.len();
        let mut graph = BomGraph {
            names: plan.items.iter().map(|i| i.code.as_str()).collect(),
            item_count,
            lines: Vec::with_capacity(plan.bom.len()),
        };
        let parents = items.resolve_runs(plan.bom.iter().map(|l| l.parent.as_str()));
        let mut unknown = CodeIndex::default();
        for (line, parent) in plan.bom.iter().zip(parents) {
            let parent = graph.number(parent, &line.parent, &mut unknown);
            let child = graph.number(items.get(&line.child), &line.child, &mut unknown);
            graph.lines.push((parent, child));
        }
        graph
    }

    /// The number of a code: its item row, or a new number after the items for an unknown code.
    fn number(&mut self, item: Option<usize>, code: &'a str, unknown: &mut CodeIndex<'a>) -> usize {
        if let Some(item) = item {
            return item;
        }
        let next = self.names.len();
        if unknown.insert(code, next) {
            self.names.push(code);
            next
        } else {
            unknown.get(code).unwrap_or(next)
        }
    }

    /// The item row of a number; `None` for a code that names no item.
    fn item(&self, number: usize) -> Option<usize> {
        (number < self.item_count).then_some(number)
    }

    /// Children of every number in BOM line order, self-references left out (flat rows).
    fn children(&self) -> (Vec<usize>, Vec<usize>) {
        let owners: Vec<Option<usize>> = (self.lines.iter())
            .map(|&(parent, child)| (parent != child).then_some(parent))
            .collect();
        let offsets = owner_offsets(self.names.len(), &owners);
        let children = rows_by_owner(&offsets, &owners)
            .into_iter()
            .filter_map(|row| self.lines.get(row).map(|&(_, child)| child))
            .collect();
        (offsets, children)
    }

    /// The cycles, found by a depth-first search from each line's parent in BOM order.
    fn cycles(&self) -> Vec<Vec<String>> {
        const ON_PATH: u8 = 1;
        const DONE: u8 = 2;
        let (offsets, children) = self.children();
        let kids = |node: usize| -> &[usize] {
            match (offsets.get(node), offsets.get(node + 1)) {
                (Some(&start), Some(&end)) => children.get(start..end).unwrap_or(&[]),
                _ => &[],
            }
        };
        let mut colour = vec![0u8; self.names.len()];
        let mut cycles = Vec::new();
        for &(root, _) in &self.lines {
            if colour.get(root) != Some(&0) {
                continue;
            }
            let mut path: Vec<usize> = vec![root];
            let mut next_child: Vec<usize> = vec![0];
            colour[root] = ON_PATH;
            while let (Some(&node), Some(position)) = (path.last(), next_child.last_mut()) {
                if let Some(&child) = kids(node).get(*position) {
                    *position += 1;
                    match colour.get(child) {
                        Some(0) => {
                            colour[child] = ON_PATH;
                            path.push(child);
                            next_child.push(0);
                        }
                        Some(&ON_PATH) => cycles.push(self.cycle_names(&path, child)),
                        _ => {}
                    }
                } else {
                    colour[node] = DONE;
                    path.pop();
                    next_child.pop();
                }
            }
        }
        cycles
    }

    /// The codes of the cycle that closes at `child` on the current path.
    fn cycle_names(&self, path: &[usize], child: usize) -> Vec<String> {
        let start = path.iter().position(|&p| p == child).unwrap_or(0);
        let name = |number: usize| self.names.get(number).copied().unwrap_or("").to_string();
        let mut cycle: Vec<String> = path[start..].iter().map(|&n| name(n)).collect();
        cycle.push(name(child));
        cycle
    }
}

/// An empty set with room for `rows` keys, so that a large table is not rehashed while it grows.
fn with_room<T>(rows: usize) -> FxHashSet<T> {
    FxHashSet::with_capacity_and_hasher(rows, Default::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{
        BomLine, CalendarPeriod, Demand, DowntimeRow, ForecastSetting, HistoryRow, Inspection,
        Item, ItemKind, MasterScheduleRow, Measurement, ProductionLogRow, Receipt, Resource,
        ResourcePeriod, RoutingStep,
    };

    fn item(code: &str, kind: ItemKind) -> Item {
        Item {
            code: code.to_string(),
            kind,
            ..Item::default()
        }
    }

    fn bom(parent: &str, child: &str, qty: f64) -> BomLine {
        BomLine {
            parent: parent.to_string(),
            child: child.to_string(),
            qty,
        }
    }

    fn valid_plan() -> Plan {
        Plan {
            settings: PlanSettings {
                name: "Demo".to_string(),
                periods: 4,
                start_date: Some("2026-01-05".to_string()),
                ..PlanSettings::default()
            },
            items: vec![
                item("BIKE", ItemKind::Finished),
                item("FRAME", ItemKind::Component),
                item("TUBE", ItemKind::Material),
            ],
            bom: vec![bom("BIKE", "FRAME", 1.0), bom("FRAME", "TUBE", 3.2)],
            resources: vec![Resource {
                code: "WELD".to_string(),
                ..Resource::default()
            }],
            routing: vec![RoutingStep {
                item: "FRAME".to_string(),
                resource: "WELD".to_string(),
                run_min: 12.0,
                yield_: 0.98,
                ..RoutingStep::default()
            }],
            demand: vec![Demand {
                item: "BIKE".to_string(),
                period: 1,
                qty: 120.0,
            }],
            ..Plan::default()
        }
    }

    fn messages(plan: &Plan) -> Vec<String> {
        validate(plan)
            .problems
            .iter()
            .map(|p| p.to_string())
            .collect()
    }

    #[test]
    fn a_consistent_plan_has_no_problem() {
        assert_eq!(messages(&valid_plan()), Vec::<String>::new());
    }

    #[test]
    fn every_problem_is_reported_at_once_with_its_place() {
        let mut plan = valid_plan();
        plan.items.push(item("BIKE", ItemKind::Finished));
        plan.bom[1].qty = -2.0;
        plan.routing[0].resource = "PAINT".to_string();
        plan.demand.push(Demand {
            item: "BIKE".to_string(),
            period: 1,
            qty: 5.0,
        });
        plan.demand.push(Demand {
            item: "BIKE".to_string(),
            period: 9,
            qty: 5.0,
        });
        assert_eq!(
            messages(&plan),
            vec![
                "items row 4 (BIKE), field code: duplicate code \"BIKE\"",
                "bom row 2 (FRAME → TUBE), field qty: must be > 0, is -2",
                "routing row 1 (FRAME step 10), field resource: unknown resource \"PAINT\"",
                "demand row 2 (BIKE period 1), field period: duplicate (item, period) demand",
                "demand row 3 (BIKE period 9), field period: 9 is outside the horizon 1..4",
            ]
        );
    }

    #[test]
    fn a_bom_cycle_is_named_along_its_path() {
        let mut plan = valid_plan();
        plan.bom.push(bom("FRAME", "BIKE", 1.0));
        assert_eq!(
            messages(&plan),
            vec!["bom, field child: cycle in the bill of materials: BIKE → FRAME → BIKE"]
        );
        plan.bom.push(bom("TUBE", "TUBE", 1.0));
        assert!(
            messages(&plan).contains(
                &"bom row 4 (TUBE → TUBE), field child: an item cannot be its own component"
                    .to_string()
            )
        );
    }

    #[test]
    fn a_longer_cycle_is_found_once() {
        let mut plan = valid_plan();
        plan.bom.push(bom("TUBE", "BIKE", 1.0));
        let cycles = bom_cycles(&plan);
        assert_eq!(cycles, vec![vec!["BIKE", "FRAME", "TUBE", "BIKE"]]);
    }

    #[test]
    fn out_of_range_numbers_name_their_field() {
        let mut plan = valid_plan();
        plan.resources[0].efficiency = 1.2;
        plan.resources[0].units = 0;
        plan.routing[0].yield_ = 0.0;
        plan.items[0].lot_size = Some(0.0);
        plan.items[2].price = f64::NAN;
        plan.inspections.push(Inspection {
            item: "FRAME".to_string(),
            lot: "L1".to_string(),
            inspected: 10,
            defective: 11,
        });
        assert_eq!(
            messages(&plan),
            vec![
                "items row 1 (BIKE), field lot_size: must be > 0, is 0",
                "items row 3 (TUBE), field price: NaN is not a finite number",
                "resources row 1 (WELD), field units: must be an integer ≥ 1, is 0",
                "resources row 1 (WELD), field efficiency: must be in (0, 1], is 1.2",
                "routing row 1 (FRAME step 10), field yield: must be in (0, 1], is 0",
                "inspections row 1 (FRAME lot L1), field defective: must be between 0 and inspected (10), is 11",
            ]
        );
    }

    #[test]
    fn single_values_mixed_with_subgroups_are_refused() {
        let mut plan = valid_plan();
        plan.characteristics.push(crate::domain::Characteristic {
            code: "D1".to_string(),
            item: "FRAME".to_string(),
            ..Default::default()
        });
        for (subgroup, value) in [(1, 25.0), (1, 25.1), (2, 25.2)] {
            plan.measurements.push(Measurement {
                characteristic: "D1".to_string(),
                subgroup,
                value,
            });
        }
        let found = messages(&plan);
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .starts_with("measurements (D1), field subgroup: subgroup 2 has a single value")
        );
    }

    #[test]
    fn the_report_is_capped_at_fifty_lines() {
        let mut plan = valid_plan();
        for period in 0..60 {
            plan.demand.push(Demand {
                item: "NOPE".to_string(),
                period: 1000 + period,
                qty: 1.0,
            });
        }
        let report = validate(&plan);
        assert_eq!(report.problems.len(), 120);
        let text = report.to_string();
        assert_eq!(text.lines().count(), 1 + 50 + 1);
        assert!(text.starts_with("the plan has 120 problems:"));
        assert!(text.ends_with("and 70 more"));
    }

    /// One bad value: the change that makes it and the problem expected.
    type Case<T, M> = (fn(&mut T), M);

    /// The problems of the valid plan after one change.
    fn problems_after(change: impl FnOnce(&mut Plan)) -> Vec<String> {
        let mut plan = valid_plan();
        change(&mut plan);
        messages(&plan)
    }

    #[test]
    fn plan_cost_rates_are_checked() {
        assert_eq!(
            problems_after(|p| p.settings.holding_rate = -0.1),
            ["plan row 1, field holding_rate: must be ≥ 0, is -0.1"]
        );
        assert_eq!(
            problems_after(|p| p.settings.backorder_factor = 0.0),
            ["plan row 1, field backorder_factor: must be > 0, is 0"]
        );
        assert_eq!(
            problems_after(|p| p.settings.holding_rate = 0.0),
            Vec::<String>::new(),
            "a holding rate of 0 is allowed"
        );
    }

    #[test]
    fn item_stock_and_order_numbers_are_non_negative() {
        let cases: [Case<Item, &str>; 6] = [
            (|i| i.on_hand = -1.0, "on_hand: must be ≥ 0, is -1"),
            (
                |i| i.safety_stock = -2.0,
                "safety_stock: must be ≥ 0, is -2",
            ),
            (|i| i.order_min = -3.0, "order_min: must be ≥ 0, is -3"),
            (|i| i.order_cost = -4.0, "order_cost: must be ≥ 0, is -4"),
            (
                |i| i.backorder_cost = Some(-5.0),
                "backorder_cost: must be ≥ 0, is -5",
            ),
            (
                |i| i.on_hand = f64::INFINITY,
                "on_hand: inf is not a finite number",
            ),
        ];
        for (change, message) in cases {
            assert_eq!(
                problems_after(|p| change(&mut p.items[1])),
                [format!("items row 2 (FRAME), field {message}")]
            );
        }
    }

    #[test]
    fn lead_times_are_whole_periods_up_to_ten_thousand() {
        assert_eq!(
            problems_after(|p| p.items[0].lead_time = -1),
            [
                "items row 1 (BIKE), field lead_time: must be a whole number of periods between 0 \
              and 10000, is -1"
            ]
        );
        assert_eq!(
            problems_after(|p| p.items[0].lead_time = 10_001),
            [
                "items row 1 (BIKE), field lead_time: must be a whole number of periods between 0 \
              and 10000, is 10001"
            ]
        );
        assert_eq!(
            problems_after(|p| p.items[0].lead_time = 10_000),
            Vec::<String>::new()
        );
    }

    #[test]
    fn order_policies_need_their_quantities() {
        assert_eq!(
            problems_after(|p| p.items[2].order_policy = OrderPolicy::Fixed),
            [
                "items row 3 (TUBE), field order_qty: is required by order_policy fixed (the \
              quantity of each order)"
            ]
        );
        assert_eq!(
            problems_after(|p| {
                p.items[2].order_policy = OrderPolicy::Fixed;
                p.items[2].order_qty = Some(0.0);
            }),
            ["items row 3 (TUBE), field order_qty: must be > 0, is 0"]
        );
        assert_eq!(
            problems_after(|p| p.items[2].order_policy = OrderPolicy::Poq),
            [
                "items row 3 (TUBE), field order_periods: is required by order_policy poq (the \
              periods one order covers)"
            ]
        );
        assert_eq!(
            problems_after(|p| {
                p.items[2].order_policy = OrderPolicy::Poq;
                p.items[2].order_periods = Some(0);
            }),
            ["items row 3 (TUBE), field order_periods: must be an integer ≥ 1, is 0"]
        );
        assert_eq!(
            problems_after(|p| p.items[2].order_multiple = Some(-10.0)),
            ["items row 3 (TUBE), field order_multiple: must be > 0, is -10"]
        );
        assert_eq!(
            problems_after(|p| {
                p.items[2].order_policy = OrderPolicy::Poq;
                p.items[2].order_periods = Some(2);
                p.items[1].order_policy = OrderPolicy::Fixed;
                p.items[1].order_qty = Some(50.0);
            }),
            Vec::<String>::new()
        );
    }

    fn with_service(change: impl FnOnce(&mut Item)) -> Vec<String> {
        problems_after(|p| {
            let mut service = item("INSTALL", ItemKind::Service);
            change(&mut service);
            p.items.push(service);
        })
    }

    #[test]
    fn a_service_holds_no_stock_and_takes_no_order_rules() {
        let at = "items row 4 (INSTALL), field";
        assert_eq!(with_service(|_| {}), Vec::<String>::new());
        assert_eq!(
            with_service(|i| i.on_hand = 2.0),
            [format!(
                "{at} on_hand: must be 0 for a service (a service holds no stock), is 2"
            )]
        );
        assert_eq!(
            with_service(|i| i.safety_stock = 1.5),
            [format!(
                "{at} safety_stock: must be 0 for a service (a service holds no stock), is 1.5"
            )]
        );
        assert_eq!(
            with_service(|i| i.on_hand = f64::NAN),
            [format!("{at} on_hand: NaN is not a finite number")]
        );
        assert_eq!(
            with_service(|i| i.order_min = 10.0),
            [format!(
                "{at} order_min: must be 0 for a service (a service holds no stock), is 10"
            )]
        );
        assert_eq!(
            with_service(|i| i.order_policy = OrderPolicy::Eoq),
            [format!(
                "{at} order_policy: must be lot_for_lot for a service (a service holds no \
                 stock), is eoq"
            )]
        );
        assert_eq!(
            with_service(|i| i.order_multiple = Some(5.0)),
            [format!(
                "{at} order_multiple: must be empty for a service (a service holds no stock), \
                 is 5"
            )]
        );
    }

    #[test]
    fn resource_overtime_is_non_negative() {
        assert_eq!(
            problems_after(|p| p.resources[0].overtime_hours_per_period = -8.0),
            ["resources row 1 (WELD), field overtime_hours_per_period: must be ≥ 0, is -8"]
        );
        assert_eq!(
            problems_after(|p| p.resources[0].overtime_premium_per_hour = Some(-1.0)),
            ["resources row 1 (WELD), field overtime_premium_per_hour: must be ≥ 0, is -1"]
        );
    }

    fn receipt(item: &str, period: i64, qty: f64) -> Receipt {
        Receipt {
            item: item.to_string(),
            period,
            qty,
        }
    }

    #[test]
    fn receipts_need_a_known_stocked_item_a_period_and_a_quantity() {
        assert_eq!(
            problems_after(
                |p| p.receipts = vec![receipt("TUBE", 2, 100.0), receipt("TUBE", 2, 50.0)]
            ),
            Vec::<String>::new(),
            "rows of one (item, period) add up"
        );
        assert_eq!(
            problems_after(|p| p.receipts.push(receipt("PIPE", 2, 100.0))),
            ["receipts row 1 (PIPE period 2), field item: unknown item \"PIPE\""]
        );
        assert_eq!(
            problems_after(|p| p.receipts.push(receipt("TUBE", 5, 100.0))),
            ["receipts row 1 (TUBE period 5), field period: 5 is outside the horizon 1..4"]
        );
        assert_eq!(
            problems_after(|p| p.receipts.push(receipt("TUBE", 0, 100.0))),
            ["receipts row 1 (TUBE period 0), field period: 0 is outside the horizon 1..4"]
        );
        assert_eq!(
            problems_after(|p| p.receipts.push(receipt("TUBE", 1, 0.0))),
            ["receipts row 1 (TUBE period 1), field qty: must be > 0, is 0"]
        );
        assert_eq!(
            problems_after(|p| {
                p.items.push(item("INSTALL", ItemKind::Service));
                p.receipts.push(receipt("INSTALL", 1, 3.0));
            }),
            [
                "receipts row 1 (INSTALL period 1), field item: \"INSTALL\" is a service; a \
              service has no scheduled receipts"
            ]
        );
    }

    fn scheduled(item: &str, period: i64, qty: f64) -> MasterScheduleRow {
        MasterScheduleRow {
            item: item.to_string(),
            period,
            qty,
        }
    }

    #[test]
    fn master_schedule_rows_are_unique_per_item_and_period() {
        assert_eq!(
            problems_after(|p| {
                p.master_schedule = vec![scheduled("BIKE", 1, 0.0), scheduled("BIKE", 2, 60.0)];
            }),
            Vec::<String>::new(),
            "a quantity of 0 keeps an item master-scheduled"
        );
        assert_eq!(
            problems_after(|p| {
                p.master_schedule = vec![scheduled("BIKE", 2, 60.0), scheduled("BIKE", 2, 10.0)];
            }),
            [
                "master_schedule row 2 (BIKE period 2), field period: duplicate (item, period) \
              master schedule row"
            ]
        );
        assert_eq!(
            problems_after(|p| p.master_schedule.push(scheduled("BIKE", 1, -1.0))),
            ["master_schedule row 1 (BIKE period 1), field qty: must be ≥ 0, is -1"]
        );
        assert_eq!(
            problems_after(|p| p.master_schedule.push(scheduled("BIKE", 9, 1.0))),
            ["master_schedule row 1 (BIKE period 9), field period: 9 is outside the horizon 1..4"]
        );
        assert_eq!(
            problems_after(|p| p.master_schedule.push(scheduled("TRIKE", 1, 1.0))),
            ["master_schedule row 1 (TRIKE period 1), field item: unknown item \"TRIKE\""]
        );
    }

    fn share(period: i64, working_share: f64) -> CalendarPeriod {
        CalendarPeriod {
            period,
            working_share,
        }
    }

    #[test]
    fn calendar_periods_are_unique_in_range_with_a_non_negative_share() {
        assert_eq!(
            problems_after(|p| p.calendar = vec![share(2, 0.8), share(3, 0.0)]),
            Vec::<String>::new()
        );
        assert_eq!(
            problems_after(|p| p.calendar = vec![share(2, 0.8), share(2, 1.0)]),
            ["calendar row 2 (period 2), field period: duplicate calendar period"]
        );
        assert_eq!(
            problems_after(|p| p.calendar.push(share(5, 1.0))),
            ["calendar row 1 (period 5), field period: 5 is outside the horizon 1..4"]
        );
        assert_eq!(
            problems_after(|p| p.calendar.push(share(1, -0.2))),
            ["calendar row 1 (period 1), field working_share: must be ≥ 0, is -0.2"]
        );
    }

    fn resource_period(resource: &str, period: i64) -> ResourcePeriod {
        ResourcePeriod {
            resource: resource.to_string(),
            period,
            ..ResourcePeriod::default()
        }
    }

    #[test]
    fn resource_periods_are_unique_per_resource_and_period() {
        let at = "resource_periods row 1 (WELD period 2), field";
        assert_eq!(
            problems_after(|p| {
                p.resource_periods.push(ResourcePeriod {
                    units: Some(0),
                    hours_per_period: Some(0.0),
                    overtime_hours: Some(0.0),
                    ..resource_period("WELD", 2)
                });
            }),
            Vec::<String>::new(),
            "a maintenance period may close the resource"
        );
        assert_eq!(
            problems_after(|p| p.resource_periods.push(ResourcePeriod {
                units: Some(-1),
                ..resource_period("WELD", 2)
            })),
            [format!("{at} units: must be an integer ≥ 0, is -1")]
        );
        assert_eq!(
            problems_after(|p| p.resource_periods.push(ResourcePeriod {
                hours_per_period: Some(-4.0),
                ..resource_period("WELD", 2)
            })),
            [format!("{at} hours_per_period: must be ≥ 0, is -4")]
        );
        assert_eq!(
            problems_after(|p| p.resource_periods.push(ResourcePeriod {
                overtime_hours: Some(-2.5),
                ..resource_period("WELD", 2)
            })),
            [format!("{at} overtime_hours: must be ≥ 0, is -2.5")]
        );
        assert_eq!(
            problems_after(|p| {
                p.resource_periods = vec![resource_period("WELD", 2), resource_period("WELD", 2)];
            }),
            [
                "resource_periods row 2 (WELD period 2), field period: duplicate (resource, \
              period) row"
            ]
        );
        assert_eq!(
            problems_after(|p| p.resource_periods.push(resource_period("PAINT", 7))),
            [
                "resource_periods row 1 (PAINT period 7), field resource: unknown resource \
                 \"PAINT\"",
                "resource_periods row 1 (PAINT period 7), field period: 7 is outside the \
                 horizon 1..4",
            ]
        );
    }

    fn sold(item: &str, period: i64, qty: f64) -> HistoryRow {
        HistoryRow {
            item: item.to_string(),
            period,
            qty,
        }
    }

    #[test]
    fn history_lies_in_the_past_once_per_item_and_period() {
        assert_eq!(
            problems_after(|p| p.history = vec![sold("BIKE", -10_000, 3.0), sold("BIKE", 0, 0.0)]),
            Vec::<String>::new()
        );
        let past = "must be between -10000 and 0 (0 is the period just before period 1)";
        assert_eq!(
            problems_after(|p| p.history.push(sold("BIKE", 1, 3.0))),
            [format!(
                "history row 1 (BIKE period 1), field period: {past}, is 1"
            )]
        );
        assert_eq!(
            problems_after(|p| p.history.push(sold("BIKE", -10_001, 3.0))),
            [format!(
                "history row 1 (BIKE period -10001), field period: {past}, is -10001"
            )]
        );
        assert_eq!(
            problems_after(|p| p.history.push(sold("BIKE", -3, -1.0))),
            ["history row 1 (BIKE period -3), field qty: must be ≥ 0, is -1"]
        );
        assert_eq!(
            problems_after(|p| p.history = vec![sold("BIKE", -3, 1.0), sold("BIKE", -3, 2.0)]),
            ["history row 2 (BIKE period -3), field period: duplicate (item, period) history"]
        );
        assert_eq!(
            problems_after(|p| p.history.push(sold("TRIKE", -3, 1.0))),
            ["history row 1 (TRIKE period -3), field item: unknown item \"TRIKE\""]
        );
    }

    fn forecast(item: &str) -> ForecastSetting {
        ForecastSetting {
            item: item.to_string(),
            ..ForecastSetting::default()
        }
    }

    #[test]
    fn forecast_settings_keep_parameters_in_range() {
        let at = "forecast_settings row 1 (BIKE), field";
        let cases: [Case<ForecastSetting, String>; 8] = [
            (
                |s| s.alpha = Some(0.0),
                format!("{at} alpha: must be in (0, 1), is 0"),
            ),
            (
                |s| s.beta = Some(1.0),
                format!("{at} beta: must be in (0, 1), is 1"),
            ),
            (
                |s| s.gamma = Some(-0.5),
                format!("{at} gamma: must be in (0, 1), is -0.5"),
            ),
            (
                |s| s.phi = 0.0,
                format!("{at} phi: must be in (0, 1], is 0"),
            ),
            (
                |s| s.phi = 1.01,
                format!("{at} phi: must be in (0, 1], is 1.01"),
            ),
            (
                |s| s.window = 0,
                format!("{at} window: must be an integer ≥ 1, is 0"),
            ),
            (
                |s| s.season_length = Some(1),
                format!("{at} season_length: must be an integer ≥ 2, is 1"),
            ),
            (
                |s| s.alpha = Some(f64::NAN),
                format!("{at} alpha: NaN is not a finite number"),
            ),
        ];
        for (change, message) in cases {
            assert_eq!(
                problems_after(|p| {
                    let mut setting = forecast("BIKE");
                    change(&mut setting);
                    p.forecast_settings.push(setting);
                }),
                [message]
            );
        }
        assert_eq!(
            problems_after(|p| p.forecast_settings.push(ForecastSetting {
                alpha: Some(0.3),
                beta: Some(0.1),
                gamma: Some(0.9),
                phi: 1.0,
                window: 1,
                season_length: Some(2),
                ..forecast("BIKE")
            })),
            Vec::<String>::new()
        );
    }

    #[test]
    fn forecast_settings_name_one_known_item_once() {
        assert_eq!(
            problems_after(|p| p.forecast_settings = vec![forecast("BIKE"), forecast("BIKE")]),
            [
                "forecast_settings row 2 (BIKE), field item: duplicate forecast settings for this \
              item"
            ]
        );
        assert_eq!(
            problems_after(|p| p.forecast_settings.push(forecast("TRIKE"))),
            ["forecast_settings row 1 (TRIKE), field item: unknown item \"TRIKE\""]
        );
    }

    fn run(period: i64) -> ProductionLogRow {
        ProductionLogRow {
            resource: "WELD".to_string(),
            period,
            item: Some("FRAME".to_string()),
            planned_min: 480.0,
            downtime_min: 60.0,
            ideal_cycle_min: 2.0,
            total_count: 200,
            good_count: Some(190),
        }
    }

    #[test]
    fn production_log_counts_and_minutes_are_consistent() {
        let at = "production_log row 1 (WELD period -2), field";
        let cases: [Case<ProductionLogRow, String>; 9] = [
            (
                |r| r.planned_min = 0.0,
                format!("{at} planned_min: must be > 0, is 0"),
            ),
            (
                |r| r.downtime_min = -1.0,
                format!("{at} downtime_min: must be between 0 and planned_min (480), is -1"),
            ),
            (
                |r| r.downtime_min = 481.0,
                format!("{at} downtime_min: must be between 0 and planned_min (480), is 481"),
            ),
            (
                |r| r.ideal_cycle_min = 0.0,
                format!("{at} ideal_cycle_min: must be > 0, is 0"),
            ),
            (
                |r| {
                    r.total_count = -1;
                    r.good_count = None;
                },
                format!("{at} total_count: must be an integer ≥ 0, is -1"),
            ),
            (
                |r| r.good_count = Some(201),
                format!("{at} good_count: must be between 0 and total_count (200), is 201"),
            ),
            (
                |r| r.good_count = Some(-1),
                format!("{at} good_count: must be between 0 and total_count (200), is -1"),
            ),
            (
                |r| r.item = Some("TRIKE".to_string()),
                format!("{at} item: unknown item \"TRIKE\""),
            ),
            (
                |r| r.resource = "PAINT".to_string(),
                "production_log row 1 (PAINT period -2), field resource: unknown resource \
                 \"PAINT\""
                    .to_string(),
            ),
        ];
        for (change, message) in cases {
            assert_eq!(
                problems_after(|p| {
                    let mut row = run(-2);
                    change(&mut row);
                    p.production_log.push(row);
                }),
                [message]
            );
        }
        assert_eq!(
            problems_after(|p| p.production_log.push(ProductionLogRow {
                item: None,
                downtime_min: 480.0,
                good_count: None,
                ..run(3)
            })),
            Vec::<String>::new(),
            "a run entirely down, in a plan period, without an item, is valid"
        );
        assert_eq!(
            problems_after(|p| p.production_log.push(run(-10_001))),
            [
                "production_log row 1 (WELD period -10001), field period: must be ≥ -10000, is \
              -10001"
            ]
        );
    }

    fn stop(reason: &str, minutes: f64) -> DowntimeRow {
        DowntimeRow {
            resource: "WELD".to_string(),
            period: -1,
            reason: reason.to_string(),
            minutes,
        }
    }

    #[test]
    fn downtime_has_a_reason_and_minutes() {
        assert_eq!(
            problems_after(|p| p.downtime.push(stop("changeover", 45.0))),
            Vec::<String>::new()
        );
        assert_eq!(
            problems_after(|p| p.downtime.push(stop(" ", 45.0))),
            ["downtime row 1 (WELD period -1), field reason: must not be empty"]
        );
        assert_eq!(
            problems_after(|p| p.downtime.push(stop("breakdown", 0.0))),
            ["downtime row 1 (WELD period -1), field minutes: must be > 0, is 0"]
        );
        assert_eq!(
            problems_after(|p| p.downtime.push(DowntimeRow {
                resource: "PAINT".to_string(),
                ..stop("cleaning", 10.0)
            })),
            ["downtime row 1 (PAINT period -1), field resource: unknown resource \"PAINT\""]
        );
    }

    #[test]
    fn iso_dates_are_checked_on_the_calendar() {
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2023-02-29"));
        assert!(!is_iso_date("2026-13-01"));
        assert!(!is_iso_date("2026-1-01"));
        assert!(!is_iso_date("05/01/2026"));
    }
}
