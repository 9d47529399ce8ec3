//! Demand as an item × period grid with period labels from the start date. Click a cell to
//! type a quantity (empty removes it); paste a block copied from a spreadsheet; copy the grid.

use super::page::{PageContext, PageView};
use super::style;
use eframe::egui::{self, RichText};
use egui_extras::{Column, TableBuilder};

use super::format;
use super::table_editor::{Place, header_cell, place_of};
use crate::app::command::{DemandCell, join_clipboard, parse_number, split_clipboard};
use crate::app::{Command, Document, TableKind};
use crate::domain::fxhash::FxHashMap;
use crate::domain::{ItemKind, Plan};

/// Height of one grid row in points.
const ROW_HEIGHT: f32 = 24.0;

/// The cell being typed into.
#[derive(Debug, Clone)]
struct GridEdit {
    item: String,
    period: i64,
    text: String,
    just_started: bool,
    error: Option<String>,
}

/// Quantities by (item, period) of the items with any demand row, rebuilt when the plan
/// changes: one flat table of `periods` cells per item, so a rebuild after an edit on plan L
/// writes numbers instead of filling a hash map per item.
#[derive(Debug, Clone, Default)]
struct DemandIndex {
    revision: Option<u64>,
    periods: usize,
    /// Where each item's cells start in `qty`.
    start: FxHashMap<String, usize>,
    /// `periods` cells per item, period 1 first; `None` where the item has no row.
    qty: Vec<Option<f64>>,
}

impl DemandIndex {
    /// Indexes `plan`'s demand rows in periods 1..=`periods` (a later row of the same item and
    /// period wins); an item whose rows all lie outside still counts as having demand.
    /// Keeps the memory of the last build: after an edit on plan L the table is refilled, not
    /// allocated (and page-faulted) anew.
    fn rebuild(&mut self, plan: &Plan, periods: usize) {
        let mut start = std::mem::take(&mut self.start);
        let mut qty = std::mem::take(&mut self.qty);
        start.clear();
        qty.clear();
        // Rows of one item usually come together: each run of them looks its item up once.
        for run in plan.demand.chunk_by(|a, b| a.item == b.item) {
            let Some(first) = run.first() else {
                continue;
            };
            let base = match start.get(first.item.as_str()) {
                Some(&base) => base,
                None => {
                    let base = qty.len();
                    qty.resize(base + periods, None);
                    start.insert(first.item.clone(), base);
                    base
                }
            };
            for demand in run {
                if let Some(cell) = period_offset(demand.period, periods) {
                    qty[base + cell] = Some(demand.qty);
                }
            }
        }
        *self = DemandIndex {
            revision: None,
            periods,
            start,
            qty,
        };
    }

    /// Demand of `item` in `period`, if it has a row.
    fn get(&self, item: &str, period: i64) -> Option<f64> {
        let base = *self.start.get(item)?;
        let cell = period_offset(period, self.periods)?;
        self.qty.get(base + cell).copied().flatten()
    }

    /// True when `item` has any demand row.
    fn has_demand(&self, item: &str) -> bool {
        self.start.contains_key(item)
    }

    /// Sum of `item`'s demand over the periods of the plan.
    fn total(&self, item: &str) -> f64 {
        match self.start.get(item) {
            Some(&base) => (self.qty[base..base + self.periods].iter()).flatten().sum(),
            None => 0.0,
        }
    }
}

/// Offset of `period` (1-based) among `periods` cells, if it is one of them.
fn period_offset(period: i64, periods: usize) -> Option<usize> {
    let offset = usize::try_from(period.checked_sub(1)?).ok()?;
    (offset < periods).then_some(offset)
}

/// The items shown as rows and their totals, rebuilt when the plan or the "Show every item"
/// choice changes (plan L has 20,000 items to filter).
#[derive(Debug, Clone, Default)]
struct GridRows {
    key: Option<(u64, bool)>,
    items: Vec<String>,
    totals: Vec<f64>,
}

/// State of the demand grid.
#[derive(Debug, Clone, Default)]
pub struct DemandView {
    show_all_items: bool,
    editing: Option<GridEdit>,
    /// Last cell clicked (item, period): where a block paste goes.
    anchor: Option<(String, i64)>,
    scroll_to_item: Option<String>,
    index: DemandIndex,
    rows: GridRows,
}

impl DemandView {
    /// Shows the cell of demand row `row`.
    pub fn reveal_row(&mut self, doc: &Document, row: usize) {
        if let Some(demand) = doc.plan().demand.get(row) {
            self.anchor = Some((demand.item.clone(), demand.period));
            self.scroll_to_item = Some(demand.item.clone());
            self.show_all_items = true;
        }
    }

