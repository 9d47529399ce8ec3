//! Tests of the CSV table specs against the domain types, and of how one cell reads and writes.

use super::*;
use crate::domain::{
    BomLine, CalendarPeriod, Characteristic, ChartSetting, ControlLimit, Defect, Demand,
    DowntimeRow, ForecastSetting, HistoryRow, Inspection, Item, MasterScheduleRow, Measurement,
    ProductionLogRow, Queue, QueueArrival, Receipt, Resource, ResourcePeriod, RoutingStep,
};

/// The keys serde writes for `T::default()`, in the order it writes them.
///
/// `serde_json::Value` sorts keys, so the order is taken from the text: each key's
/// `"key":` position, for a flat struct whose text values never look like a key.
fn serde_keys<T: Serialize + Default>() -> Vec<String> {
    let text = serde_json::to_string(&T::default()).unwrap_or_default();
    let mut keys: Vec<String> = match serde_json::to_value(T::default()) {
        Ok(Value::Object(map)) => map.keys().cloned().collect(),
        other => panic!("not an object: {other:?}"),
    };
    keys.sort_by_key(|key| text.find(&format!("\"{key}\":")));
    keys
}

/// Checks a table spec against the domain type: same columns in the same order, the
/// required columns alone suffice, and leaving out any one of them fails.
fn assert_spec_matches<T: Serialize + Default + DeserializeOwned + std::fmt::Debug>(
    spec: &TableSpec,
) {
    let keys = serde_keys::<T>();
    assert_eq!(
        spec.column_names().collect::<Vec<_>>(),
        keys,
        "{}",
        spec.name
    );
    let value = serde_json::to_value(T::default()).unwrap_or(Value::Null);
    let texts: Vec<(&str, String)> = spec
        .columns
        .iter()
        .filter(|(_, need)| *need == Required)
        .map(|(name, _)| match cell_text(value.get(*name)) {
            // Default codes are empty, which a cell would read as "no value".
            text if text.is_empty() => (*name, "X".to_string()),
            text => (*name, text),
        })
        .collect();
    let only_required = deserialize_row::<T>(texts.iter().map(|(c, t)| (*c, t.as_str())));
    assert!(only_required.is_ok(), "{}: {only_required:?}", spec.name);
    for skipped in 0..texts.len() {
        let without = texts
            .iter()
            .enumerate()
            .filter(|(index, _)| *index != skipped)
            .map(|(_, (c, t))| (*c, t.as_str()));
        let result = deserialize_row::<T>(without);
        assert!(
            result.is_err(),
            "{}: {} is not required",
            spec.name,
            texts[skipped].0
        );
    }
}

#[test]
fn table_specs_match_the_domain_types() {
    assert_spec_matches::<PlanSettings>(&PLAN);
    assert_spec_matches::<Item>(&ITEMS);
    assert_spec_matches::<BomLine>(&BOM);
    assert_spec_matches::<Resource>(&RESOURCES);
    assert_spec_matches::<RoutingStep>(&ROUTING);
    assert_spec_matches::<Demand>(&DEMAND);
    assert_spec_matches::<Characteristic>(&CHARACTERISTICS);
    assert_spec_matches::<Measurement>(&MEASUREMENTS);
    assert_spec_matches::<ControlLimit>(&CONTROL_LIMITS);
    assert_spec_matches::<ChartSetting>(&CHART_SETTINGS);
    assert_spec_matches::<Inspection>(&INSPECTIONS);
    assert_spec_matches::<Defect>(&DEFECTS);
    assert_spec_matches::<Queue>(&QUEUES);
    assert_spec_matches::<QueueArrival>(&QUEUE_ARRIVALS);
    assert_spec_matches::<Receipt>(&RECEIPTS);
    assert_spec_matches::<MasterScheduleRow>(&MASTER_SCHEDULE);
    assert_spec_matches::<CalendarPeriod>(&CALENDAR);
    assert_spec_matches::<ResourcePeriod>(&RESOURCE_PERIODS);
    assert_spec_matches::<HistoryRow>(&HISTORY);
    assert_spec_matches::<ForecastSetting>(&FORECAST_SETTINGS);
    assert_spec_matches::<ProductionLogRow>(&PRODUCTION_LOG);
    assert_spec_matches::<DowntimeRow>(&DOWNTIME);
    assert_eq!(
        TABLES.iter().map(|spec| spec.name).collect::<Vec<_>>(),
        crate::domain::TABLE_NAMES,
        "one file per table of DESIGN.md §1, in its order"
    );
    assert_eq!(serde_keys::<Scenario>(), ["name", "plan"]);
    assert_eq!(
        SCENARIOS.column_names().collect::<Vec<_>>(),
        ["name", "plan"]
    );
}

#[test]
fn cell_numbers_parse_exactly_and_reject_non_finite() {
    let row = |text: &'static str| {
        deserialize_row::<Demand>([("item", "A"), ("period", "1"), ("qty", text)].into_iter())
    };
    // 0.1 + 0.2 is 0.30000000000000004 in binary floating point; its shortest text reads
    // back to the same bits.
    let sum = 0.1_f64 + 0.2;
    let text = format!("{sum}");
    assert_eq!(text, "0.30000000000000004");
    let parsed = deserialize_row::<Demand>(
        [("item", "A"), ("period", "1"), ("qty", text.as_str())].into_iter(),
    );
    assert_eq!(parsed.map(|d| d.qty.to_bits()).ok(), Some(sum.to_bits()));
    assert_eq!(
        row("inf").err(),
        Some((
            Some("qty".to_string()),
            "\"inf\" is not a finite number".to_string()
        ))
    );
    assert_eq!(
        row("NaN").err(),
        Some((
            Some("qty".to_string()),
            "\"NaN\" is not a finite number".to_string()
        ))
    );
}

#[test]
fn cell_integers_name_the_problem() {
    let row = |period: &'static str| {
        deserialize_row::<Demand>([("item", "A"), ("period", period), ("qty", "1")].into_iter())
    };
    assert_eq!(
        row("2.5").err(),
        Some((
            Some("period".to_string()),
            "\"2.5\" is not a whole number".to_string()
        ))
    );
    assert_eq!(
        row("99999999999999999999").err(),
        Some((
            Some("period".to_string()),
            "\"99999999999999999999\" is too large a number".to_string()
        ))
    );
}

#[test]
fn cell_enum_names_the_allowed_values() {
    let result = deserialize_row::<Item>([("code", "A"), ("kind", "gadget")].into_iter());
    assert_eq!(
        result.err(),
        Some((
            Some("kind".to_string()),
            "unknown variant \"gadget\", expected one of \"finished\", \"component\", \
             \"material\", \"service\""
                .to_string()
        ))
    );
}

#[test]
fn cell_text_writes_shortest_round_trip_numbers() {
    let text = |value: Value| cell_text(Some(&value));
    assert_eq!(text(serde_json::json!(1.0)), "1");
    assert_eq!(text(serde_json::json!(1e-7)), "0.0000001");
    assert_eq!(text(serde_json::json!(-3)), "-3");
    assert_eq!(text(Value::Null), "");
    assert_eq!(cell_text(None), "");
}
