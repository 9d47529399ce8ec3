//! The first page: the plan's key figures, each a link to the view that explains it.

use super::page::{PageContext, PageView};
use super::style;
use eframe::egui::{self, Color32, RichText};

use super::format;
use super::{Navigate, Page};
use crate::analytics::capacity::ResourceLoad;
use crate::analytics::oee::EFFICIENCY_GAP;
use crate::analytics::{Analysis, AnalysisError};
use crate::app::Document;
use crate::domain::PlanSettings;

/// Size of one figure card in points.
const CARD_SIZE: egui::Vec2 = egui::vec2(230.0, 96.0);

/// One figure of the overview.
pub struct Figure {
    pub title: &'static str,
    pub value: String,
    pub detail: String,
    pub color: Option<Color32>,
    pub target: Navigate,
}

/// Bars shown per list on the overview; the rest are on the Capacity and Cost pages, so a plan
/// with a thousand resources still draws a frame in a few milliseconds.
pub const TOP_BARS: usize = 10;

/// One bar of an overview bar list, with everything it shows already formatted.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Resource or item code.
    pub label: String,
    /// Filled share of the bar, 0..1.
    pub share: f64,
    /// Fill colour: red when overloaded or loss-making.
    pub color: Color32,
    /// The value text beside the bar.
    pub text: String,
}

/// A bar list: the top bars and how many more there are.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BarList {
    /// The [`TOP_BARS`] highest bars, highest first.
    pub bars: Vec<Bar>,
    /// Entries not shown.
    pub more: usize,
}

/// Everything the overview derives from one revision of the plan, computed once per revision
/// instead of every frame.
struct DerivedFigures {
    revision: u64,
    /// Whether the revision was analysed then, and validly: `None` = not yet analysed.
    analysed: Option<bool>,
    figures: Vec<Figure>,
    utilization: Option<BarList>,
    margins: Option<BarList>,
}

/// The overview page; keeps its derived figures and bar lists for the current revision.
#[derive(Default)]
pub struct OverviewView {
    derived: Option<DerivedFigures>,
}

impl OverviewView {
    /// Draws the figure cards; returns where a clicked card leads.
    fn contents_ui(&mut self, ui: &mut egui::Ui, doc: &Document) -> Option<Navigate> {
        let plan = doc.plan();
        ui.label(
            RichText::new(format!(
                "{} items · {} resources · {} periods of one {} · currency {}",
                plan.items.len(),
                plan.resources.len(),
                plan.settings.periods,
                plan.settings.period_unit.as_str(),
                plan.settings.currency
            ))
            .weak(),
        );
        ui.add_space(10.0);
        let derived = self.derived(doc);
        let mut target = None;
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing = egui::vec2(12.0, 12.0);
            for figure in &derived.figures {
                if card_ui(ui, figure).clicked() {
                    target = Some(figure.target.clone());
                }
            }
        });
        if let (Some(utilization), Some(margins)) = (&derived.utilization, &derived.margins) {
            ui.add_space(18.0);
            ui.columns(2, |columns| {
                let capacity = ("Utilisation over the horizon", "Capacity");
                if bar_list_ui(&mut columns[0], capacity, utilization) {
                    target = Some(Navigate::Page(Page::CAPACITY));
                }
                let cost = ("Margin per unit of priced items", "Cost");
                if bar_list_ui(&mut columns[1], cost, margins) {
                    target = Some(Navigate::Page(Page::COST));
                }
            });
        }
        target
    }

    /// The derived figures of the document's current revision, recomputed only when the
    /// revision (or whether it is analysed yet) changed.
    fn derived(&mut self, doc: &Document) -> &DerivedFigures {
        let analysed = doc.analysis().map(|result| result.is_ok());
        let fresh = match self.derived.take() {
            Some(d) if d.revision == doc.analysis_key() && d.analysed == analysed => d,
            _ => {
                let analysis = match doc.analysis() {
                    Some(Ok(analysis)) => Some(analysis),
                    _ => None,
                };
                DerivedFigures {
                    revision: doc.analysis_key(),
                    analysed,
                    figures: figures(doc),
                    utilization: analysis.map(utilization_bars),
                    margins: analysis.map(|a| margin_bars(a, &doc.plan().settings.currency)),
                }
            }
        };
        self.derived.insert(fresh)
    }
}

