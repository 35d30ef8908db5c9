//! `types.rs`'s fixed shapes written straight as text, the way prettyplease
//! prints them, instead of building tokens that syn parses back and
//! prettyplease prints.
//!
//! Why: the types of a collection such as Zoom's are most of its crate
//! (12,000 of its 20,000 lines), and each definition went through `quote`,
//! syn's parser and prettyplease, whose output for these shapes never
//! varies: a doc block, a fixed `#[derive(...)]` line, one line per field
//! (its docs, its serde attributes), a string enum's variants and its two
//! impls (docs/performance.md, "Session 27: generation speed of the types,
//! docs and loading").
//!
//! Only where prettyplease may break a line does the text depend on its
//! layout: a line wider than its margin that holds a place it can break
//! (generic arguments, an attribute's tokens, a match arm, `impl Trait for`).
//! Such a definition is not written here ([`definition`] gives `None`) and
//! goes through the tokens as before, as does every type of a crate with
//! extra derives, whose `#[derive(...)]` line varies. A line that cannot be
//! broken (a field whose type has no generic arguments, however long) is
//! written as prettyplease writes it, past the margin.
//!
//! The tests print random definitions both ways and compare the text.

use std::borrow::Cow;

use crate::infer::type_facts::TypeFacts;
use crate::ir::{EnumVariant, Field, TypeKind, TypeRef};
use crate::names::{is_keyword, UniqueNames};

use super::super::docs;
use super::super::rust::{doc_lines, ident, string_literal, MARGIN};
use super::{object_row, tolerated, Follows, TypePaths};

/// One type printed as text: its definition, as `rust::print_items` prints
/// the tokens, and the macro table that follows it, if it has one (a
/// struct's `object::impls!`, a string enum's `object::string_enum!`).
pub(super) struct Printed {
    pub definition: String,
    pub follows: Option<Follows>,
}

/// What a definition is printed from, worked out by `types::TypesRun`.
pub(super) struct Def<'a> {
    /// Its index in the type table.
    pub index: usize,
    /// Its Rust name (an identifier as printed).
    pub name: &'a str,
    /// Its doc text, before `doc_lines`.
    pub docs: &'a str,
    pub kind: &'a TypeKind,
}

/// `def` printed as text, or `None` where prettyplease could lay a line out
/// differently (see the module's docs). Only for a crate without extra
/// derives.
pub(super) fn definition(
    paths: &TypePaths<'_>,
    facts: &TypeFacts,
    defaults: &[bool],
    def: &Def<'_>,
) -> Option<Printed> {
    let mut out = Text::default();
    let follows = match def.kind {
        TypeKind::Struct { fields } if defaults[def.index] => Some(Follows::AllTypes(
            object_struct(&mut out, paths, facts, def, fields),
        )),
        TypeKind::Struct { fields } => {
            serde_struct(&mut out, paths, facts, defaults, def, fields);
            None
        }
        TypeKind::Enum { variants } => Some(Follows::Definition(string_enum(
            &mut out, paths, def, variants,
        ))),
    };
    out.fits.then_some(Printed {
        definition: out.text,
        follows,
    })
}

/// A struct with a `Default`, as `types::object_struct` builds it.
fn object_struct(
    out: &mut Text,
    paths: &TypePaths<'_>,
    facts: &TypeFacts,
    def: &Def<'_>,
    fields: &[Field],
) -> String {
    out.docs("", def.docs);
    out.fixed("#[derive(Clone, PartialEq, Default)]\n");
    let mut impls = format!("object::impls!({} {{\n", def.name);
    out.struct_head(def.name, fields.is_empty());
    let mut field_names = UniqueNames::new();
    for (field_index, field) in fields.iter().enumerate() {
        let claimed = field_names.claim(&field.ident);
        let field_ident = ident_text(&claimed);
        out.docs("    ", &field_docs(field));
        out.field(
            &field_ident,
            &field_type(paths, facts, def.index, field_index, field),
        );
        object_row(&mut impls, field_index, field, &field_ident);
    }
    out.struct_tail(fields.is_empty());
    impls.push_str("});\n");
    impls
}

