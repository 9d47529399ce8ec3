//! Edit commands: the one vocabulary that editors, paste, menus and undo/redo share.
//!
//! A view never mutates the plan; it emits a [`Command`] that [`crate::app::Document::apply`]
//! turns into primitive edits whose inverses go on the undo history. Table rows are addressed
//! generically ([`TableKind`] + row index + [`PlanColumn`]), with cell values exchanged as text so
//! that typing, pasting from a spreadsheet and copying out all go through one parser.

use crate::domain::count_of;
use serde_json::{Map, Value};
use thiserror::Error;

use super::scenarios::ScenarioError;
use crate::domain::{
    Demand, ForecastMethod, ForecastSetting, ItemKind, MasterScheduleRow, OrderPolicy,
    PlanSettings, ResourceKind,
};

/// Why an edit could not be applied. Nothing is changed when an edit fails.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum EditError {
    /// The text typed into a number cell is not a number.
    #[error("{table} row {row}, field {field}: \"{text}\" is not a number")]
    NotANumber {
        table: &'static str,
        row: usize,
        field: &'static str,
        text: String,
    },
    /// The text typed into an integer cell is not a whole number.
    #[error("{table} row {row}, field {field}: \"{text}\" is not a whole number")]
    NotAnInteger {
        table: &'static str,
        row: usize,
        field: &'static str,
        text: String,
    },
    /// The text is not one of the allowed choices.
    #[error("{table} row {row}, field {field}: \"{text}\" is not one of {allowed}")]
    UnknownChoice {
        table: &'static str,
        row: usize,
        field: &'static str,
        text: String,
        allowed: String,
    },
    /// The row index does not exist (the table changed under the view).
    #[error("{table}: there is no row {row}")]
    NoSuchRow { table: &'static str, row: usize },
    /// The column index does not exist in the table.
    #[error("{table}: there is no column {column}")]
    NoSuchColumn { table: &'static str, column: usize },
    /// A pasted or edited row no longer fits the table's row type.
    #[error("{table} row {row}: {message}")]
    BadRow {
        table: &'static str,
        row: usize,
        message: String,
    },
    /// A demand period outside 1..periods.
    #[error("demand: period {period} is outside 1..{periods}")]
    PeriodOutOfRange { period: i64, periods: i64 },
    /// A scenario could not be saved, restored or deleted (empty, duplicate or unknown name).
    #[error("scenarios: {0}")]
    Scenario(#[from] ScenarioError),
    /// A Phase I range whose first subgroup comes after its last.
    #[error(
        "control_limits of {characteristic}: from subgroup {from} is after to subgroup {to}; \
         pick a first subgroup no later than the last"
    )]
    EmptyRange {
        characteristic: String,
        from: i64,
        to: i64,
    },
    /// Pasted measurement values with a subgroup size of 0.
    #[error("measurements of {characteristic}: the subgroup size must be at least 1")]
    ZeroSubgroupSize { characteristic: String },
    /// Pasted measurements whose new subgroup labels would pass the plan's whole-number limit
    /// (`domain::limits::MAX_WHOLE_NUMBER`), where `label + 1` could wrap.
    #[error(
        "measurements of {characteristic}: the last subgroup label is {last}, so {} would pass \
         the largest label a plan may hold ({max}); renumber the subgroups from 1 first",
        count_of(*.groups, "new subgroup", "new subgroups")
    )]
    SubgroupLabelTooLarge {
        characteristic: String,
        last: i64,
        groups: usize,
        max: i64,
    },
    /// A line of a pasted column of values that is not a number.
    #[error("pasted values, line {line}: \"{text}\" is not a number")]
    PastedValue { line: usize, text: String },
}

/// The plan tables the editors can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TableKind {
    /// `items`: products, components, materials, services.
    Items,
    /// `bom`: parent–child lines.
    Bom,
    /// `resources`: machines, lines, teams, desks, servers.
    Resources,
    /// `routing`: process steps per item.
    Routing,
    /// `demand`: quantity per item and period.
    Demand,
    /// `characteristics`: measured quality characteristics with specs.
    Characteristics,
    /// `measurements`: values per characteristic and subgroup.
    Measurements,
    /// `inspections`: attribute inspections per lot.
    Inspections,
    /// `defects`: defect counts per lot and type.
    Defects,
    /// `queues`: service queues (Erlang C).
    Queues,
    /// `queue_arrivals`: arrival rate of a queue in one period.
    QueueArrivals,
    /// `control_limits`: Phase I subgroup ranges whose limits are frozen.
    ControlLimits,
    /// `chart_settings`: EWMA/CUSUM parameters and known standards per characteristic.
    ChartSettings,
    /// `receipts`: scheduled receipts (orders already released) per item and period.
    Receipts,
    /// `master_schedule`: firm planned receipts per item and period.
    MasterSchedule,
    /// `calendar`: the working share of a period (holidays, shutdowns).
    Calendar,
    /// `resource_periods`: a resource's units, hours and overtime in one period.
    ResourcePeriods,
    /// `history`: past sales per item and period (periods ≤ 0).
    History,
    /// `forecast_settings`: forecast method and parameters per item.
    ForecastSettings,
    /// `production_log`: shop-floor runs with planned and down minutes and counts.
    ProductionLog,
    /// `downtime`: stop reasons with their minutes per resource and period.
    Downtime,
}

