//! Cost dashboard: per-unit cost build-up of each finished item as stacked bars, the roll-up
//! table with margins, COPQ and break-even, and a drill-down through the item's BOM.

use std::collections::HashMap;

use eframe::egui::{self, Color32, RichText};
use egui_extras::{Column, TableBuilder};
use egui_plot::{Bar, BarChart, Legend, Plot};

use super::Navigate;
use super::format;
use super::overview::GOOD_COLOR;
use super::table_editor::ERROR_COLOR;
use crate::analytics::cost::ItemCost;
use crate::analytics::{Analysis, AnalysisError};
use crate::app::Document;
use crate::domain::{ItemKind, Plan};

/// Colours of the cost components, in stacking order.
const PURCHASE_COLOR: Color32 = Color32::from_rgb(90, 140, 210);
const MATERIAL_COLOR: Color32 = Color32::from_rgb(120, 190, 140);
const CONVERSION_COLOR: Color32 = Color32::from_rgb(240, 170, 70);
const FIXED_COLOR: Color32 = Color32::from_rgb(170, 130, 200);

/// Deepest BOM level of the drill-down (a guard against cycles).
const MAX_DRILL_DEPTH: usize = 12;

/// Headings of the roll-up table.
const HEADINGS: [&str; 12] = [
    "Item",
    "Purchase",
    "Material",
    "Conversion",
    "Unit cost",
    "Full cost",
    "Price",
    "Margin",
    "Margin %",
    "COPQ",
    "RTY",
    "Break-even qty",
];

/// State of the cost dashboard: the item whose BOM is drilled into.
#[derive(Debug, Clone, Default)]
pub struct CostView {
    selected: Option<String>,
}

impl CostView {
    /// Draws the dashboard; returns a navigation request (to the problems when invalid).
    pub fn ui(&mut self, ui: &mut egui::Ui, doc: &Document) -> Option<Navigate> {
        let analysis = match doc.analysis() {
            Some(Ok(analysis)) => analysis,
            Some(Err(AnalysisError::Invalid(report))) => {
                return invalid_plan_ui(ui, report.problems.len());
            }
            None => return None,
        };
        let currency = doc.plan().settings.currency.as_str();
        summary_ui(ui, analysis, currency);
        quality_cost_ui(ui, analysis, doc, currency);
        ui.add_space(6.0);
        chart_ui(ui, analysis, doc.plan(), currency);
        ui.add_space(6.0);
        self.table_ui(ui, analysis, currency);
        super::break_even::break_even_ui(ui, analysis, doc.plan(), currency);
        ui.separator();
        self.drill_down_ui(ui, analysis, doc.plan(), currency);
        None
    }

    fn table_ui(&mut self, ui: &mut egui::Ui, analysis: &Analysis, currency: &str) {
        let items = &analysis.cost.items;
        egui::ScrollArea::horizontal()
            .id_salt("cost-rollup-scroll")
            .show(ui, |ui| {
                TableBuilder::new(ui)
                    .id_salt("cost-rollup")
                    .striped(true)
                    .max_scroll_height(200.0)
                    .cell_layout(egui::Layout::right_to_left(egui::Align::Center))
                    .column(Column::initial(80.0).at_least(60.0))
                    .columns(Column::initial(84.0).at_least(60.0), HEADINGS.len() - 1)
                    .header(22.0, |mut header| {
                        for heading in HEADINGS {
                            header.col(|ui| {
                                ui.strong(heading);
                            });
                        }
                    })
                    .body(|body| {
                        body.rows(22.0, items.len(), |mut row| {
                            let item = &items[row.index()];
                            row.set_selected(self.selected.as_deref() == Some(item.code.as_str()));
                            row.col(|ui| {
                                if ui
                                    .add(egui::Button::selectable(
                                        self.selected.as_deref() == Some(item.code.as_str()),
                                        &item.code,
                                    ))
                                    .on_hover_text("Drill down through the bill of materials")
                                    .clicked()
                                {
                                    self.selected = Some(item.code.clone());
                                }
                            });
                            for text in row_cells(item, currency) {
                                row.col(|ui| {
                                    ui.label(text);
                                });
                            }
                        });
                    });
            });
    }

