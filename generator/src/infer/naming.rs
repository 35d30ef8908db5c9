//! Phase 2b: naming the defs, renumbering them in reading order.
//!
//! Roots (bodies, responses, parameter enums) carry the names they want,
//! derived from the operation and the role. A def reached through a struct
//! field wants the field's name (singularised below an array or map), then
//! that name prefixed with its parent's name. Defs are visited depth-first
//! from the roots in operation order; each takes the first name on its list
//! that is still free, or a numbered form of the last one. Identical shapes
//! are one def (see `resolve`), so a shared type is named by its first use.
//! Nothing here depends on hash order.
//!
//! Before that, names an earlier generation recorded (the name lock, by
//! `TypeDef::key`: the operation's item id, the place and the field path)
//! are given to the defs still reached by those keys and still asking for
//! the same first name, so a type inserted before them cannot take them.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::resolve::{RawDef, RawField, RawKind};
use super::words::short_name;
use crate::ir::{EnumVariant, Field, TypeDef, TypeId, TypeKind, TypeRef, Within};
use crate::name_lock::Pinned;
use crate::names::{pascal_ident, snake_ident, UniqueNames};

/// Type names never handed out: they would shadow what generated code uses.
pub(crate) const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "Value",
    "BTreeMap",
    "HashMap",
    "Serialize",
    "Deserialize",
    // What the generated crate exports beside `types` (`crate::Error`,
    // `runtime::RawBody`, ...): a `types::Error` would read as the crate's.
    "Error",
    "Client",
    "ClientBuilder",
    "ResponseValue",
    "ResponseResult",
    "RawBody",
    "RetryPolicy",
    "TokenProvider",
    "FilePart",
    "ErrorResponse",
    "DecodeError",
    "BoxError",
    "TypedBody",
    // The rest of the prelude's type and trait names.
    "Self",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "AsRef",
    "AsMut",
    "Iterator",
    "IntoIterator",
    "Extend",
    "FromIterator",
    "ToOwned",
    "ToString",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
];

/// The variant name emit adds as the catch-all of every enum.
pub(crate) const CATCH_ALL_VARIANT: &str = EnumVariant::CATCH_ALL;

/// A reference from outside any def: an operation's body, response,
/// parameter or form field.
#[derive(Debug, Clone)]
pub(crate) struct RootUse {
    /// The resolved type (ids index the raw defs).
    pub ty: TypeRef,
    /// Names the named type inside `ty` wants, best first.
    pub names: Vec<String>,
    /// A sentence saying where the type is used, for its docs.
    pub origin: String,
    /// Where the root is, stable across regenerations (see `TypeDef::key`);
    /// empty for none.
    pub key: String,
}

/// The fewest defs one job of the pool builds.
const DEFS_PER_JOB: usize = 64;

/// How many times the search for keys enters one def: enough to see a type
/// shared by a few places under each of their keys, bounded for types shared
/// by thousands of places and for recursive ones.
const KEY_VISITS: usize = 4;

/// Per def, every key it is reached by (bounded by [`KEY_VISITS`]), in
/// reading order, each with the name the def asks for first there.
fn def_keys(raw: &[RawDef], roots: &[RootUse]) -> Vec<Vec<(String, String)>> {
    let mut keys: Vec<Vec<(String, String)>> = vec![Vec::new(); raw.len()];
    for root in roots {
        let Some((id, _)) = named_inside(&root.ty, false) else {
            continue;
        };
        let (Some(wanted), false) = (root.names.first(), root.key.is_empty()) else {
            continue;
        };
        let mut stack = vec![(id, root.key.clone(), wanted.clone())];
        while let Some((id, key, wanted)) = stack.pop() {
            let seen = &mut keys[id.0];
            if seen.len() >= KEY_VISITS {
                continue;
            }
            seen.push((key.clone(), wanted));
            if let RawKind::Struct { fields, .. } = &raw[id.0].kind {
                for field in fields.iter().rev() {
                    if let Some((child, plural)) = named_inside(&field.ty, false) {
                        let escaped = field.key.replace('~', "~0").replace('/', "~1");
                        let child_key =
                            format!("{key}/{escaped}{}", if plural { "[]" } else { "" });
                        stack.push((child, child_key, field_short_name(&field.key, plural)));
                    }
                }
            }
        }
    }
    keys
}

