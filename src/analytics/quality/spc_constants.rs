//! Control-chart constants for subgroup sizes n = 2..25 as printed in Montgomery, *Introduction to
//! Statistical Quality Control*, Appendix VI, and the exact c4-based constants beyond 25.
//!
//! The printed table is the reference an operations manager checks a chart against by hand, so
//! sizes 2..25 use it verbatim (including its last-digit rounding); beyond 25 the book prints no
//! row and c4 is computed exactly from the gamma function (DESIGN.md §2).

/// One row of Montgomery's Appendix VI for subgroup size `n`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TableRow {
    /// Subgroup size.
    pub n: usize,
    /// X̄ chart factor on R̄: limits X̄̄ ± A2·R̄.
    pub a2: f64,
    /// X̄ chart factor on s̄: limits X̄̄ ± A3·s̄.
    pub a3: f64,
    /// S chart lower factor: LCL = B3·s̄.
    pub b3: f64,
    /// S chart upper factor: UCL = B4·s̄.
    pub b4: f64,
    /// R chart lower factor D3: LCL = D3·R̄.
    pub range_d3: f64,
    /// R chart upper factor D4: UCL = D4·R̄.
    pub range_d4: f64,
    /// Mean of the relative range: σ = R̄/d2.
    pub d2: f64,
    /// Mean of the sample standard deviation relative to σ: σ = s̄/c4.
    pub c4: f64,
}

#[allow(clippy::too_many_arguments)]
const fn row(
    n: usize,
    a2: f64,
    a3: f64,
    c4: f64,
    b3: f64,
    b4: f64,
    d2: f64,
    range_d3: f64,
    range_d4: f64,
) -> TableRow {
    TableRow {
        n,
        a2,
        a3,
        b3,
        b4,
        range_d3,
        range_d4,
        d2,
        c4,
    }
}

/// Montgomery, *Introduction to Statistical Quality Control*, Appendix VI, rows n = 2..25.
/// Column order here: n, A2, A3, c4, B3, B4, d2, D3, D4 (the book's order, less the columns
/// Opsplan does not use).
pub const APPENDIX_VI: [TableRow; 24] = [
    row(2, 1.880, 2.659, 0.7979, 0.000, 3.267, 1.128, 0.000, 3.267),
    row(3, 1.023, 1.954, 0.8862, 0.000, 2.568, 1.693, 0.000, 2.574),
    row(4, 0.729, 1.628, 0.9213, 0.000, 2.266, 2.059, 0.000, 2.282),
    row(5, 0.577, 1.427, 0.9400, 0.000, 2.089, 2.326, 0.000, 2.114),
    row(6, 0.483, 1.287, 0.9515, 0.030, 1.970, 2.534, 0.000, 2.004),
    row(7, 0.419, 1.182, 0.9594, 0.118, 1.882, 2.704, 0.076, 1.924),
    row(8, 0.373, 1.099, 0.9650, 0.185, 1.815, 2.847, 0.136, 1.864),
    row(9, 0.337, 1.032, 0.9693, 0.239, 1.761, 2.970, 0.184, 1.816),
    row(10, 0.308, 0.975, 0.9727, 0.284, 1.716, 3.078, 0.223, 1.777),
    row(11, 0.285, 0.927, 0.9754, 0.321, 1.679, 3.173, 0.256, 1.744),
    row(12, 0.266, 0.886, 0.9776, 0.354, 1.646, 3.258, 0.283, 1.717),
    row(13, 0.249, 0.850, 0.9794, 0.382, 1.618, 3.336, 0.307, 1.693),
    row(14, 0.235, 0.817, 0.9810, 0.406, 1.594, 3.407, 0.328, 1.672),
    row(15, 0.223, 0.789, 0.9823, 0.428, 1.572, 3.472, 0.347, 1.653),
    row(16, 0.212, 0.763, 0.9835, 0.448, 1.552, 3.532, 0.363, 1.637),
    row(17, 0.203, 0.739, 0.9845, 0.466, 1.534, 3.588, 0.378, 1.622),
    row(18, 0.194, 0.718, 0.9854, 0.482, 1.518, 3.640, 0.391, 1.608),
    row(19, 0.187, 0.698, 0.9862, 0.497, 1.503, 3.689, 0.403, 1.597),
    row(20, 0.180, 0.680, 0.9869, 0.510, 1.490, 3.735, 0.415, 1.585),
    row(21, 0.173, 0.663, 0.9876, 0.523, 1.477, 3.778, 0.425, 1.575),
    row(22, 0.167, 0.647, 0.9882, 0.534, 1.466, 3.819, 0.434, 1.566),
    row(23, 0.162, 0.633, 0.9887, 0.545, 1.455, 3.858, 0.443, 1.557),
    row(24, 0.157, 0.619, 0.9892, 0.555, 1.445, 3.895, 0.451, 1.548),
    row(25, 0.153, 0.606, 0.9896, 0.565, 1.435, 3.931, 0.459, 1.541),
];

