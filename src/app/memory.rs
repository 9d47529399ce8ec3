//! How the GUI process keeps the memory an analysis frees, so the next analysis reuses it.
//!
//! A large plan is analysed again after every edit, while the previous results stay on screen:
//! two analyses of plan L are alive at once, about 38 MB each. glibc's malloc hands tables of
//! 8 MB out as separate mappings at first and unmaps them when freed, and gives the top of a
//! heap back to the system once more than its trim threshold is free; both thresholds move with
//! the sizes it sees. Under that default, one wait in two after an edit started on fresh pages:
//! 7,500 minor page faults in the analysis, against 40–280 in the others (measured in
//! `ui_frame_times`, BENCHMARKS.md, session 9). Fixed thresholds keep the freed tables in the
//! heap for the next analysis: from the third analysis on, 0–280 faults each. Freed memory then
//! stays with the process instead of going back to the system; its peak hardly moves (334 MB
//! against 329 MB for the whole `ui_frame_times` run).
//!
//! That leaves the first edit after a plan is opened: the first results are still on screen, so
//! nothing is free yet and its analysis starts on 9,600 fresh pages (38 MB on plan L), which
//! made it take 1.3–2 times as long as the later ones. [`warm_heap`] lets the worker that made
//! the first results touch and free that much heap once they are sent, so the first edit finds
//! the pages already there.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set once malloc has taken both thresholds, so freed memory stays in the heap.
static KEEPS_FREED_MEMORY: AtomicBool = AtomicBool::new(false);

/// Tables up to this size come from the heap, where they can be reused (glibc's default ceiling
/// for its moving threshold on 64-bit systems).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: libc::c_int = 32 << 20;

/// Free memory at the top of a heap kept before any is given back.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const TRIM_THRESHOLD: libc::c_int = 1 << 30;

/// Makes malloc keep freed analysis tables for reuse (see the module docs). Call once at the
/// start of the GUI, before the plan is read. Returns whether malloc took both settings; on
/// other systems than Linux with glibc it does nothing and returns false.
pub fn keep_freed_memory_for_reuse() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: `mallopt` only sets two of malloc's tuning parameters; it refuses (returns 0)
        // a value out of range, which leaves the default.
        let took = unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
                && libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
        };
        KEEPS_FREED_MEMORY.store(took, Ordering::Relaxed);
        took
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        false
    }
}

/// Largest block [`warm_heap`] asks for: well under the mmap threshold, so every block comes
/// from the calling thread's heap and goes back to it.
const WARM_BLOCK: usize = 4 << 20;

/// Most [`warm_heap`] touches, whatever it is asked for.
const WARM_MAX: usize = 256 << 20;

/// Writes to `bytes` of fresh heap (at most 256 MiB) and frees it again, so the calling thread's
/// malloc arena keeps those pages for the next thread that takes it over, and returns how many
/// bytes it touched. Does nothing (returns 0) unless [`keep_freed_memory_for_reuse`] took
/// effect: without it the freed pages would go straight back to the system.
pub fn warm_heap(bytes: usize) -> usize {
    if !KEEPS_FREED_MEMORY.load(Ordering::Relaxed) {
        return 0;
    }
    let mut left = bytes.min(WARM_MAX);
    let mut blocks = Vec::with_capacity(left.div_ceil(WARM_BLOCK));
    while left > 0 {
        let size = left.min(WARM_BLOCK);
        // `vec![1; n]` writes every byte, so every page of the block is faulted in.
        blocks.push(vec![1u8; size]);
        left -= size;
    }
    let touched = blocks.iter().map(Vec::len).sum();
    std::hint::black_box(&blocks);
    touched
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    use super::*;

    #[test]
    fn glibc_takes_both_thresholds() {
        assert!(keep_freed_memory_for_reuse());
    }

    #[test]
    fn warm_heap_touches_what_it_is_asked_for_up_to_its_ceiling() {
        assert!(keep_freed_memory_for_reuse());
        // 10 MiB + 1 byte: two 4 MiB blocks and one of 2 MiB + 1.
        assert_eq!(warm_heap((10 << 20) + 1), (10 << 20) + 1);
        assert_eq!(warm_heap(0), 0);
        assert_eq!(warm_heap(usize::MAX), 256 << 20);
    }
}
