//! What the Level the plan page draws from a result: the cost parts beside the overload as
//! demanded, the before/after load chart of one resource, the stock and backlog chart and the
//! binding resource-periods. Everything that needs a pass over the whole result is computed
//! once per result ([`Derived`]), so a frame only draws.

use crate::domain::count_of;
use eframe::egui::{self, Color32, RichText};
use egui_extras::{Column, TableBuilder};
use egui_plot::{Bar, BarChart, Corner, Legend, Line, LineStyle, Plot, PlotPoints};

use super::super::{format, style};
use crate::analytics::level::{LevelResult, LevelledItem, LevelledResource};
use crate::domain::PlanSettings;

/// Items drawn one by one in the stock chart; the rest are summed as "other items".
const TOP_ITEMS: usize = 6;

/// Colours of the top items in the stock chart, then of "other items".
const ITEM_COLORS: [Color32; TOP_ITEMS] = [
    style::SERIES_BLUE,
    style::SERIES_ORANGE,
    style::SERIES_GREEN,
    style::SERIES_PURPLE,
    style::SPEC_AMBER,
    style::POINT_BLUE,
];
const OTHER_COLOR: Color32 = Color32::from_rgb(150, 150, 150);

/// Bars of the load as demanded (chase).
const CHASE_COLOR: Color32 = style::SERIES_ORANGE;
/// Bars of the levelled load.
const LEVELLED_COLOR: Color32 = style::SERIES_BLUE;
/// The available + overtime line.
const OVERTIME_COLOR: Color32 = style::SERIES_PURPLE;

/// Period labels under the half-width stock chart, at most.
const STOCK_CHART_LABELS: f64 = 6.0;

/// Items whose largest stock or backlog is below this share of the largest of any item (at
/// least one unit) are left out of the stock chart.
const SHOWN_SHARE: f64 = 1e-3;

/// Loads within this share of a period's hours count as fitting (the LP's tolerance).
const FIT_TOLERANCE: f64 = 1e-6;

/// One series of the stock chart: an item (or the other items together) over time.
pub(super) struct ItemSeries {
    name: String,
    stock: Vec<f64>,
    backlog: Vec<f64>,
}

/// Figures of a result that take a pass over all of it, computed once when it arrives.
pub(super) struct Derived {
    /// The resource with the most hours above available as demanded (the page's default).
    pub most_overloaded: Option<String>,
    /// Σ max(0, chase load − available) over resources and periods.
    chase_overload: f64,
    /// Resource-periods where the chase load exceeds available hours.
    chase_cells: usize,
    /// Overtime hours of the levelled plan, and in how many resource-periods.
    overtime_hours: f64,
    overtime_cells: usize,
    /// Units late at period ends, summed over periods (unit-periods of backlog).
    late_units: f64,
    /// The stock chart's series: the top items, then "other items" if any.
    series: Vec<ItemSeries>,
    /// Indexes into `binding`, highest shadow price first.
    binding_order: Vec<usize>,
    /// Periods of the horizon.
    periods: usize,
}