/// What kind of value a column holds; decides the parser and the editor widget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Free text.
    Text,
    /// A number that must be given.
    Number,
    /// A number that may be empty (stored as `null`).
    OptionalNumber,
    /// A whole number.
    Integer,
    /// A whole number that may be empty (stored as `null`).
    OptionalInteger,
    /// One of a fixed list of words.
    Choice(&'static [&'static str]),
    /// A reference to a row of another table, by code.
    Reference(TableKind),
    /// A reference that may be empty (stored as `null`), such as the item of a log row.
    OptionalReference(TableKind),
}

/// One column of an editable plan table: its JSON field name, its heading and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanColumn {
    /// Field name as in the plan JSON (also the name validation problems use).
    pub field: &'static str,
    /// Heading shown to the user, with the unit where there is one.
    pub title: &'static str,
    /// What the column holds: decides the parser and the editor widget.
    pub kind: ColumnKind,
}

const fn col(field: &'static str, title: &'static str, kind: ColumnKind) -> PlanColumn {
    PlanColumn { field, title, kind }
}

const ITEM_KINDS: &[&str] = &["finished", "component", "material", "service"];
const RESOURCE_KINDS: &[&str] = &["machine", "line", "labour", "desk", "server"];
const ORDER_POLICIES: &[&str] = &["lot_for_lot", "fixed", "poq", "eoq", "wagner_whitin"];
const FORECAST_METHODS: &[&str] = &[
    "auto",
    "moving_average",
    "ses",
    "holt",
    "holt_winters",
    "croston",
];

