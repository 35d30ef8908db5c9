//! The builder's fixed shapes printed as text, not through tokens, syn and
//! prettyplease: the builder struct, its `new` and its setters.
//!
//! Why: a builder is mostly these (Stripe's form requests have up to 50
//! fields, each a field, an initialiser and a setter), and building their
//! tokens, parsing them back with syn and printing them with prettyplease
//! was most of the folders' time (docs/performance.md, "Session 27:
//! generation speed of the operations"). Their layout depends only on the
//! length of their lines: prettyplease (margin [`MARGIN`]) prints a
//! function's parameters on the signature's line when that line fits, else
//! one per line with a trailing comma; a struct's fields and a struct
//! literal's fields one per line. Every function here gives `None` where a
//! line would not fit (prettyplease might break it elsewhere) or a type is
//! not a plain path: the caller then takes the token path, so the printed
//! text is the same either way. `tests` compares both paths on random names
//! and types.
//!
//! The members that are the same tokens for every request (the escape
//! hatches, in four sets, and the streaming methods) are printed by
//! prettyplease once per process and their text reused.
//!
//! The texts are put in the tokens as placeholders
//! (`super::super::repeated::preprinted`) and in the printed file in their
//! place, each as its own item or impl member: docs included, without the
//! blank lines between items that `print::FileText` adds later.

use std::sync::OnceLock;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::quote;

use super::super::print::print_item_by_item;

use super::super::printed_statements;
use super::super::repeated;
use super::super::rust::{for_each_doc_line, ident, ident_text};
use super::super::types::TypePaths;
use super::{field_type, strip_option};
use super::{BodyKind, Success};
use super::{Input, ValueType};

pub(super) use super::super::rust::MARGIN;

/// The indentation of an impl member at the top level of a file.
const MEMBER: &str = "    ";

/// The text prettyplease prints for a type's tokens when they are a plain
/// path with generic arguments, references, lifetimes and tuples (`String`,
/// `Option<types::Foo>`, `Vec<(String, String)>`, `&'a Client`); `None` for
/// anything else.
pub(super) fn type_text(tokens: &TokenStream) -> Option<String> {
    let mut text = String::new();
    push_type(&mut text, tokens.clone())?;
    text.is_ascii().then_some(text)
}

fn push_type(text: &mut String, tokens: TokenStream) -> Option<()> {
    // Words (identifiers) next to each other are spaced (`impl Into`,
    // `'a Client`); everything else is tight but for `, `.
    let mut after_word = false;
    for token in tokens {
        match token {
            TokenTree::Ident(word) => {
                if after_word {
                    text.push(' ');
                }
                text.push_str(&word.to_string());
                after_word = true;
            }
            TokenTree::Punct(punct) => {
                after_word = false;
                match punct.as_char() {
                    ',' => text.push_str(", "),
                    ':' | '<' | '>' | '&' => text.push(punct.as_char()),
                    // A lifetime: `'` joined to its name.
                    '\'' if punct.spacing() == Spacing::Joint => text.push('\''),
                    _ => return None,
                }
            }
            TokenTree::Group(group) if group.delimiter() == Delimiter::Parenthesis => {
                after_word = false;
                text.push('(');
                push_type(text, group.stream())?;
                text.push(')');
            }
            _ => return None,
        }
    }
    Some(())
}

/// `docs` as `///` lines at `indent`, as `super::super::doc_block` expands a
/// block: what prettyplease prints for one `#[doc]` per line.
pub(super) fn push_docs(out: &mut String, indent: &str, docs: &str) {
    // Room for the text and a few lines' prefixes at once, rather than
    // growing line by line.
    out.reserve(docs.len() + 8 * (indent.len() + 5));
    for_each_doc_line(docs, |line| {
        out.push_str(indent);
        out.push_str("///");
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    });
}

/// A function's signature at member indentation, ended by ` {` and a line
/// break: on one line if it fits, else one parameter per line; `None` when a
/// line of that would not fit.
fn push_signature(out: &mut String, head: &str, params: &[String], tail: &str) -> Option<()> {
    let one_line = MEMBER.len() + head.len() + 1 + params.join(", ").len() + 1 + tail.len() + 2;
    if one_line <= MARGIN {
        out.push_str(MEMBER);
        out.push_str(head);
        out.push('(');
        for (index, param) in params.iter().enumerate() {
            if index > 0 {
                out.push_str(", ");
            }
            out.push_str(param);
        }
        out.push(')');
        out.push_str(tail);
        out.push_str(" {\n");
        return Some(());
    }
    // A head past the margin (a long name) is printed as it is, an
    // identifier being unbreakable; the parameters then go one per line.
    // A parameter past it might break inside a generic type's `<>`.
    if MEMBER.len() + 1 + tail.len() + 2 > MARGIN
        || params
            .iter()
            .any(|param| 2 * MEMBER.len() + param.len() + 1 > MARGIN)
    {
        return None;
    }
    out.push_str(MEMBER);
    out.push_str(head);
    out.push_str("(\n");
    for param in params {
        out.push_str(MEMBER);
        out.push_str(MEMBER);
        out.push_str(param);
        out.push_str(",\n");
    }
    out.push_str(MEMBER);
    out.push(')');
    out.push_str(tail);
    out.push_str(" {\n");
    Some(())
}

/// A line of a function body (eight spaces in); `None` when it would not fit.
fn push_body_line(out: &mut String, line: &str) -> Option<()> {
    if 2 * MEMBER.len() + line.len() > MARGIN {
        return None;
    }
    out.push_str(MEMBER);
    out.push_str(MEMBER);
    out.push_str(line);
    out.push('\n');
    Some(())
}

/// The one statement of a setter before `self`.
pub(super) enum SetterStatement<'a> {
    /// `self.name = Some(argument);`, which prettyplease breaks past the
    /// margin ([`push_assign_some`]).
    AssignSome(&'a str),
    /// Any other statement, on one line.
    Line(String),
}

/// A setter, as `builder::setter` prints, without its docs: `name` is the
/// method's (and the field's) identifier as printed, `inline` whether it is
/// `#[inline]`, `params` its parameters after `mut self`, `statement` the one
/// statement before `self`.
pub(super) fn setter_shape(
    out: &mut String,
    name: &str,
    inline: bool,
    params: &[String],
    statement: SetterStatement<'_>,
) -> Option<()> {
    if inline {
        out.push_str(MEMBER);
        out.push_str("#[inline]\n");
    }
    let mut all = Vec::with_capacity(params.len() + 1);
    all.push("mut self".to_string());
    all.extend(params.iter().cloned());
    push_signature(out, &["pub fn ", name].concat(), &all, " -> Self")?;
    match statement {
        SetterStatement::AssignSome(argument) => push_assign_some(out, name, argument)?,
        SetterStatement::Line(line) => push_body_line(out, &line)?,
    }
    push_body_line(out, "self")?;
    out.push_str(MEMBER);
    out.push_str("}\n");
    Some(())
}

