//! The tables of a plan (DESIGN.md §1) as plain structs.

use serde::{Deserialize, Serialize};

/// Names of the plan's tables, in the order of DESIGN.md §1; also the CSV file stems.
pub const TABLE_NAMES: [&str; 15] = [
    "plan",
    "items",
    "bom",
    "resources",
    "routing",
    "demand",
    "characteristics",
    "measurements",
    "control_limits",
    "chart_settings",
    "inspections",
    "defects",
    "queues",
    "queue_arrivals",
    "scenarios",
];

/// One whole plan: its settings and every table. One plan per file.
///
/// Serialises to the plan JSON shape of DESIGN.md §3 without the `format`/`version` envelope
/// (the `io` module adds it); a scenario stores exactly this shape.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The one `plan` row: name, currency, periods.
    #[serde(rename = "plan")]
    pub settings: PlanSettings,
    #[serde(default)]
    pub items: Vec<Item>,
    #[serde(default)]
    pub bom: Vec<BomLine>,
    #[serde(default)]
    pub resources: Vec<Resource>,
    #[serde(default)]
    pub routing: Vec<RoutingStep>,
    #[serde(default)]
    pub demand: Vec<Demand>,
    #[serde(default)]
    pub characteristics: Vec<Characteristic>,
    #[serde(default)]
    pub measurements: Vec<Measurement>,
    #[serde(default)]
    pub control_limits: Vec<ControlLimit>,
    #[serde(default)]
    pub chart_settings: Vec<ChartSetting>,
    #[serde(default)]
    pub inspections: Vec<Inspection>,
    #[serde(default)]
    pub defects: Vec<Defect>,
    #[serde(default)]
    pub queues: Vec<Queue>,
    #[serde(default)]
    pub queue_arrivals: Vec<QueueArrival>,
    #[serde(default)]
    pub scenarios: Vec<Scenario>,
}

/// Length of one planning period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodUnit {
    Day,
    #[default]
    Week,
    Month,
}

impl PeriodUnit {
    /// Default number of periods in a year: 250 working days, 52 weeks, 12 months.
    pub fn default_periods_per_year(self) -> f64 {
        match self {
            PeriodUnit::Day => 250.0,
            PeriodUnit::Week => 52.0,
            PeriodUnit::Month => 12.0,
        }
    }

    /// The lowercase name used in JSON, CSV and SQLite.
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodUnit::Day => "day",
            PeriodUnit::Week => "week",
            PeriodUnit::Month => "month",
        }
    }

    /// Parses the lowercase name; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "day" => Some(PeriodUnit::Day),
            "week" => Some(PeriodUnit::Week),
            "month" => Some(PeriodUnit::Month),
            _ => None,
        }
    }
}

/// The `plan` row: name, currency and the planning horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanSettings {
    pub name: String,
    #[serde(default = "default_currency")]
    pub currency: String,
    #[serde(default)]
    pub period_unit: PeriodUnit,
    /// Number of periods in the horizon (≥ 1).
    pub periods: i64,
    /// `None` means the period unit's default (see [`PlanSettings::periods_per_year`]).
    #[serde(default)]
    pub periods_per_year: Option<f64>,
    /// ISO date (`YYYY-MM-DD`) of the first period; labels periods when given.
    #[serde(default)]
    pub start_date: Option<String>,
}

impl Default for PlanSettings {
    fn default() -> Self {
        PlanSettings {
            name: "New plan".to_string(),
            currency: default_currency(),
            period_unit: PeriodUnit::Week,
            periods: 12,
            periods_per_year: None,
            start_date: None,
        }
    }
}

impl PlanSettings {
    /// Periods per year, falling back to the period unit's default.
    pub fn periods_per_year(&self) -> f64 {
        self.periods_per_year
            .unwrap_or_else(|| self.period_unit.default_periods_per_year())
    }
}

fn default_currency() -> String {
    "EUR".to_string()
}

fn default_unit_pcs() -> String {
    "pcs".to_string()
}

