//! Support code shared by the generated API clients: errors, responses,
//! request building and encoding, authentication, retries.
//!
//! Most callers only meet [`Error`], [`ResponseValue`], [`RetryPolicy`],
//! [`TokenProvider`], [`FilePart`] and [`RawBody`]; the rest is used by the
//! generated request builders. Each API uses the helpers its collection
//! needs, so some helpers go unused in some crates (hence `allow(dead_code)`).

#![allow(dead_code)]

mod auth;
mod body;
mod core;
mod dynamic;
mod encode;
mod error;
mod hooks;
mod overrides;
mod redact;
mod redirect;
mod request;
mod response;
mod retry;
#[cfg(feature = "async")]
mod sending;
mod stream;
mod trace;
mod transport;

pub use self::auth::{BoxFuture, TokenProvider};
pub use self::body::FilePart;
pub use self::error::{BoxError, DecodeError, Error, ErrorResponse, ScriptError, TypedBody};
pub use self::hooks::{IncomingResponse, OperationInfo, OutgoingRequest};
pub use self::overrides::Customize;
// Public because `Customize::overrides` hands it out; hidden, and not
// re-exported at the crate's root.
#[doc(hidden)]
pub use self::overrides::Overrides;
pub use self::response::{RawBody, ResponseResult, ResponseValue};
pub use self::retry::RetryPolicy;
#[cfg(feature = "blocking")]
pub use self::stream::BodyReader;
#[cfg(feature = "async")]
pub use self::stream::ByteStream;
#[cfg(feature = "async")]
pub use self::sending::{AsDecoded, AsEmpty, AsJson, AsRaw, AsText, Finish, Sending, SendingStreamed};
pub use self::stream::Upload;

#[allow(unused_imports)]
pub(crate) use self::{
    auth::{AuthScheme, Credential},
    body::{to_json_text, GraphQl, Multipart, UrlEncoded},
    core::{ApiSpec, Core, CoreBuilder, VariableSpec},
    error::typed_body,
    overrides::{builder_impls, debug_builder},
    redirect::RedirectRules,
    request::{all_required_unless_given, required, required_unless_given, text, ProtocolProfile, Request},
    response::RawResponse,
    transport::TlsBackend,
};

// postman-codegen: vendored up to here.
// Below, for the runtime crate only: the optional modules, which a generated
// crate's `mod.rs` declares (appended by the generator) only when it carries
// them, the stubs a crate without the faker or tolerant decoding carries as
// `faker.rs` and `lenient.rs`, and the
// unit tests no generated crate carries (inside `runtime` so that they reach
// its private modules).

pub(crate) mod aws_sigv4;
pub(crate) mod digest;
pub(crate) mod edgegrid;
pub(crate) mod faker;
pub(crate) mod faker_absent;
pub(crate) mod hawk;
pub(crate) mod jwt;
// Tolerant decoding: a crate carries `lenient.rs` when one of its types has
// a field to tolerate, else `lenient_absent.rs` under that name.
pub(crate) mod lenient;
#[allow(dead_code)]
pub(crate) mod lenient_absent;
pub(crate) mod ntlm;
// How the generated structs read from and write to JSON: a crate carries it
// when it has a struct with a `Default` (`types::needs_object`).
pub(crate) mod object;
pub(crate) mod oauth1;
pub(crate) mod oauth1_rsa;
pub(crate) mod oauth2_grant;
// Pagination: a generated crate carries it, and these lines
// (`source::PAGINATION_USES`), only when one of its requests pages.
pub(crate) mod pagination;
#[cfg(feature = "async")]
pub use self::pagination::{Items, Pages};
#[cfg(feature = "blocking")]
pub use self::pagination::{ItemsBlocking, PagesBlocking};
#[allow(unused_imports)]
pub(crate) use self::pagination::PageRule;
// A generated crate's `scripts.rs` is the script runtime (`scripts.rs` and
// `scripts/`, with the `scripts` feature's engine) or, without scripts, the
// stub `scripts_absent.rs`. Here the feature picks which one `core` calls;
// the other is compiled too, for clippy and the tests.
#[cfg(feature = "scripts")]
pub(crate) mod scripts;
// A generated crate with scripts carries these lines (`source::SCRIPTS_USES`).
#[cfg(feature = "scripts")]
pub use self::scripts::{NextRequest, ScriptErrorAction};
#[cfg(feature = "scripts")]
#[allow(dead_code)]
pub(crate) mod scripts_absent;
#[cfg(not(feature = "scripts"))]
#[path = "scripts_absent.rs"]
pub(crate) mod scripts;

#[cfg(test)]
#[path = "../tests/mod.rs"]
mod tests;