/// `self.name = Some(argument);` as a statement of a function body, as
/// prettyplease lays it out: on one line where it fits. Else the call is
/// broken after `Some(`, `argument,` four columns in and `);` on lines of
/// their own; and where `self.name = ` does not fit before the ` = ` either
/// (a place a line may not break, so it counts), `self` is broken before
/// the dot too, `.name = Some(` four columns in. `None` where the argument
/// would not fit its line.
fn push_assign_some(out: &mut String, name: &str, argument: &str) -> Option<()> {
    const BODY_PAD: &str = "        ";
    let one_line = BODY_PAD.len() + "self.".len() + name.len() + " = Some(".len() + argument.len();
    if one_line + ");".len() <= MARGIN {
        return push_body_line(out, &["self.", name, " = Some(", argument, ");"].concat());
    }
    if BODY_PAD.len() + 4 + argument.len() > MARGIN {
        return None;
    }
    out.push_str(BODY_PAD);
    if BODY_PAD.len() + "self.".len() + name.len() + " = ".len() <= MARGIN {
        out.push_str("self.");
    } else {
        out.push_str("self\n");
        out.push_str(BODY_PAD);
        out.push_str(MEMBER);
        out.push('.');
    }
    out.push_str(name);
    out.push_str(" = Some(\n");
    out.push_str(BODY_PAD);
    out.push_str(MEMBER);
    out.push_str(argument);
    out.push_str(",\n");
    out.push_str(BODY_PAD);
    out.push_str(");\n");
    Some(())
}

/// The printed setter of `input` with its docs `docs`, or `None` where the
/// token path must print it.
pub(super) fn setter(input: &Input, docs: &str, paths: &TypePaths<'_>) -> Option<String> {
    if tokens_only() {
        return None;
    }
    let name = ident_text(&input.name).into_owned();
    let mut out = String::with_capacity(docs.len() + 256);
    push_docs(&mut out, MEMBER, docs);
    let string = |param: &str| [param, ": impl Into<String>"].concat();
    match &input.value {
        ValueType::String => setter_shape(
            &mut out,
            &name,
            false,
            &[string("value")],
            SetterStatement::AssignSome("value.into()"),
        ),
        ValueType::Scalar(ty) | ValueType::Enum(ty) | ValueType::Json(ty) => {
            let ty = type_text(&paths.ty(strip_option(ty)))?;
            setter_shape(
                &mut out,
                &name,
                true,
                &[format!("value: {ty}")],
                SetterStatement::AssignSome("value"),
            )
        }
        ValueType::Files => setter_shape(
            &mut out,
            &name,
            true,
            &["file: runtime::FilePart".to_string()],
            SetterStatement::Line(format!("self.{name}.push(file);")),
        ),
        ValueType::Bytes => setter_shape(
            &mut out,
            &name,
            false,
            &["value: impl Into<Vec<u8>>".to_string()],
            SetterStatement::AssignSome("value.into()"),
        ),
        ValueType::Pairs => setter_shape(
            &mut out,
            &name,
            false,
            &[string("name"), string("value")],
            SetterStatement::Line(format!("self.{name}.push((name.into(), value.into()));")),
        ),
    }?;
    Some(out)
}

/// A request's accessor, `pub fn method(&self, arguments) ->
/// {builder_path}{builder}<{lifetime}>` with one expression, the builder's
/// `new` called with the client and the arguments converted, described
/// once, as text: [`accessor`] lays it out as prettyplease would, and
/// where it cannot, [`accessor_tokens`] parses the same text for syn and
/// prettyplease to print.
pub(super) struct AccessorText {
    /// `#[...]` lines, each alone.
    attributes: Vec<&'static str>,
    /// `pub fn method`.
    head: String,
    /// `&self` and `name: Type` for each argument.
    params: Vec<String>,
    /// ` -> path::Builder<'a>`.
    tail: String,
    /// `path::Builder::new`.
    call: String,
    /// The client and each argument converted.
    call_arguments: Vec<String>,
    /// Whether every type and path above is as prettyplease prints it
    /// (else only parsing it back gives the printed text).
    as_printed: bool,
}

/// The text of tokens, as prettyplease prints them where they are a plain
/// type or identifiers joined by `::` and `.` (`self.client`,
/// `operations::`); else as `proc_macro2` writes them, which parses back to
/// the same tokens.
pub(super) fn tokens_text(tokens: &TokenStream, as_printed: &mut bool) -> String {
    if tokens.is_empty() {
        return String::new();
    }
    let mut text = String::new();
    let mut words = true;
    for token in tokens.clone() {
        match token {
            TokenTree::Ident(word) => text.push_str(&word.to_string()),
            TokenTree::Punct(punct) if matches!(punct.as_char(), ':' | '.') => {
                text.push(punct.as_char())
            }
            _ => {
                words = false;
                break;
            }
        }
    }
    if words && text.is_ascii() {
        return text;
    }
    type_text(tokens).unwrap_or_else(|| {
        *as_printed = false;
        tokens.to_string()
    })
}

/// The accessor of a request whose path arguments are `arguments` (see
/// [`AccessorText`]); `access` is the builder's module path (`operations::`
/// or empty), the client expression and the lifetime.
pub(super) fn accessor_text(
    method: &str,
    arguments: &[&Input],
    paths: &TypePaths<'_>,
    access: [&TokenStream; 3],
    builder: &str,
) -> AccessorText {
    let mut as_printed = true;
    let [builder_path, client, lifetime] =
        access.map(|tokens| tokens_text(tokens, &mut as_printed));
    let mut params = Vec::with_capacity(arguments.len() + 1);
    params.push("&self".to_string());
    let mut call_arguments = Vec::with_capacity(arguments.len() + 1);
    call_arguments.push(client);
    // Generic when an argument takes `impl Into<String>`; else `#[inline]`,
    // as the builder's methods are.
    let mut inline = true;
    for input in arguments {
        let name = ident_text(&input.name).into_owned();
        let ty = match &input.value {
            ValueType::Scalar(ty) | ValueType::Enum(ty) => {
                tokens_text(&paths.ty(ty), &mut as_printed)
            }
            _ => {
                inline = false;
                "impl Into<String>".to_string()
            }
        };
        call_arguments.push(match input.value {
            ValueType::String => format!("{name}.into()"),
            _ => format!("{name}.to_string()"),
        });
        params.push(format!("{name}: {ty}"));
    }
    let mut attributes = Vec::new();
    if arguments.len() + 1 > 7 {
        attributes.push("#[allow(clippy::too_many_arguments)]");
    }
    if inline {
        attributes.push("#[inline]");
    }
    AccessorText {
        attributes,
        head: format!("pub fn {}", ident(method)),
        params,
        tail: format!(" -> {builder_path}{builder}<{lifetime}>"),
        call: format!("{builder_path}{builder}::new"),
        call_arguments,
        as_printed,
    }
}

/// `accessor` with its docs `docs`, laid out as prettyplease lays it out:
/// the signature as the setters' ([`push_signature`]), the call as
/// [`push_call`] does; `None` where a line of that would not fit.
pub(super) fn accessor(docs: &str, accessor: &AccessorText) -> Option<String> {
    if tokens_only() || !accessor.as_printed {
        return None;
    }
    let mut out = String::with_capacity(docs.len() + 256);
    push_docs(&mut out, MEMBER, docs);
    for attribute in &accessor.attributes {
        out.push_str(MEMBER);
        out.push_str(attribute);
        out.push('\n');
    }
    push_signature(&mut out, &accessor.head, &accessor.params, &accessor.tail)?;
    push_call(
        &mut out,
        2 * MEMBER.len(),
        &accessor.call,
        &accessor.call_arguments,
        "",
    )?;
    out.push_str(MEMBER);
    out.push_str("}\n");
    Some(out)
}