fn one_f64() -> f64 {
    1.0
}

fn one_i64() -> i64 {
    1
}

fn default_life_years() -> f64 {
    10.0
}

/// What an item is: sold, made inside, bought, or a service delivered to a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    #[default]
    Finished,
    Component,
    Material,
    Service,
}

impl ItemKind {
    /// All kinds, in the order the editor offers them.
    pub const ALL: [ItemKind; 4] = [
        ItemKind::Finished,
        ItemKind::Component,
        ItemKind::Material,
        ItemKind::Service,
    ];

    /// The lowercase name used in JSON, CSV and SQLite.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Finished => "finished",
            ItemKind::Component => "component",
            ItemKind::Material => "material",
            ItemKind::Service => "service",
        }
    }

    /// Parses the lowercase name; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        ItemKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// A product, component, material or service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub code: String,
    #[serde(default)]
    pub name: String,
    pub kind: ItemKind,
    #[serde(default = "default_unit_pcs")]
    pub unit: String,
    #[serde(default)]
    pub price: f64,
    #[serde(default)]
    pub purchase_cost: f64,
    /// Fixed lot size; `None` = lot-for-lot.
    #[serde(default)]
    pub lot_size: Option<f64>,
}

impl Default for Item {
    fn default() -> Self {
        Item {
            code: String::new(),
            name: String::new(),
            kind: ItemKind::Finished,
            unit: default_unit_pcs(),
            price: 0.0,
            purchase_cost: 0.0,
            lot_size: None,
        }
    }
}

/// One line of a bill of materials: `qty` of `child` per unit of `parent` started.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BomLine {
    pub parent: String,
    pub child: String,
    pub qty: f64,
}

/// What a resource is; informs labels, not formulas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResourceKind {
    #[default]
    Machine,
    Line,
    Labour,
    Desk,
    Server,
}

impl ResourceKind {
    /// All kinds, in the order the editor offers them.
    pub const ALL: [ResourceKind; 5] = [
        ResourceKind::Machine,
        ResourceKind::Line,
        ResourceKind::Labour,
        ResourceKind::Desk,
        ResourceKind::Server,
    ];

    /// The lowercase name used in JSON, CSV and SQLite.
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceKind::Machine => "machine",
            ResourceKind::Line => "line",
            ResourceKind::Labour => "labour",
            ResourceKind::Desk => "desk",
            ResourceKind::Server => "server",
        }
    }

    /// Parses the lowercase name; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        ResourceKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// A machine, line, team, desk or server that does work for a number of hours per period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: ResourceKind,
    /// Parallel identical units (integer ≥ 1).
    #[serde(default = "one_i64")]
    pub units: i64,
    /// Hours per period for one unit (> 0).
    pub hours_per_period: f64,
    /// Share of hours that is productive, in (0, 1].
    #[serde(default = "one_f64")]
    pub efficiency: f64,
    #[serde(default)]
    pub cost_per_hour: f64,
    /// Fixed cost per period for all units together.
    #[serde(default)]
    pub fixed_cost_per_period: f64,
    /// Capital cost of all units, depreciated straight-line over `life_years`.
    #[serde(default)]
    pub capital_cost: f64,
    #[serde(default = "default_life_years")]
    pub life_years: f64,
}

impl Default for Resource {
    fn default() -> Self {
        Resource {
            code: String::new(),
            name: String::new(),
            kind: ResourceKind::Machine,
            units: 1,
            hours_per_period: 40.0,
            efficiency: 1.0,
            cost_per_hour: 0.0,
            fixed_cost_per_period: 0.0,
            capital_cost: 0.0,
            life_years: default_life_years(),
        }
    }
}

/// One process step of an item's routing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutingStep {
    pub item: String,
    /// Order of the step within the item (unique per item).
    pub seq: i64,
    #[serde(default)]
    pub name: String,
    pub resource: String,
    /// Set-up minutes per lot.
    #[serde(default)]
    pub setup_min: f64,
    /// Run minutes per unit entering the step.
    pub run_min: f64,
    /// Good share out of the step, in (0, 1].
    #[serde(rename = "yield", default = "one_f64")]
    pub yield_: f64,
}