/// The printed row for subgroup size `n`, or `None` outside 2..25.
pub fn table_row(n: usize) -> Option<&'static TableRow> {
    APPENDIX_VI.iter().find(|r| r.n == n)
}

/// Constants of the X̄-S chart for one subgroup size: from the table up to 25, exact beyond.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SConstants {
    /// X̄ chart factor on s̄.
    pub a3: f64,
    /// S chart lower factor.
    pub b3: f64,
    /// S chart upper factor.
    pub b4: f64,
    /// Bias correction of s: σ = s̄/c4.
    pub c4: f64,
}

/// X̄-S constants for subgroup size `n`; `None` for n < 2 (a single value has no s).
pub fn s_constants(n: usize) -> Option<SConstants> {
    if let Some(r) = table_row(n) {
        return Some(SConstants {
            a3: r.a3,
            b3: r.b3,
            b4: r.b4,
            c4: r.c4,
        });
    }
    if n < 2 {
        return None;
    }
    let c4 = exact_c4(n);
    let spread = 3.0 * (1.0 - c4 * c4).sqrt() / c4;
    Some(SConstants {
        a3: 3.0 / (c4 * (n as f64).sqrt()),
        b3: (1.0 - spread).max(0.0),
        b4: 1.0 + spread,
        c4,
    })
}

/// Exact `c4 = sqrt(2/(n−1))·Γ(n/2)/Γ((n−1)/2)` for n ≥ 2, the mean of s/σ for normal samples.
pub fn exact_c4(n: usize) -> f64 {
    let n = n as f64;
    (2.0 / (n - 1.0)).sqrt() * (ln_gamma(n / 2.0) - ln_gamma((n - 1.0) / 2.0)).exp()
}

/// Lanczos coefficients for g = 7, nine terms (double precision, relative error below 1e-15).
const LANCZOS_G: f64 = 7.0;
const LANCZOS_COEFFICIENTS: [f64; 9] = [
    0.999_999_999_999_809_9,
    676.520_368_121_885_1,
    -1_259.139_216_722_402_8,
    771.323_428_777_653_1,
    -176.615_029_162_140_6,
    12.507_343_278_686_905,
    -0.138_571_095_265_720_12,
    9.984_369_578_019_572e-6,
    1.505_632_735_149_311_6e-7,
];