const ITEM_COLUMNS: &[PlanColumn] = &[
    col("code", "Code", ColumnKind::Text),
    col("name", "Name", ColumnKind::Text),
    col("kind", "Kind", ColumnKind::Choice(ITEM_KINDS)),
    col("unit", "Unit", ColumnKind::Text),
    col("price", "Price", ColumnKind::Number),
    col("purchase_cost", "Purchase cost", ColumnKind::Number),
    col("lot_size", "Lot size", ColumnKind::OptionalNumber),
    col("on_hand", "On hand", ColumnKind::Number),
    col("safety_stock", "Safety stock", ColumnKind::Number),
    col("lead_time", "Lead time (periods)", ColumnKind::Integer),
    col(
        "order_policy",
        "Order policy",
        ColumnKind::Choice(ORDER_POLICIES),
    ),
    col("order_qty", "Order qty (fixed)", ColumnKind::OptionalNumber),
    col(
        "order_periods",
        "Order periods (poq)",
        ColumnKind::OptionalInteger,
    ),
    col("order_min", "Order min", ColumnKind::Number),
    col(
        "order_multiple",
        "Order multiple",
        ColumnKind::OptionalNumber,
    ),
    col("order_cost", "Order cost", ColumnKind::Number),
    col(
        "backorder_cost",
        "Backorder cost / unit / period",
        ColumnKind::OptionalNumber,
    ),
];
const BOM_COLUMNS: &[PlanColumn] = &[
    col("parent", "Parent", ColumnKind::Reference(TableKind::Items)),
    col("child", "Child", ColumnKind::Reference(TableKind::Items)),
    col("qty", "Qty per parent", ColumnKind::Number),
];
const RESOURCE_COLUMNS: &[PlanColumn] = &[
    col("code", "Code", ColumnKind::Text),
    col("name", "Name", ColumnKind::Text),
    col("kind", "Kind", ColumnKind::Choice(RESOURCE_KINDS)),
    col("units", "Units", ColumnKind::Integer),
    col("hours_per_period", "Hours / period", ColumnKind::Number),
    col("efficiency", "Efficiency", ColumnKind::Number),
    col("cost_per_hour", "Cost / hour", ColumnKind::Number),
    col(
        "fixed_cost_per_period",
        "Fixed / period",
        ColumnKind::Number,
    ),
    col("capital_cost", "Capital cost", ColumnKind::Number),
    col("life_years", "Life (years)", ColumnKind::Number),
    col(
        "overtime_hours_per_period",
        "Overtime hours / period",
        ColumnKind::Number,
    ),
    col(
        "overtime_premium_per_hour",
        "Overtime premium / hour",
        ColumnKind::OptionalNumber,
    ),
];
const ROUTING_COLUMNS: &[PlanColumn] = &[
    col("item", "Item", ColumnKind::Reference(TableKind::Items)),
    col("seq", "Seq", ColumnKind::Integer),
    col("name", "Step", ColumnKind::Text),
    col(
        "resource",
        "Resource",
        ColumnKind::Reference(TableKind::Resources),
    ),
    col("setup_min", "Setup (min/lot)", ColumnKind::Number),
    col("run_min", "Run (min/unit)", ColumnKind::Number),
    col("yield", "Yield", ColumnKind::Number),
];
const DEMAND_COLUMNS: &[PlanColumn] = &[
    col("item", "Item", ColumnKind::Reference(TableKind::Items)),
    col("period", "Period", ColumnKind::Integer),
    col("qty", "Qty", ColumnKind::Number),
];
const CHARACTERISTIC_COLUMNS: &[PlanColumn] = &[
    col("code", "Code", ColumnKind::Text),
    col("item", "Item", ColumnKind::Reference(TableKind::Items)),
    col("name", "Name", ColumnKind::Text),
    col("unit", "Unit", ColumnKind::Text),
    col("lsl", "LSL", ColumnKind::OptionalNumber),
    col("target", "Target", ColumnKind::OptionalNumber),
    col("usl", "USL", ColumnKind::OptionalNumber),
];
const MEASUREMENT_COLUMNS: &[PlanColumn] = &[
    col(
        "characteristic",
        "Characteristic",
        ColumnKind::Reference(TableKind::Characteristics),
    ),
    col("subgroup", "Subgroup", ColumnKind::Integer),
    col("value", "Value", ColumnKind::Number),
];
const INSPECTION_COLUMNS: &[PlanColumn] = &[
    col("item", "Item", ColumnKind::Reference(TableKind::Items)),
    col("lot", "Lot", ColumnKind::Text),
    col("inspected", "Inspected", ColumnKind::Integer),
    col("defective", "Defective", ColumnKind::Integer),
];
const DEFECT_COLUMNS: &[PlanColumn] = &[
    col("item", "Item", ColumnKind::Reference(TableKind::Items)),
    col("lot", "Lot", ColumnKind::Text),
    col("type", "Defect type", ColumnKind::Text),
    col("count", "Count", ColumnKind::Integer),
];
const QUEUE_COLUMNS: &[PlanColumn] = &[
    col("code", "Code", ColumnKind::Text),
    col("name", "Name", ColumnKind::Text),
    col(
        "resource",
        "Resource",
        ColumnKind::Reference(TableKind::Resources),
    ),
    col("arrival_per_hour", "Arrivals / hour", ColumnKind::Number),
    col("service_min", "Service (min)", ColumnKind::Number),
    col("target_wait_min", "Target wait (min)", ColumnKind::Number),
    col(
        "target_service_level",
        "Target service level",
        ColumnKind::Number,
    ),
];
const QUEUE_ARRIVAL_COLUMNS: &[PlanColumn] = &[
    col("queue", "Queue", ColumnKind::Reference(TableKind::Queues)),
    col("period", "Period", ColumnKind::Integer),
    col("arrival_per_hour", "Arrivals / hour", ColumnKind::Number),
];

