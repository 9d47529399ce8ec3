//! Plan JSON (DESIGN.md §3): the `format`/`version` envelope around the plan tables.
//!
//! Reading is strict: unknown keys anywhere are an error naming the key, its path (`items[3]`)
//! and its line and column, so a typo never silently drops data. Writing lists every field,
//! `null`s included, in the order of the domain structs, so `parse_plan(&plan_to_json(p)) == p`.
//!
//! Numbers: `serde_json` writes the shortest text that reads back to the same `f64`, and the
//! `float_roundtrip` feature makes reading exact, so every finite number round-trips bit for bit.
//! JSON has no NaN or infinity: `serde_json` writes them as `null`, which then fails to read (or
//! reads as "none" for an optional field). The domain validation rejects non-finite numbers, so
//! a plan that passed validation always round-trips.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{Deserializer, Error as _, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::domain::{
    BomLine, CalendarPeriod, Characteristic, ChartSetting, ControlLimit, Defect, Demand,
    DowntimeRow, ForecastSetting, HistoryRow, Inspection, Item, MasterScheduleRow, Measurement,
    Plan, PlanSettings, ProductionLogRow, Queue, QueueArrival, Receipt, Resource, ResourcePeriod,
    RoutingStep, Scenario,
};

/// The value of the `format` key that marks a JSON document as an Opsplan plan.
pub const FORMAT_TAG: &str = "opsplan-plan";

/// The newest plan JSON version this build reads, and the one it writes.
pub const FORMAT_VERSION: u64 = 1;

/// Why a plan JSON text could not be read.
#[derive(Debug, Error)]
pub enum JsonError {
    /// The text is not well-formed JSON (or ends too early).
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// Well-formed JSON that does not match the plan format: an unknown key, a missing required
    /// field, a value of the wrong type. `path` locates the value, e.g. `items[3].qty`.
    #[error("line {line}, column {column}: {path}: {message}")]
    Schema {
        line: usize,
        column: usize,
        path: String,
        message: String,
    },
    /// The `format` key names something other than an Opsplan plan.
    #[error("format: \"{found}\" is not an Opsplan plan (expected \"{FORMAT_TAG}\")")]
    WrongFormat { found: String },
    /// The document declares a format version newer than this build understands.
    #[error(
        "version {found}: this plan was made by a newer Opsplan (this one reads version \
         {FORMAT_VERSION} and older); update Opsplan to open it"
    )]
    NewerVersion { found: u64 },
}

/// Parses a plan JSON document (with or without the `format`/`version` envelope).
///
/// The envelope is checked first, so a plan from a newer Opsplan is reported as such rather
/// than as a list of unknown fields.
pub fn parse_plan(text: &str) -> Result<Plan, JsonError> {
    let ObjectOnly(envelope) = deserialize_located::<ObjectOnly<Envelope>>(text)?;
    check_envelope(&envelope)?;
    let ObjectOnly(document) = deserialize_located::<ObjectOnly<DocumentIn>>(text)?;
    Ok(document.into_plan())
}

/// Writes a plan as pretty JSON with the envelope and every field explicit (`null` for none).
///
/// The key order is fixed by the domain structs, so the same plan always gives the same text.
#[allow(
    clippy::expect_used,
    reason = "serialising plain structs with string keys cannot fail (NaN becomes null)"
)]
pub fn plan_to_json(plan: &Plan) -> String {
    let mut text = serde_json::to_string_pretty(&DocumentOut::of(plan))
        .expect("plan types serialise infallibly: plain structs, string keys, no maps");
    text.push('\n');
    text
}

/// Parses one scenario's plan: the domain `Plan` shape without envelope or nested scenarios.
///
/// The CSV `scenarios.csv` file stores each scenario plan as such a JSON text.
pub(crate) fn parse_scenario_plan(text: &str) -> Result<Plan, JsonError> {
    let ScenarioPlan(plan) = deserialize_located(text)?;
    Ok(plan)
}

/// Writes one scenario's plan as compact JSON in the domain `Plan` shape (no envelope).
#[allow(
    clippy::expect_used,
    reason = "serialising plain structs with string keys cannot fail (NaN becomes null)"
)]
pub(crate) fn scenario_plan_to_json(plan: &Plan) -> String {
    serde_json::to_string(plan)
        .expect("plan types serialise infallibly: plain structs, string keys, no maps")
}

/// The envelope keys only; every other key is skipped in this first pass.
#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    version: Option<u64>,
}

fn check_envelope(envelope: &Envelope) -> Result<(), JsonError> {
    if let Some(found) = &envelope.format
        && found != FORMAT_TAG
    {
        return Err(JsonError::WrongFormat {
            found: found.clone(),
        });
    }
    match envelope.version {
        Some(found) if found > FORMAT_VERSION => Err(JsonError::NewerVersion { found }),
        _ => Ok(()),
    }
}