/// The figures of the overview, computed from the cached analysis.
pub fn figures(doc: &Document) -> Vec<Figure> {
    let currency = doc.plan().settings.currency.clone();
    let mut figures = Vec::new();
    match doc.analysis() {
        Some(Ok(analysis)) => {
            money_figures(&mut figures, analysis, &currency);
            capacity_figures(&mut figures, analysis, doc);
            figures.push(materials_figure(analysis, &doc.plan().settings));
            quality_figures(&mut figures, analysis, doc);
        }
        Some(Err(AnalysisError::Invalid(_))) | None => {}
    }
    let problems = doc.problems().len();
    figures.push(Figure {
        title: "Validation problems",
        value: problems.to_string(),
        detail: if problems == 0 {
            "the plan is valid".to_string()
        } else {
            "fix them to see cost and capacity".to_string()
        },
        color: Some(if problems == 0 {
            style::GOOD
        } else {
            style::ERROR
        }),
        target: Navigate::Problems,
    });
    figures
}

fn money_figures(figures: &mut Vec<Figure>, analysis: &Analysis, currency: &str) {
    let totals = &analysis.totals;
    let cost = Navigate::Page(Page::COST);
    let money = |value| format::money(value, currency);
    figures.push(Figure {
        title: "Revenue",
        value: money(totals.revenue),
        detail: "demand × price over the horizon".into(),
        color: None,
        target: cost.clone(),
    });
    figures.push(Figure {
        title: "Variable cost",
        value: money(totals.variable_cost),
        detail: "demand × unit cost".into(),
        color: None,
        target: cost.clone(),
    });
    figures.push(Figure {
        title: "Fixed cost",
        value: money(totals.fixed_cost),
        detail: "resources' fixed and capital cost".into(),
        color: None,
        target: cost.clone(),
    });
    figures.push(Figure {
        title: "Profit",
        value: money(totals.profit),
        detail: "revenue − variable, fixed, stock cost".into(),
        color: Some(if totals.profit >= 0.0 {
            style::GOOD
        } else {
            style::ERROR
        }),
        target: cost.clone(),
    });
    figures.push(Figure {
        title: "Profit margin",
        value: totals.profit_margin.map_or("—".into(), format::percent),
        detail: "profit / revenue".into(),
        color: None,
        target: cost,
    });
}

fn capacity_figures(figures: &mut Vec<Figure>, analysis: &Analysis, doc: &Document) {
    let capacity = &analysis.capacity;
    let target = Navigate::Page(Page::CAPACITY);
    let bottleneck = capacity
        .bottleneck
        .as_ref()
        .and_then(|code| capacity.resources.iter().find(|r| &r.code == code));
    figures.push(Figure {
        title: "Bottleneck",
        value: bottleneck.map_or("none".into(), |r| r.code.clone()),
        detail: bottleneck.map_or("no resources".into(), |r| {
            format!(
                "{} utilised over the horizon",
                format::utilization(r.total_utilization)
            )
        }),
        color: bottleneck
            .filter(|r| format::utilization_rank(r.total_utilization) > 1.0)
            .map(|_| style::ERROR),
        target: target.clone(),
    });
    let overloaded = overloaded_periods(analysis, doc);
    figures.push(Figure {
        title: "Overloaded periods",
        value: overloaded.len().to_string(),
        detail: overloaded.first().map_or(
            "load fits capacity everywhere".into(),
            |(code, label, _)| format!("first: {code} in {label}"),
        ),
        color: Some(if overloaded.is_empty() {
            style::GOOD
        } else {
            style::ERROR
        }),
        target,
    });
}

/// The capital tied in stock (the material plan's average inventory value, DESIGN.md §5) and
/// the count of MRP exceptions; links to the Materials page with its exception list.
pub fn materials_figure(analysis: &Analysis, settings: &PlanSettings) -> Figure {
    let material = &analysis.mrp;
    let exceptions = match material.exceptions.len() {
        0 => "no MRP exceptions".to_string(),
        1 => "1 MRP exception".to_string(),
        count => format!("{count} MRP exceptions"),
    };
    Figure {
        title: "Inventory value",
        value: format::money(material.average_inventory_value, &settings.currency),
        detail: format!(
            "average per {} · {exceptions}",
            settings.period_unit.as_str()
        ),
        color: None,
        target: Navigate::MaterialExceptions,
    }
}

