//! The client runtime of postman-codegen: the support code (errors, encoding,
//! auth, retries, signing, ...) every generated crate carries, by default as
//! the package `runtime/` beside its code, or as its module `src/runtime/`.
//!
//! This crate is not a dependency of generated crates: the generator copies
//! the text of the modules a crate uses into it (`postman-codegen`'s
//! `emit/runtime/mod.rs` decides which), so a generated crate builds with no
//! crate of this project. This crate is where that text lives, as ordinary
//! Rust in `src/runtime/`, laid out as in a generated crate: [`source`] holds
//! each file's text (`include_str!`, so what is vendored IS this source),
//! and the unit tests compile the modules themselves, with every optional
//! module and every feature but `native-tls` (see `Cargo.toml`), under the
//! workspace's clippy.
//!
//! # The contract with generated code
//!
//! The runtime refers to nothing of the crate it is copied into except
//! itself: its modules name one another through `super::` (and
//! `crate::runtime::` in tests), so it only needs to be a module named
//! `runtime` directly under the generated code's root (the crate root, or
//! the module a build script `include!`s, whose `crate::` paths the
//! generator rebases), and it reads the generated crate's Cargo features
//! `async`, `blocking`, `tracing`, `rustls` and `native-tls` (declared in this
//! crate's manifest too). Generated code calls into it, never the reverse:
//! per-API data (servers, variables, auth schemes) reaches the runtime as
//! values (`ApiSpec`, `Request`), and the optional signing modules plug in
//! through the runtime's `Signer` trait. `src/runtime/mod.rs` is vendored up
//! to [`source::MOD_RS_END`]; what follows that line declares, for this
//! crate only, the optional modules a generated crate's `mod.rs` gets
//! appended when it carries them, and the unit tests in `src/tests/`. A
//! file's own `#[cfg(test)]` items (its `mod tests`) are not vendored
//! either: the generator drops every top-level item under `#[cfg(test)]`, so
//! a generated crate never carries the runtime's tests.
//!
//! `runtime` is a private module of the generated crate, or a crate of its
//! own that the generated crate's root names `runtime`
//! (`use <crate>_runtime as runtime;`). Its public surface is the `pub use`
//! list of `mod.rs`, which the generator re-exports at the generated crate's
//! root: add an item there only if users of a generated crate need to name
//! it; everything else stays `pub(crate)` or private. As a crate, what is
//! `pub(crate)` here becomes `pub` and `#[doc(hidden)]`, and the macros
//! re-exported with `pub(crate) use name;` are exported from the crate's
//! root (the generator's `emit/runtime/as_crate.rs`): write the visibility
//! the module needs, and the crate follows.

#![forbid(unsafe_code)]

/// The runtime itself, compiled for its unit tests (and clippy) only: as a
/// library this crate is its text. Not formatted by rustfmt: the generator
/// formats what it vendors, and these files keep the layout in which they
/// were written.
#[cfg(test)]
#[rustfmt::skip]
pub mod runtime;

/// The text of every file in `src/runtime/`, by its name there (and in a
/// generated crate's `src/runtime/`).
pub mod source {
    /// `mod.rs`; a generated crate gets the text before [`MOD_RS_END`].
    pub const MOD_RS: &str = include_str!("runtime/mod.rs");
    /// The line of [`MOD_RS`] where the vendored part ends.
    pub const MOD_RS_END: &str = "// postman-codegen: vendored up to here.";

    /// Modules every generated crate carries.
    pub const AUTH: &str = include_str!("runtime/auth.rs");
    /// See [`AUTH`].
    pub const BODY: &str = include_str!("runtime/body.rs");
    /// See [`AUTH`].
    pub const CORE: &str = include_str!("runtime/core.rs");
    /// See [`AUTH`].
    pub const DYNAMIC: &str = include_str!("runtime/dynamic.rs");
    /// See [`AUTH`].
    pub const ENCODE: &str = include_str!("runtime/encode.rs");
    /// See [`AUTH`].
    pub const ERROR: &str = include_str!("runtime/error.rs");
    /// See [`AUTH`].
    pub const HOOKS: &str = include_str!("runtime/hooks.rs");
    /// See [`AUTH`].
    pub const OVERRIDES: &str = include_str!("runtime/overrides.rs");
    /// See [`AUTH`].
    pub const REDACT: &str = include_str!("runtime/redact.rs");
    /// See [`AUTH`].
    pub const REDIRECT: &str = include_str!("runtime/redirect.rs");
    /// See [`AUTH`].
    pub const REQUEST: &str = include_str!("runtime/request.rs");
    /// See [`AUTH`].
    pub const RESPONSE: &str = include_str!("runtime/response.rs");
    /// See [`AUTH`].
    pub const RETRY: &str = include_str!("runtime/retry.rs");
    /// See [`AUTH`].
    pub const SENDING: &str = include_str!("runtime/sending.rs");
    /// See [`AUTH`].
    pub const STREAM: &str = include_str!("runtime/stream.rs");
    /// See [`AUTH`].
    pub const TRACE: &str = include_str!("runtime/trace.rs");
    /// See [`AUTH`].
    pub const TRANSPORT: &str = include_str!("runtime/transport.rs");