impl Derived {
    /// Derives the page's figures from a result.
    pub fn of(result: &LevelResult) -> Derived {
        let mut most: Option<(f64, &str)> = None;
        let (mut chase_overload, mut chase_cells) = (0.0, 0);
        for resource in &result.resources {
            let mut over = 0.0;
            for (t, chase) in resource.chase_load.iter().enumerate() {
                let available = resource.available.get(t).copied().unwrap_or(0.0);
                let excess = chase - available;
                if excess > FIT_TOLERANCE * available.max(1.0) {
                    over += excess;
                    chase_cells += 1;
                }
            }
            chase_overload += over;
            if over > 0.0 && most.is_none_or(|(best, _)| over > best) {
                most = Some((over, resource.code.as_str()));
            }
        }
        let peak = |item: &LevelledItem| {
            item.stock
                .iter()
                .chain(&item.backlog)
                .fold(0.0, |a: f64, b| a.max(*b))
        };
        // Solver residue (a thousandth of a unit against a stock of thousands) is not drawn.
        let largest = result.items.iter().map(peak).fold(1.0, f64::max);
        let mut ranked: Vec<(f64, usize)> = (result.items.iter().enumerate())
            .filter(|(_, item)| peak(item) >= SHOWN_SHARE * largest)
            .map(|(index, item)| {
                let size: f64 = item.stock.iter().chain(&item.backlog).sum();
                (size, index)
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let periods = result.resources.first().map_or_else(
            || result.items.first().map_or(0, |i| i.stock.len()),
            |r| r.available.len(),
        );
        let mut series: Vec<ItemSeries> = ranked
            .iter()
            .take(TOP_ITEMS)
            .filter_map(|(_, index)| result.items.get(*index))
            .map(|item| ItemSeries {
                name: item.code.clone(),
                stock: item.stock.clone(),
                backlog: item.backlog.clone(),
            })
            .collect();
        if ranked.len() > TOP_ITEMS {
            let mut other = ItemSeries {
                name: format!("{} other items", ranked.len() - TOP_ITEMS),
                stock: vec![0.0; periods],
                backlog: vec![0.0; periods],
            };
            for item in (ranked.iter().skip(TOP_ITEMS)).filter_map(|(_, i)| result.items.get(*i)) {
                add_into(&mut other.stock, &item.stock);
                add_into(&mut other.backlog, &item.backlog);
            }
            series.push(other);
        }
        let mut binding_order: Vec<usize> = (0..result.binding.len()).collect();
        binding_order.sort_by(|&a, &b| {
            let price = |i: usize| result.binding.get(i).map_or(0.0, |b| b.shadow_price);
            price(b).total_cmp(&price(a)).then(a.cmp(&b))
        });
        Derived {
            most_overloaded: most.map(|(_, code)| code.to_string()),
            chase_overload,
            chase_cells,
            overtime_hours: result.overtime.iter().map(|o| o.hours).sum(),
            overtime_cells: result.overtime.len(),
            late_units: result.late.iter().map(|l| l.qty).sum(),
            series,
            binding_order,
            periods,
        }
    }
}

/// Adds `values` into `sum`, period by period.
fn add_into(sum: &mut [f64], values: &[f64]) {
    for (total, value) in sum.iter_mut().zip(values) {
        *total += value;
    }
}

/// The cost parts of the levelled plan beside the overload of the plan as it stands.
pub(super) fn costs_ui(
    ui: &mut egui::Ui,
    result: &LevelResult,
    derived: &Derived,
    settings: &PlanSettings,
) {
    let money = |value: f64| format::money(value, &settings.currency);
    ui.group(|ui| {
        ui.vertical(|ui| {
            ui.label(RichText::new("Cost of the levelled plan").strong());
            egui::Grid::new("level-costs")
                .num_columns(3)
                .spacing([16.0, 4.0])
                .show(ui, |ui| {
                    let overtime = format!(
                        "{} h in {}",
                        format::number(derived.overtime_hours, 1),
                        count_of(derived.overtime_cells, "period", "periods")
                    );
                    let late = format!("{} unit-periods", format::number(derived.late_units, 1));
                    let rows = [
                        (
                            "Holding",
                            result.holding_cost,
                            "stock built ahead".to_string(),
                        ),
                        ("Overtime", result.overtime_cost, overtime),
                        ("Backlog", result.backorder_cost, late),
                        (
                            "Lost sales",
                            result.lost_sales_cost,
                            "owed at the end".to_string(),
                        ),
                    ];
                    for (label, value, note) in rows {
                        ui.label(label);
                        ui.label(money(value));
                        ui.label(RichText::new(note).weak());
                        ui.end_row();
                    }
                    ui.strong("Total");
                    ui.strong(money(result.objective));
                    ui.end_row();
                });
            ui.separator();
            ui.label(RichText::new("The plan as it stands").strong());
            ui.label("(each period's demand made in it):");
            if derived.chase_cells == 0 {
                ui.colored_label(
                    style::good_color(ui.visuals()),
                    "fits capacity in every period",
                );
            } else {
                ui.colored_label(
                    style::error_color(ui.visuals()),
                    format!(
                        "{} h above available in {}",
                        format::number(derived.chase_overload, 1),
                        count_of(derived.chase_cells, "period", "periods")
                    ),
                );
            }
        })
    });
}

/// The x-axis formatter of the page's charts: period labels on whole numbers.
fn period_axis(
    settings: &PlanSettings,
    periods: usize,
) -> impl Fn(egui_plot::GridMark, &std::ops::RangeInclusive<f64>) -> String + use<> {
    let labels = (1..=periods)
        .map(|period| format::period_label(settings, period as i64))
        .collect();
    super::super::oee_view::category_axis(labels)
}

/// A step line over periods: `values[t]` from t + 0.5 to t + 1.5.
fn steps(values: impl Iterator<Item = f64>) -> PlotPoints<'static> {
    values
        .enumerate()
        .flat_map(|(t, v)| [[t as f64 + 0.5, v], [t as f64 + 1.5, v]])
        .collect()
}

/// Before/after for one resource: the load as demanded and as levelled, side by side per
/// period, against available hours and available + overtime.
pub(super) fn load_chart_ui(
    ui: &mut egui::Ui,
    resource: &LevelledResource,
    settings: &PlanSettings,
) {
    ui.add_space(6.0);
    ui.label(
        RichText::new(format!(
            "{}: load as demanded and as levelled (rough cut, setups not counted; red: above \
             available as demanded, purple: overtime)",
            resource.code
        ))
        .strong(),
    );
    // Bars above the available hours are drawn in `over`: red as demanded, purple (overtime)
    // as levelled.
    let bars = |values: &[f64], shift: f64, what: &'static str, over: Color32| -> Vec<Bar> {
        (values.iter().enumerate())
            .map(|(t, &hours)| {
                let bar = Bar::new(t as f64 + 1.0 + shift, hours).name(format!(
                    "{} {what}",
                    format::period_label(settings, t as i64 + 1)
                ));
                let available = resource.available.get(t).copied().unwrap_or(0.0);
                if hours - available > FIT_TOLERANCE * available.max(1.0) {
                    bar.fill(over.linear_multiply(0.5))
                        .stroke(egui::Stroke::new(1.0, over))
                } else {
                    bar
                }
            })
            .collect()
    };
    let chase = BarChart::new(
        "as demanded",
        bars(&resource.chase_load, -0.18, "as demanded", style::ERROR),
    )
    .color(CHASE_COLOR)
    .width(0.34)
    .element_formatter(Box::new(hours_label));
    let levelled = BarChart::new(
        "levelled",
        bars(&resource.load, 0.18, "levelled", OVERTIME_COLOR),
    )
    .color(LEVELLED_COLOR)
    .width(0.34)
    .element_formatter(Box::new(hours_label));
    let available = steps(resource.available.iter().copied());
    let has_overtime = resource.overtime_limit.iter().any(|h| *h > 0.0);
    let with_overtime =
        steps((resource.available.iter().zip(&resource.overtime_limit)).map(|(a, o)| a + o));
    // Room above the highest bar or line for the legend.
    let top = (resource.chase_load.iter().chain(&resource.load))
        .copied()
        .chain((resource.available.iter().zip(&resource.overtime_limit)).map(|(a, o)| a + o))
        .fold(0.0, f64::max);
    Plot::new(("level-load", resource.code.as_str()))
        .height(200.0)
        .legend(Legend::default().position(Corner::LeftTop))
        .y_axis_label("hours per period")
        .x_axis_formatter(period_axis(settings, resource.available.len()))
        .include_y(0.0)
        .include_y(top * 1.35)
        .allow_scroll(false)
        .show(ui, |plot| {
            plot.add(chase);
            plot.add(levelled);
            plot.add(
                Line::new("available", available)
                    .color(style::GOOD)
                    .width(2.0)
                    .allow_band(false),
            );
            if has_overtime {
                plot.add(
                    Line::new("available + overtime", with_overtime)
                        .color(OVERTIME_COLOR)
                        .width(1.5)
                        .style(LineStyle::dashed_loose())
                        .allow_band(false),
                );
            }
        });
}

