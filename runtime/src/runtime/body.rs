//! Request bodies: urlencoded forms, multipart forms with files, GraphQL.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use super::error::Error;

/// A file to upload in a multipart form.
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    content: Content,
    file_name: Option<String>,
    content_type: Option<String>,
}

/// A part's content: in memory, or a file read only while it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Content {
    Bytes(Vec<u8>),
    File(PathBuf),
}

/// A piece of an encoded body: bytes, or a file streamed from disk.
#[derive(Debug, Clone)]
pub(crate) enum Segment {
    Bytes(Vec<u8>),
    File(PathBuf),
}

impl FilePart {
    /// A file from bytes, sent with `file_name`.
    pub fn from_bytes(content: impl Into<Vec<u8>>, file_name: impl Into<String>) -> Self {
        FilePart {
            content: Content::Bytes(content.into()),
            file_name: Some(file_name.into()),
            content_type: None,
        }
    }

    /// A file on disk that is streamed when the request is sent, never loaded
    /// into memory (for large uploads); it must still be there then, and is
    /// read again by a retry. Sent with its base name, and a Content-Type
    /// guessed from its extension unless one is set.
    pub fn open(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let file_name = path.file_name().map(|name| name.to_string_lossy().into_owned());
        FilePart {
            content: Content::File(path),
            file_name,
            content_type: None,
        }
    }

    /// Reads a file from disk now. It is sent with its base name, and a
    /// Content-Type guessed from its extension unless one is set.
    pub fn from_path(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let content = std::fs::read(path)?;
        let file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned());
        Ok(FilePart {
            content: Content::Bytes(content),
            file_name,
            content_type: None,
        })
    }

    /// Sets the file name sent in the part's Content-Disposition.
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// Sets the part's Content-Type.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field(
                "content",
                &match &self.content {
                    Content::Bytes(bytes) => format!("{} bytes", bytes.len()),
                    Content::File(path) => format!("file {}", path.display()),
                },
            )
            .finish()
    }
}

/// A Content-Type for a file name, from its extension.
pub(crate) fn guess_content_type(file_name: &str) -> &'static str {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, extension)| extension.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "txt" => "text/plain",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "css" => "text/css",
        "js" => "application/javascript",
        "json" => "application/json",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

/// One part of a multipart form.
#[derive(Debug, Clone)]
struct Part {
    name: &'static str,
    file_name: Option<String>,
    content_type: Option<Cow<'static, str>>,
    content: Content,
}

/// A `multipart/form-data` body, laid out as Postman lays it out.
#[derive(Debug, Clone, Default)]
pub(crate) struct Multipart {
    boundary: Option<&'static str>,
    parts: Vec<Part>,
    /// Text fields the collection does not list, named by the caller.
    extra: Vec<(String, String)>,
}

impl Multipart {
    /// An empty form; `boundary` is one the collection fixes, if any.
    pub(crate) fn new(boundary: Option<&'static str>) -> Self {
        Multipart {
            boundary,
            parts: Vec::new(),
            extra: Vec::new(),
        }
    }

    /// Adds the text parts under names the caller chose (sent as given,
    /// after the collection's fields).
    pub(crate) fn extras(&mut self, extra: Vec<(String, String)>) {
        self.extra.extend(extra);
    }