fn quality_figures(figures: &mut Vec<Figure>, analysis: &Analysis, doc: &Document) {
    let currency = doc.plan().settings.currency.as_str();
    figures.push(Figure {
        title: "Cost of poor quality",
        value: format::money(analysis.cost.copq_over_horizon(), currency),
        detail: "yield losses × demand over the horizon".into(),
        color: None,
        target: Navigate::Page(Page::COST),
    });
    let lowest = (analysis.quality.rty.iter()).min_by(|a, b| a.rty.total_cmp(&b.rty));
    figures.push(Figure {
        title: "Lowest RTY",
        value: lowest.map_or("—".into(), |r| format::percent(r.rty)),
        detail: lowest.map_or("no routings".into(), |r| {
            format!("{}: rolled throughput yield", r.item)
        }),
        color: None,
        target: Navigate::Page(Page::QUALITY),
    });
    figures.push(lowest_oee_figure(analysis));
}

/// The resource with the lowest OEE in the production log, red when the capacity plan assumes
/// a clearly higher efficiency than it measures (DESIGN.md §8); links to the OEE page.
pub fn lowest_oee_figure(analysis: &Analysis) -> Figure {
    let lowest = analysis.oee.lowest();
    let below_plan = lowest.is_some_and(|r| {
        r.measured_efficiency
            .is_some_and(|m| r.planned_efficiency - m > EFFICIENCY_GAP + 1e-9)
    });
    Figure {
        title: "Lowest OEE",
        value: lowest
            .and_then(|r| r.factors.oee)
            .map_or("—".into(), format::percent),
        detail: lowest.map_or("no production log".into(), |r| {
            format!(
                "{}: efficiency {} (plan {})",
                r.code,
                r.measured_efficiency.map_or("—".into(), format::percent),
                format::percent(r.planned_efficiency)
            )
        }),
        color: below_plan.then_some(style::ERROR),
        target: Navigate::Page(Page::OEE),
    }
}

/// (resource, period label, utilisation) for every resource-period loaded above 100 %.
pub fn overloaded_periods(
    analysis: &Analysis,
    doc: &Document,
) -> Vec<(String, String, Option<f64>)> {
    let settings = &doc.plan().settings;
    let mut overloaded = Vec::new();
    for resource in &analysis.capacity.resources {
        for (t, &utilization) in resource.utilization.iter().enumerate() {
            if format::utilization_rank(utilization) > 1.0 + 1e-9 {
                let label = format::period_label(settings, t as i64 + 1);
                overloaded.push((resource.code.clone(), label, utilization));
            }
        }
    }
    overloaded
}

/// Width of the bar area of the overview's bar lists.
const BAR_WIDTH: f32 = 260.0;

/// The resources with the highest total utilisation as bars (red when a period is overloaded).
pub fn utilization_bars(analysis: &Analysis) -> BarList {
    let mut resources: Vec<_> = analysis.capacity.resources.iter().collect();
    let rank = |r: &&ResourceLoad| format::utilization_rank(r.total_utilization);
    resources.sort_by(|a, b| rank(b).total_cmp(&rank(a)));
    let more = resources.len().saturating_sub(TOP_BARS);
    let bars = (resources.into_iter().take(TOP_BARS))
        .map(|resource| Bar {
            label: resource.code.clone(),
            share: format::utilization_rank(resource.total_utilization).min(1.5) / 1.5,
            color: if format::utilization_rank(resource.peak_utilization) > 1.0 + 1e-9 {
                style::ERROR
            } else {
                BAR_COLOR
            },
            text: format!(
                "{}  peak {}",
                format::utilization(resource.total_utilization),
                format::utilization(resource.peak_utilization)
            ),
        })
        .collect();
    BarList { bars, more }
}

