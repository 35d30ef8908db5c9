//! Variables whose values never finish expanding: a variable that refers to
//! itself (`a = "{{a}}"`, or through others), and values that grow past a
//! bound when expanded (`a = "{{b}}{{b}}"`, `b = "{{c}}{{c}}"`, ...).
//!
//! Postman substitutes nested variables in at most 19 passes; the generated
//! client does the same and refuses a request whose text is still unresolved
//! or grows past [`MAX_EXPANDED_BYTES`] (the runtime's `render`). This module
//! finds both at generation, by following only the lengths of the expansion
//! (counts of each reference per pass), so a value that would double 19 times
//! costs nothing to check.

use std::collections::BTreeMap;

use crate::collection::VariableDef;
use crate::diagnostics::Diagnostic;
use crate::ir::{Template, TemplatePart};

/// Postman's (and the runtime's) number of substitution passes.
const PASSES: usize = 19;

/// How much text one variable may expand to; the runtime's bound too.
pub const MAX_EXPANDED_BYTES: u64 = 16 << 20;

/// A variable's value: its literal length and the references it holds.
struct Value {
    literal: u64,
    refs: BTreeMap<String, u64>,
}

/// One warning per variable that refers to itself or expands past the bound.
pub fn check(
    definitions: &[VariableDef],
    collection: &[VariableDef],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut values: BTreeMap<&str, Value> = BTreeMap::new();
    for definition in definitions {
        let template = Template::parse(&definition.value);
        let mut value = Value {
            literal: 0,
            refs: BTreeMap::new(),
        };
        for part in &template.parts {
            match part {
                TemplatePart::Literal(text) => value.literal += text.len() as u64,
                TemplatePart::Var(name) => *value.refs.entry(name.clone()).or_default() += 1,
            }
        }
        values.insert(&definition.key, value);
    }
    let mut seen = std::collections::BTreeSet::new();
    for definition in definitions {
        let name = definition.key.as_str();
        if !seen.insert(name) || values[name].refs.is_empty() {
            continue;
        }
        let at = collection
            .iter()
            .rposition(|d| d.key == name)
            .map(|index| format!("$.variable[{index}]"))
            .unwrap_or_default();
        match expand(name, &values) {
            Expansion::Resolved => {}
            Expansion::Unresolved(left) => diagnostics.push(Diagnostic::warning(
                "variable-cycle",
                at,
                format!(
                    "variable `{name}` never resolves: after {PASSES} substitution passes it still refers to {}; \
                     it refers to itself, directly or through other variables (or nests more than {PASSES} deep), \
                     and the client refuses requests that use it",
                    left.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                ),
            )),
            Expansion::TooLarge => diagnostics.push(Diagnostic::warning(
                "variable-expansion",
                at,
                format!(
                    "variable `{name}` expands to more than {} MiB (its value repeats other variables that repeat \
                     others); the client refuses requests that use it",
                    MAX_EXPANDED_BYTES >> 20
                ),
            )),
        }
    }
}

enum Expansion {
    Resolved,
    /// Defined variables still referenced after every pass.
    Unresolved(Vec<String>),
    TooLarge,
}

/// Substitutes `{{name}}` as the runtime does, keeping only lengths.
fn expand(name: &str, values: &BTreeMap<&str, Value>) -> Expansion {
    let mut literal: u64 = 0;
    let mut refs: BTreeMap<&str, u64> = BTreeMap::from([(name, 1)]);
    for _ in 0..PASSES {
        if !refs.keys().any(|r| values.contains_key(r)) {
            return Expansion::Resolved;
        }
        let mut next: BTreeMap<&str, u64> = BTreeMap::new();
        for (reference, count) in refs {
            match values.get(reference) {
                Some(value) => {
                    literal = literal.saturating_add(count.saturating_mul(value.literal));
                    for (inner, times) in &value.refs {
                        let slot = next.entry(inner.as_str()).or_default();
                        *slot = slot.saturating_add(count.saturating_mul(*times));
                    }
                }
                // Left as `{{reference}}`, never replaced.
                None => {
                    literal =
                        literal.saturating_add(count.saturating_mul(reference.len() as u64 + 4))
                }
            }
        }
        refs = next;
        let total = refs.iter().fold(literal, |sum, (r, count)| {
            sum.saturating_add(count.saturating_mul(r.len() as u64 + 4))
        });
        if total > MAX_EXPANDED_BYTES {
            return Expansion::TooLarge;
        }
    }
    let left: Vec<String> = refs
        .keys()
        .filter(|r| values.contains_key(*r))
        .map(|r| r.to_string())
        .collect();
    if left.is_empty() {
        Expansion::Resolved
    } else {
        Expansion::Unresolved(left)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn var(key: &str, value: &str) -> VariableDef {
        VariableDef {
            key: key.into(),
            value: value.into(),
            kind: None,
            description: None,
        }
    }

    fn codes(definitions: &[VariableDef]) -> Vec<(String, &'static str)> {
        let mut diagnostics = Vec::new();
        check(definitions, definitions, &mut diagnostics);
        diagnostics
            .into_iter()
            .map(|d| {
                (
                    d.message.split('`').nth(1).unwrap_or_default().to_string(),
                    d.code,
                )
            })
            .collect()
    }

    #[test]
    fn self_references_and_cycles_are_named() {
        assert_eq!(
            codes(&[var("a", "{{a}}")]),
            [("a".to_string(), "variable-cycle")]
        );
        assert_eq!(
            codes(&[
                var("a", "x{{b}}"),
                var("b", "{{c}}"),
                var("c", "{{a}}"),
                var("d", "{{e}}")
            ]),
            [
                ("a".to_string(), "variable-cycle"),
                ("b".into(), "variable-cycle"),
                ("c".into(), "variable-cycle")
            ]
        );
    }

    #[test]
    fn chains_that_double_are_too_large_and_ordinary_nesting_is_fine() {
        let doubling: Vec<VariableDef> = (0..40)
            .map(|i| {
                var(
                    &format!("v{i}"),
                    &format!("{{{{v{}}}}}{{{{v{}}}}}{}", i + 1, i + 1, "x".repeat(64)),
                )
            })
            .collect();
        assert!(codes(&doubling)
            .iter()
            .any(|(name, code)| name == "v0" && *code == "variable-expansion"));
        assert!(codes(&[
            var("base", "https://{{host}}/v{{version}}"),
            var("host", "h"),
            var("version", "2")
        ])
        .is_empty());
    }
}