const CONTROL_LIMIT_COLUMNS: &[PlanColumn] = &[
    col(
        "characteristic",
        "Characteristic",
        ColumnKind::Reference(TableKind::Characteristics),
    ),
    col("from_subgroup", "From subgroup", ColumnKind::Integer),
    col("to_subgroup", "To subgroup", ColumnKind::Integer),
];
const CHART_SETTING_COLUMNS: &[PlanColumn] = &[
    col(
        "characteristic",
        "Characteristic",
        ColumnKind::Reference(TableKind::Characteristics),
    ),
    col("ewma_lambda", "EWMA lambda", ColumnKind::Number),
    col("ewma_l", "EWMA L (σ)", ColumnKind::Number),
    col("cusum_k", "CUSUM k (σ)", ColumnKind::Number),
    col("cusum_h", "CUSUM h (σ)", ColumnKind::Number),
    col("center", "Known centre", ColumnKind::OptionalNumber),
    col("sigma", "Known σ", ColumnKind::OptionalNumber),
];
const RECEIPT_COLUMNS: &[PlanColumn] = &[
    col("item", "Item", ColumnKind::Reference(TableKind::Items)),
    col("period", "Period due", ColumnKind::Integer),
    col("qty", "Qty", ColumnKind::Number),
];
const MASTER_SCHEDULE_COLUMNS: &[PlanColumn] = &[
    col("item", "Item", ColumnKind::Reference(TableKind::Items)),
    col("period", "Period", ColumnKind::Integer),
    col("qty", "Qty", ColumnKind::Number),
];
const CALENDAR_COLUMNS: &[PlanColumn] = &[
    col("period", "Period", ColumnKind::Integer),
    col("working_share", "Working share", ColumnKind::Number),
];
const RESOURCE_PERIOD_COLUMNS: &[PlanColumn] = &[
    col(
        "resource",
        "Resource",
        ColumnKind::Reference(TableKind::Resources),
    ),
    col("period", "Period", ColumnKind::Integer),
    col("units", "Units", ColumnKind::OptionalInteger),
    col(
        "hours_per_period",
        "Hours / unit",
        ColumnKind::OptionalNumber,
    ),
    col(
        "overtime_hours",
        "Overtime hours",
        ColumnKind::OptionalNumber,
    ),
];
const HISTORY_COLUMNS: &[PlanColumn] = &[
    col("item", "Item", ColumnKind::Reference(TableKind::Items)),
    col("period", "Period (≤ 0)", ColumnKind::Integer),
    col("qty", "Qty sold", ColumnKind::Number),
];
const FORECAST_SETTING_COLUMNS: &[PlanColumn] = &[
    col("item", "Item", ColumnKind::Reference(TableKind::Items)),
    col("method", "Method", ColumnKind::Choice(FORECAST_METHODS)),
    col("window", "Window", ColumnKind::Integer),
    col("alpha", "Alpha", ColumnKind::OptionalNumber),
    col("beta", "Beta", ColumnKind::OptionalNumber),
    col("gamma", "Gamma", ColumnKind::OptionalNumber),
    col("phi", "Phi", ColumnKind::Number),
    col(
        "season_length",
        "Season length",
        ColumnKind::OptionalInteger,
    ),
];
const PRODUCTION_LOG_COLUMNS: &[PlanColumn] = &[
    col(
        "resource",
        "Resource",
        ColumnKind::Reference(TableKind::Resources),
    ),
    col("period", "Period", ColumnKind::Integer),
    col(
        "item",
        "Item",
        ColumnKind::OptionalReference(TableKind::Items),
    ),
    col("planned_min", "Planned (min)", ColumnKind::Number),
    col("downtime_min", "Down (min)", ColumnKind::Number),
    col(
        "ideal_cycle_min",
        "Ideal cycle (min/unit)",
        ColumnKind::Number,
    ),
    col("total_count", "Total count", ColumnKind::Integer),
    col("good_count", "Good count", ColumnKind::OptionalInteger),
];
const DOWNTIME_COLUMNS: &[PlanColumn] = &[
    col(
        "resource",
        "Resource",
        ColumnKind::Reference(TableKind::Resources),
    ),
    col("period", "Period", ColumnKind::Integer),
    col("reason", "Reason", ColumnKind::Text),
    col("minutes", "Minutes", ColumnKind::Number),
];

impl TableKind {
    /// True for the tables the plan's structure is built from (items, resources, BOM,
    /// routing): an edit of one of them may change the analysis index and the views' indexes.
    pub fn is_structural(self) -> bool {
        matches!(
            self,
            TableKind::Items | TableKind::Resources | TableKind::Bom | TableKind::Routing
        )
    }

    /// Every editable table, in the order the navigation offers them.
    pub const ALL: [TableKind; 21] = [
        TableKind::Items,
        TableKind::Bom,
        TableKind::Resources,
        TableKind::Routing,
        TableKind::Demand,
        TableKind::Characteristics,
        TableKind::Measurements,
        TableKind::Inspections,
        TableKind::Defects,
        TableKind::Queues,
        TableKind::QueueArrivals,
        TableKind::ControlLimits,
        TableKind::ChartSettings,
        TableKind::Receipts,
        TableKind::MasterSchedule,
        TableKind::Calendar,
        TableKind::ResourcePeriods,
        TableKind::History,
        TableKind::ForecastSettings,
        TableKind::ProductionLog,
        TableKind::Downtime,
    ];