/// A struct without a `Default` (a field holds a string enum), which keeps
/// serde's derives, as `types::TypesRun::print` builds it without extra
/// derives.
fn serde_struct(
    out: &mut Text,
    paths: &TypePaths<'_>,
    facts: &TypeFacts,
    defaults: &[bool],
    def: &Def<'_>,
    fields: &[Field],
) {
    out.docs("", def.docs);
    out.fixed("#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]\n");
    out.struct_head(def.name, fields.is_empty());
    let mut field_names = UniqueNames::new();
    for (field_index, field) in fields.iter().enumerate() {
        let claimed = field_names.claim(&field.ident);
        let field_ident = ident_text(&claimed);
        out.docs("    ", &field_docs(field));
        if field_ident.trim_start_matches("r#") != field.name {
            out.line(&["    #[serde(rename = ", &string_literal(&field.name), ")]"]);
        }
        // The same rules as the token path (see there for why).
        let default = !matches!(field.ty, TypeRef::Option(_)) && tolerated(&field.ty, defaults);
        let skip = match &field.ty {
            TypeRef::Option(_) => Some(paths.std_text("Option")),
            TypeRef::Vec(_) if !field.required => Some(paths.std_text("Vec")),
            _ => None,
        };
        let is_empty_or_none = match &field.ty {
            TypeRef::Option(_) => "::is_none",
            _ => "::is_empty",
        };
        match (default, skip) {
            (false, None) => {}
            (true, None) => out.fixed("    #[serde(default)]\n"),
            (default, Some(skip)) => out.line(&[
                if default {
                    "    #[serde(default, skip_serializing_if = \""
                } else {
                    "    #[serde(skip_serializing_if = \""
                },
                skip,
                is_empty_or_none,
                "\")]",
            ]),
        }
        out.field(
            &field_ident,
            &field_type(paths, facts, def.index, field_index, field),
        );
    }
    out.struct_tail(fields.is_empty());
}

/// A string enum with its catch-all variant, and its `object::string_enum!`
/// table (a row per variant: its name, its value), which gives it `as_str`,
/// `Display`, `Serialize` and `Deserialize`.
fn string_enum(
    out: &mut Text,
    paths: &TypePaths<'_>,
    def: &Def<'_>,
    variants: &[EnumVariant],
) -> String {
    let name = def.name;
    out.docs("", def.docs);
    out.fixed("#[derive(Debug, Clone, PartialEq, Eq, Hash)]\n");
    out.line(&["pub enum ", name, " {"]);
    let mut table = format!("object::string_enum!({name} {{\n");
    for variant in variants {
        let variant_ident = ident_text(&variant.ident);
        out.docs("    ", &docs::code(&variant.value));
        out.line(&["    ", &variant_ident, ","]);
        table.push_str("    ");
        table.push_str(&variant_ident);
        table.push_str(" = ");
        table.push_str(&string_literal(&variant.value));
        table.push_str(",\n");
    }
    out.fixed("    /// A value this client did not know when it was generated.\n");
    out.line(&[
        "    ",
        EnumVariant::CATCH_ALL,
        "(",
        paths.std_text("String"),
        "),",
    ]);
    out.fixed("}\n");
    table.push_str("} ");
    table.push_str(EnumVariant::CATCH_ALL);
    table.push_str(");\n");
    table
}

/// [`ident`]'s text: the name itself when it is a plain identifier, which
/// most are (without making an `Ident` to print it).
fn ident_text(name: &str) -> Cow<'_, str> {
    let bytes = name.as_bytes();
    let plain = bytes
        .first()
        .is_some_and(|&b| b == b'_' || b.is_ascii_alphabetic())
        && bytes
            .iter()
            .all(|&b| b == b'_' || b.is_ascii_alphanumeric())
        && !matches!(name, "_" | "self" | "Self" | "super" | "crate")
        && !is_keyword(name);
    match plain {
        true => Cow::Borrowed(name),
        false => Cow::Owned(ident(name).to_string()),
    }
}

