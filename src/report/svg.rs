//! Inline SVG for the HTML report: chart shapes written as one `<svg>` element with every text
//! escaped, so the page needs no scripts, fonts or images from anywhere else.

use std::fmt::Write;

use super::chart::{self, Anchor, Chart, Color, Shape};
use super::escape;

/// The chart as an `<svg>` element with a `viewBox`, scaling to the page width.
pub fn chart_svg(chart: &Chart) -> String {
    let shapes = chart::layout(chart, chart::WIDTH, chart::HEIGHT);
    let mut out = String::with_capacity(shapes.len() * 80);
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-label="{label}">"#,
        w = chart::WIDTH,
        h = chart::HEIGHT,
        label = escape::html(chart.title()),
    );
    for shape in &shapes {
        write_shape(&mut out, shape);
    }
    out.push_str("</svg>");
    out
}

fn rgb(color: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", color.0, color.1, color.2)
}

fn write_shape(out: &mut String, shape: &Shape) {
    let _ = match shape {
        Shape::Rect { x, y, w, h, fill } => write!(
            out,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{}"/>"#,
            rgb(*fill)
        ),
        Shape::Polyline {
            points,
            color,
            width,
            dashed,
        } => {
            if points.is_empty() {
                return;
            }
            let coordinates: Vec<String> = points
                .iter()
                .map(|(x, y)| format!("{x:.1},{y:.1}"))
                .collect();
            write!(
                out,
                r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="{width}"{}/>"#,
                coordinates.join(" "),
                rgb(*color),
                if *dashed {
                    r#" stroke-dasharray="5 3""#
                } else {
                    ""
                }
            )
        }
        Shape::Circle { cx, cy, r, fill } => write!(
            out,
            r#"<circle cx="{cx:.1}" cy="{cy:.1}" r="{r:.1}" fill="{}"/>"#,
            rgb(*fill)
        ),
        Shape::Text {
            x,
            y,
            text,
            size,
            anchor,
            color,
            bold,
        } => write!(
            out,
            r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" text-anchor="{}" fill="{}"{}>{}</text>"#,
            match anchor {
                Anchor::Start => "start",
                Anchor::Middle => "middle",
                Anchor::End => "end",
            },
            rgb(*color),
            if *bold { r#" font-weight="bold""# } else { "" },
            escape::html(text)
        ),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::chart::{Pareto, StackedBars};

    #[test]
    fn user_text_in_charts_is_escaped() {
        let chart = Chart::Pareto(Pareto {
            title: "<b>title</b>".to_string(),
            categories: vec!["<script>x</script>".to_string()],
            counts: vec![3.0],
            cum_pct: vec![100.0],
        });
        let svg = chart_svg(&chart);
        assert!(!svg.contains("<script>") && !svg.contains("<b>"), "{svg}");
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains(r#"aria-label="&lt;b&gt;title&lt;/b&gt;""#));
    }

    #[test]
    fn stacked_bars_draw_one_rect_per_positive_segment() {
        let chart = Chart::StackedBars(StackedBars {
            title: "Unit cost".to_string(),
            categories: vec!["A".to_string(), "B".to_string()],
            series: vec![
                chart::Series {
                    name: "Purchase".to_string(),
                    values: vec![10.0, 0.0],
                },
                chart::Series {
                    name: "Conversion".to_string(),
                    values: vec![5.0, 7.0],
                },
            ],
        });
        let svg = chart_svg(&chart);
        // Three positive segments (10, 5, 7) plus two legend squares.
        assert_eq!(svg.matches("<rect").count(), 5);
    }
}
