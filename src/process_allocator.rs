//! The binary's allocator: the system allocator for the GUI, mimalloc for a CLI command.
//!
//! Measured on plan L (BENCHMARKS.md): a CLI command is one short process that fills fresh
//! memory with a million rows and item × period tables, where mimalloc takes 0.65–0.75 of the
//! system allocator's wall time for `analyze --json` (fewer page faults, faster small
//! allocations). The GUI is one long process that analyses the plan again after every edit; there
//! glibc's malloc reuses the freed tables and mimalloc made the wait for new results after the
//! first edit 2–3 times longer (350–520 ms against 150–220 ms). So the process chooses once, at
//! the start of `main`, and never switches back.
//!
//! Memory keeps its allocator: what was allocated before the switch (argument parsing) is
//! freed by the system allocator, what mimalloc gave is freed by mimalloc. mimalloc's page map
//! tells the two apart exactly (`mi_is_in_heap_region`); it is asked only once mimalloc was
//! chosen, so the GUI pays one relaxed atomic load per call.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, Ordering};

use mimalloc::MiMalloc;

/// Set once by [`use_mimalloc`]; never cleared.
static MIMALLOC_CHOSEN: AtomicBool = AtomicBool::new(false);

/// From now on, new memory comes from mimalloc (see the module docs); for a CLI command.
pub fn use_mimalloc() {
    MIMALLOC_CHOSEN.store(true, Ordering::Relaxed);
}

/// The system allocator until [`use_mimalloc`], mimalloc after it; each block is freed or
/// resized by the allocator that gave it.
pub struct ProcessAllocator;

impl ProcessAllocator {
    fn chosen() -> bool {
        MIMALLOC_CHOSEN.load(Ordering::Relaxed)
    }

    /// True when mimalloc gave `ptr` (only possible once it was chosen).
    fn from_mimalloc(ptr: *mut u8) -> bool {
        // SAFETY: a pure lookup in mimalloc's page map, valid for any address.
        Self::chosen() && unsafe { libmimalloc_sys::mi_is_in_heap_region(ptr.cast()) }
    }
}

// SAFETY: every call goes to one of two sound allocators, and a block is always freed or
// resized by the allocator that gave it (see `from_mimalloc`), with the caller's layout.
unsafe impl GlobalAlloc for ProcessAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe {
            if Self::chosen() {
                MiMalloc.alloc(layout)
            } else {
                System.alloc(layout)
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        unsafe {
            if Self::chosen() {
                MiMalloc.alloc_zeroed(layout)
            } else {
                System.alloc_zeroed(layout)
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` goes back to the allocator that gave it.
        unsafe {
            if Self::from_mimalloc(ptr) {
                MiMalloc.dealloc(ptr, layout)
            } else {
                System.dealloc(ptr, layout)
            }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` is resized by the allocator that gave it, which keeps it.
        unsafe {
            if Self::from_mimalloc(ptr) {
                MiMalloc.realloc(ptr, layout, new_size)
            } else {
                System.realloc(ptr, layout, new_size)
            }
        }
    }
}