/// A field's doc text, as the token path makes it.
fn field_docs(field: &Field) -> String {
    field
        .docs
        .as_deref()
        .map(docs::markdown)
        .unwrap_or_else(|| docs::code(&field.name))
}

/// A field's type as text, boxed where it closes a cycle.
fn field_type(
    paths: &TypePaths<'_>,
    facts: &TypeFacts,
    index: usize,
    field_index: usize,
    field: &Field,
) -> String {
    let mut text = String::new();
    if facts.is_boxed(index, field_index) {
        let boxed = paths.std_text("Box");
        match &field.ty {
            TypeRef::Option(inner) => {
                text.push_str(paths.std_text("Option"));
                text.push('<');
                text.push_str(boxed);
                text.push('<');
                paths.ty_text(inner, &mut text);
                text.push_str(">>");
            }
            other => {
                text.push_str(boxed);
                text.push('<');
                paths.ty_text(other, &mut text);
                text.push('>');
            }
        }
    } else {
        paths.ty_text(&field.ty, &mut text);
    }
    text
}

/// Printed lines, and whether prettyplease would have printed every one of
/// them alike.
struct Text {
    text: String,
    fits: bool,
}

impl Default for Text {
    fn default() -> Self {
        Text {
            text: String::with_capacity(1024),
            fits: true,
        }
    }
}

impl Text {
    /// A doc block at `indent`, as `doc_block::expand` puts it in.
    fn docs(&mut self, indent: &str, text: &str) {
        // `doc_lines` makes a string per line, to replace control and
        // bidirectional characters; printable ASCII lines are written as
        // they are (trimmed at the end, a space before unless empty).
        let text = text.trim_end();
        let printable = |b: u8| b == b'\n' || b == b'\t' || (b' '..=b'~').contains(&b);
        if text.bytes().all(printable) {
            for line in text.lines() {
                let line = line.trim_end();
                self.text.push_str(indent);
                self.text.push_str("///");
                if !line.is_empty() {
                    self.text.push(' ');
                    self.text.push_str(line);
                }
                self.text.push('\n');
            }
            return;
        }
        for line in doc_lines(text) {
            self.text.push_str(indent);
            self.text.push_str("///");
            self.text.push_str(&line);
            self.text.push('\n');
        }
    }

    /// Lines that always fit, with their line ends.
    fn fixed(&mut self, lines: &str) {
        self.text.push_str(lines);
    }

    /// One line from its parts; too wide, prettyplease might break it.
    fn line(&mut self, parts: &[&str]) {
        let start = self.text.len();
        for part in parts {
            self.text.push_str(part);
        }
        if self.text.len() - start > MARGIN {
            self.fits = false;
        }
        self.text.push('\n');
    }

    /// `pub name: ty,`: breakable only inside generic arguments.
    fn field(&mut self, name: &str, ty: &str) {
        if ty.contains('<') {
            self.line(&["    pub ", name, ": ", ty, ","]);
        } else {
            for part in ["    pub ", name, ": ", ty, ",\n"] {
                self.text.push_str(part);
            }
        }
    }

    /// `pub struct Name {` (`{}` closes at once when it has no fields).
    fn struct_head(&mut self, name: &str, empty: bool) {
        for part in ["pub struct ", name, if empty { " {}\n" } else { " {\n" }] {
            self.text.push_str(part);
        }
    }