/// The name a def below `key` asks for first.
fn field_short_name(key: &str, plural: bool) -> String {
    let mut short = short_name(key, plural);
    if RESERVED_TYPE_NAMES.contains(&short.as_str()) {
        // `errors` → `ErrorItem`, `error` → `ErrorBody`: never `ErrorsError`.
        short.push_str(if plural { "Item" } else { "Body" });
    }
    short
}

/// Names and renumbers `raw` from `roots`. Returns the defs in reading order
/// and each root's type with ids remapped.
pub(crate) fn name_defs(raw: Vec<RawDef>, roots: &[RootUse]) -> (Vec<TypeDef>, Vec<TypeRef>) {
    name_defs_keeping(raw, roots, &BTreeMap::new())
}

/// [`name_defs`], giving first the names an earlier generation recorded
/// (`previous`, by key): a def reached by a recorded key whose first choice
/// of name is still the recorded one gets the recorded name (when no other
/// def took it first), before any other def is named.
pub(crate) fn name_defs_keeping(
    raw: Vec<RawDef>,
    roots: &[RootUse],
    previous: &BTreeMap<String, Pinned>,
) -> (Vec<TypeDef>, Vec<TypeRef>) {
    let keys = def_keys(&raw, roots);
    let mut taken = UniqueNames::with_reserved(RESERVED_TYPE_NAMES.iter().copied());
    let mut pinned: Vec<Option<String>> = vec![None; raw.len()];
    let mut chosen: Vec<(String, String)> = keys
        .iter()
        .map(|keys| keys.first().cloned().unwrap_or_default())
        .collect();
    if !previous.is_empty() {
        for (id, keys) in keys.iter().enumerate() {
            let found = keys.iter().find_map(|(key, wanted)| {
                let pin = previous.get(key)?;
                (pin.wanted == *wanted && !taken.contains(&pin.name)).then_some((key, pin))
            });
            if let Some((key, pin)) = found {
                pinned[id] = Some(taken.claim(&pin.name));
                chosen[id] = (key.clone(), pin.wanted.clone());
            }
        }
    }
    let mut namer = Namer {
        raw: &raw,
        order: Vec::with_capacity(raw.len()),
        new_id: vec![None; raw.len()],
        names: vec![String::new(); raw.len()],
        origins: vec![String::new(); raw.len()],
        within: vec![None; raw.len()],
        uses: vec![0; raw.len()],
        taken,
        pinned,
    };
    for root in roots {
        if let Some((id, _)) = named_inside(&root.ty, false) {
            namer.visit(id, root.names.clone(), root.origin.clone());
        }
    }
    // Defensive: every def is reachable from a root, but never drop one.
    for id in 0..raw.len() {
        if namer.new_id[id].is_none() {
            namer.visit(
                TypeId(id),
                vec!["Unused".into()],
                "Not used by any operation.".into(),
            );
        }
    }
    let remap: Vec<TypeId> = namer
        .new_id
        .iter()
        .map(|n| n.unwrap_or(TypeId(0)))
        .collect();
    // Each def is built from its own name and place alone: built on the
    // rayon pool (in order), as its docs, field identifiers and variant
    // names are a third of naming.
    let mut defs: Vec<TypeDef> = namer
        .order
        .par_iter()
        .with_min_len(DEFS_PER_JOB)
        .map(|&old| {
            build_def(
                &raw[old],
                &namer.names[old],
                &namer.origins[old],
                namer.within[old].clone(),
                namer.uses[old],
                &remap,
            )
        })
        .collect();
    for (def, &old) in defs.iter_mut().zip(&namer.order) {
        (def.key, def.wanted) = std::mem::take(&mut chosen[old]);
    }
    let root_types = roots.iter().map(|r| remap_ref(&r.ty, &remap)).collect();
    (defs, root_types)
}