    fn drill_down_ui(
        &mut self,
        ui: &mut egui::Ui,
        analysis: &Analysis,
        plan: &Plan,
        currency: &str,
    ) {
        let costs: HashMap<&str, &ItemCost> = analysis
            .cost
            .items
            .iter()
            .map(|c| (c.code.as_str(), c))
            .collect();
        let selected = self
            .selected
            .clone()
            .or_else(|| first_finished(plan))
            .filter(|code| costs.contains_key(code.as_str()));
        let Some(code) = selected else {
            ui.label(
                RichText::new("Click an item in the table to drill down through its BOM.").weak(),
            );
            return;
        };
        ui.label(RichText::new(format!("Cost build-up of one {code}")).strong());
        egui::ScrollArea::vertical()
            .id_salt("cost-drill")
            .show(ui, |ui| {
                drill_ui(ui, plan, &costs, &code, 1.0, currency, 0);
            });
    }
}

fn invalid_plan_ui(ui: &mut egui::Ui, problems: usize) -> Option<Navigate> {
    ui.colored_label(
        ERROR_COLOR,
        format!("The plan has {problems} validation problem(s); dashboards need a valid plan."),
    );
    ui.button("Show the problems")
        .clicked()
        .then_some(Navigate::Problems)
}

fn summary_ui(ui: &mut egui::Ui, analysis: &Analysis, currency: &str) {
    let break_even = &analysis.cost.break_even;
    let totals = &analysis.totals;
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "Revenue {}",
            format::money(totals.revenue, currency)
        ));
        ui.separator();
        ui.label(format!(
            "Contribution {}",
            format::money(break_even.contribution, currency)
        ));
        ui.separator();
        ui.label(format!(
            "Fixed cost {}",
            format::money(break_even.fixed_cost, currency)
        ));
        ui.separator();
        let profit_color = if totals.profit >= 0.0 {
            GOOD_COLOR
        } else {
            ERROR_COLOR
        };
        ui.colored_label(
            profit_color,
            format!("Profit {}", format::money(totals.profit, currency)),
        );
        ui.separator();
        let text = match break_even.ratio {
            Some(ratio) => format!(
                "Break-even at {} of planned demand (same mix)",
                format::percent(ratio)
            ),
            None => "No break-even: the planned mix does not contribute".to_string(),
        };
        ui.strong(text);
    });
}

/// COPQ over the horizon and the lowest rolled throughput yield, under the summary.
fn quality_cost_ui(ui: &mut egui::Ui, analysis: &Analysis, doc: &Document, currency: &str) {
    ui.horizontal_wrapped(|ui| {
        let copq = super::overview::copq_over_horizon(analysis, doc);
        ui.label(format!(
            "Cost of poor quality {} over the horizon",
            format::money(copq, currency)
        ))
        .on_hover_text(
            "demand × (unit cost − unit cost with every routing yield at 100 %), summed",
        );
        let lowest = (analysis.quality.rty.iter()).min_by(|a, b| a.rty.total_cmp(&b.rty));
        if let Some(lowest) = lowest {
            ui.separator();
            ui.label(format!(
                "Lowest RTY {} ({})",
                format::percent(lowest.rty),
                lowest.item
            ));
        }
    });
}

/// The formatted cells of one roll-up row after the item code. Unpriced items (components,
/// materials) show no margin: they are not sold, so a "loss" there would mislead.
fn row_cells(item: &ItemCost, currency: &str) -> Vec<RichText> {
    let money = |v: f64| RichText::new(format::money(v, currency));
    let margin_color = if item.margin < 0.0 {
        ERROR_COLOR
    } else {
        GOOD_COLOR
    };
    vec![
        money(item.purchase),
        money(item.material),
        money(item.conversion),
        money(item.unit_cost).strong(),
        money(item.full_unit_cost),
        money(item.price),
        if item.price > 0.0 {
            money(item.margin).color(margin_color)
        } else {
            RichText::new("—").weak()
        },
        RichText::new(item.margin_pct.map_or("—".into(), format::percent)),
        money(item.copq),
        RichText::new(format::percent(item.rty)),
        RichText::new(item.break_even_qty.map_or("—".into(), format::quantity)),
    ]
}

