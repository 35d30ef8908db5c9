//! Typed references between IR items, and the HTTP method.
//!
//! Operations, groups, servers and auth schemes live in arenas on [`Api`];
//! items refer to each other by position. A bare `usize` says nothing about
//! which arena it indexes, so each arena has its own id type, and the arena's
//! owner is indexed by it: `api[op.group]`, `api[op.server]`, `types[op_id]`.

use std::fmt;
use std::ops::{Index, IndexMut};

use serde::{Serialize, Serializer};

use super::{Api, AuthScheme, Group, Operation, OperationTypes, Server, TypeTable};

/// Defines an id newtype over an arena position. Serialized as the bare number,
/// so `inspect --json` output does not change.
macro_rules! arena_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(usize);

        impl $name {
            /// The id of the item at `index` in its arena.
            pub const fn new(index: usize) -> Self {
                $name(index)
            }

            /// The item's position in its arena.
            pub const fn index(self) -> usize {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

arena_id! {
    /// An operation: a position in [`Api::operations`] (and in
    /// [`TypeTable::operations`], which is parallel to it).
    OperationId
}

arena_id! {
    /// A folder: a position in [`Api::groups`].
    GroupId
}

arena_id! {
    /// A server: a position in [`Api::servers`].
    ServerId
}

arena_id! {
    /// An auth scheme: a position in [`Api::auth_schemes`].
    AuthSchemeId
}

/// Implements `Index`/`IndexMut` of an owner by an id, and an iterator over
/// the arena's ids.
macro_rules! arena_index {
    ($owner:ty, $field:ident, $id:ident, $item:ty, $ids:ident) => {
        impl Index<$id> for $owner {
            type Output = $item;
            fn index(&self, id: $id) -> &$item {
                &self.$field[id.0]
            }
        }

        impl IndexMut<$id> for $owner {
            fn index_mut(&mut self, id: $id) -> &mut $item {
                &mut self.$field[id.0]
            }
        }

        impl $owner {
            #[doc = concat!("Every id of `", stringify!($field), "`, in arena order.")]
            pub fn $ids(&self) -> impl Iterator<Item = $id> + 'static {
                (0..self.$field.len()).map($id)
            }
        }
    };
}

arena_index!(Api, operations, OperationId, Operation, operation_ids);
arena_index!(Api, groups, GroupId, Group, group_ids);
arena_index!(Api, servers, ServerId, Server, server_ids);
arena_index!(Api, auth_schemes, AuthSchemeId, AuthScheme, auth_scheme_ids);
arena_index!(
    TypeTable,
    operations,
    OperationId,
    OperationTypes,
    operation_ids
);

impl Api {
    /// The root group (the collection itself), when lowering made one.
    pub fn root_group(&self) -> Option<GroupId> {
        self.groups
            .iter()
            .position(|g| g.parent.is_none())
            .map(GroupId)
    }
}

/// An HTTP request method. Postman lets a request use any method token, so
/// besides the standard ones there is [`HttpMethod::Other`], which keeps the
/// text exactly as the collection spells it (already upper-cased by the
/// collection model, as Postman sends it).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
    /// `HEAD`.
    Head,
    /// `OPTIONS`.
    Options,
    /// `TRACE`.
    Trace,
    /// `CONNECT`.
    Connect,
    /// Any other method (`COPY`, `PURGE`, `PROPFIND`, or text that is not a
    /// valid token at all, which lowering reports); the wire text, verbatim.
    Other(String),
}

impl HttpMethod {
    /// The standard methods, which `http`/`reqwest` name with constants.
    pub const STANDARD: [HttpMethod; 9] = [
        HttpMethod::Get,
        HttpMethod::Post,
        HttpMethod::Put,
        HttpMethod::Patch,
        HttpMethod::Delete,
        HttpMethod::Head,
        HttpMethod::Options,
        HttpMethod::Trace,
        HttpMethod::Connect,
    ];

    /// The method for wire text `text`: a standard method when `text` is
    /// exactly its (upper-case) name, else [`HttpMethod::Other`] with `text`.
    /// Methods are case-sensitive on the wire (RFC 9110 §9.1), so `get` is
    /// not `GET`.
    pub fn parse(text: &str) -> Self {
        Self::STANDARD
            .into_iter()
            .find(|m| m.as_str() == text)
            .unwrap_or_else(|| HttpMethod::Other(text.to_string()))
    }

    /// The method as sent on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Trace => "TRACE",
            HttpMethod::Connect => "CONNECT",
            HttpMethod::Other(text) => text,
        }
    }

    /// True for a standard method (one with an `http::Method` constant).
    pub fn is_standard(&self) -> bool {
        !matches!(self, HttpMethod::Other(_))
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for HttpMethod {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for HttpMethod {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Serialized as the wire text, as the `String` it replaces was.
impl Serialize for HttpMethod {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_round_trip_their_wire_text() {
        for text in [
            "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT",
        ] {
            let method = HttpMethod::parse(text);
            assert!(method.is_standard(), "{text}");
            assert_eq!(method.as_str(), text);
        }
        // Extension methods and odd spellings are kept byte for byte.
        for text in ["PROPFIND", "get", "M-SEARCH", "BAD METHOD", ""] {
            assert_eq!(HttpMethod::parse(text), HttpMethod::Other(text.to_string()));
            assert_eq!(HttpMethod::parse(text).to_string(), text);
        }
    }

    #[test]
    fn method_serializes_as_its_text() {
        let json = serde_json::to_string(&HttpMethod::parse("PURGE")).unwrap();
        assert_eq!(json, "\"PURGE\"");
        assert_eq!(
            serde_json::to_string(&HttpMethod::Patch).unwrap(),
            "\"PATCH\""
        );
    }
}