struct Namer<'r> {
    raw: &'r [RawDef],
    order: Vec<usize>,
    new_id: Vec<Option<TypeId>>,
    names: Vec<String>,
    origins: Vec<String>,
    /// Where each nested type sits (the parent by its new id).
    within: Vec<Option<Within>>,
    uses: Vec<u32>,
    taken: UniqueNames,
    /// Names kept from an earlier generation, already in `taken`.
    pinned: Vec<Option<String>>,
}

impl Namer<'_> {
    /// Depth-first, pre-order, with an explicit stack (no recursion depth limit).
    fn visit(&mut self, root: TypeId, names: Vec<String>, origin: String) {
        // Each entry also carries its path: the root's name, then the short
        // name of every field on the way down. A nested type's candidates are
        // the suffixes of that path, shortest first, so a taken name grows by
        // one parent segment at a time (`SettingsReminder`), not by the whole
        // parent name (`CreateWebinarResponseSettingsReminder`).
        let mut stack = vec![(root, names, origin, Vec::<String>::new(), None)];
        while let Some((id, wanted, origin, path, within)) = stack.pop() {
            let old = id.0;
            self.uses[old] = self.uses[old].saturating_add(1);
            if self.new_id[old].is_some() {
                continue;
            }
            self.new_id[old] = Some(TypeId(self.order.len()));
            self.order.push(old);
            let name = match self.pinned[old].take() {
                Some(kept) => kept,
                None => match wanted.iter().find(|n| !self.taken.contains(n)) {
                    Some(free) => self.taken.claim(free),
                    None => self
                        .taken
                        .claim(wanted.last().map_or("Type", String::as_str)),
                },
            };
            self.origins[old] = origin;
            self.within[old] = within;
            let parent = self.new_id[old];
            let path = if path.is_empty() {
                vec![name.clone()]
            } else {
                path
            };
            if let RawKind::Struct { fields, .. } = &self.raw[old].kind {
                for field in fields.iter().rev() {
                    if let Some((child, plural)) = named_inside(&field.ty, false) {
                        let short = field_short_name(&field.key, plural);
                        let mut child_path = path.clone();
                        child_path.push(short.clone());
                        let mut names: Vec<String> = (1..=child_path.len())
                            .map(|k| child_path[child_path.len() - k..].concat())
                            .collect();
                        names.dedup();
                        // Where it sits is structured (`TypeDef::within`), so
                        // emit can link the parent by its emitted name.
                        let within = parent.map(|parent| Within {
                            parent,
                            field: field.key.clone(),
                            item: plural,
                        });
                        stack.push((child, names, String::new(), child_path, within));
                    }
                }
            }
            self.names[old] = name;
        }
    }
}

/// The named type inside wrappers, and whether a `Vec` or map lies between.
fn named_inside(ty: &TypeRef, plural: bool) -> Option<(TypeId, bool)> {
    match ty {
        TypeRef::Named(id) => Some((*id, plural)),
        TypeRef::Option(inner) => named_inside(inner, plural),
        TypeRef::Vec(inner) | TypeRef::Map(inner) => named_inside(inner, true),
        TypeRef::Primitive(_) => None,
    }
}

pub(crate) fn remap_ref(ty: &TypeRef, remap: &[TypeId]) -> TypeRef {
    match ty {
        TypeRef::Named(id) => TypeRef::Named(remap.get(id.0).copied().unwrap_or(*id)),
        TypeRef::Option(inner) => TypeRef::Option(Box::new(remap_ref(inner, remap))),
        TypeRef::Vec(inner) => TypeRef::Vec(Box::new(remap_ref(inner, remap))),
        TypeRef::Map(inner) => TypeRef::Map(Box::new(remap_ref(inner, remap))),
        TypeRef::Primitive(p) => TypeRef::Primitive(*p),
    }
}

