//! Typed accessors for the response headers the collection's saved examples
//! show (`src/response_headers.rs` of a generated crate).
//!
//! Each header name (rate limits, `Location`, `Link`, `ETag`, ...) becomes
//! one method, shared by every request of the crate: on
//! [`ResponseValue`](crate) for headers of 2xx examples, on `ErrorResponse`
//! for headers of the other statuses. A method per request would repeat the
//! same few lines hundreds of times in a large collection, and the response
//! types are shared (`ResponseValue<()>`), so they could not tell requests
//! apart anyway. The method's type is inferred from every example value of
//! the header: a number when every value is one (`u64`, `i64`, `f64`), an
//! instant when every value is an HTTP date, text otherwise; it returns
//! `None` when the response lacks the header or its value does not fit.
//!
//! Header names whose method names agree (`X-RateLimit-Limit`,
//! `X-Rate-Limit-Limit`) share one method, which reads the first spelling the
//! response has. Methods never take a name the response types already use
//! (`status`, `headers`, ...), nor one a body reached through `Deref` or a
//! common trait would answer to: such a name gets a `_header` suffix.

use std::collections::{BTreeMap, HashMap};

use proc_macro2::TokenStream;
use quote::quote;

use crate::diagnostics::Error;
use crate::ir::{Api, Template};
use crate::lower::credentials::is_credential;
use crate::names;

use super::docs;
use super::rust::{doc_attrs, format_file, ident, inner_doc_attrs};
use super::{CrateFiles, RuntimeLayout};

/// The file the accessors go to in the module layout; its module name is
/// reserved for API modules.
pub const FILE: &str = "src/response_headers.rs";

/// The file the accessors go to. Inherent impls of the runtime's
/// `ResponseValue` and `ErrorResponse` must be in the crate that defines
/// them, so a runtime crate of its own carries them.
pub fn file(layout: RuntimeLayout) -> &'static str {
    match layout {
        RuntimeLayout::Module => FILE,
        RuntimeLayout::Crate => "runtime/src/response_headers.rs",
    }
}

/// Method names of `ResponseValue`, `ErrorResponse`, the bodies `ResponseValue`
/// dereferences to (`Vec`, `String`, `RawBody`) and the traits both implement:
/// an accessor by one of these names would shadow it.
const TAKEN: &[&str] = &[
    "status",
    "headers",
    "into_inner",
    "into_parts",
    "map",
    "description",
    "body",
    "text",
    "json",
    "body_as",
    "typed",
    "message",
    "as_bytes",
    "into_bytes",
    "as_str",
    "len",
    "is_empty",
    "iter",
    "get",
    "first",
    "last",
    "clone",
    "clone_from",
    "fmt",
    "deref",
    "eq",
    "ne",
    "to_owned",
    "to_string",
    "into",
    "try_into",
    "borrow",
    "as_ref",
    "type_id",
];

/// Whether the docs and the accessors mention a response header: not one
/// every response carries or the transport sets.
pub fn is_shown(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    !name.is_empty()
        && !GENERIC_RESPONSE_HEADERS.contains(&lower.as_str())
        && !lower.starts_with("access-control-")
}

/// Headers every response carries or the transport sets: not worth a line in the docs.
const GENERIC_RESPONSE_HEADERS: &[&str] = &[
    "content-type",
    "content-length",
    "date",
    "connection",
    "keep-alive",
    "transfer-encoding",
    "server",
    "vary",
    "content-encoding",
    "via",
    "x-powered-by",
    "strict-transport-security",
    "alt-svc",
    "expires",
    "pragma",
    "cache-control",
    "age",
];

/// `name` with each part that is one capital before a capitalised word
/// (`ETag`, `EMail`) lower-cased, so that it stays one word (`etag`, not `e_tag`);
/// other parts keep their humps (`RateLimit` is `rate_limit`).
fn words(name: &str) -> String {
    name.split_inclusive(|c: char| !c.is_ascii_alphanumeric())
        .map(|part| {
            let b = part.as_bytes();
            let glued = b.len() >= 3
                && b[0].is_ascii_uppercase()
                && b[1].is_ascii_uppercase()
                && part[2..]
                    .trim_end_matches(|c: char| !c.is_ascii_alphanumeric())
                    .bytes()
                    .all(|c| c.is_ascii_lowercase());
            if glued {
                part.to_ascii_lowercase()
            } else {
                part.to_string()
            }
        })
        .collect()
}

