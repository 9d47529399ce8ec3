//! Cost dashboard: per-unit cost build-up of each finished item as stacked bars, the roll-up
//! table with margins, COPQ and break-even, and a drill-down through the item's BOM.

use super::page::{PageContext, PageView};
use super::style;
use eframe::egui::{self, Color32, RichText};
use egui_extras::{Column, TableBuilder};
use egui_plot::{Bar, BarChart, Corner, Legend, Plot};

use super::Navigate;
use super::format;
use super::problems;
use crate::analytics::cost::ItemCost;
use crate::analytics::{Analysis, AnalysisError};
use crate::app::Document;
use crate::domain::fxhash::FxHashMap;
use crate::domain::{ItemKind, Plan};

/// Colours of the cost components, in stacking order.
const PURCHASE_COLOR: Color32 = style::SERIES_BLUE;
const MATERIAL_COLOR: Color32 = style::SERIES_GREEN;
const CONVERSION_COLOR: Color32 = style::SERIES_ORANGE;
const FIXED_COLOR: Color32 = style::SERIES_PURPLE;

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

/// Most finished items drawn in the cost chart; a bigger plan charts those with the highest
/// full unit cost (plan L sells thousands of items: 16,000 bars cost a frame's budget and
/// cannot be read anyway).
const MAX_CHARTED_ITEMS: usize = 40;

/// Width of the roll-up table's item column in points.
const ITEM_COLUMN_WIDTH: f32 = 96.0;

/// Narrowest figure column of the roll-up table in points (a wider window gets wider columns).
const MIN_FIGURE_COLUMN_WIDTH: f32 = 70.0;

/// Height of the roll-up table's heading row: two lines, so long headings wrap, not clip.
const HEADER_HEIGHT: f32 = 36.0;

/// What the dashboard derives from one plan revision, computed once per revision.
#[derive(Debug, Clone)]
struct CostIndex {
    revision: u64,
    /// Index into `analysis.cost.items` of each item code, by the code's hash (see
    /// [`code_hash`]): the index copies no code.
    by_code: FxHashMap<u64, usize>,
    /// Indices into `analysis.cost.items` of the charted sold items, in chart order.
    charted: Vec<usize>,
    /// Number of sold (finished or service) items.
    sold: usize,
    /// Cost of poor quality over the horizon.
    copq: f64,
    /// Priced items with demand and their planned quantity (the break-even choices).
    break_even_items: Vec<(String, f64)>,
    /// Indices of each parent's BOM lines, by the parent code's hash (a lookup keeps the lines
    /// whose parent really is the code).
    bom_lines: FxHashMap<u64, Vec<usize>>,
    /// The item drilled into when none was clicked: the first sold item.
    first_sold: Option<String>,
}

impl CostIndex {
    fn build(analysis: &Analysis, doc: &Document) -> Self {
        let plan = doc.plan();
        let items = &analysis.cost.items;
        let mut by_code: FxHashMap<u64, usize> = FxHashMap::default();
        by_code.reserve(items.len());
        for (i, cost) in items.iter().enumerate() {
            by_code.entry(code_hash(&cost.code)).or_insert(i);
        }
        // The cost lines are in plan order, one per item (DESIGN.md §4), so an item's kind is
        // read at its own position.
        let sold: Vec<usize> = (plan.items.iter().enumerate())
            .filter(|(i, item)| is_sold(item.kind) && *i < items.len())
            .map(|(i, _)| i)
            .collect();
        // A parent's lines usually come together: each run costs one hash.
        let mut bom_lines: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
        let mut start = 0;
        for run in plan.bom.chunk_by(|a, b| a.parent == b.parent) {
            if let Some(first) = run.first() {
                bom_lines
                    .entry(code_hash(&first.parent))
                    .or_default()
                    .extend(start..start + run.len());
            }
            start += run.len();
        }
        CostIndex {
            revision: doc.analysis_key(),
            charted: charted_items(items, &sold),
            sold: sold.len(),
            first_sold: sold.first().map(|&i| items[i].code.clone()),
            by_code,
            copq: analysis.cost.copq_over_horizon(),
            break_even_items: analysis.cost.priced_items_with_demand(),
            bom_lines,
        }
    }

