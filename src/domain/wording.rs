//! How a count is written in a message: "1 item", "3 items", never "item(s)". Shared by the GUI,
//! the CLI, the reports and the workbook notes, so that one rule holds in every message.

/// `count` followed by the singular or the plural noun: "1 validation problem", "2 validation
/// problems", "0 periods".
pub fn count_of(count: usize, singular: &str, plural: &str) -> String {
    let noun = if count == 1 { singular } else { plural };
    format!("{count} {noun}")
}

#[cfg(test)]
mod tests {
    use super::count_of;

    #[test]
    fn one_takes_the_singular_every_other_count_the_plural() {
        assert_eq!(count_of(1, "item", "items"), "1 item");
        assert_eq!(count_of(0, "item", "items"), "0 items");
        assert_eq!(count_of(2, "period", "periods"), "2 periods");
        assert_eq!(count_of(12_000, "row", "rows"), "12000 rows");
    }
}
