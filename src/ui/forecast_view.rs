//! Forecast page (planning): demand forecasts from sales history (DESIGN.md §7). A sortable
//! table of the forecast items (method, MAD, MAPE, tracking signal) to find the worst ones; for
//! the selected item a chart of history, one-step fitted values and the forecast with its band,
//! labelled by date; its method and parameters (a forecast_settings row, with undo); auto's
//! candidate MADs; a warning when |TS| > 4; Apply to demand for the item or all items (one undo
//! step); and a box to paste a history column from a spreadsheet.
//!
//! The forecast is computed once per document revision and cached; a plan with much history
//! is forecast on a worker thread so frames stay short.

use crate::domain::count_of;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use eframe::egui::{self, Color32, RichText};
use egui_extras::{Column, TableBuilder};
use egui_plot::{Corner, Legend, Line, LineStyle, Plot, PlotPoints};

use super::format;
use super::page::{PageContext, PageView};
use super::style::ERROR as ERROR_COLOR;
use crate::analytics::forecast::{ForecastResults, ItemForecast, forecast};
use crate::app::TableKind;
use crate::app::forecasting::demand_with_forecast;
use crate::app::{Command, Document};
use crate::domain::{ForecastMethod, ForecastSetting, Plan};

/// Plans with more history rows than this are forecast on a worker thread.
const WORKER_HISTORY_ROWS: usize = 5_000;

/// |tracking signal| above which the page warns that the forecast is biased.
pub const TRACKING_SIGNAL_LIMIT: f64 = 4.0;

const HISTORY_COLOR: Color32 = Color32::from_rgb(90, 140, 210);
const FITTED_COLOR: Color32 = Color32::from_rgb(240, 170, 70);
const FORECAST_COLOR: Color32 = Color32::from_rgb(46, 140, 80);
const BAND_COLOR: Color32 = Color32::from_rgb(140, 140, 140);

/// The column the item table is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Item,
    Method,
    Mad,
    Mape,
    TrackingSignal,
}

/// Forecasts of one document revision, or the worker computing them.
enum Cache {
    Empty,
    Pending {
        revision: u64,
        receiver: Receiver<ForecastResults>,
    },
    Ready {
        revision: u64,
        results: Arc<ForecastResults>,
    },
}

/// State of the Forecast page.
pub struct ForecastView {
    selected: Option<String>,
    sort: SortKey,
    descending: bool,
    paste: String,
    paste_error: Option<String>,
    cache: Cache,
}

impl Default for ForecastView {
    fn default() -> Self {
        ForecastView {
            selected: None,
            sort: SortKey::Mad,
            descending: true,
            paste: String::new(),
            paste_error: None,
            cache: Cache::Empty,
        }
    }
}

impl ForecastView {
    /// The forecasts of the document's current revision once computed (None while a worker
    /// runs). Small plans are forecast right here; large ones on a thread.
    pub fn results(&mut self, ctx: &egui::Context, doc: &Document) -> Option<Arc<ForecastResults>> {
        let revision = doc.revision();
        let fresh = match &self.cache {
            Cache::Ready { revision: r, .. } | Cache::Pending { revision: r, .. } => *r == revision,
            Cache::Empty => false,
        };
        if !fresh {
            let plan = doc.plan();
            if plan.history.len() > WORKER_HISTORY_ROWS {
                let copy = forecast_input(plan);
                let (sender, receiver) = mpsc::channel();
                let repaint = ctx.clone();
                let spawned = std::thread::Builder::new()
                    .name("forecast".to_string())
                    .spawn(move || {
                        let _ = sender.send(forecast(&copy));
                        repaint.request_repaint();
                    });
                self.cache = match spawned {
                    Ok(_) => Cache::Pending { revision, receiver },
                    Err(_) => Cache::Ready {
                        revision,
                        results: Arc::new(forecast(plan)),
                    },
                };
            } else {
                self.cache = Cache::Ready {
                    revision,
                    results: Arc::new(forecast(plan)),
                };
            }
        }
        if let Cache::Pending { revision, receiver } = &self.cache {
            match receiver.try_recv() {
                Ok(results) => {
                    self.cache = Cache::Ready {
                        revision: *revision,
                        results: Arc::new(results),
                    }
                }
                Err(TryRecvError::Empty) => return None,
                Err(TryRecvError::Disconnected) => self.cache = Cache::Empty,
            }
        }
        match &self.cache {
            Cache::Ready { results, .. } => Some(Arc::clone(results)),
            _ => None,
        }
    }

