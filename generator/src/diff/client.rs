//! Changes outside single operations: the client builder (servers, variables,
//! auth) and the `types` module.

use std::collections::{HashMap, HashSet};

use crate::ir::{
    ApiKeyLocation, AuthScheme, Credential, Operation, ServerId, TypeId, TypeKind, TypeRef,
    Variable, VariableUse,
};

use super::compare::{Comparer, Place};
use super::match_ops::Pairing;
use super::{Change, ChangeKind, Findings, Side};

/// The subject of client builder changes.
const CLIENT: &str = "Client";

/// How auth changes are reported.
#[derive(Debug, Clone, Copy)]
pub(super) struct AuthPlan {
    /// False when one `Client` change covers every operation's auth change.
    pub(super) per_operation: bool,
}

/// Compares servers, variables and auth schemes, appending `Client` changes.
pub(super) fn compare_client(
    old: Side<'_>,
    new: Side<'_>,
    pairs: &[Pairing],
    changes: &mut Vec<Change>,
) -> AuthPlan {
    let mut out = Findings::default();
    servers(old, new, &mut out);
    variables(old, new, &mut out);
    let plan = auth(old, new, pairs, &mut out);
    changes.extend(out.into_changes(CLIENT));
    plan
}

/// The name of the client builder's setter for a server: `base_url` for the
/// first, the server's ident for the others.
pub(super) fn server_setter(side: Side<'_>, id: ServerId) -> String {
    match side.api.servers.get(id.index()) {
        Some(server) if id.index() > 0 => server.ident.clone(),
        _ => "base_url".to_string(),
    }
}

/// The servers with their setters' names.
fn named_servers<'a>(side: Side<'a>) -> Vec<(String, &'a crate::ir::Server)> {
    side.api
        .servers
        .iter()
        .enumerate()
        .map(|(index, server)| (server_setter(side, ServerId::new(index)), server))
        .collect()
}

/// Servers are paired by their setter's name.
fn servers(old: Side<'_>, new: Side<'_>, out: &mut Findings) {
    let (old_servers, new_servers) = (named_servers(old), named_servers(new));
    let default = |url: &Option<String>| match url {
        Some(url) => format!("`{url}`"),
        None => "none".to_string(),
    };
    for (name, server) in &old_servers {
        let Some((_, other)) = new_servers.iter().find(|(n, _)| n == name) else {
            out.breaking(
                ChangeKind::Removed,
                format!(
                    "server `{name}` (`{}`) removed",
                    server.url.to_postman_string()
                ),
            );
            continue;
        };
        if server.url != other.url {
            out.compatible(
                ChangeKind::Changed,
                format!(
                    "server `{name}` changed from `{}` to `{}`",
                    server.url.to_postman_string(),
                    other.url.to_postman_string()
                ),
            );
        }
        if server.default_url != other.default_url {
            let what = if name == "base_url" {
                "default base URL".to_string()
            } else {
                format!("default URL of server `{name}`")
            };
            out.compatible(
                ChangeKind::Changed,
                format!(
                    "{what} changed from {} to {}",
                    default(&server.default_url),
                    default(&other.default_url)
                ),
            );
        }
    }
    for (name, server) in &new_servers {
        if !old_servers.iter().any(|(n, _)| n == name) {
            out.compatible(
                ChangeKind::Added,
                format!("new server `{name}` (`{}`)", server.url.to_postman_string()),
            );
        }
    }
}

/// Variables that requests use in their path, query, headers or body. Those
/// used only in server URLs or auth are covered by the server and auth rules.
fn request_variables<'a>(side: Side<'a>) -> Vec<&'a Variable> {
    side.api
        .variables
        .iter()
        .filter(|v| {
            v.used_in.iter().any(|u| {
                matches!(
                    u,
                    VariableUse::Path
                        | VariableUse::Query
                        | VariableUse::Header
                        | VariableUse::Body
                )
            })
        })
        .collect()
}

