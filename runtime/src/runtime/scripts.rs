//! The collection's pre-request and test scripts, run by the client when the
//! crate is built with the `scripts` feature, as Postman runs them: before
//! each request the pre-request scripts of the collection, its folders and
//! the request (in that order), then the request is sent with what they
//! changed; after the final response its test scripts, for the variables they
//! set. The scripts are data compiled into the crate (`scripts/table.rs`),
//! never fetched from anywhere.
//!
//! Without the feature nothing runs, but the variable scopes below still
//! exist: `Client::set_variable` sets what a script would have set.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, RwLock};

use super::core::{Core, Prepared, Received};
use super::dynamic::Draws;
use super::error::{Error, NextRequest};
use super::request::Request;

#[cfg(feature = "scripts")]
mod apply;
#[cfg(feature = "scripts")]
mod crypto;
#[cfg(feature = "scripts")]
pub(crate) mod engine;
#[cfg(feature = "scripts")]
pub(crate) mod send;
mod table;

/// One script of the collection, a folder or a request.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Script {
    /// `prerequest` or `test`.
    pub(crate) listen: &'static str,
    /// `collection`, `folder '..'` or `request '..'`.
    pub(crate) level: &'static str,
    /// The JavaScript source.
    pub(crate) source: &'static str,
}

/// Postman's variable scopes that scripts write to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// `pm.variables` (Postman's local scope; here it lasts as long as the client).
    Local,
    /// `pm.environment`, `postman.setEnvironmentVariable`.
    Environment,
    /// `pm.collectionVariables`.
    Collection,
    /// `pm.globals`, `postman.setGlobalVariable`.
    Globals,
}

impl Scope {
    pub(crate) fn parse(name: &str) -> Option<Scope> {
        Some(match name {
            "local" => Scope::Local,
            "environment" => Scope::Environment,
            "collection" => Scope::Collection,
            "globals" => Scope::Globals,
            _ => return None,
        })
    }
}

/// One variable a script or the caller set: the text requests render, and,
/// for a value that is not a string (a number, boolean, object, array or
/// null a script stored), the value itself as JSON, which scripts get back
/// as it was, as in Postman (`pm.environment.set('n', 5)`, then
/// `pm.environment.get('n') + 1` is 6). The text is JavaScript's
/// `String(value)`, which Postman renders: `[object Object]` for an object.
#[derive(Clone)]
struct Stored {
    text: String,
    typed: Option<String>,
}

/// The values scripts have set, by scope, and the run order the last call's
/// scripts asked for; shared by every clone of a client and every thread
/// using it.
#[derive(Default, Clone)]
pub(crate) struct Variables {
    scopes: Arc<RwLock<[BTreeMap<String, Stored>; 4]>>,
    next_request: Arc<RwLock<Option<NextRequest>>>,
}

impl fmt::Debug for Variables {
    /// Names only: a script may store a token.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scopes = self.scopes.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        f.debug_list().entries(scopes.iter().flat_map(|scope| scope.keys())).finish()
    }
}

impl Variables {
    /// A variable's text by Postman's precedence: local, environment,
    /// collection, then globals.
    pub(crate) fn get(&self, name: &str) -> Option<String> {
        let scopes = self.scopes.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        scopes.iter().find_map(|scope| scope.get(name)).map(|stored| stored.text.clone())
    }

    /// A variable's text by Postman's precedence (local, environment,
    /// collection, globals), with the client's own values in their places:
    /// `caller`'s (set on the builder) after the environment, as newman's
    /// `--env-var` values would be, which a script's environment `set`
    /// replaces; `collection`'s (the collection's values) after the
    /// collection scope. So a script's `pm.globals.set` does not hide a
    /// value the caller or the collection gives, as in Postman.
    pub(crate) fn resolve(&self, name: &str, caller: Option<&String>, collection: Option<&String>) -> Option<String> {
        self.resolved(name, caller, collection, |stored| stored.text.clone(), String::clone)
    }

    /// [`Variables::resolve`], as JSON typed as a script stored it.
    #[cfg(feature = "scripts")]
    pub(crate) fn resolve_json(&self, name: &str, caller: Option<&String>, collection: Option<&String>) -> Option<String> {
        self.resolved(name, caller, collection, Stored::json, |text| serde_json::Value::String(text.clone()).to_string())
    }

