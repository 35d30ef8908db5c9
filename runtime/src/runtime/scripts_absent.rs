//! The script runtime's module in a crate whose collections have no scripts
//! (the real one, with its JavaScript engine, is only in crates that do).

use super::core::{Core, Prepared, Received};
use super::error::Error;
use super::request::Request;

/// No variable is ever set by a script here.
#[derive(Debug, Default)]
pub(crate) struct Variables;

impl Variables {
    /// Always `None`.
    pub(crate) fn get(&self, _name: &str) -> Option<String> {
        None
    }
}

/// Always `false`: requests render strictly.
pub(crate) fn rendering_leniently() -> bool {
    false
}

/// Prepares the request: there is no script to run first (`blocking` says
/// which path calls, as in the script runtime).
pub(crate) fn pre_request(core: &Core, request: &Request, token: Option<&str>, _blocking: bool) -> Result<Prepared, Error> {
    core.prepare(request, token)
}

/// The response, as received: there is no test script to run.
pub(crate) fn test(_core: &Core, _request: &Request, received: Received, _blocking: bool) -> Result<Received, Error> {
    Ok(received)
}
