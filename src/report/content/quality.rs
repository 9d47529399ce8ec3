//! The quality section: control chart summaries and points, attribute charts, the defect
//! Pareto and their charts.

use super::*;
use crate::analytics::quality::{PChartKind, RunRule, SpcChart};

/// One row per variables chart: limits, σ, capability and run-rule signals.
pub fn control_summary_table(analysis: &Analysis) -> Table {
    let mut table = Table::new(
        "control_summary",
        "Control charts",
        &[
            text("characteristic", "Characteristic"),
            text("kind", "Chart"),
            num("center", "Centre", 4),
            num("ucl", "UCL", 4),
            num("lcl", "LCL", 4),
            num("range_center", "R/S/MR centre", 4),
            num("sigma_within", "σ within", 4),
            num("cp", "Cp", 2),
            num("cpk", "Cpk", 2),
            num("pp", "Pp", 2),
            num("ppk", "Ppk", 2),
            text("violations", "Run-rule signals"),
        ],
    );
    for chart in &analysis.quality.charts {
        table.rows.push(vec![
            Cell::text(chart.characteristic.clone()),
            Cell::text(chart.kind.key()),
            Cell::Number(chart.center),
            Cell::Number(chart.ucl),
            Cell::Number(chart.lcl),
            Cell::Number(chart.range_center),
            Cell::Number(chart.sigma_within),
            Cell::number(chart.cp),
            Cell::number(chart.cpk),
            Cell::number(chart.pp),
            Cell::number(chart.ppk),
            Cell::text(violations_text(chart)),
        ]);
    }
    table
}