/// The hover text of a load bar: its name and hours.
fn hours_label(bar: &Bar, _chart: &BarChart) -> String {
    format!("{}: {} h", bar.name, format::number(bar.value, 1))
}

/// Stock built up (above 0) and backlog (below 0) per item over time, stacked, top items.
pub(super) fn stock_chart_ui(ui: &mut egui::Ui, derived: &Derived, settings: &PlanSettings) {
    ui.add_space(6.0);
    ui.label(RichText::new("Stock built up (above 0) and units owed late (below 0)").strong());
    if derived.series.is_empty() {
        ui.label(RichText::new("No stock and no backlog in any period.").weak());
        return;
    }
    let mut charts: Vec<BarChart> = Vec::new();
    let colors = ITEM_COLORS
        .iter()
        .copied()
        .chain(std::iter::repeat(OTHER_COLOR));
    for (series, color) in derived.series.iter().zip(colors) {
        let bars = |values: &[f64], sign: f64, what: &str| -> Vec<Bar> {
            (values.iter().enumerate())
                .map(|(t, &qty)| {
                    Bar::new(t as f64 + 1.0, sign * qty).name(format!(
                        "{} {what} in {}",
                        series.name,
                        format::period_label(settings, t as i64 + 1)
                    ))
                })
                .collect()
        };
        let stock = BarChart::new(series.name.clone(), bars(&series.stock, 1.0, "stock"))
            .color(color)
            .width(0.6);
        let stock = stock.stack_on(&charts.iter().collect::<Vec<_>>());
        charts.push(stock);
        if series.backlog.iter().any(|q| *q > 0.0) {
            let late = BarChart::new(
                format!("{} late", series.name),
                bars(&series.backlog, -1.0, "late"),
            )
            .color(color.linear_multiply(0.6))
            .width(0.6);
            let late = late.stack_on(&charts.iter().collect::<Vec<_>>());
            charts.push(late);
        }
    }
    // Whole periods only, a label every `step` periods: egui's default 1-2-5 grid leaves one
    // label under the half-width chart (as on the staffing chart).
    let step = (derived.periods as f64 / STOCK_CHART_LABELS)
        .ceil()
        .max(1.0);
    Plot::new("level-stock")
        .x_grid_spacer(egui_plot::uniform_grid_spacer(move |_| {
            [step, step * 2.0, step * 4.0]
        }))
        .height(140.0)
        .legend(Legend::default())
        .y_axis_label("units")
        .x_axis_formatter(period_axis(settings, derived.periods))
        .include_y(0.0)
        .allow_scroll(false)
        .show(ui, |plot| {
            for chart in charts {
                plot.add(chart.element_formatter(Box::new(|bar, _| {
                    format!("{}: {}", bar.name, format::number(bar.value.abs(), 1))
                })));
            }
        });
}