    fn resolved<T>(
        &self,
        name: &str,
        caller: Option<&String>,
        collection: Option<&String>,
        stored: impl Fn(&Stored) -> T,
        own: impl Fn(&String) -> T,
    ) -> Option<T> {
        let scopes = self.scopes.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        let scripted = |scope: Scope| scopes[scope as usize].get(name).map(&stored);
        scripted(Scope::Local)
            .or_else(|| scripted(Scope::Environment))
            .or_else(|| caller.map(&own))
            .or_else(|| scripted(Scope::Collection))
            .or_else(|| collection.map(&own))
            .or_else(|| scripted(Scope::Globals))
    }

    /// A variable's text in one scope.
    pub(crate) fn get_in(&self, scope: Scope, name: &str) -> Option<String> {
        let scopes = self.scopes.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        scopes[scope as usize].get(name).map(|stored| stored.text.clone())
    }

    /// A variable of one scope as JSON, typed as the script stored it (a
    /// string else).
    #[cfg(feature = "scripts")]
    pub(crate) fn get_json(&self, scope: Scope, name: &str) -> Option<String> {
        let scopes = self.scopes.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        scopes[scope as usize].get(name).map(Stored::json)
    }

    /// Sets a variable to a string.
    pub(crate) fn set(&self, scope: Scope, name: String, value: String) {
        self.set_typed(scope, name, value, None);
    }

    /// Sets a variable to `text`, keeping `typed` (the JSON of a value that
    /// is not a string) for scripts.
    pub(crate) fn set_typed(&self, scope: Scope, name: String, text: String, typed: Option<String>) {
        let mut scopes = self.scopes.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        scopes[scope as usize].insert(name, Stored { text, typed });
    }

    pub(crate) fn unset(&self, scope: Scope, name: &str) {
        let mut scopes = self.scopes.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        scopes[scope as usize].remove(name);
    }

    /// Records the run order a script asked for (`None` at the start of a
    /// call: a call's own scripts decide).
    pub(crate) fn set_next_request(&self, next: Option<NextRequest>) {
        *self.next_request.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = next;
    }

    /// The run order the last call's scripts asked for, taken.
    pub(crate) fn take_next_request(&self) -> Option<NextRequest> {
        self.next_request.write().unwrap_or_else(|poisoned| poisoned.into_inner()).take()
    }

    /// Every variable of one scope, as JSON values, typed as stored.
    #[cfg(feature = "scripts")]
    pub(crate) fn all_json_in(&self, scope: Scope) -> BTreeMap<String, String> {
        let scopes = self.scopes.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        scopes[scope as usize].iter().map(|(name, stored)| (name.clone(), stored.json())).collect()
    }
}

impl Stored {
    /// The value as JSON: the stored value, else the text as a JSON string.
    #[cfg(feature = "scripts")]
    fn json(&self) -> String {
        match &self.typed {
            Some(typed) => typed.clone(),
            None => serde_json::Value::String(self.text.clone()).to_string(),
        }
    }
}

impl Core {
    /// A variable as the requests see it: set by a script or
    /// [`Core::set_variable`], else the client's own value.
    pub(crate) fn variable(&self, name: &str) -> Option<String> {
        if name.starts_with('$') {
            return None;
        }
        self.lookup(name)
    }

    /// The run order the last call's scripts asked for
    /// (`postman.setNextRequest`), taken: a second read is `None`.
    pub(crate) fn take_next_request(&self) -> Option<NextRequest> {
        self.script_variables.take_next_request()
    }

    /// Sets a variable in the environment scope, as
    /// `pm.environment.set(name, value)` would; every clone of the client sees it.
    pub(crate) fn set_variable(&self, name: String, value: String) {
        self.script_variables.set(Scope::Environment, name, value);
    }
}

thread_local! {
    /// Set while the request a pre-request script sees is rendered.
    static LENIENT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether a variable that is not set stays `{{name}}` in the text being
/// rendered (only while the request a pre-request script sees is prepared:
/// the script may set it).
pub(crate) fn rendering_leniently() -> bool {
    LENIENT.with(std::cell::Cell::get)
}

/// Prepares `request` with `{{name}}` left in place of unset variables.
#[cfg(feature = "scripts")]
fn prepare_leniently(core: &Core, request: &Request, token: Option<&str>) -> Result<Prepared, Error> {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            LENIENT.with(|lenient| lenient.set(self.0));
        }
    }
    let _reset = Reset(LENIENT.with(|lenient| lenient.replace(true)));
    core.prepare(request, token)
}