fn build_def(
    raw: &RawDef,
    name: &str,
    origin: &str,
    within: Option<Within>,
    uses: u32,
    remap: &[TypeId],
) -> TypeDef {
    let mut docs = origin.to_string();
    if uses > 1 {
        docs.push_str(&format!(" Used in {uses} places."));
    }
    let kind = match &raw.kind {
        RawKind::Struct { fields, .. } => {
            docs.push_str(&format!(
                "\n\nInferred from {}.",
                plural_count(raw.samples, "sample")
            ));
            let mut idents = UniqueNames::new();
            let fields = fields
                .iter()
                .map(|f| Field {
                    name: f.key.clone(),
                    ident: idents.claim(&snake_ident(&f.key, "field")),
                    ty: remap_ref(&f.ty, remap),
                    required: f.required,
                    docs: Some(field_docs(f, raw.samples)),
                })
                .collect();
            TypeKind::Struct { fields }
        }
        RawKind::Enum {
            values,
            meanings,
            origin: listed,
        } => {
            docs.push_str(&format!(
                "\n\n{listed} Unknown values are kept by the catch-all variant."
            ));
            let mut idents = UniqueNames::with_reserved([CATCH_ALL_VARIANT]);
            // The names are final (emit prints them as they are): a claimed
            // name is not always PascalCase (`a_b` gives `AB`), so it is
            // normalised and claimed once more, in a scope of its own.
            let mut finals = UniqueNames::with_reserved([CATCH_ALL_VARIANT]);
            let variants = values
                .iter()
                .zip(variant_names(values, meanings))
                .map(|(v, wanted)| EnumVariant {
                    value: v.clone(),
                    ident: finals.claim(&pascal_ident(&idents.claim(&wanted), "Value")),
                })
                .collect();
            TypeKind::Enum { variants }
        }
    };
    TypeDef {
        name: name.to_string(),
        // A nested type has no origin sentence: `within` says it.
        docs: Some(docs.trim_start().to_string()),
        within,
        kind,
        key: String::new(),
        wanted: String::new(),
    }
}

/// Words left out of a variant name made from a meaning.
const FILLER: &[&str] = &[
    "a", "an", "the", "with", "in", "of", "and", "or", "to", "for", "that", "be", "is", "are",
    "will", "this", "by", "on", "at", "as",
];

/// The longest variant name made from a meaning, in words.
const MEANING_WORDS: usize = 4;

