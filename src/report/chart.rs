//! Chart data and its layout into simple vector shapes (rectangles, lines, text) in a box with
//! the origin at the top left. The same shapes become inline SVG in HTML ([`super::svg`]) and
//! vector drawing in PDF, so both formats show identical charts.

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color(pub u8, pub u8, pub u8);

/// Series colours, in order.
pub const PALETTE: [Color; 4] = [
    Color(52, 101, 164),
    Color(230, 145, 56),
    Color(106, 168, 79),
    Color(142, 124, 195),
];
/// Axis and label text.
pub const INK: Color = Color(40, 40, 40);
/// Grid lines.
pub const GRID: Color = Color(220, 220, 220);
/// Limits and out-of-control points.
pub const ALARM: Color = Color(204, 0, 0);
/// Centre lines.
pub const CENTER: Color = Color(56, 118, 29);

/// Horizontal alignment of a text shape at its x coordinate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// x is the left edge.
    Start,
    /// x is the centre.
    Middle,
    /// x is the right edge.
    End,
}

/// A drawing primitive in a y-down coordinate system.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A filled rectangle.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Color,
    },
    /// A stroked open line through the points.
    Polyline {
        points: Vec<(f32, f32)>,
        color: Color,
        width: f32,
        dashed: bool,
    },
    /// A filled circle (data point marker).
    Circle {
        cx: f32,
        cy: f32,
        r: f32,
        fill: Color,
    },
    /// One line of text; `y` is the baseline.
    Text {
        x: f32,
        y: f32,
        text: String,
        size: f32,
        anchor: Anchor,
        color: Color,
        bold: bool,
    },
}

/// One named series of values, one per category.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend name.
    pub name: String,
    /// Values in category order.
    pub values: Vec<f64>,
}

/// Stacked columns: one column per category, one segment per series.
#[derive(Debug, Clone, PartialEq)]
pub struct StackedBars {
    /// Chart title.
    pub title: String,
    /// Category labels (x axis).
    pub categories: Vec<String>,
    /// Series stacked bottom-up in order.
    pub series: Vec<Series>,
}

/// Load bars against the available-hours step line of one resource.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadCapacity {
    /// Chart title.
    pub title: String,
    /// Label of each period shown (`2026-W14`, or `P3` without a start date).
    pub periods: Vec<String>,
    /// Load hours per period.
    pub load: Vec<f64>,
    /// Available hours per period.
    pub available: Vec<f64>,
}

/// A control chart: points, centre line and (possibly per-point) limits.
#[derive(Debug, Clone, PartialEq)]
pub struct ControlSeries {
    /// Chart title.
    pub title: String,
    /// Subgroup or lot labels.
    pub labels: Vec<String>,
    /// Plotted statistic per point.
    pub values: Vec<f64>,
    /// Centre line.
    pub center: f64,
    /// Upper limit per point.
    pub ucl: Vec<f64>,
    /// Lower limit per point.
    pub lcl: Vec<f64>,
    /// Points that signal (beyond limits or a run rule), drawn in red.
    pub flagged: Vec<bool>,
}

/// Pareto chart: bars by count with the cumulative percentage line.
#[derive(Debug, Clone, PartialEq)]
pub struct Pareto {
    /// Chart title.
    pub title: String,
    /// Defect types, largest first.
    pub categories: Vec<String>,
    /// Count per type.
    pub counts: Vec<f64>,
    /// Cumulative percentage 0–100 per type.
    pub cum_pct: Vec<f64>,
}

/// Bars side by side in each category, one per series, against an optional reference line
/// (OEE factors per resource against the world-class 85 %).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupedBars {
    /// Chart title.
    pub title: String,
    /// Category labels (x axis).
    pub categories: Vec<String>,
    /// Series drawn left to right in each category; a non-finite value draws no bar.
    pub series: Vec<Series>,
    /// A horizontal dashed line at a value, with its legend name.
    pub reference: Option<(String, f64)>,
}

/// One line of a [`Lines`] chart: a value per category, None where the line has a gap.
#[derive(Debug, Clone, PartialEq)]
pub struct LineSeries {
    /// Legend name.
    pub name: String,
    /// Values in category order.
    pub values: Vec<Option<f64>>,
    /// Line colour.
    pub color: Color,
    /// Dashed (a band's edges) or solid.
    pub dashed: bool,
}

