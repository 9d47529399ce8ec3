//! The tables of a plan (DESIGN.md §1) as plain structs.

use serde::{Deserialize, Serialize};

/// Names of the plan's tables, in the order of DESIGN.md §1; also the CSV file stems.
pub const TABLE_NAMES: [&str; 23] = [
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
    "receipts",
    "master_schedule",
    "calendar",
    "resource_periods",
    "history",
    "forecast_settings",
    "production_log",
    "downtime",
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
    /// Scheduled receipts: orders already released, due in a period (§5).
    #[serde(default)]
    pub receipts: Vec<Receipt>,
    /// Firm planned receipts; an item with a row is not netted (§5).
    #[serde(default)]
    pub master_schedule: Vec<MasterScheduleRow>,
    /// Working share per period (holidays, shutdowns); periods without a row are 1.
    #[serde(default)]
    pub calendar: Vec<CalendarPeriod>,
    /// Per-period overrides of a resource's units, hours and overtime.
    #[serde(default)]
    pub resource_periods: Vec<ResourcePeriod>,
    /// Past sales per item and period (periods ≤ 0), the input of forecasting (§7).
    #[serde(default)]
    pub history: Vec<HistoryRow>,
    /// The forecast method and parameters per item (§7).
    #[serde(default)]
    pub forecast_settings: Vec<ForecastSetting>,
    /// Shop-floor runs: planned and down minutes, counts (§8).
    #[serde(default)]
    pub production_log: Vec<ProductionLogRow>,
    /// Stop reasons with their minutes (§8).
    #[serde(default)]
    pub downtime: Vec<DowntimeRow>,
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
    /// Carrying cost per year as a share of unit cost (≥ 0).
    #[serde(default = "default_holding_rate")]
    pub holding_rate: f64,
    /// Backorder cost per unit and period as a multiple of the holding cost (> 0), for items
    /// without their own `backorder_cost`.
    #[serde(default = "default_backorder_factor")]
    pub backorder_factor: f64,
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
            holding_rate: default_holding_rate(),
            backorder_factor: default_backorder_factor(),
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

fn default_holding_rate() -> f64 {
    0.25
}

fn default_backorder_factor() -> f64 {
    4.0
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
    /// Stock at the start of period 1.
    #[serde(default)]
    pub on_hand: f64,
    /// Stock the material plan keeps at the end of every period.
    #[serde(default)]
    pub safety_stock: f64,
    /// Periods between releasing an order and receiving it (integer, 0..=10,000).
    #[serde(default)]
    pub lead_time: i64,
    /// How the material plan sizes a planned order (§5).
    #[serde(default)]
    pub order_policy: OrderPolicy,
    /// Order quantity of the `fixed` policy (> 0, required by it).
    #[serde(default)]
    pub order_qty: Option<f64>,
    /// Periods one order covers under `poq` (integer ≥ 1, required by it).
    #[serde(default)]
    pub order_periods: Option<i64>,
    /// Smallest planned order.
    #[serde(default)]
    pub order_min: f64,
    /// Planned orders are whole multiples of this (> 0) when given.
    #[serde(default)]
    pub order_multiple: Option<f64>,
    /// Cost of placing one planned order.
    #[serde(default)]
    pub order_cost: f64,
    /// Cost of one unit late for one period; `None` = backorder_factor × holding cost.
    #[serde(default)]
    pub backorder_cost: Option<f64>,
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
            on_hand: 0.0,
            safety_stock: 0.0,
            lead_time: 0,
            order_policy: OrderPolicy::LotForLot,
            order_qty: None,
            order_periods: None,
            order_min: 0.0,
            order_multiple: None,
            order_cost: 0.0,
            backorder_cost: None,
        }
    }
}

/// How the material plan sizes a planned order (DESIGN.md §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderPolicy {
    /// Order exactly the net requirement.
    #[default]
    LotForLot,
    /// Whole multiples of `order_qty`.
    Fixed,
    /// Periodic order quantity: cover `order_periods` periods.
    Poq,
    /// At least the economic order quantity.
    Eoq,
    /// The cheapest lots over the horizon (Wagner–Whitin).
    WagnerWhitin,
}

impl OrderPolicy {
    /// All policies, in the order the editor offers them.
    pub const ALL: [OrderPolicy; 5] = [
        OrderPolicy::LotForLot,
        OrderPolicy::Fixed,
        OrderPolicy::Poq,
        OrderPolicy::Eoq,
        OrderPolicy::WagnerWhitin,
    ];

    /// The snake_case name used in JSON, CSV and SQLite.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderPolicy::LotForLot => "lot_for_lot",
            OrderPolicy::Fixed => "fixed",
            OrderPolicy::Poq => "poq",
            OrderPolicy::Eoq => "eoq",
            OrderPolicy::WagnerWhitin => "wagner_whitin",
        }
    }

    /// Parses the snake_case name; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        OrderPolicy::ALL.into_iter().find(|p| p.as_str() == text)
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
    /// Overtime hours a period may add, all units together (levelling, §6).
    #[serde(default)]
    pub overtime_hours_per_period: f64,
    /// Extra cost of an overtime hour; `None` = 0.5 × cost_per_hour.
    #[serde(default)]
    pub overtime_premium_per_hour: Option<f64>,
}