/// Variant names: from the value itself when it has letters (`approve`), or
/// from its documented meaning when the value is a code (`1` - Instant
/// meeting → `Instant`): the meaning's words without filler and without the
/// words every meaning shares (`meeting`), at most four. Codes without a
/// meaning, and every code when two meanings would give the same name, are
/// named from the value (`N1`).
fn variant_names(values: &[String], meanings: &[Option<String>]) -> Vec<String> {
    let from_value = |v: &String| pascal_ident(v, "Value");
    let is_code = |v: &String| !v.chars().any(char::is_alphabetic);
    let words = |meaning: &str| -> Vec<String> {
        meaning
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && !FILLER.contains(&w.to_ascii_lowercase().as_str()))
            .map(str::to_ascii_lowercase)
            .collect()
    };
    let described: Vec<Vec<String>> = values
        .iter()
        .zip(meanings.iter().chain(std::iter::repeat(&None)))
        .filter(|(v, _)| is_code(v))
        .filter_map(|(_, m)| m.as_deref().map(words))
        .collect();
    let shared: Vec<String> = match described.split_first() {
        Some((first, rest)) if !rest.is_empty() => first
            .iter()
            .filter(|w| rest.iter().all(|other| other.contains(w)))
            .cloned()
            .collect(),
        _ => Vec::new(),
    };
    let names: Vec<String> = values
        .iter()
        .zip(meanings.iter().chain(std::iter::repeat(&None)))
        .map(|(value, meaning)| {
            let meaning = meaning.as_deref().filter(|_| is_code(value));
            let Some(meaning) = meaning else {
                return from_value(value);
            };
            let mut kept: Vec<String> = words(meaning)
                .into_iter()
                .filter(|w| !shared.contains(w))
                .take(MEANING_WORDS)
                .collect();
            if kept.is_empty() {
                kept = words(meaning).into_iter().take(MEANING_WORDS).collect();
            }
            let name = pascal_ident(&kept.join(" "), "");
            if name.is_empty()
                || name.starts_with('N') && name[1..].chars().all(|c| c.is_ascii_digit())
            {
                from_value(value)
            } else {
                name
            }
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    if names.iter().all(|n| seen.insert(n.as_str())) {
        names
    } else {
        values.iter().map(from_value).collect()
    }
}

/// What was observed of a field, in one short paragraph.
fn field_docs(field: &RawField, samples: u32) -> String {
    let mut parts = Vec::new();
    // Provenance only where it explains the type: a field in every sample
    // says nothing a reader needs, one missing from some says why it is an
    // `Option`.
    if field.present < samples {
        parts.push(format!("Seen in {} of {samples} samples.", field.present));
    }
    if field.nulls > 0 {
        parts.push(format!("Null in {}.", plural_count(field.nulls, "sample")));
    }
    if let Some(note) = &field.note {
        parts.push(note.clone());
    }
    if !field.required && matches!(field.ty, TypeRef::Vec(_)) {
        parts.push("Optional: an empty list stands for absent or null.".into());
    }
    if parts.is_empty() {
        parts.push(format!("The `{}` field.", field.key.replace('`', "'")));
    }
    parts.join(" ")
}

fn plural_count(n: u32, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Counts how often each name appears; used by tests to check uniqueness.
    fn duplicates(defs: &[TypeDef]) -> Vec<String> {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for def in defs {
            *counts.entry(def.name.as_str()).or_default() += 1;
        }
        let mut dups: Vec<String> = counts
            .into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|(k, _)| k.to_string())
            .collect();
        dups.sort();
        dups
    }

    fn raw_struct(fields: Vec<(&str, TypeRef)>) -> RawDef {
        let fields: Vec<RawField> = fields
            .into_iter()
            .map(|(k, ty)| RawField {
                key: k.into(),
                ty,
                required: true,
                present: 1,
                nulls: 0,
                note: None,
            })
            .collect();
        let by_key = (0..fields.len()).collect();
        RawDef {
            kind: RawKind::Struct { fields, by_key },
            samples: 1,
        }
    }

    #[test]
    fn first_use_keeps_the_short_name_and_later_ones_are_prefixed() {
        let named = |i| TypeRef::Named(TypeId(i));
        let raw = vec![
            raw_struct(vec![(
                "id",
                TypeRef::Primitive(crate::ir::Primitive::String),
            )]),
            raw_struct(vec![("owner", named(0))]),
            raw_struct(vec![(
                "name",
                TypeRef::Primitive(crate::ir::Primitive::String),
            )]),
            raw_struct(vec![("owner", named(2))]),
            raw_struct(vec![("owners", TypeRef::Vec(Box::new(named(0))))]),
        ];
        let roots = vec![
            RootUse {
                ty: named(1),
                names: vec!["GetAResponse".into()],
                origin: "A.".into(),
                key: String::new(),
            },
            RootUse {
                ty: named(3),
                names: vec!["GetBResponse".into()],
                origin: "B.".into(),
                key: String::new(),
            },
            RootUse {
                ty: TypeRef::Vec(Box::new(named(4))),
                names: vec!["ListResponseItem".into()],
                origin: "L.".into(),
                key: String::new(),
            },
        ];
        let (defs, refs) = name_defs(raw, &roots);
        let names: Vec<&str> = defs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "GetAResponse",
                "Owner",
                "GetBResponse",
                "GetBResponseOwner",
                "ListResponseItem"
            ]
        );
        assert_eq!(refs[0], TypeRef::Named(TypeId(0)));
        assert_eq!(refs[2], TypeRef::Vec(Box::new(TypeRef::Named(TypeId(4)))));
        assert!(duplicates(&defs).is_empty());
        assert!(defs[1]
            .docs
            .as_deref()
            .unwrap()
            .contains("Used in 2 places."));
    }

    #[test]
    fn exhausted_names_are_numbered_and_reserved_names_avoided() {
        let raw = vec![
            raw_struct(vec![("a", TypeRef::Primitive(crate::ir::Primitive::Bool))]),
            raw_struct(vec![("b", TypeRef::Primitive(crate::ir::Primitive::Bool))]),
            raw_struct(vec![("c", TypeRef::Primitive(crate::ir::Primitive::Bool))]),
        ];
        let roots: Vec<RootUse> = (0..3)
            .map(|i| RootUse {
                ty: TypeRef::Named(TypeId(i)),
                names: vec!["String".into(), "Thing".into()],
                origin: String::new(),
                key: String::new(),
            })
            .collect();
        let (defs, _) = name_defs(raw, &roots);
        let names: Vec<&str> = defs.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["Thing", "Thing2", "Thing3"]);
    }

    #[test]
    fn enum_variants_avoid_the_catch_all() {
        let raw = vec![RawDef {
            kind: RawKind::Enum {
                values: vec!["other".into(), "a-b".into(), "A B".into()],
                meanings: vec![None; 3],
                origin: String::new(),
            },
            samples: 0,
        }];
        let roots = [RootUse {
            ty: TypeRef::Named(TypeId(0)),
            names: vec!["Kind".into()],
            origin: String::new(),
            key: String::new(),
        }];
        let (defs, _) = name_defs(raw, &roots);
        let TypeKind::Enum { variants } = &defs[0].kind else {
            panic!()
        };
        let idents: Vec<&str> = variants.iter().map(|v| v.ident.as_str()).collect();
        // As emitted: `a-b` claims `AB`, normalised to `Ab`.
        assert_eq!(idents, ["Other2", "Ab", "Ab2"]);
    }

    /// Emit prints `EnumVariant::ident` as is, so infer's names must already
    /// be valid PascalCase identifiers (keywords escaped, digits prefixed),
    /// unique, and never the catch-all's.
    #[test]
    fn enum_variant_idents_are_final() {
        let values = [
            "self", "Self", "1", "2 two", "Other", "other", "", "über", "a_b", "AB",
        ];
        let raw = vec![RawDef {
            kind: RawKind::Enum {
                values: values.iter().map(|v| v.to_string()).collect(),
                meanings: vec![None; values.len()],
                origin: String::new(),
            },
            samples: 0,
        }];
        let roots = [RootUse {
            ty: TypeRef::Named(TypeId(0)),
            names: vec!["Kind".into()],
            origin: String::new(),
            key: String::new(),
        }];
        let (defs, _) = name_defs(raw, &roots);
        let TypeKind::Enum { variants } = &defs[0].kind else {
            panic!()
        };
        let mut seen = std::collections::HashSet::new();
        for variant in variants {
            let ident = variant.ident.as_str();
            assert_ne!(ident, EnumVariant::CATCH_ALL, "{variants:?}");
            assert!(seen.insert(ident), "{ident} twice: {variants:?}");
            assert_eq!(pascal_ident(ident, "Value"), ident, "{ident} is not final");
            assert!(
                syn::parse_str::<syn::Ident>(ident).is_ok(),
                "{ident} is not an identifier"
            );
        }
    }
}