/// `accessor` as tokens, its docs `docs` first: the same text parsed, for
/// syn and prettyplease to print where [`accessor`] cannot.
pub(super) fn accessor_tokens(docs: TokenStream, accessor: &AccessorText) -> TokenStream {
    let source = format!(
        "{} {}({}){} {{ {}({}) }}",
        accessor.attributes.join(" "),
        accessor.head,
        accessor.params.join(", "),
        accessor.tail,
        accessor.call,
        accessor.call_arguments.join(", "),
    );
    let parsed: TokenStream = source
        .parse()
        .expect("an accessor's text is Rust: its parts are identifiers, types and paths");
    quote!(#docs #parsed)
}

/// The accessor of a folder's handle (`group::child_accessor`): `&self`
/// alone and no attribute, the handle `module_path::handle` made from
/// `client`; laid out by [`accessor`], or parsed for syn by
/// [`accessor_tokens`], as a request's accessor is.
pub(super) fn handle_accessor_text(
    method: &str,
    module_path: &TokenStream,
    handle: &str,
    client: &TokenStream,
    lifetime: &TokenStream,
) -> AccessorText {
    let mut as_printed = true;
    let [module_path, client, lifetime] =
        [module_path, client, lifetime].map(|tokens| tokens_text(tokens, &mut as_printed));
    AccessorText {
        attributes: Vec::new(),
        head: format!("pub fn {}", ident_text(method)),
        params: vec!["&self".to_string()],
        tail: format!(" -> {module_path}::{handle}<{lifetime}>"),
        call: format!("{module_path}::{handle}::new"),
        call_arguments: vec![client],
        as_printed: as_printed && handle.is_ascii(),
    }
}

/// A page rule as the argument of a pager's constructor:
/// `runtime::PageRule::NAME { field: "literal", .. }`, or the path alone
/// without fields.
pub(super) struct PagingRule {
    path: String,
    fields: Vec<String>,
}

impl PagingRule {
    /// The rule `name` with `fields` (their names and values as printed).
    pub(super) fn new(name: &str, fields: &[(&str, String)]) -> Self {
        PagingRule {
            path: format!("runtime::PageRule::{name}"),
            fields: fields
                .iter()
                .map(|(field, value)| format!("{field}: {value}"))
                .collect(),
        }
    }
}

/// A builder's pagination methods (`builder::pagination_methods`),
/// described once, as text: [`paging`] lays them out as prettyplease would,
/// and where it cannot, [`paging_tokens`] parses the same text for syn.
pub(super) struct Paging {
    rule: PagingRule,
    methods: Vec<PagingMethod>,
    as_printed: bool,
}

/// `pub fn NAME(self) -> runtime::TYPE<ITEM> { .. runtime::TYPE::new(core,
/// self.request(), RULE[, FIELD]) }` with its docs, behind a feature.
struct PagingMethod {
    docs: String,
    feature: &'static str,
    name: &'static str,
    returns: String,
    constructor: String,
    field: Option<String>,
}

impl Paging {
    /// No methods yet, pages asked for by `rule`.
    pub(super) fn new(rule: PagingRule) -> Self {
        Paging {
            rule,
            methods: Vec::new(),
            as_printed: true,
        }
    }

    /// A method with its docs, `(feature, name, runtime type)`, the type of
    /// what it yields and, for items, the list's field (a literal).
    pub(super) fn method(
        &mut self,
        docs: String,
        (feature, name, runtime_type): (&'static str, &'static str, &str),
        item: &TokenStream,
        field: Option<String>,
    ) {
        let item = tokens_text(item, &mut self.as_printed);
        self.methods.push(PagingMethod {
            docs,
            feature,
            name,
            returns: format!("runtime::{runtime_type}<{item}>"),
            constructor: format!("runtime::{runtime_type}::new"),
            field,
        });
    }
}

/// [`Paging`]'s methods laid out as prettyplease lays them out: the
/// signature as the setters' ([`push_signature`]); the constructor's call on
/// one line where it fits (a rule without fields), else an argument a line,
/// a rule with fields always broken (prettyplease breaks a struct literal
/// wider than 34 columns, and `runtime::PageRule::..` alone nearly is), a
/// field a line. `None` where a line of that would not fit.
pub(super) fn paging(paging: &Paging) -> Option<String> {
    if tokens_only() || !paging.as_printed {
        return None;
    }
    let rule = &paging.rule;
    let mut out = String::new();
    for method in &paging.methods {
        push_docs(&mut out, MEMBER, &method.docs);
        out.push_str(&format!(
            "{MEMBER}#[cfg(feature = \"{}\")]\n{MEMBER}#[inline]\n",
            method.feature
        ));
        push_signature(
            &mut out,
            &format!("pub fn {}", method.name),
            &["self".to_string()],
            &format!(" -> {}", method.returns),
        )?;
        push_body_line(&mut out, "let core = self.client.core.clone();")?;
        let mut arguments = vec!["core".to_string(), "self.request()".to_string()];
        if rule.fields.is_empty() {
            arguments.push(rule.path.clone());
            arguments.extend(method.field.iter().cloned());
            push_call(
                &mut out,
                2 * MEMBER.len(),
                &method.constructor,
                &arguments,
                "",
            )?;
        } else {
            let body = 2 * MEMBER.len();
            if !fits(body, &format!("{}(", method.constructor)) {
                return None;
            }
            let pad = " ".repeat(body);
            out.push_str(&format!("{pad}{}(\n", method.constructor));
            for argument in &arguments {
                out.push_str(&format!("{pad}    {argument},\n"));
            }
            if !fits(body + 4, &format!("{} {{", rule.path)) {
                return None;
            }
            out.push_str(&format!("{pad}    {} {{\n", rule.path));
            for field in &rule.fields {
                // A field's value is a literal: printed as it is.
                out.push_str(&format!("{pad}        {field},\n"));
            }
            out.push_str(&format!("{pad}    }},\n"));
            if let Some(field) = &method.field {
                out.push_str(&format!("{pad}    {field},\n"));
            }
            out.push_str(&format!("{pad})\n"));
        }
        out.push_str(MEMBER);
        out.push_str("}\n");
    }
    Some(out)
}

/// [`Paging`]'s methods as tokens, each with its docs: the same text
/// parsed, for syn and prettyplease to print where [`paging`] cannot.
pub(super) fn paging_tokens(paging: &Paging) -> TokenStream {
    let rule = &paging.rule;
    let rule = if rule.fields.is_empty() {
        rule.path.clone()
    } else {
        format!("{} {{ {} }}", rule.path, rule.fields.join(", "))
    };
    let mut tokens = TokenStream::new();
    for method in &paging.methods {
        let field = method
            .field
            .as_ref()
            .map(|field| format!(", {field}"))
            .unwrap_or_default();
        let source = format!(
            "#[cfg(feature = \"{}\")] #[inline] pub fn {}(self) -> {} {{ \
             let core = self.client.core.clone(); {}(core, self.request(), {rule}{field}) }}",
            method.feature, method.name, method.returns, method.constructor,
        );
        let parsed: TokenStream = source
            .parse()
            .expect("a pagination method's text is Rust: its parts are paths and literals");
        tokens.extend(super::super::rust::doc_attrs(&method.docs));
        tokens.extend(parsed);
    }
    tokens
}

/// The builder struct `builder` (its docs `docs`) with a field per input, as
/// `operation::emit` prints it, or `None` where the token path must.
pub(super) fn builder_struct(
    builder: &str,
    docs: &str,
    inputs: &[Input],
    paths: &TypePaths<'_>,
) -> Option<String> {
    let mut fields = Vec::with_capacity(inputs.len());
    for input in inputs {
        fields.push((
            ident_text(&input.name).into_owned(),
            type_text(&field_type(input, paths))?,
        ));
    }
    builder_struct_shape(builder, docs, &fields)
}

/// [`builder_struct`] from the fields' names and types as printed.
pub(super) fn builder_struct_shape(
    builder: &str,
    docs: &str,
    fields: &[(String, String)],
) -> Option<String> {
    if tokens_only() {
        return None;
    }
    let mut out = String::with_capacity(docs.len() + 160 + fields.len() * 40);
    push_docs(&mut out, "", docs);
    out.push_str("#[derive(Clone)]\n");
    out.push_str("#[must_use = \"a request does nothing until it is sent\"]\n");
    if format!("pub struct {builder}<'a> {{").len() > MARGIN {
        return None;
    }
    out.push_str("pub struct ");
    out.push_str(builder);
    out.push_str("<'a> {\n");
    out.push_str("    client: &'a Client,\n");
    for (name, ty) in fields {
        out.push_str(MEMBER);
        out.push_str(name);
        out.push_str(": ");
        if MEMBER.len() + name.len() + ": ".len() + ty.len() + ",".len() <= MARGIN {
            out.push_str(ty);
            out.push_str(",\n");
            continue;
        }
        // Past the margin a generic type breaks inside its `<>` (`,` counted:
        // a field's comma is not the one prettyplease adds to a broken
        // list), its one argument four columns in; a type without one
        // cannot break.
        let Some((outer, argument)) = ty.strip_suffix('>').and_then(|ty| ty.split_once('<')) else {
            if ty.contains(['<', '(']) {
                return None;
            }
            out.push_str(ty);
            out.push_str(",\n");
            continue;
        };
        if argument.contains(',') || 2 * MEMBER.len() + argument.len() + 1 > MARGIN {
            return None;
        }
        out.push_str(outer);
        out.push_str("<\n");
        out.push_str(MEMBER);
        out.push_str(MEMBER);
        out.push_str(argument);
        out.push_str(",\n");
        out.push_str(MEMBER);
        out.push_str(">,\n");
    }
    out.push_str("    extra: runtime::Overrides,\n}\n");
    Some(out)
}

/// How `new` initialises a field.
pub(super) enum Init {
    /// An argument of `new`, by the same name (`name,`).
    Argument,
    /// `name: Vec::new(),`
    Empty,
    /// `name: None,`
    None,
}

/// The builder's `new` (an impl member), as `operation::emit` prints it:
/// `client` and an argument per path input, a struct literal with every
/// field; `None` where the token path must print it.
pub(super) fn builder_new(builder: &str, inputs: &[Input]) -> Option<String> {
    let fields: Vec<(String, Init)> = inputs
        .iter()
        .map(|input| {
            let init = if input.is_argument {
                Init::Argument
            } else if matches!(input.value, ValueType::Files | ValueType::Pairs) {
                Init::Empty
            } else {
                Init::None
            };
            (ident_text(&input.name).into_owned(), init)
        })
        .collect();
    builder_new_shape(builder, &fields)
}

/// [`builder_new`] from the fields' names as printed and their initialisers.
pub(super) fn builder_new_shape(builder: &str, fields: &[(String, Init)]) -> Option<String> {
    if tokens_only() {
        return None;
    }
    let mut params = vec!["client: &'a Client".to_string()];
    params.extend(
        fields
            .iter()
            .filter(|(_, init)| matches!(init, Init::Argument))
            .map(|(name, _)| format!("{name}: String")),
    );
    let mut out = String::with_capacity(200 + fields.len() * 40);
    if params.len() > 7 {
        out.push_str("    #[allow(clippy::too_many_arguments)]\n");
    }
    out.push_str("    #[inline]\n");
    push_signature(&mut out, "pub(crate) fn new", &params, " -> Self")?;
    push_body_line(&mut out, &format!("{builder} {{"))?;
    // A field (`name`, `name: None`, `name: Vec::new()`) has no place a
    // line may break: prettyplease prints it on its line past the margin or
    // not.
    let field_indent = "            ";
    let mut field = |name: &str, init: &str| {
        out.push_str(field_indent);
        out.push_str(name);
        out.push_str(init);
        out.push_str(",\n");
    };
    field("client", "");
    for (name, init) in fields {
        match init {
            Init::Argument => field(name, ""),
            Init::Empty => field(name, ": Vec::new()"),
            Init::None => field(name, ": None"),
        }
    }
    field("extra", ": runtime::Overrides::default()");
    out.push_str("        }\n    }\n");
    Some(out)
}

/// The async `send` with its docs `docs` (`documentation::send_docs`), as
/// `builder::send_method` prints it for a request whose success is
/// `success` and whose response type is `response_ty`; `None` where the
/// token path must print it. With an error enum (`typed`) the call is
/// followed by `.typed(..)`, a chain that never fits one line: the call on
/// its line and `.typed(..)` on the next where the call fits, else tokens.
pub(super) fn send(
    docs: &str,
    success: &Success,
    typed: bool,
    response_ty: &TokenStream,
) -> Option<String> {
    if tokens_only() {
        return None;
    }
    let response_ty = type_text(response_ty)?;
    // As `builder::sending`: how the 2xx response is decoded.
    let (finish_ty, finish) = match success {
        Success::Single(BodyKind::Json(_)) => (
            format!("runtime::AsJson<{response_ty}>"),
            "runtime::AsJson::new()",
        ),
        Success::Single(BodyKind::Empty) => ("runtime::AsEmpty".to_string(), "runtime::AsEmpty"),
        Success::Single(BodyKind::Text) => ("runtime::AsText".to_string(), "runtime::AsText"),
        Success::Single(BodyKind::Raw) => ("runtime::AsRaw".to_string(), "runtime::AsRaw"),
        Success::Enum(_) => (
            format!("runtime::AsDecoded<{response_ty}>"),
            "runtime::AsDecoded(Self::decode)",
        ),
    };
    let mut out = String::with_capacity(docs.len() + 256);
    push_docs(&mut out, MEMBER, docs);
    out.push_str("    #[cfg(feature = \"async\")]\n    #[inline]\n");
    push_signature(
        &mut out,
        "pub fn send",
        &["self".to_string()],
        &format!(" -> runtime::Sending<'a, {finish_ty}>"),
    )?;
    let arguments = [
        "&self.client.core".to_string(),
        "self.request()".to_string(),
        finish.to_string(),
    ];
    if typed {
        let call = format!("runtime::Sending::new({})", arguments.join(", "));
        if !fits(BODY, &call) {
            return None;
        }
        push_body_line(&mut out, &call)?;
        push_body_line(&mut out, "    .typed(Self::typed_error)")?;
    } else {
        push_call(&mut out, BODY, "runtime::Sending::new", &arguments, "")?;
    }
    out.push_str(MEMBER);
    out.push_str("}\n");
    Some(out)
}

/// `send_blocking` with the docs of `send` (`docs`), as
/// `builder::send_blocking_method` prints it; `None` where the token path
/// must print it. Its body is one expression, taken as text only where it
/// fits one line (a method chain that does not is broken by prettyplease).
pub(super) fn send_blocking(
    docs: &str,
    success: &Success,
    typed: bool,
    response_ty: &TokenStream,
) -> Option<String> {
    if tokens_only() {
        return None;
    }
    let response_ty = type_text(response_ty)?;
    // As `builder::send_bodies`.
    let typed = if typed {
        ".map_err(Self::typed_error)"
    } else {
        ""
    };
    let response = format!("self.client.core.execute_blocking(self.request()?){typed}?");
    let body = match success {
        Success::Single(BodyKind::Json(_)) => format!("{response}.json()"),
        Success::Single(BodyKind::Empty) => format!("Ok({response}.empty())"),
        Success::Single(BodyKind::Text) => format!("Ok({response}.text())"),
        Success::Single(BodyKind::Raw) => format!("Ok({response}.raw())"),
        Success::Enum(_) => format!("Self::decode({response})"),
    };
    if !fits(BODY, &body) {
        return None;
    }
    let mut out = String::with_capacity(docs.len() + 256);
    push_docs(&mut out, MEMBER, docs);
    out.push_str(MEMBER);
    out.push_str("///\n");
    out.push_str(MEMBER);
    out.push_str("/// Blocks the current thread; must not be called from an async runtime.\n");
    out.push_str("    #[cfg(feature = \"blocking\")]\n    #[inline]\n");
    push_signature(
        &mut out,
        "pub fn send_blocking",
        &["self".to_string()],
        &format!(" -> runtime::ResponseResult<{response_ty}>"),
    )?;
    push_body_line(&mut out, &body)?;
    out.push_str(MEMBER);
    out.push_str("}\n");
    Some(out)
}

/// `send_streaming` and `send_streaming_blocking`
/// (`operation::streaming_methods`), printed once per process.
pub(super) fn streaming_methods() -> Option<&'static str> {
    static PRINTED: OnceLock<Option<String>> = OnceLock::new();
    PRINTED
        .get_or_init(|| fixed_members(super::streaming_methods()))
        .as_deref()
}

