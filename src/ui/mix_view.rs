//! "What to make" page: the margin-maximising product mix of the current plan (DESIGN.md §2
//! product-mix LP) with the planned demand beside the optimal quantity, the total contribution,
//! and which resources limit it with what one more hour of each is worth.

use super::page::{PageContext, PageView};
use super::style;
use crate::domain::count_of;
use std::collections::HashMap;

use eframe::egui::{self, RichText};
use egui_extras::{Column, TableBuilder};

use super::format;
use crate::analytics::mix::{MixError, MixResult, optimize};
use crate::app::Document;
use crate::domain::Plan;

/// Plans with at most this many items are optimised as soon as the page shows them; larger
/// ones wait for the button, so a slow solve never freezes the window unasked.
const AUTOMATIC_ITEM_LIMIT: usize = 2_000;

/// The optimisation of one plan revision, as text-ready outcome.
#[derive(Debug, Clone)]
struct Solved {
    revision: u64,
    outcome: Result<MixResult, String>,
}

/// State of the page: the last optimisation, kept while the plan revision is unchanged.
#[derive(Debug, Clone, Default)]
pub struct MixView {
    solved: Option<Solved>,
}

impl MixView {
    /// Draws the page, optimising the plan when its revision changed (or on request).
    fn contents_ui(&mut self, ui: &mut egui::Ui, doc: &Document) {
        let current = self
            .solved
            .as_ref()
            .is_some_and(|s| s.revision == doc.revision());
        let automatic = doc.plan().items.len() <= AUTOMATIC_ITEM_LIMIT;
        ui.horizontal(|ui| {
            ui.label(
                "Which quantities of the priced finished goods and services earn the most \
                 contribution within the resource hours of the horizon (setups ignored).",
            );
        });
        let asked = ui
            .add_enabled(!current, egui::Button::new("Optimise the mix"))
            .clicked();
        if !current && (automatic || asked) {
            self.solved = Some(Solved {
                revision: doc.revision(),
                outcome: optimize(doc.plan()).map_err(|e| describe(&e)),
            });
        }
        ui.add_space(6.0);
        match &self.solved {
            Some(solved) if solved.revision == doc.revision() => match &solved.outcome {
                Ok(result) => result_ui(ui, doc.plan(), result),
                Err(message) => {
                    ui.colored_label(style::ERROR, message);
                }
            },
            _ => {
                ui.label(
                    RichText::new("The plan changed: press “Optimise the mix” to solve it again.")
                        .weak(),
                );
            }
        }
    }
}

/// User-facing text of an optimisation failure.
fn describe(error: &MixError) -> String {
    match error {
        MixError::Invalid(report) => format!(
            "The plan has {}; fix them before optimising the mix.",
            count_of(
                report.problems.len(),
                "validation problem",
                "validation problems"
            )
        ),
        other => format!("No optimal mix: {other}."),
    }
}

fn result_ui(ui: &mut egui::Ui, plan: &Plan, result: &MixResult) {
    let currency = plan.settings.currency.as_str();
    ui.horizontal(|ui| {
        ui.label(RichText::new("Maximum contribution").strong());
        ui.label(
            RichText::new(format::money(result.objective, currency))
                .strong()
                .size(18.0)
                .color(style::GOOD),
        );
        ui.label(RichText::new("(fixed cost not subtracted)").weak());
    });
    ui.add_space(6.0);
    ui.columns(2, |columns| {
        mix_table_ui(&mut columns[0], plan, result);
        resources_table_ui(&mut columns[1], result, currency);
    });
}

/// Item, planned demand over the horizon and optimal quantity.
fn mix_table_ui(ui: &mut egui::Ui, plan: &Plan, result: &MixResult) {
    let mut demand: HashMap<&str, f64> = HashMap::new();
    for row in &plan.demand {
        *demand.entry(row.item.as_str()).or_default() += row.qty;
    }
    ui.label(RichText::new("Mix").strong());
    TableBuilder::new(ui)
        .id_salt("mix-table")
        .striped(true)
        .cell_layout(egui::Layout::right_to_left(egui::Align::Center))
        .column(Column::initial(110.0).at_least(70.0))
        .columns(Column::initial(110.0).at_least(70.0), 2)
        .header(22.0, |mut header| {
            for heading in ["Item", "Planned demand", "Optimal qty"] {
                header.col(|ui| {
                    ui.strong(heading);
                });
            }
        })
        .body(|body| {
            body.rows(22.0, result.mix.len(), |mut row| {
                let line = &result.mix[row.index()];
                let planned = demand
                    .get(line.item.as_str())
                    .map_or("no cap".to_string(), |&q| format::quantity(q));
                row.col(|ui| {
                    ui.label(RichText::new(&line.item).strong());
                });
                row.col(|ui| {
                    ui.label(planned);
                });
                row.col(|ui| {
                    ui.label(format::quantity(round_quantity(line.qty)));
                });
            });
        });
}

/// Resources with whether they bind and their shadow price per hour.
fn resources_table_ui(ui: &mut egui::Ui, result: &MixResult, currency: &str) {
    ui.label(RichText::new("Resources").strong());
    TableBuilder::new(ui)
        .id_salt("mix-resources")
        .striped(true)
        .cell_layout(egui::Layout::right_to_left(egui::Align::Center))
        .column(Column::initial(110.0).at_least(70.0))
        .columns(Column::initial(130.0).at_least(70.0), 2)
        .header(22.0, |mut header| {
            for heading in ["Resource", "Limits the mix", "Shadow price / h"] {
                header.col(|ui| {
                    ui.strong(heading);
                });
            }
        })
        .body(|body| {
            body.rows(22.0, result.shadow_prices.len(), |mut row| {
                let price = &result.shadow_prices[row.index()];
                let binding = result.binding.contains(&price.resource);
                row.col(|ui| {
                    ui.label(RichText::new(&price.resource).strong());
                });
                row.col(|ui| {
                    if binding {
                        ui.colored_label(style::ERROR, "binding");
                    } else {
                        ui.label(RichText::new("has slack").weak());
                    }
                });
                row.col(|ui| {
                    ui.label(format::money(price.value, currency));
                });
            });
        });
}

/// Rounds solver output to 1e-6 so `99.99999997` shows as `100`.
fn round_quantity(qty: f64) -> f64 {
    (qty * 1e6).round() / 1e6
}

impl PageView for MixView {
    fn ui(&mut self, ui: &mut egui::Ui, cx: &mut PageContext<'_>) {
        self.contents_ui(ui, cx.doc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solver_noise_is_rounded_away_but_real_fractions_stay() {
        assert_eq!(round_quantity(99.999_999_97), 100.0);
        assert_eq!(round_quantity(12.5), 12.5);
    }
}