/// Run-rule signals as text, e.g. `Rule 2 at 19, 21; Rule 4 at 24` (rule names from
/// [`crate::analytics::quality::RunRule`], as on the Quality page).
pub fn violations_text(chart: &ControlChart) -> String {
    let mut by_rule: Vec<(String, Vec<String>)> = Vec::new();
    for v in &chart.violations {
        let name = v.rule_name();
        match by_rule.iter_mut().find(|(rule, _)| *rule == name) {
            Some((_, at)) => at.push(v.index.to_string()),
            None => by_rule.push((name, vec![v.index.to_string()])),
        }
    }
    by_rule
        .iter()
        .map(|(rule, at)| format!("{rule} at {}", at.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// What each rule broken on some chart looks for ("Rule 1: one point beyond 3σ"), as a note
/// under the control charts; `None` when no chart breaks a rule.
pub fn rules_note(analysis: &Analysis) -> Option<String> {
    let broken: Vec<String> = RunRule::ALL
        .into_iter()
        .filter(|rule| {
            (analysis.quality.charts.iter())
                .any(|chart| chart.violations.iter().any(|v| v.run_rule() == Some(*rule)))
        })
        .map(|rule| format!("{}: {}", rule.name(), rule.label()))
        .collect();
    (!broken.is_empty()).then(|| format!("Western Electric run rules: {}.", broken.join("; ")))
}

/// Every plotted point of every variables chart with its limits.
pub fn control_points_table(analysis: &Analysis) -> Table {
    let mut table = Table::new(
        "control_charts",
        "Control chart points",
        &[
            text("characteristic", "Characteristic"),
            num("subgroup", "Subgroup", 0),
            num("value", "Value", 4),
            num("ucl", "UCL", 4),
            num("lcl", "LCL", 4),
        ],
    );
    for chart in &analysis.quality.charts {
        for point in &chart.points {
            table.rows.push(vec![
                Cell::text(chart.characteristic.clone()),
                Cell::Number(point.subgroup as f64),
                Cell::Number(point.value),
                Cell::Number(point.ucl),
                Cell::Number(point.lcl),
            ]);
        }
    }
    table
}

/// Every lot of every p chart.
pub fn p_charts_table(analysis: &Analysis) -> Table {
    let mut table = Table::new(
        "p_charts",
        "p charts",
        &[
            text("item", "Item"),
            text("lot", "Lot"),
            num("inspected", "Inspected", 0),
            num("p", "p", 4),
            num("ucl", "UCL", 4),
            num("lcl", "LCL", 4),
            num("p_bar", "p̄", 4),
        ],
    );
    for chart in &analysis.quality.p_charts {
        for point in &chart.points {
            table.rows.push(vec![
                Cell::text(chart.item.clone()),
                Cell::text(point.lot.clone()),
                Cell::Number(point.inspected as f64),
                Cell::Number(point.p),
                Cell::Number(point.ucl),
                Cell::Number(point.lcl),
                Cell::Number(chart.p_bar),
            ]);
        }
    }
    table
}

/// Every lot of every c/u chart.
pub fn c_charts_table(analysis: &Analysis) -> Table {
    let mut table = Table::new(
        "c_charts",
        "c and u charts",
        &[
            text("item", "Item"),
            text("lot", "Lot"),
            num("count", "Defects", 0),
            num("center", "c̄", 3),
            num("ucl", "UCL", 3),
            num("lcl", "LCL", 3),
            num("u", "u", 4),
            num("u_ucl", "u UCL", 4),
            num("u_lcl", "u LCL", 4),
        ],
    );
    for chart in &analysis.quality.c_charts {
        for point in &chart.points {
            table.rows.push(vec![
                Cell::text(chart.item.clone()),
                Cell::text(point.lot.clone()),
                Cell::Number(point.count),
                Cell::Number(chart.center),
                Cell::Number(chart.ucl),
                Cell::Number(chart.lcl),
                Cell::number(point.u),
                Cell::number(point.u_ucl),
                Cell::number(point.u_lcl),
            ]);
        }
    }
    table
}

/// Defect types by count with the cumulative percentage.
pub fn pareto_table(analysis: &Analysis) -> Table {
    let mut table = Table::new(
        "pareto",
        "Pareto of defects",
        &[
            text("type", "Defect type"),
            num("count", "Count", 0),
            num("cum_pct", "Cumulative %", 1),
        ],
    );
    for bar in &analysis.quality.pareto {
        table.rows.push(vec![
            Cell::text(bar.defect_type.clone()),
            Cell::Number(bar.count),
            Cell::Number(bar.cum_pct),
        ]);
    }
    table
}

/// Most charts of one kind (variables, p, c) in the HTML/PDF report; the XLSX and CSV reports
/// hold every point.
pub const QUALITY_CHARTS: usize = 12;

/// The X̄/I chart and the R/s/MR chart of one characteristic, titled with the names of
/// [`crate::analytics::quality::SpcChart`] as on the Quality page.
pub fn control_charts(chart: &ControlChart) -> [Chart; 2] {
    let main = chart.kind.main_chart().title();
    let spread = chart.kind.spread_chart().title();
    let flagged = |index: usize| chart.violations.iter().any(|v| v.index == index + 1);
    let main_chart = ControlSeries {
        title: format!("{} — {main}", chart.characteristic),
        labels: chart
            .points
            .iter()
            .map(|p| p.subgroup.to_string())
            .collect(),
        values: chart.points.iter().map(|p| p.value).collect(),
        center: chart.center,
        ucl: chart.points.iter().map(|p| p.ucl).collect(),
        lcl: chart.points.iter().map(|p| p.lcl).collect(),
        flagged: (0..chart.points.len()).map(flagged).collect(),
    };
    let spread_chart = ControlSeries {
        title: format!("{} — {spread}", chart.characteristic),
        labels: chart
            .range_points
            .iter()
            .map(|p| p.subgroup.to_string())
            .collect(),
        values: chart.range_points.iter().map(|p| p.value).collect(),
        center: chart.range_center,
        ucl: chart.range_points.iter().map(|p| p.ucl).collect(),
        lcl: chart.range_points.iter().map(|p| p.lcl).collect(),
        flagged: vec![false; chart.range_points.len()],
    };
    [Chart::Control(main_chart), Chart::Control(spread_chart)]
}

/// Every p chart and c chart as control series, points outside their limits flagged. A p
/// chart of equal lots is drawn as the np chart of counts, as on the Quality page.
pub fn attribute_charts(analysis: &Analysis) -> Vec<Chart> {
    let mut charts = Vec::new();
    for p in &analysis.quality.p_charts {
        // np plots counts: the fraction times the (common) lot size.
        let scale = match p.kind {
            PChartKind::P => 1.0,
            PChartKind::Np => p.points.first().map_or(0, |q| q.inspected) as f64,
        };
        charts.push(Chart::Control(ControlSeries {
            title: format!("{} — {}", p.item, p.kind.chart().title()),
            labels: p.points.iter().map(|q| q.lot.clone()).collect(),
            values: p.points.iter().map(|q| q.p * scale).collect(),
            center: p.p_bar * scale,
            ucl: p.points.iter().map(|q| q.ucl * scale).collect(),
            lcl: p.points.iter().map(|q| q.lcl * scale).collect(),
            flagged: p
                .points
                .iter()
                .map(|q| q.p > q.ucl || q.p < q.lcl)
                .collect(),
        }));
    }
    for c in &analysis.quality.c_charts {
        charts.push(Chart::Control(ControlSeries {
            title: format!("{} — {}", c.item, SpcChart::Defects.title()),
            labels: c.points.iter().map(|q| q.lot.clone()).collect(),
            values: c.points.iter().map(|q| q.count).collect(),
            center: c.center,
            ucl: vec![c.ucl; c.points.len()],
            lcl: vec![c.lcl; c.points.len()],
            flagged: c
                .points
                .iter()
                .map(|q| q.count > c.ucl || q.count < c.lcl)
                .collect(),
        }));
    }
    charts
}

/// Pareto bars with the cumulative line.
pub fn pareto_chart(analysis: &Analysis) -> Chart {
    let bars = &analysis.quality.pareto;
    Chart::Pareto(Pareto {
        title: "Defects by type (Pareto)".to_string(),
        categories: bars.iter().map(|b| b.defect_type.clone()).collect(),
        counts: bars.iter().map(|b| b.count).collect(),
        cum_pct: bars.iter().map(|b| b.cum_pct).collect(),
    })
}

pub(super) fn quality_section(input: &ReportInput) -> DocSection {
    let analysis = input.analysis;
    let quality = &analysis.quality;
    let mut blocks = Vec::new();
    if quality.charts.is_empty() && quality.p_charts.is_empty() && quality.c_charts.is_empty() {
        blocks.push(Block::Note(
            "The plan has no measurements, inspections or defects.".to_string(),
        ));
    }
    if !quality.charts.is_empty() {
        blocks.push(Block::Table(control_summary_table(analysis)));
        let charts = &quality.charts;
        cap_note(&mut blocks, charts.len(), "variables charts");
        for chart in charts.iter().take(QUALITY_CHARTS) {
            blocks.extend(control_charts(chart).map(Block::Chart));
        }
        blocks.extend(rules_note(analysis).map(Block::Note));
    }
    let (p_charts, c_charts) = (quality.p_charts.len(), quality.c_charts.len());
    cap_note(&mut blocks, p_charts, "p charts");
    cap_note(&mut blocks, c_charts, "c charts");
    let attributes = attribute_charts(analysis);
    let (p_part, c_part) = attributes.split_at(p_charts.min(attributes.len()));
    for chart in p_part
        .iter()
        .take(QUALITY_CHARTS)
        .chain(c_part.iter().take(QUALITY_CHARTS))
    {
        blocks.push(Block::Chart(chart.clone()));
    }
    if !quality.pareto.is_empty() {
        blocks.push(Block::Chart(pareto_chart(analysis)));
        blocks.push(Block::Table(pareto_table(analysis)));
    }
    blocks.extend(quality.messages.iter().cloned().map(Block::Note));
    DocSection {
        id: "quality",
        title: "Quality",
        blocks,
    }
}
