//! Pagination by inference: which operations get `.pages()` and `.items()`,
//! and how the next page is asked for. The rule and its evidence threshold
//! are in `docs/pagination.md`; in short, an operation pages when its
//! success response (a struct inferred from the collection's examples) holds
//! a paging field and its request has the matching query parameter for the
//! caller to set:
//!
//! | style | reply field(s) | query parameter | next request |
//! | --- | --- | --- | --- |
//! | cursor | string `next_page_token`, `next_cursor`, `cursor`, `next_token`, `page_token`, `continuation_token` (any case, `_`/`-` ignored) | the same name, or it without `next` | the parameter set to the field; stops at an absent or empty field |
//! | page number | integer `page`/`page_number`/`page_no`/`page_num` and `page_count`/`total_pages`/`num_pages`/`last_page` | the same name as the first | the parameter set to the page + 1; stops at the last page or an empty page |
//! | `starting_after` | boolean `has_more` and one list of objects with an `id` | `starting_after` | the parameter set to the last item's id; stops when `has_more` is false |
//! | `Link` header | a saved success example with a `Link: <..>; rel="next"` header | (any) | the query of the `rel="next"` URL; stops without one |
//!
//! `.items()` is generated too when the response has exactly one list field
//! (or is a list).

use crate::ir::types::{Primitive, TypeKind, TypeRef, TypeTable};
use crate::ir::{Api, HttpMethod, Operation, OperationId, QueryValue};

use super::model::{success_kinds, BodyKind};

/// How an operation pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageRule {
    /// A token in the reply, sent back in a query parameter.
    Cursor {
        /// The reply's field holding the next token.
        field: String,
        /// The query parameter that takes it.
        query: String,
    },
    /// A page number in the reply and the query, with the number of pages.
    PageNumber {
        /// The query parameter (and the reply's field) with the page number.
        query: String,
        /// The reply's field with the current page.
        field: String,
        /// The reply's field with the number of pages.
        count: String,
    },
    /// Stripe-style: `starting_after` the last item's id while `has_more`.
    StartingAfter {
        /// The query parameter (`starting_after`).
        query: String,
        /// The reply's boolean field (`has_more`).
        has_more: String,
        /// The reply's list field.
        items: String,
    },
    /// The `Link` header's `rel="next"` URL.
    LinkHeader,
}

/// What pagination an operation gets.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// How the next page is asked for.
    pub rule: PageRule,
    /// The response type of a page.
    pub page: TypeRef,
    /// The reply's single list field and its element type, for `.items()`.
    pub items: Option<(String, TypeRef)>,
}

/// Lower case without `_` and `-`: `nextPageToken` and `next_page_token` agree.
fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

const CURSOR_FIELDS: &[&str] = &[
    "nextpagetoken",
    "nextcursor",
    "cursor",
    "nexttoken",
    "pagetoken",
    "continuationtoken",
];
const PAGE_FIELDS: &[&str] = &["page", "pagenumber", "pageno", "pagenum"];
const PAGE_COUNT_FIELDS: &[&str] = &["pagecount", "totalpages", "numpages", "lastpage"];

fn strip_option(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Option(inner) => strip_option(inner),
        other => other,
    }
}

fn is_primitive(ty: &TypeRef, primitive: Primitive) -> bool {
    matches!(strip_option(ty), TypeRef::Primitive(p) if *p == primitive)
}

/// Pagination for every operation of `api`, parallel to `api.operations`.
pub fn infer_all(api: &Api, types: &TypeTable) -> Vec<Option<Pagination>> {
    api.operation_ids()
        .map(|id| infer(api, types, id))
        .collect()
}