    /// Table name as in DESIGN.md §1 (and in validation problems).
    pub fn name(self) -> &'static str {
        match self {
            TableKind::Items => "items",
            TableKind::Bom => "bom",
            TableKind::Resources => "resources",
            TableKind::Routing => "routing",
            TableKind::Demand => "demand",
            TableKind::Characteristics => "characteristics",
            TableKind::Measurements => "measurements",
            TableKind::Inspections => "inspections",
            TableKind::Defects => "defects",
            TableKind::Queues => "queues",
            TableKind::QueueArrivals => "queue_arrivals",
            TableKind::ControlLimits => "control_limits",
            TableKind::ChartSettings => "chart_settings",
            TableKind::Receipts => "receipts",
            TableKind::MasterSchedule => "master_schedule",
            TableKind::Calendar => "calendar",
            TableKind::ResourcePeriods => "resource_periods",
            TableKind::History => "history",
            TableKind::ForecastSettings => "forecast_settings",
            TableKind::ProductionLog => "production_log",
            TableKind::Downtime => "downtime",
        }
    }

    /// The editable columns, in display order.
    pub fn columns(self) -> &'static [PlanColumn] {
        match self {
            TableKind::Items => ITEM_COLUMNS,
            TableKind::Bom => BOM_COLUMNS,
            TableKind::Resources => RESOURCE_COLUMNS,
            TableKind::Routing => ROUTING_COLUMNS,
            TableKind::Demand => DEMAND_COLUMNS,
            TableKind::Characteristics => CHARACTERISTIC_COLUMNS,
            TableKind::Measurements => MEASUREMENT_COLUMNS,
            TableKind::Inspections => INSPECTION_COLUMNS,
            TableKind::Defects => DEFECT_COLUMNS,
            TableKind::Queues => QUEUE_COLUMNS,
            TableKind::QueueArrivals => QUEUE_ARRIVAL_COLUMNS,
            TableKind::ControlLimits => CONTROL_LIMIT_COLUMNS,
            TableKind::ChartSettings => CHART_SETTING_COLUMNS,
            TableKind::Receipts => RECEIPT_COLUMNS,
            TableKind::MasterSchedule => MASTER_SCHEDULE_COLUMNS,
            TableKind::Calendar => CALENDAR_COLUMNS,
            TableKind::ResourcePeriods => RESOURCE_PERIOD_COLUMNS,
            TableKind::History => HISTORY_COLUMNS,
            TableKind::ForecastSettings => FORECAST_SETTING_COLUMNS,
            TableKind::ProductionLog => PRODUCTION_LOG_COLUMNS,
            TableKind::Downtime => DOWNTIME_COLUMNS,
        }
    }

    /// Index of the column holding `field`, if the table has it.
    pub fn column_index(self, field: &str) -> Option<usize> {
        self.columns().iter().position(|c| c.field == field)
    }

    /// True for tables whose `code` must be unique (duplicates get a fresh code).
    pub fn has_unique_code(self) -> bool {
        matches!(
            self,
            TableKind::Items
                | TableKind::Resources
                | TableKind::Characteristics
                | TableKind::Queues
        )
    }

    /// A new row with the domain defaults of DESIGN.md §1, as a JSON object.
    pub fn default_row(self) -> Value {
        use crate::domain::*;
        let row = match self {
            TableKind::Items => serde_json::to_value(Item::default()),
            TableKind::Bom => serde_json::to_value(BomLine {
                qty: 1.0,
                ..BomLine::default()
            }),
            TableKind::Resources => serde_json::to_value(Resource::default()),
            TableKind::Routing => serde_json::to_value(RoutingStep::default()),
            TableKind::Demand => serde_json::to_value(Demand {
                period: 1,
                ..Demand::default()
            }),
            TableKind::Characteristics => serde_json::to_value(Characteristic::default()),
            TableKind::Measurements => serde_json::to_value(Measurement::default()),
            TableKind::Inspections => serde_json::to_value(Inspection {
                inspected: 1,
                ..Inspection::default()
            }),
            TableKind::Defects => serde_json::to_value(Defect::default()),
            TableKind::Queues => serde_json::to_value(Queue::default()),
            TableKind::QueueArrivals => serde_json::to_value(QueueArrival {
                period: 1,
                ..QueueArrival::default()
            }),
            TableKind::ControlLimits => serde_json::to_value(ControlLimit {
                from_subgroup: 1,
                to_subgroup: 1,
                ..ControlLimit::default()
            }),
            TableKind::ChartSettings => serde_json::to_value(ChartSetting::default()),
            TableKind::Receipts => serde_json::to_value(Receipt {
                period: 1,
                qty: 1.0,
                ..Receipt::default()
            }),
            TableKind::MasterSchedule => serde_json::to_value(MasterScheduleRow {
                period: 1,
                ..MasterScheduleRow::default()
            }),
            TableKind::Calendar => serde_json::to_value(CalendarPeriod::default()),
            TableKind::ResourcePeriods => serde_json::to_value(ResourcePeriod {
                period: 1,
                ..ResourcePeriod::default()
            }),
            TableKind::History => serde_json::to_value(HistoryRow::default()),
            TableKind::ForecastSettings => serde_json::to_value(ForecastSetting::default()),
            TableKind::ProductionLog => serde_json::to_value(ProductionLogRow {
                planned_min: 480.0,
                ideal_cycle_min: 1.0,
                ..ProductionLogRow::default()
            }),
            TableKind::Downtime => serde_json::to_value(DowntimeRow {
                minutes: 1.0,
                ..DowntimeRow::default()
            }),
        };
        row.unwrap_or_else(|_| Value::Object(Map::new()))
    }
}

/// The item kinds offered by the editor (keeps `domain` the single source of the words).
pub fn item_kind_words() -> Vec<&'static str> {
    ItemKind::ALL.iter().map(|k| k.as_str()).collect()
}

