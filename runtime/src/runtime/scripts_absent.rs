//! The script runtime's module in a crate whose collections have no scripts
//! (the real one, with its JavaScript engine, is only in crates that do).

use super::core::{Core, Prepared, Received};
use super::dynamic::Draws;
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

    /// The caller's value, else the collection's: no script sets anything.
    pub(crate) fn resolve(&self, _name: &str, caller: Option<&String>, collection: Option<&String>) -> Option<String> {
        caller.or(collection).cloned()
    }
}

/// No script sends a request here, so no HTTP client is kept for one.
#[derive(Debug, Default)]
pub(crate) struct ScriptHttp;

/// Always `false`: requests render strictly.
pub(crate) fn rendering_leniently() -> bool {
    false
}

/// Which call runs the (absent) scripts, as in the script runtime.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Net {
    /// A blocking call.
    #[cfg(feature = "blocking")]
    Blocking,
    /// An async call.
    #[cfg(feature = "async")]
    Async,
}

/// Prepares the request and hands it to `finish` (the call's hooks and
/// signing), rendering dynamic variables under `draws`: there is no script
/// to run first.
pub(crate) async fn pre_request(
    core: &Core,
    request: &Request,
    token: Option<&str>,
    draws: &mut Draws,
    _net: Net,
    finish: impl FnOnce(&mut Prepared) -> Result<(), Error>,
) -> Result<Prepared, Error> {
    draws.during(|| {
        let mut prepared = core.prepare(request, token)?;
        finish(&mut prepared)?;
        Ok(prepared)
    })
}

/// The response, as received: there is no test script to run.
pub(crate) async fn test(_core: &Core, _request: &Request, received: Received, _net: Net) -> Result<Received, Error> {
    Ok(received)
}
