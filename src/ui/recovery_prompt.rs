//! The restore prompt shown when a plan opens with autosaved changes newer than the file, and
//! the window that shows the result of File ▸ Check plan.

use super::style;
use std::time::{SystemTime, UNIX_EPOCH};

use eframe::egui;

use crate::app::lock::utc_minutes;
use crate::app::recovery::FoundRecovery;

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

/// Where a recovered plan belongs, as the prompt says it: its file name, or "never saved".
pub fn recovery_origin(found: &FoundRecovery) -> String {
    match &found.plan_file {
        Some(path) => path.file_name().map_or_else(
            || path.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        ),
        None => "never saved".to_string(),
    }
}

/// Draws the modal restore prompt listing every recovered plan, newest first, each with its
/// name, time and Restore / Discard; returns the index and answer once a button is clicked.
pub fn recovery_prompt_ui(
    ctx: &egui::Context,
    offers: &[FoundRecovery],
) -> Option<(usize, RecoveryAnswer)> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("recovery-prompt")).show(ctx, |ui| {
        ui.set_width(520.0);
        ui.heading("Recovered changes");
        ui.label(
            egui::RichText::new(
                "Opsplan ended before these changes were saved. Restore one (the others stay for \
                 the next start), or discard them.",
            )
            .weak(),
        );
        ui.add_space(8.0);
        for (index, found) in offers.iter().enumerate() {
            ui.separator();
            ui.label(egui::RichText::new(format!("“{}”", found.plan_name)).strong());
            ui.label(format!(
                "{} ({})",
                recovery_message(found.recovery.saved_at),
                recovery_origin(found)
            ));
            ui.horizontal(|ui| {
                for choice in [RecoveryAnswer::Restore, RecoveryAnswer::Discard] {
                    let label = match choice {
                        RecoveryAnswer::Restore => "Restore",
                        RecoveryAnswer::Discard => "Discard",
                    };
                    if ui.button(label).clicked() {
                        answer = Some((index, choice));
                    }
                }
            });
        }
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
            let color = if report.ok { style::GOOD } else { style::ERROR };
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