/// Members that are the same tokens for every request, printed by
/// prettyplease (in an impl at the top level of a file): the text every
/// request's impl then takes. Their docs are plain `///` comments, so no
/// doc block is involved.
fn fixed_members(members: TokenStream) -> Option<String> {
    let printed = print_item_by_item(quote!(impl PrintedAlone { #members }))?;
    let inner = printed
        .strip_prefix("impl PrintedAlone {\n")?
        .strip_suffix("}\n")?;
    Some(inner.to_string())
}

/// The indentation of the `request` method's own statements (in an impl at
/// the top level of a file).
pub(super) const BODY: usize = 8;

/// The indentation of the statements in a block of the `request` method
/// (the body's, run when the caller did not replace it).
pub(super) const NESTED: usize = 12;

/// A string literal as `quote` makes it and prettyplease prints it.
pub(super) fn literal(text: &str) -> String {
    super::super::rust::string_literal(text)
}

/// Whether a line of `text` at `indent` is printed as it is: it fits the
/// margin, measured in bytes of ASCII text.
fn fits(indent: usize, text: &str) -> bool {
    indent + text.len() <= MARGIN && text.is_ascii() && !tokens_only()
}

/// Statements of one block, some as text and some as tokens, in order: each
/// run of consecutive texts goes into the tokens as one placeholder
/// statement (`super::super::printed_statements`).
pub(super) struct Statements {
    indent: usize,
    tokens: Vec<TokenStream>,
    texts: String,
}

impl Statements {
    /// Statements of a block printed at `indent` spaces.
    pub(super) fn new(indent: usize) -> Self {
        Statements {
            indent,
            tokens: Vec::new(),
            texts: String::new(),
        }
    }

    /// A statement that prints as the one line `line` where it fits; else
    /// its `tokens`.
    pub(super) fn line(&mut self, line: String, tokens: impl FnOnce() -> TokenStream) {
        if fits(self.indent, &line) {
            self.texts.extend(std::iter::repeat_n(' ', self.indent));
            self.texts.push_str(&line);
            self.texts.push('\n');
        } else {
            self.tokens(tokens());
        }
    }

    /// A statement that prints as `lines` (at the block's indentation, a
    /// line's own indentation after it) where they all fit; else its
    /// `tokens`.
    pub(super) fn lines(&mut self, lines: &[&str], tokens: impl FnOnce() -> TokenStream) {
        if lines.iter().all(|line| fits(self.indent, line)) {
            for line in lines {
                self.texts.extend(std::iter::repeat_n(' ', self.indent));
                self.texts.push_str(line);
                self.texts.push('\n');
            }
        } else {
            self.tokens(tokens());
        }
    }

    /// A call statement `head(arguments)tail`, laid out as [`push_call`]
    /// does where it fits; else its `tokens`.
    pub(super) fn call(
        &mut self,
        head: &str,
        arguments: &[String],
        tail: &str,
        tokens: impl FnOnce() -> TokenStream,
    ) {
        let mut text = String::new();
        match push_call(&mut text, self.indent, head, arguments, tail) {
            Some(()) => self.texts.push_str(&text),
            None => self.tokens(tokens()),
        }
    }

    /// A statement `receiver.method(arguments);`, laid out as
    /// [`push_method_call`] does where it fits; else its `tokens`.
    pub(super) fn method_call(
        &mut self,
        receiver: &str,
        method: &str,
        arguments: &[String],
        tokens: impl FnOnce() -> TokenStream,
    ) {
        let mut text = String::new();
        match push_method_call(&mut text, self.indent, receiver, method, arguments) {
            Some(()) => self.texts.push_str(&text),
            None => self.tokens(tokens()),
        }
    }

    /// Statements already laid out for the block's indentation.
    pub(super) fn block(&mut self, text: String) {
        self.texts.push_str(&text);
    }

    /// Whether there is no statement.
    pub(super) fn is_empty(&self) -> bool {
        self.tokens.is_empty() && self.texts.is_empty()
    }

    /// The statements' text when every one is text, else their tokens.
    pub(super) fn into_text(self) -> Result<String, Vec<TokenStream>> {
        if self.tokens.is_empty() {
            Ok(self.texts)
        } else {
            Err(self.finish())
        }
    }

    /// A statement as tokens.
    pub(super) fn tokens(&mut self, tokens: TokenStream) {
        self.flush();
        self.tokens.push(tokens);
    }

    fn flush(&mut self) {
        if !self.texts.is_empty() {
            let texts = std::mem::take(&mut self.texts);
            self.tokens
                .push(printed_statements::placeholder(texts, self.indent));
        }
    }

    /// The statements' tokens.
    pub(super) fn finish(mut self) -> Vec<TokenStream> {
        self.flush();
        self.tokens
    }
}

/// `request::optional_text` as printed: an input's value as
/// `Option<String>`, for query parameters, headers and form fields.
pub(super) fn optional_text(input: &Input) -> String {
    // Pieces joined by `concat`, which sizes the text once (`format!` grows
    // it as it writes): this runs for every query parameter, header and
    // form field.
    let field = ident_text(&input.name);
    let field = field.as_ref();
    if input.required {
        let name = literal(&input.name);
        let (before, after) = match &input.value {
            ValueType::String => ("Some(", ")"),
            ValueType::Json(_) => ("Some(runtime::to_json_text(&", ")?)"),
            _ => ("Some(", ".to_string())"),
        };
        [
            before,
            "runtime::required(",
            &name,
            ", self.",
            field,
            ")?",
            after,
        ]
        .concat()
    } else {
        match &input.value {
            ValueType::String => ["self.", field].concat(),
            ValueType::Json(_) => [
                "self.",
                field,
                ".as_ref().map(runtime::to_json_text).transpose()?",
            ]
            .concat(),
            _ => ["runtime::text(&self.", field, ")"].concat(),
        }
    }
}

/// `form.{method}([(key, value), ...]);` at `indent` (`fields` of a
/// urlencoded form, `texts` of a multipart one), from the rows' keys (string
/// literals) and values ([`optional_text`]) as printed: on one line where it
/// fits, else a row per line, a row that does not fit broken after `(` and
/// its comma, its value broken in turn as [`push_element`] says; `None`
/// where prettyplease would lay out a value in a way not written here.
pub(super) fn form_rows(indent: usize, method: &str, rows: &[(String, String)]) -> Option<String> {
    let items: Vec<String> = rows
        .iter()
        .map(|(key, value)| ["(", key, ", ", value, ")"].concat())
        .collect();
    let pad = " ".repeat(indent);
    let open = ["form.", method, "(["].concat();
    let one_line = [&open, &items.join(", "), "]);"].concat();
    if !one_line.is_ascii() || tokens_only() {
        return None;
    }
    if indent + one_line.len() <= MARGIN {
        return Some([&pad, &one_line, "\n"].concat());
    }
    let mut out = String::with_capacity(one_line.len() + rows.len() * (indent + 8) + 32);
    out.push_str(&pad);
    out.push_str(&open);
    out.push('\n');
    for (index, ((key, value), item)) in rows.iter().zip(&items).enumerate() {
        // The last row's comma is the one prettyplease adds to a broken
        // list: it does not count against the margin.
        let comma = usize::from(index + 1 < rows.len());
        if indent + 4 + item.len() + comma <= MARGIN {
            out.push_str(&pad);
            out.push_str("    ");
            out.push_str(item);
            out.push_str(",\n");
            continue;
        }
        // A key is a literal: prettyplease cannot break it, so its line is
        // printed as it is, past the margin or not.
        out.push_str(&pad);
        out.push_str("    (\n");
        out.push_str(&pad);
        out.push_str("        ");
        out.push_str(key);
        out.push_str(",\n");
        push_element(&mut out, indent + 8, value, true)?;
        out.push_str(&pad);
        out.push_str("    ),\n");
    }
    out.push_str(&pad);
    out.push_str("]);\n");
    Some(out)
}

/// `element` as an element of a broken list (a tuple's, a call's
/// arguments) at `column`, followed by a comma: the list's own (`last`
/// false), counted against the margin, or the one prettyplease adds after
/// the last element of a broken list (`last`), which is not.
///
/// prettyplease (margin [`MARGIN`]) opens a box for a field access, a
/// method chain and a call's arguments; a box is broken when what it holds,
/// up to the next place a line may break, does not fit what is left of the
/// line. Here that place is after the element (and its comma, where it is
/// the list's own), so the element is on one line where that fits. Else:
/// - a string literal is printed as it is: it cannot break;
/// - `self.field` is broken before the dot, `.field` four columns in;
/// - `self.field.is_some()`, a chain, before each dot, both four columns in;
/// - `runtime::text(&self.field)` is broken after `(`: the argument four
///   columns in (itself broken before the dot, four more, where
///   `&self.field` does not fit before the `,` prettyplease adds), `)` on
///   a line of its own.
///
/// `None` for another element that does not fit (a call of several
/// arguments, a longer chain), which prettyplease lays out by other rules.
fn push_element(out: &mut String, column: usize, element: &str, last: bool) -> Option<()> {
    let comma = usize::from(!last);
    let pad = " ".repeat(column);
    let string_literal = || {
        element.len() >= 2
            && element.starts_with('"')
            && element.ends_with('"')
            && element.is_ascii()
            && !element[1..element.len() - 1]
                .replace("\\\\", "")
                .replace("\\\"", "")
                .contains('"')
    };
    if (column + element.len() + comma <= MARGIN && element.is_ascii()) || string_literal() {
        out.push_str(&pad);
        out.push_str(element);
        out.push_str(",\n");
        return Some(());
    }
    // `{prefix}self.field` broken before the dot, the dot four columns in.
    let push_field = |out: &mut String, column: usize, prefix: &str, field: &str| {
        out.extend(std::iter::repeat_n(' ', column));
        out.push_str(prefix);
        out.push_str("self\n");
        out.extend(std::iter::repeat_n(' ', column + 4));
        out.push('.');
        out.push_str(field);
        out.push_str(",\n");
    };
    if let Some(field) = element
        .strip_prefix("self.")
        .filter(|field| is_field(field))
    {
        push_field(out, column, "", field);
        return Some(());
    }
    if let Some(field) = element
        .strip_prefix("self.")
        .and_then(|rest| rest.strip_suffix(".is_some()"))
        .filter(|field| is_field(field))
    {
        for line in ["self", &format!("    .{field}"), "    .is_some(),"] {
            out.push_str(&pad);
            out.push_str(line);
            out.push('\n');
        }
        return Some(());
    }
    let field = element
        .strip_prefix("runtime::text(&self.")
        .and_then(|rest| rest.strip_suffix(')'))
        .filter(|field| is_field(field))?;
    out.push_str(&pad);
    out.push_str("runtime::text(\n");
    let argument = column + 4;
    if argument + "&self.".len() + field.len() <= MARGIN {
        out.extend(std::iter::repeat_n(' ', argument));
        out.push_str("&self.");
        out.push_str(field);
        out.push_str(",\n");
    } else {
        push_field(out, argument, "&", field);
    }
    out.push_str(&pad);
    out.push_str("),\n");
    Some(())
}

/// Whether `text` is a field's name as printed (an identifier, raw or not).
fn is_field(text: &str) -> bool {
    let name = text.strip_prefix("r#").unwrap_or(text);
    !name.is_empty()
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
}

/// `runtime::all_required_unless_given(&[(label, key, given), ...],
/// &self.GIVEN)?;` at `indent` (`rows` as printed, `given` the form's
/// field of fields by name): on one line where it fits, else an argument
/// per line, the table on one line or a row per line, a row that does not
/// fit an element per line; `None` where a line of that would not fit.
pub(super) fn all_required(indent: usize, rows: &[[String; 3]], given: &str) -> Option<String> {
    let items: Vec<String> = rows
        .iter()
        .map(|row| format!("({})", row.join(", ")))
        .collect();
    let table = format!("&[{}]", items.join(", "));
    let given = format!("&self.{given}");
    let head = "runtime::all_required_unless_given(";
    let one_line = format!("{head}{table}, {given})?;");
    if !one_line.is_ascii() || tokens_only() {
        return None;
    }
    let pad = " ".repeat(indent);
    if indent + one_line.len() <= MARGIN {
        return Some([&pad, &one_line, "\n"].concat());
    }
    if indent + head.len() > MARGIN || indent + 4 + given.len() > MARGIN {
        return None;
    }
    let mut out = String::with_capacity(one_line.len() * 2);
    out.push_str(&format!("{pad}{head}\n"));
    // The table is not the last argument: its comma counts.
    let table_line = format!("{table},");
    if indent + 4 + table_line.len() <= MARGIN {
        out.push_str(&format!("{pad}    {table_line}\n"));
    } else {
        out.push_str(&format!("{pad}    &[\n"));
        for (index, (row, item)) in rows.iter().zip(&items).enumerate() {
            // The last row's comma, and a broken row's last element's, are
            // the ones prettyplease adds: not counted against the margin.
            let comma = usize::from(index + 1 < rows.len());
            if indent + 8 + item.len() + comma <= MARGIN {
                out.push_str(&format!("{pad}        {item},\n"));
                continue;
            }
            out.push_str(&format!("{pad}        (\n"));
            for (position, element) in row.iter().enumerate() {
                push_element(&mut out, indent + 12, element, position + 1 == row.len())?;
            }
            out.push_str(&format!("{pad}        ),\n"));
        }
        out.push_str(&format!("{pad}    ],\n"));
    }
    out.push_str(&format!("{pad}    {given},\n"));
    out.push_str(&format!("{pad})?;\n"));
    Some(out)
}

/// Set by a test to make every text path give `None`, so that the token
/// path prints everything (`tests::crates_print_the_same_through_tokens_alone`).
/// Process-wide: folder modules are built on threads of their own. Output
/// is the same either way, so other tests running meanwhile are not
/// affected, except those asserting that the text path is taken: they and
/// the test setting it hold [`TEXT_PATH_TESTS`].
#[cfg(test)]
static TOKENS_ONLY: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Held by the tests that set [`TOKENS_ONLY`] or assert the text path.
#[cfg(test)]
static TEXT_PATH_TESTS: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn tokens_only() -> bool {
    #[cfg(test)]
    return TOKENS_ONLY.load(std::sync::atomic::Ordering::SeqCst);
    #[cfg(not(test))]
    false
}

/// A call `head(arguments)` followed by `tail`, as a statement at `indent`:
/// on one line where it fits, else an argument per line, the last one's
/// comma (the one prettyplease adds) not counted against the margin.
fn push_call(
    out: &mut String,
    indent: usize,
    head: &str,
    arguments: &[String],
    tail: &str,
) -> Option<()> {
    let pad = " ".repeat(indent);
    // Joined by `concat`, sized once (`format!` grows as it writes).
    let one_line = [head, "(", &arguments.join(", "), ")", tail].concat();
    if fits(indent, &one_line) {
        out.push_str(&pad);
        out.push_str(&one_line);
        out.push('\n');
        return Some(());
    }
    if !fits(indent, head) {
        return None;
    }
    for piece in [&pad, head, "(\n"] {
        out.push_str(piece);
    }
    for (index, argument) in arguments.iter().enumerate() {
        push_element(out, indent + 4, argument, index + 1 == arguments.len())?;
    }
    for piece in [&pad, ")", tail, "\n"] {
        out.push_str(piece);
    }
    Some(())
}

/// A statement `receiver.method(arguments);` at `indent`, as prettyplease
/// lays out a method call at the start of a line: on one line where it
/// fits; else (a receiver longer than four characters being broken from
/// its call) the receiver alone and `.method(arguments);` on the next line,
/// four columns in; else that line broken after `(`, each argument on a
/// line of its own ([`push_element`]), `);` under the call. `None` where a
/// line of that would not fit, or where the receiver is a short one, which
/// prettyplease keeps on the call's line.
fn push_method_call(
    out: &mut String,
    indent: usize,
    receiver: &str,
    method: &str,
    arguments: &[String],
) -> Option<()> {
    // Joined by `concat`, sized once (`format!` grows as it writes).
    let call = [".", method, "(", &arguments.join(", "), ");"].concat();
    let pad = " ".repeat(indent);
    if fits(indent, &[receiver, &call].concat()) {
        out.push_str(&pad);
        out.push_str(receiver);
        out.push_str(&call);
        out.push('\n');
        return Some(());
    }
    if receiver.len() <= 4 || !fits(indent, receiver) {
        return None;
    }
    for piece in [&pad, receiver, "\n"] {
        out.push_str(piece);
    }
    if fits(indent + 4, &call) {
        for piece in [&pad, "    ", &call, "\n"] {
            out.push_str(piece);
        }
        return Some(());
    }
    if !fits(indent + 4, &[".", method, "("].concat()) {
        return None;
    }
    for piece in [&pad, "    .", method, "(\n"] {
        out.push_str(piece);
    }
    for (index, argument) in arguments.iter().enumerate() {
        push_element(out, indent + 8, argument, index + 1 == arguments.len())?;
    }
    out.push_str(&pad);
    out.push_str("    );\n");
    Some(())
}

/// The first statements of the `request` method (at [`BODY`]):
/// `let mut request = runtime::Request::new(arguments);` and
/// `request.operation(runtime::OperationInfo::new(operation));`, the second
/// laid out as prettyplease lays out a method call on a receiver of its
/// own (on one line; else the call on the next line, with its argument
/// there or on a line of its own, then broken in turn).
pub(super) fn request_head(arguments: &[String], operation: &[String]) -> Option<String> {
    let mut out = String::new();
    push_call(
        &mut out,
        BODY,
        "let mut request = runtime::Request::new",
        arguments,
        ";",
    )?;
    let info = format!("runtime::OperationInfo::new({})", operation.join(", "));
    let pad = " ".repeat(BODY);
    if fits(BODY, &format!("request.operation({info});")) {
        out.push_str(&format!("{pad}request.operation({info});\n"));
    } else if fits(BODY + 4, &format!(".operation({info});")) {
        out.push_str(&format!("{pad}request\n{pad}    .operation({info});\n"));
    } else if fits(BODY + 8, &info) {
        out.push_str(&format!(
            "{pad}request\n{pad}    .operation(\n{pad}        {info},\n{pad}    );\n"
        ));
    } else {
        out.push_str(&format!("{pad}request\n{pad}    .operation(\n"));
        push_call(
            &mut out,
            BODY + 8,
            "runtime::OperationInfo::new",
            operation,
            ",",
        )?;
        out.push_str(&format!("{pad}    );\n"));
    }
    Some(out)
}

/// The text of an expression that is one literal ([`literal_text`]) or a
/// path (`types::Action::Upgrade`, an enum's variant), as prettyplease
/// prints it; `None` for anything else.
pub(super) fn literal_or_path_text(tokens: &TokenStream) -> Option<String> {
    literal_text(tokens).or_else(|| path_text(tokens))
}

/// The text of a path of identifiers (`a::b::C`); `None` for anything else.
fn path_text(tokens: &TokenStream) -> Option<String> {
    let mut text = String::new();
    let mut trees = tokens.clone().into_iter();
    loop {
        match trees.next()? {
            TokenTree::Ident(word) => text.push_str(&word.to_string()),
            _ => return None,
        }
        match (trees.next(), trees.next()) {
            (None, None) => break,
            (Some(TokenTree::Punct(first)), Some(TokenTree::Punct(second)))
                if first.as_char() == ':'
                    && first.spacing() == Spacing::Joint
                    && second.as_char() == ':' =>
            {
                text.push_str("::");
            }
            _ => return None,
        }
    }
    text.is_ascii().then_some(text)
}

/// The text of an expression that is one literal (`"text"`, `42`, `-1.5`,
/// `true`), as prettyplease prints it; `None` for anything else.
pub(super) fn literal_text(tokens: &TokenStream) -> Option<String> {
    let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let text = match trees.as_slice() {
        [TokenTree::Literal(literal)] => literal.to_string(),
        [TokenTree::Ident(word)] if word == "true" || word == "false" => word.to_string(),
        [TokenTree::Punct(minus), TokenTree::Literal(literal)] if minus.as_char() == '-' => {
            format!("-{literal}")
        }
        _ => return None,
    };
    text.is_ascii().then_some(text)
}

/// A call of an example's chain: `.name` and its arguments as printed, each
/// a literal or a path (which no line break can split).
pub(super) type ExampleCall = (String, Vec<String>);

/// `example::doc_example`'s Markdown for an example whose body is one call
/// chain on `client`, `calls`, sent (`.send().await?` when `asynchronous`,
/// else `.send_blocking()?`) and, when `print_response`, its response
/// printed whole or, given `arms`, matched on with those arms: prettyplease
/// puts the chain on the statement's line when it fits, else each call on
/// a line of its own, four spaces in, a call that does not fit broken after
/// its `(`, an argument a line four more spaces in; and an arm on a line of
/// its own, four spaces in. `None` where an arm's line would not fit.
pub(super) fn doc_example(
    asynchronous: bool,
    params: &str,
    setup: &[String],
    calls: &[ExampleCall],
    print_response: bool,
    arms: Option<&[String]>,
) -> Option<String> {
    if tokens_only() {
        return None;
    }
    let head = if print_response {
        "let response = client"
    } else {
        "client"
    };
    let send: &[&str] = if asynchronous {
        &[".send()", ".await?"]
    } else {
        &[".send_blocking()?"]
    };
    let mut out = String::from("```no_run\n# ");
    if asynchronous {
        out.push_str("async ");
    }
    out.push_str(&format!(
        "fn example({params}) -> Result<(), Box<dyn std::error::Error>> {{\n"
    ));
    for line in setup {
        if !fits(MEMBER.len(), line) {
            return None;
        }
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
    let calls: Vec<(String, &ExampleCall)> = calls
        .iter()
        .map(|call| (format!("{}({})", call.0, call.1.join(", ")), call))
        .collect();
    let chain: String = calls.iter().map(|(call, _)| call.as_str()).collect();
    let one_line = format!("{head}{chain}{};", send.concat());
    if fits(MEMBER.len(), &one_line) {
        out.push_str(&one_line);
        out.push('\n');
    } else {
        if !fits(MEMBER.len(), head) {
            return None;
        }
        out.push_str(head);
        out.push('\n');
        for (call, (name, arguments)) in &calls {
            // What follows a call up to the next place a line may break
            // is its `)`: counted in `call`.
            if fits(2 * MEMBER.len(), call) || arguments.is_empty() {
                out.push_str(MEMBER);
                out.push_str(call);
                out.push('\n');
                continue;
            }
            if !call.is_ascii() {
                return None;
            }
            out.push_str(MEMBER);
            out.push_str(name);
            out.push_str("(\n");
            for argument in arguments {
                out.push_str(MEMBER);
                out.push_str(MEMBER);
                out.push_str(argument);
                out.push_str(",\n");
            }
            out.push_str(MEMBER);
            out.push_str(")\n");
        }
        for call in send {
            out.push_str(MEMBER);
            out.push_str(call);
            out.push('\n');
        }
        out.pop();
        out.push_str(";\n");
    }
    match arms {
        // An arm's comma is counted: prettyplease's rules for an arm past
        // the margin (its body put in braces) are not written here.
        Some(arms) if print_response => {
            out.push_str("match response.into_inner() {\n");
            for arm in arms {
                if !fits(2 * MEMBER.len(), &format!("{arm},")) {
                    return None;
                }
                out.push_str(MEMBER);
                out.push_str(arm);
                out.push_str(",\n");
            }
            out.push_str("}\n");
        }
        Some(_) => return None,
        None if print_response => {
            out.push_str("println!(\"{:?}\", response.into_inner());\n");
        }
        None => {}
    }
    out.push_str("# Ok(())\n# }\n```");
    Some(out)
}

/// An impl's members, some as text and some as tokens, in order: each run
/// of consecutive texts goes into the tokens as one placeholder member.
#[derive(Default)]
pub(super) struct Members {
    tokens: TokenStream,
    texts: String,
}

impl Members {
    /// A member printed as text (four spaces in, docs included).
    pub(super) fn text(&mut self, text: String) {
        if self.texts.is_empty() {
            // The first member's text becomes the run's, not copied.
            self.texts = text;
        } else {
            self.texts.push_str(&text);
        }
    }

    /// A member as tokens.
    pub(super) fn tokens(&mut self, tokens: TokenStream) {
        self.flush();
        self.tokens.extend(tokens);
    }

    fn flush(&mut self) {
        if !self.texts.is_empty() {
            let texts = std::mem::take(&mut self.texts);
            self.tokens.extend(repeated::preprinted(texts));
        }
    }

    /// The members' tokens.
    pub(super) fn finish(mut self) -> TokenStream {
        self.flush();
        self.tokens
    }

    /// The members' text when every one is text, else their tokens.
    pub(super) fn into_text(self) -> Result<String, TokenStream> {
        if self.tokens.is_empty() {
            Ok(self.texts)
        } else {
            Err(self.finish())
        }
    }
}

/// The builder's `request` method around `body`, its statements as text
/// (at [`BODY`]).
pub(super) fn request_method(body: &str) -> String {
    // Joined by `concat`, sized once: `format!` grows its text as it
    // writes, a copy per doubling of a long body.
    [
        MEMBER,
        "#[inline]\n",
        MEMBER,
        "fn request(self) -> Result<runtime::Request, runtime::Error> {\n",
        body,
        MEMBER,
        "}\n",
    ]
    .concat()
}

/// The builder's impl, `impl<'a> Builder<'a> { .. }`, around its members
/// as text; `None` where its first line would not fit.
pub(super) fn builder_impl(builder: &str, members: &str) -> Option<String> {
    let head = ["impl<'a> ", builder, "<'a> {"].concat();
    // Sized once, as `request_method`: the members are tens of kilobytes
    // for a request with many fields.
    (!tokens_only() && head.len() <= MARGIN).then(|| [&head, "\n", members, "}\n"].concat())
}

#[cfg(test)]
mod tests;
