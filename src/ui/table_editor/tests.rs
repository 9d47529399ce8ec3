//! Tests of the table editor's row filter and sort, scopes, pasted headers and number display.

use super::*;
use crate::domain::{Item, Plan};

fn doc_with_items(items: &[(&str, f64)]) -> Document {
    let mut plan = Plan::default();
    for (code, price) in items {
        plan.items.push(Item {
            code: code.to_string(),
            price: *price,
            ..Item::default()
        });
    }
    Document::from_plan(plan)
}

#[test]
fn rows_filter_and_sort_numerically() {
    let doc = doc_with_items(&[("B", 100.0), ("A", 9.5), ("AB", 20.0)]);
    let price = Sort {
        column: 4,
        ascending: true,
    };
    assert_eq!(
        visible_rows(&doc, TableKind::Items, "", Some(price), None),
        vec![1, 2, 0]
    );
    assert_eq!(
        visible_rows(&doc, TableKind::Items, "a", None, None),
        vec![1, 2]
    );
}

#[test]
fn scope_hides_its_column_and_keeps_matching_rows() {
    let mut doc = doc_with_items(&[("A", 1.0)]);
    doc.apply(Command::PasteCells {
        table: TableKind::Bom,
        rows: vec![],
        top: 0,
        left: 0,
        cells: vec![
            vec!["A".into(), "X".into(), "2".into()],
            vec!["B".into(), "Y".into(), "3".into()],
        ],
        preset: vec![],
    })
    .unwrap();
    let scope = Scope {
        column: 0,
        value: "B".into(),
    };
    assert_eq!(
        visible_rows(&doc, TableKind::Bom, "", None, Some(&scope)),
        vec![1]
    );
    assert_eq!(visible_columns(TableKind::Bom, Some(&scope)), vec![1, 2]);
}

#[test]
fn a_pasted_header_line_is_recognised() {
    let header = vec!["child".to_string(), "qty".to_string()];
    assert!(is_header(TableKind::Bom, 1, &header));
    assert!(!is_header(TableKind::Bom, 1, &["X".into(), "2".into()]));
}

#[test]
fn numbers_display_with_separators() {
    assert_eq!(display_text(ColumnKind::Number, "12500"), "12,500");
    assert_eq!(display_text(ColumnKind::Number, "0.985"), "0.985");
    assert_eq!(display_text(ColumnKind::Text, "12500"), "12500");
}
