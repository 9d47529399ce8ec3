//! The spreadsheet-like editor shared by every plan table: inline editing, drop-downs for
//! references and choices, sorting, a filter box, add / duplicate / delete, block paste from a
//! spreadsheet and copy out, invalid values in red with their message beside the row.
//! Rows are virtualised (only the visible ones are laid out), and so are columns: a row lays out
//! only the cells of the columns scrolled into view sideways.

use super::page::{PageContext, PageView};
use super::style;
use std::collections::{BTreeSet, HashMap};

use eframe::egui::{self, Color32, RichText};
use egui_extras::{Column, TableBuilder};

use super::format;
use crate::app::Command;
use crate::app::Document;
use crate::app::command::{
    ColumnKind, TableKind, join_clipboard, parse_cell, parse_number, split_clipboard,
};

/// Height of one table row in points.
const ROW_HEIGHT: f32 = 24.0;

/// Restricts an editor to rows whose `column` equals `value` (a BOM parent, a routing item);
/// that column is hidden and preset on new rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub column: usize,
    pub value: String,
}

/// The cell being typed into, with its text and the parse error of that text, if any.
#[derive(Debug, Clone)]
struct CellEdit {
    row: usize,
    column: usize,
    text: String,
    /// True on the frame the edit starts, to focus the field and select its text.
    just_started: bool,
    error: Option<String>,
}

/// Sort order chosen by clicking a column heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Sort {
    column: usize,
    ascending: bool,
}

/// Visible rows (table indices in display order), remembered until the plan, the filter, the
/// sort or the scope changes.
#[derive(Debug, Clone, Default)]
struct OrderCache {
    key: Option<(u64, String, Option<Sort>, Option<Scope>)>,
    rows: Vec<usize>,
    /// Rows in scope before filtering.
    scoped_total: usize,
}

/// What a click or key in the table asks for, applied after the table is drawn.
enum Action {
    StartEdit {
        row: usize,
        column: usize,
    },
    /// Select a row; Ctrl or Shift adds it to (or removes it from) the selection.
    Select {
        row: usize,
    },
}

/// State of one table editor (filter, sort, selection, cell being edited).
#[derive(Debug, Clone)]
pub struct TableEditor {
    table: TableKind,
    filter: String,
    sort: Option<Sort>,
    editing: Option<CellEdit>,
    selected_rows: BTreeSet<usize>,
    /// Last cell clicked: where a block paste goes when no cell is being edited.
    anchor: Option<(usize, usize)>,
    scroll_to: Option<usize>,
    order: OrderCache,
}

impl TableEditor {
    /// An editor for one table.
    pub fn new(table: TableKind) -> Self {
        TableEditor {
            table,
            filter: String::new(),
            sort: None,
            editing: None,
            selected_rows: BTreeSet::new(),
            anchor: None,
            scroll_to: None,
            order: OrderCache::default(),
        }
    }

    /// Selects table row `row` and scrolls to it on the next frame (jump from a problem).
    pub fn reveal_row(&mut self, row: usize) {
        self.filter.clear();
        self.selected_rows = BTreeSet::from([row]);
        self.scroll_to = Some(row);
    }