/// Lines over shared categories: a forecast chart (history, fitted, forecast and its band).
#[derive(Debug, Clone, PartialEq)]
pub struct Lines {
    /// Chart title.
    pub title: String,
    /// Category labels (x axis), e.g. period labels.
    pub categories: Vec<String>,
    /// Lines drawn in order.
    pub series: Vec<LineSeries>,
}

/// A chart of the report.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    /// Unit cost split by component.
    StackedBars(StackedBars),
    /// Load vs capacity.
    LoadCapacity(LoadCapacity),
    /// X̄/R/S/I/MR, p or c chart.
    Control(ControlSeries),
    /// Defect or downtime Pareto.
    Pareto(Pareto),
    /// Side-by-side bars with a reference line.
    GroupedBars(GroupedBars),
    /// Lines over periods (forecast).
    Lines(Lines),
}

impl Chart {
    /// The chart's title (SVG accessible name, PDF heading).
    pub fn title(&self) -> &str {
        match self {
            Chart::StackedBars(c) => &c.title,
            Chart::LoadCapacity(c) => &c.title,
            Chart::Control(c) => &c.title,
            Chart::Pareto(c) => &c.title,
            Chart::GroupedBars(c) => &c.title,
            Chart::Lines(c) => &c.title,
        }
    }
}

/// Default chart size in layout units (CSS px in HTML, points scaled to fit in PDF).
pub const WIDTH: f32 = 720.0;
/// Default chart height.
pub const HEIGHT: f32 = 260.0;

/// Lays the chart out into shapes filling a `width` × `height` box.
pub fn layout(chart: &Chart, width: f32, height: f32) -> Vec<Shape> {
    let mut shapes = vec![text(8.0, 15.0, chart.title(), 12.0, Anchor::Start, true)];
    match chart {
        Chart::StackedBars(c) => stacked_bars(c, width, height, &mut shapes),
        Chart::LoadCapacity(c) => load_capacity(c, width, height, &mut shapes),
        Chart::Control(c) => control(c, width, height, &mut shapes),
        Chart::Pareto(c) => pareto(c, width, height, &mut shapes),
        Chart::GroupedBars(c) => grouped_bars(c, width, height, &mut shapes),
        Chart::Lines(c) => lines(c, width, height, &mut shapes),
    }
    shapes
}

/// The plotting rectangle and the value-to-pixel mapping of the y axis.
#[derive(Debug, Clone, Copy)]
struct Plot {
    left: f32,
    top: f32,
    width: f32,
    height: f32,
    y_min: f64,
    y_max: f64,
}

impl Plot {
    fn new(width: f32, height: f32, right_margin: f32, y_min: f64, y_max: f64) -> Plot {
        let (y_min, y_max) = if y_max > y_min {
            (y_min, y_max)
        } else {
            (y_min - 1.0, y_min + 1.0)
        };
        Plot {
            left: 60.0,
            top: 30.0,
            width: (width - 60.0 - right_margin).max(10.0),
            height: (height - 30.0 - 48.0).max(10.0),
            y_min,
            y_max,
        }
    }

    fn y(&self, value: f64) -> f32 {
        let share = (value - self.y_min) / (self.y_max - self.y_min);
        self.top + self.height * (1.0 - share as f32)
    }

    fn bottom(&self) -> f32 {
        self.top + self.height
    }

    fn band(&self, count: usize) -> f32 {
        self.width / count.max(1) as f32
    }

    fn band_center(&self, index: usize, count: usize) -> f32 {
        self.left + self.band(count) * (index as f32 + 0.5)
    }
}

fn text(x: f32, y: f32, content: &str, size: f32, anchor: Anchor, bold: bool) -> Shape {
    Shape::Text {
        x,
        y,
        text: content.to_string(),
        size,
        anchor,
        color: INK,
        bold,
    }
}

fn line(points: Vec<(f32, f32)>, color: Color, width: f32, dashed: bool) -> Shape {
    Shape::Polyline {
        points,
        color,
        width,
        dashed,
    }
}

