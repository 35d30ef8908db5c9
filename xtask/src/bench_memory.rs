//! `cargo xtask bench --memory-sweep`: the peak memory of `generate` on
//! every collection of `../shared/corpus/files/` and on the synthetic ones,
//! as a multiple of the input's size (the goal is at most 10×).
//!
//! Each collection is generated in its own child process, and its peak
//! resident memory read as the kernel counts it for `wait4`
//! ([`crate::bench_peer::run_child`]). The program is the command users run,
//! the release build's `postman-codegen generate INPUT --out DIR` with the
//! allocator the CLI sets (`xtask bench-worker generate` when the CLI is not
//! built). A collection the generator rejects is listed as failed, not
//! measured. A collection large enough to be within 10× is measured
//! [`RUNS_NEAR_GOAL`] times and its median kept: one run's peak varies by
//! several percent with how the threads happen to overlap, which is more
//! than the margin of a collection near the goal (p2o-fastly, session 29:
//! 9.7× in one run, 10.1× as the median of 21). The others are measured
//! once; the floor alone puts them over 10×.
//!
//! Resident memory has a floor no input can go under: the code pages a run
//! touches, the C library, thread stacks, the allocator's metadata. The
//! sweep measures that floor (the median of three runs on an empty
//! collection), prints each peak both in total and above the floor, and
//! says plainly which collections cannot be within 10× at all: those smaller
//! than a tenth of the floor, for which the floor alone is more than 10×.
//! On Linux it also says what the floor is made of, from one more run on the
//! empty collection whose `/proc/PID/status` is sampled while it runs: the
//! file-backed pages (the program's code and read-only data, the C library),
//! which no input changes, and the anonymous memory (heap, thread stacks,
//! the allocator's own).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use crate::bench_peer::run_child;
use crate::{display_path, Failure};

/// The goal: peak memory at most this multiple of the input.
const GOAL: f64 = 10.0;

/// Runs on the empty collection whose median is the floor.
const FLOOR_RUNS: usize = 3;

/// Runs whose median is the peak of a collection large enough to be within
/// the goal (see the module docs).
const RUNS_NEAR_GOAL: usize = 5;

/// The smallest collection `generate` accepts: measuring it gives the
/// process's fixed memory, what any run holds before its input adds to it.
const EMPTY_COLLECTION: &str = r#"{"info":{"name":"floor","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":[]}"#;

/// One collection's peak.
struct Peak {
    label: String,
    bytes: u64,
    peak_kb: Option<u64>,
    failed: Option<String>,
}

/// Measures every `.json` file of the corpus plus `extra` inputs and returns
/// the report: the largest multiples first, then a summary.
pub(crate) fn sweep(
    worker: &Path,
    corpus: &Path,
    extra: &[(String, PathBuf)],
    scratch: &Path,
) -> Result<String, Failure> {
    let mut inputs: Vec<(String, PathBuf)> = match fs::read_dir(corpus) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .map(|path| {
                let name = path
                    .file_stem()
                    .map(|stem| stem.to_string_lossy().into_owned())
                    .unwrap_or_default();
                (format!("corpus/{name}"), path)
            })
            .collect(),
        Err(_) => {
            eprintln!(
                "notice: {} is absent; only the synthetic inputs are measured",
                display_path(corpus)
            );
            Vec::new()
        }
    };
    inputs.sort();
    inputs.extend(extra.iter().cloned());

    fs::create_dir_all(scratch)?;
    let crate_dir = scratch.join("crate");
    // The CLI beside the worker in the same target directory, when built.
    let cli = worker.with_file_name(format!("postman-codegen{}", std::env::consts::EXE_SUFFIX));
    let (program, prefix): (&Path, &[&str]) = match cli.is_file() {
        true => (&cli, &["generate"]),
        false => (worker, &["bench-worker", "generate"]),
    };
    eprintln!("memory sweep of {}", display_path(program));
    let generate = |path: &Path| {
        // A fresh directory: syncing over another collection's crate would
        // read and remove its files too.
        let _ = fs::remove_dir_all(&crate_dir);
        let args: Vec<&std::ffi::OsStr> = prefix
            .iter()
            .map(|arg| arg.as_ref())
            .chain([path.as_os_str(), "--out".as_ref(), crate_dir.as_os_str()])
            .collect();
        run_child(program, &args, None, scratch)
    };

    let empty = scratch.join("empty.postman_collection.json");
    fs::write(&empty, EMPTY_COLLECTION)?;
    let mut floors: Vec<u64> = Vec::new();
    for _ in 0..FLOOR_RUNS {
        floors.extend(generate(&empty)?.peak_kb);
    }
    let floor_kb = median(&mut floors);
    let makeup = {
        let _ = fs::remove_dir_all(&crate_dir);
        let args: Vec<&std::ffi::OsStr> = prefix
            .iter()
            .map(|arg| arg.as_ref())
            .chain([empty.as_os_str(), "--out".as_ref(), crate_dir.as_os_str()])
            .collect();
        resident_makeup(program, &args)
    };

    let mut peaks = Vec::new();
    for (label, path) in inputs {
        let bytes = fs::metadata(&path)?.len();
        let runs = match floor_kb {
            Some(floor_kb) if can_be_within_goal(bytes, floor_kb) => RUNS_NEAR_GOAL,
            _ => 1,
        };
        let mut measured = Vec::new();
        let mut failed = None;
        for _ in 0..runs {
            match generate(&path) {
                Ok(run) => measured.extend(run.peak_kb),
                Err(Failure(message)) => {
                    failed = Some(message);
                    break;
                }
            }
        }
        let peak_kb = match failed {
            Some(_) => None,
            None => median(&mut measured),
        };
        peaks.push(Peak {
            label,
            bytes,
            peak_kb,
            failed,
        });
    }
    Ok(report(&mut peaks, floor_kb, makeup))
}

