//! The names of the SPC charts and of the Western Electric run rules, written once here and
//! shown the same way by the Quality page and by the reports.

use super::{ChartKind, PChartKind, Violation};

/// One control chart a plan's quality data can be drawn on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpcChart {
    /// Subgroup means (X̄).
    Mean,
    /// Individual values (I).
    Individuals,
    /// Subgroup ranges (R), under an X̄ chart.
    Range,
    /// Subgroup standard deviations (s), under an X̄ chart.
    StdDev,
    /// Moving ranges of two individuals (MR), under an I chart.
    MovingRange,
    /// Fraction defective of lots of any size (p).
    FractionDefective,
    /// Defectives per lot when every lot has the same size (np).
    Defectives,
    /// Defects per lot (c).
    Defects,
    /// Defects per unit inspected (u).
    DefectsPerUnit,
}

impl SpcChart {
    /// The chart's symbol as quality books write it: X̄, I, R, s, MR, p, np, c, u.
    pub fn name(self) -> &'static str {
        match self {
            SpcChart::Mean => "X̄",
            SpcChart::Individuals => "I",
            SpcChart::Range => "R",
            SpcChart::StdDev => "s",
            SpcChart::MovingRange => "MR",
            SpcChart::FractionDefective => "p",
            SpcChart::Defectives => "np",
            SpcChart::Defects => "c",
            SpcChart::DefectsPerUnit => "u",
        }
    }

    /// What the chart plots, in words (also its value axis): "subgroup mean", "range", …
    pub fn label(self) -> &'static str {
        match self {
            SpcChart::Mean => "subgroup mean",
            SpcChart::Individuals => "individual value",
            SpcChart::Range => "range",
            SpcChart::StdDev => "standard deviation",
            SpcChart::MovingRange => "moving range",
            SpcChart::FractionDefective => "fraction defective",
            SpcChart::Defectives => "defectives per lot",
            SpcChart::Defects => "defects per lot",
            SpcChart::DefectsPerUnit => "defects per unit",
        }
    }

    /// The chart's title: "X̄ chart (subgroup mean)", "np chart (defectives per lot)".
    pub fn title(self) -> String {
        format!("{} chart ({})", self.name(), self.label())
    }
}

impl ChartKind {
    /// The key of the chart pair in `analyze --json` and the CSV report: `xbar_r`, `xbar_s`,
    /// `i_mr` (the same words serde writes).
    pub fn key(self) -> &'static str {
        match self {
            ChartKind::XbarR => "xbar_r",
            ChartKind::XbarS => "xbar_s",
            ChartKind::IMr => "i_mr",
        }
    }

    /// The upper chart of the pair: X̄ or I.
    pub fn main_chart(self) -> SpcChart {
        match self {
            ChartKind::XbarR | ChartKind::XbarS => SpcChart::Mean,
            ChartKind::IMr => SpcChart::Individuals,
        }
    }

    /// The spread chart under it: R, s or MR.
    pub fn spread_chart(self) -> SpcChart {
        match self {
            ChartKind::XbarR => SpcChart::Range,
            ChartKind::XbarS => SpcChart::StdDev,
            ChartKind::IMr => SpcChart::MovingRange,
        }
    }

    /// The pair's name: "X̄-R", "X̄-s", "I-MR".
    pub fn name(self) -> String {
        format!(
            "{}-{}",
            self.main_chart().name(),
            self.spread_chart().name()
        )
    }
}

impl PChartKind {
    /// The chart the GUI and the reports draw: p for lots of different sizes, np (counts)
    /// when every lot has the same size.
    pub fn chart(self) -> SpcChart {
        match self {
            PChartKind::P => SpcChart::FractionDefective,
            PChartKind::Np => SpcChart::Defectives,
        }
    }
}

/// The Western Electric run rules of DESIGN.md §2, numbered 1–4 as in [`Violation::rule`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunRule {
    /// One point beyond 3σ.
    BeyondThreeSigma,
    /// Two of three successive points beyond 2σ on the same side.
    TwoOfThreeBeyondTwoSigma,
    /// Four of five successive points beyond 1σ on the same side.
    FourOfFiveBeyondOneSigma,
    /// Eight successive points on one side of the centre line.
    EightOnOneSide,
}

impl RunRule {
    /// Every rule, by number.
    pub const ALL: [RunRule; 4] = [
        RunRule::BeyondThreeSigma,
        RunRule::TwoOfThreeBeyondTwoSigma,
        RunRule::FourOfFiveBeyondOneSigma,
        RunRule::EightOnOneSide,
    ];

    /// The rule's number, 1–4.
    pub fn number(self) -> u8 {
        match self {
            RunRule::BeyondThreeSigma => 1,
            RunRule::TwoOfThreeBeyondTwoSigma => 2,
            RunRule::FourOfFiveBeyondOneSigma => 3,
            RunRule::EightOnOneSide => 4,
        }
    }

    /// The rule numbered `number`, if there is one.
    pub fn from_number(number: u8) -> Option<RunRule> {
        RunRule::ALL
            .into_iter()
            .find(|rule| rule.number() == number)
    }

    /// "Rule 1" … "Rule 4".
    pub fn name(self) -> String {
        format!("Rule {}", self.number())
    }

    /// What the rule looks for, in a few words.
    pub fn label(self) -> &'static str {
        match self {
            RunRule::BeyondThreeSigma => "one point beyond 3σ",
            RunRule::TwoOfThreeBeyondTwoSigma => "2 of 3 points beyond 2σ on one side",
            RunRule::FourOfFiveBeyondOneSigma => "4 of 5 points beyond 1σ on one side",
            RunRule::EightOnOneSide => "8 points in a row on one side of the centre",
        }
    }
}

impl Violation {
    /// The rule broken.
    pub fn run_rule(&self) -> Option<RunRule> {
        RunRule::from_number(self.rule)
    }

    /// The rule's name, "Rule 2" ("Rule 7" for a number no rule has, which analysis never
    /// gives).
    pub fn rule_name(&self) -> String {
        self.run_rule()
            .map_or_else(|| format!("Rule {}", self.rule), RunRule::name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_pairs_are_named_by_their_two_charts() {
        assert_eq!(ChartKind::XbarR.name(), "X̄-R");
        assert_eq!(ChartKind::XbarS.name(), "X̄-s");
        assert_eq!(ChartKind::IMr.name(), "I-MR");
        assert_eq!(SpcChart::Range.title(), "R chart (range)");
        assert_eq!(
            PChartKind::Np.chart().title(),
            "np chart (defectives per lot)"
        );
    }

    #[test]
    fn keys_are_the_words_of_the_json() {
        for kind in [ChartKind::XbarR, ChartKind::XbarS, ChartKind::IMr] {
            let json = serde_json::to_string(&kind).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", kind.key()));
        }
    }

    #[test]
    fn rules_are_numbered_one_to_four() {
        for (index, rule) in RunRule::ALL.into_iter().enumerate() {
            assert_eq!(usize::from(rule.number()), index + 1);
            assert_eq!(RunRule::from_number(rule.number()), Some(rule));
        }
        assert_eq!(RunRule::from_number(5), None);
        let violation = Violation { rule: 2, index: 7 };
        assert_eq!(violation.rule_name(), "Rule 2");
    }
}
