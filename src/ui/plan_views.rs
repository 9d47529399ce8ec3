//! Editors built on [`TableEditor`]: bills of materials per parent (with the multi-level tree),
//! routing steps per item, and the quality and queue tables.

use super::page::{PageContext, PageView};
use super::style;
use std::collections::HashMap;

use eframe::egui::{self, RichText};

use super::format;
use super::item_picker::ItemPicker;
use super::table_editor::{Scope, TableEditor};
use crate::app::{Command, Document, TableKind};
use crate::domain::Plan;

/// Deepest BOM level drawn in the tree (a guard should the plan hold a cycle).
const MAX_TREE_DEPTH: usize = 12;

/// What the BOM page derives from one plan revision: the items that have a bill of materials
/// and every parent's lines. Built once per revision, not per frame (plan L has 20,000 items).
#[derive(Debug, Clone, Default)]
struct BomIndex {
    revision: Option<u64>,
    /// Items with a bill of materials, in plan order.
    parents: Vec<String>,
    /// Child code and quantity per parent unit, for each parent, in BOM order.
    children: HashMap<String, Vec<(String, f64)>>,
}

impl BomIndex {
    fn refresh(&mut self, doc: &Document) {
        let revision = doc.table_revision(TableKind::Bom);
        if self.revision == Some(revision) {
            return;
        }
        let plan = doc.plan();
        self.children = children_by_parent(plan);
        self.parents = plan
            .items
            .iter()
            .filter(|i| self.children.contains_key(&i.code))
            .map(|i| i.code.clone())
            .collect();
        self.revision = Some(revision);
    }
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
            .or_else(|| self.index.parents.first().cloned())
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
                tree_ui(ui, &self.index.children, &parent, 1.0, 0);
            });
    }
}

fn children_by_parent(plan: &Plan) -> HashMap<String, Vec<(String, f64)>> {
    let mut children: HashMap<String, Vec<(String, f64)>> = HashMap::new();
    for line in &plan.bom {
        children
            .entry(line.parent.clone())
            .or_default()
            .push((line.child.clone(), line.qty));
    }
    children
}

/// Draws `code`'s children recursively, with the quantity per unit of the top item.
fn tree_ui(
    ui: &mut egui::Ui,
    children: &HashMap<String, Vec<(String, f64)>>,
    code: &str,
    qty: f64,
    depth: usize,
) {
    let Some(lines) = children.get(code) else {
        return;
    };
    if depth >= MAX_TREE_DEPTH {
        ui.colored_label(style::ERROR, "… deeper levels hidden (is there a cycle?)");
        return;
    }
    for (child, per_parent) in lines {
        let total = qty * per_parent;
        let text = format!("{child}  × {} per top unit", format::quantity(total));
        if children.contains_key(child) {
            egui::CollapsingHeader::new(text)
                .id_salt((code, child, depth))
                .default_open(depth < 2)
                .show(ui, |ui| tree_ui(ui, children, child, total, depth + 1));
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
    /// The first item (plan order) that has routing steps, and the revision it was found for.
    first_routed: Option<(u64, Option<String>)>,
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

    /// The first item in plan order with routing steps, found once per change of the routing.
    fn first_routed_item(&mut self, doc: &Document) -> Option<String> {
        let revision = doc.table_revision(TableKind::Routing);
        if let Some((found_for, item)) = &self.first_routed
            && *found_for == revision
        {
            return item.clone();
        }
        let plan = doc.plan();
        let routed: std::collections::HashSet<&str> =
            plan.routing.iter().map(|s| s.item.as_str()).collect();
        let item = plan
            .items
            .iter()
            .find(|i| routed.contains(i.code.as_str()))
            .map(|i| i.code.clone());
        self.first_routed = Some((revision, item.clone()));
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
    fn the_bom_index_lists_parents_in_plan_order_with_their_lines() {
        let mut doc = doc_with_items(&[("TUBE", ""), ("BIKE", ""), ("FRAME", "")]);
        doc.apply(Command::PasteCells {
            table: TableKind::Bom,
            rows: vec![],
            top: 0,
            left: 0,
            cells: vec![
                vec!["FRAME".into(), "TUBE".into(), "2".into()],
                vec!["BIKE".into(), "FRAME".into(), "1".into()],
            ],
            preset: vec![],
        })
        .expect("BOM lines paste");
        let mut index = BomIndex::default();
        index.refresh(&doc);
        // Plan order of the items: TUBE (no BOM), BIKE, FRAME.
        assert_eq!(index.parents, vec!["BIKE", "FRAME"]);
        assert_eq!(index.children["FRAME"], vec![("TUBE".to_string(), 2.0)]);
    }
}
