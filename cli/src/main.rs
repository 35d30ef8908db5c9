//! The `postman-codegen` command line. Everything lives in [`cli`]; this file
//! only hands over the process's arguments and exit code, and chooses the
//! process's allocator.

mod cli;

/// jemalloc instead of the C library's malloc: `generate` spends about a
/// quarter of its instructions allocating and freeing small syntax-tree
/// nodes, and jemalloc's per-thread caches make that about a quarter cheaper
/// in CPU time. It is built with one arena (`narenas:1`, set in
/// `.cargo/config.toml`), so its resident peak stays at glibc's; the figures
/// are in docs/performance.md ("Session 25: allocator"). Only the binary
/// chooses: the library leaves the allocator to whoever links it.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