    /// Draws the toolbar and the table; edits go into `out`.
    pub fn editor_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        scope: Option<&Scope>,
        out: &mut Vec<Command>,
    ) {
        self.refresh_order(doc, scope);
        self.toolbar_ui(ui, doc, scope, out);
        self.handle_keys(ui, scope, out);
        let problems = row_problems(doc, self.table);
        let actions = self.table_ui(ui, doc, scope, &problems, out);
        for action in actions {
            self.perform(action, doc, ui.input(|i| i.modifiers));
        }
    }

    fn toolbar_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        scope: Option<&Scope>,
        out: &mut Vec<Command>,
    ) {
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text("Filter rows")
                    .desired_width(180.0),
            );
            if ui.button("Add row").clicked() {
                out.push(Command::AddRow {
                    table: self.table,
                    preset: preset(scope),
                });
                self.scroll_to = Some(doc.row_count(self.table));
            }
            let has_selection = !self.selected_rows.is_empty();
            if ui
                .add_enabled(has_selection, egui::Button::new("Duplicate"))
                .clicked()
                && let Some(&row) = self.selected_rows.last()
            {
                out.push(Command::DuplicateRow {
                    table: self.table,
                    row,
                });
            }
            if ui
                .add_enabled(has_selection, egui::Button::new("Delete"))
                .clicked()
            {
                self.delete_selected(out);
            }
            if ui
                .button("Copy")
                .on_hover_text("Copy the selected rows (or all shown rows) as tab-separated text")
                .clicked()
            {
                ui.ctx().copy_text(self.clipboard_text(doc, scope));
            }
            ui.label(
                RichText::new(format!(
                    "{} of {} rows · click a cell to edit · Ctrl+V pastes a block from a spreadsheet",
                    self.order.rows.len(),
                    self.order.scoped_total
                ))
                .weak(),
            );
        });
        if let Some(error) = self.editing.as_ref().and_then(|e| e.error.as_ref()) {
            ui.colored_label(style::ERROR, error);
        }
    }

    fn delete_selected(&mut self, out: &mut Vec<Command>) {
        out.push(Command::DeleteRows {
            table: self.table,
            rows: self.selected_rows.iter().copied().collect(),
        });
        self.selected_rows.clear();
        self.editing = None;
        self.anchor = None;
    }

    /// Block paste (text with tabs or line breaks) and Delete of selected rows.
    fn handle_keys(&mut self, ui: &mut egui::Ui, scope: Option<&Scope>, out: &mut Vec<Command>) {
        let target = self
            .editing
            .as_ref()
            .map(|e| (e.row, e.column))
            .or(self.anchor)
            .or_else(|| {
                self.selected_rows
                    .first()
                    .map(|&r| (r, first_column(scope)))
            });
        if let Some((row, column)) = target
            && let Some(text) = take_block_paste(ui)
        {
            self.paste_block(scope, row, column, &text, out);
        }
        let typing = ui.ctx().egui_wants_keyboard_input();
        if !typing
            && !self.selected_rows.is_empty()
            && ui.input(|i| i.key_pressed(egui::Key::Delete))
        {
            self.delete_selected(out);
        }
    }

    fn paste_block(
        &mut self,

        scope: Option<&Scope>,
        row: usize,
        column: usize,
        text: &str,
        out: &mut Vec<Command>,
    ) {
        let mut cells = split_clipboard(text);
        if cells
            .first()
            .is_some_and(|first| is_header(self.table, column, first))
        {
            cells.remove(0);
        }
        let top = self
            .order
            .rows
            .iter()
            .position(|&r| r == row)
            .unwrap_or(self.order.rows.len());
        out.push(Command::PasteCells {
            table: self.table,
            rows: self.order.rows.clone(),
            top,
            left: column,
            cells,
            preset: preset(scope),
        });
        self.editing = None;
    }

    fn clipboard_text(&self, doc: &Document, scope: Option<&Scope>) -> String {
        let columns = visible_columns(self.table, scope);
        let header: Vec<String> = columns
            .iter()
            .map(|&c| self.table.columns()[c].field.to_string())
            .collect();
        let rows = self
            .order
            .rows
            .iter()
            .filter(|r| self.selected_rows.is_empty() || self.selected_rows.contains(r));
        let mut lines = vec![header];
        for &row in rows {
            let texts = doc.row_texts(self.table, row);
            lines.push(columns.iter().map(|&c| texts[c].clone()).collect());
        }
        join_clipboard(&lines)
    }

    fn refresh_order(&mut self, doc: &Document, scope: Option<&Scope>) {
        let key = (
            doc.table_revision(self.table),
            self.filter.clone(),
            self.sort,
            scope.cloned(),
        );
        if self.order.key.as_ref() == Some(&key) {
            return;
        }
        self.order.rows = visible_rows(doc, self.table, &self.filter, self.sort, scope);
        self.order.scoped_total = if self.filter.trim().is_empty() {
            self.order.rows.len()
        } else {
            visible_rows(doc, self.table, "", None, scope).len()
        };
        self.order.key = Some(key);
    }

    fn table_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        scope: Option<&Scope>,
        problems: &HashMap<usize, Vec<(&'static str, String)>>,
        out: &mut Vec<Command>,
    ) -> Vec<Action> {
        let table = self.table;
        let columns = visible_columns(table, scope);
        let mut actions = Vec::new();
        let mut editing = self.editing.take();
        let mut sort = self.sort;
        // Taken out and put back below, not cloned: 20,000 items would be copied every frame.
        let rows = std::mem::take(&mut self.order.rows);
        let widths: Vec<Column> = (columns.iter())
            .map(|&c| {
                let column = &table.columns()[c];
                column_width(column, heading_width(ui, column.title))
            })
            .collect();
        // Wide tables (resources: ten columns) scroll sideways instead of losing their last
        // columns past the window's edge.
        egui::ScrollArea::horizontal()
            .id_salt((table.name(), "columns"))
            .show(ui, |ui| {
                let visible_x = ui.clip_rect().x_range();
                let mut builder = TableBuilder::new(ui)
                    .id_salt((table.name(), scope.map(|s| s.value.clone())))
                    .striped(true)
                    .resizable(true)
                    .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                    .column(Column::exact(44.0));
                for width in widths {
                    builder = builder.column(width);
                }
                builder = builder.column(Column::remainder().at_least(160.0));
                if let Some(target) = self.scroll_to.take()
                    && let Some(position) = rows.iter().position(|&r| r == target)
                {
                    builder = builder.scroll_to_row(position, Some(egui::Align::Center));
                }
                // The header lays out every column (the table's width, for the sideways
                // scrolling); a body row lays out only the columns in view, as its rows are
                // only the ones in view. `spans` holds each header cell's x-range.
                let mut spans = Vec::with_capacity(columns.len() + 2);
                builder
                    .header(ROW_HEIGHT, |mut header| {
                        spans.push(header_cell(&mut header, |ui| {
                            ui.strong("#");
                        }));
                        for &c in &columns {
                            spans.push(header_cell(&mut header, |ui| {
                                sort_heading_ui(ui, &table.columns()[c], c, &mut sort)
                            }));
                        }
                        spans.push(header_cell(&mut header, |ui| {
                            ui.strong("Problems");
                        }));
                    })
                    .body(|body| {
                        body.rows(ROW_HEIGHT, rows.len(), |mut row_ui| {
                            let row = rows[row_ui.index()];
                            // The cell being typed into stays laid out, so it keeps the focus.
                            let editing_here = editing.as_ref().is_some_and(|e| e.row == row);
                            let place = |k: usize| {
                                if editing_here {
                                    Place::Visible
                                } else {
                                    place_of(spans.get(k), visible_x)
                                }
                            };
                            let texts = doc.row_texts(table, row);
                            let row_problems = problems.get(&row);
                            row_ui.set_selected(self.selected_rows.contains(&row));
                            if place(0) == Place::Left {
                                row_ui.col(|_| {});
                            } else {
                                row_ui.col(|ui| {
                                    let label = egui::Button::selectable(
                                        self.selected_rows.contains(&row),
                                        format!("{}", row + 1),
                                    );
                                    if ui.add(label).on_hover_text("Select row").clicked() {
                                        actions.push(Action::Select { row });
                                    }
                                });
                            }
                            for (k, &c) in columns.iter().enumerate() {
                                match place(k + 1) {
                                    Place::Right => return,
                                    Place::Left => {
                                        row_ui.col(|_| {});
                                        continue;
                                    }
                                    Place::Visible => {}
                                }
                                row_ui.col(|ui| {
                                    let field = table.columns()[c].field;
                                    let problem = row_problems.and_then(|list| {
                                        list.iter()
                                            .find(|(f, _)| *f == field)
                                            .map(|(_, m)| m.as_str())
                                    });
                                    let cell = CellContext {
                                        doc,
                                        table,
                                        row,
                                        column: c,
                                        text: &texts[c],
                                        problem,
                                    };
                                    cell_ui(ui, &cell, &mut editing, &mut actions, out);
                                });
                            }
                            if place(columns.len() + 1) != Place::Right {
                                row_ui.col(|ui| problems_cell_ui(ui, row_problems, &editing, row));
                            }
                        });
                    });
            });
        self.order.rows = rows;
        self.editing = editing;
        self.sort = sort;
        actions
    }

    fn perform(&mut self, action: Action, doc: &Document, modifiers: egui::Modifiers) {
        match action {
            Action::StartEdit { row, column } => {
                self.anchor = Some((row, column));
                self.selected_rows = BTreeSet::from([row]);
                self.editing = Some(CellEdit {
                    row,
                    column,
                    text: doc.cell_text(self.table, row, column),
                    just_started: true,
                    error: None,
                });
            }
            Action::Select { row } => {
                self.editing = None;
                self.anchor = None;
                if modifiers.command || modifiers.shift {
                    if !self.selected_rows.remove(&row) {
                        self.selected_rows.insert(row);
                    }
                } else {
                    self.selected_rows = BTreeSet::from([row]);
                }
            }
        }
    }
}