    /// Adds the text parts that have a value, in order, with no part
    /// Content-Type: a generated request lists each run of such parts as
    /// one table of `(name, value)`, as it lists a urlencoded form's fields.
    pub(crate) fn texts<const N: usize>(&mut self, parts: [(&'static str, Option<String>); N]) {
        self.texts_from(&mut parts.into_iter());
    }

    /// [`Multipart::texts`] for any number of parts, built once per crate.
    fn texts_from(&mut self, parts: &mut dyn Iterator<Item = (&'static str, Option<String>)>) {
        for (name, value) in parts {
            if let Some(value) = value {
                self.text(name, value, None);
            }
        }
    }

    /// Adds a text part (no part Content-Type unless the collection gives one).
    pub(crate) fn text(&mut self, name: &'static str, value: String, content_type: Option<&'static str>) {
        self.parts.push(Part {
            name,
            file_name: None,
            content_type: content_type.map(Cow::Borrowed),
            content: Content::Bytes(value.into_bytes()),
        });
    }

    /// Adds a file part. Its Content-Type is the file's own, else the
    /// collection's, else guessed from the file name.
    pub(crate) fn file(&mut self, name: &'static str, file: FilePart, content_type: Option<&'static str>) {
        let guessed = file.file_name.as_deref().map(guess_content_type);
        let content_type = match (file.content_type, content_type) {
            (Some(own), _) => Cow::Owned(own),
            (None, Some(collection)) => Cow::Borrowed(collection),
            (None, None) => Cow::Borrowed(guessed.unwrap_or("application/octet-stream")),
        };
        self.parts.push(Part {
            name,
            file_name: Some(file.file_name.unwrap_or_default()),
            content_type: Some(content_type),
            content: file.content,
        });
    }

    /// Adds the part Postman sends for a file field that names no file: the
    /// field's name, `filename=""`, no Content-Type and no content.
    pub(crate) fn empty_file(&mut self, name: &'static str) {
        self.parts.push(Part {
            name,
            file_name: Some(String::new()),
            content_type: None,
            content: Content::Bytes(Vec::new()),
        });
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.parts.is_empty() && self.extra.is_empty()
    }

    /// Whether a part is a file streamed from disk.
    pub(crate) fn streams(&self) -> bool {
        self.parts.iter().any(|part| matches!(part.content, Content::File(_)))
    }

    /// The Content-Type header and the body bytes, files read into memory;
    /// `render` resolves `{{variables}}` in field names.
    pub(crate) fn encode(
        &self,
        render: impl Fn(&'static str) -> Result<String, Error>,
        random: u128,
    ) -> Result<(String, Vec<u8>), Error> {
        let (content_type, segments) = self.encode_segments(render, random)?;
        let mut body = Vec::new();
        for segment in segments {
            match segment {
                Segment::Bytes(bytes) => body.extend_from_slice(&bytes),
                Segment::File(path) => body.extend_from_slice(&std::fs::read(&path).map_err(|error| {
                    Error::invalid(format!("the file `{}` cannot be read: {error}", path.display()))
                })?),
            }
        }
        Ok((content_type, body))
    }

    /// The Content-Type header and the body as segments: the bytes between
    /// files, and the files to stream.
    pub(crate) fn encode_segments(
        &self,
        render: impl Fn(&'static str) -> Result<String, Error>,
        random: u128,
    ) -> Result<(String, Vec<Segment>), Error> {
        let mut segments = Vec::new();
        // Postman's layout: 26 dashes and 24 random digits.
        let boundary = match self.boundary {
            Some(boundary) => boundary.to_string(),
            None => format!("{:-<26}{:024}", "", random % 10u128.pow(24)),
        };
        let mut body = Vec::new();
        let extra = self.extra.iter().map(|(name, value)| {
            let part = Part {
                name: "",
                file_name: None,
                content_type: None,
                content: Content::Bytes(value.clone().into_bytes()),
            };
            (Ok(name.clone()), part)
        });
        let listed = self.parts.iter().map(|part| (render(part.name), part.clone()));
        for (name, part) in listed.chain(extra) {
            body.extend_from_slice(b"--");
            body.extend_from_slice(boundary.as_bytes());
            body.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
            body.extend_from_slice(quote(&name?).as_bytes());
            body.push(b'"');
            if let Some(file_name) = &part.file_name {
                body.extend_from_slice(b"; filename=\"");
                body.extend_from_slice(quote(file_name).as_bytes());
                body.push(b'"');
            }
            body.extend_from_slice(b"\r\n");
            if let Some(content_type) = &part.content_type {
                body.extend_from_slice(b"Content-Type: ");
                body.extend_from_slice(quote(content_type).as_bytes());
                body.extend_from_slice(b"\r\n");
            }
            body.extend_from_slice(b"\r\n");
            match &part.content {
                Content::Bytes(bytes) => body.extend_from_slice(bytes),
                Content::File(path) => {
                    segments.push(Segment::Bytes(std::mem::take(&mut body)));
                    segments.push(Segment::File(path.clone()));
                }
            }
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(b"--");
        body.extend_from_slice(boundary.as_bytes());
        body.extend_from_slice(b"--\r\n");
        segments.push(Segment::Bytes(body));
        Ok((format!("multipart/form-data; boundary={boundary}"), segments))
    }
}

/// Escapes what would break a part header: quotes and line breaks.
fn quote(text: &str) -> Cow<'_, str> {
    if text.contains(['"', '\r', '\n']) {
        Cow::Owned(
            text.replace("\"", "%22")
                .replace("\r", "%0D")
                .replace("\n", "%0A"),
        )
    } else {
        Cow::Borrowed(text)
    }
}

/// An `application/x-www-form-urlencoded` body.
#[derive(Debug, Clone)]
pub(crate) struct UrlEncoded {
    content_type: &'static str,
    fields: Vec<(&'static str, String)>,
    /// Fields the collection does not list, named by the caller.
    extra: Vec<(String, String)>,
}

impl UrlEncoded {
    /// An empty form sent with `content_type`.
    pub(crate) fn new(content_type: &'static str) -> Self {
        UrlEncoded {
            content_type,
            fields: Vec::new(),
            extra: Vec::new(),
        }
    }

    /// Adds fields under names the caller chose (sent as given, after the
    /// collection's fields).
    pub(crate) fn extras(&mut self, extra: Vec<(String, String)>) {
        self.extra.extend(extra);
    }

    /// Adds a field.
    pub(crate) fn field(&mut self, name: &'static str, value: String) {
        self.fields.push((name, value));
    }

    /// Adds the fields that have a value, in order: a generated request
    /// lists every field of its form as one table of `(name, value)`.
    pub(crate) fn fields<const N: usize>(&mut self, fields: [(&'static str, Option<String>); N]) {
        self.fields_from(&mut fields.into_iter());
    }

    /// [`UrlEncoded::fields`] for any number of fields, built once per crate.
    fn fields_from(&mut self, fields: &mut dyn Iterator<Item = (&'static str, Option<String>)>) {
        let set = fields.filter_map(|(name, value)| Some((name, value?)));
        self.fields.extend(set);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.extra.is_empty()
    }

    /// The Content-Type header and the body; `render` resolves `{{variables}}` in names.
    pub(crate) fn encode(
        &self,
        render: impl Fn(&'static str) -> Result<String, Error>,
    ) -> Result<(String, Vec<u8>), Error> {
        use super::encode::{encode_into, Set};
        let mut body = String::new();
        let listed = self.fields.iter().map(|(name, value)| (render(name), value));
        let extra = self.extra.iter().map(|(name, value)| (Ok(name.clone()), value));
        for (index, (name, value)) in listed.chain(extra).enumerate() {
            if index > 0 {
                body.push('&');
            }
            encode_into(&mut body, &name?, Set::Form);
            body.push('=');
            encode_into(&mut body, value, Set::Form);
        }
        Ok((self.content_type.to_string(), body.into_bytes()))
    }
}

/// A GraphQL request body: `{"query", "operationName", "variables"}`.
#[derive(Debug, Clone)]
pub(crate) struct GraphQl {
    pub(crate) query: &'static str,
    pub(crate) operation_name: Option<&'static str>,
    /// The variables as JSON text.
    pub(crate) variables: Option<String>,
}

impl GraphQl {
    /// The body; `render` resolves `{{variables}}` in the query.
    pub(crate) fn encode(
        &self,
        render: impl Fn(&'static str) -> Result<String, Error>,
    ) -> Result<Vec<u8>, Error> {
        let mut body = String::from("{\"query\":");
        body.push_str(&serde_json::Value::from(render(self.query)?).to_string());
        if let Some(name) = self.operation_name {
            body.push_str(",\"operationName\":");
            body.push_str(&serde_json::Value::from(name).to_string());
        }
        if let Some(variables) = &self.variables {
            body.push_str(",\"variables\":");
            body.push_str(variables);
        }
        body.push('}');
        Ok(body.into_bytes())
    }
}

/// A value as compact JSON text (for JSON-typed form fields and variables).
pub(crate) fn to_json_text<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    serde_json::to_string(value)
        .map_err(|error| Error::invalid(format!("a value cannot be serialized: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(text: &'static str) -> Result<String, Error> {
        Ok(text.to_string())
    }

    #[test]
    fn multipart_parts_are_laid_out_as_postman_does() {
        let mut form = Multipart::new(Some("XyZ"));
        form.text("action", "deny".to_string(), None);
        form.text("meta", "{}".to_string(), Some("application/json"));
        form.file("file", FilePart::from_bytes(b"PNG".to_vec(), "a \"b\".png"), None);
        form.file("raw", FilePart::from_bytes(Vec::new(), "x").content_type("text/csv"), Some("text/plain"));
        let (content_type, body) = form.encode(identity, 0).expect("encodes");
        assert_eq!(content_type, "multipart/form-data; boundary=XyZ");
        let expected = "--XyZ\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\ndeny\r\n\
             --XyZ\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{}\r\n\
             --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a %22b%22.png\"\r\nContent-Type: image/png\r\n\r\nPNG\r\n\
             --XyZ\r\nContent-Disposition: form-data; name=\"raw\"; filename=\"x\"\r\nContent-Type: text/csv\r\n\r\n\r\n\
             --XyZ--\r\n";
        assert_eq!(String::from_utf8(body).expect("UTF-8"), expected);
    }

    #[test]
    fn generated_boundaries_look_like_postmans() {
        let mut form = Multipart::new(None);
        form.text("a", String::new(), None);
        let (content_type, _) = form.encode(identity, 123).expect("encodes");
        let boundary = content_type.trim_start_matches("multipart/form-data; boundary=");
        assert_eq!(boundary.len(), 50);
        assert!(boundary.starts_with(&"-".repeat(26)));
        assert!(boundary[26..].bytes().all(|b| b.is_ascii_digit()));
    }

    #[test]
    fn urlencoded_bodies_encode_everything_but_unreserved() {
        let mut form = UrlEncoded::new("application/x-www-form-urlencoded");
        form.field("a b", "1+1=2 & ü".to_string());
        form.field("a b", String::new());
        let (_, body) = form.encode(identity).expect("encodes");
        assert_eq!(body, b"a%20b=1%2B1%3D2%20%26%20%C3%BC&a%20b=");
    }

    #[test]
    fn urlencoded_field_tables_skip_unset_fields_and_keep_order() {
        let mut form = UrlEncoded::new("application/x-www-form-urlencoded");
        form.fields([
            ("b", Some("2".to_string())),
            ("unset", None),
            ("a", Some(String::new())),
        ]);
        let (_, body) = form.encode(identity).expect("encodes");
        assert_eq!(body, b"b=2&a=");
        let mut empty = UrlEncoded::new("application/x-www-form-urlencoded");
        empty.fields([("unset", None)]);
        assert!(empty.is_empty());
    }

    #[test]
    fn multipart_text_tables_skip_unset_parts_and_keep_order_around_files() {
        let mut form = Multipart::new(Some("B"));
        form.texts([("b", Some("2".to_string())), ("unset", None)]);
        form.file("f", FilePart::from_bytes(b"x".to_vec(), "f.txt"), None);
        form.texts([("a", Some(String::new()))]);
        form.extras(vec![("given".to_string(), "by name".to_string())]);
        let (_, body) = form.encode(identity, 0).expect("encodes");
        let names: Vec<&str> = std::str::from_utf8(&body)
            .expect("UTF-8")
            .split("; name=\"")
            .skip(1)
            .map(|rest| &rest[..rest.find('"').expect("closing quote")])
            .collect();
        assert_eq!(names, ["b", "f", "a", "given"]);
        let mut empty = Multipart::new(None);
        empty.texts([("unset", None)]);
        empty.extras(Vec::new());
        assert!(empty.is_empty());
    }

    #[test]
    fn urlencoded_extras_come_after_the_collections_fields() {
        let mut form = UrlEncoded::new("application/x-www-form-urlencoded");
        form.extras(vec![("z".to_string(), "1".to_string())]);
        form.fields([("a", Some("2".to_string()))]);
        let (_, body) = form.encode(identity).expect("encodes");
        assert_eq!(body, b"a=2&z=1");
    }

    #[test]
    fn graphql_bodies_keep_postmans_member_order() {
        let body = GraphQl {
            query: "query { x }",
            operation_name: Some("Q"),
            variables: Some("{\"a\":1}".to_string()),
        };
        assert_eq!(
            body.encode(identity).expect("encodes"),
            br#"{"query":"query { x }","operationName":"Q","variables":{"a":1}}"#
        );
    }
}
