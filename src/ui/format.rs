//! Number, money and period formatting for display: thousands separators, currency symbols,
//! period labels from the plan's start date ("2026-W14", "2026-04", "2026-03-30").

use crate::domain::{PeriodUnit, PlanSettings};

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

/// Label of period `period` (1-based): from the start date when the plan has one, else `P3`.
pub fn period_label(settings: &PlanSettings, period: i64) -> String {
    let Some(start) = settings.start_date.as_deref().and_then(parse_iso_date) else {
        return format!("P{period}");
    };
    let offset = period - 1;
    match settings.period_unit {
        PeriodUnit::Day => format_date(civil_from_days(days_from_civil(start) + offset)),
        PeriodUnit::Week => {
            let (year, week) = iso_week(civil_from_days(days_from_civil(start) + 7 * offset));
            format!("{year}-W{week:02}")
        }
        PeriodUnit::Month => {
            let months = i64::from(start.0) * 12 + i64::from(start.1) - 1 + offset;
            format!("{}-{:02}", months.div_euclid(12), months.rem_euclid(12) + 1)
        }
    }
}

/// A calendar date (year, month 1–12, day 1–31).
type Date = (i32, u32, u32);

fn parse_iso_date(text: &str) -> Option<Date> {
    let mut parts = text.splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((year, month, day))
}

fn format_date((year, month, day): Date) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

/// Days since 1970-01-01 (H. Hinnant's `days_from_civil`).
fn days_from_civil((year, month, day): Date) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// ISO 8601 week-numbering year and week of a date (weeks start on Monday; week 1 holds the
/// year's first Thursday).
fn iso_week(date: Date) -> (i32, i64) {
    let days = days_from_civil(date);
    let weekday = (days + 3).rem_euclid(7); // 0 = Monday (1970-01-01 was a Thursday).
    let thursday = days - weekday + 3;
    let (year, _, _) = civil_from_days(thursday);
    let first_day = days_from_civil((year, 1, 1));
    (year, (thursday - first_day) / 7 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(unit: PeriodUnit, start: Option<&str>) -> PlanSettings {
        PlanSettings {
            period_unit: unit,
            start_date: start.map(str::to_string),
            ..PlanSettings::default()
        }
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
    fn money_puts_symbols_before_and_codes_after() {
        assert_eq!(money(65_550.0, "EUR"), "€65,550.00");
        assert_eq!(money(-12.5, "USD"), "−$12.50");
        assert_eq!(money(3.0, "CHF"), "3.00 CHF");
        assert_eq!(percent(0.874), "87.4 %");
    }

    #[test]
    fn week_labels_follow_iso_weeks() {
        // 2026-03-30 is a Monday in ISO week 14 (2026-01-01 is a Thursday, so week 1 starts on
        // 2025-12-29 and 2026-03-30 is 91 days = 13 weeks later).
        let weekly = settings(PeriodUnit::Week, Some("2026-03-30"));
        assert_eq!(period_label(&weekly, 1), "2026-W14");
        assert_eq!(period_label(&weekly, 2), "2026-W15");
        // 2025-12-29 + 0 weeks is in ISO week 1 of 2026.
        let year_end = settings(PeriodUnit::Week, Some("2025-12-29"));
        assert_eq!(period_label(&year_end, 1), "2026-W01");
        // 2020-12-28 is in week 53 of 2020 (2020 has 53 ISO weeks).
        let long_year = settings(PeriodUnit::Week, Some("2020-12-28"));
        assert_eq!(period_label(&long_year, 1), "2020-W53");
    }

    #[test]
    fn month_and_day_labels_roll_over_years() {
        let monthly = settings(PeriodUnit::Month, Some("2026-11-01"));
        assert_eq!(period_label(&monthly, 3), "2027-01");
        let daily = settings(PeriodUnit::Day, Some("2024-02-28"));
        assert_eq!(period_label(&daily, 2), "2024-02-29");
        assert_eq!(period_label(&daily, 3), "2024-03-01");
        assert_eq!(period_label(&settings(PeriodUnit::Week, None), 3), "P3");
    }
}