    /// Draws the grid; edits go into `out`.
    fn contents_ui(&mut self, ui: &mut egui::Ui, doc: &Document, out: &mut Vec<Command>) {
        let plan = doc.plan();
        let periods = plan.settings.periods.clamp(0, 10_000);
        self.refresh_index(doc, periods);
        self.refresh_rows(doc);
        // Taken out and put back below, not cloned: plan L shows thousands of items.
        let rows = std::mem::take(&mut self.rows);
        let items = &rows.items;
        ui.horizontal(|ui| {
            ui.checkbox(&mut self.show_all_items, "Show every item")
                .on_hover_text("Otherwise only finished items, services and items with demand");
            if ui.button("Copy grid").clicked() {
                ui.ctx().copy_text(self.grid_text(plan, items, periods));
            }
            ui.label(
                RichText::new(format!(
                    "Units per {} · click a cell to type · Ctrl+V pastes a block from a spreadsheet",
                    plan.settings.period_unit.as_str()
                ))
                .weak(),
            );
        });
        if let Some(error) = self.editing.as_ref().and_then(|e| e.error.as_ref()) {
            ui.colored_label(style::ERROR, error);
        }
        self.handle_paste(ui, items, periods, out);
        egui::ScrollArea::horizontal().show(ui, |ui| {
            self.grid_ui(ui, doc, &rows, periods, out);
        });
        self.rows = rows;
    }

    fn refresh_index(&mut self, doc: &Document, periods: i64) {
        if self.index.revision == Some(doc.revision()) {
            return;
        }
        let periods = usize::try_from(periods).unwrap_or(0);
        self.index.rebuild(doc.plan(), periods);
        self.index.revision = Some(doc.revision());
    }

    /// Items shown as rows, in plan order, with their totals.
    fn refresh_rows(&mut self, doc: &Document) {
        let key = (doc.revision(), self.show_all_items);
        if self.rows.key == Some(key) {
            return;
        }
        let items: Vec<String> = (doc.plan().items.iter())
            .filter(|item| {
                self.show_all_items
                    || matches!(item.kind, ItemKind::Finished | ItemKind::Service)
                    || self.index.has_demand(&item.code)
            })
            .map(|item| item.code.clone())
            .collect();
        let totals = items.iter().map(|item| self.index.total(item)).collect();
        self.rows = GridRows {
            key: Some(key),
            items,
            totals,
        };
    }

    fn grid_text(&self, plan: &Plan, items: &[String], periods: i64) -> String {
        let mut lines = vec![
            std::iter::once("item".to_string())
                .chain((1..=periods).map(|p| format::period_label(&plan.settings, p)))
                .collect::<Vec<_>>(),
        ];
        for item in items {
            let mut line = vec![item.clone()];
            for period in 1..=periods {
                let qty = self.index.get(item, period);
                line.push(qty.map(|q| q.to_string()).unwrap_or_default());
            }
            lines.push(line);
        }
        join_clipboard(&lines)
    }

    fn handle_paste(
        &mut self,
        ui: &egui::Ui,
        items: &[String],
        periods: i64,
        out: &mut Vec<Command>,
    ) {
        let target = self
            .editing
            .as_ref()
            .map(|e| (e.item.clone(), e.period))
            .or_else(|| self.anchor.clone());
        let Some((item, period)) = target else {
            return;
        };
        let pasted = ui.input_mut(|input| {
            let position = input.events.iter().position(
                |event| matches!(event, egui::Event::Paste(text) if text.contains(['\t', '\n'])),
            )?;
            match input.events.remove(position) {
                egui::Event::Paste(text) => Some(text),
                _ => None,
            }
        });
        let Some(text) = pasted else {
            return;
        };
        let top = items.iter().position(|i| *i == item).unwrap_or(0);
        match paste_cells(&split_clipboard(&text), items, top, period, periods) {
            Ok(cells) => {
                out.push(Command::SetDemand(cells));
                self.editing = None;
            }
            Err(message) => {
                if let Some(edit) = self.editing.as_mut() {
                    edit.error = Some(message);
                }
            }
        }
    }