/// The priced items with the highest margin per unit as bars (red when sold at a loss), each
/// scaled against the highest price.
pub fn margin_bars(analysis: &Analysis, currency: &str) -> BarList {
    let mut priced: Vec<_> = (analysis.cost.items.iter())
        .filter(|c| c.price > 0.0)
        .collect();
    let widest = priced
        .iter()
        .map(|c| c.price)
        .fold(0.0_f64, f64::max)
        .max(1e-9);
    priced.sort_by(|a, b| b.margin.total_cmp(&a.margin));
    let more = priced.len().saturating_sub(TOP_BARS);
    let bars = (priced.into_iter().take(TOP_BARS))
        .map(|cost| Bar {
            label: cost.code.clone(),
            share: cost.margin.max(0.0) / widest,
            color: if cost.margin < 0.0 {
                style::ERROR
            } else {
                style::GOOD
            },
            text: format!(
                "{} of {}  ({})",
                format::money(cost.margin, currency),
                format::money(cost.price, currency),
                cost.margin_pct.map_or("—".into(), format::percent)
            ),
        })
        .collect();
    BarList { bars, more }
}

/// A titled bar list with "and N more — see {page}" below when entries were left out; true
/// when a bar or that line was clicked.
fn bar_list_ui(ui: &mut egui::Ui, (title, page): (&str, &str), list: &BarList) -> bool {
    ui.label(RichText::new(title).strong());
    ui.add_space(4.0);
    let mut clicked = false;
    for bar in &list.bars {
        clicked |= bar_row_ui(ui, &bar.label, bar.share, bar.color, &bar.text);
    }
    if list.more > 0 {
        let more = format!("and {} more — see {page}", list.more);
        clicked |= ui.link(more).clicked();
    }
    clicked
}

/// Blue of neutral bars.
const BAR_COLOR: Color32 = style::SERIES_BLUE;

/// One labelled bar (`share` of the full width, 0..1) with its value text; true when clicked.
fn bar_row_ui(ui: &mut egui::Ui, label: &str, share: f64, color: Color32, text: &str) -> bool {
    let response = ui
        .horizontal(|ui| {
            ui.add_sized([90.0, 20.0], egui::Label::new(label).truncate());
            let (rect, response) =
                ui.allocate_exact_size(egui::vec2(BAR_WIDTH, 14.0), egui::Sense::click());
            let painter = ui.painter();
            painter.rect_filled(rect, 3.0, ui.visuals().faint_bg_color);
            let mut filled = rect;
            filled.set_width(rect.width() * share.clamp(0.0, 1.0) as f32);
            painter.rect_filled(filled, 3.0, color);
            ui.label(RichText::new(text).weak());
            response
        })
        .inner;
    response
        .on_hover_cursor(egui::CursorIcon::PointingHand)
        .clicked()
}

/// The proportional font of `size` points, made smaller when `text` would be wider than `width`
/// (a plan's revenue in the billions), so that a figure never runs past its card.
fn font_to_fit(ui: &egui::Ui, text: &str, size: f32, width: f32) -> egui::FontId {
    let full = egui::FontId::proportional(size);
    let text_width = ui
        .painter()
        .layout_no_wrap(text.to_string(), full.clone(), egui::Color32::WHITE)
        .size()
        .x;
    if text_width <= width || text_width <= 0.0 {
        full
    } else {
        egui::FontId::proportional((size * width / text_width).max(12.0))
    }
}

fn card_ui(ui: &mut egui::Ui, figure: &Figure) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(CARD_SIZE, egui::Sense::click());
    let visuals = ui.visuals();
    let fill = if response.hovered() {
        visuals.widgets.hovered.weak_bg_fill
    } else {
        visuals.faint_bg_color
    };
    let painter = ui.painter();
    painter.rect(
        rect,
        8.0,
        fill,
        visuals.widgets.noninteractive.bg_stroke,
        egui::StrokeKind::Inside,
    );
    let text_color = visuals.text_color();
    let weak = visuals.weak_text_color();
    let left = rect.left() + 14.0;
    painter.text(
        egui::pos2(left, rect.top() + 12.0),
        egui::Align2::LEFT_TOP,
        figure.title,
        egui::FontId::proportional(13.0),
        weak,
    );
    let value_color = figure.color.unwrap_or(text_color);
    let value_font = font_to_fit(ui, &figure.value, 24.0, rect.width() - 2.0 * 14.0);
    painter.text(
        egui::pos2(left, rect.top() + 32.0),
        egui::Align2::LEFT_TOP,
        &figure.value,
        value_font,
        value_color,
    );
    painter.text(
        egui::pos2(left, rect.bottom() - 12.0),
        egui::Align2::LEFT_BOTTOM,
        &figure.detail,
        egui::FontId::proportional(11.5),
        weak,
    );
    let label = format!("{}: {}", figure.title, figure.value);
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_role(egui::accesskit::Role::Button);
        node.set_label(label.clone());
    });
    response
        .on_hover_text(format!("{} — click for details", figure.detail))
        .on_hover_cursor(egui::CursorIcon::PointingHand)
}

