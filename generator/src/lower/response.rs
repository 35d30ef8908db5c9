//! Saved example responses (POSTMAN_FORMAT.md §11).

use crate::collection::SavedResponse;
use crate::ir::ResponseExample;

use super::body::is_json_media_type;

/// Lowers one saved example. The body counts as JSON when the Content-Type or
/// the preview language says so, or when it parses as a JSON object or array.
pub fn lower(response: &SavedResponse) -> ResponseExample {
    let content_type = response
        .headers
        .iter()
        .rev()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
        .map(|(_, value)| value.clone());
    let body = response.body.clone().filter(|b| !b.is_empty());
    let declared_json = content_type.as_deref().is_some_and(is_json_media_type)
        || response.preview_language.as_deref() == Some("json");
    let json = body.as_deref().and_then(|text| {
        let trimmed = text.trim_start();
        let looks_json = trimmed.starts_with('{') || trimmed.starts_with('[');
        if declared_json || looks_json {
            serde_json::from_str(text).ok()
        } else {
            None
        }
    });
    ResponseExample {
        code: response.code,
        name: response.name.clone(),
        status_text: response.status.clone(),
        headers: response.headers.clone(),
        body,
        content_type,
        preview_language: response.preview_language.clone(),
        json,
    }
}