/// The middle value (the upper one of an even count), `None` for none.
fn median(values: &mut [u64]) -> Option<u64> {
    values.sort_unstable();
    values.get(values.len() / 2).copied()
}

/// Whether an input of `bytes` could be within the goal over a floor of
/// `floor_kb`: the floor alone is not more than [`GOAL`] times it. The one
/// rule for which inputs are measured [`RUNS_NEAR_GOAL`] times and which the
/// report calls too small.
fn can_be_within_goal(bytes: u64, floor_kb: u64) -> bool {
    floor_kb.saturating_mul(1024) <= (GOAL as u64).saturating_mul(bytes)
}

/// The largest file-backed and anonymous resident sizes (KiB) of one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Makeup {
    file_kb: u64,
    anon_kb: u64,
}

/// Runs `program args...` and samples its `/proc/PID/status` until it exits:
/// the largest `RssFile` and `RssAnon` seen. `None` where there is no
/// `/proc` (not Linux), or when the run failed or ended before a sample.
fn resident_makeup(program: &Path, args: &[&std::ffi::OsStr]) -> Option<Makeup> {
    let mut child = std::process::Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let status = PathBuf::from(format!("/proc/{}/status", child.id()));
    let mut seen: Option<Makeup> = None;
    let exit = loop {
        if let Ok(text) = fs::read_to_string(&status) {
            if let (Some(file_kb), Some(anon_kb)) =
                (status_kb(&text, "RssFile:"), status_kb(&text, "RssAnon:"))
            {
                let max = seen.get_or_insert(Makeup { file_kb, anon_kb });
                max.file_kb = max.file_kb.max(file_kb);
                max.anon_kb = max.anon_kb.max(anon_kb);
            }
        }
        match child.try_wait() {
            Ok(Some(exit)) => break exit,
            Ok(None) => std::thread::sleep(std::time::Duration::from_micros(200)),
            Err(_) => return None,
        }
    };
    seen.filter(|_| exit.success())
}

/// The kB value of the `/proc/PID/status` line starting with `key`.
fn status_kb(status: &str, key: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|line| line.strip_prefix(key))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|number| number.parse().ok())
}

fn multiple(peak: &Peak) -> Option<f64> {
    let kb = peak.peak_kb?;
    Some(kb as f64 * 1024.0 / peak.bytes.max(1) as f64)
}

/// KiB as MB.
fn mb(kb: u64) -> f64 {
    kb as f64 * 1024.0 / 1e6
}