/// The resource kinds offered by the editor.
pub fn resource_kind_words() -> Vec<&'static str> {
    ResourceKind::ALL.iter().map(|k| k.as_str()).collect()
}

/// The order policies offered by the Items editor (DESIGN.md §5).
pub fn order_policy_words() -> Vec<&'static str> {
    OrderPolicy::ALL.iter().map(|p| p.as_str()).collect()
}

/// The forecast methods offered by the forecast settings editor (DESIGN.md §7).
pub fn forecast_method_words() -> Vec<&'static str> {
    ForecastMethod::ALL.iter().map(|m| m.as_str()).collect()
}

/// One demand cell of the item × period grid: `qty = None` removes the demand row.
#[derive(Debug, Clone, PartialEq)]
pub struct DemandCell {
    pub item: String,
    /// 1-based period.
    pub period: i64,
    pub qty: Option<f64>,
}

/// A user gesture that changes the plan. Each becomes one undo step.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Replaces the plan settings; `field` names the field edited so that consecutive edits of
    /// the same field merge into one undo step.
    SetSettings {
        settings: PlanSettings,
        field: &'static str,
    },
    /// Sets one cell from text (parsed by the column's kind).
    SetCell {
        table: TableKind,
        row: usize,
        column: usize,
        text: String,
    },
    /// Appends a new default row, with some cells preset (e.g. the BOM parent being edited).
    AddRow {
        table: TableKind,
        preset: Vec<(usize, String)>,
    },
    /// Inserts a copy of a row right after it (with a fresh code where codes are unique).
    DuplicateRow { table: TableKind, row: usize },
    /// Deletes rows (any order; each index refers to the table before the deletion).
    DeleteRows { table: TableKind, rows: Vec<usize> },
    /// Pastes a block of cells (rows of tab-separated text) starting at visible row `top` and
    /// column `left`. `rows` maps visible row positions to table rows; cells past the last
    /// visible row become new rows carrying `preset`.
    PasteCells {
        table: TableKind,
        rows: Vec<usize>,
        top: usize,
        left: usize,
        cells: Vec<Vec<String>>,
        preset: Vec<(usize, String)>,
    },
    /// Sets demand cells of the item × period grid.
    SetDemand(Vec<DemandCell>),
    /// Stores a copy of the base plan as a new named scenario (File ▸ Save as scenario…).
    SaveScenario { name: String },
    /// Removes the scenario with this name from the plan.
    DeleteScenario { name: String },
    /// Freezes a characteristic's control limits on the subgroups `from_subgroup..=to_subgroup`
    /// (Phase I): its `control_limits` rows are replaced by this one range, so later points are
    /// judged against limits estimated from it.
    FreezeLimits {
        characteristic: String,
        from_subgroup: i64,
        to_subgroup: i64,
    },
    /// Removes a characteristic's `control_limits` rows: limits come from all subgroups again.
    UnfreezeLimits { characteristic: String },
    /// Appends measurements of one characteristic in one undo step: the values fill new
    /// subgroups of `subgroup_size` after the highest label used (the last may be smaller).
    AddMeasurements {
        characteristic: String,
        values: Vec<f64>,
        subgroup_size: usize,
    },
    /// Apply forecast to demand (§7): the whole demand table with the forecast items' rows
    /// replaced, as built by [`crate::app::forecasting::demand_with_forecast`]; one undo step.
    ApplyForecast { demand: Vec<Demand> },
    /// Use a levelled plan as master schedule (§6): the whole master_schedule table as built by
    /// [`crate::app::levelling::levelled_master_schedule`]; one undo step.
    UseMasterSchedule { rows: Vec<MasterScheduleRow> },
    /// Sets an item's forecast_settings row (method and parameters), or removes it with None
    /// (back to auto with fitted parameters).
    SetForecastSetting {
        item: String,
        setting: Option<ForecastSetting>,
    },
    /// Replaces an item's history by a pasted column of values, the last one in period 0 (the
    /// week before the plan starts), the first `values.len() − 1` periods earlier.
    SetHistory { item: String, values: Vec<f64> },
}