/// The whole document as read: the envelope (already checked) and every table.
///
/// `Plan` itself cannot carry the envelope keys because it denies unknown fields, and serde's
/// `flatten` does not combine with `deny_unknown_fields`, hence this explicit list.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentIn {
    #[serde(default, rename = "format")]
    _format: Option<IgnoredAny>,
    #[serde(default, rename = "version")]
    _version: Option<IgnoredAny>,
    plan: PlanSettings,
    #[serde(default)]
    items: Vec<Item>,
    #[serde(default)]
    bom: Vec<BomLine>,
    #[serde(default)]
    resources: Vec<Resource>,
    #[serde(default)]
    routing: Vec<RoutingStep>,
    #[serde(default)]
    demand: Vec<Demand>,
    #[serde(default)]
    characteristics: Vec<Characteristic>,
    #[serde(default)]
    measurements: Vec<Measurement>,
    #[serde(default)]
    control_limits: Vec<ControlLimit>,
    #[serde(default)]
    chart_settings: Vec<ChartSetting>,
    #[serde(default)]
    inspections: Vec<Inspection>,
    #[serde(default)]
    defects: Vec<Defect>,
    #[serde(default)]
    queues: Vec<Queue>,
    #[serde(default)]
    queue_arrivals: Vec<QueueArrival>,
    #[serde(default)]
    receipts: Vec<Receipt>,
    #[serde(default)]
    master_schedule: Vec<MasterScheduleRow>,
    #[serde(default)]
    calendar: Vec<CalendarPeriod>,
    #[serde(default)]
    resource_periods: Vec<ResourcePeriod>,
    #[serde(default)]
    history: Vec<HistoryRow>,
    #[serde(default)]
    forecast_settings: Vec<ForecastSetting>,
    #[serde(default)]
    production_log: Vec<ProductionLogRow>,
    #[serde(default)]
    downtime: Vec<DowntimeRow>,
    #[serde(default)]
    scenarios: Vec<ScenarioIn>,
}

impl DocumentIn {
    fn into_plan(self) -> Plan {
        Plan {
            settings: self.plan,
            items: self.items,
            bom: self.bom,
            resources: self.resources,
            routing: self.routing,
            demand: self.demand,
            characteristics: self.characteristics,
            measurements: self.measurements,
            control_limits: self.control_limits,
            chart_settings: self.chart_settings,
            inspections: self.inspections,
            defects: self.defects,
            queues: self.queues,
            queue_arrivals: self.queue_arrivals,
            receipts: self.receipts,
            master_schedule: self.master_schedule,
            calendar: self.calendar,
            resource_periods: self.resource_periods,
            history: self.history,
            forecast_settings: self.forecast_settings,
            production_log: self.production_log,
            downtime: self.downtime,
            scenarios: self
                .scenarios
                .into_iter()
                .map(|scenario| Scenario {
                    name: scenario.name,
                    plan: Box::new(scenario.plan.0),
                })
                .collect(),
        }
    }
}

/// A scenario as read: its plan must not hold scenarios of its own.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioIn {
    name: String,
    plan: ScenarioPlan,
}

/// A scenario's plan: the domain `Plan` shape, rejected when it nests further scenarios.
///
/// An empty `"scenarios": []` is accepted because that is how the domain `Plan` serialises.
struct ScenarioPlan(Plan);

impl<'de> Deserialize<'de> for ScenarioPlan {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let ObjectOnly(plan) = ObjectOnly::<Plan>::deserialize(deserializer)?;
        if plan.scenarios.is_empty() {
            Ok(ScenarioPlan(plan))
        } else {
            Err(D::Error::custom(format!(
                "a scenario's plan cannot hold scenarios of its own (found {}); \
                 keep every scenario at the top level",
                plan.scenarios.len()
            )))
        }
    }
}

/// A struct that must be written as a JSON object.
///
/// Derived struct deserialisers also accept an array of field values (`["opsplan-plan", 1]`);
/// this wrapper accepts only an object, so a wrong document shape is reported as such.
struct ObjectOnly<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ObjectOnly<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ObjectVisitor(PhantomData))
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = ObjectOnly<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a plan JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(ObjectOnly)
    }
}

/// The whole document as written: envelope first, then every table in DESIGN.md order.
#[derive(Serialize)]
struct DocumentOut<'a> {
    format: &'static str,
    version: u64,
    plan: &'a PlanSettings,
    items: &'a [Item],
    bom: &'a [BomLine],
    resources: &'a [Resource],
    routing: &'a [RoutingStep],
    demand: &'a [Demand],
    characteristics: &'a [Characteristic],
    measurements: &'a [Measurement],
    control_limits: &'a [ControlLimit],
    chart_settings: &'a [ChartSetting],
    inspections: &'a [Inspection],
    defects: &'a [Defect],
    queues: &'a [Queue],
    queue_arrivals: &'a [QueueArrival],
    receipts: &'a [Receipt],
    master_schedule: &'a [MasterScheduleRow],
    calendar: &'a [CalendarPeriod],
    resource_periods: &'a [ResourcePeriod],
    history: &'a [HistoryRow],
    forecast_settings: &'a [ForecastSetting],
    production_log: &'a [ProductionLogRow],
    downtime: &'a [DowntimeRow],
    scenarios: &'a [Scenario],
}

