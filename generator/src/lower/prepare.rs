//! The part of each request's lowering that reads only the request, the
//! variables and what its folders pass down, worked out for every request
//! on the rayon pool before the walk that needs the lowering's state.
//!
//! The walk ([`super::Lowering::request`]) interns servers and auth schemes
//! by first use, counts variable uses and orders diagnostics, so it stays
//! one thread in collection order. Its costly inner steps do not read that
//! state: the path and query parameters, the body (a form's fields named
//! and sampled: Stripe's 5,434 fields) and the saved examples (their JSON
//! parsed). They are done here, in the walk's order, and handed to it one
//! by one; every request gets the same values as when the walk made them.

use foldhash::HashMap;
use std::cell::RefCell;

use rayon::prelude::*;
use serde_json::{Map, Value};

use super::{body, protocol_profile, response, url, variables, RESERVED_SETTERS};
use crate::collection::{Item, RequestItem, VariableDef};
use crate::ir::{Body, Param, PathSegment, QueryParam, ResponseExample};
use crate::names::UniqueNames;

/// What the walk would work out first for one request.
pub(super) struct Prepared {
    pub(super) path: Vec<PathSegment>,
    pub(super) path_params: Vec<Param>,
    /// Before auth takes its key out and credentials are made variables.
    pub(super) query: Vec<QueryParam>,
    /// Before credentials are made variables.
    pub(super) body: Option<Body>,
    /// The names the path, the query and the body claimed (not the
    /// reserved ones); the walk claims the headers' after them
    /// ([`Prepared::names`]). Kept as names, not as a `UniqueNames`, whose
    /// tables for every request at once cost p2o-fastly's peak 0.3 MB.
    claimed: Vec<String>,
    pub(super) responses: Vec<ResponseExample>,
}

impl Prepared {
    /// The request's names as the walk left them after the body: the
    /// reserved ones and those claimed here taken.
    pub(super) fn names(&mut self) -> UniqueNames {
        let mut names = UniqueNames::with_reserved(RESERVED_SETTERS.iter().copied());
        names.extend_taken(std::mem::take(&mut self.claimed));
        names
    }
}

/// Every request of `items`, in the walk's order (depth first), prepared;
/// `None` for a request without a URL, which the walk skips.
pub(super) fn prepare_all(
    items: &[Item],
    collection_ppb: &Map<String, Value>,
    definitions: &[VariableDef],
    path_constants: &[String],
) -> Vec<Option<Prepared>> {
    let mut requests = Vec::new();
    in_walk_order(items, collection_ppb, &mut requests);
    let mut prepared: Vec<Option<Prepared>> = requests
        .par_iter()
        // Form field identifiers, kept per job as the walk kept them per
        // lowering (see `body::BodyContext::field_idents`).
        .map_init(RefCell::default, |field_idents, (item, profile)| {
            let has_url = !item.request.url.is_empty();
            has_url.then(|| prepare(item, *profile, definitions, path_constants, field_idents))
        })
        .collect();
    // The examples' JSON trees, in a pass of their own: they are freed
    // once the types are inferred (`generate::let_go_of_json_examples`),
    // and made beside the rest of the IR, which lives until the crate is
    // written, they left the allocator's pages partly used through
    // emission, the memory peak (docs/performance.md, "Session 31: memory
    // (issue 20, 20m)").
    prepared.par_iter_mut().flatten().for_each(|request| {
        request
            .responses
            .iter_mut()
            .for_each(response::parse_json_body)
    });
    prepared
}

/// [`prepare`] for one request whose `protocolProfileBehavior` is merged.
pub(super) fn prepare_one(
    item: &RequestItem,
    ppb: &Map<String, Value>,
    definitions: &[VariableDef],
    path_constants: &[String],
    field_idents: &RefCell<HashMap<String, String>>,
) -> Prepared {
    let mut prepared = prepare(
        item,
        Profile::of(ppb),
        definitions,
        path_constants,
        field_idents,
    );
    prepared
        .responses
        .iter_mut()
        .for_each(response::parse_json_body);
    prepared
}

/// The two settings of the merged `protocolProfileBehavior` this part reads.
#[derive(Clone, Copy)]
struct Profile {
    disable_url_encoding: bool,
    disable_body_pruning: bool,
}

impl Profile {
    fn of(ppb: &Map<String, Value>) -> Profile {
        Profile {
            disable_url_encoding: protocol_profile::disables_url_encoding(ppb),
            disable_body_pruning: ppb.get("disableBodyPruning") == Some(&Value::Bool(true)),
        }
    }
}

/// The requests under `items` with their profile: the collection's, then
/// each folder's, then the request's own, later keys winning, as the walk
/// merges them.
fn in_walk_order<'c>(
    items: &'c [Item],
    ppb: &Map<String, Value>,
    into: &mut Vec<(&'c RequestItem, Profile)>,
) {
    for item in items {
        match item {
            Item::Folder(folder) => {
                let mut inner = ppb.clone();
                inner.extend(folder.protocol_profile_behavior.clone());
                in_walk_order(&folder.items, &inner, into);
            }
            Item::Request(request) => {
                let mut own = ppb.clone();
                own.extend(request.protocol_profile_behavior.clone());
                into.push((request, Profile::of(&own)));
            }
        }
    }
}

