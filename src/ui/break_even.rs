//! Break-even chart of the cost dashboard (DESIGN.md §2 break-even at the planned sales mix):
//! for a chosen priced item, the plan's revenue and total cost as its quantity grows with every
//! other item kept in the planned proportion, with the break-even quantity marked.
//!
//! Scaling all demand by `s` gives revenue `s·R` and total cost `F + s·V` (R revenue, V variable
//! cost, F fixed cost of the plan); the lines cross at `s = F / (R − V)` = the break-even ratio,
//! which is the item's break-even quantity `ratio · demand` on its own axis.

use eframe::egui::{self, Color32, RichText};
use egui_plot::{Corner, Legend, Line, Plot, PlotPoints, Points, VLine};

use super::format;
use super::style;
use crate::analytics::Analysis;

const REVENUE_COLOR: Color32 = style::SERIES_BLUE;
const COST_COLOR: Color32 = style::SERIES_ORANGE;
const BREAK_EVEN_COLOR: Color32 = Color32::from_rgb(200, 60, 60);

/// The two lines of the chart for one item, in units of that item.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakEvenLines {
    /// Planned quantity of the item over the horizon.
    pub planned_qty: f64,
    /// Quantity of the item at which profit is zero (same mix).
    pub break_even_qty: f64,
    /// Plan revenue per unit of the item (all items in the planned mix).
    pub revenue_per_unit: f64,
    /// Plan variable cost per unit of the item.
    pub variable_cost_per_unit: f64,
    /// Plan fixed cost over the horizon.
    pub fixed_cost: f64,
}

impl BreakEvenLines {
    /// The lines for `item`, or `None` when the item has no demand or the mix has no
    /// break-even (contribution ≤ 0).
    pub fn of(analysis: &Analysis, planned_qty: f64, item: &str) -> Option<Self> {
        let cost = analysis.cost.items.iter().find(|c| c.code == item)?;
        let break_even_qty = cost.break_even_qty?;
        if planned_qty <= 0.0 {
            return None;
        }
        Some(BreakEvenLines {
            planned_qty,
            break_even_qty,
            revenue_per_unit: analysis.totals.revenue / planned_qty,
            variable_cost_per_unit: analysis.totals.variable_cost / planned_qty,
            fixed_cost: analysis.cost.break_even.fixed_cost,
        })
    }

    /// Plan revenue when the item's quantity is `qty`.
    pub fn revenue(&self, qty: f64) -> f64 {
        self.revenue_per_unit * qty
    }

    /// Plan total cost (fixed plus variable) when the item's quantity is `qty`.
    pub fn total_cost(&self, qty: f64) -> f64 {
        self.fixed_cost + self.variable_cost_per_unit * qty
    }
}

/// Draws the item picker and the chart, open from the start; the chosen item is kept in egui
/// memory. `candidates` are [`CostResults::priced_items_with_demand`](crate::analytics::cost::CostResults::priced_items_with_demand), computed once per plan revision by
/// the caller (summing the demand of plan L per frame would cost a frame's budget).
pub fn break_even_ui(
    ui: &mut egui::Ui,
    analysis: &Analysis,
    candidates: &[(String, f64)],
    currency: &str,
) {
    if candidates.is_empty() {
        return;
    }
    let memory = egui::Id::unique("break-even-item");
    let stored: Option<String> = ui.data(|d| d.get_temp(memory));
    let mut chosen = stored
        .filter(|code| candidates.iter().any(|(c, _)| c == code))
        .unwrap_or_else(|| candidates[0].0.clone());
    egui::CollapsingHeader::new(RichText::new("Break-even chart per item").strong())
        .id_salt("break-even")
        .default_open(true)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label("Item");
                let inner = egui::ComboBox::from_id_salt("break-even-choice")
                    .selected_text(&chosen)
                    .height(320.0)
                    .show_ui(ui, |ui| {
                        for (code, _) in candidates {
                            ui.selectable_value(&mut chosen, code.clone(), code);
                        }
                    });
                ui.ctx().accesskit_node_builder(inner.response.id, |node| {
                    node.set_label("Break-even item".to_string());
                });
                ui.label(RichText::new("other items follow in the planned proportion").weak());
            });
            let planned = candidates
                .iter()
                .find(|(c, _)| *c == chosen)
                .map_or(0.0, |(_, q)| *q);
            match BreakEvenLines::of(analysis, planned, &chosen) {
                Some(lines) => chart_ui(ui, &chosen, &lines, currency),
                None => {
                    ui.label("No break-even: the planned mix does not contribute.");
                }
            }
        });
    ui.data_mut(|d| d.insert_temp(memory, chosen));
}

fn chart_ui(ui: &mut egui::Ui, item: &str, lines: &BreakEvenLines, currency: &str) {
    let top = (lines.break_even_qty * 2.0).max(lines.planned_qty * 1.25);
    let line = |f: &dyn Fn(f64) -> f64| PlotPoints::from(vec![[0.0, f(0.0)], [top, f(top)]]);
    let revenue = line(&|q| lines.revenue(q));
    let cost = line(&|q| lines.total_cost(q));
    let point = [lines.break_even_qty, lines.revenue(lines.break_even_qty)];
    ui.label(format!(
        "Break-even at {} {item} (planned {}), revenue {}",
        format::quantity(lines.break_even_qty),
        format::quantity(lines.planned_qty),
        format::money(point[1], currency)
    ));
    let symbol = format::currency_symbol(currency).to_string();
    Plot::new("break-even-chart")
        .height(200.0)
        .legend(Legend::default().position(Corner::LeftTop))
        .x_axis_label(format!("units of {item}"))
        .y_axis_label(format!("plan total ({symbol})"))
        .y_axis_formatter(|mark, _| format::number(mark.value, 0))
        .include_y(0.0)
        .show(ui, |plot| {
            plot.add(
                Line::new("revenue", revenue)
                    .color(REVENUE_COLOR)
                    .width(2.0),
            );
            plot.add(Line::new("total cost", cost).color(COST_COLOR).width(2.0));
            plot.add(
                VLine::new("planned quantity", lines.planned_qty)
                    .color(Color32::GRAY)
                    .style(egui_plot::LineStyle::dashed_loose()),
            );
            plot.add(
                Points::new("break-even", vec![point])
                    .radius(5.0)
                    .color(BREAK_EVEN_COLOR),
            );
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lines_cross_at_the_break_even_quantity() {
        // Plan: revenue R = 10,000, variable cost V = 6,000, fixed F = 2,000 for 100 units of
        // the item; ratio = F / (R − V) = 0.5, so break-even at 50 units, where revenue
        // = 100 · 50 = 5,000 and cost = 2,000 + 60 · 50 = 5,000.
        let lines = BreakEvenLines {
            planned_qty: 100.0,
            break_even_qty: 50.0,
            revenue_per_unit: 100.0,
            variable_cost_per_unit: 60.0,
            fixed_cost: 2_000.0,
        };
        assert_eq!(lines.revenue(50.0), 5_000.0);
        assert_eq!(lines.total_cost(50.0), 5_000.0);
        assert!(lines.revenue(40.0) < lines.total_cost(40.0));
    }
}