fn variables(old: Side<'_>, new: Side<'_>, out: &mut Findings) {
    let old_vars = request_variables(old);
    let new_vars = request_variables(new);
    for var in &old_vars {
        match new_vars.iter().find(|v| v.name == var.name) {
            None => out.breaking(
                ChangeKind::Removed,
                format!("variable `{}` removed", var.name),
            ),
            Some(other) if !var.secret && !other.secret && var.default != other.default => {
                let value = |value: &Option<String>| match value {
                    Some(value) => format!("`{value}`"),
                    None => "none".to_string(),
                };
                out.compatible(
                    ChangeKind::Changed,
                    format!(
                        "default of variable `{}` changed from {} to {}",
                        var.name,
                        value(&var.default),
                        value(&other.default)
                    ),
                );
            }
            Some(_) => {}
        }
    }
    for var in new_vars
        .iter()
        .filter(|v| !old_vars.iter().any(|o| o.name == v.name))
    {
        if var.default.is_none() {
            out.breaking(
                ChangeKind::Added,
                format!(
                    "new variable `{}` without a default: requests that use it fail until it is set",
                    var.name
                ),
            );
        } else {
            out.compatible(ChangeKind::Added, format!("new variable `{}`", var.name));
        }
    }
}

/// The auth scheme an operation uses.
pub(super) fn op_auth<'a>(side: Side<'a>, op: &Operation) -> Option<&'a AuthScheme> {
    op.auth.and_then(|id| side.api.auth_schemes.get(id.index()))
}

/// Describes an auth scheme (or no auth) for messages.
pub(super) fn describe_auth(scheme: Option<&AuthScheme>) -> String {
    let from = |credential: &Credential| match credential {
        Credential::Variable(name) => format!(" from `{{{{{name}}}}}`"),
        Credential::Supplied | Credential::Empty => String::new(),
    };
    let location = |location: &ApiKeyLocation| match location {
        ApiKeyLocation::Header => "header",
        ApiKeyLocation::Query => "query",
    };
    match scheme {
        None => "no auth".to_string(),
        Some(AuthScheme::Basic { username, .. }) => format!("basic auth{}", from(username)),
        Some(AuthScheme::Bearer { token }) => format!("bearer token{}", from(token)),
        Some(AuthScheme::ApiKey {
            name,
            value,
            location: at,
        }) => format!("API key `{name}` in the {}{}", location(at), from(value)),
        Some(AuthScheme::OAuth2 {
            token,
            location: at,
            ..
        }) => format!(
            "OAuth 2 access token in the {}{}",
            location(at),
            from(token)
        ),
        Some(AuthScheme::Signed(signed)) => format!("`{}` auth", signed.kind()),
        Some(AuthScheme::Unsupported { kind }) => format!("unsupported `{kind}` auth"),
    }
}

/// Auth schemes no longer or newly used, and whether operations report their
/// own auth changes: when every paired operation (at least two) changed from
/// the same scheme to the same scheme, one `Client` change says so instead.
fn auth(old: Side<'_>, new: Side<'_>, pairs: &[Pairing], out: &mut Findings) -> AuthPlan {
    for scheme in &old.api.auth_schemes {
        if !new.api.auth_schemes.contains(scheme) {
            out.breaking(
                ChangeKind::Removed,
                format!(
                    "auth scheme no longer used: {}",
                    describe_auth(Some(scheme))
                ),
            );
        }
    }
    for scheme in &new.api.auth_schemes {
        if !old.api.auth_schemes.contains(scheme) {
            out.compatible(
                ChangeKind::Added,
                format!("new auth scheme: {}", describe_auth(Some(scheme))),
            );
        }
    }

    let mut changes = pairs.iter().filter_map(|pair| match *pair {
        Pairing::Matched { old: o, new: n } => {
            Some((op_auth(old, old.op(o)), op_auth(new, new.op(n))))
        }
        Pairing::Added(_) | Pairing::Removed(_) => None,
    });
    let first = changes.next();
    let uniform = match first {
        Some((a, b)) if a != b => {
            let mut count = 1;
            let all_same = changes.all(|pair| {
                count += 1;
                pair == (a, b)
            });
            (all_same && count >= 2).then_some((a, b))
        }
        _ => None,
    };
    match uniform {
        Some((a, b)) => {
            out.breaking(
                ChangeKind::Changed,
                format!(
                    "auth of every operation changed from {} to {}",
                    describe_auth(a),
                    describe_auth(b)
                ),
            );
            AuthPlan {
                per_operation: false,
            }
        }
        None => AuthPlan {
            per_operation: true,
        },
    }
}

