//! Materials page (DESIGN.md §5): the time-phased record of one item, the textbook grid with
//! periods as columns, beside its planning facts; its pegging (which parent's release makes
//! each gross requirement, and the children its releases need), each a link to that item; the
//! exception list (past due, shortage), each a link to its item and period; and the inventory
//! value of all items per period with the capital tied in stock.
//!
//! Everything comes from the cached analysis (`Analysis::mrp`); what the page derives from it
//! (the code index, the items with exceptions, the chosen item's pegging) is cached per
//! `doc.analysis_key()`, and the item and exception lists lay out only the rows in view (plan L
//! has 20,000 items).

mod pegging_ui;
mod record;
mod stock_chart;

use eframe::egui::{self, RichText};

use super::Navigate;
use super::format;
use super::item_picker::ItemPicker;
use super::page::{PageContext, PageView};
use super::problems;
use super::style;
use crate::analytics::mrp::{ExceptionKind, MrpException, MrpResults, Pegging, pegging};
use crate::analytics::{Analysis, AnalysisError};
use crate::app::Document;
use crate::domain::PlanSettings;
use crate::domain::fxhash::FxHashSet;

/// Width of the item and exception lists on the left, in points.
const LIST_WIDTH: f32 = 250.0;

/// Which list the left column shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MaterialsList {
    /// Every item, filtered by code or name.
    #[default]
    Items,
    /// The exceptions of the material plan.
    Exceptions,
}

/// What the page derives from one analysis, built once per `doc.analysis_key()`.
struct Derived {
    key: u64,
    /// Codes of the items with at least one exception.
    exception_items: FxHashSet<String>,
    /// The item shown before the user picks one: the first with an exception, else the first
    /// with a gross requirement, else the first item.
    default_item: Option<String>,
}

impl Derived {
    fn new(key: u64, material: &MrpResults) -> Self {
        let plan = &material.plan;
        let exception_items: FxHashSet<String> =
            material.exceptions.iter().map(|e| e.item.clone()).collect();
        let default_item = material
            .exceptions
            .first()
            .map(|e| e.item.clone())
            .or_else(|| {
                (0..plan.item_count())
                    .find(|&item| plan.gross().row(item).iter().any(|&g| g > 0.0))
                    .and_then(|item| plan.code(item))
                    .map(str::to_string)
            })
            .or_else(|| plan.code(0).map(str::to_string));
        Derived {
            key,
            exception_items,
            default_item,
        }
    }
}

/// The chosen item's pegging, kept until the analysis or the item changes.
struct CachedPegging {
    key: u64,
    item: usize,
    pegging: Pegging,
}

/// A period of the chosen item's record to highlight (after an exception link).
#[derive(Debug, Clone, PartialEq)]
struct Highlight {
    item: String,
    /// 1-based period.
    period: i64,
    /// True until the record has scrolled the period into view.
    scroll: bool,
}

/// State of the Materials page.
#[derive(Default)]
pub struct MaterialsView {
    picker: ItemPicker,
    /// The item chosen by the user (by code, so it survives edits).
    item: Option<String>,
    list: MaterialsList,
    highlight: Option<Highlight>,
    derived: Option<Derived>,
    /// The chosen item's index in the material plan: (analysis key, code, index).
    resolved: Option<(u64, String, Option<usize>)>,
    pegging: Option<CachedPegging>,
}

/// What a click on the page asks for, applied after drawing.
enum Selection {
    /// Show this item's record.
    Item(String),
    /// Show this item's record with this period (1-based) highlighted.
    Period(String, i64),
}

impl MaterialsView {
    /// Shows the exception list in the left column (the Overview's card links here).
    pub fn show_exceptions(&mut self) {
        self.list = MaterialsList::Exceptions;
    }

    /// The list the left column shows.
    pub fn list(&self) -> MaterialsList {
        self.list
    }

    /// Code of the item whose record is shown, once the page has been drawn.
    pub fn selected_item(&self) -> Option<&str> {
        self.item.as_deref()
    }

    /// The highlighted period (1-based) of the shown item, after an exception link.
    pub fn highlighted_period(&self) -> Option<i64> {
        self.highlight
            .as_ref()
            .filter(|h| Some(h.item.as_str()) == self.item.as_deref())
            .map(|h| h.period)
    }