/// The scripts of one phase (`prerequest` or `test`) for this request.
fn scripts_for(core: &Core, request: &Request, listen: &str) -> Vec<&'static Script> {
    table::SCRIPTS
        .iter()
        .filter(|(api, operation, _)| *api == core.spec.name && *operation == request.operation.name)
        .flat_map(|(_, _, scripts)| scripts.iter())
        .filter(|script| script.listen == listen)
        .collect()
}

/// The HTTP client that sends what a script queues with `pm.sendRequest`:
/// the one of the call the script runs in.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Net {
    /// A blocking call (`send_blocking`): the client's blocking HTTP client.
    #[cfg(feature = "blocking")]
    Blocking,
    /// An async call (`send().await`): the client's async HTTP client.
    #[cfg(feature = "async")]
    Async,
}

/// The HTTP clients that send what scripts queue with `pm.sendRequest`, when
/// the caller gave them (`ClientBuilder::script_http_client`); otherwise a
/// script's request goes out through the HTTP client of the call it runs in.
/// A separate client lets a caller tell a script's own requests from the
/// operation's (another proxy, other default headers) without a hook, which
/// would run before signing and so be covered by a signature.
#[derive(Debug, Default)]
#[cfg_attr(not(feature = "scripts"), allow(dead_code))]
pub(crate) struct ScriptHttp {
    #[cfg(feature = "async")]
    pub(crate) async_client: Option<reqwest::Client>,
    #[cfg(feature = "blocking")]
    pub(crate) blocking_client: Option<reqwest::blocking::Client>,
}

/// Runs the request's pre-request scripts and prepares the request with what
/// they changed and the variables they set, then hands it to `finish` (the
/// call's hooks and signing). Dynamic variables are rendered under `draws`
/// in each synchronous step, so the request the scripts see and the one that
/// is sent carry the same values. `pm.sendRequest` goes out through `net`.
pub(crate) async fn pre_request(
    core: &Core,
    request: &Request,
    token: Option<&str>,
    draws: &mut Draws,
    net: Net,
    finish: impl FnOnce(&mut Prepared) -> Result<(), Error>,
) -> Result<Prepared, Error> {
    let scripts = scripts_for(core, request, "prerequest");
    // What an earlier call asked for is not this call's.
    core.script_variables.set_next_request(None);
    #[cfg(feature = "scripts")]
    if !scripts.is_empty() {
        let before = draws.during(|| prepare_leniently(core, request, token))?;
        let view = apply::view(&before, request);
        let mut model = view.clone();
        for script in scripts {
            model = run(core, request, script, engine::Input::PreRequest { request: model }, net).await?;
        }
        return draws.during(|| {
            // Rendered again: the scripts may have set variables the request uses.
            let mut prepared = prepare_leniently(core, request, token)?;
            apply::apply(core, &view, &model, &mut prepared)?;
            apply::check_resolved(&prepared)?;
            finish(&mut prepared)?;
            Ok(prepared)
        });
    }
    let _ = (scripts, net);
    draws.during(|| {
        let mut prepared = core.prepare(request, token)?;
        finish(&mut prepared)?;
        Ok(prepared)
    })
}

/// Runs the request's test scripts on the final response, for the variables
/// they set; the response is returned unchanged.
pub(crate) async fn test(core: &Core, request: &Request, received: Received, net: Net) -> Result<Received, Error> {
    let scripts = scripts_for(core, request, "test");
    #[cfg(feature = "scripts")]
    if let (false, Received::Buffered(raw)) = (scripts.is_empty(), &received) {
        let response = apply::response_view(raw);
        for script in &scripts {
            run(core, request, script, engine::Input::Test { response: response.clone() }, net).await?;
        }
    }
    let _ = (scripts, net);
    Ok(received)
}

/// Runs one script to its end, sending what it queues with `pm.sendRequest`
/// through `net` between the engine's steps (the engine is not held while a
/// request is out).
#[cfg(feature = "scripts")]
async fn run(core: &Core, request: &Request, script: &'static Script, input: engine::Input, net: Net) -> Result<serde_json::Value, Error> {
    let (mut run, mut step) = engine::Run::start(core, request, script, input)?;
    loop {
        match step {
            engine::Step::Done(output) => return Ok(output),
            engine::Step::Send(queued) => {
                let mut answers = Vec::with_capacity(queued.len());
                for spec in &queued {
                    answers.push(match run.time_left() {
                        Some(left) => send::send(core, spec, left, net).await,
                        None => serde_json::json!({ "error": "the script's time limit passed before this request was sent" }),
                    });
                }
                step = run.answer(answers)?;
            }
        }
    }
}