/// Where a column lies against the part of a table scrolled into view sideways.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// Wholly left of the view: its width is allocated, nothing is laid out in it.
    Left,
    /// At least partly in view (or its place is not known): laid out.
    Visible,
    /// Wholly right of the view, as are the columns after it: the row ends before it.
    Right,
}

/// Where the column spanning `span` (from its header cell) lies against `visible`.
pub(super) fn place_of(span: Option<&egui::Rangef>, visible: egui::Rangef) -> Place {
    match span {
        Some(span) if span.min > visible.max => Place::Right,
        Some(span) if span.max < visible.min => Place::Left,
        _ => Place::Visible,
    }
}

/// Adds one header cell and returns its x-range; its contents are laid out only when it is
/// in view.
pub(super) fn header_cell(
    header: &mut egui_extras::TableRow<'_, '_>,
    add_contents: impl FnOnce(&mut egui::Ui),
) -> egui::Rangef {
    let (_, response) = header.col(|ui| {
        if ui.is_rect_visible(ui.max_rect()) {
            add_contents(ui);
        }
    });
    response.rect.x_range()
}

/// Everything one cell needs to draw itself.
struct CellContext<'a> {
    doc: &'a Document,
    table: TableKind,
    row: usize,
    column: usize,
    text: &'a str,
    problem: Option<&'a str>,
}