/// Natural logarithm of the gamma function for x > 0 (Lanczos approximation, with the
/// reflection formula below 0.5). Used for c4 of subgroups larger than the printed table.
pub fn ln_gamma(x: f64) -> f64 {
    if x < 0.5 {
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin().abs()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let series = LANCZOS_COEFFICIENTS
        .iter()
        .enumerate()
        .skip(1)
        .fold(LANCZOS_COEFFICIENTS[0], |sum, (i, c)| {
            sum + c / (x + i as f64)
        });
    let t = x + LANCZOS_G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + series.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_matches_factorials_and_half_integers() {
        // Γ(0.5) = √π, so lnΓ(0.5) = 0.5·ln π = 0.5723649429247001.
        assert!((ln_gamma(0.5) - 0.572_364_942_924_700_1).abs() < 1e-13);
        // Γ(10) = 9! = 362880, ln 362880 = 12.801827480081469.
        assert!((ln_gamma(10.0) - 12.801_827_480_081_469).abs() < 1e-12);
        // Γ(1) = Γ(2) = 1.
        assert!(ln_gamma(1.0).abs() < 1e-14);
        assert!(ln_gamma(2.0).abs() < 1e-14);
        // Γ(0.25) = 3.6256099082219083 (reflection branch).
        assert!((ln_gamma(0.25) - 3.625_609_908_221_908_f64.ln()).abs() < 1e-12);
    }

    #[test]
    fn exact_c4_agrees_with_every_printed_c4() {
        // The book rounds c4 to four decimals, so the exact value is within 0.00005 of it.
        for r in &APPENDIX_VI {
            let exact = exact_c4(r.n);
            assert!(
                (exact - r.c4).abs() <= 0.000_05 + 1e-12,
                "n = {}: {exact}",
                r.n
            );
        }
        // n = 2: sqrt(2)·Γ(1)/Γ(0.5) = sqrt(2/π) = 0.7978845608.
        assert!((exact_c4(2) - 0.797_884_560_802_865_4).abs() < 1e-12);
    }

    #[test]
    fn printed_s_factors_agree_with_their_c4_formulas() {
        // A3 = 3/(c4·√n), B3/B4 = 1 ∓ 3·sqrt(1−c4²)/c4, printed to three decimals.
        for r in &APPENDIX_VI {
            let c4 = exact_c4(r.n);
            let spread = 3.0 * (1.0 - c4 * c4).sqrt() / c4;
            let a3 = 3.0 / (c4 * (r.n as f64).sqrt());
            assert!((a3 - r.a3).abs() <= 0.000_5 + 1e-9, "A3 at n = {}", r.n);
            assert!(
                ((1.0 - spread).max(0.0) - r.b3).abs() <= 0.000_5 + 1e-9,
                "B3 at n = {}",
                r.n
            );
            assert!(
                (1.0 + spread - r.b4).abs() <= 0.000_5 + 1e-9,
                "B4 at n = {}",
                r.n
            );
        }
    }

    #[test]
    fn printed_range_factors_are_consistent() {
        // A2 = 3/(d2·√n); d2 is itself rounded to three decimals, hence 0.001.
        // D3 and D4 are 1 ∓ 3·d3/d2, so D3 + D4 = 2 wherever D3 is not floored at 0; the book
        // rounds d3/d2 before printing, which leaves a last-digit gap of at most 0.001 (n = 18, 24).
        for r in &APPENDIX_VI {
            let a2 = 3.0 / (r.d2 * (r.n as f64).sqrt());
            assert!((a2 - r.a2).abs() <= 0.001, "A2 at n = {}", r.n);
            if r.range_d3 > 0.0 {
                assert!(
                    (r.range_d3 + r.range_d4 - 2.0).abs() <= 0.001 + 1e-9,
                    "D3+D4 at n = {}",
                    r.n
                );
            } else {
                assert!(r.range_d4 >= 2.0, "D4 at n = {}", r.n);
            }
        }
        // Rows are in order 2..25 with increasing d2 and c4.
        for pair in APPENDIX_VI.windows(2) {
            assert_eq!(pair[1].n, pair[0].n + 1);
            assert!(pair[1].d2 > pair[0].d2 && pair[1].c4 > pair[0].c4);
        }
    }

    #[test]
    fn s_constants_beyond_the_table_use_exact_c4() {
        // n = 26: c4 ≈ 0.98999 (4(n−1)/(4n−3) = 100/101 = 0.990099 is the usual approximation,
        // accurate to about 1e-4); A3 = 3/(c4·√26) ≈ 0.5940.
        let s = s_constants(26).expect("n = 26 has constants");
        assert!((s.c4 - 100.0 / 101.0).abs() < 2e-4);
        assert!((s.a3 - 3.0 / (s.c4 * 26f64.sqrt())).abs() < 1e-12);
        assert!(s.c4 > 0.9896 && s.c4 < 1.0);
        assert!((s.b3 + s.b4 - 2.0).abs() < 1e-12);
        assert_eq!(s_constants(1), None);
        assert_eq!(s_constants(5).map(|s| s.a3), Some(1.427));
    }
}
