//! The list of validation problems, each a link to the row (or settings) it is about.

use crate::domain::count_of;
use eframe::egui::{self, RichText};

use super::{Navigate, style};
use crate::app::{Document, TableKind};
use crate::domain::Problem;

/// Where a problem can be fixed: its table row, the settings, or the table's page.
pub fn target_of(problem: &Problem) -> Option<Navigate> {
    if problem.table == "plan" {
        return Some(Navigate::Settings);
    }
    let table = TableKind::ALL
        .into_iter()
        .find(|t| t.name() == problem.table)?;
    Some(match problem.row {
        Some(row) if row >= 1 => Navigate::Row(table, row - 1),
        _ => Navigate::Table(table),
    })
}

/// What a page that needs a valid plan shows instead: how many problems there are and a button
/// to list them (the navigation it returns when clicked). `needs` names who needs the plan
/// ("dashboards need", "the OEE page needs").
pub fn invalid_plan_ui(ui: &mut egui::Ui, problems: usize, needs: &str) -> Option<Navigate> {
    ui.colored_label(
        style::error_color(ui.visuals()),
        format!(
            "The plan has {}; {needs} a valid plan.",
            count_of(problems, "validation problem", "validation problems")
        ),
    );
    ui.button("Show the problems")
        .clicked()
        .then_some(Navigate::Problems)
}

/// Draws the problems window; returns where the user asked to jump.
pub fn problems_window(ctx: &egui::Context, doc: &Document, open: &mut bool) -> Option<Navigate> {
    let mut target = None;
    egui::Window::new("Validation problems")
        .open(open)
        .default_width(520.0)
        .default_height(320.0)
        .show(ctx, |ui| {
            let problems = doc.problems();
            if problems.is_empty() {
                ui.label("The plan is valid: every dashboard is up to date.");
                return;
            }
            ui.label(
                RichText::new("Click a problem to go to its row. Dashboards need a valid plan.")
                    .weak(),
            );
            egui::ScrollArea::vertical().show(ui, |ui| {
                for problem in problems {
                    let link = ui.link(problem.to_string());
                    if link.clicked() {
                        target = target_of(problem);
                    }
                }
            });
        });
    target
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(table: &'static str, row: Option<usize>) -> Problem {
        Problem {
            table,
            row,
            key: None,
            field: "qty",
            message: "must be > 0".into(),
        }
    }

    #[test]
    fn problems_link_to_their_row_or_page() {
        assert_eq!(
            target_of(&problem("bom", Some(3))),
            Some(Navigate::Row(TableKind::Bom, 2))
        );
        assert_eq!(
            target_of(&problem("items", None)),
            Some(Navigate::Table(TableKind::Items))
        );
        assert_eq!(target_of(&problem("plan", None)), Some(Navigate::Settings));
        assert_eq!(target_of(&problem("scenarios", Some(1))), None);
    }
}