/// Accessible name of a cell, e.g. `routing row 1 run_min` (used by screen readers and tests).
pub fn cell_label(table: TableKind, row: usize, field: &str) -> String {
    format!("{} row {} {}", table.name(), row + 1, field)
}

fn cell_ui(
    ui: &mut egui::Ui,
    cell: &CellContext<'_>,
    editing: &mut Option<CellEdit>,
    actions: &mut Vec<Action>,
    out: &mut Vec<Command>,
) {
    let column = &cell.table.columns()[cell.column];
    let label = cell_label(cell.table, cell.row, column.field);
    let is_editing = editing
        .as_ref()
        .is_some_and(|e| e.row == cell.row && e.column == cell.column);
    match column.kind {
        ColumnKind::Choice(words) => {
            let options = || words.iter().map(|w| w.to_string()).collect();
            choice_ui(ui, cell, &label, options, out);
        }
        ColumnKind::Reference(target) => {
            let options = || reference_codes(cell.doc, target);
            choice_ui(ui, cell, &label, options, out);
        }
        ColumnKind::OptionalReference(target) => {
            let options = || {
                let mut codes = vec![String::new()];
                codes.extend(reference_codes(cell.doc, target));
                codes
            };
            choice_ui(ui, cell, &label, options, out);
        }
        _ if is_editing => {
            if let Some(edit) = editing.as_mut() {
                let finished = text_edit_ui(ui, cell, &label, edit, out);
                if finished {
                    *editing = None;
                }
            }
        }
        kind => {
            let shown = display_text(kind, cell.text);
            let mut text = RichText::new(shown);
            if cell.problem.is_some() {
                text = text.color(style::ERROR).strong();
            }
            let response = ui.add(
                egui::Label::new(text)
                    .sense(egui::Sense::click())
                    .truncate(),
            );
            set_accessible_label(ui, response.id, &label);
            let response = match cell.problem {
                Some(message) => response.on_hover_text(message),
                None => response.on_hover_text("Click to edit"),
            };
            if response.clicked() {
                actions.push(Action::StartEdit {
                    row: cell.row,
                    column: cell.column,
                });
            }
        }
    }
}

