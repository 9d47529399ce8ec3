//! Dense numbers for the codes of one table (items, resources, …), so that validation and
//! analytics look each referencing row's code up once and then work on integers: checking
//! duplicate `(item, seq)` steps, walking the bill of materials or summing a period's load no
//! longer hashes strings.
//!
//! One implementation for the whole crate: `domain` owns it so that `analytics` can use it too.

use super::fxhash::FxHashMap;

/// Code → row number of a table; on duplicate codes the first row keeps the code.
#[derive(Debug, Clone, Default)]
pub struct CodeIndex<'a> {
    map: FxHashMap<CodeKey<'a>, usize>,
}

/// A code as a hash key. Codes are short (`C02001`, `LN0673`): up to 15 bytes they are stored
/// inline with their length, so a lookup compares two integers instead of following a pointer
/// to the code's text in the plan (a cache miss per probe on a plan of 20,000 items).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum CodeKey<'a> {
    Short(u128),
    Long(&'a str),
}

impl<'a> CodeKey<'a> {
    /// Longest code stored inline; the 16th byte holds the length.
    const INLINE: usize = 15;

    fn of(code: &'a str) -> Self {
        let bytes = code.as_bytes();
        let mut packed = [0u8; 16];
        match packed.get_mut(..bytes.len()) {
            Some(prefix) if bytes.len() <= Self::INLINE => {
                prefix.copy_from_slice(bytes);
                packed[Self::INLINE] = bytes.len() as u8;
                CodeKey::Short(u128::from_le_bytes(packed))
            }
            _ => CodeKey::Long(code),
        }
    }
}

impl<'a> CodeIndex<'a> {
    /// Numbers the codes by their position (the first of duplicates wins).
    pub fn new(codes: impl ExactSizeIterator<Item = &'a str>) -> Self {
        let mut index = Self::with_capacity(codes.len());
        for (row, code) in codes.enumerate() {
            index.insert(code, row);
        }
        index
    }

    /// An empty index with room for `codes` codes, so a large table is not rehashed.
    pub fn with_capacity(codes: usize) -> Self {
        CodeIndex {
            map: FxHashMap::with_capacity_and_hasher(codes, Default::default()),
        }
    }

    /// Gives `code` the number `row` unless it has one; false when it already had one (a
    /// duplicate code).
    pub fn insert(&mut self, code: &'a str, row: usize) -> bool {
        match self.map.entry(CodeKey::of(code)) {
            std::collections::hash_map::Entry::Occupied(_) => false,
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(row);
                true
            }
        }
    }

    /// The number of a code; `None` for an unknown code.
    pub fn get(&self, code: &str) -> Option<usize> {
        self.map.get(&CodeKey::of(code)).copied()
    }

    /// The numbers of a sequence of codes (`None` for unknown ones). The rows of one owner
    /// usually come together (all steps of an item, all demand of an item), so a code equal to
    /// the previous one reuses its number without hashing.
    pub fn resolve_runs<'q>(&self, codes: impl IntoIterator<Item = &'q str>) -> Vec<Option<usize>> {
        let mut runs = self.runs();
        codes.into_iter().map(|code| runs.get(code)).collect()
    }

    /// A lookup that remembers the last code, for a loop that resolves one row at a time while
    /// it reads the row's other fields (see [`CodeIndex::resolve_runs`]).
    pub fn runs(&self) -> RunLookup<'_, 'a, '_> {
        RunLookup {
            index: self,
            previous: None,
        }
    }

    /// Number of distinct codes.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when no code is numbered.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// Lookups in a [`CodeIndex`] that reuse the previous answer while the code repeats.
#[derive(Debug)]
pub struct RunLookup<'i, 'a, 'q> {
    index: &'i CodeIndex<'a>,
    previous: Option<(&'q str, Option<usize>)>,
}

impl<'q> RunLookup<'_, '_, 'q> {
    /// The number of `code`; hashed only when it differs from the previous code.
    pub fn get(&mut self, code: &'q str) -> Option<usize> {
        match self.previous {
            Some((last, found)) if last == code => found,
            _ => {
                let found = self.index.get(code);
                self.previous = Some((code, found));
                found
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_numbered_by_row_and_the_first_duplicate_wins() {
        let index = CodeIndex::new(["BIKE", "FRAME", "BIKE", "BOLT"].into_iter());
        assert_eq!(index.get("BIKE"), Some(0));
        assert_eq!(index.get("FRAME"), Some(1));
        assert_eq!(index.get("BOLT"), Some(3));
        assert_eq!(index.get("bike"), None, "codes are case-sensitive");
        assert_eq!(index.len(), 3);
    }

    #[test]
    fn short_long_and_nul_codes_stay_apart() {
        let long = "A-CODE-LONGER-THAN-15";
        let index = CodeIndex::new(["A", "A\0", "", long, "ABCDEFGHIJKLMNO"].into_iter());
        assert_eq!(index.get("A"), Some(0));
        assert_eq!(
            index.get("A\0"),
            Some(1),
            "a trailing NUL is part of the code"
        );
        assert_eq!(index.get(""), Some(2));
        assert_eq!(index.get(long), Some(3));
        assert_eq!(
            index.get("ABCDEFGHIJKLMNO"),
            Some(4),
            "15 bytes: the longest inline"
        );
        assert_eq!(index.get("ABCDEFGHIJKLMN"), None);
        assert_eq!(index.get("A-CODE-LONGER-THAN-1"), None);
    }

    #[test]
    fn insert_reports_a_code_seen_before() {
        let mut index = CodeIndex::with_capacity(2);
        assert!(index.is_empty());
        assert!(index.insert("A", 0));
        assert!(!index.insert("A", 1));
        assert_eq!(index.get("A"), Some(0));
    }

    #[test]
    fn runs_of_one_code_resolve_like_single_lookups() {
        let index = CodeIndex::new(["A", "B"].into_iter());
        let codes = ["A", "A", "X", "X", "B", "A"];
        assert_eq!(
            index.resolve_runs(codes),
            vec![Some(0), Some(0), None, None, Some(1), Some(0)]
        );
    }
}
