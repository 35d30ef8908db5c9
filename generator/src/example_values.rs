//! What example values mean, for lowering and inference alike:
//! openapi-to-postman's type placeholders (`"<long>"`), and how deep arrays
//! may nest before an example stops being evidence of a type. Lowering uses
//! both (a credential-looking value that is only a placeholder is not a
//! credential; an example nested too deep is reported); inference types by
//! them. Keeping them here lets neither stage import the other.

/// Arrays nested in arrays deeper than this count as no evidence (their type
/// is `serde_json::Value`, the fallback). Each such level adds a `Vec<..>`
/// (and maybe an `Option<..>`) to one type expression, and rustc gives up on
/// types nested about 128 deep (E0275, "overflow evaluating the
/// requirement"): examples nested 127 deep made crates that did not compile.
/// An object breaks the chain (it is a named struct). Lowering warns about
/// examples past this (`deep-example`).
pub(crate) const MAX_NESTED_ARRAYS: usize = 32;

/// What an openapi-to-postman placeholder such as `<long>` stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placeholder {
    /// `<integer>`, `<long>`.
    Integer,
    /// `<number>`, `<float>`, `<double>`.
    Number,
    /// `<boolean>`.
    Boolean,
    /// `<string>` and the string formats (`<date>`, `<dateTime>`, `<byte>`, ...).
    String,
    /// `<object>`: an object of unknown shape.
    Object,
    /// `<array>`: an array of unknown items.
    Array,
}

/// The placeholder `text` is, if it is exactly one of openapi-to-postman's.
pub(crate) fn placeholder(text: &str) -> Option<Placeholder> {
    let name = text.strip_prefix('<')?.strip_suffix('>')?;
    Some(match name {
        "integer" | "long" => Placeholder::Integer,
        "number" | "float" | "double" => Placeholder::Number,
        "boolean" => Placeholder::Boolean,
        "string" | "date" | "dateTime" | "date-time" | "byte" | "binary" | "password" | "uuid"
        | "uri" | "email" => Placeholder::String,
        "object" => Placeholder::Object,
        "array" => Placeholder::Array,
        _ => return None,
    })
}