/// The text field of the cell being edited; returns true when the edit is over.
fn text_edit_ui(
    ui: &mut egui::Ui,
    cell: &CellContext<'_>,
    label: &str,
    edit: &mut CellEdit,
    out: &mut Vec<Command>,
) -> bool {
    let id = ui.make_persistent_id(("cell-edit", cell.table.name(), cell.row, cell.column));
    let mut field = egui::TextEdit::singleline(&mut edit.text)
        .id(id)
        .desired_width(f32::INFINITY);
    if edit.error.is_some() {
        field = field.text_color(style::ERROR);
    }
    let response = ui.add(field);
    set_accessible_label(ui, response.id, label);
    if edit.just_started {
        edit.just_started = false;
        response.request_focus();
        select_all(ui, id, &edit.text);
    }
    if !response.lost_focus() {
        return false;
    }
    if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        return true;
    }
    let column = &cell.table.columns()[cell.column];
    match parse_cell(cell.table, cell.row, column, &edit.text) {
        Ok(_) => {
            out.push(Command::SetCell {
                table: cell.table,
                row: cell.row,
                column: cell.column,
                text: edit.text.clone(),
            });
            true
        }
        Err(error) => {
            edit.error = Some(error.to_string());
            false
        }
    }
}

fn select_all(ui: &egui::Ui, id: egui::Id, text: &str) {
    let mut state = egui::text_edit::TextEditState::load(ui.ctx(), id).unwrap_or_default();
    let end = egui::text::CCursor::new(text.chars().count());
    state
        .cursor
        .set_char_range(Some(egui::text::CCursorRange::two(
            egui::text::CCursor::new(0),
            end,
        )));
    state.store(ui.ctx(), id);
}

/// A drop-down cell; `options` is only called while the list is open.
fn choice_ui(
    ui: &mut egui::Ui,
    cell: &CellContext<'_>,
    label: &str,
    options: impl FnOnce() -> Vec<String>,
    out: &mut Vec<Command>,
) {
    let mut selected_text = RichText::new(cell.text);
    if cell.problem.is_some() {
        selected_text = selected_text.color(style::ERROR).strong();
    }
    let inner = egui::ComboBox::from_id_salt(("choice", cell.table.name(), cell.row, cell.column))
        .selected_text(selected_text)
        .width(ui.available_width())
        .show_ui(ui, |ui| {
            for option in options() {
                let shown = if option.is_empty() {
                    "(none)"
                } else {
                    option.as_str()
                };
                if ui.selectable_label(option == cell.text, shown).clicked() && option != cell.text
                {
                    out.push(Command::SetCell {
                        table: cell.table,
                        row: cell.row,
                        column: cell.column,
                        text: option.clone(),
                    });
                }
            }
        });
    set_accessible_label(ui, inner.response.id, label);
    if let Some(message) = cell.problem {
        inner.response.on_hover_text(message);
    }
}

fn problems_cell_ui(
    ui: &mut egui::Ui,
    problems: Option<&Vec<(&'static str, String)>>,
    editing: &Option<CellEdit>,
    row: usize,
) {
    let mut messages: Vec<String> = problems
        .map(|list| list.iter().map(|(f, m)| format!("{f}: {m}")).collect())
        .unwrap_or_default();
    if let Some(edit) = editing.as_ref().filter(|e| e.row == row)
        && let Some(error) = &edit.error
    {
        messages.insert(0, error.clone());
    }
    if !messages.is_empty() {
        let text = messages.join(" · ");
        ui.add(egui::Label::new(RichText::new(&text).color(style::ERROR)).truncate())
            .on_hover_text(text);
    }
}

fn set_accessible_label(ui: &egui::Ui, id: egui::Id, label: &str) {
    ui.ctx()
        .accesskit_node_builder(id, |node| node.set_label(label.to_string()));
}

fn sort_heading_ui(
    ui: &mut egui::Ui,
    column: &crate::app::command::PlanColumn,
    index: usize,
    sort: &mut Option<Sort>,
) {
    let direction = sort.filter(|s| s.column == index).map(|s| s.ascending);
    let heading = egui::Button::new(RichText::new(column.title).strong()).frame(false);
    let clicked = ui
        .add(heading)
        .on_hover_text(format!("{} — click to sort", column.field))
        .clicked();
    if let Some(ascending) = direction {
        sort_marker_ui(ui, ascending);
    }
    if clicked {
        *sort = match *sort {
            Some(s) if s.column == index && s.ascending => Some(Sort {
                column: index,
                ascending: false,
            }),
            Some(s) if s.column == index => None,
            _ => Some(Sort {
                column: index,
                ascending: true,
            }),
        };
    }
}

/// A small triangle pointing up (ascending) or down (descending) after a heading.
fn sort_marker_ui(ui: &mut egui::Ui, ascending: bool) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
    let c = rect.center();
    let (tip, base) = if ascending { (-4.0, 3.0) } else { (4.0, -3.0) };
    let points = vec![
        egui::pos2(c.x, c.y + tip),
        egui::pos2(c.x - 4.0, c.y + base),
        egui::pos2(c.x + 4.0, c.y + base),
    ];
    let color = ui.visuals().strong_text_color();
    ui.painter().add(egui::Shape::convex_polygon(
        points,
        color,
        egui::Stroke::NONE,
    ));
}

