//! Editors built on [`TableEditor`]: bills of materials per parent (with the multi-level tree),
//! routing steps per item, and the quality and queue tables.

use super::page::{PageContext, PageView};
use super::style;
use std::collections::{HashMap, HashSet};

use eframe::egui::{self, RichText};

use super::format;
use super::item_picker::ItemPicker;
use super::table_editor::{Scope, TableEditor};
use crate::app::{Command, Document, TableKind};
use crate::domain::Plan;

/// Deepest BOM level drawn in the tree (a guard should the plan hold a cycle).
const MAX_TREE_DEPTH: usize = 12;

/// What the BOM page derives from the plan: every parent's lines as row indices (no copied
/// codes), built once per revision of the BOM table, and the first item in plan order that
/// has a bill of materials, found again when the items change too. Not per frame: plan L has
/// 20,000 items, and copying every line's codes into the index took 20 ms.
#[derive(Debug, Clone, Default)]
struct BomIndex {
    revision: Option<u64>,
    /// BOM rows of each parent, in table order.
    rows_by_parent: HashMap<String, Vec<usize>>,
    /// The BOM and Items revisions `first_parent` was found for.
    first_parent_key: Option<(u64, u64)>,
    /// The first item in plan order with a bill of materials.
    first_parent: Option<String>,
}

impl BomIndex {
    fn refresh(&mut self, doc: &Document) {
        let plan = doc.plan();
        let revision = doc.table_revision(TableKind::Bom);
        if self.revision != Some(revision) {
            self.rows_by_parent.clear();
            for (parent, rows) in code_runs(plan.bom.iter().map(|line| line.parent.as_str())) {
                match self.rows_by_parent.get_mut(parent) {
                    Some(lines) => lines.extend(rows),
                    None => {
                        self.rows_by_parent
                            .insert(parent.to_string(), rows.collect());
                    }
                }
            }
            self.revision = Some(revision);
        }
        let key = (revision, doc.table_revision(TableKind::Items));
        if self.first_parent_key != Some(key) {
            self.first_parent =
                first_in_plan_order(plan, |code| self.rows_by_parent.contains_key(code));
            self.first_parent_key = Some(key);
        }
    }
}

/// Consecutive runs of equal codes, each with its row range: the rows of one item (a parent's
/// BOM lines, an item's routing steps) usually sit together, so an index built over the runs
/// looks each item up once, not once per row (plan L has 170,000 routing steps).
fn code_runs<'a>(
    codes: impl Iterator<Item = &'a str>,
) -> impl Iterator<Item = (&'a str, std::ops::Range<usize>)> {
    let mut codes = codes.enumerate().peekable();
    std::iter::from_fn(move || {
        let (start, code) = codes.next()?;
        let mut end = start + 1;
        while codes.next_if(|&(_, next)| next == code).is_some() {
            end += 1;
        }
        Some((code, start..end))
    })
}

/// The code of the first item in plan order that `wanted` accepts.
fn first_in_plan_order(plan: &Plan, wanted: impl Fn(&str) -> bool) -> Option<String> {
    plan.items
        .iter()
        .find(|item| wanted(&item.code))
        .map(|item| item.code.clone())
}

/// Bill of materials of one parent item, with its multi-level structure as a tree.
#[derive(Debug, Clone)]
pub struct BomView {
    parent: Option<String>,
    editor: TableEditor,
    index: BomIndex,
    picker: ItemPicker,
}

impl Default for BomView {
    fn default() -> Self {
        BomView {
            parent: None,
            editor: TableEditor::new(TableKind::Bom),
            index: BomIndex::default(),
            picker: ItemPicker::default(),
        }
    }
}

impl BomView {
    /// Shows BOM row `row`: selects its parent and the row.
    pub fn reveal_row(&mut self, doc: &Document, row: usize) {
        if let Some(line) = doc.plan().bom.get(row) {
            self.parent = Some(line.parent.clone());
        }
        self.editor.reveal_row(row);
    }