    /// Draws the page; returns a navigation request (to the problems when invalid).
    fn contents_ui(&mut self, ui: &mut egui::Ui, doc: &Document) -> Option<Navigate> {
        let analysis = match doc.analysis() {
            Some(Ok(analysis)) => analysis,
            Some(Err(AnalysisError::Invalid(report))) => {
                let needs = "the material plan needs";
                return problems::invalid_plan_ui(ui, report.problems.len(), needs);
            }
            None => return None,
        };
        let material = &analysis.mrp;
        if material.plan.item_count() == 0 {
            ui.label("The plan has no items: add some to see what to make and buy, and when.");
            return None;
        }
        let key = doc.analysis_key();
        self.picker.refresh_keyed(key, &doc.plan().items);
        let derived = match self.derived.take() {
            Some(derived) if derived.key == key => derived,
            _ => Derived::new(key, material),
        };
        let chosen = self
            .item
            .clone()
            .filter(|code| self.index_of(key, code, material).is_some())
            .or_else(|| derived.default_item.clone());
        let chosen_index = chosen
            .as_ref()
            .and_then(|code| self.index_of(key, code, material));
        let mut selection = None;
        ui.horizontal_top(|ui| {
            let height = ui.available_height();
            ui.allocate_ui_with_layout(
                egui::vec2(LIST_WIDTH, height),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    ui.set_width(LIST_WIDTH);
                    self.lists_ui(
                        ui,
                        doc,
                        material,
                        &derived,
                        chosen.as_deref(),
                        &mut selection,
                    );
                },
            );
            ui.separator();
            ui.vertical(|ui| {
                egui::ScrollArea::vertical()
                    .id_salt("materials-item")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        if let Some(item) = chosen_index {
                            self.item_ui(ui, doc, analysis, key, item, &mut selection);
                        }
                        ui.add_space(10.0);
                        stock_chart::stock_ui(ui, material, &doc.plan().settings);
                    });
            });
        });
        self.derived = Some(derived);
        self.item = chosen;
        match selection {
            Some(Selection::Item(code)) => {
                self.item = Some(code);
                self.highlight = None;
            }
            Some(Selection::Period(code, period)) => {
                self.highlight = Some(Highlight {
                    item: code.clone(),
                    period,
                    scroll: true,
                });
                self.item = Some(code);
            }
            None => {}
        }
        None
    }

    /// The index of item `code` in the material plan, looked up once per analysis and code (a
    /// pass over the codes: plan L has 20,000, and a map of them would be rebuilt per result).
    fn index_of(&mut self, key: u64, code: &str, material: &MrpResults) -> Option<usize> {
        if let Some((cached_key, cached_code, index)) = &self.resolved
            && *cached_key == key
            && cached_code == code
        {
            return *index;
        }
        let plan = &material.plan;
        let index = (0..plan.item_count()).find(|&item| plan.code(item) == Some(code));
        self.resolved = Some((key, code.to_string(), index));
        index
    }

    /// The tabs of the left column and the list chosen.
    fn lists_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        material: &MrpResults,
        derived: &Derived,
        chosen: Option<&str>,
        selection: &mut Option<Selection>,
    ) {
        ui.horizontal(|ui| {
            let items = format!("Items ({})", material.plan.item_count());
            if ui
                .add(egui::Button::selectable(
                    self.list == MaterialsList::Items,
                    items,
                ))
                .clicked()
            {
                self.list = MaterialsList::Items;
            }
            let count = material.exceptions.len();
            let showing = self.list == MaterialsList::Exceptions;
            let mut text = RichText::new(format!("Exceptions ({count})"));
            // Red on the selection colour would be hard to read.
            if count > 0 && !showing {
                text = text.color(style::error_color(ui.visuals()));
            }
            if ui.add(egui::Button::selectable(showing, text)).clicked() {
                self.list = MaterialsList::Exceptions;
            }
        });
        ui.add_space(4.0);
        match self.list {
            MaterialsList::Items => {
                let filter = self.picker.filter_ui(ui, LIST_WIDTH - 8.0);
                style::accessible_label(ui, &filter, "Filter items");
                let shown = self.picker.matching_count();
                ui.label(
                    RichText::new(format!(
                        "{shown} of {} items · red: with exceptions",
                        doc.plan().items.len()
                    ))
                    .small()
                    .weak(),
                );
                let mut clicked = None;
                let marked = |code: &str| derived.exception_items.contains(code);
                let height = ui.available_height();
                self.picker.list_ui(
                    ui,
                    "materials-items",
                    height,
                    chosen.unwrap_or_default(),
                    &mut clicked,
                    &marked,
                );
                if let Some(code) = clicked {
                    *selection = Some(Selection::Item(code));
                }
            }
            MaterialsList::Exceptions => {
                exceptions_ui(ui, &material.exceptions, &doc.plan().settings, selection);
            }
        }
    }

    /// The chosen item: its heading and facts, its record and its pegging.
    fn item_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        analysis: &Analysis,
        key: u64,
        item: usize,
        selection: &mut Option<Selection>,
    ) {
        let material = &analysis.mrp;
        let Some(record) = material.plan.record(item) else {
            return;
        };
        let plan = doc.plan();
        let row = plan
            .items
            .get(item)
            .filter(|row| row.code == record.item)
            .or_else(|| plan.items.iter().find(|row| row.code == record.item));
        let unit_cost = analysis.cost.items.get(item).map_or(0.0, |c| c.unit_cost);
        let title = match row {
            Some(row) if !row.name.is_empty() => format!("{} — {}", record.item, row.name),
            _ => record.item.to_string(),
        };
        ui.label(RichText::new(title).heading().strong());
        if let Some(row) = row {
            record::facts_ui(ui, row, &record, unit_cost, &plan.settings);
        }
        ui.add_space(6.0);
        let highlight = self.highlight.as_mut().filter(|h| h.item == record.item);
        let exceptions: Vec<&MrpException> = (material.exceptions.iter())
            .filter(|e| e.item == record.item)
            .collect();
        let on_hand = row.map_or(0.0, |r| r.on_hand);
        record::record_ui(
            ui,
            &record,
            on_hand,
            &exceptions,
            &plan.settings,
            highlight.map(|h| (h.period, &mut h.scroll)),
        );
        ui.add_space(8.0);
        if self.pegging.as_ref().map(|p| (p.key, p.item)) != Some((key, item)) {
            self.pegging = Some(CachedPegging {
                key,
                item,
                pegging: pegging(&material.plan, item),
            });
        }
        if let Some(cached) = &self.pegging {
            pegging_ui::pegging_ui(
                ui,
                &cached.pegging,
                material,
                row,
                &plan.settings,
                selection,
            );
        }
    }
}

