//! Editors built on [`TableEditor`]: bills of materials per parent (with the multi-level tree),
//! routing steps per item, and the quality and queue tables.

use super::page::{PageContext, PageView};
use super::style;

use eframe::egui::{self, RichText};

use super::format;
use super::item_picker::ItemPicker;
use super::rows_by_item::RowsByItem;
use super::table_editor::{Scope, TableEditor};
use crate::app::{Command, Document, TableKind};
use crate::domain::Plan;

/// Deepest BOM level drawn in the tree (a guard should the plan hold a cycle).
const MAX_TREE_DEPTH: usize = 12;

/// Bill of materials of one parent item, with its multi-level structure as a tree.
#[derive(Debug, Clone)]
pub struct BomView {
    parent: Option<String>,
    editor: TableEditor,
    /// The BOM's lines per parent.
    lines: RowsByItem,
    picker: ItemPicker,
}

impl Default for BomView {
    fn default() -> Self {
        BomView {
            parent: None,
            editor: TableEditor::new(TableKind::Bom),
            lines: RowsByItem::default(),
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
        self.lines.refresh(doc, TableKind::Bom, |plan| {
            plan.bom.iter().map(|line| line.parent.as_str())
        });
        let parent = self
            .parent
            .clone()
            .filter(|p| self.picker.has_item(doc, p))
            .or_else(|| self.lines.first_in_plan_order().map(str::to_string))
            .or_else(|| doc.plan().items.first().map(|i| i.code.clone()));
        let Some(parent) = parent else {
            ui.label("Add items first: a bill of materials lists the children of an item.");
            return;
        };
        ui.horizontal(|ui| {
            ui.label("Parent item");
            self.picker.ui(
                ui,
                doc,
                "bom-parent",
                "Parent item",
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
            |ui| self.editor.editor_ui(ui, doc, Some(&scope), out),
        );
        ui.separator();
        ui.label(RichText::new(format!("Structure of {parent}")).strong());
        egui::ScrollArea::vertical()
            .id_salt("bom-tree")
            .show(ui, |ui| {
                tree_ui(ui, doc.plan(), &self.lines, &parent, 1.0, 0);
            });
    }
}

/// Draws `code`'s children recursively, with the quantity per unit of the top item.
fn tree_ui(ui: &mut egui::Ui, plan: &Plan, lines: &RowsByItem, code: &str, qty: f64, depth: usize) {
    let rows = lines.rows_of(code);
    if rows.is_empty() {
        return;
    }
    if depth >= MAX_TREE_DEPTH {
        ui.colored_label(style::ERROR, "… deeper levels hidden (is there a cycle?)");
        return;
    }
    for line in rows.iter().filter_map(|&row| plan.bom.get(row)) {
        let child = &line.child;
        let total = qty * line.qty;
        let text = format!("{child}  × {} per top unit", format::quantity(total));
        if lines.contains(child) {
            egui::CollapsingHeader::new(text)
                .id_salt((code, child, depth))
                .default_open(depth < 2)
                .show(ui, |ui| tree_ui(ui, plan, lines, child, total, depth + 1));
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
    /// The routing's steps per item.
    steps: RowsByItem,
}

impl Default for RoutingView {
    fn default() -> Self {
        RoutingView {
            item: None,
            editor: TableEditor::new(TableKind::Routing),
            picker: ItemPicker::default(),
            steps: RowsByItem::default(),
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
        let item = self
            .item
            .clone()
            .filter(|code| self.picker.has_item(doc, code))
            .or_else(|| self.first_routed_item(doc).map(str::to_string))
            .or_else(|| doc.plan().items.first().map(|i| i.code.clone()));
        let Some(item) = item else {
            ui.label("Add items first: a routing lists the process steps of an item.");
            return;
        };
        ui.horizontal(|ui| {
            ui.label("Item");
            self.picker
                .ui(ui, doc, "routing-item", "Item", &item, &mut self.item);
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

    /// The first item in plan order with routing steps.
    fn first_routed_item(&mut self, doc: &Document) -> Option<&str> {
        self.steps.refresh(doc, TableKind::Routing, |plan| {
            plan.routing.iter().map(|step| step.item.as_str())
        });
        self.steps.first_in_plan_order()
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
