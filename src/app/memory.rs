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
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
                && libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
        }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        false
    }
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    use super::*;

    #[test]
    fn glibc_takes_both_thresholds() {
        assert!(keep_freed_memory_for_reuse());
    }
}