impl Default for RoutingStep {
    fn default() -> Self {
        RoutingStep {
            item: String::new(),
            seq: 10,
            name: String::new(),
            resource: String::new(),
            setup_min: 0.0,
            run_min: 0.0,
            yield_: 1.0,
        }
    }
}

/// Demand for an item in one period (1-based).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Demand {
    pub item: String,
    pub period: i64,
    pub qty: f64,
}

/// A measured quality characteristic of an item, with optional specification limits.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Characteristic {
    pub code: String,
    pub item: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub lsl: Option<f64>,
    #[serde(default)]
    pub target: Option<f64>,
    #[serde(default)]
    pub usl: Option<f64>,
}

/// One measured value of a characteristic, in a subgroup labelled by an integer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measurement {
    pub characteristic: String,
    pub subgroup: i64,
    pub value: f64,
}

/// Phase I range of subgroups (inclusive labels) whose limits are frozen for a characteristic.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ControlLimit {
    pub characteristic: String,
    pub from_subgroup: i64,
    pub to_subgroup: i64,
}

/// EWMA/CUSUM parameters and known standards for a characteristic's charts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartSetting {
    pub characteristic: String,
    #[serde(default = "default_ewma_lambda")]
    pub ewma_lambda: f64,
    #[serde(default = "default_ewma_l")]
    pub ewma_l: f64,
    #[serde(default = "default_cusum_k")]
    pub cusum_k: f64,
    #[serde(default = "default_cusum_h")]
    pub cusum_h: f64,
    /// Known process centre that replaces the estimated one.
    #[serde(default)]
    pub center: Option<f64>,
    /// Known process σ that replaces the estimated σ_within.
    #[serde(default)]
    pub sigma: Option<f64>,
}

fn default_ewma_lambda() -> f64 {
    0.2
}
fn default_ewma_l() -> f64 {
    3.0
}
fn default_cusum_k() -> f64 {
    0.5
}
fn default_cusum_h() -> f64 {
    5.0
}

impl Default for ChartSetting {
    fn default() -> Self {
        ChartSetting {
            characteristic: String::new(),
            ewma_lambda: default_ewma_lambda(),
            ewma_l: default_ewma_l(),
            cusum_k: default_cusum_k(),
            cusum_h: default_cusum_h(),
            center: None,
            sigma: None,
        }
    }
}

/// An attribute inspection of one lot of an item.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inspection {
    pub item: String,
    pub lot: String,
    pub inspected: i64,
    pub defective: i64,
}

/// A count of one defect type found in a lot of an item.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defect {
    pub item: String,
    pub lot: String,
    #[serde(rename = "type")]
    pub defect_type: String,
    pub count: i64,
}

/// A service queue served by a resource's units (Erlang C).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Queue {
    pub code: String,
    #[serde(default)]
    pub name: String,
    pub resource: String,
    pub arrival_per_hour: f64,
    pub service_min: f64,
    #[serde(default = "one_f64")]
    pub target_wait_min: f64,
    #[serde(default = "default_target_service_level")]
    pub target_service_level: f64,
}

fn default_target_service_level() -> f64 {
    0.8
}

impl Default for Queue {
    fn default() -> Self {
        Queue {
            code: String::new(),
            name: String::new(),
            resource: String::new(),
            arrival_per_hour: 1.0,
            service_min: 1.0,
            target_wait_min: 1.0,
            target_service_level: default_target_service_level(),
        }
    }
}

/// Arrival rate of a queue in one period, overriding the queue's base rate.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueArrival {
    pub queue: String,
    pub period: i64,
    pub arrival_per_hour: f64,
}

/// A named what-if copy of the plan kept inside the plan file (never nests further scenarios).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    pub plan: Box<Plan>,
}
