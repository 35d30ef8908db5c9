//! Showing inferred types to people: Rust-like type names, a readable
//! rendering of a whole table (for `postman-codegen inspect` and for
//! snapshots), and summary counts.

use std::fmt::{self, Write as _};

use serde::Serialize;

use crate::infer::naming::CATCH_ALL_VARIANT;
use crate::ir::{Api, Body, Primitive, QueryValue, TypeDef, TypeKind, TypeRef, TypeTable};

/// A [`TypeRef`] displayed as Rust source: `Vec<Registrant>`, `Option<i64>`,
/// `BTreeMap<String, serde_json::Value>`. Made by [`rust_type`].
#[derive(Debug, Clone, Copy)]
pub struct RustType<'a> {
    table: &'a TypeTable,
    ty: &'a TypeRef,
}

/// Displays `ty` as the Rust type emit writes for it, naming table types.
pub fn rust_type<'a>(table: &'a TypeTable, ty: &'a TypeRef) -> RustType<'a> {
    RustType { table, ty }
}

impl fmt::Display for RustType<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = |ty| rust_type(self.table, ty);
        match self.ty {
            TypeRef::Primitive(p) => f.write_str(primitive_name(*p)),
            TypeRef::Vec(ty) => write!(f, "Vec<{}>", inner(ty)),
            TypeRef::Map(ty) => write!(f, "BTreeMap<String, {}>", inner(ty)),
            TypeRef::Option(ty) => write!(f, "Option<{}>", inner(ty)),
            TypeRef::Named(id) => match self.table.defs.get(id.0) {
                Some(def) => f.write_str(&def.name),
                None => write!(f, "<missing type #{}>", id.0),
            },
        }
    }
}

fn primitive_name(p: Primitive) -> &'static str {
    match p {
        Primitive::String => "String",
        Primitive::Bool => "bool",
        Primitive::I64 => "i64",
        Primitive::F64 => "f64",
        Primitive::Value => "serde_json::Value",
    }
}

/// Every definition of the table as Rust-like source, in table order:
/// structs with their field docs and `#[serde(rename)]` where the JSON key
/// is not the field name, enums with their wire values and the catch-all.
pub fn render_types(table: &TypeTable) -> String {
    let mut out = String::new();
    for (i, def) in table.defs.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        render_def(&mut out, table, def);
    }
    out
}

fn render_def(out: &mut String, table: &TypeTable, def: &TypeDef) {
    if let Some(within) = &def.within {
        let parent = &table.get(within.parent).name;
        push_docs(out, Some(&within.sentence(&format!("[`{parent}`]"))), "");
        out.push_str("///\n");
    }
    push_docs(out, def.docs.as_deref(), "");
    match &def.kind {
        TypeKind::Struct { fields } => {
            let _ = writeln!(out, "struct {} {{", def.name);
            for field in fields {
                push_docs(out, field.docs.as_deref(), "    ");
                if field.ident != field.name {
                    let _ = writeln!(out, "    #[serde(rename = {:?})]", field.name);
                }
                let _ = writeln!(out, "    {}: {},", field.ident, rust_type(table, &field.ty));
            }
        }
        TypeKind::Enum { variants } => {
            let _ = writeln!(out, "enum {} {{", def.name);
            for variant in variants {
                let _ = writeln!(out, "    #[serde(rename = {:?})]", variant.value);
                let _ = writeln!(out, "    {},", variant.ident);
            }
            let _ = writeln!(
                out,
                "    {CATCH_ALL_VARIANT}(String), // catch-all, added by emit"
            );
        }
    }
    out.push_str("}\n");
}

fn push_docs(out: &mut String, docs: Option<&str>, indent: &str) {
    for line in docs.unwrap_or_default().lines() {
        if line.is_empty() {
            let _ = writeln!(out, "{indent}///");
        } else {
            let _ = writeln!(out, "{indent}/// {line}");
        }
    }
}