/// Width a column heading needs: its bold title, the sort marker and the cell padding.
fn heading_width(ui: &egui::Ui, title: &str) -> f32 {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let text = ui
        .painter()
        .layout_no_wrap(title.to_string(), font, Color32::WHITE);
    text.size().x + HEADING_PADDING
}

/// Room beside a heading's text for the sort marker and the cell margins, in points.
const HEADING_PADDING: f32 = 22.0;

/// Initial width of a column: by kind, widened so the heading is not cut ("Target service
/// level" in the queue editor was).
fn column_width(column: &crate::app::command::PlanColumn, heading: f32) -> Column {
    let by_kind: f32 = match column.kind {
        ColumnKind::Text if column.field == "name" => 180.0,
        ColumnKind::Text => 100.0,
        ColumnKind::Reference(_) | ColumnKind::OptionalReference(_) | ColumnKind::Choice(_) => {
            120.0
        }
        _ => 80.0,
    };
    Column::initial(by_kind.max(heading))
        .at_least(50.0)
        .clip(true)
}

/// Numbers with thousands separators; other values as they are.
fn display_text(kind: ColumnKind, text: &str) -> String {
    match kind {
        ColumnKind::Number | ColumnKind::OptionalNumber => match parse_number(text) {
            Some(value) if value.fract() == 0.0 => format::number(value, 0),
            Some(value) => {
                let decimals = text.split('.').nth(1).map_or(0, str::len).min(6);
                format::number(value, decimals)
            }
            None => text.to_string(),
        },
        _ => text.to_string(),
    }
}

/// Codes of a referenced table, in plan order, for a drop-down.
pub fn reference_codes(doc: &Document, table: TableKind) -> Vec<String> {
    let plan = doc.plan();
    match table {
        TableKind::Items => plan.items.iter().map(|i| i.code.clone()).collect(),
        TableKind::Resources => plan.resources.iter().map(|r| r.code.clone()).collect(),
        TableKind::Characteristics => plan
            .characteristics
            .iter()
            .map(|c| c.code.clone())
            .collect(),
        TableKind::Queues => plan.queues.iter().map(|q| q.code.clone()).collect(),
        TableKind::Bom
        | TableKind::Routing
        | TableKind::Demand
        | TableKind::Measurements
        | TableKind::Inspections
        | TableKind::Defects
        | TableKind::QueueArrivals
        | TableKind::ControlLimits
        | TableKind::ChartSettings
        | TableKind::Receipts
        | TableKind::MasterSchedule
        | TableKind::Calendar
        | TableKind::ResourcePeriods
        | TableKind::History
        | TableKind::ForecastSettings
        | TableKind::ProductionLog
        | TableKind::Downtime => Vec::new(),
    }
}

fn visible_columns(table: TableKind, scope: Option<&Scope>) -> Vec<usize> {
    (0..table.columns().len())
        .filter(|&c| scope.is_none_or(|s| s.column != c))
        .collect()
}

fn first_column(scope: Option<&Scope>) -> usize {
    match scope {
        Some(s) if s.column == 0 => 1,
        _ => 0,
    }
}