/// Round tick values covering `min..max`, about `count` of them (1-2-5 steps).
pub fn nice_ticks(min: f64, max: f64, count: usize) -> Vec<f64> {
    if !(min.is_finite() && max.is_finite()) || max <= min {
        return vec![min];
    }
    let raw_step = (max - min) / count.max(1) as f64;
    let magnitude = 10f64.powf(raw_step.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw_step)
        .unwrap_or(10.0 * magnitude);
    let first = (min / step).ceil() as i64;
    let last = (max / step + 1e-9).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

/// A short axis label for a tick of a scale with steps of `step`: `1.2k`, `250`, `28.56`.
pub fn tick_label(value: f64, step: f64) -> String {
    let magnitude = value.abs().max(step.abs());
    if magnitude >= 1e6 && step >= 1e5 {
        format!("{}M", trim(value / 1e6, 1))
    } else if magnitude >= 1e4 && step >= 1e3 {
        format!("{}k", trim(value / 1e3, 1))
    } else {
        // Enough decimals to tell ticks apart: step 0.02 needs 2, step 2.5 needs 1.
        let decimals = (-step.abs().log10().floor()).max(0.0) as usize + 1;
        trim(value, decimals.min(8))
    }
}

fn trim(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if text == "-0" { "0".to_string() } else { text }
}

/// Grid lines with labels on the left, the x axis line, and category labels that fit.
fn axes(plot: &Plot, labels: &[String], shapes: &mut Vec<Shape>) {
    let ticks = nice_ticks(plot.y_min, plot.y_max, 5);
    let step = match ticks.as_slice() {
        [first, second, ..] => second - first,
        _ => 1.0,
    };
    for tick in ticks {
        let y = plot.y(tick);
        shapes.push(line(
            vec![(plot.left, y), (plot.left + plot.width, y)],
            GRID,
            0.6,
            false,
        ));
        shapes.push(text(
            plot.left - 5.0,
            y + 3.5,
            &tick_label(tick, step),
            9.0,
            Anchor::End,
            false,
        ));
    }
    shapes.push(line(
        vec![
            (plot.left, plot.bottom()),
            (plot.left + plot.width, plot.bottom()),
        ],
        INK,
        0.8,
        false,
    ));
    category_labels(plot, labels, shapes);
}

/// Labels under the bands, thinned out so they never overlap and cut to fit.
fn category_labels(plot: &Plot, labels: &[String], shapes: &mut Vec<Shape>) {
    let count = labels.len();
    if count == 0 {
        return;
    }
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(1);
    let char_width = 9.0 * 0.58;
    let wanted = (longest.min(14) as f32 + 1.0) * char_width;
    let every = (wanted / plot.band(count)).ceil().max(1.0) as usize;
    let fit_chars = ((plot.band(count) * every as f32) / char_width).floor() as usize;
    for (i, label) in labels.iter().enumerate().step_by(every) {
        shapes.push(text(
            plot.band_center(i, count),
            plot.bottom() + 12.0,
            &super::escape::truncate(label, fit_chars.max(2)),
            9.0,
            Anchor::Middle,
            false,
        ));
    }
}

/// Coloured squares with names in one row under the axis labels.
fn legend(entries: &[(&str, Color)], plot: &Plot, shapes: &mut Vec<Shape>) {
    let mut x = plot.left;
    let y = plot.bottom() + 32.0;
    for (name, color) in entries {
        shapes.push(Shape::Rect {
            x,
            y: y - 8.0,
            w: 9.0,
            h: 9.0,
            fill: *color,
        });
        shapes.push(text(x + 13.0, y, name, 9.0, Anchor::Start, false));
        x += 13.0 + name.chars().count() as f32 * 5.5 + 18.0;
    }
}

fn finite_max(values: impl Iterator<Item = f64>) -> f64 {
    values.filter(|v| v.is_finite()).fold(0.0, f64::max)
}

fn stacked_bars(chart: &StackedBars, width: f32, height: f32, shapes: &mut Vec<Shape>) {
    let count = chart.categories.len();
    let stack_total = |i: usize| -> f64 {
        chart
            .series
            .iter()
            .filter_map(|s| s.values.get(i))
            .filter(|v| v.is_finite() && **v > 0.0)
            .sum()
    };
    let top = finite_max((0..count).map(stack_total)) * 1.08;
    let plot = Plot::new(width, height, 16.0, 0.0, top);
    axes(&plot, &chart.categories, shapes);
    let bar_width = plot.band(count) * 0.7;
    for i in 0..count {
        let x = plot.band_center(i, count) - bar_width / 2.0;
        let mut base = 0.0;
        for (s, series) in chart.series.iter().enumerate() {
            let value = series.values.get(i).copied().unwrap_or(0.0);
            if !(value.is_finite() && value > 0.0) {
                continue;
            }
            let (y_top, y_base) = (plot.y(base + value), plot.y(base));
            shapes.push(Shape::Rect {
                x,
                y: y_top,
                w: bar_width,
                h: y_base - y_top,
                fill: PALETTE[s % PALETTE.len()],
            });
            base += value;
        }
    }
    let entries: Vec<(&str, Color)> = chart
        .series
        .iter()
        .enumerate()
        .map(|(s, series)| (series.name.as_str(), PALETTE[s % PALETTE.len()]))
        .collect();
    legend(&entries, &plot, shapes);
}

fn grouped_bars(chart: &GroupedBars, width: f32, height: f32, shapes: &mut Vec<Shape>) {
    let count = chart.categories.len();
    let values = chart.series.iter().flat_map(|s| s.values.iter().copied());
    let reference = chart.reference.as_ref().map(|(_, value)| *value);
    let top = finite_max(values.chain(reference)) * 1.1;
    let plot = Plot::new(width, height, 16.0, 0.0, top);
    axes(&plot, &chart.categories, shapes);
    let bars = chart.series.len().max(1);
    let bar_width = plot.band(count) * 0.8 / bars as f32;
    for i in 0..count {
        let left = plot.band_center(i, count) - plot.band(count) * 0.4;
        for (s, series) in chart.series.iter().enumerate() {
            let value = series.values.get(i).copied().unwrap_or(f64::NAN);
            if !(value.is_finite() && value > 0.0) {
                continue;
            }
            let y = plot.y(value);
            shapes.push(Shape::Rect {
                x: left + bar_width * s as f32,
                y,
                w: bar_width,
                h: plot.bottom() - y,
                fill: PALETTE[s % PALETTE.len()],
            });
        }
    }
    let mut entries: Vec<(&str, Color)> = chart
        .series
        .iter()
        .enumerate()
        .map(|(s, series)| (series.name.as_str(), PALETTE[s % PALETTE.len()]))
        .collect();
    if let Some((name, value)) = &chart.reference
        && value.is_finite()
    {
        let y = plot.y(*value);
        shapes.push(line(
            vec![(plot.left, y), (plot.left + plot.width, y)],
            ALARM,
            1.2,
            true,
        ));
        entries.push((name.as_str(), ALARM));
    }
    legend(&entries, &plot, shapes);
}

fn load_capacity(chart: &LoadCapacity, width: f32, height: f32, shapes: &mut Vec<Shape>) {
    let count = chart.periods.len();
    let top = finite_max(chart.load.iter().chain(&chart.available).copied()) * 1.1;
    let plot = Plot::new(width, height, 16.0, 0.0, top);
    axes(&plot, &chart.periods, shapes);
    let band = plot.band(count);
    for (i, load) in chart.load.iter().enumerate() {
        let available = chart.available.get(i).copied().unwrap_or(0.0);
        if !(load.is_finite() && *load > 0.0) {
            continue;
        }
        let y = plot.y(*load);
        shapes.push(Shape::Rect {
            x: plot.band_center(i, count) - band * 0.35,
            y,
            w: band * 0.7,
            h: plot.bottom() - y,
            fill: if *load > available { ALARM } else { PALETTE[0] },
        });
    }
    let mut step = Vec::with_capacity(count * 2);
    for (i, available) in chart.available.iter().enumerate() {
        let y = plot.y(*available);
        let x = plot.left + band * i as f32;
        step.push((x, y));
        step.push((x + band, y));
    }
    shapes.push(line(step, INK, 1.6, false));
    legend(
        &[
            ("Load", PALETTE[0]),
            ("Load above capacity", ALARM),
            ("Available hours", INK),
        ],
        &plot,
        shapes,
    );
}

fn control(chart: &ControlSeries, width: f32, height: f32, shapes: &mut Vec<Shape>) {
    let count = chart.values.len();
    let all = chart
        .values
        .iter()
        .chain(&chart.ucl)
        .chain(&chart.lcl)
        .chain(std::iter::once(&chart.center))
        .copied()
        .filter(|v| v.is_finite());
    let (low, high) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let (low, high) = if low.is_finite() {
        (low, high)
    } else {
        (0.0, 1.0)
    };
    let pad = ((high - low) * 0.08).max(1e-9);
    let plot = Plot::new(width, height, 16.0, low - pad, high + pad);
    axes(&plot, &chart.labels, shapes);
    let band = plot.band(count);
    let limit_steps = |limits: &[f64]| -> Vec<(f32, f32)> {
        let mut points = Vec::with_capacity(limits.len() * 2);
        for (i, limit) in limits.iter().enumerate().filter(|(_, v)| v.is_finite()) {
            let x = plot.left + band * i as f32;
            points.push((x, plot.y(*limit)));
            points.push((x + band, plot.y(*limit)));
        }
        points
    };
    shapes.push(line(limit_steps(&chart.ucl), ALARM, 1.0, true));
    shapes.push(line(limit_steps(&chart.lcl), ALARM, 1.0, true));
    let center_y = plot.y(chart.center);
    shapes.push(line(
        vec![(plot.left, center_y), (plot.left + plot.width, center_y)],
        CENTER,
        1.0,
        false,
    ));
    let points: Vec<(f32, f32)> = chart
        .values
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_finite())
        .map(|(i, v)| (plot.band_center(i, count), plot.y(*v)))
        .collect();
    shapes.push(line(points.clone(), PALETTE[0], 1.2, false));
    let radius = (band * 0.25).clamp(1.2, 2.8);
    for (i, (x, y)) in points.into_iter().enumerate() {
        let flagged = chart.flagged.get(i).copied().unwrap_or(false);
        shapes.push(Shape::Circle {
            cx: x,
            cy: y,
            r: if flagged { radius + 0.8 } else { radius },
            fill: if flagged { ALARM } else { PALETTE[0] },
        });
    }
    legend(
        &[
            ("Value", PALETTE[0]),
            ("Signal", ALARM),
            ("Centre", CENTER),
            ("Control limits", ALARM),
        ],
        &plot,
        shapes,
    );
}

