//! Western Electric run rules 1–4 on standardised points (DESIGN.md §2).
//!
//! A standardised point is `(value − centre)/σ` with σ one standard deviation of the plotted
//! statistic, so the zones are simply ±1, ±2 and ±3. Only full windows count, and a point exactly
//! on a zone boundary or on the centre line is on neither side.

use super::Violation;

/// Rule 1: one point beyond 3σ.
const RULE_1_SIGMA: f64 = 3.0;
/// Rule 2: two of three successive points beyond 2σ on the same side.
const RULE_2: Window = Window {
    sigma: 2.0,
    length: 3,
    needed: 2,
};
/// Rule 3: four of five successive points beyond 1σ on the same side.
const RULE_3: Window = Window {
    sigma: 1.0,
    length: 5,
    needed: 4,
};
/// Rule 4: eight successive points strictly on one side of the centre line.
const RULE_4: Window = Window {
    sigma: 0.0,
    length: 8,
    needed: 8,
};

/// A "k of the last n points beyond m·σ on the side of the last point" rule.
struct Window {
    sigma: f64,
    length: usize,
    needed: usize,
}

/// +1 above `threshold`, −1 below `−threshold`, 0 in between (boundaries included).
fn side(z: f64, threshold: f64) -> i8 {
    if z > threshold {
        1
    } else if z < -threshold {
        -1
    } else {
        0
    }
}

/// True when the point at 0-based `k` closes a full window satisfying `rule`.
fn window_fires(z: &[f64], k: usize, rule: &Window) -> bool {
    if k + 1 < rule.length {
        return false;
    }
    let own_side = side(z[k], rule.sigma);
    if own_side == 0 {
        return false;
    }
    let window = &z[k + 1 - rule.length..=k];
    let beyond = window
        .iter()
        .filter(|&&v| side(v, rule.sigma) == own_side)
        .count();
    beyond >= rule.needed
}

/// Every (rule, 1-based index) violated by the standardised series `z`, ordered by index then
/// rule. A point is flagged by a rule when it closes a window meeting that rule.
pub fn violations(z: &[f64]) -> Vec<Violation> {
    let mut found = Vec::new();
    for k in 0..z.len() {
        let fired = [
            side(z[k], RULE_1_SIGMA) != 0,
            window_fires(z, k, &RULE_2),
            window_fires(z, k, &RULE_3),
            window_fires(z, k, &RULE_4),
        ];
        for (rule, _) in fired.iter().enumerate().filter(|(_, f)| **f) {
            found.push(Violation {
                rule: rule as u8 + 1,
                index: k + 1,
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flagged(z: &[f64]) -> Vec<(u8, usize)> {
        violations(z)
            .into_iter()
            .map(|v| (v.rule, v.index))
            .collect()
    }

    #[test]
    fn rule_1_flags_a_point_beyond_three_sigma_only() {
        // 3.0 is on the boundary (not beyond); −3.01 is beyond on the lower side.
        assert_eq!(flagged(&[0.5, 3.0, -0.5, -3.01]), vec![(1, 4)]);
    }

    #[test]
    fn rule_2_needs_two_of_three_on_the_same_side() {
        // Points 1 and 3 beyond +2σ: window 1..3 has two → flag 3.
        assert_eq!(flagged(&[2.5, 0.0, 2.1]), vec![(2, 3)]);
        // Opposite sides never combine.
        assert!(flagged(&[2.5, 0.0, -2.1]).is_empty());
        // Only two points: no full window yet.
        assert!(flagged(&[2.5, 2.5]).is_empty());
    }

    #[test]
    fn rule_3_needs_four_of_five_beyond_one_sigma() {
        // Points 1, 2, 4, 5 beyond −1σ → window 1..5 flags 5.
        assert_eq!(flagged(&[-1.5, -1.2, 0.3, -1.1, -1.9]), vec![(3, 5)]);
        // Exactly on −1σ is not beyond.
        assert!(flagged(&[-1.5, -1.2, 0.3, -1.0, -1.9]).is_empty());
    }

    #[test]
    fn rule_4_nine_in_a_row_flags_points_eight_and_nine() {
        let nine_above = [0.1; 9];
        assert_eq!(flagged(&nine_above), vec![(4, 8), (4, 9)]);
        // A point on the centre line breaks the run.
        let mut broken = [0.1; 9];
        broken[3] = 0.0;
        assert!(flagged(&broken).is_empty());
    }
}
