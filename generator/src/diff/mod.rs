//! API diff: what changes for users of the generated crate when a collection
//! changes (`postman-codegen diff OLD NEW`, `cargo xtask diff OLD NEW`).
//!
//! [`diff`] compares two lowered APIs together with their inferred types and
//! lists every [`Change`] to the generated crate's public API, each classified
//! as [`Severity::Breaking`] or [`Severity::Compatible`];
//! [`ApiDiff::suggested_bump`] turns that into a semver bump.
//!
//! # Matching operations
//!
//! Operations are paired by Postman item id first; operations left over are
//! paired by HTTP method and path template (`PUT /meetings/{meetingId}`), in
//! collection order. What is still unpaired was added or removed. Changes are
//! reported under the operation's method path in the crate
//! (`meetings::registrants::update_registrants_status`), under `Client` for the
//! client builder, and under `types::Name` for a named type.
//!
//! # What is breaking
//!
//! A change is breaking when code that compiled and worked against the old
//! crate can fail to compile, or start failing at run time, against the new
//! one. Compatible changes are still reported. The rules follow what `emit`
//! writes: path parameters are arguments of the operation's method; query
//! parameters, headers and form fields are setters of its request builder,
//! whose `send` fails when a required one is not set; a JSON body is one
//! struct; generated structs have public fields and generated enums have a
//! catch-all variant, and neither is `#[non_exhaustive]`.
//!
//! Operations:
//! * removed: breaking; added: compatible.
//! * renamed (its method name or group path changed): breaking.
//! * HTTP method, path template or server changed: compatible (the wire
//!   changes, the Rust API does not).
//! * success responses (2xx): one with a different body type, a success status
//!   that gains or loses its own variant of the response enum, or a switch
//!   between one response type and an enum per status: breaking. Documented
//!   statuses that change nothing else, and every non-2xx status (errors keep
//!   the raw response and are not typed), are compatible.
//! * auth changed: breaking (different credentials are needed).
//!
//! Parameters and form fields (builder inputs):
//! * path parameters: added, removed or retyped: breaking (the method's
//!   arguments change); renamed: compatible (arguments are positional).
//! * query parameters, headers, form fields: new and required, removed, became
//!   required, or retyped: breaking; new and optional, or became optional:
//!   compatible.
//! * body mode changed: breaking, except between `urlencoded` and `formdata`,
//!   whose fields are the same setters (compatible, reported).
//!
//! Named types, compared structurally by field name and enum value, recursively,
//! in both requests and responses:
//! * a field added (required *or* optional), removed, retyped, becoming
//!   required (`Option<T>` → `T`) or becoming optional (`T` → `Option<T>`):
//!   breaking. Struct literals name every field, and readers see the new type.
//! * an enum variant added or removed: breaking. The catch-all keeps unknown
//!   values decodable, but an exhaustive `match` must name the new variant.
//! * a list field (`Vec`, where absent means empty) becoming required or
//!   optional keeps its type: compatible (only whether an empty list is sent
//!   changes).
//! * a type used in the same place under a different name: breaking.
//! * a type removed from the `types` module: breaking; added: compatible.
//!   Types are paired by the place they come from (`TypeDef::key`: the
//!   operation's item id, the body, parameter or response status, the field
//!   path), then by name: a type that comes from the same place under a new
//!   name (its operation or field renamed) is one breaking `renamed to`
//!   change, its other differences reported with it.
//!
//! Client:
//! * a server removed: breaking (its setter goes); added, or its URL or default
//!   changed: compatible.
//! * a variable that requests use in a path, query, header or body removed, or
//!   added without a default (requests using it fail until it is set):
//!   breaking; otherwise compatible. Variables of server URLs and auth are
//!   covered by those rules.
//! * an auth scheme no longer used: breaking; a new one: compatible (the
//!   operations that use it report the breaking change).
//!
//! A type that several places of one operation use is compared once per
//! operation, at the first place in reading order.

mod client;
mod compare;
mod load;
mod match_ops;
mod operation;
mod report;
mod responses;
mod version;

use std::collections::HashSet;

use serde::Serialize;

use crate::ir::{Api, Operation, TypeId, TypeTable};

pub use load::{Versions, Which};
pub use report::DiffReport;
pub use version::{Bump, SuggestedBump, Version, VersionError};

/// Every change between two versions of an API, in a deterministic order:
/// client changes, then operations in the new collection's order (removed
/// operations last, in the old order), then types.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ApiDiff {
    /// The changes.
    pub changes: Vec<Change>,
}

/// One change to the generated crate's public API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Whether something was added, removed or changed.
    pub kind: ChangeKind,
    /// Whether callers can be broken by it.
    pub severity: Severity,
    /// What it is about: an operation's method path
    /// (`meetings::registrants::update_registrants_status`), `Client`, or
    /// `types::Name`.
    pub subject: String,
    /// What changed, as a sentence fragment such as
    /// ``body field `action` became required``; empty when the subject says
    /// it all.
    pub detail: String,
}

/// What happened to the thing a [`Change`] describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// It is new. A compatible addition adds API (a minor bump from 1.0 on).
    Added,
    /// It is gone.
    Removed,
    /// It exists on both sides and differs.
    Changed,
}

