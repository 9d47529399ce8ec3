//! The chosen item's pegging: where each gross requirement comes from (its own demand, or a
//! parent's planned release in that period) and which children its releases need. Every item
//! named is a link that shows that item's record.

use eframe::egui::{self, RichText};

use super::{Selection, format};
use crate::analytics::mrp::{MrpResults, PegSource, Pegging};
use crate::domain::{Item, PlanSettings};

/// Most lines of a pegging list shown before it scrolls.
const LINES_SHOWN: f32 = 7.0;
/// Width of the period column of the requirements list, in points.
const PERIOD_WIDTH: f32 = 80.0;
/// Width of the quantity column of the requirements list, in points.
const QTY_WIDTH: f32 = 80.0;

/// The pegging in two columns: the requirements with their sources, and the children.
pub(super) fn pegging_ui(
    ui: &mut egui::Ui,
    pegging: &Pegging,
    material: &MrpResults,
    item: Option<&Item>,
    settings: &PlanSettings,
    selection: &mut Option<Selection>,
) {
    let code_of = |index: usize| material.plan.code(index).unwrap_or("?");
    ui.columns(2, |columns| {
        let [left, right] = columns else {
            return;
        };
        left.label(RichText::new("Where the gross requirements come from").strong());
        left.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Parents:").weak());
            if pegging.parents.is_empty() {
                ui.label(RichText::new("none (only its own demand)").weak());
            }
            for link in &pegging.parents {
                let code = code_of(link.item);
                let response = ui
                    .link(code)
                    .on_hover_text(format!("{} per unit of {code}", format::quantity(link.qty)));
                if response.clicked() {
                    *selection = Some(Selection::Item(code.to_string()));
                }
            }
        });
        requirements_ui(left, pegging, settings, &code_of, selection);
        right.label(RichText::new("What its planned releases need").strong());
        children_ui(right, pegging, item, &code_of, selection);
    });
}

/// The parts of the gross requirements, one line each: period, quantity and source.
fn requirements_ui<'m>(
    ui: &mut egui::Ui,
    pegging: &Pegging,
    settings: &PlanSettings,
    code_of: &dyn Fn(usize) -> &'m str,
    selection: &mut Option<Selection>,
) {
    if pegging.requirements.is_empty() {
        ui.label(RichText::new("No gross requirements over the horizon.").weak());
        return;
    }
    let row_height = ui.text_style_height(&egui::TextStyle::Body);
    ui.horizontal(|ui| {
        fixed(ui, PERIOD_WIDTH, row_height, RichText::new("Period").weak());
        fixed(ui, QTY_WIDTH, row_height, RichText::new("Qty").weak());
        ui.label(RichText::new("From").weak());
    });
    let spacing = ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical()
        .id_salt("materials-pegging")
        .max_height(LINES_SHOWN * (row_height + spacing))
        .auto_shrink([false, true])
        .show_rows(ui, row_height, pegging.requirements.len(), |ui, rows| {
            for part in pegging.requirements.get(rows).unwrap_or(&[]) {
                ui.horizontal(|ui| {
                    let period = format::period_label(settings, part.period);
                    fixed(ui, PERIOD_WIDTH, row_height, RichText::new(period));
                    let qty = RichText::new(format::quantity(part.qty));
                    fixed(ui, QTY_WIDTH, row_height, qty);
                    match part.source {
                        PegSource::Demand => {
                            ui.label("demand");
                        }
                        PegSource::Parent {
                            item,
                            release,
                            per_release,
                        } => {
                            let code = code_of(item);
                            if ui.link(code).clicked() {
                                *selection = Some(Selection::Item(code.to_string()));
                            }
                            ui.label(
                                RichText::new(format!(
                                    "releases {} × {}",
                                    format::quantity(release),
                                    format::number(per_release, 3)
                                ))
                                .weak(),
                            );
                        }
                    }
                });
            }
        });
}

/// The BOM children, each a link, with the quantity per unit started and per unit released.
fn children_ui<'m>(
    ui: &mut egui::Ui,
    pegging: &Pegging,
    item: Option<&Item>,
    code_of: &dyn Fn(usize) -> &'m str,
    selection: &mut Option<Selection>,
) {
    if pegging.children.is_empty() {
        let bought = item.is_some_and(|i| i.kind == crate::domain::ItemKind::Material);
        let text = if bought {
            "No children: a bought item."
        } else {
            "No children."
        };
        ui.label(RichText::new(text).weak());
        return;
    }
    let row_height = ui.text_style_height(&egui::TextStyle::Body);
    let spacing = ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical()
        .id_salt("materials-children")
        .max_height((LINES_SHOWN + 1.0) * (row_height + spacing))
        .auto_shrink([false, true])
        .show_rows(ui, row_height, pegging.children.len(), |ui, rows| {
            for link in pegging.children.get(rows).unwrap_or(&[]) {
                ui.horizontal(|ui| {
                    let code = code_of(link.item);
                    if ui.link(code).clicked() {
                        *selection = Some(Selection::Item(code.to_string()));
                    }
                    let mut text = format!("{} per unit started", format::quantity(link.qty));
                    if (link.per_release - link.qty).abs() > 1e-9 * link.qty.abs().max(1.0) {
                        text.push_str(&format!(
                            ", {} per unit released",
                            format::number(link.per_release, 3)
                        ));
                    }
                    ui.label(RichText::new(text).weak());
                });
            }
        });
}

/// A label in a box `width` points wide.
fn fixed(ui: &mut egui::Ui, width: f32, height: f32, text: RichText) {
    ui.allocate_ui_with_layout(
        egui::vec2(width, height),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_width(width);
            ui.label(text);
        },
    );
}
