//! The `postman-codegen` command line. Everything lives in [`cli`]; this file
//! only hands over the process's arguments and exit code, and chooses the
//! process's allocator.

mod cli;

/// jemalloc instead of the C library's malloc: `generate` spends about a
/// quarter of its instructions allocating and freeing small syntax-tree
/// nodes, and jemalloc's per-thread caches make that about a quarter cheaper
/// in CPU time. It is built with one arena (`narenas:1`, set in
/// `.cargo/config.toml`), so its resident peak stays at glibc's, and gives
/// freed pages back within 200 ms (`dirty_decay_ms:200`), so that a
/// one-second run's peak does not keep what it freed, and lets threads cache
/// only blocks up to 4 KiB (`tcache_max:4096`), so that larger freed buffers
/// go back to the one arena, and returns blocks of 256 KiB and more to the
/// system as soon as they are freed (`oversize_threshold:262144`), so that
/// the input's bytes do not stay resident once parsed; the figures are in
/// docs/performance.md ("Session 25: allocator", "Session 26: memory",
/// "Session 27: memory", "Session 28: memory").
/// Only the binary chooses: the library leaves the allocator to whoever
/// links it.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
