//! The two number rules the analytics share: a ratio with a zero denominator is 0, and a sum of
//! no values is +0.0.

/// `numerator / denominator`, or 0 when the denominator is not positive.
pub fn ratio_or_zero(numerator: f64, denominator: f64) -> f64 {
    if denominator > 0.0 {
        numerator / denominator
    } else {
        0.0
    }
}

/// The sum of `values`, +0.0 when there are none. `Iterator::sum` of no `f64` gives -0.0,
/// which a table prints as "-0.00" (a service item's material cost, a plan without orders'
/// ordering cost); adding onto +0.0 changes no other sum.
pub fn total(values: impl IntoIterator<Item = f64>) -> f64 {
    values.into_iter().fold(0.0, |sum, value| sum + value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sum_of_nothing_is_positive_zero() {
        assert!(total(std::iter::empty()).is_sign_positive());
        assert!(std::iter::empty::<f64>().sum::<f64>().is_sign_negative());
        assert_eq!(total([1.5, -0.5, 2.0]), 3.0);
        assert!(total([-0.0]).is_sign_positive());
    }

    #[test]
    fn a_ratio_over_nothing_is_zero() {
        assert_eq!(ratio_or_zero(3.0, 4.0), 0.75);
        assert_eq!(ratio_or_zero(3.0, 0.0), 0.0);
        assert_eq!(ratio_or_zero(3.0, -1.0), 0.0);
    }
}