    /// Optional modules: only crates whose collections need them carry them.
    pub const AWS_SIGV4: &str = include_str!("runtime/aws_sigv4.rs");
    /// See [`AWS_SIGV4`].
    pub const DIGEST: &str = include_str!("runtime/digest.rs");
    /// See [`AWS_SIGV4`].
    pub const FAKER: &str = include_str!("runtime/faker.rs");
    /// What a crate without [`FAKER`] carries as `faker.rs`: a faker that draws nothing.
    pub const FAKER_ABSENT: &str = include_str!("runtime/faker_absent.rs");
    /// Tolerant decoding (only in crates with a type that needs it).
    pub const LENIENT: &str = include_str!("runtime/lenient.rs");
    /// What `lenient.rs` is in a crate none of whose types needs it.
    pub const LENIENT_ABSENT: &str = include_str!("runtime/lenient_absent.rs");
    /// See [`AWS_SIGV4`].
    pub const EDGEGRID: &str = include_str!("runtime/edgegrid.rs");
    /// See [`AWS_SIGV4`].
    pub const HAWK: &str = include_str!("runtime/hawk.rs");
    /// See [`AWS_SIGV4`].
    pub const JWT: &str = include_str!("runtime/jwt.rs");
    /// How the generated structs read from and write to JSON objects (only
    /// in crates with such a struct).
    pub const OBJECT: &str = include_str!("runtime/object.rs");
    /// See [`AWS_SIGV4`].
    pub const NTLM: &str = include_str!("runtime/ntlm.rs");
    /// See [`AWS_SIGV4`].
    pub const OAUTH1: &str = include_str!("runtime/oauth1.rs");
    /// See [`AWS_SIGV4`].
    pub const OAUTH1_RSA: &str = include_str!("runtime/oauth1_rsa.rs");
    /// The script runtime, which a crate whose collection has scripts
    /// carries (its engine behind the crate's `scripts` feature), with the
    /// files of [`SCRIPTS_FILES`] and a `scripts/table.rs` of the crate's
    /// scripts that the generator writes.
    pub const SCRIPTS: &str = include_str!("runtime/scripts.rs");
    /// The files of `scripts/` beside [`SCRIPTS`], by name there. The
    /// `scripts/table.rs` of this crate holds its unit tests' scripts and is
    /// never vendored.
    pub const SCRIPTS_FILES: &[(&str, &str)] = &[
        ("apply.rs", include_str!("runtime/scripts/apply.rs")),
        ("crypto.rs", include_str!("runtime/scripts/crypto.rs")),
        ("engine.rs", include_str!("runtime/scripts/engine.rs")),
        ("pm.js", include_str!("runtime/scripts/pm.js")),
        ("send.rs", include_str!("runtime/scripts/send.rs")),
    ];
    /// What a crate whose collections have no script carries as `scripts.rs`:
    /// a script runtime that runs nothing.
    pub const SCRIPTS_ABSENT: &str = include_str!("runtime/scripts_absent.rs");
    /// See [`AWS_SIGV4`].
    pub const OAUTH2_GRANT: &str = include_str!("runtime/oauth2_grant.rs");
    /// `.pages()` and `.items()` of listings whose examples show how they
    /// page. See [`AWS_SIGV4`].
    pub const PAGINATION: &str = include_str!("runtime/pagination.rs");
    /// What a crate carrying [`PAGINATION`] declares in its `mod.rs` after
    /// the module: the pagers' re-exports (public at the crate root) and the
    /// rule generated builders name. `mod.rs` has these lines after
    /// [`MOD_RS_END`] (a test holds them equal).
    pub const PAGINATION_USES: &str = r#"#[cfg(feature = "async")]
pub use self::pagination::{Items, Pages};
#[cfg(feature = "blocking")]
pub use self::pagination::{ItemsBlocking, PagesBlocking};
#[allow(unused_imports)]
pub(crate) use self::pagination::PageRule;
"#;
    /// What a crate carrying [`SCRIPTS`] declares in its `mod.rs` after the
    /// module: the types only a crate with scripts has a use for, public at
    /// the crate root. `mod.rs` has these lines, under the `scripts` feature,
    /// after [`MOD_RS_END`] (a test holds them equal).
    pub const SCRIPTS_USES: &str = "pub use self::scripts::{NextRequest, ScriptErrorAction};\n";

    /// Every file above, by name: the check that none is missing reads it.
    pub const ALL: &[(&str, &str)] = &[
        ("mod.rs", MOD_RS),
        ("auth.rs", AUTH),
        ("aws_sigv4.rs", AWS_SIGV4),
        ("body.rs", BODY),
        ("core.rs", CORE),
        ("digest.rs", DIGEST),
        ("dynamic.rs", DYNAMIC),
        ("edgegrid.rs", EDGEGRID),
        ("encode.rs", ENCODE),
        ("error.rs", ERROR),
        ("faker.rs", FAKER),
        ("faker_absent.rs", FAKER_ABSENT),
        ("hawk.rs", HAWK),
        ("hooks.rs", HOOKS),
        ("jwt.rs", JWT),
        ("lenient.rs", LENIENT),
        ("lenient_absent.rs", LENIENT_ABSENT),
        ("ntlm.rs", NTLM),
        ("object.rs", OBJECT),
        ("oauth1.rs", OAUTH1),
        ("oauth1_rsa.rs", OAUTH1_RSA),
        ("oauth2_grant.rs", OAUTH2_GRANT),
        ("overrides.rs", OVERRIDES),
        ("pagination.rs", PAGINATION),
        ("redact.rs", REDACT),
        ("redirect.rs", REDIRECT),
        ("request.rs", REQUEST),
        ("response.rs", RESPONSE),
        ("retry.rs", RETRY),
        ("scripts.rs", SCRIPTS),
        ("scripts_absent.rs", SCRIPTS_ABSENT),
        ("sending.rs", SENDING),
        ("stream.rs", STREAM),
        ("trace.rs", TRACE),
        ("transport.rs", TRANSPORT),
    ];

    /// `mod.rs` as a generated crate gets it, before its optional modules
    /// are appended: the text up to [`MOD_RS_END`].
    pub fn vendored_mod_rs() -> &'static str {
        match MOD_RS.find(MOD_RS_END) {
            Some(end) => &MOD_RS[..end],
            None => MOD_RS,
        }
    }
}
