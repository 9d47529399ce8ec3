//! The chosen item's planning facts and its time-phased record, printed the textbook way: one
//! column per period (after a column with the stock at the start), rows gross requirements,
//! scheduled receipts, projected on hand, net requirements, planned order receipts and planned
//! order releases. Only the columns in view are laid out (a horizon may have 10,000 periods).

use eframe::egui::{self, RichText};

use super::{exception_detail, format, style};
use crate::analytics::mrp::{ExceptionKind, ItemRecord, MrpException};
use crate::domain::{Item, OrderPolicy, PlanSettings};

/// The rows of the record, top to bottom, as a textbook names them.
pub const RECORD_ROWS: [&str; 6] = [
    "Gross requirements",
    "Scheduled receipts",
    "Projected on hand",
    "Net requirements",
    "Planned order receipts",
    "Planned order releases",
];

/// Index of the projected-on-hand row, the one row that shows zeros (stock of 0 is a figure).
const ON_HAND_ROW: usize = 2;
/// Index of the planned-receipts row.
const RECEIPTS_ROW: usize = 4;
/// Index of the planned-releases row.
const RELEASES_ROW: usize = 5;

/// Width of the row names left of the grid, in points.
const LABEL_WIDTH: f32 = 170.0;
/// Height of one row of the grid, in points.
const ROW_HEIGHT: f32 = 22.0;
/// Height of the header row (year above the period), in points.
const HEADER_HEIGHT: f32 = 34.0;
/// Narrowest column, in points.
const MIN_COLUMN_WIDTH: f32 = 44.0;
/// Space between a column's widest text and the next column, in points.
const COLUMN_PADDING: f32 = 14.0;

/// The accessible name of a record cell, `Planned order releases 2026-W11` (kittest finds
/// cells by it); the start column is `Projected on hand start`.
pub fn cell_label(row: &str, period: Option<&str>) -> String {
    format!("{row} {}", period.unwrap_or("start"))
}

/// The item's order policy in words, with its minimum and multiple: `fixed 10,000`, `POQ 2
/// weeks, multiples of 50`.
pub fn policy_text(item: &Item, settings: &PlanSettings) -> String {
    let mut text = match item.order_policy {
        OrderPolicy::LotForLot => "lot-for-lot".to_string(),
        OrderPolicy::Fixed => match item.order_qty {
            Some(qty) => format!("fixed {}", format::quantity(qty)),
            None => "fixed".to_string(),
        },
        OrderPolicy::Poq => match item.order_periods {
            Some(periods) => format!("POQ {}", periods_text(periods, settings)),
            None => "POQ".to_string(),
        },
        OrderPolicy::Eoq => "EOQ".to_string(),
        OrderPolicy::WagnerWhitin => "Wagner-Whitin".to_string(),
    };
    if item.order_min > 0.0 {
        text.push_str(&format!(", min {}", format::quantity(item.order_min)));
    }
    if let Some(multiple) = item.order_multiple {
        text.push_str(&format!(", multiples of {}", format::quantity(multiple)));
    }
    text
}

/// `1 week`, `3 weeks`, `0 days`.
pub fn periods_text(periods: i64, settings: &PlanSettings) -> String {
    let unit = settings.period_unit.as_str();
    if periods == 1 {
        format!("1 {unit}")
    } else {
        format!("{periods} {unit}s")
    }
}

/// The planning facts of the item beside its record: level, policy, lead time, safety stock,
/// stock on hand, unit cost and the average value of its stock.
pub fn facts_ui(
    ui: &mut egui::Ui,
    item: &Item,
    record: &ItemRecord<'_>,
    unit_cost: f64,
    settings: &PlanSettings,
) {
    let unit = if item.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", item.unit)
    };
    let periods = record.on_hand.len().max(1) as f64;
    let average_stock = record.on_hand.iter().map(|s| s.max(0.0)).sum::<f64>() / periods;
    let facts = [
        ("Kind", item.kind.as_str().to_string()),
        ("Level", record.level.to_string()),
        ("Order policy", policy_text(item, settings)),
        ("Lead time", periods_text(item.lead_time, settings)),
        (
            "Safety stock",
            format!("{}{unit}", format::quantity(item.safety_stock)),
        ),
        (
            "On hand",
            format!("{}{unit}", format::quantity(item.on_hand)),
        ),
        ("Unit cost", format::money(unit_cost, &settings.currency)),
        (
            "Stock value (average)",
            format::money(average_stock * unit_cost, &settings.currency),
        ),
    ];
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = egui::vec2(6.0, 6.0);
        for (name, value) in facts {
            fact_ui(ui, name, &value);
        }
    });
}

/// One fact: its name small above its value, in a faint box.
fn fact_ui(ui: &mut egui::Ui, name: &str, value: &str) {
    egui::Frame::new()
        .fill(ui.visuals().faint_bg_color)
        .corner_radius(style::CORNER_RADIUS)
        .inner_margin(egui::Margin::symmetric(8, 3))
        .show(ui, |ui| {
            ui.vertical(|ui| {
                ui.label(RichText::new(name).small().weak());
                let response = ui.label(RichText::new(value).strong());
                style::accessible_label(ui, &response, format!("{name}: {value}"));
            });
        });
}

