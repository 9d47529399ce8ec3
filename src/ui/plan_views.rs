//! Editors built on [`TableEditor`]: bills of materials per parent (with the multi-level tree),
//! routing steps per item, and the quality and queue tables.

use std::collections::HashMap;

use eframe::egui::{self, RichText};

use super::format;
use super::table_editor::{ERROR_COLOR, Scope, TableEditor};
use crate::app::{Command, Document, TableKind};
use crate::domain::Plan;

/// Deepest BOM level drawn in the tree (a guard should the plan hold a cycle).
const MAX_TREE_DEPTH: usize = 12;

/// Bill of materials of one parent item, with its multi-level structure as a tree.
#[derive(Debug, Clone)]
pub struct BomView {
    parent: Option<String>,
    editor: TableEditor,
}

impl Default for BomView {
    fn default() -> Self {
        BomView {
            parent: None,
            editor: TableEditor::new(TableKind::Bom),
        }
    }
}

impl BomView {
    /// Shows BOM row `row`: selects its parent and the row.
    pub fn reveal(&mut self, doc: &Document, row: usize) {
        if let Some(line) = doc.plan().bom.get(row) {
            self.parent = Some(line.parent.clone());
        }
        self.editor.reveal(row);
    }

    /// Draws the parent chooser, the lines of that parent and the tree.
    pub fn ui(&mut self, ui: &mut egui::Ui, doc: &Document, out: &mut Vec<Command>) {
        let plan = doc.plan();
        let parents = made_items(plan);
        let parent = self
            .parent
            .clone()
            .filter(|p| plan.items.iter().any(|i| &i.code == p))
            .or_else(|| parents.first().cloned())
            .or_else(|| plan.items.first().map(|i| i.code.clone()));
        let Some(parent) = parent else {
            ui.label("Add items first: a bill of materials lists the children of an item.");
            return;
        };
        ui.horizontal(|ui| {
            ui.label("Parent item");
            item_picker(
                ui,
                "bom-parent",
                "Parent item",
                doc,
                &parent,
                &mut self.parent,
            );
        });
        ui.add_space(4.0);
        let scope = Scope {
            column: 0,
            value: parent.clone(),
        };
        let tree_height = (ui.available_height() * 0.35).max(120.0);
        ui.allocate_ui(
            egui::vec2(ui.available_width(), ui.available_height() - tree_height),
            |ui| self.editor.ui(ui, doc, Some(&scope), out),
        );
        ui.separator();
        ui.label(RichText::new(format!("Structure of {parent}")).strong());
        egui::ScrollArea::vertical()
            .id_salt("bom-tree")
            .show(ui, |ui| {
                let children = children_by_parent(plan);
                tree_ui(ui, &children, &parent, 1.0, 0);
            });
    }
}

/// Items that have a bill of materials, in plan order.
fn made_items(plan: &Plan) -> Vec<String> {
    let parents: std::collections::HashSet<&str> =
        plan.bom.iter().map(|b| b.parent.as_str()).collect();
    plan.items
        .iter()
        .filter(|i| parents.contains(i.code.as_str()))
        .map(|i| i.code.clone())
        .collect()
}

fn children_by_parent(plan: &Plan) -> HashMap<&str, Vec<(&str, f64)>> {
    let mut children: HashMap<&str, Vec<(&str, f64)>> = HashMap::new();
    for line in &plan.bom {
        children
            .entry(line.parent.as_str())
            .or_default()
            .push((line.child.as_str(), line.qty));
    }
    children
}

/// Draws `code`'s children recursively, with the quantity per unit of the top item.
fn tree_ui(
    ui: &mut egui::Ui,
    children: &HashMap<&str, Vec<(&str, f64)>>,
    code: &str,
    qty: f64,
    depth: usize,
) {
    let Some(lines) = children.get(code) else {
        return;
    };
    if depth >= MAX_TREE_DEPTH {
        ui.colored_label(ERROR_COLOR, "… deeper levels hidden (is there a cycle?)");
        return;
    }
    for (child, per_parent) in lines {
        let total = qty * per_parent;
        let text = format!("{child}  × {} per top unit", format::quantity(total));
        if children.contains_key(child) {
            egui::CollapsingHeader::new(text)
                .id_salt((code, *child, depth))
                .default_open(depth < 2)
                .show(ui, |ui| tree_ui(ui, children, child, total, depth + 1));
        } else {
            ui.label(format!("• {text}"));
        }
    }
}

/// A drop-down of item codes; the choice is written to `chosen`.
fn item_picker(
    ui: &mut egui::Ui,
    id: &str,
    accessible_name: &str,
    doc: &Document,
    current: &str,
    chosen: &mut Option<String>,
) {
    let inner = egui::ComboBox::from_id_salt(id)
        .selected_text(current)
        .width(180.0)
        .show_ui(ui, |ui| {
            for item in &doc.plan().items {
                let label = if item.name.is_empty() {
                    item.code.clone()
                } else {
                    format!("{} — {}", item.code, item.name)
                };
                if ui.selectable_label(item.code == current, label).clicked() {
                    *chosen = Some(item.code.clone());
                }
            }
        });
    ui.ctx().accesskit_node_builder(inner.response.id, |node| {
        node.set_label(accessible_name.to_string());
    });
}

/// Routing steps of one item.
#[derive(Debug, Clone)]
pub struct RoutingView {
    item: Option<String>,
    editor: TableEditor,
}

impl Default for RoutingView {
    fn default() -> Self {
        RoutingView {
            item: None,
            editor: TableEditor::new(TableKind::Routing),
        }
    }
}

impl RoutingView {
    /// Shows routing row `row`: selects its item and the row.
    pub fn reveal(&mut self, doc: &Document, row: usize) {
        if let Some(step) = doc.plan().routing.get(row) {
            self.item = Some(step.item.clone());
        }
        self.editor.reveal(row);
    }

    /// Draws the item chooser and that item's steps.
    pub fn ui(&mut self, ui: &mut egui::Ui, doc: &Document, out: &mut Vec<Command>) {
        let plan = doc.plan();
        let routed = plan
            .items
            .iter()
            .find(|i| plan.routing.iter().any(|s| s.item == i.code));
        let item = self
            .item
            .clone()
            .filter(|code| plan.items.iter().any(|i| &i.code == code))
            .or_else(|| routed.map(|i| i.code.clone()))
            .or_else(|| plan.items.first().map(|i| i.code.clone()));
        let Some(item) = item else {
            ui.label("Add items first: a routing lists the process steps of an item.");
            return;
        };
        ui.horizontal(|ui| {
            ui.label("Item");
            item_picker(ui, "routing-item", "Item", doc, &item, &mut self.item);
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
        self.editor.ui(ui, doc, Some(&scope), out);
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
    pub fn reveal(&mut self, table: TableKind, row: usize) {
        if let Some(index) = QUALITY_TABLES.iter().position(|&t| t == table) {
            self.table = table;
            self.editors[index].reveal(row);
        }
    }

    /// Draws the table tabs and the chosen table.
    pub fn ui(&mut self, ui: &mut egui::Ui, doc: &Document, out: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            for table in QUALITY_TABLES {
                let label = format!("{} ({})", table.name(), doc.row_count(table));
                ui.selectable_value(&mut self.table, table, label);
            }
        });
        ui.separator();
        if let Some(index) = QUALITY_TABLES.iter().position(|&t| t == self.table) {
            self.editors[index].ui(ui, doc, None, out);
        }
    }
}