/// Compares the named types. A type is paired with the new type of the same
/// key (the operation item id, place and field path it comes from), else of
/// the same name: a type whose key stays while its name changes (its
/// operation or field was renamed, by the collection, `--rename`, the
/// settings' `names` or a naming rule) is one `renamed` change, not a removal
/// and an addition. Pairs already compared under an operation (`reached`)
/// are not compared again.
pub(super) fn compare_types(
    old: Side<'_>,
    new: Side<'_>,
    reached: &HashSet<(TypeId, TypeId)>,
    changes: &mut Vec<Change>,
) {
    let subject = |name: &str| format!("types::{name}");
    let unique_keys = |defs: &[crate::ir::TypeDef]| -> HashMap<String, usize> {
        let mut by_key: HashMap<String, Option<usize>> = HashMap::new();
        for (i, def) in defs.iter().enumerate().filter(|(_, d)| !d.key.is_empty()) {
            by_key
                .entry(def.key.clone())
                .and_modify(|seen| *seen = None)
                .or_insert(Some(i));
        }
        by_key
            .into_iter()
            .filter_map(|(key, i)| Some((key, i?)))
            .collect()
    };
    let new_by_key = unique_keys(&new.types.defs);
    let old_by_key = unique_keys(&old.types.defs);
    let new_by_name: HashMap<&str, usize> = new
        .types
        .defs
        .iter()
        .enumerate()
        .map(|(i, def)| (def.name.as_str(), i))
        .collect();
    // Pairs by key first; by name only a new def no old one has by key.
    let paired_by_key = |i: usize| -> Option<usize> {
        let key = &old.types.defs[i].key;
        old_by_key.get(key).filter(|&&o| o == i)?;
        new_by_key.get(key).copied()
    };
    let key_partner: HashSet<usize> = (0..old.types.defs.len())
        .filter_map(paired_by_key)
        .collect();
    let mut paired_new: HashSet<usize> = HashSet::new();
    let mut comparer = Comparer::new(old, new);
    for (index, def) in old.types.defs.iter().enumerate() {
        let mut out = Findings::default();
        let partner = paired_by_key(index).or_else(|| {
            new_by_name
                .get(def.name.as_str())
                .copied()
                .filter(|n| !key_partner.contains(n))
        });
        match partner {
            None => out.breaking(ChangeKind::Removed, "type removed"),
            Some(other) => {
                paired_new.insert(other);
                let new_name = &new.types.defs[other].name;
                if *new_name != def.name {
                    out.breaking(
                        ChangeKind::Changed,
                        format!("renamed to `{}`", subject(new_name)),
                    );
                }
                if !reached.contains(&(TypeId(index), TypeId(other))) {
                    let place = Place::new("field", "");
                    comparer.compare(
                        &place,
                        &TypeRef::Named(TypeId(index)),
                        &TypeRef::Named(TypeId(other)),
                        &mut out,
                    );
                }
            }
        }
        changes.extend(out.into_changes(&subject(&def.name)));
    }
    for (index, def) in new.types.defs.iter().enumerate() {
        if !paired_new.contains(&index) {
            let kind = match def.kind {
                TypeKind::Struct { .. } => "new struct",
                TypeKind::Enum { .. } => "new enum",
            };
            changes.push(Change {
                kind: ChangeKind::Added,
                severity: super::Severity::Compatible,
                subject: subject(&def.name),
                detail: kind.to_string(),
            });
        }
    }
}
