//! The restore prompt shown when a plan opens with autosaved changes newer than the file, and
//! the window that shows the result of File ▸ Check plan.

use std::time::{SystemTime, UNIX_EPOCH};

use eframe::egui;

use crate::app::lock::utc_minutes;

/// What the user answered to the restore prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecoveryAnswer {
    /// Load the recovered plan as the current, unsaved document.
    Restore,
    /// Throw the recovered changes away and keep the plan as saved.
    Discard,
}

/// "Unsaved changes from 2026-11-25 13:50 UTC were recovered": the prompt's message.
pub fn recovery_message(saved_at: SystemTime) -> String {
    let seconds = saved_at
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    format!(
        "Unsaved changes from {} were recovered",
        utc_minutes(seconds)
    )
}

/// Draws the modal restore prompt; returns the answer once a button is clicked.
pub fn recovery_prompt_ui(ctx: &egui::Context, saved_at: SystemTime) -> Option<RecoveryAnswer> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("recovery-prompt")).show(ctx, |ui| {
        ui.set_width(420.0);
        ui.heading("Recovered changes");
        ui.label(recovery_message(saved_at));
        ui.label(
            egui::RichText::new(
                "Opsplan ended before they were saved. Restore them, or discard them and keep \
                 the plan as it was last saved.",
            )
            .weak(),
        );
        ui.add_space(12.0);
        ui.horizontal(|ui| {
            if ui.button("Restore").clicked() {
                answer = Some(RecoveryAnswer::Restore);
            }
            if ui.button("Discard").clicked() {
                answer = Some(RecoveryAnswer::Discard);
            }
        });
    });
    answer
}

/// The outcome of File ▸ Check plan, shown in a window until closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntegrityReport {
    /// True when SQLite found nothing wrong.
    pub ok: bool,
    /// "PATH: OK — …" or the problems found.
    pub text: String,
}

/// Draws the Check plan window; `open` turns false when the user closes it.
pub fn integrity_window(ctx: &egui::Context, report: &IntegrityReport, open: &mut bool) {
    let mut close = false;
    egui::Window::new("Check plan")
        .open(open)
        .collapsible(false)
        .resizable(false)
        .default_width(460.0)
        .show(ctx, |ui| {
            let color = if report.ok {
                egui::Color32::from_rgb(60, 150, 80)
            } else {
                super::table_editor::ERROR_COLOR
            };
            ui.label(
                egui::RichText::new(if report.ok { "OK" } else { "Problems found" })
                    .color(color)
                    .strong(),
            );
            ui.label(&report.text);
            if ui.button("Close").clicked() {
                close = true;
            }
        });
    if close {
        *open = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_message_gives_the_snapshot_time_in_utc() {
        // 1735689540 s = 2024-12-31 23:59 UTC (2025-01-01 00:00 is 1735689600).
        let saved_at = UNIX_EPOCH + Duration::from_secs(1_735_689_540);
        assert_eq!(
            recovery_message(saved_at),
            "Unsaved changes from 2024-12-31 23:59 UTC were recovered"
        );
    }
}
