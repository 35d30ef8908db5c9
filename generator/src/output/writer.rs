//! The staged crate's files written on a thread of their own, so that the
//! generator goes on while the kernel creates them.
//!
//! Why: creating a file is the kernel's work (an inode allocated, a
//! directory entry added), about 8% of generating Zoom's crate (125 files,
//! 34 directories) in `perf record`, and it was done where the file was
//! finished: by the folders' thread between two windows of folders (the
//! pool idle meanwhile) and by the calling thread at the end, nothing else
//! running. Here [`Writer::write`] hands the file over and returns; the
//! writer creates it while the next window is printed (docs/performance.md,
//! "Session 27: generation speed of the types, docs and loading").
//!
//! Nothing else changes: files go into the same staging directory, the
//! first failure is kept and later files are dropped, and
//! [`super::StagedCrate`] waits for the writer before it moves the crate
//! into place or removes the staging directory.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

use super::{fault, io_err, OutputError};

/// Files handed over and not yet written, at most: a window of folder
/// modules (eight per thread of the pool) fits, so the folders' thread does
/// not wait, and the text held besides is bounded.
pub(super) const QUEUED: usize = 16;

/// What the writer's thread is asked to do.
enum Job {
    /// Write a file (creating its directories).
    File(PathBuf, String),
    /// Answer once every file handed over before is written (tests).
    #[cfg_attr(not(test), allow(dead_code))]
    Flush(mpsc::Sender<()>),
}

/// A thread that writes files in the order they are handed over.
#[derive(Debug)]
pub(super) struct Writer {
    jobs: Option<SyncSender<Job>>,
    thread: Option<JoinHandle<(Result<(), OutputError>, fault::Handed)>>,
    /// Set when a write failed: later files are not handed over.
    failed: Arc<AtomicBool>,
}

impl Writer {
    /// Starts the writer's thread.
    pub(super) fn spawn() -> Result<Writer, OutputError> {
        let (jobs, queue) = mpsc::sync_channel(QUEUED);
        let failed = Arc::new(AtomicBool::new(false));
        let thread_failed = Arc::clone(&failed);
        let faults = fault::take_write_failure();
        let thread = std::thread::Builder::new()
            .name("postman-codegen-writer".to_string())
            .spawn(move || {
                fault::give_write_failure(faults);
                let written = write_all(queue);
                if written.is_err() {
                    thread_failed.store(true, Ordering::Relaxed);
                }
                (written, fault::take_write_failure())
            })
            .map_err(io_err("cannot start a thread to write", Path::new("")))?;
        Ok(Writer {
            jobs: Some(jobs),
            thread: Some(thread),
            failed,
        })
    }

    /// Hands a file over (dropped once a write has failed).
    pub(super) fn write(&self, path: PathBuf, content: String) {
        if self.failed.load(Ordering::Relaxed) {
            return;
        }
        if let Some(jobs) = &self.jobs {
            // A send fails only once the thread has stopped on a failure,
            // which `finish` reports.
            let _ = jobs.send(Job::File(path, content));
        }
    }

    /// Waits until every file handed over is written (or a write failed).
    #[cfg(test)]
    pub(super) fn flush(&self) {
        let (done, answer) = mpsc::channel();
        if let Some(jobs) = &self.jobs {
            if jobs.send(Job::Flush(done)).is_ok() {
                let _ = answer.recv();
            }
        }
    }

    /// Writes what is left, stops the thread, and gives the first failure.
    pub(super) fn finish(&mut self) -> Result<(), OutputError> {
        drop(self.jobs.take());
        let Some(thread) = self.thread.take() else {
            return Ok(());
        };
        let (written, faults) = thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        fault::give_write_failure(faults);
        written
    }
}

/// The writer's thread: every file in turn, until the queue closes or a
/// write fails.
fn write_all(queue: Receiver<Job>) -> Result<(), OutputError> {
    // Directories made (or found) already: most files go beside another, and
    // `create_dir_all` would try each one's `mkdir` again.
    let mut made: HashSet<PathBuf> = HashSet::new();
    for job in queue {
        match job {
            Job::File(path, content) => {
                if let Some(parent) = path.parent() {
                    if !made.contains(parent) {
                        fs::create_dir_all(parent)
                            .map_err(io_err("cannot create directory", parent))?;
                        made.insert(parent.to_path_buf());
                    }
                }
                fault::hit(fault::Point::WriteFile)?;
                fs::write(&path, content).map_err(io_err("cannot write", &path))?;
            }
            Job::Flush(done) => {
                let _ = done.send(());
            }
        }
    }
    Ok(())
}
