//! Number, money and period formatting for display: thousands separators, currency symbols,
//! period labels from the plan's start date ("2026-W14", "2026-04", "2026-03-30").

/// Formats `value` with `decimals` decimals and `,` thousands separators: `1,234.50`.
pub fn number(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "—".to_string();
    }
    let text = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let negative = value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    let sign = if negative { "−" } else { "" };
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{fraction}")
    }
}

/// Formats a quantity: whole numbers without decimals, others with up to two.
pub fn quantity(value: f64) -> String {
    if value.fract() == 0.0 {
        number(value, 0)
    } else {
        number(value, 2)
    }
}

/// Formats hours with one decimal, dropping a trailing `.0`: `34.0` → `34`, `27.2` → `27.2`.
pub fn hours(value: f64) -> String {
    let text = number(value, 1);
    match text.strip_suffix(".0") {
        Some(whole) => whole.to_string(),
        None => text,
    }
}

/// The symbol shown for an ISO currency code (the code itself when it has no common symbol).
pub fn currency_symbol(code: &str) -> &str {
    match code {
        "EUR" => "€",
        "USD" => "$",
        "GBP" => "£",
        "JPY" | "CNY" => "¥",
        "INR" => "₹",
        other => other,
    }
}

/// Formats money with two decimals: `€1,234.50`, or `1,234.50 CHF` for codes without a symbol.
pub fn money(value: f64, currency: &str) -> String {
    let symbol = currency_symbol(currency);
    let amount = number(value, 2);
    if symbol.chars().count() == 1 {
        match amount.strip_prefix('−') {
            Some(positive) => format!("−{symbol}{positive}"),
            None => format!("{symbol}{amount}"),
        }
    } else {
        format!("{amount} {symbol}")
    }
}

/// Formats a ratio as a percentage with one decimal: `0.8745` → `87.5 %`.
pub fn percent(ratio: f64) -> String {
    format!("{} %", number(ratio * 100.0, 1))
}

/// Formats a utilisation as a percentage, or says that load meets no available hours (a
/// utilisation that does not exist).
pub fn utilization(ratio: Option<f64>) -> String {
    ratio.map_or_else(|| "load, no hours".to_string(), percent)
}

/// How a utilisation ranks against others: load without hours is above any percentage.
pub fn utilization_rank(ratio: Option<f64>) -> f64 {
    ratio.unwrap_or(f64::INFINITY)
}

/// The tick text of a chart axis of categories at 1, 2, … (periods, resources): `labels[k]` at
/// `k + 1`, nothing between them or outside the labels.
pub fn category_tick(labels: &[String], value: f64) -> String {
    let index = value.round();
    if (value - index).abs() < 1e-6 && index >= 1.0 {
        labels.get(index as usize - 1).cloned().unwrap_or_default()
    } else {
        String::new()
    }
}

/// Label of period `period` (1-based), as everywhere in the app (see `domain::calendar`).
pub use crate::domain::period_label;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_drop_a_trailing_zero_decimal_only() {
        assert_eq!(hours(34.0), "34");
        // 40 × 0.8 × 0.85 = 27.200000000000003 in floating point.
        assert_eq!(hours(40.0 * 0.8 * 0.85), "27.2");
        assert_eq!(hours(1234.56), "1,234.6");
        assert_eq!(hours(0.04), "0");
    }

    #[test]
    fn numbers_get_thousands_separators_and_a_true_minus() {
        assert_eq!(number(1_234_567.891, 2), "1,234,567.89");
        assert_eq!(number(-950.0, 0), "−950");
        assert_eq!(number(-0.001, 2), "0.00");
        assert_eq!(number(999.0, 0), "999");
        assert_eq!(quantity(2.5), "2.50");
    }

    #[test]
    fn category_ticks_name_whole_periods_only() {
        let labels = vec!["2026-W10".to_string(), "2026-W11".to_string()];
        assert_eq!(category_tick(&labels, 2.0), "2026-W11");
        assert_eq!(category_tick(&labels, 1.5), "");
        assert_eq!(category_tick(&labels, 0.0), "");
        assert_eq!(category_tick(&labels, 3.0), "");
    }

    #[test]
    fn money_puts_symbols_before_and_codes_after() {
        assert_eq!(money(65_550.0, "EUR"), "€65,550.00");
        assert_eq!(money(-12.5, "USD"), "−$12.50");
        assert_eq!(money(3.0, "CHF"), "3.00 CHF");
        assert_eq!(percent(0.874), "87.4 %");
    }
}
