//! Terminal manners: colour only on a terminal (and never with `NO_COLOR`
//! set, <https://no-color.org>), and a progress line on stderr for runs that
//! take longer than a second, erased before anything else is printed.

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// How long a run goes before the progress line appears.
const PROGRESS_AFTER: Duration = Duration::from_secs(1);
/// How often the progress line's elapsed time is updated.
const PROGRESS_EVERY: Duration = Duration::from_millis(250);

/// Whether to colour what goes to a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Palette {
    enabled: bool,
}

impl Palette {
    /// Colour when `terminal` is true and `NO_COLOR` is unset or empty.
    pub(crate) fn new(terminal: bool) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Palette {
            enabled: terminal && !no_color,
        }
    }

    /// For stderr.
    pub(crate) fn stderr() -> Self {
        Palette::new(io::stderr().is_terminal())
    }

    /// For stdout.
    pub(crate) fn stdout() -> Self {
        Palette::new(io::stdout().is_terminal())
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.enabled {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// Colours the severity at the start of each diagnostic heading
    /// (`warning[code]:`, `note[code]:`, `error[code]:`) in rendered text.
    pub(crate) fn diagnostics(self, text: &str) -> String {
        if !self.enabled {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        for line in text.split_inclusive('\n') {
            let painted = [("warning", "1;33"), ("error", "1;31"), ("note", "1;36")]
                .iter()
                .find_map(|(word, code)| {
                    let rest = line.strip_prefix(word)?;
                    rest.starts_with(['[', ':'])
                        .then(|| format!("{}{rest}", self.paint(code, word)))
                });
            out.push_str(painted.as_deref().unwrap_or(line));
        }
        out
    }
}

impl Palette {
    /// The summary with each builder call of the to-do list (`    .access_token(..):`)
    /// in bold green, so what to do stands out.
    pub(crate) fn summary(self, text: &str) -> String {
        if !self.enabled {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        for line in text.split_inclusive('\n') {
            let call = line
                .strip_prefix("    .")
                .and_then(|rest| rest.find(": ").map(|end| &line[4..5 + end]));
            match call {
                Some(call) => {
                    out.push_str("    ");
                    out.push_str(&self.paint("1;32", call));
                    out.push_str(&line[4 + call.len()..]);
                }
                None => out.push_str(line),
            }
        }
        out
    }
}

/// A `postman-codegen: generating ... (2.3 s)` line on stderr, shown once a
/// run has taken [`PROGRESS_AFTER`], only when stderr is a terminal; it is
/// erased by [`Progress::finish`] (and on drop).
#[derive(Debug)]
pub(crate) struct Progress {
    done: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Progress {
    /// Starts the timer; `enabled` false (for `--quiet` or JSON output) shows nothing.
    pub(crate) fn start(what: String, enabled: bool) -> Self {
        let done = Arc::new(AtomicBool::new(false));
        let thread = (enabled && io::stderr().is_terminal()).then(|| {
            let done = Arc::clone(&done);
            thread::spawn(move || {
                let started = Instant::now();
                let mut shown = false;
                while !done.load(Ordering::Acquire) {
                    thread::sleep(PROGRESS_EVERY);
                    let elapsed = started.elapsed();
                    if elapsed < PROGRESS_AFTER || done.load(Ordering::Acquire) {
                        continue;
                    }
                    let mut stderr = io::stderr().lock();
                    let _ = write!(
                        stderr,
                        "\r\x1b[Kpostman-codegen: {what} ({:.1} s)",
                        elapsed.as_secs_f64()
                    );
                    let _ = stderr.flush();
                    shown = true;
                }
                if shown {
                    let mut stderr = io::stderr().lock();
                    let _ = write!(stderr, "\r\x1b[K");
                    let _ = stderr.flush();
                }
            })
        });
        Progress { done, thread }
    }

    /// Stops and erases the line.
    pub(crate) fn finish(&mut self) {
        self.done.store(true, Ordering::Release);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severities_are_coloured_only_when_enabled() {
        let text = "warning[x]: a\n  --> $.item\nnote[y]: b\nwarnings: 2\n";
        let on = Palette { enabled: true }.diagnostics(text);
        assert!(on.starts_with("\x1b[1;33mwarning\x1b[0m[x]: a\n"), "{on:?}");
        assert!(on.contains("\x1b[1;36mnote\x1b[0m[y]: b\n"), "{on:?}");
        assert!(on.ends_with("warnings: 2\n"), "not a heading: {on:?}");
        assert_eq!(Palette { enabled: false }.diagnostics(text), text);
    }

    #[test]
    fn builder_calls_of_the_summary_stand_out() {
        let text =
            "zoom: 1 operation\n    .access_token(..): the token\n    .var(\"a:b\", ..): x\n";
        let on = Palette { enabled: true }.summary(text);
        assert!(
            on.contains("    \x1b[1;32m.access_token(..)\x1b[0m: the token\n"),
            "{on:?}"
        );
        assert!(
            on.contains("\x1b[1;32m.var(\"a:b\", ..)\x1b[0m: x\n"),
            "{on:?}"
        );
        assert!(on.starts_with("zoom: 1 operation\n"), "{on:?}");
        assert_eq!(Palette { enabled: false }.summary(text), text);
    }
}