impl PageView for OverviewView {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageContext<'_>) {
        if let Some(target) = self.contents_ui(ui, cx.doc) {
            cx.navigate(target);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::analyze;
    use crate::app::generate::{GenerateSpec, generate};

    fn small_plan_analysis() -> Analysis {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/ui/small.json");
        let doc = Document::open(std::path::Path::new(path)).expect("small plan opens");
        analyze(doc.plan()).expect("small plan is valid")
    }

    /// tests/data/ui/small.json: ASSY has 2 × 40 h × 0.5 = 40 h per week and loads of 50 h
    /// and 75 h, so total utilisation 125 / 80 = 156.25 % (bar full: min(1.5625, 1.5) / 1.5
    /// = 1) and peak 75 / 40 = 187.5 %; WELD has 40 h and loads 20 h and 30 h: total
    /// 50 / 80 = 62.5 % (bar 0.625 / 1.5), peak 30 / 40 = 75 %.
    #[test]
    fn utilisation_bars_put_the_busiest_resource_first_and_mark_overloads() {
        let list = utilization_bars(&small_plan_analysis());
        assert_eq!(list.more, 0);
        let labels: Vec<&str> = list.bars.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(labels, ["ASSY", "WELD"]);
        assert!((list.bars[0].share - 1.0).abs() < 1e-12);
        assert!((list.bars[1].share - 0.625 / 1.5).abs() < 1e-12);
        assert_eq!(list.bars[0].color, style::ERROR);
        assert_eq!(list.bars[1].color, BAR_COLOR);
        assert_eq!(list.bars[1].text, "62.5 %  peak 75.0 %");
    }

    /// BIKE sells at 300 and costs 37 (module comment of tests/ui_app.rs): margin 263, share
    /// of the widest price 263 / 300, margin 87.67 %.
    #[test]
    fn margin_bars_show_margin_against_price() {
        let list = margin_bars(&small_plan_analysis(), "EUR");
        assert_eq!(list.more, 0);
        assert_eq!(list.bars.len(), 1);
        assert_eq!(list.bars[0].label, "BIKE");
        assert!((list.bars[0].share - 263.0 / 300.0).abs() < 1e-12);
        assert_eq!(list.bars[0].color, style::GOOD);
        assert_eq!(list.bars[0].text, "€263.00 of €300.00  (87.7 %)");
    }

    /// With 12 resources only the 10 busiest are drawn, highest first, and 12 − 10 = 2 are
    /// counted as "more".
    #[test]
    fn only_the_ten_busiest_resources_are_drawn() {
        let plan = generate(GenerateSpec {
            items: 120,
            resources: 12,
            periods: 4,
            seed: 7,
        });
        let analysis = analyze(&plan).expect("generated plans are valid");
        let list = utilization_bars(&analysis);
        assert_eq!(list.bars.len(), TOP_BARS);
        assert_eq!(list.more, 2);
        let shares: Vec<f64> = list.bars.iter().map(|b| b.share).collect();
        assert!(shares.windows(2).all(|w| w[0] >= w[1]), "{shares:?}");
        let busiest = (analysis.capacity.resources.iter())
            .max_by(|a, b| {
                let rank = |r: &ResourceLoad| format::utilization_rank(r.total_utilization);
                rank(a).total_cmp(&rank(b))
            })
            .map(|r| r.code.clone());
        assert_eq!(Some(list.bars[0].label.clone()), busiest);
    }
}
