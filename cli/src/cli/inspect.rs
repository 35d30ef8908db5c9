//! `postman-codegen inspect`: what the generator makes of one collection.

use std::fmt::Write;
use std::path::PathBuf;

use postman_codegen::unstable::generate::{load_and_infer_with_variables, LoadedApi};
use postman_codegen::unstable::infer::{render_api_types, TypeStats};
use postman_codegen::unstable::ir::{
    Api, Body, FormatVersion, HeaderValue, Operation, QueryValue, TypeTable,
};
use serde_json::{Map, Value};

use super::vars::VariableArgs;
use super::{plural, read_input, render, Failure, Output};

/// `inspect --help` ends with these.
const AFTER_HELP: &str = "\
Examples:
  postman-codegen inspect collections/zoom-registrants.postman_collection.json
  postman-codegen inspect collections/zoom-registrants.postman_collection.json --json | jq '.operations[].path'
  postman-codegen inspect zoom.postman_collection.json --environment zoom.postman_environment.json --var baseUrl=https://api.zoom.us/v2

Exit codes:
  0  the collection was read (its warnings are in the output)
  1  the collection could not be read or understood
  2  usage error";

/// Arguments of `inspect`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub(crate) struct Args {
    /// The Postman collection file (v2.0 or v2.1 JSON).
    collection: PathBuf,
    /// Print the IR and the inferred types as JSON instead of a table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    variables: VariableArgs,
}

/// Runs `inspect`.
pub(crate) fn run(args: &Args, out: &mut Output) -> Result<(), Failure> {
    let bytes = read_input(&args.collection)?;
    let file = args.collection.display().to_string();
    let variables = args.variables.definitions()?;
    let LoadedApi { api, types } =
        load_and_infer_with_variables(&bytes, variables).map_err(|err| {
            Failure::input(render::diagnostic(
                err.diagnostic(),
                Some(&file),
                Some(&bytes),
            ))
        })?;
    if args.json {
        let value = json_view(&api, &types)
            .map_err(|err| Failure::input(format!("error: cannot serialize the IR: {err}")))?;
        let text = serde_json::to_string_pretty(&value)
            .map_err(|err| Failure::input(format!("error: cannot serialize the IR: {err}")))?;
        out.out(&text);
        out.out("\n");
    } else {
        out.out(&table_view(&api, &types, &file, &bytes));
    }
    Ok(())
}

/// The IR as JSON: the [`Api`] fields, each operation's `path` as one template
/// string (`/meetings/{meetingId}`) with the segments kept as `path_segments`,
/// and the inferred types as `types`.
pub(crate) fn json_view(api: &Api, types: &TypeTable) -> Result<Value, serde_json::Error> {
    let mut value = serde_json::to_value(api)?;
    if let Some(operations) = value.get_mut("operations").and_then(Value::as_array_mut) {
        for (op, entry) in api.operations.iter().zip(operations) {
            if let Value::Object(fields) = entry {
                let mut rebuilt = Map::with_capacity(fields.len() + 1);
                for (key, field) in std::mem::take(fields) {
                    if key == "path" {
                        rebuilt.insert("path".into(), Value::String(api.path_string(op)));
                        rebuilt.insert("path_segments".into(), field);
                    } else {
                        rebuilt.insert(key, field);
                    }
                }
                *fields = rebuilt;
            }
        }
    }
    if let Value::Object(fields) = &mut value {
        fields.insert("types".into(), serde_json::to_value(types)?);
    }
    Ok(value)
}

/// The human-readable report.
fn table_view(api: &Api, types: &TypeTable, file: &str, source: &[u8]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({file}, format {}): {}",
        if api.name.is_empty() {
            "(unnamed)"
        } else {
            &api.name
        },
        match api.format {
            FormatVersion::V2_0 => "v2.0",
            FormatVersion::V2_1 => "v2.1",
            FormatVersion::Unknown => "unknown",
        },
        plural(api.operations.len(), "operation")
    );
    for server in &api.servers {
        let default = server
            .default_url
            .as_deref()
            .map(|url| format!(" (default {url})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "server {}: {}{default}",
            server.ident,
            server.url.to_postman_string()
        );
    }
    if !api.variables.is_empty() {
        let names: Vec<String> = api
            .variables
            .iter()
            .map(|v| {
                if v.secret {
                    format!("{} (secret)", v.name)
                } else {
                    v.name.clone()
                }
            })
            .collect();
        let _ = writeln!(out, "variables: {}", names.join(", "));
    }

    let _ = writeln!(out, "\nOperations ({}):", api.operations.len());
    let header = ["METHOD", "PATH", "OPERATION", "PARAMS", "BODY", "STATUS"];
    let rows: Vec<[String; 6]> = api
        .operations
        .iter()
        .map(|op| {
            [
                op.method.to_string(),
                api.path_string(op),
                operation_name(api, op),
                params(op),
                body_mode(op.body.as_ref()),
                status_codes(op),
            ]
        })
        .collect();
    out.push_str(&align(&header, &rows));

    let stats = TypeStats::of(types);
    let _ = writeln!(
        out,
        "\nTypes ({} structs, {} enums, {} maps, {} untyped values):",
        stats.structs, stats.enums, stats.maps, stats.values
    );
    for line in render_api_types(api, types).lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "  {line}");
        }
    }

    let _ = writeln!(out, "\nDiagnostics ({}):", api.diagnostics.len());
    for diagnostic in &api.diagnostics {
        out.push_str(&render::diagnostic(diagnostic, None, Some(source)));
    }
    out
}