/// A cell the exceptions mark: its row, column (0 = start, t = period t) and what it means.
struct Mark {
    row: usize,
    column: usize,
    detail: String,
}

/// The cells an item's exceptions concern: a past-due order's planned receipt and the period-1
/// release that carries it; a shortage's projected stock.
fn marks(exceptions: &[&MrpException], settings: &PlanSettings) -> Vec<Mark> {
    let mut marks = Vec::new();
    for exception in exceptions {
        let column = usize::try_from(exception.period).unwrap_or(0);
        let detail = exception_detail(exception, settings);
        match exception.kind {
            ExceptionKind::PastDue => {
                marks.push(Mark {
                    row: RECEIPTS_ROW,
                    column,
                    detail: detail.clone(),
                });
                marks.push(Mark {
                    row: RELEASES_ROW,
                    column: 1,
                    detail,
                });
            }
            ExceptionKind::Shortage => marks.push(Mark {
                row: ON_HAND_ROW,
                column,
                detail,
            }),
        }
    }
    marks
}

/// The value of a cell: column 0 holds only the starting stock.
fn cell_value(rows: &[&[f64]; 6], on_hand: f64, row: usize, column: usize) -> Option<f64> {
    if column == 0 {
        return (row == ON_HAND_ROW).then_some(on_hand);
    }
    let value = rows.get(row)?.get(column - 1).copied()?;
    // Requirements and orders of 0 are left blank, as a textbook prints them.
    (row == ON_HAND_ROW || value != 0.0).then_some(value)
}

/// Width of the widest text the grid shows: the largest value, with decimals if any value has
/// them, and the period labels.
fn column_width(ui: &egui::Ui, rows: &[&[f64]; 6], on_hand: f64, settings: &PlanSettings) -> f32 {
    let mut largest = on_hand.abs();
    let mut fractional = on_hand.fract() != 0.0;
    let mut negative = on_hand < 0.0;
    for value in rows.iter().flat_map(|row| row.iter()) {
        largest = largest.max(value.abs());
        fractional |= value.fract() != 0.0;
        negative |= *value < 0.0;
    }
    let mut widest = format::number(largest.trunc(), 0);
    if fractional {
        widest.push_str(".00");
    }
    if negative {
        widest.insert(0, '−');
    }
    let periods = rows.first().map_or(0, |row| row.len());
    let last_label = format::period_label(settings, periods as i64);
    let (_, last) = header_parts(&last_label);
    let font = egui::TextStyle::Body.resolve(ui.style());
    let text_width = |text: String| {
        ui.painter()
            .layout_no_wrap(text, font.clone(), egui::Color32::WHITE)
            .size()
            .x
    };
    let width = text_width(widest).max(text_width(last.to_string()));
    (width + COLUMN_PADDING).max(MIN_COLUMN_WIDTH)
}

/// A period label split for a two-line header: `2026-W10` → (`2026`, `W10`); `P3` → ("", `P3`).
fn header_parts(label: &str) -> (&str, &str) {
    label.split_once('-').unwrap_or(("", label))
}

/// The record grid. `highlight` is a period (1-based) to mark, with a flag set while the grid
/// still has to scroll it into view.
pub fn record_ui(
    ui: &mut egui::Ui,
    record: &ItemRecord<'_>,
    on_hand: f64,
    exceptions: &[&MrpException],
    settings: &PlanSettings,
    highlight: Option<(i64, &mut bool)>,
) {
    let rows = record.rows();
    let marks = marks(exceptions, settings);
    let columns = record.gross.len() + 1;
    let column_width = column_width(ui, &rows, on_hand, settings);
    let height = HEADER_HEIGHT + ROW_HEIGHT * RECORD_ROWS.len() as f32;
    let (highlight, scroll) = match highlight {
        Some((period, scroll)) => (usize::try_from(period).ok(), Some(scroll)),
        None => (None, None),
    };
    ui.horizontal_top(|ui| {
        ui.spacing_mut().item_spacing.x = 0.0;
        // A scroll bar of its own below the grid, not one floating over the releases row.
        ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
        row_names_ui(ui, height);
        egui::ScrollArea::horizontal()
            .id_salt(("materials-record", record.item))
            .auto_shrink([false, true])
            .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
            .show_viewport(ui, |ui, viewport| {
                let size = egui::vec2(column_width * columns as f32, height);
                let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
                stripes(ui, rect);
                let first = (viewport.min.x / column_width).floor().max(0.0) as usize;
                let last = ((viewport.max.x / column_width).ceil() as usize + 1).min(columns);
                let column_rect = |column: usize| {
                    let left = rect.left() + column as f32 * column_width;
                    egui::Rect::from_min_size(
                        egui::pos2(left, rect.top()),
                        egui::vec2(column_width, height),
                    )
                };
                if let Some(column) = highlight.filter(|&c| c < columns) {
                    let area = column_rect(column);
                    let fill = ui.visuals().selection.bg_fill.gamma_multiply(0.35);
                    ui.painter().rect_filled(area, style::CORNER_RADIUS, fill);
                    if let Some(scroll) = scroll
                        && *scroll
                    {
                        ui.scroll_to_rect(area, Some(egui::Align::Center));
                        *scroll = false;
                    }
                }
                for column in first..last {
                    let area = column_rect(column);
                    header_ui(ui, area, column, settings);
                    for row in 0..RECORD_ROWS.len() {
                        let top = area.top() + HEADER_HEIGHT + row as f32 * ROW_HEIGHT;
                        let cell = egui::Rect::from_min_size(
                            egui::pos2(area.left(), top),
                            egui::vec2(column_width - COLUMN_PADDING / 2.0, ROW_HEIGHT),
                        );
                        let Some(value) = cell_value(&rows, on_hand, row, column) else {
                            continue;
                        };
                        let mark = marks.iter().find(|m| m.row == row && m.column == column);
                        cell_ui(ui, cell, row, column, value, mark, settings);
                    }
                }
            });
    });
}

