//! The names a generated crate was given, kept beside it so that
//! regenerating keeps them (`postman-codegen-names.json`).
//!
//! Names are handed out first come, first served (`lower/naming.rs`,
//! `infer/naming.rs`): when two requests, folders or types want one name,
//! the first in collection order gets it. Without memory, a request inserted
//! *before* an existing one with the same name (or a response with a nested
//! `settings` object of another shape) would take the name and push the
//! existing item aside, renaming code that callers already use. No rule that
//! looks only at the new collection can avoid that: the generator cannot
//! tell which of two same-named requests is the new one. So every generated
//! crate records its names, keyed by what they name (a Postman item id, a
//! folder id, the place a type comes from), and the next generation gives
//! each recorded key its recorded name before anything new is named — the way
//! `Cargo.lock` keeps versions. A recorded name is used only while the thing
//! still asks for the same name (the request, folder or field is not renamed);
//! entries for things that are gone are dropped from the new file.
//!
//! The file is part of the generated crate: deterministic, and for an
//! unchanged collection the same file again.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ir::{Api, TypeTable};

/// The file name, at the root of a generated crate.
pub const NAME_LOCK_FILE: &str = "postman-codegen-names.json";

/// The names of every API of a crate, by module.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameLock {
    /// Why the file exists, for a reader who finds it in a crate.
    #[serde(default, rename = "//")]
    pub comment: String,
    /// Per module of the crate.
    #[serde(default)]
    pub apis: BTreeMap<String, ApiNames>,
}

/// The names of one API.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiNames {
    /// Folder idents by the folder's Postman id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub groups: BTreeMap<String, Pinned>,
    /// Operation names by the request's Postman item id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub operations: BTreeMap<String, PinnedOperation>,
    /// Type names by the place the type comes from (`TypeDef::key`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub types: BTreeMap<String, Pinned>,
}

/// A name and what its owner asked for when it was given (a folder's name,
/// or a type's first choice of name): the name is kept only while the owner
/// still asks for the same.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pinned {
    /// What the owner asked for (before collision handling).
    pub wanted: String,
    /// What it got.
    pub name: String,
}

/// An operation's recorded names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PinnedOperation {
    /// The request's name (or its rename by item id) when the name was given.
    pub wanted: String,
    /// Its method name in its group.
    pub method: String,
    /// Its API-wide unique name (types are named after it).
    pub name: String,
}

const COMMENT: &str = "Names postman-codegen gave this crate; regenerating keeps them so that new requests rename nothing. Delete the file to name everything afresh.";

impl NameLock {
    /// Reads a lock file's text.
    ///
    /// # Errors
    ///
    /// The text is not a name lock; the message says where.
    pub fn parse(text: &str) -> Result<NameLock, String> {
        serde_json::from_str(text).map_err(|error| error.to_string())
    }

    /// The names of one API (empty when the module is new).
    pub fn api(&self, module: &str) -> ApiNames {
        self.apis.get(module).cloned().unwrap_or_default()
    }

    /// The lock for generated APIs: `(module, api, types, name overrides)`.
    pub fn record<'a>(
        apis: impl IntoIterator<
            Item = (
                &'a str,
                &'a Api,
                &'a TypeTable,
                &'a BTreeMap<String, String>,
            ),
        >,
    ) -> Self {
        let apis = apis
            .into_iter()
            .map(|(module, api, types, overrides)| {
                (module.to_string(), ApiNames::record(api, types, overrides))
            })
            .collect();
        NameLock {
            comment: COMMENT.to_string(),
            apis,
        }
    }

    /// The file's text: pretty JSON, keys sorted, a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

impl ApiNames {
    /// True when nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.operations.is_empty() && self.types.is_empty()
    }

    /// What `api` and `types` named, by key; `overrides` are the renames by
    /// item id lowering applied (a request's wanted name is its rename when
    /// it has one).
    pub fn record(api: &Api, types: &TypeTable, overrides: &BTreeMap<String, String>) -> Self {
        let mut names = ApiNames::default();
        for group in api.groups.iter().skip(1) {
            if let Some(id) = &group.postman_id {
                names.groups.insert(
                    id.clone(),
                    Pinned {
                        wanted: group.name.clone(),
                        name: group.ident.clone(),
                    },
                );
            }
        }
        for op in &api.operations {
            if let Some(id) = &op.postman_id {
                names.operations.insert(
                    id.clone(),
                    PinnedOperation {
                        wanted: overrides.get(id).unwrap_or(&op.postman_name).clone(),
                        method: op.method_name.clone(),
                        name: op.name.clone(),
                    },
                );
            }
        }
        for def in &types.defs {
            if !def.key.is_empty() {
                names.types.insert(
                    def.key.clone(),
                    Pinned {
                        wanted: def.wanted.clone(),
                        name: def.name.clone(),
                    },
                );
            }
        }
        names
    }
}
