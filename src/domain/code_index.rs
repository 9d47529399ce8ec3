//! Dense numbers for the codes of one table (items, resources, …), so that validation and
//! analytics look each referencing row's code up once and then work on integers: checking
//! duplicate `(item, seq)` steps, walking the bill of materials or summing a period's load no
//! longer hashes strings.
//!
//! One implementation for the whole crate: `domain` owns it so that `analytics` can use it too.

use super::fxhash::FxHashMap;

/// Code → row number of a table; on duplicate codes the first row keeps the code.
///
/// The index owns what it keeps (a short code is one integer, a long one a copy of its text),
/// so it can outlive the plan it was built from: the GUI keeps it for the next revision of a
/// plan whose codes did not change.
#[derive(Debug, Clone, Default)]
pub struct CodeIndex {
    /// Codes of at most [`CodeKey::INLINE`] bytes, packed (see [`pack_short`]).
    short: FxHashMap<u128, usize>,
    /// Longer codes (rare: generated and sample plans have none).
    long: FxHashMap<Box<str>, usize>,
}

/// A code as it is compared: up to 15 bytes stored inline with their length, so a lookup
/// compares two integers instead of following a pointer to the code's text in the plan (a cache
/// miss per probe on a plan of 20,000 items).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CodeKey<'a> {
    Short(u128),
    Long(&'a str),
}

impl<'a> CodeKey<'a> {
    /// Longest code stored inline; the 16th byte holds the length.
    const INLINE: usize = 15;

    fn of(code: &'a str) -> Self {
        match pack_short(code.as_bytes()) {
            Some(packed) => CodeKey::Short(packed),
            None => CodeKey::Long(code),
        }
    }
}

/// A code of at most [`CodeKey::INLINE`] bytes as one integer: its bytes little-endian and
/// zero-padded, its length in the 16th byte; `None` for a longer code. Two overlapping loads of
/// a fixed width replace a copy of variable length (a call to `memmove` per lookup).
fn pack_short(bytes: &[u8]) -> Option<u128> {
    let len = bytes.len();
    let packed = match len {
        0..=3 => bytes
            .iter()
            .rev()
            .fold(0u128, |packed, &byte| (packed << 8) | u128::from(byte)),
        4..=7 => {
            let first = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?);
            let last = u32::from_le_bytes(bytes.get(len - 4..)?.try_into().ok()?);
            // `last` ends with bytes 4..len: shifted down they sit at positions 4..len.
            let tail = u64::from(last) >> (8 * (8 - len));
            u128::from(u64::from(first) | (tail << 32))
        }
        8..=CodeKey::INLINE => {
            let first = u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?);
            let last = u64::from_le_bytes(bytes.get(len - 8..)?.try_into().ok()?);
            let tail = u128::from(last) >> (8 * (16 - len));
            u128::from(first) | (tail << 64)
        }
        _ => return None,
    };
    Some(packed | ((len as u128) << (8 * CodeKey::INLINE)))
}

impl CodeIndex {
    /// Numbers the codes by their position (the first of duplicates wins).
    pub fn new<'c>(codes: impl ExactSizeIterator<Item = &'c str>) -> Self {
        let mut index = Self::with_capacity(codes.len());
        for (row, code) in codes.enumerate() {
            index.insert(code, row);
        }
        index
    }

    /// An empty index with room for `codes` codes, so a large table is not rehashed.
    pub fn with_capacity(codes: usize) -> Self {
        CodeIndex {
            short: FxHashMap::with_capacity_and_hasher(codes, Default::default()),
            long: FxHashMap::default(),
        }
    }

    /// Gives `code` the number `row` unless it has one; false when it already had one (a
    /// duplicate code).
    pub fn insert(&mut self, code: &str, row: usize) -> bool {
        use std::collections::hash_map::Entry;
        match CodeKey::of(code) {
            CodeKey::Short(packed) => match self.short.entry(packed) {
                Entry::Occupied(_) => false,
                Entry::Vacant(slot) => {
                    slot.insert(row);
                    true
                }
            },
            CodeKey::Long(text) => {
                if self.long.contains_key(text) {
                    return false;
                }
                self.long.insert(text.into(), row);
                true
            }
        }
    }

    /// The number of a code; `None` for an unknown code.
    pub fn get(&self, code: &str) -> Option<usize> {
        self.get_key(&CodeKey::of(code))
    }

    fn get_key(&self, key: &CodeKey<'_>) -> Option<usize> {
        match key {
            CodeKey::Short(packed) => self.short.get(packed),
            CodeKey::Long(text) => self.long.get(*text),
        }
        .copied()
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
    pub fn runs<'q>(&self) -> RunLookup<'_, 'q> {
        RunLookup {
            index: self,
            previous: None,
        }
    }

    /// Number of distinct codes.
    pub fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// True when no code is numbered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Lookups in a [`CodeIndex`] that reuse the previous answer while the code repeats.
#[derive(Debug)]
pub struct RunLookup<'i, 'q> {
    index: &'i CodeIndex,
    previous: Option<(CodeKey<'q>, Option<usize>)>,
}

impl<'q> RunLookup<'_, 'q> {
    /// The number of `code`; hashed only when it differs from the previous code (a short code
    /// is compared as its packed integer, without reading the previous code's text again).
    pub fn get(&mut self, code: &'q str) -> Option<usize> {
        let key = CodeKey::of(code);
        match self.previous {
            Some((last, found)) if last == key => found,
            _ => {
                let found = self.index.get_key(&key);
                self.previous = Some((key, found));
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
    fn packing_matches_a_zero_padded_copy_at_every_length() {
        let text = "ABCDEFGHIJKLMNOPQ";
        for len in 0..=17 {
            let bytes = &text.as_bytes()[..len];
            let expected = (len <= CodeKey::INLINE).then(|| {
                let mut copy = [0u8; 16];
                copy[..len].copy_from_slice(bytes);
                copy[15] = len as u8;
                u128::from_le_bytes(copy)
            });
            assert_eq!(pack_short(bytes), expected, "length {len}");
        }
        // Byte values above 0x7f keep their place (no sign extension).
        let high = [0xff, 0x80, 0xc3, 0xa9, 0x01];
        assert_eq!(
            pack_short(&high),
            Some(0x05 << 120 | 0x01_a9_c3_80_ff),
            "five bytes, little-endian, length 5 in the top byte"
        );
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
        let long = "A-CODE-LONGER-THAN-15";
        let index = CodeIndex::new(["A", "B", long].into_iter());
        let codes = ["A", "A", "X", "X", "B", "A", long, long, "B"];
        assert_eq!(
            index.resolve_runs(codes),
            vec![
                Some(0),
                Some(0),
                None,
                None,
                Some(1),
                Some(0),
                Some(2),
                Some(2),
                Some(1)
            ]
        );
    }
}
