//! Escaping and number formatting shared by the report writers: HTML/XML text, spreadsheet
//! formula-injection guards, and human-readable numbers.

/// Escapes text for HTML and SVG element content and quoted attribute values, so a plan named
/// `<script>` shows as text and never becomes markup.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// Guards user text written to a report CSV cell: text starting with `=`, `+`, `-`, `@`, tab or
/// carriage return gets a leading `'` so a spreadsheet never runs it as a formula.
pub fn csv_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// A number with `decimals` digits after the point and thousands separators, e.g.
/// `999,568.00`; non-finite values show as an empty string.
pub fn number(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let fixed = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = match fixed.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (fixed.as_str(), None),
    };
    let mut grouped = String::with_capacity(fixed.len() + whole.len() / 3 + 1);
    let digits = whole.len();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (digits - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    if let Some(fraction) = fraction {
        grouped.push('.');
        grouped.push_str(fraction);
    }
    let is_zero = grouped.chars().all(|c| matches!(c, '0' | '.' | ','));
    if value.is_sign_negative() && !is_zero {
        grouped.insert(0, '-');
    }
    grouped
}

/// A ratio shown as a percentage with one decimal, e.g. `0.915` → `91.5 %`.
pub fn percent(ratio: f64) -> String {
    if ratio.is_finite() {
        format!("{} %", number(ratio * 100.0, 1))
    } else {
        String::new()
    }
}

/// Cuts text to at most `max_chars` characters, ending with `…` when it was longer.
pub fn truncate(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let kept: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    format!("{kept}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_every_markup_character() {
        assert_eq!(
            html("<script>alert('x' & \"y\")</script>"),
            "&lt;script&gt;alert(&#39;x&#39; &amp; &quot;y&quot;)&lt;/script&gt;"
        );
    }

    #[test]
    fn csv_cell_prefixes_formula_starters_only() {
        for risky in ["=SUM(A1)", "+1", "-2", "@cmd", "\tx", "\rx"] {
            assert_eq!(csv_cell(risky), format!("'{risky}"));
        }
        assert_eq!(csv_cell("BIKE-1"), "BIKE-1");
        assert_eq!(csv_cell(""), "");
    }

    #[test]
    fn numbers_get_thousands_separators_and_fixed_decimals() {
        assert_eq!(number(999_568.0, 2), "999,568.00");
        assert_eq!(number(-1234.567, 1), "-1,234.6");
        assert_eq!(number(12.0, 0), "12");
        assert_eq!(number(-0.001, 2), "0.00");
        assert_eq!(number(f64::NAN, 2), "");
        assert_eq!(percent(0.915), "91.5 %");
    }

    #[test]
    fn truncate_keeps_short_text_and_marks_cuts() {
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abcdef", 4), "abc…");
    }
}
