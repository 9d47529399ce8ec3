//! Capability of a characteristic: Cp, Cpk, Pp, Ppk and the histogram with the fitted normal
//! curve and the specification limits.

use eframe::egui::{self, RichText};
use egui_plot::{Bar, BarChart, Line, Plot, VLine};

use super::*;
use crate::analytics::quality::capability::mean_and_sd;

/// A capability index with a colour: green when capable (≥ 1.33), red below 1.
pub(super) fn index_text(name: &str, value: Option<f64>) -> RichText {
    match value {
        Some(v) => {
            let text = RichText::new(format!("{name} {}", format::number(v, 2)));
            if v >= CAPABLE_INDEX {
                text.color(style::GOOD)
            } else if v < 1.0 {
                text.color(style::ERROR)
            } else {
                text
            }
        }
        None => RichText::new(format!("{name} —")).weak(),
    }
}

pub(super) fn capability_ui(
    ui: &mut egui::Ui,
    plan: &Plan,
    characteristic: &Characteristic,
    chart: &ControlChart,
) {
    let unit = characteristic.unit.as_str();
    let decimals = value_decimals(chart.sigma_within);
    ui.strong("Capability");
    ui.horizontal(|ui| {
        ui.label(index_text("Cp", chart.cp));
        ui.label(index_text("Cpk", chart.cpk));
        ui.label(index_text("Pp", chart.pp));
        ui.label(index_text("Ppk", chart.ppk));
    });
    let spec = |name: &str, value: Option<f64>| {
        value.map(|v| {
            let plain = crate::app::command::value_text(&serde_json::json!(v));
            if unit.is_empty() {
                format!("{name} {plain}")
            } else {
                format!("{name} {plain} {unit}")
            }
        })
    };
    let specs: Vec<String> = [
        spec("LSL", characteristic.lsl),
        spec("target", characteristic.target),
        spec("USL", characteristic.usl),
    ]
    .into_iter()
    .flatten()
    .collect();
    ui.label(if specs.is_empty() {
        "No specification limits: only the control chart applies.".to_string()
    } else {
        specs.join(" · ")
    });
    let values: Vec<f64> = (plan.measurements.iter())
        .filter(|m| m.characteristic == characteristic.code)
        .map(|m| m.value)
        .collect();
    let Some(histogram) = histogram(&values) else {
        return;
    };
    histogram_plot_ui(ui, characteristic, &histogram, decimals);
}

/// Equal-width bins of all values with the fitted normal curve (scaled to counts).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Histogram {
    /// Left edge of the first bin.
    pub start: f64,
    /// Width of every bin (1 when all values are equal).
    pub width: f64,
    /// Values per bin; the last bin includes its right edge.
    pub counts: Vec<usize>,
    /// Mean of all values.
    pub mean: f64,
    /// Sample standard deviation (n − 1) of all values; 0 for a constant series.
    pub sd: f64,
}

impl Histogram {
    /// Height of the fitted normal curve at `x`, in values per bin: `n·width·φ((x−μ)/σ)/σ`.
    pub fn normal_count(&self, x: f64) -> f64 {
        if self.sd <= 0.0 {
            return 0.0;
        }
        let n: usize = self.counts.iter().sum();
        let z = (x - self.mean) / self.sd;
        n as f64 * self.width * (-0.5 * z * z).exp()
            / (self.sd * (2.0 * std::f64::consts::PI).sqrt())
    }
}

/// Histogram of `values` with Sturges' rule `k = ⌈log2 n⌉ + 1` bins; `None` without values.
pub(super) fn histogram(values: &[f64]) -> Option<Histogram> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    // The same mean and sample SD as the capability indices (one value: itself, SD 0).
    let (mean, sd) = mean_and_sd(values).unwrap_or((values[0], 0.0));
    if max <= min {
        return Some(Histogram {
            start: min - 0.5,
            width: 1.0,
            counts: vec![n],
            mean,
            sd,
        });
    }
    let bins = (n as f64).log2().ceil() as usize + 1;
    let width = (max - min) / bins as f64;
    let mut counts = vec![0; bins];
    for value in values {
        let bin = (((value - min) / width).floor() as usize).min(bins - 1);
        counts[bin] += 1;
    }
    Some(Histogram {
        start: min,
        width,
        counts,
        mean,
        sd,
    })
}