/// `group::sub::method_name`.
fn operation_name(api: &Api, op: &Operation) -> String {
    let mut path = api.group_path(op.group);
    path.push(&op.method_name);
    path.join("::")
}

/// Path parameters, then `query:` and `header:` parameters; `?` marks optional ones.
fn params(op: &Operation) -> String {
    let mut parts = Vec::new();
    if !op.path_params.is_empty() {
        let names: Vec<&str> = op.path_params.iter().map(|p| p.name.as_str()).collect();
        parts.push(names.join(", "));
    }
    let query: Vec<String> = op
        .query
        .iter()
        .filter_map(|q| match &q.value {
            QueryValue::Param { param } => Some(optional(&param.name, param.required)),
            QueryValue::Fixed { .. } | QueryValue::KeyOnly => None,
        })
        .collect();
    if !query.is_empty() {
        parts.push(format!("query: {}", query.join(", ")));
    }
    let headers: Vec<String> = op
        .headers
        .iter()
        .filter_map(|h| match &h.value {
            HeaderValue::Param { param } => Some(optional(&param.name, param.required)),
            HeaderValue::Fixed { .. } => None,
        })
        .collect();
    if !headers.is_empty() {
        parts.push(format!("header: {}", headers.join(", ")));
    }
    if parts.is_empty() {
        "-".to_string()
    } else {
        parts.join("; ")
    }
}

fn optional(name: &str, required: bool) -> String {
    if required {
        name.to_string()
    } else {
        format!("{name}?")
    }
}

fn body_mode(body: Option<&Body>) -> String {
    match body {
        None => "-".to_string(),
        Some(Body::Raw { is_json: true, .. }) => "raw json".to_string(),
        Some(Body::Raw { language, .. }) => match language {
            Some(language) => format!("raw {language}"),
            None => "raw".to_string(),
        },
        Some(Body::UrlEncoded { .. }) => "urlencoded".to_string(),
        Some(Body::FormData { .. }) => "formdata".to_string(),
        Some(Body::File { .. }) => "file".to_string(),
        Some(Body::GraphQl { .. }) => "graphql".to_string(),
    }
}

fn status_codes(op: &Operation) -> String {
    let mut codes: Vec<u16> = op.responses.iter().filter_map(|r| r.code).collect();
    codes.sort_unstable();
    codes.dedup();
    if codes.is_empty() {
        "-".to_string()
    } else {
        codes
            .iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The most characters of a cell a table shows; longer cells end in `…`, so
/// one huge name neither widens every row nor overflows `format!`'s width
/// (which panics beyond 65,535).
const MAX_CELL_CHARS: usize = 120;

/// `cell`, cut to [`MAX_CELL_CHARS`].
fn clip(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.char_indices().nth(MAX_CELL_CHARS - 1) {
        Some((end, _)) if cell.chars().count() > MAX_CELL_CHARS => {
            format!("{}…", &cell[..end]).into()
        }
        _ => cell.into(),
    }
}

/// Left-aligned columns separated by two spaces; the last column is not padded.
fn align<const N: usize>(header: &[&str; N], rows: &[[String; N]]) -> String {
    let mut widths = header.map(|h| h.chars().count());
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(clip(cell).chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: Vec<&str>| {
        let mut text = String::new();
        for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
            let cell = clip(cell);
            text.push_str(&cell);
            if i + 1 < N {
                let padding = width.saturating_sub(cell.chars().count()) + 2;
                text.push_str(&" ".repeat(padding));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(header.to_vec());
    for row in rows {
        line(row.iter().map(String::as_str).collect());
    }
    out
}