fn preset(scope: Option<&Scope>) -> Vec<(usize, String)> {
    scope
        .map(|s| vec![(s.column, s.value.clone())])
        .unwrap_or_default()
}

/// True when a pasted first line is the table's own header (field names or titles).
fn is_header(table: TableKind, left: usize, cells: &[String]) -> bool {
    cells.iter().enumerate().all(|(i, cell)| {
        table
            .columns()
            .get(left + i)
            .is_some_and(|c| cell.trim() == c.field || cell.trim() == c.title)
    })
}

/// Takes a pasted block (text with a tab or a line break) out of this frame's events.
fn take_block_paste(ui: &egui::Ui) -> Option<String> {
    ui.input_mut(|input| {
        let position = input.events.iter().position(
            |event| matches!(event, egui::Event::Paste(text) if text.contains(['\t', '\n'])),
        )?;
        match input.events.remove(position) {
            egui::Event::Paste(text) => Some(text),
            _ => None,
        }
    })
}

/// Validation problems of one table by 0-based row: (field, message).
fn row_problems(doc: &Document, table: TableKind) -> HashMap<usize, Vec<(&'static str, String)>> {
    let mut by_row: HashMap<usize, Vec<(&'static str, String)>> = HashMap::new();
    for problem in doc.problems() {
        if problem.table == table.name()
            && let Some(row) = problem.row
        {
            by_row
                .entry(row.saturating_sub(1))
                .or_default()
                .push((problem.field, problem.message.clone()));
        }
    }
    by_row
}

/// Table rows in scope whose text matches the filter, in the chosen sort order.
///
/// Row texts (each row encoded through JSON) are only built when a filter or a sort needs
/// them: on plan L the routing table has 170,000 rows, and encoding all of them to pick one
/// item's steps took 150 ms.
fn visible_rows(
    doc: &Document,
    table: TableKind,
    filter: &str,
    sort: Option<Sort>,
    scope: Option<&Scope>,
) -> Vec<usize> {
    let scoped: Vec<usize> = (0..doc.row_count(table))
        .filter(|&row| scope.is_none_or(|s| is_in_scope(doc, table, row, s)))
        .collect();
    let needle = filter.trim().to_lowercase();
    if needle.is_empty() && sort.is_none() {
        return scoped;
    }
    let mut rows: Vec<(usize, Vec<String>)> = scoped
        .into_iter()
        .map(|r| (r, doc.row_texts(table, r)))
        .filter(|(_, texts)| {
            needle.is_empty() || texts.iter().any(|t| t.to_lowercase().contains(&needle))
        })
        .collect();
    if let Some(sort) = sort {
        rows.sort_by(|(_, a), (_, b)| {
            let ordering = compare_cells(&a[sort.column], &b[sort.column]);
            if sort.ascending {
                ordering
            } else {
                ordering.reverse()
            }
        });
    }
    rows.into_iter().map(|(r, _)| r).collect()
}

/// True when `row`'s scope column holds the scope value. The scopes the views use (BOM parent,
/// routing item) are read straight from the plan; any other column goes through its text.
fn is_in_scope(doc: &Document, table: TableKind, row: usize, scope: &Scope) -> bool {
    let plan = doc.plan();
    let direct = match (table, scope.column) {
        (TableKind::Bom, 0) => plan.bom.get(row).map(|line| line.parent.as_str()),
        (TableKind::Routing, 0) => plan.routing.get(row).map(|step| step.item.as_str()),
        _ => None,
    };
    match direct {
        Some(value) => value == scope.value,
        None => doc.cell_text(table, row, scope.column) == scope.value,
    }
}

/// Numbers compare as numbers (empty first), anything else as text.
fn compare_cells(a: &str, b: &str) -> std::cmp::Ordering {
    match (parse_number(a), parse_number(b)) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        _ => a.to_lowercase().cmp(&b.to_lowercase()),
    }
}

impl PageView for TableEditor {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageContext<'_>) {
        self.editor_ui(ui, cx.doc, None, cx.edits);
    }

    fn reveal(&mut self, _doc: &Document, table: TableKind, row: Option<usize>) -> bool {
        if table != self.table {
            return false;
        }
        if let Some(row) = row {
            self.reveal_row(row);
        }
        true
    }
}

#[cfg(test)]
mod tests;