/// Pagination for operation `index`, when the evidence is there.
pub fn infer(api: &Api, types: &TypeTable, index: OperationId) -> Option<Pagination> {
    let op = &api[index];
    if op.method != HttpMethod::Get {
        return None;
    }
    let op_types = types.operations.get(index.index());
    // One JSON type for every documented success: that is what `send` decodes.
    let kinds = success_kinds(op, op_types);
    let mut distinct = kinds.values();
    let first = distinct.next()?;
    if !distinct.all(|kind| kind == first) {
        return None;
    }
    let BodyKind::Json(Some(page)) = first else {
        return None;
    };
    // The reply's fields when it is an object; a list reply can only page by `Link`.
    let fields: &[crate::ir::types::Field] = match strip_option(page) {
        TypeRef::Named(id) => match &types.get(*id).kind {
            TypeKind::Struct { fields } => fields,
            _ => return None,
        },
        TypeRef::Vec(_) => &[],
        _ => return None,
    };
    let lists: Vec<(&str, &TypeRef)> = fields
        .iter()
        .filter_map(|field| match strip_option(&field.ty) {
            TypeRef::Vec(element) => Some((field.name.as_str(), element.as_ref())),
            _ => None,
        })
        .collect();
    // `.items()` takes the one list field, or the reply itself when it is a list ("").
    let items = match (strip_option(page), lists.as_slice()) {
        (TypeRef::Vec(element), _) => Some((String::new(), element.as_ref().clone())),
        (_, [(name, element)]) => Some((name.to_string(), (*element).clone())),
        _ => None,
    };
    let params: Vec<&str> = op
        .query
        .iter()
        .filter(|q| matches!(q.value, QueryValue::Param { .. }))
        .filter_map(|q| q.key.as_deref())
        .collect();
    let param_named =
        |wanted: &str| -> Option<&str> { params.iter().copied().find(|p| normalize(p) == wanted) };

    let rule = cursor_rule(fields, &param_named)
        .or_else(|| page_number_rule(fields, &param_named))
        .or_else(|| starting_after_rule(fields, &lists, types, &param_named))
        .or_else(|| link_header_rule(op))?;
    Some(Pagination {
        rule,
        page: page.clone(),
        items,
    })
}

fn cursor_rule<'a>(
    fields: &[crate::ir::types::Field],
    param_named: &dyn Fn(&str) -> Option<&'a str>,
) -> Option<PageRule> {
    fields.iter().find_map(|field| {
        let name = normalize(&field.name);
        if !CURSOR_FIELDS.contains(&name.as_str()) || !is_primitive(&field.ty, Primitive::String) {
            return None;
        }
        let query =
            param_named(&name).or_else(|| name.strip_prefix("next").and_then(param_named))?;
        Some(PageRule::Cursor {
            field: field.name.clone(),
            query: query.to_string(),
        })
    })
}

fn page_number_rule<'a>(
    fields: &[crate::ir::types::Field],
    param_named: &dyn Fn(&str) -> Option<&'a str>,
) -> Option<PageRule> {
    let count = fields.iter().find(|field| {
        PAGE_COUNT_FIELDS.contains(&normalize(&field.name).as_str())
            && is_primitive(&field.ty, Primitive::I64)
    })?;
    fields.iter().find_map(|field| {
        let name = normalize(&field.name);
        if !PAGE_FIELDS.contains(&name.as_str()) || !is_primitive(&field.ty, Primitive::I64) {
            return None;
        }
        let query = param_named(&name)?;
        Some(PageRule::PageNumber {
            query: query.to_string(),
            field: field.name.clone(),
            count: count.name.clone(),
        })
    })
}

fn starting_after_rule<'a>(
    fields: &[crate::ir::types::Field],
    lists: &[(&str, &TypeRef)],
    types: &TypeTable,
    param_named: &dyn Fn(&str) -> Option<&'a str>,
) -> Option<PageRule> {
    let query = param_named("startingafter")?;
    let has_more = fields.iter().find(|field| {
        normalize(&field.name) == "hasmore" && is_primitive(&field.ty, Primitive::Bool)
    })?;
    let [(items, element)] = lists else {
        return None;
    };
    let TypeRef::Named(id) = strip_option(element) else {
        return None;
    };
    let TypeKind::Struct {
        fields: item_fields,
    } = &types.get(*id).kind
    else {
        return None;
    };
    if !item_fields.iter().any(|field| field.name == "id") {
        return None;
    }
    Some(PageRule::StartingAfter {
        query: query.to_string(),
        has_more: has_more.name.clone(),
        items: items.to_string(),
    })
}