impl Command {
    /// Short description for the Edit menu ("Undo Set run_min").
    pub fn label(&self) -> String {
        match self {
            Command::SetSettings { field, .. } => format!("Set {field}"),
            Command::SetCell { table, column, .. } => {
                let field = table.columns().get(*column).map_or("cell", |c| c.field);
                format!("Set {} {field}", table.name())
            }
            Command::AddRow { table, .. } => format!("Add {} row", table.name()),
            Command::DuplicateRow { table, .. } => format!("Duplicate {} row", table.name()),
            Command::DeleteRows { table, rows } => {
                format!(
                    "Delete {}",
                    count_of(
                        rows.len(),
                        &format!("{} row", table.name()),
                        &format!("{} rows", table.name())
                    )
                )
            }
            Command::PasteCells { table, .. } => format!("Paste into {}", table.name()),
            Command::SetDemand(_) => "Set demand".to_string(),
            Command::SaveScenario { name } => format!("Save scenario \"{}\"", name.trim()),
            Command::DeleteScenario { name } => format!("Delete scenario \"{name}\""),
            Command::FreezeLimits { characteristic, .. } => {
                format!("Freeze limits of {characteristic}")
            }
            Command::UnfreezeLimits { characteristic } => {
                format!("Unfreeze limits of {characteristic}")
            }
            Command::ApplyForecast { .. } => "Apply forecast to demand".to_string(),
            Command::UseMasterSchedule { .. } => "Use levelled plan as master schedule".to_string(),
            Command::SetForecastSetting { item, .. } => format!("Set forecast method of {item}"),
            Command::SetHistory { item, .. } => format!("Paste history of {item}"),
            Command::AddMeasurements {
                characteristic,
                values,
                ..
            } => format!("Add {} measurements of {characteristic}", values.len()),
        }
    }
}

/// Parses a number typed or pasted by the user: surrounding spaces and the `,` thousands
/// separators the app displays are ignored; the decimal mark is `.`.
pub fn parse_number(text: &str) -> Option<f64> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '\u{a0}' && *c != ' ')
        .collect();
    let value: f64 = cleaned.parse().ok()?;
    value.is_finite().then_some(value)
}

/// The text shown for a cell value: numbers without separators, `null` as empty.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.to_string(),
            None => n.as_f64().map_or_else(String::new, format_plain_f64),
        },
        other => other.to_string(),
    }
}