impl<'a> DocumentOut<'a> {
    fn of(plan: &'a Plan) -> Self {
        DocumentOut {
            format: FORMAT_TAG,
            version: FORMAT_VERSION,
            plan: &plan.settings,
            items: &plan.items,
            bom: &plan.bom,
            resources: &plan.resources,
            routing: &plan.routing,
            demand: &plan.demand,
            characteristics: &plan.characteristics,
            measurements: &plan.measurements,
            control_limits: &plan.control_limits,
            chart_settings: &plan.chart_settings,
            inspections: &plan.inspections,
            defects: &plan.defects,
            queues: &plan.queues,
            queue_arrivals: &plan.queue_arrivals,
            receipts: &plan.receipts,
            master_schedule: &plan.master_schedule,
            calendar: &plan.calendar,
            resource_periods: &plan.resource_periods,
            history: &plan.history,
            forecast_settings: &plan.forecast_settings,
            production_log: &plan.production_log,
            downtime: &plan.downtime,
            scenarios: &plan.scenarios,
        }
    }
}

/// Deserialises `text` as `T`, turning any failure into a [`JsonError`] with line, column and
/// (for schema errors) the path of the offending value.
fn deserialize_located<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, JsonError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| located_error(error.path().to_string(), error.into_inner()))?;
    deserializer
        .end()
        .map_err(|error| located_error(String::new(), error))?;
    Ok(value)
}

fn located_error(path: String, error: serde_json::Error) -> JsonError {
    // serde_json counts columns from 1 but reports 0 before the first character of a line.
    let (line, column) = (error.line(), error.column().max(1));
    let message = user_message(&error);
    match error.classify() {
        serde_json::error::Category::Data => JsonError::Schema {
            line,
            column,
            path: if path.is_empty() || path == "." {
                "top level".to_string()
            } else {
                path
            },
            message,
        },
        _ => JsonError::Syntax {
            line,
            column,
            message,
        },
    }
}

/// The error text without serde_json's trailing " at line L column C" (reported separately),
/// with serde's backticks as quotes and Rust type names in plain words.
fn user_message(error: &serde_json::Error) -> String {
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let bare = full.strip_suffix(&suffix).unwrap_or(&full);
    plain_words(bare)
}

/// Rewrites serde's wording for users: backticks become quotes, `f64`/`i64`/`u64` become words.
pub(crate) fn plain_words(message: &str) -> String {
    message
        .replace('`', "\"")
        .replace("expected f64", "expected a number")
        .replace("expected i64", "expected a whole number")
        .replace("expected u64", "expected a whole number ≥ 0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_is_written_first_with_current_version() {
        let text = plan_to_json(&Plan::default());
        let start = "{\n  \"format\": \"opsplan-plan\",\n  \"version\": 1,\n  \"plan\": {";
        assert!(text.starts_with(start), "{text}");
    }

    #[test]
    fn version_zero_and_missing_envelope_are_accepted() {
        let plain = r#"{"plan": {"name": "P", "periods": 2}}"#;
        assert_eq!(parse_plan(plain).map(|p| p.settings.periods).ok(), Some(2));
        let old =
            r#"{"format": "opsplan-plan", "version": 0, "plan": {"name": "P", "periods": 3}}"#;
        assert_eq!(parse_plan(old).map(|p| p.settings.periods).ok(), Some(3));
    }

    #[test]
    fn newer_version_is_reported_before_unknown_fields() {
        let text = r#"{"format": "opsplan-plan", "version": 2, "plan": {"name": "P", "periods": 1},
                       "robots": []}"#;
        match parse_plan(text) {
            Err(JsonError::NewerVersion { found: 2 }) => {}
            other => panic!("expected NewerVersion, got {other:?}"),
        }
    }

    #[test]
    fn top_level_array_is_a_schema_error_in_plain_words() {
        let error = parse_plan("[1, 2]").err().map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some(
                "line 1, column 1: top level: invalid type: sequence, expected a plan JSON object"
            )
        );
    }

    #[test]
    fn trailing_text_after_the_document_is_a_syntax_error() {
        let text = r#"{"plan": {"name": "P", "periods": 1}} x"#;
        match parse_plan(text) {
            Err(JsonError::Syntax {
                line: 1, column, ..
            }) => assert_eq!(column, 39),
            other => panic!("expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn plain_words_rewrites_type_names_and_backticks() {
        assert_eq!(
            plain_words("invalid type: string \"ten\", expected f64"),
            "invalid type: string \"ten\", expected a number"
        );
        assert_eq!(
            plain_words("unknown field `colour`, expected `code`"),
            "unknown field \"colour\", expected \"code\""
        );
    }
}