fn prepare(
    item: &RequestItem,
    profile: Profile,
    definitions: &[VariableDef],
    path_constants: &[String],
    field_idents: &RefCell<HashMap<String, String>>,
) -> Prepared {
    let request = &item.request;
    let lookup = |name: &str| variables::default_value(definitions, name).map(str::to_string);
    let mut names = UniqueNames::with_reserved(RESERVED_SETTERS.iter().copied());
    let (path, path_params) = url::path(&request.url, &lookup, path_constants, &mut names);
    let query = url::query(&request.url, profile.disable_url_encoding, &mut names);
    let samples = item
        .responses
        .iter()
        .filter_map(|r| r.original_body.as_ref())
        .collect();
    let body_cx = body::BodyContext {
        method: &request.method,
        disable_pruning: profile.disable_body_pruning,
        headers: &request.headers,
        samples,
        field_idents: Some(field_idents),
    };
    let body = body::lower(&request.body, &body_cx, &mut names);
    let mut claimed = names.into_taken();
    claimed.retain(|name| !RESERVED_SETTERS.contains(&name.as_str()));
    Prepared {
        path,
        path_params,
        query,
        body,
        claimed,
        responses: item.responses.iter().map(response::lower).collect(),
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, Body, QueryValue};

    fn lower(json: &str) -> Api {
        crate::load_api(json.as_bytes()).expect("collection lowers")
    }

    /// A GET with a urlencoded body at `path`, its query `q=a%20b`.
    fn get_with_body(name: &str, path: &str, ppb: &str) -> String {
        format!(
            r#"{{"name": "{name}", "protocolProfileBehavior": {{{ppb}}}, "request": {{"method": "GET",
                "url": {{"raw": "https://a.test/{path}?q=a%20b", "host": ["a", "test"], "path": ["{path}"],
                         "query": [{{"key": "q", "value": "a%20b"}}]}},
                "body": {{"mode": "urlencoded", "urlencoded": [{{"key": "{name} field", "value": "1"}}]}}}},
              "response": [{{"name": "ok", "code": 200, "body": "{{\"{name}\": 1}}"}}]}}"#
        )
    }

    #[test]
    fn each_request_gets_its_own_path_query_body_and_examples_with_its_folders_profile() {
        let items = [
            r#"{"name": "no url", "request": {"method": "GET", "url": ""}}"#.to_string(),
            format!(
                r#"{{"name": "keeps bodies", "protocolProfileBehavior": {{"disableBodyPruning": true}}, "item": [
                    {},
                    {{"name": ":id", "item": [{}, {}]}},
                    {}
                ]}}"#,
                get_with_body("first", "one", ""),
                get_with_body("folded", "two", ""),
                get_with_body("as written", "three", r#""disableUrlEncoding": true"#),
                get_with_body("pruned again", "four", r#""disableBodyPruning": false"#),
            ),
            r#"{"name": "no url either", "request": "   "}"#.to_string(),
            get_with_body("outside", "five", ""),
        ];
        let doc = format!(
            r#"{{"info": {{"name": "c", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}},
                "item": [{}]}}"#,
            items.join(", ")
        );
        let api = lower(&doc);
        let seen: Vec<_> = api
            .operations
            .iter()
            .map(|op| {
                let field = match &op.body {
                    Some(Body::UrlEncoded { fields, .. }) => {
                        Some(fields[0].key.to_postman_string())
                    }
                    _ => None,
                };
                let example = op.responses[0].body.clone().unwrap_or_default();
                (
                    op.postman_name.as_str(),
                    api.path_string(op),
                    field,
                    example,
                )
            })
            .collect();
        let expected = |name: &'static str, path: &str, kept: bool| {
            let field = kept.then(|| format!("{name} field"));
            (
                name,
                format!("/{path}"),
                field,
                format!("{{\"{name}\": 1}}"),
            )
        };
        assert_eq!(
            seen,
            [
                expected("first", "one", true),
                expected("folded", "two", true),
                expected("as written", "three", true),
                expected("pruned again", "four", false),
                expected("outside", "five", false),
            ]
        );
        // `disableUrlEncoding` keeps the example as written in its own
        // request only; the others' is the value the server decodes.
        let examples: Vec<&str> = api
            .operations
            .iter()
            .map(|op| match &op.query[0].value {
                QueryValue::Param { param } => param.example.as_deref().unwrap_or_default(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(examples, ["a b", "a b", "a%20b", "a b", "a b"]);
        // Each example's JSON tree, parsed in its own pass, is its own body's.
        for op in &api.operations {
            let example = &op.responses[0];
            let body = example.body.as_deref().expect("a body");
            assert_eq!(
                example.json,
                Some(serde_json::from_str::<serde_json::Value>(body).unwrap()),
                "{}",
                op.postman_name
            );
        }
    }

    #[test]
    fn lowering_is_the_same_on_any_number_of_threads() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../collections");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|ext| ext != "json") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let on = |threads: usize| {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap();
                pool.install(|| crate::load_api(&bytes).unwrap())
            };
            let one = on(1);
            assert!(!one.operations.is_empty(), "{}", path.display());
            for threads in [2, 4] {
                assert!(
                    on(threads) == one,
                    "{} on {threads} threads",
                    path.display()
                );
            }
        }
    }
}