    fn grid_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        rows: &GridRows,
        periods: i64,
        out: &mut Vec<Command>,
    ) {
        let settings = &doc.plan().settings;
        let items = &rows.items;
        let visible_x = ui.clip_rect().x_range();
        let mut builder = TableBuilder::new(ui)
            .id_salt("demand-grid")
            .striped(true)
            .cell_layout(egui::Layout::right_to_left(egui::Align::Center))
            .column(Column::exact(110.0))
            .column(Column::exact(80.0))
            .columns(Column::exact(82.0), periods as usize);
        if let Some(item) = self.scroll_to_item.take()
            && let Some(row) = items.iter().position(|i| *i == item)
        {
            builder = builder.scroll_to_row(row, Some(egui::Align::Center));
        }
        let mut start = None;
        // As in the table editor, the header lays out every column and a row only those in
        // view sideways (plan L has 52 periods); `spans` holds each header cell's x-range.
        let mut spans = Vec::with_capacity(periods as usize + 2);
        builder
            .header(ROW_HEIGHT, |mut header| {
                spans.push(header_cell(&mut header, |ui| {
                    ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                        ui.strong("Item");
                    });
                }));
                spans.push(header_cell(&mut header, |ui| {
                    ui.strong("Total");
                }));
                for period in 1..=periods {
                    spans.push(header_cell(&mut header, |ui| {
                        ui.strong(format::period_label(settings, period))
                            .on_hover_text(format!("period {period}"));
                    }));
                }
            })
            .body(|body| {
                body.rows(ROW_HEIGHT, items.len(), |mut row| {
                    let index = row.index();
                    let item = &items[index];
                    // The cell being typed into stays laid out, so it keeps the focus.
                    let editing_here = self.editing.as_ref().is_some_and(|e| e.item == *item);
                    let place = |k: usize| {
                        if editing_here {
                            Place::Visible
                        } else {
                            place_of(spans.get(k), visible_x)
                        }
                    };
                    if place(0) == Place::Left {
                        row.col(|_| {});
                    } else {
                        row.col(|ui| {
                            let layout = egui::Layout::left_to_right(egui::Align::Center);
                            ui.with_layout(layout, |ui| {
                                ui.strong(item);
                            });
                        });
                    }
                    if place(1) == Place::Left {
                        row.col(|_| {});
                    } else {
                        row.col(|ui| {
                            ui.label(format::quantity(rows.totals[index]));
                        });
                    }
                    for period in 1..=periods {
                        match place(period as usize + 1) {
                            Place::Right => return,
                            Place::Left => {
                                row.col(|_| {});
                                continue;
                            }
                            Place::Visible => {}
                        }
                        row.col(|ui| {
                            if let Some(clicked) = self.cell_ui(ui, item, period, out) {
                                start = Some(clicked);
                            }
                        });
                    }
                });
            });
        if let Some((item, period)) = start {
            let text = self
                .index
                .get(&item, period)
                .map(|q| q.to_string())
                .unwrap_or_default();
            self.anchor = Some((item.clone(), period));
            self.editing = Some(GridEdit {
                item,
                period,
                text,
                just_started: true,
                error: None,
            });
        }
    }

    /// One cell; returns the cell to start editing when it was clicked.
    fn cell_ui(
        &mut self,
        ui: &mut egui::Ui,
        item: &str,
        period: i64,
        out: &mut Vec<Command>,
    ) -> Option<(String, i64)> {
        let label = format!("demand {item} period {period}");
        let editing_here = self
            .editing
            .as_ref()
            .is_some_and(|e| e.item == item && e.period == period);
        if editing_here {
            self.edit_cell_ui(ui, &label, out);
            return None;
        }
        let qty = self.index.get(item, period);
        let text = qty.map(format::quantity).unwrap_or_default();
        let anchored = self
            .anchor
            .as_ref()
            .is_some_and(|(i, p)| i == item && *p == period);
        let shown = if anchored {
            RichText::new(if text.is_empty() {
                "·".to_string()
            } else {
                text
            })
            .underline()
        } else {
            RichText::new(text)
        };
        let response = ui.add(egui::Label::new(shown).sense(egui::Sense::click()));
        ui.ctx()
            .accesskit_node_builder(response.id, |node| node.set_label(label.clone()));
        let response = ui.interact(
            ui.max_rect(),
            ui.make_persistent_id(("demand-cell", item, period)),
            egui::Sense::click(),
        ) | response;
        response.clicked().then(|| (item.to_string(), period))
    }

    fn edit_cell_ui(&mut self, ui: &mut egui::Ui, label: &str, out: &mut Vec<Command>) {
        let Some(edit) = self.editing.as_mut() else {
            return;
        };
        let id = ui.make_persistent_id(("demand-edit", &edit.item, edit.period));
        let mut field = egui::TextEdit::singleline(&mut edit.text)
            .id(id)
            .align(egui::Align2::RIGHT_CENTER)
            .desired_width(f32::INFINITY);
        if edit.error.is_some() {
            field = field.text_color(style::ERROR);
        }
        let response = ui.add(field);
        ui.ctx()
            .accesskit_node_builder(response.id, |node| node.set_label(label.to_string()));
        if edit.just_started {
            edit.just_started = false;
            response.request_focus();
        }
        if !response.lost_focus() {
            return;
        }
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            self.editing = None;
            return;
        }
        match parse_quantity(&edit.text) {
            Ok(qty) => {
                out.push(Command::SetDemand(vec![DemandCell {
                    item: edit.item.clone(),
                    period: edit.period,
                    qty,
                }]));
                self.editing = None;
            }
            Err(message) => {
                edit.error = Some(format!("{} period {}: {message}", edit.item, edit.period))
            }
        }
    }
}