    /// Draws the parent chooser, the lines of that parent and the tree.
    fn contents_ui(&mut self, ui: &mut egui::Ui, doc: &Document, out: &mut Vec<Command>) {
        self.index.refresh(doc);
        self.picker.refresh(doc);
        let parent = self
            .parent
            .clone()
            .filter(|p| self.picker.contains(p))
            .or_else(|| self.index.first_parent.clone())
            .or_else(|| doc.plan().items.first().map(|i| i.code.clone()));
        let Some(parent) = parent else {
            ui.label("Add items first: a bill of materials lists the children of an item.");
            return;
        };
        ui.horizontal(|ui| {
            ui.label("Parent item");
            self.picker
                .ui(ui, "bom-parent", "Parent item", &parent, &mut self.parent);
        });
        ui.add_space(4.0);
        let scope = Scope {
            column: 0,
            value: parent.clone(),
        };
        let tree_height = (ui.available_height() * 0.35).max(120.0);
        ui.allocate_ui(
            egui::vec2(ui.available_width(), ui.available_height() - tree_height),
            |ui| self.editor.editor_ui(ui, doc, Some(&scope), out),
        );
        ui.separator();
        ui.label(RichText::new(format!("Structure of {parent}")).strong());
        egui::ScrollArea::vertical()
            .id_salt("bom-tree")
            .show(ui, |ui| {
                tree_ui(ui, doc.plan(), &self.index.rows_by_parent, &parent, 1.0, 0);
            });
    }
}

/// Draws `code`'s children recursively, with the quantity per unit of the top item.
fn tree_ui(
    ui: &mut egui::Ui,
    plan: &Plan,
    rows_by_parent: &HashMap<String, Vec<usize>>,
    code: &str,
    qty: f64,
    depth: usize,
) {
    let Some(rows) = rows_by_parent.get(code) else {
        return;
    };
    if depth >= MAX_TREE_DEPTH {
        ui.colored_label(style::ERROR, "… deeper levels hidden (is there a cycle?)");
        return;
    }
    for line in rows.iter().filter_map(|&row| plan.bom.get(row)) {
        let child = &line.child;
        let total = qty * line.qty;
        let text = format!("{child}  × {} per top unit", format::quantity(total));
        if rows_by_parent.contains_key(child) {
            egui::CollapsingHeader::new(text)
                .id_salt((code, child, depth))
                .default_open(depth < 2)
                .show(ui, |ui| {
                    tree_ui(ui, plan, rows_by_parent, child, total, depth + 1)
                });
        } else {
            ui.label(format!("• {text}"));
        }
    }
}

/// Routing steps of one item.
#[derive(Debug, Clone)]
pub struct RoutingView {
    item: Option<String>,
    editor: TableEditor,
    picker: ItemPicker,
    /// The first item (plan order) that has routing steps, and the Routing and Items revisions
    /// it was found for.
    first_routed: Option<((u64, u64), Option<String>)>,
}

impl Default for RoutingView {
    fn default() -> Self {
        RoutingView {
            item: None,
            editor: TableEditor::new(TableKind::Routing),
            picker: ItemPicker::default(),
            first_routed: None,
        }
    }
}

impl RoutingView {
    /// Shows routing row `row`: selects its item and the row.
    pub fn reveal_row(&mut self, doc: &Document, row: usize) {
        if let Some(step) = doc.plan().routing.get(row) {
            self.item = Some(step.item.clone());
        }
        self.editor.reveal_row(row);
    }

    /// Draws the item chooser and that item's steps.
    fn contents_ui(&mut self, ui: &mut egui::Ui, doc: &Document, out: &mut Vec<Command>) {
        self.picker.refresh(doc);
        let item = self
            .item
            .clone()
            .filter(|code| self.picker.contains(code))
            .or_else(|| self.first_routed_item(doc))
            .or_else(|| doc.plan().items.first().map(|i| i.code.clone()));
        let Some(item) = item else {
            ui.label("Add items first: a routing lists the process steps of an item.");
            return;
        };
        ui.horizontal(|ui| {
            ui.label("Item");
            self.picker
                .ui(ui, "routing-item", "Item", &item, &mut self.item);
            ui.label(
                RichText::new("Steps run in seq order; yield is the good share out of a step.")
                    .weak(),
            );
        });
        ui.add_space(4.0);
        let scope = Scope {
            column: 0,
            value: item,
        };
        self.editor.editor_ui(ui, doc, Some(&scope), out);
    }

    /// The first item in plan order with routing steps, found once per change of the routing
    /// or the items.
    fn first_routed_item(&mut self, doc: &Document) -> Option<String> {
        let key = (
            doc.table_revision(TableKind::Routing),
            doc.table_revision(TableKind::Items),
        );
        if let Some((found_for, item)) = &self.first_routed
            && *found_for == key
        {
            return item.clone();
        }
        let plan = doc.plan();
        let routed: HashSet<&str> = code_runs(plan.routing.iter().map(|s| s.item.as_str()))
            .map(|(item, _)| item)
            .collect();
        let item = first_in_plan_order(plan, |code| routed.contains(code));
        self.first_routed = Some((key, item.clone()));
        item
    }
}

/// The quality tables (characteristics, measurements, inspections, defects) and queues.
#[derive(Debug, Clone)]
pub struct QualityDataView {
    table: TableKind,
    editors: Vec<TableEditor>,
}