impl Resource {
    /// Extra cost of one overtime hour: the given premium, else half the hourly cost.
    pub fn overtime_premium(&self) -> f64 {
        self.overtime_premium_per_hour
            .unwrap_or(0.5 * self.cost_per_hour)
    }
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
            overtime_hours_per_period: 0.0,
            overtime_premium_per_hour: None,
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

/// A scheduled receipt: an order already released, due in `period` (rows of one item and
/// period add up).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    pub item: String,
    pub period: i64,
    pub qty: f64,
}

/// A firm planned receipt of the master schedule; (item, period) is unique.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MasterScheduleRow {
    pub item: String,
    pub period: i64,
    pub qty: f64,
}

/// The working share of one period: 1 normal, 0.8 one day off in five, 0 shutdown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarPeriod {
    pub period: i64,
    pub working_share: f64,
}

impl Default for CalendarPeriod {
    fn default() -> Self {
        CalendarPeriod {
            period: 1,
            working_share: 1.0,
        }
    }
}

/// A resource's units, hours and overtime in one period (shifts, holidays, maintenance);
/// each `None` falls back to the resource's own figure (§1).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourcePeriod {
    pub resource: String,
    pub period: i64,
    /// Units working in the period (integer ≥ 0); `None` = the resource's.
    #[serde(default)]
    pub units: Option<i64>,
    /// Hours per unit in the period; `None` = the resource's × working_share.
    #[serde(default)]
    pub hours_per_period: Option<f64>,
    /// Overtime hours the period may add; `None` = overtime_hours_per_period.
    #[serde(default)]
    pub overtime_hours: Option<f64>,
}

/// Past sales of an item in a period ≤ 0 (0 is the period just before period 1).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryRow {
    pub item: String,
    pub period: i64,
    pub qty: f64,
}

/// A forecasting method of DESIGN.md §7.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ForecastMethod {
    /// Fit every candidate and keep the lowest MAD.
    #[default]
    Auto,
    MovingAverage,
    Ses,
    Holt,
    HoltWinters,
    Croston,
}

impl ForecastMethod {
    /// All methods, in the order the editor offers them.
    pub const ALL: [ForecastMethod; 6] = [
        ForecastMethod::Auto,
        ForecastMethod::MovingAverage,
        ForecastMethod::Ses,
        ForecastMethod::Holt,
        ForecastMethod::HoltWinters,
        ForecastMethod::Croston,
    ];

    /// The snake_case name used in JSON, CSV and SQLite.
    pub fn as_str(self) -> &'static str {
        match self {
            ForecastMethod::Auto => "auto",
            ForecastMethod::MovingAverage => "moving_average",
            ForecastMethod::Ses => "ses",
            ForecastMethod::Holt => "holt",
            ForecastMethod::HoltWinters => "holt_winters",
            ForecastMethod::Croston => "croston",
        }
    }

    /// Parses the snake_case name; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        ForecastMethod::ALL.into_iter().find(|m| m.as_str() == text)
    }
}

/// The forecast method and parameters of one item; `None` parameters are fitted (§7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForecastSetting {
    pub item: String,
    #[serde(default)]
    pub method: ForecastMethod,
    /// Periods averaged by `moving_average` (integer ≥ 1).
    #[serde(default = "default_forecast_window")]
    pub window: i64,
    #[serde(default)]
    pub alpha: Option<f64>,
    #[serde(default)]
    pub beta: Option<f64>,
    #[serde(default)]
    pub gamma: Option<f64>,
    /// Trend damping of Holt, in (0, 1].
    #[serde(default = "one_f64")]
    pub phi: f64,
    /// Periods in a season (integer ≥ 2); `None` = periods_per_year when the history holds
    /// more than two seasons.
    #[serde(default)]
    pub season_length: Option<i64>,
}

fn default_forecast_window() -> i64 {
    3
}

impl Default for ForecastSetting {
    fn default() -> Self {
        ForecastSetting {
            item: String::new(),
            method: ForecastMethod::Auto,
            window: default_forecast_window(),
            alpha: None,
            beta: None,
            gamma: None,
            phi: 1.0,
            season_length: None,
        }
    }
}

/// One production run (shift, order) on a resource, as logged on the shop floor (§8).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductionLogRow {
    pub resource: String,
    /// Period of the run; ≤ 0 for past periods.
    pub period: i64,
    #[serde(default)]
    pub item: Option<String>,
    pub planned_min: f64,
    #[serde(default)]
    pub downtime_min: f64,
    /// Ideal minutes per unit (> 0).
    pub ideal_cycle_min: f64,
    pub total_count: i64,
    /// Good units; `None` = total_count.
    #[serde(default)]
    pub good_count: Option<i64>,
}

impl ProductionLogRow {
    /// Good units of the run: the given count, else every unit made.
    pub fn good(&self) -> i64 {
        self.good_count.unwrap_or(self.total_count)
    }
}

/// Minutes a resource stood still for one reason in a period (§8).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DowntimeRow {
    pub resource: String,
    pub period: i64,
    pub reason: String,
    pub minutes: f64,
}

/// A named what-if copy of the plan kept inside the plan file (never nests further scenarios).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    pub plan: Box<Plan>,
}
