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

/// Name of the fallback font in egui's font definitions.
const FALLBACK_FONT: &str = "DejaVuSans";

/// Name of the font family whose first font is DejaVu Sans (see [`with_marks`]).
const MARKS_FAMILY: &str = "with-marks";

/// Adds DejaVu Sans (the PDF report's font) to egui's fonts: behind egui's own fonts in both
/// families, so characters they lack (▸, ●, superscripts) still show, and first in the family
/// [`with_marks`] draws letters with combining marks in. Takes effect from the next frame.
pub fn install_fallback_font(ctx: &egui::Context) {
    let data = egui::FontData::from_static(crate::app::desktop::fallback_font());
    let family = |family, priority| egui::InsertFontFamily { family, priority };
    let families = vec![
        family(egui::FontFamily::Proportional, egui::FontPriority::Lowest),
        family(egui::FontFamily::Monospace, egui::FontPriority::Lowest),
        family(
            egui::FontFamily::Name(MARKS_FAMILY.into()),
            egui::FontPriority::Highest,
        ),
    ];
    ctx.add_font(egui::FontInsert::new(FALLBACK_FONT, data, families));
}

/// True for the combining marks quality names use (the macron of X̄, p̄, R̄).
fn is_combining_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// `text` in the font of `text_style`, except that each letter carrying combining marks (the
/// X̄ of a chart name) is drawn with them in DejaVu Sans. egui picks a letter's font by the
/// letter alone and drops a mark that font does not have, and its Ubuntu font has no U+0304,
/// so "X̄" would show as "X". The colour is left to the widget.
pub fn with_marks(ui: &egui::Ui, text: &str, text_style: egui::TextStyle) -> egui::text::LayoutJob {
    let size = text_style.resolve(ui.style()).size;
    let marks_font = egui::FontId::new(size, egui::FontFamily::Name(MARKS_FAMILY.into()));
    let mut job = egui::text::LayoutJob::default();
    let mut append = |part: &str, marked: bool| {
        if part.is_empty() {
            return;
        }
        let mut rich = egui::RichText::new(part);
        if marked {
            rich = rich.font(marks_font.clone());
        }
        let fallback = egui::FontSelection::Style(text_style.clone());
        rich.append_to(&mut job, ui.style(), fallback, egui::Align::Center);
    };
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let (mut plain_from, mut i) = (0, 0);
    while let Some(&(start, _)) = chars.get(i) {
        let mut end = i + 1;
        while chars.get(end).is_some_and(|&(_, c)| is_combining_mark(c)) {
            end += 1;
        }
        if end > i + 1 {
            let stop = chars.get(end).map_or(text.len(), |&(byte, _)| byte);
            append(&text[plain_from..start], false);
            append(&text[start..stop], true);
            plain_from = stop;
        }
        i = end;
    }
    append(&text[plain_from..], false);
    job
}

/// Gives `response`'s widget the name a screen reader (and a kittest query) finds it by, when
/// what it shows is not that name (a combo box showing its value, a painted marker, a figure).
pub fn accessible_label(ui: &egui::Ui, response: &egui::Response, label: impl Into<String>) {
    let label = label.into();
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_label(label));
}
