//! The shared look of the app in one place: the colours with a meaning (error, good news, the
//! series blue and the other chart series), spacing, and the accessible-label helper. Where
//! egui's [`egui::Visuals`] has a colour for a meaning (error and warning text), it is used so a
//! theme change follows.

use eframe::egui::{self, Color32};

/// Red of errors, overloads, losses and control limits (also used in charts, which have no
/// visuals-based colour).
pub const ERROR: Color32 = Color32::from_rgb(220, 50, 47);

/// Green of good news: profit, a valid plan, a capable process, a centre line.
pub const GOOD: Color32 = Color32::from_rgb(46, 140, 80);

/// The blue of a chart's main series and of bars (load, revenue, Δ, service level).
pub const SERIES_BLUE: Color32 = Color32::from_rgb(90, 140, 210);

/// The darker blue of a control chart's plotted points, which must stand out on zone fills.
pub const POINT_BLUE: Color32 = Color32::from_rgb(60, 110, 190);

/// Orange of a second series (conversion cost, waiting time, costs on the break-even chart).
pub const SERIES_ORANGE: Color32 = Color32::from_rgb(240, 170, 70);

/// Green of a third series (material cost, required servers).
pub const SERIES_GREEN: Color32 = Color32::from_rgb(120, 190, 140);

/// Purple of a fourth series (fixed cost).
pub const SERIES_PURPLE: Color32 = Color32::from_rgb(170, 130, 200);

/// Amber of specification limits on a histogram.
pub const SPEC_AMBER: Color32 = Color32::from_rgb(200, 130, 40);

/// Background of the read-only banner, with [`BANNER_TEXT`] on it.
pub const BANNER_FILL: Color32 = Color32::from_rgb(255, 236, 179);

/// Text on [`BANNER_FILL`].
pub const BANNER_TEXT: Color32 = Color32::BLACK;

/// Inner margin of notices and banners, in points.
pub const NOTICE_MARGIN: f32 = 6.0;

/// Corner radius of notices, banners and cards, in points.
pub const CORNER_RADIUS: f32 = 4.0;

/// Width of the navigation list, in points.
pub const NAVIGATION_WIDTH: f32 = 190.0;

/// Height of one navigation button, in points.
pub const NAVIGATION_ROW_HEIGHT: f32 = 26.0;

/// Space below a page heading, in points.
pub const HEADING_GAP: f32 = 6.0;

/// The error text colour of the current visuals (red on light and dark themes).
pub fn error_color(visuals: &egui::Visuals) -> Color32 {
    visuals.error_fg_color
}

/// The colour of good news; egui's visuals have none, so [`GOOD`].
pub fn good_color(_visuals: &egui::Visuals) -> Color32 {
    GOOD
}

/// Gives `response`'s widget the name a screen reader (and a kittest query) finds it by, when
/// what it shows is not that name (a combo box showing its value, a painted marker, a figure).
pub fn accessible_label(ui: &egui::Ui, response: &egui::Response, label: impl Into<String>) {
    let label = label.into();
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_label(label));
}