    /// Index into `items` of the cost line of `code`.
    fn position(&self, items: &[ItemCost], code: &str) -> Option<usize> {
        match self.by_code.get(&code_hash(code)) {
            Some(&i) if items.get(i).is_some_and(|c| c.code == code) => Some(i),
            // Two codes with one hash (about one chance in 10^11 on 20,000 items): look further.
            Some(_) => items.iter().position(|c| c.code == code),
            None => None,
        }
    }
}

/// The 64-bit hash the cost index keys codes by.
fn code_hash(code: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = crate::domain::fxhash::FxBuildHasher::default().build_hasher();
    hasher.write(code.as_bytes());
    hasher.finish()
}

/// Finished goods and services: the items sold, charted and drilled into first.
fn is_sold(kind: ItemKind) -> bool {
    matches!(kind, ItemKind::Finished | ItemKind::Service)
}

/// The sold items to chart: all of them in plan order when they fit, else the
/// [`MAX_CHARTED_ITEMS`] with the highest full unit cost, highest first.
fn charted_items(items: &[ItemCost], sold: &[usize]) -> Vec<usize> {
    if sold.len() <= MAX_CHARTED_ITEMS {
        return sold.to_vec();
    }
    let mut by_cost = sold.to_vec();
    by_cost.sort_by(|&a, &b| items[b].full_unit_cost.total_cmp(&items[a].full_unit_cost));
    by_cost.truncate(MAX_CHARTED_ITEMS);
    by_cost
}

/// State of the cost dashboard: the item whose BOM is drilled into, and the figures derived
/// from the current plan revision.
#[derive(Debug, Clone, Default)]
pub struct CostView {
    selected: Option<String>,
    index: Option<CostIndex>,
}

