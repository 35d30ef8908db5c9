//! `cargo xtask bench --memory-sweep`: the peak memory of `generate` on
//! every collection of `../shared/corpus/files/` and on the synthetic ones,
//! as a multiple of the input's size (the goal is at most 10×).
//!
//! Each collection is generated once, in its own child process (the release
//! build's `bench-worker generate INPUT --out DIR`), and its peak resident
//! memory read as the kernel counts it for `wait4`
//! ([`crate::bench_peer::run_child`]). A collection the generator rejects
//! is listed as failed, not measured.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use crate::bench_peer::run_child;
use crate::{display_path, Failure};

/// The goal: peak memory at most this multiple of the input.
const GOAL: f64 = 10.0;

/// One collection's peak.
struct Peak {
    label: String,
    bytes: u64,
    peak_kb: Option<u64>,
    failed: Option<String>,
}

/// Measures every `.json` file of the corpus plus `extra` inputs and returns
/// the report: the largest multiples first, then a summary line.
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
    let mut peaks = Vec::new();
    for (label, path) in inputs {
        let bytes = fs::metadata(&path)?.len();
        // A fresh directory: syncing over another collection's crate would
        // read and remove its files too.
        let _ = fs::remove_dir_all(&crate_dir);
        let args = [
            "bench-worker".as_ref(),
            "generate".as_ref(),
            path.as_os_str(),
            "--out".as_ref(),
            crate_dir.as_os_str(),
        ];
        let (peak_kb, failed) = match run_child(worker, &args, None, scratch) {
            Ok(run) => (run.peak_kb, None),
            Err(Failure(message)) => (None, Some(message)),
        };
        peaks.push(Peak {
            label,
            bytes,
            peak_kb,
            failed,
        });
    }
    Ok(report(&mut peaks))
}

fn multiple(peak: &Peak) -> Option<f64> {
    let kb = peak.peak_kb?;
    Some(kb as f64 * 1024.0 / peak.bytes.max(1) as f64)
}

fn report(peaks: &mut [Peak]) -> String {
    peaks.sort_by(|a, b| {
        multiple(b)
            .unwrap_or(0.0)
            .total_cmp(&multiple(a).unwrap_or(0.0))
            .then_with(|| a.label.cmp(&b.label))
    });
    let mut text = String::new();
    let _ = writeln!(
        text,
        "\npeak memory of generate, every collection (largest multiple first)"
    );
    let _ = writeln!(
        text,
        "{:<48} {:>8} {:>9} {:>7} {:>18}",
        "input", "MB", "peak MB", "×input", "×input above it"
    );
    // The process's fixed memory (binary, runtime source, thread pool): the
    // smallest peak measured, which a collection of a few kilobytes has.
    let baseline_kb = peaks
        .iter()
        .filter_map(|peak| peak.peak_kb)
        .min()
        .unwrap_or(0);
    let _ = writeln!(
        text,
        "(fixed memory of the process, the smallest peak: {:.1} MB; `×input above it`: \
         (peak - that) / input)",
        baseline_kb as f64 * 1024.0 / 1e6
    );
    let mut over = 0;
    let mut over_above_fixed = 0;
    let mut measured = 0;
    for peak in peaks.iter() {
        let mb = peak.bytes as f64 / 1e6;
        if let Some(message) = &peak.failed {
            let _ = writeln!(text, "{:<48} {mb:>8.2} failed: {message}", peak.label);
            continue;
        }
        match (peak.peak_kb, multiple(peak)) {
            (Some(kb), Some(times)) => {
                measured += 1;
                if times > GOAL {
                    over += 1;
                }
                let above =
                    kb.saturating_sub(baseline_kb) as f64 * 1024.0 / peak.bytes.max(1) as f64;
                if above > GOAL {
                    over_above_fixed += 1;
                }
                let _ = writeln!(
                    text,
                    "{:<48} {mb:>8.2} {:>9.1} {times:>7.1} {above:>18.1}",
                    peak.label,
                    kb as f64 * 1024.0 / 1e6
                );
            }
            _ => {
                let _ = writeln!(text, "{:<48} {mb:>8.2} {:>9} {:>7}", peak.label, "?", "?");
            }
        }
    }
    let _ = writeln!(
        text,
        "{measured} measured, {over} over {GOAL}× the input, {over_above_fixed} over {GOAL}× \
         the input above the fixed memory"
    );
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_multiple_comes_first_and_goal_breaches_are_counted() {
        let mut peaks = vec![
            Peak {
                label: "small".into(),
                bytes: 1_000_000,
                peak_kb: Some(5_000),
                failed: None,
            },
            Peak {
                label: "big".into(),
                bytes: 1_000_000,
                peak_kb: Some(20_000),
                failed: None,
            },
            Peak {
                label: "broken".into(),
                bytes: 10,
                peak_kb: None,
                failed: Some("not a collection".into()),
            },
        ];
        let text = report(&mut peaks);
        let big = text.find("\nbig ").unwrap();
        let small = text.find("\nsmall ").unwrap();
        assert!(big < small, "{text}");
        assert!(text.contains("failed: not a collection"), "{text}");
        // The fixed memory is the smallest peak (5,000 KiB): `big` is 15,000
        // KiB above it, 15.4× its input; `small` is 0× above it.
        assert!(
            text.contains("2 measured, 1 over 10× the input, 1 over 10× the input above"),
            "{text}"
        );
        assert!(text.contains(" 15.4\n"), "{text}");
    }
}