/// Each series as a polyline through its values, broken where a value is missing.
fn lines(chart: &Lines, width: f32, height: f32, shapes: &mut Vec<Shape>) {
    let count = chart.categories.len();
    let top = finite_max(chart.series.iter().flat_map(|s| s.values.iter().flatten().copied()));
    let plot = Plot::new(width, height, 16.0, 0.0, top * 1.08);
    axes(&plot, &chart.categories, shapes);
    for series in &chart.series {
        let mut run: Vec<(f32, f32)> = Vec::new();
        for (i, value) in series.values.iter().enumerate() {
            match value.filter(|v| v.is_finite()) {
                Some(v) => run.push((plot.band_center(i, count), plot.y(v))),
                None if !run.is_empty() => {
                    let points = std::mem::take(&mut run);
                    shapes.push(line(points, series.color, 1.2, series.dashed));
                }
                None => {}
            }
        }
        if !run.is_empty() {
            shapes.push(line(run, series.color, 1.2, series.dashed));
        }
    }
    let entries: Vec<(&str, Color)> = chart
        .series
        .iter()
        .filter(|series| !series.name.is_empty())
        .map(|series| (series.name.as_str(), series.color))
        .collect();
    legend(&entries, &plot, shapes);
}

fn pareto(chart: &Pareto, width: f32, height: f32, shapes: &mut Vec<Shape>) {
    let count = chart.categories.len();
    let top = finite_max(chart.counts.iter().copied()) * 1.1;
    let plot = Plot::new(width, height, 44.0, 0.0, top);
    axes(&plot, &chart.categories, shapes);
    let band = plot.band(count);
    for (i, value) in chart.counts.iter().enumerate() {
        let y = plot.y(*value);
        shapes.push(Shape::Rect {
            x: plot.band_center(i, count) - band * 0.35,
            y,
            w: band * 0.7,
            h: plot.bottom() - y,
            fill: PALETTE[0],
        });
    }
    let right = plot.left + plot.width;
    let pct_y = |pct: f64| plot.top + plot.height * (1.0 - (pct / 100.0) as f32);
    for pct in [0.0, 20.0, 40.0, 60.0, 80.0, 100.0] {
        shapes.push(text(
            right + 5.0,
            pct_y(pct) + 3.5,
            &format!("{pct:.0} %"),
            9.0,
            Anchor::Start,
            false,
        ));
    }
    let points: Vec<(f32, f32)> = chart
        .cum_pct
        .iter()
        .enumerate()
        .map(|(i, pct)| (plot.band_center(i, count), pct_y(*pct)))
        .collect();
    shapes.push(line(points.clone(), PALETTE[1], 1.6, false));
    for (x, y) in points {
        shapes.push(Shape::Circle {
            cx: x,
            cy: y,
            r: 2.5,
            fill: PALETTE[1],
        });
    }
    legend(
        &[("Count", PALETTE[0]), ("Cumulative %", PALETTE[1])],
        &plot,
        shapes,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ticks_use_round_steps_inside_the_range() {
        // Range 0..108 in about 5 steps: raw step 21.6 → magnitude 10 → step 25.
        assert_eq!(
            nice_ticks(0.0, 108.0, 5),
            vec![0.0, 25.0, 50.0, 75.0, 100.0]
        );
        // 28.55..28.65: raw step 0.02 → step 0.02, ticks 28.56 .. 28.64.
        let ticks = nice_ticks(28.55, 28.65, 5);
        assert_eq!(ticks.len(), 5);
        assert!((ticks[0] - 28.56).abs() < 1e-9 && (ticks[4] - 28.64).abs() < 1e-9);
    }

    #[test]
    fn tick_labels_are_short() {
        assert_eq!(tick_label(250_000.0, 50_000.0), "250k");
        assert_eq!(tick_label(1_500_000.0, 500_000.0), "1.5M");
        assert_eq!(tick_label(40.0, 20.0), "40");
        assert_eq!(tick_label(0.25, 0.05), "0.25");
        assert_eq!(tick_label(0.0, 0.05), "0");
        // Ticks 0.02 apart around 28.6 keep two decimals instead of all reading "29".
        assert_eq!(tick_label(28.56, 0.02), "28.56");
        assert_eq!(tick_label(28.6, 0.02), "28.6");
    }

    #[test]
    fn grouped_bars_stand_side_by_side_under_a_dashed_reference_line() {
        let chart = Chart::GroupedBars(GroupedBars {
            title: "OEE".to_string(),
            categories: vec!["PAINT".to_string(), "WELD".to_string()],
            series: vec![
                Series {
                    name: "Availability %".to_string(),
                    values: vec![80.0, 90.0],
                },
                Series {
                    name: "OEE %".to_string(),
                    values: vec![f64::NAN, 70.0],
                },
            ],
            reference: Some(("World class 85 %".to_string(), 85.0)),
        });
        let shapes = layout(&chart, 400.0, 200.0);
        // Three bars (PAINT has no OEE): the legend squares are 9 wide, bars wider.
        let bars: Vec<(f32, f32, Color)> = shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Rect { x, fill, w, .. } if *w > 9.0 => Some((*x, *w, *fill)),
                _ => None,
            })
            .collect();
        assert_eq!(bars.len(), 3);
        assert_eq!(bars[0].2, PALETTE[0]);
        assert_eq!(bars[1].2, PALETTE[0]);
        assert_eq!(bars[2].2, PALETTE[1]);
        // WELD's two bars touch: the second starts where the first ends.
        assert!((bars[2].0 - (bars[1].0 + bars[1].1)).abs() < 1e-3);
        let reference = shapes
            .iter()
            .find(|s| matches!(s, Shape::Polyline { dashed: true, color, .. } if *color == ALARM));
        assert!(reference.is_some(), "the 85 % line is drawn dashed");
    }

    #[test]
    fn load_bars_above_capacity_are_red_and_the_capacity_line_steps() {
        let chart = Chart::LoadCapacity(LoadCapacity {
            title: "PAINT".to_string(),
            periods: vec!["P1".to_string(), "P2".to_string()],
            load: vec![30.0, 50.0],
            available: vec![40.0, 40.0],
        });
        let shapes = layout(&chart, 400.0, 200.0);
        let bar_colors: Vec<Color> = shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Rect { fill, w, .. } if *w > 9.0 => Some(*fill),
                _ => None,
            })
            .collect();
        assert_eq!(bar_colors, vec![PALETTE[0], ALARM]);
        let step = shapes.iter().find_map(|s| match s {
            Shape::Polyline { points, width, .. } if *width == 1.6 => Some(points.clone()),
            _ => None,
        });
        // Two periods give four step points, all at the height of 40 h.
        let step = step.expect("capacity line");
        assert_eq!(step.len(), 4);
        assert!(step.iter().all(|(_, y)| (*y - step[0].1).abs() < 1e-3));
    }
}