/// An exception in a few words, for its line in the list: `HUB: past due 232 in 2026-W10`.
pub fn exception_text(exception: &MrpException, settings: &PlanSettings) -> String {
    let period = format::period_label(settings, exception.period);
    let qty = format::quantity(exception.qty);
    match exception.kind {
        ExceptionKind::PastDue => format!("{}: past due {qty} in {period}", exception.item),
        ExceptionKind::Shortage => format!("{}: short {qty} in {period}", exception.item),
    }
}

/// What an exception means and what to do, for its tooltip.
pub fn exception_detail(exception: &MrpException, settings: &PlanSettings) -> String {
    let period = format::period_label(settings, exception.period);
    let qty = format::quantity(exception.qty);
    match (exception.kind, exception.release_period) {
        (ExceptionKind::PastDue, Some(release)) => format!(
            "{qty} due in {period} should have been released in {}, before the horizon starts: \
             expedite (planned as released in period 1)",
            format::period_label(settings, release)
        ),
        (ExceptionKind::PastDue, None) => {
            format!("{qty} due in {period} should have been released before the horizon")
        }
        (ExceptionKind::Shortage, _) => format!(
            "projected stock is {} at the end of {period}: the master schedule receives too little",
            format::quantity(-exception.qty)
        ),
    }
}

/// The exceptions, each a link to its item and period; only the lines in view are laid out.
fn exceptions_ui(
    ui: &mut egui::Ui,
    exceptions: &[MrpException],
    settings: &PlanSettings,
    selection: &mut Option<Selection>,
) {
    if exceptions.is_empty() {
        ui.colored_label(
            style::good_color(ui.visuals()),
            "No exceptions: every order can be released in time and no stock runs short.",
        );
        return;
    }
    let height = ui.available_height();
    // A link is one line of body text high.
    let row_height = ui.text_style_height(&egui::TextStyle::Body);
    egui::ScrollArea::vertical()
        .id_salt("materials-exceptions")
        .max_height(height)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, exceptions.len(), |ui, rows| {
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
            let color = style::error_color(ui.visuals());
            for exception in exceptions.get(rows).unwrap_or(&[]) {
                let text = RichText::new(exception_text(exception, settings)).color(color);
                let response = ui
                    .add(egui::Link::new(text))
                    .on_hover_text(exception_detail(exception, settings));
                if response.clicked() {
                    *selection = Some(Selection::Period(exception.item.clone(), exception.period));
                }
            }
        });
}

impl PageView for MaterialsView {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageContext<'_>) {
        if let Some(target) = self.contents_ui(ui, cx.doc) {
            cx.navigate(target);
        }
    }
}
