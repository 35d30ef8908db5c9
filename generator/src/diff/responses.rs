//! Responses of one operation: the success type `send` returns, and the
//! documented statuses.
//!
//! The success shape follows `emit`'s rule for an operation's return type:
//! each documented 2xx status has a body kind (`emit::success_kinds`, the
//! emitter's own function: none for 204, 205 and HEAD, the inferred JSON type,
//! untyped JSON, text, or none); when every status has the
//! same kind, `send` returns that; otherwise it returns an enum with one
//! variant per status; with no documented success it returns the raw bytes.

use std::collections::{BTreeMap, BTreeSet};

use crate::emit::{success_kinds as emitted_success_kinds, BodyKind};
use crate::infer::rust_type;
use crate::ir::Operation;

use super::compare::{Comparer, Place};
use super::{ChangeKind, Findings, Side};

/// Describes a success body kind for messages.
fn describe(kind: &BodyKind, side: Side<'_>) -> String {
    match kind {
        BodyKind::Empty => "no body".to_string(),
        BodyKind::Raw => "raw bytes".to_string(),
        BodyKind::Text => "text".to_string(),
        BodyKind::Json(None) => "untyped JSON".to_string(),
        BodyKind::Json(Some(ty)) => format!("`{}`", rust_type(side.types, ty)),
    }
}

/// The success body kind of every documented 2xx status, by the emitter's rule.
fn success_kinds(side: Side<'_>, index: usize) -> BTreeMap<u16, BodyKind> {
    emitted_success_kinds(side.op(index), side.types.operations.get(index))
}

/// What `send` returns.
#[derive(Debug)]
enum Success {
    /// The same kind for every success status (or raw bytes for none).
    Single(BodyKind),
    /// An enum with one variant per status.
    PerStatus(BTreeMap<u16, BodyKind>),
}

fn success(kinds: &BTreeMap<u16, BodyKind>) -> Success {
    let mut values = kinds.values();
    match values.next() {
        None => Success::Single(BodyKind::Raw),
        Some(first) if values.all(|kind| kind == first) => Success::Single(first.clone()),
        Some(_) => Success::PerStatus(kinds.clone()),
    }
}

/// Compares what two versions of an operation return and document.
pub(super) fn compare(
    old: Side<'_>,
    old_index: usize,
    new: Side<'_>,
    new_index: usize,
    comparer: &mut Comparer<'_>,
    out: &mut Findings,
) {
    let old_kinds = success_kinds(old, old_index);
    let new_kinds = success_kinds(new, new_index);
    match (success(&old_kinds), success(&new_kinds)) {
        (Success::Single(a), Success::Single(b)) => {
            compare_kind(old, new, "response", &a, &b, comparer, out);
            documented(
                "success status",
                old_kinds.keys().copied().collect(),
                new_kinds.keys().copied().collect(),
                out,
            );
        }
        (Success::PerStatus(a), Success::PerStatus(b)) => {
            for (code, kind) in &a {
                match b.get(code) {
                    Some(other) => {
                        let label = format!("response {code}");
                        compare_kind(old, new, &label, kind, other, comparer, out);
                    }
                    None => out.breaking(
                        ChangeKind::Removed,
                        format!("success status {code} removed (its response variant goes)"),
                    ),
                }
            }
            for code in b.keys().filter(|code| !a.contains_key(code)) {
                out.breaking(
                    ChangeKind::Added,
                    format!("new success status {code} (a new response variant)"),
                );
            }
        }
        (Success::Single(_), Success::PerStatus(b)) => out.breaking(
            ChangeKind::Changed,
            format!(
                "success response changed from one type to an enum with a variant per status ({})",
                codes(b.keys())
            ),
        ),
        (Success::PerStatus(a), Success::Single(b)) => out.breaking(
            ChangeKind::Changed,
            format!(
                "success response changed from an enum over statuses {} to {}",
                codes(a.keys()),
                describe(&b, new)
            ),
        ),
    }
    documented(
        "status",
        error_codes(old.op(old_index)),
        error_codes(new.op(new_index)),
        out,
    );
}

/// Compares the body kinds of one success status (or of every status).
fn compare_kind(
    old: Side<'_>,
    new: Side<'_>,
    label: &str,
    a: &BodyKind,
    b: &BodyKind,
    comparer: &mut Comparer<'_>,
    out: &mut Findings,
) {
    match (a, b) {
        (BodyKind::Json(Some(a)), BodyKind::Json(Some(b))) => {
            let place = Place::new(format!("{label} field"), format!("{label} body"));
            comparer.compare(&place, a, b, out);
        }
        _ if a == b => {}
        _ => out.breaking(
            ChangeKind::Changed,
            format!(
                "{label} body changed from {} to {}",
                describe(a, old),
                describe(b, new)
            ),
        ),
    }
}

/// Documented non-2xx statuses.
fn error_codes(op: &Operation) -> BTreeSet<u16> {
    op.responses
        .iter()
        .filter_map(|example| example.code)
        .filter(|code| !(200..300).contains(code))
        .collect()
}

/// Reports statuses that are newly documented or no longer documented
/// (compatible: they change documentation and error descriptions only).
fn documented(what: &str, old: BTreeSet<u16>, new: BTreeSet<u16>, out: &mut Findings) {
    let added: Vec<&u16> = new.difference(&old).collect();
    let removed: Vec<&u16> = old.difference(&new).collect();
    let plural = |n: usize| if n == 1 { "" } else { "es" };
    if !added.is_empty() {
        out.compatible(
            ChangeKind::Changed,
            format!(
                "now documents {what}{} {}",
                plural(added.len()),
                codes(added)
            ),
        );
    }
    if !removed.is_empty() {
        out.compatible(
            ChangeKind::Changed,
            format!(
                "no longer documents {what}{} {}",
                plural(removed.len()),
                codes(removed)
            ),
        );
    }
}

/// `200, 201`.
fn codes<'a>(codes: impl IntoIterator<Item = &'a u16>) -> String {
    codes
        .into_iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