const QUALITY_TABLES: [TableKind; 7] = [
    TableKind::Characteristics,
    TableKind::Measurements,
    TableKind::ControlLimits,
    TableKind::ChartSettings,
    TableKind::Inspections,
    TableKind::Defects,
    TableKind::Queues,
];

impl Default for QualityDataView {
    fn default() -> Self {
        QualityDataView {
            table: TableKind::Characteristics,
            editors: QUALITY_TABLES
                .iter()
                .map(|&t| TableEditor::new(t))
                .collect(),
        }
    }
}

impl QualityDataView {
    /// Shows row `row` of one of the quality or queue tables.
    pub fn reveal_row(&mut self, table: TableKind, row: usize) {
        if let Some(index) = QUALITY_TABLES.iter().position(|&t| t == table) {
            self.table = table;
            self.editors[index].reveal_row(row);
        }
    }

    /// Draws the table tabs and the chosen table.
    fn contents_ui(&mut self, ui: &mut egui::Ui, doc: &Document, out: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            for table in QUALITY_TABLES {
                let label = format!("{} ({})", table.name(), doc.row_count(table));
                ui.selectable_value(&mut self.table, table, label);
            }
        });
        ui.separator();
        if let Some(index) = QUALITY_TABLES.iter().position(|&t| t == self.table) {
            self.editors[index].editor_ui(ui, doc, None, out);
        }
    }
}

impl PageView for BomView {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageContext<'_>) {
        self.contents_ui(ui, cx.doc, cx.edits);
    }

    fn reveal(&mut self, doc: &Document, table: TableKind, row: Option<usize>) -> bool {
        if table != TableKind::Bom {
            return false;
        }
        if let Some(row) = row {
            self.reveal_row(doc, row);
        }
        true
    }
}

impl PageView for RoutingView {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageContext<'_>) {
        self.contents_ui(ui, cx.doc, cx.edits);
    }

    fn reveal(&mut self, doc: &Document, table: TableKind, row: Option<usize>) -> bool {
        if table != TableKind::Routing {
            return false;
        }
        if let Some(row) = row {
            self.reveal_row(doc, row);
        }
        true
    }
}

impl PageView for QualityDataView {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageContext<'_>) {
        self.contents_ui(ui, cx.doc, cx.edits);
    }

    /// The quality tables; queues are revealed on the Queues & staffing page.
    fn reveal(&mut self, _doc: &Document, table: TableKind, row: Option<usize>) -> bool {
        if table == TableKind::Queues || !QUALITY_TABLES.contains(&table) {
            return false;
        }
        match row {
            Some(row) => self.reveal_row(table, row),
            None => self.table = table,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Item;

    fn doc_with_items(items: &[(&str, &str)]) -> Document {
        let mut plan = Plan::default();
        for (code, name) in items {
            plan.items.push(Item {
                code: code.to_string(),
                name: name.to_string(),
                ..Item::default()
            });
        }
        Document::from_plan(plan)
    }

    #[test]
    fn the_bom_index_finds_the_first_parent_in_plan_order_and_each_parents_rows() {
        let mut doc = doc_with_items(&[("TUBE", ""), ("BIKE", ""), ("FRAME", "")]);
        doc.apply(Command::PasteCells {
            table: TableKind::Bom,
            rows: vec![],
            top: 0,
            left: 0,
            cells: vec![
                vec!["FRAME".into(), "TUBE".into(), "2".into()],
                vec!["BIKE".into(), "FRAME".into(), "1".into()],
                vec!["FRAME".into(), "SEAT".into(), "1".into()],
            ],
            preset: vec![],
        })
        .expect("BOM lines paste");
        let mut index = BomIndex::default();
        index.refresh(&doc);
        // Plan order of the items: TUBE (no BOM), BIKE, FRAME.
        assert_eq!(index.first_parent.as_deref(), Some("BIKE"));
        // FRAME's lines are rows 0 and 2, apart: both are found.
        assert_eq!(index.rows_by_parent["FRAME"], vec![0, 2]);
        assert_eq!(index.rows_by_parent["BIKE"], vec![1]);
        assert_eq!(index.rows_by_parent.len(), 2);
    }

    #[test]
    fn code_runs_group_consecutive_equal_codes_with_their_rows() {
        let runs: Vec<(&str, std::ops::Range<usize>)> =
            code_runs(["A", "A", "B", "A", "A", "A"].into_iter()).collect();
        assert_eq!(runs, vec![("A", 0..2), ("B", 2..3), ("A", 3..6)]);
        assert_eq!(code_runs(std::iter::empty()).count(), 0);
    }
}