fn first_finished(plan: &Plan) -> Option<String> {
    plan.items
        .iter()
        .find(|i| i.kind == ItemKind::Finished)
        .map(|i| i.code.clone())
}

/// Stacked per-unit cost of every finished (or service) item, with hover values.
fn chart_ui(ui: &mut egui::Ui, analysis: &Analysis, plan: &Plan, currency: &str) {
    let sold_codes: std::collections::HashSet<&str> = plan
        .items
        .iter()
        .filter(|i| matches!(i.kind, ItemKind::Finished | ItemKind::Service))
        .map(|i| i.code.as_str())
        .collect();
    let sold: Vec<&ItemCost> = analysis
        .cost
        .items
        .iter()
        .filter(|c| sold_codes.contains(c.code.as_str()))
        .collect();
    let codes: Vec<String> = sold.iter().map(|c| c.code.clone()).collect();
    let series = |name: &str, color, value: &dyn Fn(&ItemCost) -> f64| {
        let bars = sold
            .iter()
            .enumerate()
            .map(|(x, c)| Bar::new(x as f64, value(c)).name(&c.code))
            .collect();
        let symbol = currency.to_string();
        let component = name.to_string();
        BarChart::new(name, bars)
            .color(color)
            .width(0.6)
            .element_formatter(Box::new(move |bar, _| {
                format!(
                    "{} {component}: {} per unit",
                    bar.name,
                    format::money(bar.value, &symbol)
                )
            }))
    };
    let purchase = series("purchase", PURCHASE_COLOR, &|c| c.purchase);
    let material = series("material", MATERIAL_COLOR, &|c| c.material).stack_on(&[&purchase]);
    let conversion =
        series("conversion", CONVERSION_COLOR, &|c| c.conversion).stack_on(&[&purchase, &material]);
    let fixed = series("fixed", FIXED_COLOR, &|c| {
        (c.full_unit_cost - c.unit_cost).max(0.0)
    })
    .stack_on(&[&purchase, &material, &conversion]);
    let symbol = format::currency_symbol(currency).to_string();
    Plot::new("cost-chart")
        .height(240.0)
        .legend(Legend::default())
        .x_axis_label("finished item")
        .y_axis_label(format!("cost per unit ({symbol})"))
        .x_axis_formatter(move |mark, _| {
            let index = mark.value.round();
            if (mark.value - index).abs() < 1e-6 && index >= 0.0 {
                codes.get(index as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_axis_formatter(|mark, _| format::number(mark.value, 0))
        .include_y(0.0)
        .show(ui, |plot| {
            plot.add(purchase);
            plot.add(material);
            plot.add(conversion);
            plot.add(fixed);
        });
}

/// One BOM level of the drill-down: each child's quantity and extended cost per top unit.
fn drill_ui(
    ui: &mut egui::Ui,
    plan: &Plan,
    costs: &HashMap<&str, &ItemCost>,
    code: &str,
    qty: f64,
    currency: &str,
    depth: usize,
) {
    let Some(cost) = costs.get(code) else {
        return;
    };
    ui.label(format!(
        "{code}: purchase {} + material {} + conversion {} = {} per unit",
        format::money(cost.purchase, currency),
        format::money(cost.material, currency),
        format::money(cost.conversion, currency),
        format::money(cost.unit_cost, currency),
    ));
    if depth >= MAX_DRILL_DEPTH {
        return;
    }
    for line in plan.bom.iter().filter(|b| b.parent == code) {
        let child_cost = costs.get(line.child.as_str()).map_or(0.0, |c| c.unit_cost);
        let header = format!(
            "{} × {} = {} per unit of {code} ({} per top unit)",
            format::quantity(line.qty),
            line.child,
            format::money(line.qty * child_cost, currency),
            format::quantity(qty * line.qty)
        );
        egui::CollapsingHeader::new(header)
            .id_salt(("drill", code, &line.child, depth))
            .default_open(depth == 0)
            .show(ui, |ui| {
                drill_ui(
                    ui,
                    plan,
                    costs,
                    &line.child,
                    qty * line.qty,
                    currency,
                    depth + 1,
                );
            });
    }
}