    /// The forecast items in the table's order (by default the largest MAD first).
    fn sorted<'a>(&self, results: &'a ForecastResults) -> Vec<&'a ItemForecast> {
        let mut rows: Vec<&ItemForecast> = results.items.iter().collect();
        let key = |item: &ItemForecast| match self.sort {
            SortKey::Mad => item.mad,
            SortKey::Mape => item.mape.unwrap_or(f64::NEG_INFINITY),
            SortKey::TrackingSignal => item.tracking_signal.map_or(f64::NEG_INFINITY, f64::abs),
            SortKey::Item | SortKey::Method => 0.0,
        };
        rows.sort_by(|a, b| match self.sort {
            SortKey::Item => a.item.cmp(&b.item),
            SortKey::Method => a.method.as_str().cmp(b.method.as_str()),
            _ => key(a).total_cmp(&key(b)),
        });
        if self.descending {
            rows.reverse();
        }
        rows
    }

    /// True while a worker thread forecasts the current revision (GUI tests wait on it).
    #[cfg(any(test, feature = "testing"))]
    pub fn is_forecasting(&self) -> bool {
        matches!(self.cache, Cache::Pending { .. })
    }

    /// Selects the item shown in the chart.
    pub fn select(&mut self, item: &str) {
        self.selected = Some(item.to_string());
    }

    /// Draws the page; edits go into `out`.
    pub fn ui(&mut self, ui: &mut egui::Ui, doc: &Document, out: &mut Vec<Command>) {
        let ctx = ui.ctx().clone();
        if doc.plan().history.is_empty() {
            ui.label(
                "The plan has no sales history. Add history rows (periods up to 0, 0 = the period \
                 before period 1) or paste a column of past sales below to forecast an item.",
            );
            self.paste_ui(ui, doc, out);
            return;
        }
        let Some(results) = self.results(&ctx, doc) else {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Forecasting…");
            });
            return;
        };
        if self
            .selected
            .as_deref()
            .is_none_or(|code| results.item(code).is_none())
        {
            // The first row of the table: the worst forecast by default.
            self.selected = self.sorted(&results).first().map(|item| item.item.clone());
        }
        egui::ScrollArea::vertical()
            .id_salt("forecast-page")
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(format!(
                        "{} forecast from history",
                        count_of(results.items.len(), "item", "items")
                    ));
                    if ui
                        .button("Apply all to demand")
                        .on_hover_text(
                            "Replace the demand rows of every forecast item by its forecast, \
                             rounded to whole units (one undo step)",
                        )
                        .clicked()
                    {
                        out.push(Command::ApplyForecast {
                            demand: demand_with_forecast(doc.plan(), &results, None),
                        });
                    }
                });
                for message in &results.messages {
                    ui.colored_label(ERROR_COLOR, message);
                }
                if let Some(item) = self.selected.as_deref().and_then(|code| results.item(code)) {
                    self.item_ui(ui, doc, &results, item, out);
                }
                ui.separator();
                self.table_ui(ui, &results);
                ui.separator();
                self.paste_ui(ui, doc, out);
            });
    }

    /// The selected item: figures, warning, settings, chart and its Apply button.
    fn item_ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        results: &ForecastResults,
        item: &ItemForecast,
        out: &mut Vec<Command>,
    ) {
        let plan = doc.plan();
        ui.horizontal(|ui| {
            ui.strong(&item.item);
            ui.label(format!("method used: {}", item.method.as_str()));
            let mut parameters = Vec::new();
            for (name, value) in [
                ("alpha", item.alpha),
                ("beta", item.beta),
                ("gamma", item.gamma),
            ] {
                if let Some(value) = value {
                    parameters.push(format!("{name} {value:.1}"));
                }
            }
            if let Some(phi) = item.phi.filter(|phi| *phi < 1.0) {
                parameters.push(format!("phi {phi}"));
            }
            if let Some(window) = item.window {
                parameters.push(format!("window {window}"));
            }
            if let Some(season) = item.season_length {
                parameters.push(format!("season {season}"));
            }
            ui.label(parameters.join(", "));
        });
        ui.horizontal_wrapped(|ui| {
            let labelled = |ui: &mut egui::Ui, name: &str, text: String| {
                let response = ui.label(format!("{name} {text}"));
                let label = format!("{} {name}", item.item);
                ui.ctx()
                    .accesskit_node_builder(response.id, |node| node.set_label(label));
            };
            labelled(ui, "MAD", format::number(item.mad, 2));
            labelled(ui, "MSE", format::number(item.mse, 2));
            labelled(
                ui,
                "MAPE",
                item.mape.map_or_else(|| "n/a".to_string(), format::percent),
            );
            labelled(ui, "bias", format::number(item.bias, 2));
            labelled(
                ui,
                "tracking signal",
                item.tracking_signal
                    .map_or_else(|| "n/a".to_string(), |ts| format::number(ts, 2)),
            );
        });
        if let Some(ts) = item
            .tracking_signal
            .filter(|ts| ts.abs() > TRACKING_SIGNAL_LIMIT)
        {
            ui.colored_label(
                ERROR_COLOR,
                format!(
                    "Tracking signal {ts:.1} is beyond ±{TRACKING_SIGNAL_LIMIT}: the forecast has \
                     been consistently too {} — try another method or parameters.",
                    if ts > 0.0 { "low" } else { "high" }
                ),
            );
        }
        if let Some(scores) = &item.scores {
            ui.horizontal_wrapped(|ui| {
                ui.label("auto compared (MAD over the common window):");
                for (method, mad) in &scores.0 {
                    let text = format!("{} {}", method.as_str(), format::number(*mad, 2));
                    if *method == item.method {
                        ui.strong(text);
                    } else {
                        ui.label(text);
                    }
                }
            });
        }
        self.settings_ui(ui, plan, &item.item, out);
        forecast_chart(ui, plan, item);
        if ui
            .button(format!("Apply {} to demand", item.item))
            .on_hover_text("Replace this item's demand rows by its rounded forecast")
            .clicked()
        {
            out.push(Command::ApplyForecast {
                demand: demand_with_forecast(plan, results, Some(std::slice::from_ref(&item.item))),
            });
        }
    }

    /// The method and parameters of the item: its forecast_settings row.
    fn settings_ui(&mut self, ui: &mut egui::Ui, plan: &Plan, code: &str, out: &mut Vec<Command>) {
        let current = plan
            .forecast_settings
            .iter()
            .find(|setting| setting.item == code)
            .cloned();
        let mut setting = current.clone().unwrap_or_else(|| ForecastSetting {
            item: code.to_string(),
            ..ForecastSetting::default()
        });
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Method");
            egui::ComboBox::from_id_salt(("forecast-method", code))
                .selected_text(setting.method.as_str())
                .show_ui(ui, |ui| {
                    for method in ForecastMethod::ALL {
                        ui.selectable_value(&mut setting.method, method, method.as_str());
                    }
                })
                .response
                .labelled_by(label.id);
            for (name, value) in [
                ("alpha", &mut setting.alpha),
                ("beta", &mut setting.beta),
                ("gamma", &mut setting.gamma),
            ] {
                let mut given = value.is_some();
                let given_box = ui
                    .checkbox(&mut given, name)
                    .on_hover_text("Unticked: fitted on the grid 0.1, 0.2, ..., 0.9");
                if given_box.changed() {
                    *value = given.then_some(0.5);
                }
                if let Some(number) = value {
                    ui.add(
                        egui::DragValue::new(number)
                            .range(0.01..=0.99)
                            .speed(0.01)
                            .max_decimals(2),
                    )
                    .labelled_by(given_box.id);
                }
            }
            let label = ui.label("phi");
            ui.add(
                egui::DragValue::new(&mut setting.phi)
                    .range(0.01..=1.0)
                    .speed(0.01),
            )
            .labelled_by(label.id);
            let label = ui.label("window");
            ui.add(egui::DragValue::new(&mut setting.window).range(1..=520))
                .labelled_by(label.id);
            let mut explicit_season = setting.season_length.is_some();
            let season_box = ui.checkbox(&mut explicit_season, "season length");
            if season_box.changed() {
                setting.season_length = explicit_season
                    .then(|| plan.settings.periods_per_year().round().max(2.0) as i64);
            }
            if let Some(season) = &mut setting.season_length {
                ui.add(egui::DragValue::new(season).range(2..=520))
                    .labelled_by(season_box.id);
            }
            if current.is_some() && ui.button("Reset to auto").clicked() {
                out.push(Command::SetForecastSetting {
                    item: code.to_string(),
                    setting: None,
                });
            }
        });
        let unchanged = match &current {
            Some(current) => *current == setting,
            None => {
                setting
                    == ForecastSetting {
                        item: code.to_string(),
                        ..ForecastSetting::default()
                    }
            }
        };
        if !unchanged {
            out.push(Command::SetForecastSetting {
                item: code.to_string(),
                setting: Some(setting),
            });
        }
    }

    /// The sortable table of forecast items; clicking a row selects it.
    fn table_ui(&mut self, ui: &mut egui::Ui, results: &ForecastResults) {
        let rows = self.sorted(results);
        let headings = [
            ("Item", SortKey::Item),
            ("Method", SortKey::Method),
            ("MAD", SortKey::Mad),
            ("MAPE", SortKey::Mape),
            ("|TS|", SortKey::TrackingSignal),
        ];
        let mut table = TableBuilder::new(ui)
            .id_salt("forecast-items")
            .striped(true);
        for _ in headings {
            table = table.column(Column::initial(110.0).at_least(60.0).clip(true));
        }
        table
            .header(22.0, |mut header| {
                for (title, key) in headings {
                    header.col(|ui| {
                        let arrow = match (self.sort == key, self.descending) {
                            (true, true) => " (high first)",
                            (true, false) => " (low first)",
                            _ => "",
                        };
                        if ui.button(format!("{title}{arrow}")).clicked() {
                            if self.sort == key {
                                self.descending = !self.descending;
                            } else {
                                self.sort = key;
                                self.descending = !matches!(key, SortKey::Item | SortKey::Method);
                            }
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(22.0, rows.len(), |mut row| {
                    let item = rows[row.index()];
                    let selected = self.selected.as_deref() == Some(item.item.as_str());
                    row.col(|ui| {
                        if ui.selectable_label(selected, &item.item).clicked() {
                            self.selected = Some(item.item.clone());
                        }
                    });
                    row.col(|ui| {
                        ui.label(item.method.as_str());
                    });
                    row.col(|ui| {
                        ui.label(format::number(item.mad, 2));
                    });
                    row.col(|ui| {
                        ui.label(item.mape.map_or_else(|| "n/a".to_string(), format::percent));
                    });
                    row.col(|ui| {
                        let text = item
                            .tracking_signal
                            .map_or_else(|| "n/a".to_string(), |ts| format::number(ts.abs(), 2));
                        let warn = item
                            .tracking_signal
                            .is_some_and(|ts| ts.abs() > TRACKING_SIGNAL_LIMIT);
                        ui.label(if warn {
                            RichText::new(text).color(ERROR_COLOR)
                        } else {
                            RichText::new(text)
                        });
                    });
                });
            });
    }

    /// A text box for a column of past sales copied from a spreadsheet, oldest first; the last
    /// value becomes period 0.
    fn paste_ui(&mut self, ui: &mut egui::Ui, doc: &Document, out: &mut Vec<Command>) {
        let plan = doc.plan();
        let target = self
            .selected
            .clone()
            .or_else(|| plan.items.first().map(|item| item.code.clone()));
        ui.collapsing("Paste a history column", |ui| {
            ui.label(
                "One value per line, oldest first; the last is the period just before the \
                 plan starts. It replaces the item's history.",
            );
            let label = ui.label("Item");
            egui::ComboBox::from_id_salt("forecast-paste-item")
                .selected_text(target.clone().unwrap_or_default())
                .show_ui(ui, |ui| {
                    for item in &plan.items {
                        if ui
                            .selectable_label(target.as_deref() == Some(&item.code), &item.code)
                            .clicked()
                        {
                            self.selected = Some(item.code.clone());
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            let label = ui.label("Values");
            ui.add(
                egui::TextEdit::multiline(&mut self.paste)
                    .desired_rows(4)
                    .hint_text("12\n15\n0\n9"),
            )
            .labelled_by(label.id);
            if let Some(error) = &self.paste_error {
                ui.colored_label(ERROR_COLOR, error);
            }
            if let Some(item) = target
                && ui.button(format!("Replace history of {item}")).clicked()
            {
                match parse_column(&self.paste) {
                    Ok(values) => {
                        self.paste_error = None;
                        self.paste.clear();
                        out.push(Command::SetHistory { item, values });
                    }
                    Err(error) => self.paste_error = Some(error),
                }
            }
        });
    }
}

/// The numbers of a pasted column (one per line; blank lines skipped; a decimal comma is
/// accepted), or the first line that is not a number ≥ 0.
pub fn parse_column(text: &str) -> Result<Vec<f64>, String> {
    let mut values = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let cell = line.split('\t').next().unwrap_or("").trim();
        if cell.is_empty() {
            continue;
        }
        let value: f64 = cell
            .replace(',', ".")
            .parse()
            .map_err(|_| format!("line {}: \"{cell}\" is not a number", index + 1))?;
        if !value.is_finite() || value < 0.0 {
            return Err(format!(
                "line {}: {cell} is not a quantity of 0 or more",
                index + 1
            ));
        }
        values.push(value);
    }
    if values.is_empty() {
        return Err("paste at least one value".to_string());
    }
    Ok(values)
}

/// The parts of a plan the forecast reads, copied for a worker thread.
fn forecast_input(plan: &Plan) -> Plan {
    Plan {
        settings: plan.settings.clone(),
        items: plan.items.clone(),
        history: plan.history.clone(),
        forecast_settings: plan.forecast_settings.clone(),
        ..Plan::default()
    }
}

/// History, one-step fitted values, and the forecast with its band, on one x axis of periods
/// (history ≤ 0, plan periods ≥ 1) labelled by date.
fn forecast_chart(ui: &mut egui::Ui, plan: &Plan, item: &ItemForecast) {
    let settings = plan.settings.clone();
    let history: PlotPoints = (item.history.iter().enumerate())
        .map(|(index, qty)| [item.history_period(index) as f64, *qty])
        .collect();
    let fitted: PlotPoints = (item.fitted.iter().enumerate())
        .filter_map(|(index, value)| value.map(|v| [item.history_period(index) as f64, v]))
        .collect();
    let future = |values: &[f64]| -> PlotPoints {
        (values.iter().enumerate())
            .map(|(index, value)| [index as f64 + 1.0, *value])
            .collect()
    };
    Plot::new(("forecast-chart", item.item.as_str()))
        .height(260.0)
        .legend(Legend::default().position(Corner::LeftTop))
        .y_axis_label("quantity per period")
        .x_axis_formatter(move |mark, _| {
            let period = mark.value.round();
            if (mark.value - period).abs() < 1e-6 {
                format::period_label(&settings, period as i64)
            } else {
                String::new()
            }
        })
        .include_y(0.0)
        .show(ui, |plot| {
            plot.add(Line::new("history", history).color(HISTORY_COLOR));
            plot.add(Line::new("fitted (one step)", fitted).color(FITTED_COLOR));
            plot.add(
                Line::new("forecast", future(&item.forecast))
                    .color(FORECAST_COLOR)
                    .width(2.0),
            );
            plot.add(
                Line::new("upper 95 %", future(&item.upper))
                    .color(BAND_COLOR)
                    .style(LineStyle::dashed_loose()),
            );
            plot.add(
                Line::new("lower 95 %", future(&item.lower))
                    .color(BAND_COLOR)
                    .style(LineStyle::dashed_loose()),
            );
        });
}

impl PageView for ForecastView {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageContext<'_>) {
        ForecastView::ui(self, ui, cx.doc, cx.edits);
    }

    /// History and forecast settings are shown and edited here (per item), so a problem in
    /// either table opens this page.
    fn reveal(&mut self, _doc: &Document, table: TableKind, _row: Option<usize>) -> bool {
        matches!(table, TableKind::History | TableKind::ForecastSettings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_column_reads_numbers_and_names_the_bad_line() {
        assert_eq!(
            parse_column("12\n\n15,5\t x\n0\n"),
            Ok(vec![12.0, 15.5, 0.0])
        );
        assert_eq!(
            parse_column("3\nabc"),
            Err("line 2: \"abc\" is not a number".to_string())
        );
        assert!(parse_column("-4").is_err_and(|e| e.contains("line 1")));
        assert!(parse_column("  \n").is_err());
    }
}