impl CostView {
    /// Draws the dashboard in a vertical scroll area; returns a navigation request (to the
    /// problems when invalid).
    fn contents_ui(&mut self, ui: &mut egui::Ui, doc: &Document) -> Option<Navigate> {
        let analysis = match doc.analysis() {
            Some(Ok(analysis)) => analysis,
            Some(Err(AnalysisError::Invalid(report))) => {
                return problems::invalid_plan_ui(ui, report.problems.len(), "dashboards need");
            }
            None => return None,
        };
        if self.index.as_ref().map(|i| i.revision) != Some(doc.analysis_key()) {
            self.index = Some(CostIndex::build(analysis, doc));
        }
        let index = self.index.take()?;
        let currency = doc.plan().settings.currency.as_str();
        egui::ScrollArea::vertical()
            .id_salt("cost-dashboard")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                summary_ui(ui, analysis, currency);
                quality_cost_ui(ui, analysis, index.copq, currency);
                ui.add_space(6.0);
                chart_ui(ui, analysis, &index, currency);
                ui.add_space(6.0);
                self.table_ui(ui, analysis, currency);
                ui.add_space(6.0);
                super::break_even::break_even_ui(ui, analysis, &index.break_even_items, currency);
                ui.separator();
                self.drill_down_ui(ui, analysis, doc.plan(), &index, currency);
            });
        self.index = Some(index);
        None
    }

    fn table_ui(&mut self, ui: &mut egui::Ui, analysis: &Analysis, currency: &str) {
        let items = &analysis.cost.items;
        let spacing = ui.spacing().item_spacing.x;
        let figures = (HEADINGS.len() - 1) as f32;
        let figure_width = ((ui.available_width() - ITEM_COLUMN_WIDTH) / figures - spacing)
            .floor()
            .max(MIN_FIGURE_COLUMN_WIDTH);
        egui::ScrollArea::horizontal()
            .id_salt("cost-rollup-scroll")
            .show(ui, |ui| {
                TableBuilder::new(ui)
                    .id_salt("cost-rollup")
                    .striped(true)
                    .max_scroll_height(200.0)
                    .cell_layout(egui::Layout::right_to_left(egui::Align::Center))
                    .column(Column::exact(ITEM_COLUMN_WIDTH))
                    .columns(Column::exact(figure_width), HEADINGS.len() - 1)
                    .header(HEADER_HEIGHT, |mut header| {
                        for heading in HEADINGS {
                            header.col(|ui| {
                                ui.add(egui::Label::new(RichText::new(heading).strong()).wrap());
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
        index: &CostIndex,
        currency: &str,
    ) {
        let selected = self
            .selected
            .clone()
            .or_else(|| index.first_sold.clone())
            .filter(|code| index.position(&analysis.cost.items, code).is_some());
        let Some(code) = selected else {
            ui.label(
                RichText::new("Click an item in the table to drill down through its BOM.").weak(),
            );
            return;
        };
        ui.label(RichText::new(format!("Cost build-up of one {code}")).strong());
        let drill = Drill {
            plan,
            items: &analysis.cost.items,
            index,
            currency,
        };
        drill.ui(ui, &code, 1.0, 0);
    }
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
            style::GOOD
        } else {
            style::ERROR
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
fn quality_cost_ui(ui: &mut egui::Ui, analysis: &Analysis, copq: f64, currency: &str) {
    ui.horizontal_wrapped(|ui| {
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
        style::ERROR
    } else {
        style::GOOD
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

/// Stacked per-unit cost of the charted sold items (finished goods and services), with hover
/// values.
fn chart_ui(ui: &mut egui::Ui, analysis: &Analysis, index: &CostIndex, currency: &str) {
    let sold: Vec<&ItemCost> = (index.charted.iter())
        .map(|&i| &analysis.cost.items[i])
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
    // Head-room above the tallest bar keeps the legend (top left) clear of the bars.
    let tallest = (sold.iter())
        .map(|c| c.full_unit_cost.max(c.unit_cost))
        .fold(0.0_f64, f64::max);
    let x_label = if index.charted.len() < index.sold {
        format!(
            "the {} sold items with the highest full unit cost (of {})",
            index.charted.len(),
            format::number(index.sold as f64, 0)
        )
    } else {
        "sold item".to_string()
    };
    Plot::new("cost-chart")
        .height(240.0)
        .legend(Legend::default().position(Corner::LeftTop))
        .x_axis_label(x_label)
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
        .include_y(tallest * 1.35)
        .show(ui, |plot| {
            plot.add(purchase);
            plot.add(material);
            plot.add(conversion);
            plot.add(fixed);
        });
}

/// What the drill-down reads: the plan's BOM lines, the item costs and their index.
struct Drill<'a> {
    plan: &'a Plan,
    items: &'a [ItemCost],
    index: &'a CostIndex,
    currency: &'a str,
}

impl Drill<'_> {
    fn cost(&self, code: &str) -> Option<&ItemCost> {
        (self.index.position(self.items, code)).and_then(|i| self.items.get(i))
    }

    /// One BOM level: each child's quantity and extended cost per top unit.
    fn ui(&self, ui: &mut egui::Ui, code: &str, qty: f64, depth: usize) {
        let Some(cost) = self.cost(code) else {
            return;
        };
        let currency = self.currency;
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
        let lines = (self.index.bom_lines.get(&code_hash(code))).map_or(&[][..], Vec::as_slice);
        let lines =
            (lines.iter().filter_map(|&i| self.plan.bom.get(i))).filter(|l| l.parent == code);
        for line in lines {
            let child_cost = self.cost(&line.child).map_or(0.0, |c| c.unit_cost);
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
                .show(ui, |ui| self.ui(ui, &line.child, qty * line.qty, depth + 1));
        }
    }
}

impl PageView for CostView {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageContext<'_>) {
        if let Some(target) = self.contents_ui(ui, cx.doc) {
            cx.navigate(target);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Item costs "I0", "I1", … with full unit cost 10·i.
    fn costs(count: usize) -> Vec<ItemCost> {
        (0..count)
            .map(|i| ItemCost {
                code: format!("I{i}"),
                full_unit_cost: 10.0 * i as f64,
                ..ItemCost::default()
            })
            .collect()
    }

    #[test]
    fn a_few_sold_items_are_all_charted_in_plan_order() {
        let items = costs(5);
        assert_eq!(charted_items(&items, &[4, 0, 2]), vec![4, 0, 2]);
    }

    #[test]
    fn many_sold_items_chart_the_forty_with_the_highest_full_cost() {
        // 50 sold items costing 0, 10, …, 490: the 40 highest are items 49 down to 10.
        let items = costs(50);
        let sold: Vec<usize> = (0..50).collect();
        let charted = charted_items(&items, &sold);
        assert_eq!(charted.len(), MAX_CHARTED_ITEMS);
        assert_eq!(charted.first(), Some(&49));
        assert_eq!(charted.last(), Some(&10));
    }
}
