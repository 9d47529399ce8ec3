//! The plan's calendar: ISO dates and the label of each period (a date, an ISO week or a month)
//! from the plan's start date and period unit. Shared by validation, the GUI and the reports so
//! that a period reads the same everywhere.

use super::model::{PeriodUnit, PlanSettings};

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

/// Reads `YYYY-MM-DD` loosely (any day 1–31); `None` when it is not a date at all.
fn parse_iso_date(text: &str) -> Option<Date> {
    let mut parts = text.splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((year, month, day))
}

/// Writes a date as `YYYY-MM-DD`.
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

/// True for a valid calendar date written `YYYY-MM-DD`.
pub fn is_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return false;
    }
    let (Ok(year), Ok(month), Ok(day)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>())
    else {
        return false;
    };
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)
}

/// Days in a month of the proleptic Gregorian calendar.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
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

    #[test]
    fn iso_dates_need_four_two_two_digits_and_a_real_day() {
        assert!(is_iso_date("2024-02-29"), "2024 is a leap year");
        assert!(!is_iso_date("2023-02-29"));
        assert!(!is_iso_date("2026-4-01"));
        assert!(!is_iso_date("2026-04-31"));
        assert_eq!(days_in_month(1900, 2), 28, "1900 is not a leap year");
        assert_eq!(days_in_month(2000, 2), 29, "2000 is");
    }
}
