//! Typed notices above the page: information and success messages fade after a while, errors
//! stay until dismissed; several can be shown at once, newest last.

use std::time::{Duration, SystemTime};

use eframe::egui::{self, RichText};

use super::style;
use crate::app::lock::utc_minutes;

/// How long an information or success notice stays.
const TRANSIENT_FOR: Duration = Duration::from_secs(8);

/// Most notices kept; the oldest go first.
const MAX_NOTICES: usize = 5;

/// What kind of news a notice brings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeLevel {
    /// Neutral information.
    Info,
    /// Something the user asked for was done ("Exported to …").
    Success,
    /// Something failed; stays until dismissed.
    Error,
}

/// One message with its kind and the time it was raised.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// Its kind.
    pub level: NoticeLevel,
    /// The message.
    pub text: String,
    /// When it was raised (shown beside it).
    pub at: SystemTime,
}

/// The notices shown, oldest first.
#[derive(Debug, Default)]
pub struct Notices {
    shown: Vec<Notice>,
}

impl Notices {
    /// Adds a notice raised now.
    pub fn push(&mut self, level: NoticeLevel, text: impl Into<String>) {
        self.push_at(level, text, SystemTime::now());
    }

    /// Adds a notice raised at `at` (tests pass a time).
    pub fn push_at(&mut self, level: NoticeLevel, text: impl Into<String>, at: SystemTime) {
        self.shown.push(Notice {
            level,
            text: text.into(),
            at,
        });
        if self.shown.len() > MAX_NOTICES {
            self.shown.remove(0);
        }
    }

    /// Shorthand for an error notice.
    pub fn error(&mut self, text: impl Into<String>) {
        self.push(NoticeLevel::Error, text);
    }

    /// The notices shown, oldest first.
    pub fn shown(&self) -> &[Notice] {
        &self.shown
    }

    /// The newest notice, if any.
    pub fn latest(&self) -> Option<&Notice> {
        self.shown.last()
    }

    /// Drops information and success notices older than their display time at `now`; errors
    /// stay. Returns how long until the next one expires, so the frame loop can wake for it.
    pub fn expire(&mut self, now: SystemTime) -> Option<Duration> {
        let age = |notice: &Notice| now.duration_since(notice.at).unwrap_or_default();
        self.shown
            .retain(|notice| notice.level == NoticeLevel::Error || age(notice) < TRANSIENT_FOR);
        self.shown
            .iter()
            .filter(|notice| notice.level != NoticeLevel::Error)
            .map(|notice| TRANSIENT_FOR.saturating_sub(age(notice)))
            .min()
    }

    /// Draws the notices, each with its time and a Dismiss button.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let mut dismissed = None;
        for (index, notice) in self.shown.iter().enumerate() {
            let color = match notice.level {
                NoticeLevel::Info => ui.visuals().text_color(),
                NoticeLevel::Success => style::good_color(ui.visuals()),
                NoticeLevel::Error => style::error_color(ui.visuals()),
            };
            let seconds = notice
                .at
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |since| since.as_secs());
            egui::Frame::new()
                .fill(ui.visuals().extreme_bg_color)
                .inner_margin(style::NOTICE_MARGIN)
                .corner_radius(style::CORNER_RADIUS)
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.label(RichText::new(utc_minutes(seconds)).weak().small());
                        ui.label(RichText::new(&notice.text).color(color));
                        if ui.small_button("Dismiss").clicked() {
                            dismissed = Some(index);
                        }
                    });
                });
        }
        if let Some(index) = dismissed {
            self.shown.remove(index);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_stay_while_information_expires_after_eight_seconds() {
        let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let mut notices = Notices::default();
        notices.push_at(NoticeLevel::Error, "could not save", start);
        notices.push_at(NoticeLevel::Success, "exported", start);
        notices.push_at(NoticeLevel::Info, "opened", start + Duration::from_secs(3));
        // At +5 s: "exported" has 8 - 5 = 3 s left, "opened" 8 - 2 = 6 s.
        assert_eq!(
            notices.expire(start + Duration::from_secs(5)),
            Some(Duration::from_secs(3))
        );
        assert_eq!(notices.shown().len(), 3);
        // At +9 s "exported" (9 s old) is gone, "opened" (6 s old) stays 2 s more.
        assert_eq!(
            notices.expire(start + Duration::from_secs(9)),
            Some(Duration::from_secs(2))
        );
        let texts: Vec<&str> = notices.shown().iter().map(|n| n.text.as_str()).collect();
        assert_eq!(texts, ["could not save", "opened"]);
        // An hour later only the error is left, with nothing to wake for.
        assert_eq!(notices.expire(start + Duration::from_secs(3_600)), None);
        assert_eq!(notices.shown().len(), 1);
        assert_eq!(notices.latest().map(|n| n.level), Some(NoticeLevel::Error));
    }

    #[test]
    fn only_the_five_newest_are_kept() {
        let mut notices = Notices::default();
        for n in 1..=7 {
            notices.error(format!("error {n}"));
        }
        let texts: Vec<&str> = notices.shown().iter().map(|n| n.text.as_str()).collect();
        assert_eq!(
            texts,
            ["error 3", "error 4", "error 5", "error 6", "error 7"]
        );
    }
}
