//! Process capability cp/cpk (within σ) and performance pp/ppk (overall σ) (DESIGN.md §2).

/// Capability and performance indices of one characteristic; each is `None` when it does not
/// exist (a missing specification side, or no variation to divide by).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Capability {
    /// `(usl − lsl)/(6σ_within)`; needs both limits.
    pub cp: Option<f64>,
    /// `min(usl − μ, μ − lsl)/(3σ_within)` over the sides that exist, μ the chart centre.
    pub cpk: Option<f64>,
    /// `(usl − lsl)/(6s)` with s the sample standard deviation of all values.
    pub pp: Option<f64>,
    /// `min(usl − x̄, x̄ − lsl)/(3s)` with x̄ the mean of all values.
    pub ppk: Option<f64>,
}

/// The spread index `(usl − lsl)/(6σ)` and the centring index `min(usl − μ, μ − lsl)/(3σ)` of
/// one σ; `None` for what the limits or a non-positive σ do not allow.
fn indices(lsl: Option<f64>, usl: Option<f64>, mu: f64, sigma: f64) -> (Option<f64>, Option<f64>) {
    if sigma <= 0.0 || !sigma.is_finite() {
        return (None, None);
    }
    let spread = match (lsl, usl) {
        (Some(lsl), Some(usl)) => Some((usl - lsl) / (6.0 * sigma)),
        _ => None,
    };
    let upper = usl.map(|usl| (usl - mu) / (3.0 * sigma));
    let lower = lsl.map(|lsl| (mu - lsl) / (3.0 * sigma));
    let centring = match (upper, lower) {
        (Some(u), Some(l)) => Some(u.min(l)),
        (one, other) => one.or(other),
    };
    (spread, centring)
}

/// Sample mean and standard deviation (n − 1); `None` for fewer than two values. The GUI's
/// histogram uses it too, so its curve and the Pp/Ppk indices agree.
pub fn mean_and_sd(values: &[f64]) -> Option<(f64, f64)> {
    if values.len() < 2 {
        return None;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let squares: f64 = values.iter().map(|v| (v - mean) * (v - mean)).sum();
    Some((mean, (squares / (n - 1.0)).sqrt()))
}

/// cp/cpk from the chart (`centre`, `sigma_within`) and pp/ppk from `all_values`.
pub fn capability(
    lsl: Option<f64>,
    usl: Option<f64>,
    centre: f64,
    sigma_within: f64,
    all_values: &[f64],
) -> Capability {
    let (cp, cpk) = indices(lsl, usl, centre, sigma_within);
    let (pp, ppk) = match mean_and_sd(all_values) {
        Some((mean, sd)) => indices(lsl, usl, mean, sd),
        None => (None, None),
    };
    Capability { cp, cpk, pp, ppk }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_sided_indices_by_hand() {
        // lsl 7, usl 13, centre 11, σ 0.5 → cp = 6/3 = 2, cpk = min(2, 4)/1.5 = 1.3333.
        // Values 9, 10, 11: mean 10, s = 1 → pp = 6/6 = 1, ppk = min(3, 3)/3 = 1.
        let c = capability(Some(7.0), Some(13.0), 11.0, 0.5, &[9.0, 10.0, 11.0]);
        assert_eq!(c.cp, Some(2.0));
        assert!((c.cpk.unwrap_or(f64::NAN) - 4.0 / 3.0).abs() < 1e-12);
        assert_eq!(c.pp, Some(1.0));
        assert_eq!(c.ppk, Some(1.0));
    }

    #[test]
    fn one_sided_specs_give_only_the_existing_side() {
        // Only usl 13: cpk = cpu = (13 − 11)/(3·0.5) = 1.3333; no cp, no pp.
        let c = capability(None, Some(13.0), 11.0, 0.5, &[9.0, 10.0, 11.0]);
        assert_eq!(c.cp, None);
        assert!((c.cpk.unwrap_or(f64::NAN) - 4.0 / 3.0).abs() < 1e-12);
        assert_eq!(c.pp, None);
        // ppk = (13 − 10)/(3·1) = 1.
        assert_eq!(c.ppk, Some(1.0));
        // Only lsl 7: cpk = cpl = (11 − 7)/1.5 = 2.6667.
        let c = capability(Some(7.0), None, 11.0, 0.5, &[9.0, 10.0, 11.0]);
        assert!((c.cpk.unwrap_or(f64::NAN) - 8.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn no_variation_or_no_specs_give_no_indices() {
        assert_eq!(
            capability(Some(7.0), Some(13.0), 10.0, 0.0, &[10.0, 10.0]),
            Capability::default()
        );
        assert_eq!(
            capability(None, None, 10.0, 1.0, &[9.0, 11.0]),
            Capability::default()
        );
    }
}