/// The accessor reading header `name`, or `None` when `name` is not an HTTP
/// header name (a token) and so has none.
pub fn accessor_name(name: &str) -> Option<String> {
    let token = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c));
    if !token {
        return None;
    }
    let mut method = names::snake_ident(&words(name), "header");
    if TAKEN.contains(&method.as_str()) || method.ends_with('_') {
        method = format!("{}_header", method.trim_end_matches('_'));
    }
    Some(method)
}

/// Which response type a header's accessor goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Side {
    /// `ResponseValue`: shown by a 2xx example.
    Success,
    /// `ErrorResponse`: shown by an example of another status.
    Error,
}

impl Side {
    /// The side of a status code.
    pub fn of(status: u16) -> Side {
        if (200..300).contains(&status) {
            Side::Success
        } else {
            Side::Error
        }
    }

    /// An intra-doc link target for the accessor `method`.
    pub fn link(self, method: &str) -> String {
        match self {
            Side::Success => format!("crate::ResponseValue::{method}"),
            Side::Error => format!("crate::ErrorResponse::{method}"),
        }
    }
}

/// The type an accessor returns, the narrowest every example value fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Unsigned,
    Signed,
    Float,
    Date,
    Text,
}

impl Kind {
    fn of(value: &str) -> Kind {
        let value = value.trim();
        let numeric = value
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'));
        if value.parse::<u64>().is_ok() {
            Kind::Unsigned
        } else if value.parse::<i64>().is_ok() {
            Kind::Signed
        } else if numeric && value.parse::<f64>().is_ok_and(f64::is_finite) {
            Kind::Float
        } else if is_http_date(value) {
            Kind::Date
        } else {
            Kind::Text
        }
    }

