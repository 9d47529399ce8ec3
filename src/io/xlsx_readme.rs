//! The sentences of a plan workbook's `README` sheet: what each table holds and what a user
//! fills into each field (DESIGN.md §1), so a template explains itself to a new user.
//!
//! The column lists themselves come from the CSV table specs; a test checks that every column
//! of every table has exactly one sentence here.

/// One table: its name, a sentence on what it holds, and one sentence per field.
pub(crate) struct TableHelp {
    pub(crate) table: &'static str,
    pub(crate) about: &'static str,
    pub(crate) fields: &'static [(&'static str, &'static str)],
}

/// The help of `table`, when it has one.
pub(crate) fn table_help(table: &str) -> Option<&'static TableHelp> {
    HELP.iter().find(|help| help.table == table)
}

/// The sentence for `field` of `table`, when it has one.
pub(crate) fn field_help(table: &str, field: &str) -> Option<&'static str> {
    table_help(table)?
        .fields
        .iter()
        .find(|(name, _)| *name == field)
        .map(|(_, text)| *text)
}

/// Every table of a workbook (scenarios stay out of workbooks), in the order of DESIGN.md §1.
pub(crate) const HELP: &[TableHelp] = &[
    TableHelp {
        table: "plan",
        about: "The plan itself: one data row with its name and horizon.",
        fields: &[
            (
                "name",
                "Name of the plan, shown in the title bar and reports.",
            ),
            ("currency", "Currency of every money figure (default EUR)."),
            (
                "period_unit",
                "Length of one period: day, week (default) or month.",
            ),
            (
                "periods",
                "Number of periods in the horizon (a whole number, at least 1).",
            ),
            (
                "periods_per_year",
                "Periods in a year, for yearly figures; empty = 250 days, 52 weeks or 12 months.",
            ),
            (
                "start_date",
                "Date of the first period (YYYY-MM-DD); when given, periods are labelled by date.",
            ),
            (
                "holding_rate",
                "Yearly cost of carrying stock as a share of unit cost (default 0.25).",
            ),
            (
                "backorder_factor",
                "Cost of a unit late for one period as a multiple of its holding cost (default 4).",
            ),
        ],
    },
    TableHelp {
        table: "items",
        about: "Products, components, materials and services, one per row.",
        fields: &[
            (
                "code",
                "Unique code of the item, used by every other sheet.",
            ),
            ("name", "Description of the item."),
            (
                "kind",
                "finished (sold), component (made inside), material (bought) or service.",
            ),
            ("unit", "Unit of measure (default pcs)."),
            ("price", "Selling price per unit (default 0)."),
            (
                "purchase_cost",
                "Purchase cost per unit of a bought item (default 0).",
            ),
            (
                "lot_size",
                "Process batch with one setup each; empty = one batch per release.",
            ),
            ("on_hand", "Stock at the start of period 1 (default 0)."),
            (
                "safety_stock",
                "Stock the material plan keeps at the end of every period.",
            ),
            (
                "lead_time",
                "Whole periods between releasing an order and receiving it (default 0).",
            ),
            (
                "order_policy",
                "How planned orders are sized: lot_for_lot, fixed, poq, eoq or wagner_whitin.",
            ),
            (
                "order_qty",
                "Order quantity of the fixed policy (needed by it).",
            ),
            (
                "order_periods",
                "Periods one order covers under poq (needed by it).",
            ),
            ("order_min", "Smallest planned order (default 0)."),
            (
                "order_multiple",
                "Planned orders are whole multiples of this when given.",
            ),
            (
                "order_cost",
                "Cost of placing one planned order (default 0).",
            ),
            (
                "backorder_cost",
                "Cost of one unit late for one period; empty = backorder_factor × holding cost.",
            ),
        ],
    },
    TableHelp {
        table: "bom",
        about: "Bills of materials: which children go into one unit of a parent.",
        fields: &[
            ("parent", "Item code of the item made."),
            ("child", "Item code of the item used."),
            (
                "qty",
                "Units of the child per unit of the parent started (more than 0).",
            ),
        ],
    },
    TableHelp {
        table: "resources",
        about: "Machines, lines, people, desks and servers that give capacity.",
        fields: &[
            (
                "code",
                "Unique code of the resource, used by routing and queues.",
            ),
            ("name", "Description of the resource."),
            ("kind", "machine (default), line, labour, desk or server."),
            (
                "units",
                "Parallel identical units (a whole number, default 1).",
            ),
            (
                "hours_per_period",
                "Hours one unit works in a period (more than 0).",
            ),
            (
                "efficiency",
                "Share of the hours that is productive, up to 1 (default 1).",
            ),
            (
                "cost_per_hour",
                "Variable cost of an hour of work (default 0).",
            ),
            (
                "fixed_cost_per_period",
                "Fixed cost of all units per period (default 0).",
            ),
            (
                "capital_cost",
                "Investment in all units, written off over life_years.",
            ),
            (
                "life_years",
                "Years over which capital_cost is written off (default 10).",
            ),
            (
                "overtime_hours_per_period",
                "Overtime hours all units together may add in a period (default 0).",
            ),
            (
                "overtime_premium_per_hour",
                "Extra cost of an overtime hour; empty = half of cost_per_hour.",
            ),
        ],
    },
    TableHelp {
        table: "routing",
        about: "The process steps of each made item, in seq order.",
        fields: &[
            ("item", "Item code of the item the step makes."),
            (
                "seq",
                "Step number, unique per item; steps run in ascending order.",
            ),
            ("name", "Description of the step."),
            ("resource", "Resource code of the resource doing the step."),
            ("setup_min", "Setup minutes per lot (default 0)."),
            ("run_min", "Run minutes per unit entering the step."),
            ("yield", "Good share out of the step, up to 1 (default 1)."),
        ],
    },
    TableHelp {
        table: "demand",
        about: "Units to deliver per item and period.",
        fields: &[
            ("item", "Item code of the item demanded."),
            ("period", "Period number, 1 to periods."),
            ("qty", "Units demanded in the period (0 or more)."),
        ],
    },
    TableHelp {
        table: "characteristics",
        about: "Measured quality characteristics and their specification limits.",
        fields: &[
            (
                "code",
                "Unique code of the characteristic, used by measurements.",
            ),
            ("item", "Item code of the item measured."),
            ("name", "Description of the characteristic."),
            ("unit", "Unit of the measured values."),
            ("lsl", "Lower specification limit; empty = none."),
            ("target", "Target value; empty = none."),
            ("usl", "Upper specification limit; empty = none."),
        ],
    },
    TableHelp {
        table: "measurements",
        about: "Measured values for the control charts, grouped in subgroups.",
        fields: &[
            ("characteristic", "Characteristic code of the value."),
            (
                "subgroup",
                "Whole-number label of the subgroup; values of one label form it.",
            ),
            ("value", "The measured value."),
        ],
    },
    TableHelp {
        table: "control_limits",
        about: "Phase I ranges: control limits frozen from these subgroups.",
        fields: &[
            ("characteristic", "Characteristic code of the chart."),
            ("from_subgroup", "First subgroup label of the range."),
            (
                "to_subgroup",
                "Last subgroup label of the range (inclusive).",
            ),
        ],
    },
    TableHelp {
        table: "chart_settings",
        about: "EWMA and CUSUM settings and known standard values per characteristic.",
        fields: &[
            ("characteristic", "Characteristic code of the chart."),
            (
                "ewma_lambda",
                "EWMA weight of the newest point, up to 1 (default 0.2).",
            ),
            ("ewma_l", "Width of the EWMA limits in sigmas (default 3)."),
            ("cusum_k", "CUSUM allowance in sigmas (default 0.5)."),
            ("cusum_h", "CUSUM decision interval in sigmas (default 5)."),
            (
                "center",
                "Known centre that replaces the estimated one; empty = estimated.",
            ),
            (
                "sigma",
                "Known sigma that replaces the estimated one; empty = estimated.",
            ),
        ],
    },
    TableHelp {
        table: "inspections",
        about: "Inspected lots with their defective units, for the p chart.",
        fields: &[
            ("item", "Item code of the item inspected."),
            ("lot", "Label of the lot."),
            ("inspected", "Units inspected (more than 0)."),
            ("defective", "Units found defective, at most inspected."),
        ],
    },
    TableHelp {
        table: "defects",
        about: "Defects found per lot and type, for the c and u charts and the Pareto.",
        fields: &[
            ("item", "Item code of the item."),
            ("lot", "Label of the lot."),
            ("type", "Kind of defect."),
            ("count", "Number of defects of that type in the lot."),
        ],
    },
    TableHelp {
        table: "queues",
        about: "Service queues served by a resource's units (Erlang C).",
        fields: &[
            ("code", "Unique code of the queue."),
            ("name", "Description of the queue."),
            ("resource", "Resource code whose units are the servers."),
            ("arrival_per_hour", "Arrivals per hour (more than 0)."),
            ("service_min", "Minutes to serve one arrival (more than 0)."),
            (
                "target_wait_min",
                "Wait the service level counts against, minutes (default 1).",
            ),
            (
                "target_service_level",
                "Share served within the target wait (default 0.8).",
            ),
        ],
    },
    TableHelp {
        table: "queue_arrivals",
        about: "Arrival rates of a queue that differ in some periods.",
        fields: &[
            ("queue", "Queue code."),
            ("period", "Period number."),
            (
                "arrival_per_hour",
                "Arrivals per hour in the period; 0 = closed.",
            ),
        ],
    },
    TableHelp {
        table: "receipts",
        about: "Scheduled receipts: orders already released, due in a period.",
        fields: &[
            ("item", "Item code of the item ordered."),
            ("period", "Period the order arrives, 1 to periods."),
            (
                "qty",
                "Units arriving (more than 0); rows of one item and period add up.",
            ),
        ],
    },
    TableHelp {
        table: "master_schedule",
        about: "Firm planned receipts; an item with any row is not netted by the material plan.",
        fields: &[
            ("item", "Item code of the scheduled item."),
            ("period", "Period number, 1 to periods."),
            ("qty", "Units planned to arrive in the period (0 or more)."),
        ],
    },
    TableHelp {
        table: "calendar",
        about: "Working share per period; periods without a row are normal periods.",
        fields: &[
            ("period", "Period number, 1 to periods, one row each."),
            (
                "working_share",
                "1 = a normal period, 0.8 = one day off in five, 0 = shutdown.",
            ),
        ],
    },
    TableHelp {
        table: "resource_periods",
        about: "A resource's units, hours and overtime in one period: shifts, holidays, maintenance.",
        fields: &[
            ("resource", "Resource code."),
            ("period", "Period number, 1 to periods."),
            (
                "units",
                "Units working in the period; empty = the resource's units.",
            ),
            (
                "hours_per_period",
                "Hours per unit in the period; empty = the resource's × working_share.",
            ),
            (
                "overtime_hours",
                "Overtime hours the period may add; empty = overtime_hours_per_period.",
            ),
        ],
    },
    TableHelp {
        table: "history",
        about: "Past sales per item, the input of forecasting.",
        fields: &[
            ("item", "Item code of the item sold."),
            (
                "period",
                "Past period: 0 is the one just before period 1, -1 the one before.",
            ),
            ("qty", "Units sold in the period (0 or more)."),
        ],
    },
    TableHelp {
        table: "forecast_settings",
        about: "The forecasting method and its parameters per item.",
        fields: &[
            ("item", "Item code, one row per item."),
            (
                "method",
                "auto (default), moving_average, ses, holt, holt_winters or croston.",
            ),
            ("window", "Periods averaged by moving_average (default 3)."),
            ("alpha", "Level smoothing, between 0 and 1; empty = fitted."),
            ("beta", "Trend smoothing, between 0 and 1; empty = fitted."),
            (
                "gamma",
                "Season smoothing, between 0 and 1; empty = fitted.",
            ),
            ("phi", "Trend damping of holt, up to 1 (default 1 = none)."),
            (
                "season_length",
                "Periods in a season; empty = periods_per_year when history is long enough.",
            ),
        ],
    },
    TableHelp {
        table: "production_log",
        about: "Shop-floor runs (shifts, orders) for OEE.",
        fields: &[
            ("resource", "Resource code of the resource that ran."),
            ("period", "Period of the run; 0 or less for past periods."),
            ("item", "Item code of the item made; empty = not recorded."),
            (
                "planned_min",
                "Minutes the run was planned to take (more than 0).",
            ),
            (
                "downtime_min",
                "Minutes of it the resource stood still (default 0).",
            ),
            ("ideal_cycle_min", "Ideal minutes per unit (more than 0)."),
            ("total_count", "Units made, good and bad (a whole number)."),
            (
                "good_count",
                "Good units, at most total_count; empty = all of them.",
            ),
        ],
    },
    TableHelp {
        table: "downtime",
        about: "Stops of a resource by reason, for the downtime Pareto.",
        fields: &[
            (
                "resource",
                "Resource code of the resource that stood still.",
            ),
            ("period", "Period of the stop."),
            ("reason", "Why it stopped."),
            ("minutes", "Minutes stopped for this reason (more than 0)."),
        ],
    },
];
