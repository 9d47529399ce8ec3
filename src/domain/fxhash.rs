//! A small, fast hash for the short codes that key the plan's tables (the multiply-rotate hash
//! used inside rustc, "FxHash"). Validation and analytics look codes up millions of times on a
//! large plan; SipHash, the standard default, protects against adversarial keys that a plan file
//! opened by its own user does not need protection from, and costs several times more.
//!
//! One implementation for the whole crate: `domain` owns it so that `analytics` can use it too.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Hash state of [`FxHashMap`] and [`FxHashSet`]: eight bytes at a time, rotate, xor, multiply.
#[derive(Debug, Clone, Copy, Default)]
pub struct FxHasher {
    hash: u64,
}

/// Builds [`FxHasher`]s; the third type parameter of the maps below.
pub type FxBuildHasher = BuildHasherDefault<FxHasher>;

/// A `HashMap` hashed with [`FxHasher`].
pub type FxHashMap<K, V> = HashMap<K, V, FxBuildHasher>;

/// A `HashSet` hashed with [`FxHasher`].
pub type FxHashSet<T> = HashSet<T, FxBuildHasher>;

impl FxHasher {
    /// The multiplier of rustc's FxHash (from the golden ratio).
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    /// Rotation applied by `finish` (the value rustc-hash 2 uses).
    const FINISH_ROTATION: u32 = 26;

    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            if let Some(prefix) = word.get_mut(..rest.len()) {
                prefix.copy_from_slice(rest);
            }
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn write_u64(&mut self, word: u64) {
        self.add(word);
    }

    fn write_i64(&mut self, word: i64) {
        self.add(word as u64);
    }

    fn write_usize(&mut self, word: usize) {
        self.add(word as u64);
    }

    fn write_isize(&mut self, word: isize) {
        self.add(word as u64);
    }

    fn write_u128(&mut self, word: u128) {
        self.add(word as u64);
        self.add((word >> 64) as u64);
    }

    /// The state rotated so that its best-mixed high bits land in the low bits, which pick the
    /// bucket: a product's low bits depend only on the input's low bits, and codes sharing their
    /// first bytes (`C02001`, `C02002`) would otherwise fall into a handful of buckets.
    fn finish(&self) -> u64 {
        self.hash.rotate_left(Self::FINISH_ROTATION)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn equal_codes_hash_equal_and_nearby_codes_differ() {
        let build = FxBuildHasher::default();
        assert_eq!(build.hash_one("ITEM-00001"), build.hash_one("ITEM-00001"));
        assert_ne!(build.hash_one("ITEM-00001"), build.hash_one("ITEM-00002"));
        // A code of exactly 8 bytes and the same code with a ninth byte use different words.
        assert_ne!(build.hash_one("ABCDEFGH"), build.hash_one("ABCDEFGHI"));
    }

    #[test]
    fn one_word_hash_is_the_rotate_xor_multiply_of_fxhash() {
        // Empty state: (0.rotate_left(5) ^ 7) · SEED = 7 · 0x517cc1b727220a95 (mod 2^64),
        // then rotated left by 26 bits in `finish`.
        let mut hasher = FxHasher::default();
        hasher.write_u64(7);
        let state = 7u64.wrapping_mul(0x517c_c1b7_2722_0a95);
        assert_eq!(hasher.finish(), state.rotate_left(26));
    }

    #[test]
    fn codes_with_a_common_prefix_spread_over_the_low_bits() {
        // 1,000 codes C00000..C00999 differ only in their last bytes; a hash table of 1,024
        // buckets uses the low 10 bits. Without the final rotation they all share the low 16 bits
        // of `"C0" · SEED`, leaving 5 bits (32 buckets); with it, most buckets are used.
        let build = FxBuildHasher::default();
        let buckets: HashSet<u64> = (0..1000)
            .map(|n| build.hash_one(format!("C{n:05}")) & 1023)
            .collect();
        assert!(buckets.len() > 500, "only {} buckets used", buckets.len());
    }

    #[test]
    fn maps_and_sets_find_what_was_inserted() {
        let mut map: FxHashMap<&str, usize> = FxHashMap::default();
        map.insert("BIKE", 0);
        map.insert("FRAME", 1);
        assert_eq!(map.get("FRAME"), Some(&1));
        assert_eq!(map.get("WHEEL"), None);
        let set: FxHashSet<(&str, i64)> = [("BIKE", 1), ("BIKE", 2)].into_iter().collect();
        assert!(set.contains(&("BIKE", 2)) && !set.contains(&("BIKE", 3)));
    }
}