/// Whether a [`Change`] can break code written against the old crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Existing callers keep compiling and working.
    Compatible,
    /// Existing callers may fail to compile, or fail at run time.
    Breaking,
}

/// Compares two versions of an API: `old` and `new` with the type tables
/// [`infer`](crate::infer::infer) made of them.
pub fn diff(old: &Api, old_types: &TypeTable, new: &Api, new_types: &TypeTable) -> ApiDiff {
    let old = Side {
        api: old,
        types: old_types,
    };
    let new = Side {
        api: new,
        types: new_types,
    };
    let pairs = match_ops::match_operations(old.api, new.api);
    let mut changes = Vec::new();
    let auth = client::compare_client(old, new, &pairs, &mut changes);

    // Type pairs compared under some operation; `compare_types` skips them.
    let mut reached = HashSet::new();
    for pair in &pairs {
        match *pair {
            match_ops::Pairing::Matched { old: o, new: n } => {
                let mut findings = Findings::default();
                operation::compare(
                    old,
                    o,
                    new,
                    n,
                    auth.per_operation,
                    &mut reached,
                    &mut findings,
                );
                let subject = new.subject(n);
                changes.extend(findings.into_changes(&subject));
            }
            match_ops::Pairing::Added(n) => {
                let op = &new.api.operations[n];
                changes.push(Change {
                    kind: ChangeKind::Added,
                    severity: Severity::Compatible,
                    subject: new.subject(n),
                    detail: format!("new operation ({} {})", op.method, new.api.path_string(op)),
                });
            }
            match_ops::Pairing::Removed(o) => {
                let op = &old.api.operations[o];
                changes.push(Change {
                    kind: ChangeKind::Removed,
                    severity: Severity::Breaking,
                    subject: old.subject(o),
                    detail: format!(
                        "operation removed (was {} {})",
                        op.method,
                        old.api.path_string(op)
                    ),
                });
            }
        }
    }
    client::compare_types(old, new, &reached, &mut changes);
    ApiDiff { changes }
}

impl ApiDiff {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// True when some change is breaking.
    pub fn is_breaking(&self) -> bool {
        self.breaking().next().is_some()
    }

    /// The breaking changes.
    pub fn breaking(&self) -> impl Iterator<Item = &Change> {
        self.changes
            .iter()
            .filter(|c| c.severity == Severity::Breaking)
    }

    /// The semver bump these changes call for, from `current`: before 1.0,
    /// breaking changes bump the minor version and anything else the patch
    /// version; from 1.0 on, breaking changes bump the major version,
    /// compatible additions the minor version and other changes the patch
    /// version. No changes, no bump.
    pub fn bump(&self, current: &Version) -> Bump {
        if self.is_empty() {
            Bump::None
        } else if self.is_breaking() {
            if current.major == 0 {
                Bump::Minor
            } else {
                Bump::Major
            }
        } else if current.major > 0 && self.changes.iter().any(|c| c.kind == ChangeKind::Added) {
            Bump::Minor
        } else {
            Bump::Patch
        }
    }

    /// The version to publish next, from `current` (see [`ApiDiff::bump`]);
    /// displays as `0.3.0 -> 0.4.0`.
    pub fn suggested_bump(&self, current: &Version) -> SuggestedBump {
        let bump = self.bump(current);
        SuggestedBump {
            bump,
            from: current.clone(),
            to: current.bumped(bump),
        }
    }

    /// The report for a crate at version `current`: one line per change, then
    /// the suggested bump (see [`DiffReport`]).
    pub fn report(&self, current: &Version) -> DiffReport<'_> {
        DiffReport::new(self, current)
    }
}

/// One version of the API with its types.
#[derive(Debug, Clone, Copy)]
struct Side<'a> {
    api: &'a Api,
    types: &'a TypeTable,
}

impl<'a> Side<'a> {
    /// The operation at an index.
    fn op(&self, index: usize) -> &'a Operation {
        &self.api.operations[index]
    }

    /// The operation's method path in the crate: group idents then its method name.
    fn subject(&self, index: usize) -> String {
        let op = self.op(index);
        let mut path = self.api.group_path(op.group);
        path.push(&op.method_name);
        path.join("::")
    }

    /// The definition behind an id, when the table has it.
    fn def(&self, id: TypeId) -> Option<&'a crate::ir::TypeDef> {
        self.types.defs.get(id.0)
    }
}

/// Changes found for one subject, before the subject is attached.
#[derive(Debug, Default)]
struct Findings {
    items: Vec<(ChangeKind, Severity, String)>,
}

impl Findings {
    /// Records a breaking change.
    fn breaking(&mut self, kind: ChangeKind, detail: impl Into<String>) {
        self.items.push((kind, Severity::Breaking, detail.into()));
    }

    /// Records a compatible change.
    fn compatible(&mut self, kind: ChangeKind, detail: impl Into<String>) {
        self.items.push((kind, Severity::Compatible, detail.into()));
    }

    /// The findings as changes of `subject`.
    fn into_changes(self, subject: &str) -> impl Iterator<Item = Change> + '_ {
        self.items
            .into_iter()
            .map(move |(kind, severity, detail)| Change {
                kind,
                severity,
                subject: subject.to_string(),
                detail,
            })
    }
}

#[cfg(test)]
mod tests;