/// The table and its summary; `floor_kb` is the peak of an empty collection
/// (the smallest peak measured when that run gave none), `makeup` what it is
/// made of, when known.
fn report(peaks: &mut [Peak], floor_kb: Option<u64>, makeup: Option<Makeup>) -> String {
    peaks.sort_by(|a, b| {
        multiple(b)
            .unwrap_or(0.0)
            .total_cmp(&multiple(a).unwrap_or(0.0))
            .then_with(|| a.label.cmp(&b.label))
    });
    let floor_kb = floor_kb
        .or_else(|| peaks.iter().filter_map(|peak| peak.peak_kb).min())
        .unwrap_or(0);
    // Below this size the floor alone is more than GOAL times the input.
    let reachable_from = mb(floor_kb) / GOAL;
    let mut text = String::new();
    let _ = writeln!(
        text,
        "\npeak memory of generate, every collection (largest multiple first)"
    );
    let _ = writeln!(
        text,
        "fixed floor (peak resident memory of generate on an empty collection): {:.1} MB, \
         so an input under {:.2} MB cannot be within {GOAL}× in total",
        mb(floor_kb),
        reachable_from
    );
    if let Some(Makeup { file_kb, anon_kb }) = makeup {
        let _ = writeln!(
            text,
            "the floor is made of file-backed pages, the same for every input (the program's code \
             and read-only data, the C library): {:.1} MB, and anonymous memory (heap, thread \
             stacks, the allocator's own): {:.1} MB (the largest of each while it ran)",
            mb(file_kb),
            mb(anon_kb)
        );
    }
    let _ = writeln!(
        text,
        "the peak of an input that can be within {GOAL}× is the median of {RUNS_NEAR_GOAL} runs; \
         of the others, one run"
    );
    let _ = writeln!(
        text,
        "{:<44} {:>8} {:>8} {:>7} {:>9} {:>8}  within 10×?",
        "input", "MB", "peak MB", "×input", "above MB", "×above"
    );
    let (mut measured, mut within, mut over, mut cannot, mut over_above) = (0, 0, 0, 0, 0);
    for peak in peaks.iter() {
        let input_mb = peak.bytes as f64 / 1e6;
        if let Some(message) = &peak.failed {
            let _ = writeln!(text, "{:<44} {input_mb:>8.3} failed: {message}", peak.label);
            continue;
        }
        let (Some(kb), Some(times)) = (peak.peak_kb, multiple(peak)) else {
            let _ = writeln!(text, "{:<44} {input_mb:>8.3} {:>8}", peak.label, "?");
            continue;
        };
        measured += 1;
        let above_kb = kb.saturating_sub(floor_kb);
        let above = above_kb as f64 * 1024.0 / peak.bytes.max(1) as f64;
        if above > GOAL {
            over_above += 1;
        }
        let verdict = if times <= GOAL {
            within += 1;
            "yes"
        } else if !can_be_within_goal(peak.bytes, floor_kb) {
            cannot += 1;
            "cannot be: the floor alone is over 10×"
        } else {
            over += 1;
            "no"
        };
        let _ = writeln!(
            text,
            "{:<44} {input_mb:>8.3} {:>8.1} {times:>7.1} {:>9.1} {above:>8.1}  {verdict}",
            peak.label,
            mb(kb),
            mb(above_kb),
        );
    }
    let _ = writeln!(
        text,
        "{measured} measured: {within} within {GOAL}× the input; {over} over it though large \
         enough to be within it; {cannot} too small to be within it (under {reachable_from:.2} MB, \
         where the fixed floor alone is more than {GOAL}×). Above the floor, {over_above} grow \
         by more than {GOAL}× the input."
    );
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_that_can_be_within_the_goal_are_those_the_report_does_not_call_too_small() {
        // A 6,000 KiB floor is 6,144,000 bytes: 614,400 bytes is the
        // smallest input it is at most 10× of.
        let floor_kb = 6_000;
        assert!(can_be_within_goal(614_400, floor_kb));
        assert!(!can_be_within_goal(614_399, floor_kb));
        let mut peaks = vec![
            peak("edge", 614_400, Some(6_100)),
            peak("under", 614_399, Some(6_100)),
        ];
        let text = report(&mut peaks, Some(floor_kb), None);
        assert!(!line(&text, "edge").contains("cannot be"));
        assert!(line(&text, "under").ends_with("cannot be: the floor alone is over 10×"));
    }

    #[test]
    fn the_median_is_the_middle_run_whatever_their_order() {
        assert_eq!(
            median(&mut [14_900, 14_100, 14_600, 15_000, 14_500]),
            Some(14_600)
        );
        assert_eq!(median(&mut [3, 1]), Some(3));
        assert_eq!(median(&mut []), None);
    }

    fn peak(label: &str, bytes: u64, peak_kb: Option<u64>) -> Peak {
        Peak {
            label: label.into(),
            bytes,
            peak_kb,
            failed: None,
        }
    }

    fn line<'a>(text: &'a str, label: &str) -> &'a str {
        text.lines()
            .find(|line| line.starts_with(&format!("{label} ")))
            .unwrap_or_else(|| panic!("no line for {label} in {text}"))
    }

    #[test]
    fn the_largest_multiple_comes_first_and_goal_breaches_are_counted() {
        let mut peaks = vec![
            // 4,882.8 KiB = 5 MB on 1 MB: 5×, within.
            peak("fits", 1_000_000, Some(4_883)),
            // 20 MB on 1 MB: 20×; 15 MB above a 5 MB floor, 15×.
            peak("big", 1_000_000, Some(19_532)),
            // 6 MB on 10 KB: over, and the 5 MB floor alone is 500× it.
            peak("tiny", 10_000, Some(5_860)),
            Peak {
                failed: Some("not a collection".into()),
                ..peak("broken", 10, None)
            },
        ];
        let text = report(&mut peaks, Some(4_883), None);
        let position = |label: &str| text.find(&format!("\n{label} ")).unwrap();
        assert!(position("tiny") < position("big"), "{text}");
        assert!(position("big") < position("fits"), "{text}");
        assert!(text.contains("failed: not a collection"), "{text}");
        assert!(text.contains("fixed floor (peak resident memory of generate on an empty collection): 5.0 MB, so an input under 0.50 MB"), "{text}");
        assert!(line(&text, "fits").ends_with("  yes"), "{text}");
        assert!(line(&text, "big").ends_with("  no"), "{text}");
        assert!(line(&text, "big").contains(" 15.0 "), "{text}");
        assert!(
            line(&text, "tiny").ends_with("cannot be: the floor alone is over 10×"),
            "{text}"
        );
        assert!(
            text.contains("3 measured: 1 within 10× the input; 1 over it though large enough to be within it; 1 too small"),
            "{text}"
        );
        // Above the floor: big grows 15×, tiny 100×, fits 0×.
        assert!(text.contains("Above the floor, 2 grow"), "{text}");
    }

    #[test]
    fn the_floor_is_said_to_be_code_pages_and_heap_when_known() {
        let mut peaks = vec![peak("a", 1_000_000, Some(10_000))];
        let makeup = Makeup {
            file_kb: 7_000,
            anon_kb: 1_100,
        };
        let text = report(&mut peaks, Some(8_200), Some(makeup));
        assert!(
            text.contains("(the program's code and read-only data, the C library): 7.2 MB, and anonymous memory (heap, thread stacks, the allocator's own): 1.1 MB"),
            "{text}"
        );
        let text = report(&mut peaks, Some(8_200), None);
        assert!(!text.contains("file-backed"), "{text}");
    }

    #[test]
    fn status_lines_are_read_in_kb() {
        let status = "Name:\tpostman-codegen\nVmHWM:\t    8552 kB\nRssAnon:\t    1108 kB\nRssFile:\t    7444 kB\n";
        assert_eq!(status_kb(status, "RssAnon:"), Some(1108));
        assert_eq!(status_kb(status, "RssFile:"), Some(7444));
        assert_eq!(status_kb(status, "RssShmem:"), None);
    }

    #[test]
    fn without_a_floor_run_the_smallest_peak_is_the_floor() {
        let mut peaks = vec![
            peak("a", 1_000_000, Some(10_000)),
            peak("b", 1_000_000, Some(30_000)),
        ];
        let text = report(&mut peaks, None, None);
        assert!(
            text.contains(
                "fixed floor (peak resident memory of generate on an empty collection): 10.2 MB"
            ),
            "{text}"
        );
        assert!(line(&text, "a").contains("      0.0 "), "{text}");
    }
}
