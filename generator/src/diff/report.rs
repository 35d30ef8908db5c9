//! The report: one line per change, then the suggested version bump.
//!
//! ```text
//! breaking  meetings::registrants::update_registrants_status: body field `action` became required
//! added     webinars::perform_batch_registration: new operation (POST /webinars/{webinarId}/batch_registrants)
//! suggested version bump: 0.3.0 -> 0.4.0
//! ```

use std::fmt;

use serde::Serialize;

use super::{ApiDiff, Bump, Change, ChangeKind, Severity, SuggestedBump, Version};

/// Width of the label column (`breaking`, `added`, `removed`, `changed`).
const LABEL_WIDTH: usize = 9;

/// An [`ApiDiff`] with the suggested bump for a current version: the text
/// report (its `Display`) and the JSON one ([`DiffReport::to_json`]).
#[derive(Debug, Clone)]
pub struct DiffReport<'a> {
    diff: &'a ApiDiff,
    bump: SuggestedBump,
}

/// The JSON form of a report.
#[derive(Debug, Serialize)]
struct JsonReport<'a> {
    changes: &'a [Change],
    breaking: usize,
    current_version: &'a Version,
    bump: Bump,
    suggested_version: &'a Version,
}

impl<'a> DiffReport<'a> {
    /// The report of `diff` for a crate at version `current`.
    pub fn new(diff: &'a ApiDiff, current: &Version) -> Self {
        DiffReport {
            diff,
            bump: diff.suggested_bump(current),
        }
    }

    /// The suggested bump.
    pub fn bump(&self) -> &SuggestedBump {
        &self.bump
    }

    /// The report as JSON: `changes` (each with `kind`, `severity`, `subject`
    /// and `detail`), the number of `breaking` changes, `current_version`,
    /// `bump` (`none`, `patch`, `minor`, `major`) and `suggested_version`.
    pub fn to_json(&self) -> serde_json::Value {
        let report = JsonReport {
            changes: &self.diff.changes,
            breaking: self.diff.breaking().count(),
            current_version: &self.bump.from,
            bump: self.bump.bump,
            suggested_version: &self.bump.to,
        };
        // Plain data with string keys: serializing cannot fail.
        serde_json::to_value(report).unwrap_or(serde_json::Value::Null)
    }
}

impl fmt::Display for DiffReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.diff.is_empty() {
            writeln!(f, "no changes to the generated API")?;
        } else {
            write!(f, "{}", self.diff)?;
        }
        writeln!(f, "suggested version bump: {}", self.bump)
    }
}

impl fmt::Display for ApiDiff {
    /// One line per change.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for change in &self.changes {
            writeln!(f, "{change}")?;
        }
        Ok(())
    }
}

impl Change {
    /// The report's label: `breaking` for breaking changes, else what happened.
    pub fn label(&self) -> &'static str {
        match (self.severity, self.kind) {
            (Severity::Breaking, _) => "breaking",
            (Severity::Compatible, ChangeKind::Added) => "added",
            (Severity::Compatible, ChangeKind::Removed) => "removed",
            (Severity::Compatible, ChangeKind::Changed) => "changed",
        }
    }
}

impl fmt::Display for Change {
    /// `breaking  subject: detail` (no `: detail` when the detail is empty).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:<LABEL_WIDTH$} {}", self.label(), self.subject)?;
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}