/// Empty text removes the demand; anything else must be a number.
fn parse_quantity(text: &str) -> Result<Option<f64>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse_number(text)
        .map(Some)
        .ok_or_else(|| format!("\"{}\" is not a number", text.trim()))
}

/// Maps a pasted block onto grid cells starting at row `top` (index into `items`) and period
/// `first_period`; cells past the last item or period are an error naming the place.
fn paste_cells(
    cells: &[Vec<String>],
    items: &[String],
    top: usize,
    first_period: i64,
    periods: i64,
) -> Result<Vec<DemandCell>, String> {
    let mut result = Vec::new();
    for (r, line) in cells.iter().enumerate() {
        let item = items
            .get(top + r)
            .ok_or_else(|| format!("pasted row {} is below the last item", r + 1))?;
        for (c, text) in line.iter().enumerate() {
            let period = first_period + c as i64;
            if period > periods {
                return Err(format!("pasted column {} is past the last period", c + 1));
            }
            let qty = parse_quantity(text)
                .map_err(|m| format!("pasted row {}, column {}: {m}", r + 1, c + 1))?;
            result.push(DemandCell {
                item: item.clone(),
                period,
                qty,
            });
        }
    }
    Ok(result)
}

impl PageView for DemandView {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageContext<'_>) {
        self.contents_ui(ui, cx.doc, cx.edits);
    }

    fn reveal(&mut self, doc: &Document, table: TableKind, row: Option<usize>) -> bool {
        if table != TableKind::Demand {
            return false;
        }
        if let Some(row) = row {
            self.reveal_row(doc, row);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demand(item: &str, period: i64, qty: f64) -> crate::domain::Demand {
        crate::domain::Demand {
            item: item.to_string(),
            period,
            qty,
        }
    }

    #[test]
    fn the_index_holds_each_cell_of_the_periods_and_each_item_total() {
        // Three periods. A: 5 in period 1 (then 6, the later row wins), 2 in period 3, and rows
        // in periods 0 and 4 outside the grid; B: 7 in period 2, its rows after A's second run.
        let mut plan = Plan {
            demand: vec![
                demand("A", 1, 5.0),
                demand("A", 3, 2.0),
                demand("B", 2, 7.0),
                demand("A", 1, 6.0),
                demand("A", 0, 100.0),
                demand("A", 4, 100.0),
                demand("C", 9, 1.0),
            ],
            ..Plan::default()
        };
        let mut index = DemandIndex::default();
        index.rebuild(&plan, 3);
        assert_eq!(index.get("A", 1), Some(6.0));
        assert_eq!(index.get("A", 2), None);
        assert_eq!(index.get("A", 3), Some(2.0));
        assert_eq!(index.get("A", 4), None);
        assert_eq!(index.get("B", 2), Some(7.0));
        // A: 6 + 2 = 8 (periods 0 and 4 are outside); B: 7; C has only a row outside: 0.
        assert_eq!(index.total("A"), 8.0);
        assert_eq!(index.total("B"), 7.0);
        assert_eq!(index.total("C"), 0.0);
        assert!(index.has_demand("C"));
        assert!(!index.has_demand("D"));
        // A rebuild with one period forgets period 3 and the items that are gone.
        plan.demand.truncate(1);
        index.rebuild(&plan, 1);
        assert_eq!(index.get("A", 1), Some(5.0));
        assert_eq!(index.get("A", 3), None);
        assert!(!index.has_demand("B"));
    }

    #[test]
    fn a_pasted_block_maps_to_items_and_periods() {
        let items = vec!["A".to_string(), "B".to_string()];
        let cells = split_clipboard("5\t\n1,200\t3\n");
        let mapped = paste_cells(&cells, &items, 0, 2, 3).unwrap();
        let simple: Vec<(&str, i64, Option<f64>)> = mapped
            .iter()
            .map(|c| (c.item.as_str(), c.period, c.qty))
            .collect();
        assert_eq!(
            simple,
            vec![
                ("A", 2, Some(5.0)),
                ("A", 3, None),
                ("B", 2, Some(1200.0)),
                ("B", 3, Some(3.0))
            ]
        );
    }

    #[test]
    fn a_block_past_the_grid_or_with_text_is_refused() {
        let items = vec!["A".to_string()];
        let too_wide = paste_cells(&split_clipboard("1\t2"), &items, 0, 3, 3);
        assert_eq!(
            too_wide,
            Err("pasted column 2 is past the last period".into())
        );
        let bad = paste_cells(&split_clipboard("x"), &items, 0, 1, 3);
        assert_eq!(
            bad,
            Err("pasted row 1, column 1: \"x\" is not a number".into())
        );
    }
}
