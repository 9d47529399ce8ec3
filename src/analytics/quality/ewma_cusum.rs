//! EWMA and tabular CUSUM charts on subgroup means (Montgomery ch. 9; DESIGN.md §2).
//!
//! Both detect small sustained shifts that the Shewhart chart misses. They need one σ of the
//! plotted mean, `σ_x̄ = σ_within/√n`, so they exist only for equal subgroup sizes.

use super::{CusumPoint, EwmaPoint};

/// EWMA `z_k = λ·x_k + (1−λ)·z_{k−1}` from `z_0 = centre`, with the exact time-varying limits
/// `centre ± L·σ_x̄·sqrt(λ/(2−λ)·(1−(1−λ)^{2k}))`.
pub fn ewma(values: &[f64], centre: f64, sigma_xbar: f64, lambda: f64, l: f64) -> Vec<EwmaPoint> {
    let mut z = centre;
    let mut decay = 1.0;
    values
        .iter()
        .map(|&x| {
            z = lambda * x + (1.0 - lambda) * z;
            decay *= (1.0 - lambda) * (1.0 - lambda);
            let half_width = l * sigma_xbar * (lambda / (2.0 - lambda) * (1.0 - decay)).sqrt();
            EwmaPoint {
                z,
                ucl: centre + half_width,
                lcl: centre - half_width,
            }
        })
        .collect()
}

/// Tabular CUSUM `C⁺_k = max(0, x_k − (centre + K) + C⁺_{k−1})`,
/// `C⁻_k = max(0, (centre − K) − x_k + C⁻_{k−1})` with `K = k·σ_x̄`, both starting at 0.
pub fn cusum(values: &[f64], centre: f64, sigma_xbar: f64, k: f64) -> Vec<CusumPoint> {
    let allowance = k * sigma_xbar;
    let mut c_plus = 0.0_f64;
    let mut c_minus = 0.0_f64;
    values
        .iter()
        .map(|&x| {
            c_plus = (x - (centre + allowance) + c_plus).max(0.0);
            c_minus = ((centre - allowance) - x + c_minus).max(0.0);
            CusumPoint { c_plus, c_minus }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ewma_recursion_and_limits_by_hand() {
        // λ = 0.5, L = 3, centre 0, σ_x̄ = 2, x = [2, 4].
        // z1 = 0.5·2 + 0.5·0 = 1; limits ±3·2·sqrt(0.5/1.5·(1−0.25)) = ±6·0.5 = ±3.
        // z2 = 0.5·4 + 0.5·1 = 2.5; limits ±6·sqrt(1/3·(1−0.0625)) = ±6·0.5590170 = ±3.3541020.
        let points = ewma(&[2.0, 4.0], 0.0, 2.0, 0.5, 3.0);
        assert!((points[0].z - 1.0).abs() < 1e-12);
        assert!((points[0].ucl - 3.0).abs() < 1e-12);
        assert!((points[0].lcl + 3.0).abs() < 1e-12);
        assert!((points[1].z - 2.5).abs() < 1e-12);
        assert!((points[1].ucl - 3.354_101_966_249_685).abs() < 1e-12);
    }

    #[test]
    fn cusum_accumulates_above_the_allowance_and_resets_at_zero() {
        // centre 10, σ_x̄ 2, k = 0.5 → K = 1. x = [12, 12, 7]:
        // C⁺: 12−11 = 1; 1 + 1 = 2; max(0, 7−11+2) = 0.
        // C⁻: max(0, 9−12) = 0; 0; 9−7 = 2.
        let points = cusum(&[12.0, 12.0, 7.0], 10.0, 2.0, 0.5);
        let pairs: Vec<(f64, f64)> = points.iter().map(|p| (p.c_plus, p.c_minus)).collect();
        assert_eq!(pairs, vec![(1.0, 0.0), (2.0, 0.0), (0.0, 2.0)]);
    }
}