/// Per operation, the type of each parameter, body and response, followed
/// by [`render_types`]. `table` must be `infer(api)`.
pub fn render_api_types(api: &Api, table: &TypeTable) -> String {
    let mut out = String::new();
    for (op, types) in api.operations.iter().zip(&table.operations) {
        let _ = writeln!(out, "{} {} {}", op.name, op.method, api.path_string(op));
        let ty = |t| rust_type(table, t);
        for (param, t) in op.path_params.iter().zip(&types.path_params) {
            let _ = writeln!(out, "    path {}: {}", param.name, ty(t));
        }
        for (query, t) in op.query.iter().zip(&types.query) {
            let key = query.key.as_deref().unwrap_or_default();
            match query.value {
                QueryValue::Param { .. } => {
                    let _ = writeln!(out, "    query {key}: {}", ty(t));
                }
                _ => {
                    let _ = writeln!(out, "    query {key}: (fixed)");
                }
            }
        }
        if let Some(t) = &types.body {
            let _ = writeln!(out, "    body: {}", ty(t));
        }
        if let Some(Body::UrlEncoded { fields, .. } | Body::FormData { fields, .. }) = &op.body {
            for (field, t) in fields.iter().zip(&types.form_fields) {
                let file = matches!(field.kind, crate::ir::FormFieldKind::File { .. });
                let shown = if file {
                    "(file)".to_string()
                } else {
                    ty(t).to_string()
                };
                let _ = writeln!(out, "    form {}: {shown}", field.key.to_postman_string());
            }
        }
        for (code, t) in &types.responses {
            match t {
                Some(t) => {
                    let _ = writeln!(out, "    response {code}: {}", ty(t));
                }
                None => {
                    let _ = writeln!(out, "    response {code}: (no JSON body)");
                }
            }
        }
    }
    if !table.defs.is_empty() {
        out.push('\n');
        out.push_str(&render_types(table));
    }
    out
}

/// Summary counts of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct TypeStats {
    /// Named types (structs + enums).
    pub types: usize,
    /// Structs.
    pub structs: usize,
    /// Enums.
    pub enums: usize,
    /// `BTreeMap<String, T>` positions (struct fields and operation slots).
    pub maps: usize,
    /// `serde_json::Value` positions: mixed kinds, or no usable evidence.
    pub values: usize,
}

impl TypeStats {
    /// Counts the types of a table. Positions inside a shared type count once.
    pub fn of(table: &TypeTable) -> TypeStats {
        let mut stats = TypeStats {
            types: table.defs.len(),
            ..TypeStats::default()
        };
        for def in &table.defs {
            match &def.kind {
                TypeKind::Struct { fields } => {
                    stats.structs += 1;
                    for field in fields {
                        stats.count(&field.ty);
                    }
                }
                TypeKind::Enum { .. } => stats.enums += 1,
            }
        }
        for op in &table.operations {
            let refs = op
                .path_params
                .iter()
                .chain(&op.query)
                .chain(&op.body)
                .chain(&op.form_fields);
            for ty in refs.chain(op.responses.values().flatten()) {
                stats.count(ty);
            }
        }
        stats
    }

    fn count(&mut self, ty: &TypeRef) {
        match ty {
            TypeRef::Primitive(Primitive::Value) => self.values += 1,
            TypeRef::Primitive(_) | TypeRef::Named(_) => {}
            TypeRef::Map(inner) => {
                self.maps += 1;
                self.count(inner);
            }
            TypeRef::Vec(inner) | TypeRef::Option(inner) => self.count(inner),
        }
    }

    /// Adds another table's counts (for totals over many collections).
    pub fn add(&mut self, other: TypeStats) {
        self.types += other.types;
        self.structs += other.structs;
        self.enums += other.enums;
        self.maps += other.maps;
        self.values += other.values;
    }
}

impl fmt::Display for TypeStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = |count: usize, one: &str, many: &str| {
            format!("{count} {}", if count == 1 { one } else { many })
        };
        write!(
            f,
            "{} ({}, {}), {}, {}",
            n(self.types, "type", "types"),
            n(self.structs, "struct", "structs"),
            n(self.enums, "enum", "enums"),
            n(self.maps, "map", "maps"),
            n(
                self.values,
                "serde_json::Value fallback",
                "serde_json::Value fallbacks"
            ),
        )
    }
}