    fn struct_tail(&mut self, empty: bool) {
        if !empty {
            self.text.push_str("}\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;

    use super::super::{type_names, types_file_by, SkippedDerives};
    use super::*;
    use crate::ir::{TypeDef, TypeId, TypeTable, Within};

    /// `types.rs` for `table` with the fixed shapes as text, and with every
    /// type printed from its tokens.
    fn both_ways(table: &TypeTable) -> (String, String) {
        let names = type_names(table);
        let print = |text_shapes| {
            let mut skipped = SkippedDerives::new(&[]);
            types_file_by(
                table,
                &names,
                &[],
                &mut skipped,
                &[],
                "src/types.rs",
                text_shapes,
            )
            .expect("prints")
        };
        (print(true), print(false))
    }

    /// How many of `table`'s types are written as text.
    fn written_as_text(table: &TypeTable) -> usize {
        let names = type_names(table);
        let paths = TypePaths::in_types_module(table, &names);
        let facts = TypeFacts::of(table);
        (0..table.defs.len())
            .filter(|&index| {
                let def = Def {
                    index,
                    name: &names[index],
                    docs: "Docs.",
                    kind: &table.defs[index].kind,
                };
                definition(&paths, &facts, facts.defaults(), &def).is_some()
            })
            .count()
    }

    /// Text of any length, with what escaping, docs and widths meet:
    /// quotes, backslashes, control characters, non-ASCII, markdown.
    fn any_text(max: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                8 => proptest::char::range('a', 'z'),
                1 => Just('_'),
                1 => Just(' '),
                1 => prop::sample::select(vec![
                    '"', '\\', '\n', '\r', '\t', '\u{1}', '`', '*', '#', '<', '>', 'é', '漢',
                    '\u{202E}', '\'', '{', '}', '0', 'Z',
                ]),
            ],
            0..max,
        )
        .prop_map(|chars| chars.into_iter().collect())
    }

    /// A name a type or field could have been given, from one letter to
    /// past prettyplease's margin, sometimes one that shadows std's names
    /// or is a keyword.
    fn any_name() -> impl Strategy<Value = String> {
        prop_oneof![
            6 => "[A-Za-z][A-Za-z0-9_]{0,110}",
            1 => prop::sample::select(vec![
                "String", "Option", "Vec", "Box", "Self", "type", "self", "r#fn", "9lives", "",
            ])
            .prop_map(str::to_string),
        ]
    }

    fn any_type(types: usize) -> impl Strategy<Value = TypeRef> {
        use crate::ir::Primitive;
        let leaf = prop_oneof![
            prop::sample::select(vec![
                Primitive::String,
                Primitive::Bool,
                Primitive::I64,
                Primitive::F64,
                Primitive::Value,
            ])
            .prop_map(TypeRef::Primitive),
            (0..types + 1).prop_map(|id| TypeRef::Named(TypeId(id))),
        ];
        leaf.prop_recursive(3, 8, 1, |inner| {
            prop_oneof![
                inner.clone().prop_map(|t| TypeRef::Vec(Box::new(t))),
                inner.clone().prop_map(|t| TypeRef::Map(Box::new(t))),
                inner.prop_map(|t| TypeRef::Option(Box::new(t))),
            ]
        })
    }

    fn any_field(types: usize) -> impl Strategy<Value = Field> {
        (
            prop_oneof![any_name(), any_text(40)],
            any_name(),
            any_type(types),
            any::<bool>(),
            proptest::option::of(any_text(120)),
        )
            .prop_map(|(name, ident, ty, required, docs)| Field {
                name,
                ident,
                ty,
                required,
                docs,
            })
    }

    fn any_kind(types: usize) -> impl Strategy<Value = TypeKind> {
        prop_oneof![
            3 => proptest::collection::vec(any_field(types), 0..5)
                .prop_map(|fields| TypeKind::Struct { fields }),
            1 => proptest::collection::vec(("[A-Z][a-z0-9]{0,60}", any_text(70)), 0..4).prop_map(
                |variants| TypeKind::Enum {
                    // infer gives unique names, never the catch-all's.
                    variants: variants
                        .into_iter()
                        .enumerate()
                        .map(|(n, (ident, value))| EnumVariant {
                            value,
                            ident: format!("V{n}{ident}"),
                        })
                        .collect(),
                }
            ),
        ]
    }

    fn any_table() -> impl Strategy<Value = TypeTable> {
        (1usize..6).prop_flat_map(|types| {
            proptest::collection::vec(
                (
                    any_name(),
                    proptest::option::of(any_text(100)),
                    proptest::option::of((0..types, any_name(), any::<bool>())),
                    any_kind(types - 1),
                ),
                types,
            )
            .prop_map(|defs| TypeTable {
                defs: defs
                    .into_iter()
                    .map(|(name, docs, within, kind)| TypeDef {
                        name,
                        docs,
                        within: within.map(|(parent, field, item)| Within {
                            parent: TypeId(parent),
                            field,
                            item,
                        }),
                        kind,
                        key: String::new(),
                        wanted: String::new(),
                    })
                    .collect(),
                ..TypeTable::default()
            })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Random types (names and types from one letter to past the
        /// margin, cycles that box, enum fields that keep serde's derives,
        /// names that shadow std's, text that needs escaping) print the same
        /// either way.
        #[test]
        fn text_shapes_print_as_the_tokens_do(table in any_table()) {
            let (text, tokens) = both_ways(&table);
            prop_assert_eq!(text, tokens);
        }
    }

    proptest! {
        /// The shortcuts for literals and identifiers print what
        /// `proc_macro2` prints (the `object::impls!` rows of both paths use
        /// the literal's).
        #[test]
        fn literals_and_identifiers_print_as_proc_macro2_prints_them(
            text in prop_oneof![any_text(30), any_name(), ".*"],
        ) {
            prop_assert_eq!(
                string_literal(&text),
                proc_macro2::Literal::string(&text).to_string()
            );
            prop_assert_eq!(ident_text(&text).into_owned(), ident(&text).to_string());
        }
    }

    /// Every shape is written as text when its lines fit; one whose
    /// breakable line does not is left to the tokens.
    #[test]
    fn only_lines_prettyplease_could_break_are_left_to_the_tokens() {
        use crate::ir::Primitive;
        let field = |name: &str, ty: TypeRef| Field::new(name, name, ty);
        let def = |name: &str, kind: TypeKind| TypeDef::new(name, kind);
        let long = "a".repeat(90);
        let table = TypeTable {
            defs: vec![
                def(
                    "Plain",
                    TypeKind::Struct {
                        fields: vec![field("id", TypeRef::Primitive(Primitive::I64))],
                    },
                ),
                def(
                    "WithEnum",
                    TypeKind::Struct {
                        fields: vec![field("kind", TypeRef::Named(TypeId(2)))],
                    },
                ),
                def(
                    "Kind",
                    TypeKind::Enum {
                        variants: vec![EnumVariant {
                            value: "a".to_string(),
                            ident: "A".to_string(),
                        }],
                    },
                ),
                // Past the margin but unbreakable: still text.
                def(
                    "Unbreakable",
                    TypeKind::Struct {
                        fields: vec![field(&long, TypeRef::Named(TypeId(0)))],
                    },
                ),
                // Past the margin inside generic arguments: tokens.
                def(
                    "Breakable",
                    TypeKind::Struct {
                        fields: vec![field(
                            &long,
                            TypeRef::Vec(Box::new(TypeRef::Named(TypeId(0)))),
                        )],
                    },
                ),
            ],
            ..TypeTable::default()
        };
        assert_eq!(written_as_text(&table), 4);
        let (text, tokens) = both_ways(&table);
        assert_eq!(text, tokens);
        assert!(
            text.contains(&format!("    pub {long}: Plain,\n")),
            "{text}"
        );
        assert!(text.contains(&format!("    pub {long}: Vec<\n")), "{text}");
    }

    /// Every corpus collection's `types.rs` is the same either way, and
    /// most of its types are written as text.
    #[test]
    fn every_corpus_collections_types_print_the_same_either_way() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/files");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            println!("notice: {} is absent; corpus check skipped", dir.display());
            return;
        };
        let (mut types, mut as_text) = (0, 0);
        for path in entries.map(|entry| entry.unwrap().path()) {
            let bytes = std::fs::read(&path).unwrap();
            let Ok(loaded) = crate::generate::load_and_infer(&bytes) else {
                continue;
            };
            if loaded.types.defs.is_empty() {
                continue;
            }
            let (text, tokens) = both_ways(&loaded.types);
            assert!(text == tokens, "{}", path.display());
            types += loaded.types.defs.len();
            as_text += written_as_text(&loaded.types);
        }
        assert!(types > 1000, "{types}");
        assert!(as_text * 100 > types * 95, "{as_text} of {types}");
    }
}