fn link_header_rule(op: &Operation) -> Option<PageRule> {
    op.responses
        .iter()
        .filter(|example| example.code.is_some_and(|c| (200..300).contains(&c)))
        .flat_map(|example| &example.headers)
        .any(|(name, value)| {
            name.eq_ignore_ascii_case("link") && value.replace(' ', "").contains("rel=\"next\"")
        })
        .then_some(PageRule::LinkHeader)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inferred(collection: &str) -> Vec<Option<Pagination>> {
        let loaded = crate::generate::load_and_infer(collection.as_bytes()).expect("loads");
        infer_all(&loaded.api, &loaded.types)
    }

    fn collection(query: &str, body: &str, headers: &str) -> String {
        format!(
            r#"{{"info": {{"name": "t", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}},
               "item": [{{"name": "list", "request": {{"method": "GET", "url": "https://api.example.com/things?{query}"}},
                 "response": [{{"name": "ok", "code": 200, "header": [{headers}], "body": {body:?},
                   "originalRequest": {{"method": "GET", "url": "https://api.example.com/things"}}}}]}}]}}"#
        )
    }

    #[test]
    fn a_cursor_field_with_its_query_parameter_pages() {
        let found = inferred(&collection(
            "page_size=30&next_page_token=",
            r#"{"next_page_token": "abc", "users": [{"id": "1"}]}"#,
            "",
        ));
        let pagination = found[0].as_ref().expect("pages");
        assert_eq!(
            pagination.rule,
            PageRule::Cursor {
                field: "next_page_token".into(),
                query: "next_page_token".into()
            }
        );
        assert_eq!(
            pagination.items.as_ref().map(|(name, _)| name.as_str()),
            Some("users")
        );
        // `nextCursor` in the reply, `cursor` in the query.
        let found = inferred(&collection(
            "cursor=",
            r#"{"nextCursor": "x", "a": [1]}"#,
            "",
        ));
        assert!(
            matches!(&found[0], Some(Pagination { rule: PageRule::Cursor { query, .. }, .. }) if query == "cursor")
        );
    }

    #[test]
    fn a_paging_field_without_its_query_parameter_is_no_evidence() {
        assert_eq!(
            inferred(&collection(
                "limit=1",
                r#"{"next_page_token": "abc", "users": []}"#,
                ""
            ))[0],
            None
        );
        // A page number needs the number of pages too.
        assert_eq!(
            inferred(&collection("page=1", r#"{"page": 1, "items": [1]}"#, ""))[0],
            None
        );
        // Nothing pages a reply that is not an object.
        assert_eq!(
            inferred(&collection("cursor=", r#"[{"cursor": "x"}]"#, ""))[0],
            None
        );
    }

    #[test]
    fn page_numbers_starting_after_and_link_headers_page() {
        let found = inferred(&collection(
            "page_number=1",
            r#"{"page_number": 1, "page_count": 3, "items": [{"id": 1}]}"#,
            "",
        ));
        assert!(
            matches!(&found[0], Some(Pagination { rule: PageRule::PageNumber { count, .. }, .. }) if count == "page_count")
        );
        let found = inferred(&collection(
            "starting_after=",
            r#"{"has_more": true, "data": [{"id": "cus_1"}]}"#,
            "",
        ));
        assert!(matches!(
            &found[0],
            Some(Pagination {
                rule: PageRule::StartingAfter { .. },
                ..
            })
        ));
        let found = inferred(&collection(
            "per_page=2",
            r#"[{"id": 1}]"#,
            r#"{"key": "Link", "value": "<https://api.example.com/things?page=2>; rel=\"next\""}"#,
        ));
        let pagination = found[0]
            .as_ref()
            .expect("a list reply pages by its Link header");
        assert_eq!(pagination.rule, PageRule::LinkHeader);
        assert_eq!(
            pagination.items.as_ref().map(|(name, _)| name.as_str()),
            Some("")
        );
        let found = inferred(&collection(
            "per_page=2",
            r#"{"items": [{"id": 1}]}"#,
            r#"{"key": "Link", "value": "<https://api.example.com/things?page=2>; rel=\"next\""}"#,
        ));
        assert!(matches!(
            &found[0],
            Some(Pagination {
                rule: PageRule::LinkHeader,
                ..
            })
        ));
    }
}