pub(super) fn histogram_plot_ui(
    ui: &mut egui::Ui,
    characteristic: &Characteristic,
    histogram: &Histogram,
    decimals: usize,
) {
    let bars: Vec<Bar> = (histogram.counts.iter().enumerate())
        .map(|(i, &count)| {
            let centre = histogram.start + (i as f64 + 0.5) * histogram.width;
            Bar::new(centre, count as f64)
                .width(histogram.width * 0.95)
                .fill(SERIES_COLOR)
                .name(format!(
                    "{} – {}",
                    format::number(centre - histogram.width / 2.0, decimals),
                    format::number(centre + histogram.width / 2.0, decimals)
                ))
        })
        .collect();
    let end = histogram.start + histogram.width * histogram.counts.len() as f64;
    let curve: Vec<[f64; 2]> = (0..=80)
        .map(|i| {
            let x = histogram.start + (end - histogram.start) * i as f64 / 80.0;
            [x, histogram.normal_count(x)]
        })
        .collect();
    ui.label(
        RichText::new("Orange lines: LSL, target, USL; green curve: fitted normal (all values).")
            .weak(),
    );
    Plot::new(("histogram", characteristic.code.as_str()))
        .height(SMALL_HEIGHT + 30.0)
        .x_axis_label(axis_label("value", &characteristic.unit))
        .y_axis_label("count")
        .include_y(0.0)
        .show(ui, |plot| {
            plot.add(BarChart::new("values", bars).color(SERIES_COLOR));
            if histogram.sd > 0.0 {
                plot.add(Line::new("fitted normal", curve).color(CENTRE_COLOR));
            }
            let specs = [
                ("LSL", characteristic.lsl),
                ("target", characteristic.target),
                ("USL", characteristic.usl),
            ];
            for (name, value) in specs {
                if let Some(x) = value {
                    plot.add(VLine::new(name, x).color(SPEC_COLOR).width(1.5));
                }
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_uses_sturges_bins_and_puts_the_maximum_in_the_last_bin() {
        // Values 1..=8: n = 8, k = ⌈log2 8⌉ + 1 = 4 bins of (8 − 1)/4 = 1.75:
        // [1, 2.75) holds 1, 2; [2.75, 4.5) 3, 4; [4.5, 6.25) 5, 6; [6.25, 8] 7, 8.
        let values: Vec<f64> = (1..=8).map(f64::from).collect();
        let h = histogram(&values).expect("values give a histogram");
        assert_eq!(h.counts, vec![2, 2, 2, 2]);
        assert!((h.width - 1.75).abs() < 1e-12);
        // Mean 4.5; Σ(x−4.5)² = 42, s = √(42/7) = √6.
        assert!((h.mean - 4.5).abs() < 1e-12);
        assert!((h.sd - 6f64.sqrt()).abs() < 1e-12);
        // At the mean: 8 · 1.75 / (√6 · √(2π)) = 14 / 6.1399602 = 2.2801451.
        assert!((h.normal_count(4.5) - 2.280_145_1).abs() < 1e-6);
    }

    #[test]
    fn constant_or_missing_values_give_one_bar_or_none() {
        let h = histogram(&[3.0, 3.0, 3.0]).expect("one bar");
        assert_eq!(h.counts, vec![3]);
        assert_eq!(h.sd, 0.0);
        assert_eq!(h.normal_count(3.0), 0.0);
        assert!(histogram(&[]).is_none());
    }
}