/// The resource-periods where capacity binds, highest shadow price first; only the rows in
/// view are laid out.
pub(super) fn binding_ui(
    ui: &mut egui::Ui,
    result: &LevelResult,
    derived: &Derived,
    settings: &PlanSettings,
) {
    ui.add_space(6.0);
    ui.label(
        RichText::new(format!(
            "Binding capacity ({}): what one more hour there is worth",
            result.binding.len()
        ))
        .strong(),
    );
    if result.binding.is_empty() {
        ui.label(RichText::new("No capacity binds: every period has hours to spare.").weak());
        return;
    }
    TableBuilder::new(ui)
        .id_salt("level-binding")
        .striped(true)
        .max_scroll_height(180.0)
        .column(Column::initial(140.0).at_least(80.0).clip(true))
        .column(Column::initial(110.0).at_least(80.0))
        .column(Column::remainder().at_least(120.0))
        .header(20.0, |mut header| {
            for title in ["Resource", "Period", "Shadow price per hour"] {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(20.0, derived.binding_order.len(), |mut row| {
                let Some(binding) = derived
                    .binding_order
                    .get(row.index())
                    .and_then(|&i| result.binding.get(i))
                else {
                    return;
                };
                row.col(|ui| {
                    ui.label(&binding.resource);
                });
                row.col(|ui| {
                    ui.label(format::period_label(settings, binding.period));
                });
                row.col(|ui| {
                    ui.label(format::money(binding.shadow_price, &settings.currency));
                });
            });
        });
}