    /// The narrowest kind both fit.
    fn join(self, other: Kind) -> Kind {
        use Kind::*;
        match (self, other) {
            (a, b) if a == b => a,
            (Unsigned | Signed, Unsigned | Signed) => Signed,
            (Unsigned | Signed | Float, Unsigned | Signed | Float) => Float,
            _ => Text,
        }
    }
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`, the form HTTP sends dates in (RFC 9110 §5.6.7).
fn is_http_date(value: &str) -> bool {
    const DAYS: &[&str] = &["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: &[&str] = &[
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let parts: Vec<&str> = value.split(' ').collect();
    let digits =
        |text: &str, len: usize| text.len() == len && text.bytes().all(|b| b.is_ascii_digit());
    let time = |text: &str| {
        let pieces: Vec<&str> = text.split(':').collect();
        pieces.len() == 3 && pieces.iter().all(|p| digits(p, 2))
    };
    matches!(parts.as_slice(), [day, dd, month, year, hms, "GMT"]
        if day.strip_suffix(',').is_some_and(|d| DAYS.contains(&d))
            && digits(dd, 2)
            && MONTHS.contains(month)
            && digits(year, 4)
            && time(hms))
}

/// One accessor: the header spellings it reads and what the examples show.
#[derive(Debug, Default)]
struct Accessor {
    /// Spellings as the collection writes them, first seen first.
    names: Vec<String>,
    kind: Option<Kind>,
    /// The first example value (none for a credential header).
    example: Option<String>,
    /// Requests whose examples show it, first seen first, with their statuses.
    shown_by: Vec<(String, Vec<u16>)>,
    /// Where each request stands in `shown_by`: a header every request's
    /// examples show would otherwise make collecting quadratic.
    shown_at: HashMap<String, usize>,
    /// Whether a credential header: its example values are not shown.
    credential: bool,
}

/// Every accessor of the crate, by side and method name.
fn collect(apis: &[&Api]) -> BTreeMap<(Side, String), Accessor> {
    let mut accessors: BTreeMap<(Side, String), Accessor> = BTreeMap::new();
    for api in apis {
        for op in &api.operations {
            for example in &op.responses {
                let Some(status) = example.code else { continue };
                for (name, value) in &example.headers {
                    if !is_shown(name) {
                        continue;
                    }
                    let Some(method) = accessor_name(name) else {
                        continue;
                    };
                    let accessor = accessors.entry((Side::of(status), method)).or_default();
                    if !accessor.names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                        accessor.names.push(name.clone());
                    }
                    let request = &op.postman_name;
                    match accessor.shown_at.get(request) {
                        Some(&at) => {
                            let statuses = &mut accessor.shown_by[at].1;
                            if !statuses.contains(&status) {
                                statuses.push(status);
                            }
                        }
                        None => {
                            accessor
                                .shown_at
                                .insert(request.clone(), accessor.shown_by.len());
                            accessor.shown_by.push((request.clone(), vec![status]));
                        }
                    }
                    // `Set-Cookie` hands out the credential a `Cookie` header sends back.
                    accessor.credential |= name.eq_ignore_ascii_case("set-cookie")
                        || is_credential(name, &Template::literal(value.clone()));
                    // A value the collection leaves to a variable says nothing of the type.
                    if value.trim().is_empty() || value.contains("{{") {
                        continue;
                    }
                    let kind = Kind::of(value);
                    accessor.kind = Some(accessor.kind.map_or(kind, |k| k.join(kind)));
                    if accessor.example.is_none() {
                        accessor.example = Some(value.trim().to_string());
                    }
                }
            }
        }
    }
    accessors
}

/// How many requests an accessor's docs name before "and N more".
const SHOWN_REQUESTS: usize = 3;

fn accessor_docs(accessor: &Accessor) -> String {
    let mut names = accessor.names.iter().map(|n| docs::code(n));
    let mut text = format!("The {} header", names.next().unwrap_or_default());
    let others: Vec<String> = names.collect();
    if !others.is_empty() {
        text.push_str(&format!(" (or {})", others.join(", ")));
    }
    let kind = accessor.kind.unwrap_or(Kind::Text);
    text.push_str(match kind {
        Kind::Unsigned | Kind::Signed | Kind::Float => {
            ", as a number; `None` when the response has none or its value is not a number \
             (`headers()` has the text)."
        }
        Kind::Date => {
            ", as an instant; `None` when the response has none or its value is not an HTTP \
             date (`headers()` has the text)."
        }
        Kind::Text => "; `None` when the response has none or its value is not text.",
    });
    let mut shown: Vec<String> = accessor
        .shown_by
        .iter()
        .take(SHOWN_REQUESTS)
        .map(|(request, statuses)| {
            let statuses: Vec<String> = statuses.iter().map(u16::to_string).collect();
            format!("{} ({})", docs::code(request), statuses.join(", "))
        })
        .collect();
    let more = accessor.shown_by.len().saturating_sub(SHOWN_REQUESTS);
    if more > 0 {
        shown.push(format!("{more} more"));
    }
    text.push_str(&format!(
        "\n\nShown by the saved examples of: {}.",
        shown.join(", ")
    ));
    if let Some(example) = accessor.example.as_ref().filter(|_| !accessor.credential) {
        let mut example = example.clone();
        if example.chars().count() > 80 {
            example = example.chars().take(77).collect::<String>() + "...";
        }
        text.push_str(&format!(" Example: {}.", docs::code(&example)));
    }
    text
}

fn accessor_tokens(method: &str, accessor: &Accessor) -> TokenStream {
    let docs = doc_attrs(&accessor_docs(accessor));
    let method = ident(method);
    let names: Vec<String> = accessor
        .names
        .iter()
        .map(|n| n.to_ascii_lowercase())
        .collect();
    let headers = quote!(self.headers());
    match accessor.kind.unwrap_or(Kind::Text) {
        Kind::Text => quote! {
            #docs
            pub fn #method(&self) -> Option<&str> {
                text(#headers, &[#(#names),*])
            }
        },
        Kind::Date => quote! {
            #docs
            pub fn #method(&self) -> Option<std::time::SystemTime> {
                httpdate::parse_http_date(text(#headers, &[#(#names),*])?.trim()).ok()
            }
        },
        kind => {
            let ty = match kind {
                Kind::Unsigned => quote!(u64),
                Kind::Signed => quote!(i64),
                _ => quote!(f64),
            };
            quote! {
                #docs
                pub fn #method(&self) -> Option<#ty> {
                    text(#headers, &[#(#names),*])?.trim().parse().ok()
                }
            }
        }
    }
}

/// Writes [`FILE`] when a saved example of any API shows a header; returns
/// whether it did (the crate root then declares the module).
pub fn emit(apis: &[&Api], layout: RuntimeLayout, files: &mut CrateFiles) -> Result<bool, Error> {
    let accessors = collect(apis);
    if accessors.is_empty() {
        return Ok(false);
    }
    let on = |side: Side| {
        accessors
            .iter()
            .filter(move |((s, _), _)| *s == side)
            .map(move |((_, method), accessor)| accessor_tokens(method, accessor))
            .collect::<Vec<_>>()
    };
    // The types are the runtime's: these impls are in its crate, or name
    // its module.
    let runtime = layout.root_path();
    let success = on(Side::Success);
    let error = on(Side::Error);
    let success = (!success.is_empty()).then(|| {
        quote! {
            impl<T> #runtime::ResponseValue<T> {
                #(#success)*
            }
        }
    });
    let error = (!error.is_empty()).then(|| {
        quote! {
            impl #runtime::ErrorResponse {
                #(#error)*
            }
        }
    });
    let module_docs = inner_doc_attrs(
        "Typed accessors for the response headers the collection's saved examples show, \
         on every response: `None` when a response lacks one.",
    );
    let tokens = quote! {
        #module_docs

        /// The first of `names` that `headers` has, as text.
        fn text<'a>(headers: &'a reqwest::header::HeaderMap, names: &[&str]) -> Option<&'a str> {
            names
                .iter()
                .find_map(|name| headers.get(*name))
                .and_then(|value| value.to_str().ok())
        }

        #success
        #error
    };
    let path = file(layout);
    files.insert(path.to_string(), format_file(path, tokens)?);
    Ok(true)
}

/// A "Response headers" section: per status, the headers the saved examples
/// show (rate limits, `Location`, `Link`, `ETag`, ...), each linked to its
/// typed accessor (below); empty when the examples show none.
pub fn docs_section(op: &crate::ir::Operation) -> String {
    let mut by_status: Vec<(u16, Vec<String>)> = Vec::new();
    for example in &op.responses {
        let Some(status) = example.code else { continue };
        let names = match by_status.iter().position(|(code, _)| *code == status) {
            Some(at) => &mut by_status[at].1,
            None => {
                by_status.push((status, Vec::new()));
                &mut by_status.last_mut().expect("just pushed").1
            }
        };
        for (name, _) in &example.headers {
            if is_shown(name) && !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                names.push(name.clone());
            }
        }
    }
    by_status.retain(|(_, names)| !names.is_empty());
    if by_status.is_empty() {
        return String::new();
    }
    by_status.sort_by_key(|(code, _)| *code);
    let mut text = String::from(
        "\n# Response headers\n\nShown by the collection's saved examples; each name links to \
         its typed accessor (on [`ResponseValue`](crate::ResponseValue) for a success, on \
         [`ErrorResponse`](crate::ErrorResponse) for an error status); \
         `headers()` has them all.\n\n\
         | Status | Headers |\n|---|---|\n",
    );
    for (status, names) in by_status {
        let names: Vec<String> = names
            .iter()
            .map(|name| {
                let shown = docs::code(name).replace('|', "\\|");
                match accessor_name(name) {
                    Some(method) => format!("[{shown}]({})", Side::of(status).link(&method)),
                    None => shown,
                }
            })
            .collect();
        text.push_str(&format!("| {status} | {} |\n", names.join(", ")));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_the_narrowest_every_value_fits() {
        assert_eq!(Kind::of("59"), Kind::Unsigned);
        assert_eq!(Kind::of("-1"), Kind::Signed);
        assert_eq!(Kind::of("0.25"), Kind::Float);
        assert_eq!(Kind::of("Wed, 21 Oct 2015 07:28:00 GMT"), Kind::Date);
        assert_eq!(Kind::of("\"33a64df5\""), Kind::Text);
        assert_eq!(Kind::of("inf"), Kind::Text);
        assert_eq!(Kind::Unsigned.join(Kind::Signed), Kind::Signed);
        assert_eq!(Kind::Unsigned.join(Kind::Float), Kind::Float);
        assert_eq!(Kind::Unsigned.join(Kind::Text), Kind::Text);
        assert_eq!(Kind::Date.join(Kind::Unsigned), Kind::Text);
    }

    #[test]
    fn accessor_names_avoid_the_response_types_own_methods() {
        assert_eq!(
            accessor_name("X-RateLimit-Remaining").as_deref(),
            Some("x_rate_limit_remaining")
        );
        assert_eq!(accessor_name("Status").as_deref(), Some("status_header"));
        assert_eq!(accessor_name("Type").as_deref(), Some("type_header"));
        assert_eq!(accessor_name("Bad Name"), None);
        assert_eq!(accessor_name("ETag").as_deref(), Some("etag"));
        assert_eq!(
            accessor_name("X-Request-ID").as_deref(),
            Some("x_request_id")
        );
        assert_eq!(
            accessor_name("WWW-Authenticate").as_deref(),
            Some("www_authenticate")
        );
    }
}