/// Formats a float without exponent noise: `12`, `0.98`, `3.2`.
fn format_plain_f64(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Converts cell text to the JSON value of a column, or says why it cannot.
pub fn parse_cell(
    table: TableKind,
    row: usize,
    column: &PlanColumn,
    text: &str,
) -> Result<Value, EditError> {
    let trimmed = text.trim();
    let number_error = || EditError::NotANumber {
        table: table.name(),
        row: row + 1,
        field: column.field,
        text: text.to_string(),
    };
    match column.kind {
        ColumnKind::Text | ColumnKind::Reference(_) => Ok(Value::String(trimmed.to_string())),
        ColumnKind::OptionalReference(_) | ColumnKind::OptionalInteger if trimmed.is_empty() => {
            Ok(Value::Null)
        }
        ColumnKind::OptionalReference(_) => Ok(Value::String(trimmed.to_string())),
        ColumnKind::Number => parse_number(trimmed)
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(number_error),
        ColumnKind::OptionalNumber if trimmed.is_empty() => Ok(Value::Null),
        ColumnKind::OptionalNumber => parse_number(trimmed)
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(number_error),
        ColumnKind::Integer | ColumnKind::OptionalInteger => parse_number(trimmed)
            .filter(|x| x.fract() == 0.0 && x.abs() < 9e15)
            .map(|x| Value::from(x as i64))
            .ok_or_else(|| EditError::NotAnInteger {
                table: table.name(),
                row: row + 1,
                field: column.field,
                text: text.to_string(),
            }),
        ColumnKind::Choice(words) => words
            .iter()
            .find(|w| w.eq_ignore_ascii_case(trimmed))
            .map(|w| Value::String((*w).to_string()))
            .ok_or_else(|| EditError::UnknownChoice {
                table: table.name(),
                row: row + 1,
                field: column.field,
                text: text.to_string(),
                allowed: words.join(", "),
            }),
    }
}

/// Parses a pasted column of measurement values: one number per line (tabs and `;` also
/// separate values, blank lines are skipped). The error names the first bad line (1-based).
pub fn parse_value_column(text: &str) -> Result<Vec<f64>, EditError> {
    let mut values = Vec::new();
    for (index, line) in text.lines().enumerate() {
        for cell in line.split(['\t', ';']).map(str::trim) {
            if cell.is_empty() {
                continue;
            }
            let value = parse_number(cell).ok_or_else(|| EditError::PastedValue {
                line: index + 1,
                text: cell.to_string(),
            })?;
            values.push(value);
        }
    }
    Ok(values)
}

/// Splits clipboard text from a spreadsheet into rows of cells (tab-separated, one row a line).
pub fn split_clipboard(text: &str) -> Vec<Vec<String>> {
    text.trim_end_matches(['\n', '\r'])
        .split('\n')
        .map(|line| {
            line.trim_end_matches('\r')
                .split('\t')
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// Joins rows of cells into spreadsheet clipboard text (tab-separated, newline after each row).
pub fn join_clipboard(rows: &[Vec<String>]) -> String {
    let mut text = String::new();
    for row in rows {
        text.push_str(&row.join("\t"));
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_accept_the_thousands_separators_the_app_displays() {
        assert_eq!(parse_number(" 1,234.5 "), Some(1234.5));
        assert_eq!(parse_number("12"), Some(12.0));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number("inf"), None);
    }

    #[test]
    fn cell_parsing_names_table_row_and_field() {
        let price = &ITEM_COLUMNS[4];
        let err = parse_cell(TableKind::Items, 2, price, "cheap");
        assert_eq!(
            err.map_err(|e| e.to_string()),
            Err("items row 3, field price: \"cheap\" is not a number".to_string())
        );
        let lot = &ITEM_COLUMNS[6];
        assert_eq!(parse_cell(TableKind::Items, 0, lot, " "), Ok(Value::Null));
        let kind = &ITEM_COLUMNS[2];
        assert_eq!(
            parse_cell(TableKind::Items, 0, kind, "Material"),
            Ok(Value::String("material".into()))
        );
        let units = &RESOURCE_COLUMNS[3];
        assert!(parse_cell(TableKind::Resources, 0, units, "1.5").is_err());
        assert_eq!(
            parse_cell(TableKind::Resources, 0, units, "3"),
            Ok(Value::from(3))
        );
    }

    #[test]
    fn clipboard_round_trips_a_spreadsheet_block() {
        let text = "A\t1\r\nB\t2.5\r\n";
        let cells = split_clipboard(text);
        assert_eq!(cells, vec![vec!["A", "1"], vec!["B", "2.5"]]);
        assert_eq!(join_clipboard(&cells), "A\t1\nB\t2.5\n");
    }

    #[test]
    fn a_pasted_column_parses_every_line_and_names_the_bad_one() {
        assert_eq!(
            parse_value_column("118.5\r\n 117.7\n\n1,110.2\t3\n"),
            Ok(vec![118.5, 117.7, 1110.2, 3.0])
        );
        assert_eq!(
            parse_value_column("1\n2\nabc\n").map_err(|e| e.to_string()),
            Err("pasted values, line 3: \"abc\" is not a number".to_string())
        );
        assert_eq!(parse_value_column(" \n"), Ok(vec![]));
    }

    #[test]
    fn choice_columns_match_the_domain_words() {
        assert_eq!(item_kind_words(), ITEM_KINDS.to_vec());
        assert_eq!(resource_kind_words(), RESOURCE_KINDS.to_vec());
        assert_eq!(order_policy_words(), ORDER_POLICIES.to_vec());
        assert_eq!(forecast_method_words(), FORECAST_METHODS.to_vec());
    }

    #[test]
    fn optional_cells_read_empty_text_as_none() {
        let log = TableKind::ProductionLog;
        let column = |field: &str| log.columns()[log.column_index(field).unwrap_or(usize::MAX)];
        assert_eq!(parse_cell(log, 0, &column("item"), " "), Ok(Value::Null));
        assert_eq!(
            parse_cell(log, 0, &column("item"), " FRAME "),
            Ok(Value::String("FRAME".into()))
        );
        assert_eq!(
            parse_cell(log, 0, &column("good_count"), ""),
            Ok(Value::Null)
        );
        assert_eq!(
            parse_cell(log, 0, &column("good_count"), "1,618"),
            Ok(Value::from(1618))
        );
        assert_eq!(
            parse_cell(log, 4, &column("good_count"), "3.5").map_err(|e| e.to_string()),
            Err("production_log row 5, field good_count: \"3.5\" is not a whole number".into())
        );
        let items = TableKind::Items;
        let policy = items.columns()[items.column_index("order_policy").unwrap_or(usize::MAX)];
        assert_eq!(
            parse_cell(items, 0, &policy, "POQ"),
            Ok(Value::String("poq".into()))
        );
        assert_eq!(
            parse_cell(items, 1, &policy, "weekly").map_err(|e| e.to_string()),
            Err(
                "items row 2, field order_policy: \"weekly\" is not one of lot_for_lot, fixed, \
                 poq, eoq, wagner_whitin"
                    .into()
            )
        );
    }

    #[test]
    fn every_default_row_fits_its_table_type() {
        use crate::domain::Plan;
        let mut plan = Plan::default();
        for table in TableKind::ALL {
            let edit = super::super::history::Edit::Insert {
                table,
                index: 0,
                row: table.default_row(),
            };
            assert!(edit.apply(&mut plan).is_ok(), "{}", table.name());
            assert_eq!(
                super::super::history::row_count(&plan, table),
                1,
                "{}",
                table.name()
            );
        }
    }

    #[test]
    fn every_column_is_a_field_of_its_default_row() {
        for table in TableKind::ALL {
            let row = table.default_row();
            for column in table.columns() {
                assert!(
                    row.get(column.field).is_some(),
                    "{} lacks {}",
                    table.name(),
                    column.field
                );
            }
        }
    }
}