/// The row names left of the grid, on the same stripes.
fn row_names_ui(ui: &mut egui::Ui, height: f32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(LABEL_WIDTH, height), egui::Sense::hover());
    stripes(ui, rect);
    let header = egui::Rect::from_min_size(rect.min, egui::vec2(LABEL_WIDTH, HEADER_HEIGHT));
    left_aligned(ui, header, RichText::new("Period").weak());
    for (row, name) in RECORD_ROWS.iter().enumerate() {
        let top = rect.top() + HEADER_HEIGHT + row as f32 * ROW_HEIGHT;
        let area = egui::Rect::from_min_size(
            egui::pos2(rect.left() + 4.0, top),
            egui::vec2(LABEL_WIDTH - 4.0, ROW_HEIGHT),
        );
        let mut text = RichText::new(*name);
        if row == RELEASES_ROW {
            text = text.strong();
        }
        left_aligned(ui, area, text);
    }
}

/// Faint stripes behind every other record row.
fn stripes(ui: &egui::Ui, rect: egui::Rect) {
    let fill = ui.visuals().faint_bg_color;
    for row in (0..RECORD_ROWS.len()).step_by(2) {
        let top = rect.top() + HEADER_HEIGHT + row as f32 * ROW_HEIGHT;
        let stripe = egui::Rect::from_min_size(
            egui::pos2(rect.left(), top),
            egui::vec2(rect.width(), ROW_HEIGHT),
        );
        ui.painter().rect_filled(stripe, 0.0, fill);
    }
}

/// A label placed at the left of `area`, centred vertically.
fn left_aligned(ui: &mut egui::Ui, area: egui::Rect, text: RichText) -> egui::Response {
    ui.scope_builder(
        egui::UiBuilder::new()
            .max_rect(area)
            .layout(egui::Layout::left_to_right(egui::Align::Center)),
        |ui| ui.label(text),
    )
    .inner
}

/// The header of one column: the year (small) above the rest of the period label, or "start".
fn header_ui(ui: &mut egui::Ui, area: egui::Rect, column: usize, settings: &PlanSettings) {
    let header = egui::Rect::from_min_size(
        area.min,
        egui::vec2(area.width() - COLUMN_PADDING / 2.0, HEADER_HEIGHT),
    );
    let label = match column {
        0 => "start".to_string(),
        t => format::period_label(settings, t as i64),
    };
    let (year, period) = header_parts(&label);
    // The year stands above the first period and above each period where it changes.
    let previous = format::period_label(settings, column as i64 - 1);
    let year = if column == 1 || header_parts(&previous).0 != year {
        year
    } else {
        ""
    };
    ui.scope_builder(
        egui::UiBuilder::new()
            .max_rect(header)
            .layout(egui::Layout::top_down(egui::Align::Max)),
        |ui| {
            ui.spacing_mut().item_spacing.y = 0.0;
            ui.label(RichText::new(year).small().weak());
            let response = ui.label(RichText::new(period).strong());
            style::accessible_label(ui, &response, label.clone());
        },
    );
}

/// One number of the grid, right-aligned; red with its explanation when an exception marks it.
fn cell_ui(
    ui: &mut egui::Ui,
    area: egui::Rect,
    row: usize,
    column: usize,
    value: f64,
    mark: Option<&Mark>,
    settings: &PlanSettings,
) {
    let mut text = RichText::new(format::quantity(value));
    if mark.is_some() || value < 0.0 {
        text = text.color(style::error_color(ui.visuals())).strong();
    }
    let response = ui
        .scope_builder(
            egui::UiBuilder::new()
                .max_rect(area)
                .layout(egui::Layout::right_to_left(egui::Align::Center)),
            |ui| ui.label(text),
        )
        .inner;
    let period = (column > 0).then(|| format::period_label(settings, column as i64));
    let name = RECORD_ROWS.get(row).copied().unwrap_or_default();
    style::accessible_label(ui, &response, cell_label(name, period.as_deref()));
    if let Some(mark) = mark {
        response.on_hover_text(&mark.detail);
    }
}
