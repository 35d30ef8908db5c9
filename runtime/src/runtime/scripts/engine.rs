//! The JavaScript engine (QuickJS, through `rquickjs`) that runs one script,
//! and its limits. Each script runs in a fresh engine with the `pm` sandbox
//! (`pm.js`) and nothing else: no file system, no network, no modules. A
//! script that runs too long, allocates too much or recurses too deep is
//! stopped and reported as a [`ScriptError`] naming the item, the script and
//! the line; the engine never panics the client.

use std::sync::Arc;
use std::time::{Duration, Instant};

use rquickjs::context::EvalOptions;
use rquickjs::{Context, Ctx, Function, Runtime, Value as JsValue};
use serde_json::{json, Value};

use super::super::core::{draw_dynamic, ranked_own_value, substitute_variables, Core, Names, Vars};
use super::super::dynamic;
use super::super::error::{Error, ScriptError};
use super::NextRequest;
use super::super::request::Request;
use super::{crypto, Scope, Script, Variables};

/// How long one script may run (its awaited promises included).
pub(crate) const TIME_LIMIT: Duration = Duration::from_secs(3);
/// How much memory one script's engine may allocate.
pub(crate) const MEMORY_LIMIT: usize = 64 << 20;
/// How deep one script may recurse, in bytes of native stack.
pub(crate) const STACK_LIMIT: usize = 512 << 10;
/// The largest value a script may store in a variable.
const MAX_VARIABLE_BYTES: usize = 1 << 20;
/// How many times one script may wait for `pm.sendRequest` answers (a
/// callback that sends again starts a new round).
pub(crate) const MAX_SEND_ROUNDS: usize = 16;
/// How many requests one script may send with `pm.sendRequest`.
pub(crate) const MAX_SENDS: usize = 32;

/// The `pm` sandbox, evaluated before every script.
const SANDBOX: &str = include_str!("pm.js");

/// What a script runs on.
pub(crate) enum Input {
    /// A pre-request script: the request as the scripts before it left it.
    PreRequest { request: Value },
    /// A test script: the response.
    Test { response: Value },
}

/// What a script run asks of its caller next.
pub(crate) enum Step {
    /// Send these requests the script queued with `pm.sendRequest`
    /// (`{url, method, header, body}`) and hand the answers to [`Run::answer`].
    Send(Vec<Value>),
    /// The script finished: the request as it left it (`Value::Null` for a
    /// test script).
    Done(Value),
    /// The script threw: its error, and the request as it left it when it
    /// threw (what Postman sends when the run goes on after the error).
    Threw(Error, Value),
    /// The script called `pm.execution.skipRequest()`: nothing is sent, even
    /// when the caller goes on after script errors.
    Skipped(Error),
}

/// One script running in its own engine. The engine stops between steps
/// while `pm.sendRequest`'s requests are out, so the caller sends them with
/// its own HTTP client, blocking or async, and the engine is never held by a
/// thread waiting on the network.
pub(crate) struct Run {
    // Declared before the runtime: dropped first.
    context: Context,
    _runtime: Runtime,
    deadline: Instant,
    item: &'static str,
    script: &'static Script,
    rounds: usize,
    sent: usize,
}

impl Run {
    /// Starts `script` for `request` and runs it until it waits for
    /// `pm.sendRequest` answers or finishes.
    pub(crate) fn start(core: &Core, request: &Request, script: &'static Script, input: Input) -> Result<(Run, Step), Error> {
        let item = request.operation.name;
        let fail = |message: String| {
            Error::Script(Box::new(ScriptError { item, listen: script.listen, level: script.level, line: None, message }))
        };
        let (request_view, response_view) = match input {
            Input::PreRequest { request } => (request, Value::Null),
            Input::Test { response } => (Value::Null, response),
        };
        let input = json!({
            "event": script.listen,
            "request": request_view,
            "response": response_view,
            "info": {
                "eventName": script.listen,
                "requestName": item,
                "requestId": request.operation.item_id,
                "iteration": 0,
                "iterationCount": 1,
            },
        })
        .to_string();

        let runtime = Runtime::new().map_err(|error| fail(format!("the script engine did not start: {error}")))?;
        runtime.set_memory_limit(MEMORY_LIMIT);
        runtime.set_max_stack_size(STACK_LIMIT);
        let deadline = Instant::now() + TIME_LIMIT;
        runtime.set_interrupt_handler(Some(Box::new(move || Instant::now() > deadline)));
        let context = Context::full(&runtime).map_err(|error| fail(format!("the script engine did not start: {error}")))?;
        let host = host(core.script_variables.clone(), Arc::new(core.vars.clone()), Arc::new(core.set_by_caller.clone()));
        let mut run = Run { context, _runtime: runtime, deadline, item, script, rounds: 0, sent: 0 };
        let started = run.context.with(|ctx| -> Result<(), (Option<u32>, String)> {
            let setup = |ctx: &Ctx<'_>| -> rquickjs::Result<()> {
                ctx.globals().set("__host", Function::new(ctx.clone(), host)?)?;
                ctx.globals().set("__input", input)?;
                ctx.eval_with_options::<(), _>(SANDBOX, options("pm-sandbox"))
            };
            setup(&ctx).map_err(|error| describe(&ctx, error, deadline))?;
            // Postman runs a script as the body of an async function: `await` works at its top level.
            let wrapped = format!(
                "(async function () {{\n{}\n}})().then(() => __finish(null), (error) => __finish(error));",
                script.source
            );
            ctx.eval_with_options::<(), _>(wrapped, options("script"))
                .map_err(|error| describe(&ctx, error, deadline))?;
            while ctx.execute_pending_job() {}
            Ok(())
        });
        started.map_err(|(line, message)| run.fail(line, message))?;
        let step = run.next()?;
        Ok((run, step))
    }

    /// How long the script may still run; `None` once its time is up.
    pub(crate) fn time_left(&self) -> Option<Duration> {
        self.deadline.checked_duration_since(Instant::now()).filter(|left| !left.is_zero())
    }

    /// Hands the answers to the requests of the last [`Step::Send`] (each a
    /// response view `{code, status, header, body, ...}` or `{error}`) to the
    /// script's callbacks and promises, and runs it on.
    pub(crate) fn answer(&mut self, answers: Vec<Value>) -> Result<Step, Error> {
        if Instant::now() > self.deadline {
            return Err(self.fail(None, limit_message("pm.sendRequest waited for its answers".to_string(), self.deadline)));
        }
        let deadline = self.deadline;
        let delivered = self.context.with(|ctx| {
            let deliver = |ctx: &Ctx<'_>| -> rquickjs::Result<()> {
                ctx.globals().set("__answers", Value::Array(answers).to_string())?;
                ctx.eval_with_options::<(), _>("__deliverSends(__answers)", options("pm-sandbox"))
            };
            deliver(&ctx).map_err(|error| describe(&ctx, error, deadline))?;
            while ctx.execute_pending_job() {}
            Ok(())
        });
        delivered.map_err(|(line, message)| self.fail(line, message))?;
        self.next()
    }

    /// The requests the script queued since the last step, or its outcome
    /// when it queued none.
    fn next(&mut self) -> Result<Step, Error> {
        let deadline = self.deadline;
        let queued = self.context.with(|ctx| {
            ctx.eval_with_options::<String, _>("__takeSends()", options("pm-sandbox"))
                .map_err(|error| describe(&ctx, error, deadline))
        });
        let queued = queued.map_err(|(line, message)| self.fail(line, message))?;
        let queued: Vec<Value> = serde_json::from_str(&queued).unwrap_or_default();
        if !queued.is_empty() {
            self.rounds += 1;
            self.sent += queued.len();
            if self.rounds > MAX_SEND_ROUNDS || self.sent > MAX_SENDS {
                return Err(self.fail(
                    None,
                    format!("pm.sendRequest: a script may send at most {MAX_SENDS} requests in {MAX_SEND_ROUNDS} rounds of callbacks"),
                ));
            }
            return Ok(Step::Send(queued));
        }
        let output = self.context.with(|ctx| {
            ctx.eval_with_options::<String, _>("__output()", options("pm-sandbox"))
                .map_err(|error| describe(&ctx, error, deadline))
        });
        let output = output.map_err(|(line, message)| self.fail(line, message))?;
        let output: Value =
            serde_json::from_str(&output).map_err(|error| self.fail(None, format!("unreadable sandbox output: {error}")))?;
        if let Some(error) = output.get("error").filter(|error| !error.is_null()) {
            let line = error["line"].as_u64().and_then(|line| u32::try_from(line).ok());
            let message = error["message"].as_str().unwrap_or("the script failed").to_string();
            let error = self.fail(line, limit_message(message, deadline));
            if output["skipped"] == Value::Bool(true) {
                return Ok(Step::Skipped(error));
            }
            return Ok(Step::Threw(error, output["request"].clone()));
        }
        if output["finished"] != Value::Bool(true) {
            return Err(self.fail(
                None,
                limit_message("the script never finished: a promise it awaited never settled".to_string(), deadline),
            ));
        }
        for test in output["tests"].as_array().into_iter().flatten() {
            log_test(self.item, test);
        }
        Ok(Step::Done(output["request"].clone()))
    }

    /// The error naming this script's item, listen, level and line.
    fn fail(&self, line: Option<u32>, message: String) -> Error {
        Error::Script(Box::new(ScriptError {
            item: self.item,
            listen: self.script.listen,
            level: self.script.level,
            line,
            message,
        }))
    }
}

fn options(filename: &str) -> EvalOptions {
    let mut options = EvalOptions::default();
    options.global = true;
    options.strict = false;
    options.filename = Some(filename.to_string());
    options
}

/// Says so when the time limit is why the script stopped.
fn limit_message(message: String, deadline: Instant) -> String {
    if Instant::now() > deadline {
        format!("the script ran past its time limit of {} s ({message})", TIME_LIMIT.as_secs())
    } else {
        message
    }
}

/// The line and message of what a failed evaluation threw.
fn describe(ctx: &Ctx<'_>, error: rquickjs::Error, deadline: Instant) -> (Option<u32>, String) {
    let message = match error {
        rquickjs::Error::Exception => {
            let thrown: JsValue<'_> = ctx.catch();
            match thrown.as_object() {
                Some(object) => {
                    let name: Option<String> = object.get("name").ok();
                    let message: Option<String> = object.get("message").ok();
                    let stack: Option<String> = object.get("stack").ok();
                    let line = stack.as_deref().and_then(script_line);
                    let message = message.unwrap_or_else(|| "the script threw".to_string());
                    let message = match name.filter(|name| name != "Error") {
                        Some(name) => format!("{name}: {message}"),
                        None => message,
                    };
                    return (line, limit_message(message, deadline));
                }
                None if thrown.is_null() || thrown.is_undefined() => {
                    format!("the script engine ran out of memory (limit {} MiB)", MEMORY_LIMIT >> 20)
                }
                None => thrown
                    .as_string()
                    .and_then(|text| text.to_string().ok())
                    .unwrap_or_else(|| "the script threw a value that is not an Error".to_string()),
            }
        }
        rquickjs::Error::Allocation => format!("the script engine ran out of memory (limit {} MiB)", MEMORY_LIMIT >> 20),
        other => other.to_string(),
    };
    (None, limit_message(message, deadline))
}

/// The first line of the script in an engine stack trace (`at f (script:12:5)`);
/// the wrapper adds one line before the script's first.
pub(crate) fn script_line(stack: &str) -> Option<u32> {
    let at = stack.find("script:")? + "script:".len();
    let digits: String = stack[at..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse::<u32>().ok().map(|line| line.saturating_sub(1).max(1))
}

/// The one native function the sandbox calls: variables, logging and crypto.
fn host(
    variables: Variables,
    configured: Arc<Vars>,
    set_by_caller: Arc<Names>,
) -> impl Fn(String, String, String, String) -> rquickjs::Result<Option<String>> + 'static {
    move |op: String, a: String, b: String, c: String| {
        let scope = Scope::parse(&a);
        // As JSON: a value a script stored keeps its type; the others are strings.
        let get = |name: &str| match scope {
            Some(scope) => variables
                .get_json(scope, name)
                .or_else(|| configured.get(name).map(|text| Value::String(text.clone()).to_string())),
            // `pm.variables.get`: by the precedence requests render with.
            None => {
                let (caller, collection) = ranked_own_value(name, &configured, &set_by_caller);
                variables.resolve_json(name, caller, collection)
            }
        };
        Ok(match op.as_str() {
            "get" => get(&b),
            "has" => get(&b).map(|_| String::new()),
            // `replaceIn`: by the rule requests render with (nested references
            // from the inside out), dynamic variables (`{{$guid}}`) drawn as a
            // request draws them; unknown references stay as written.
            "replaceIn" => {
                let text = |name: &str| {
                    let value = match scope {
                        Some(scope) => variables.get_in(scope, name).or_else(|| configured.get(name).cloned()),
                        None => {
                            let (caller, collection) = ranked_own_value(name, &configured, &set_by_caller);
                            variables.resolve(name, caller, collection)
                        }
                    };
                    match value {
                        None if name.starts_with('$') => dynamic::recall(name, || draw_dynamic(name)),
                        value => value,
                    }
                };
                Some(match substitute_variables(&b, &text) {
                    Ok(text) => json!({ "text": text }),
                    Err(error) => json!({ "error": error.to_string() }),
                }
                .to_string())
            }
            // `c` is the text (`set`), or `[text, json]` for a value that is not a string (`setTyped`).
            "set" | "setTyped" => {
                if c.len() > MAX_VARIABLE_BYTES {
                    // The sandbox throws, naming the variable.
                    return Ok(Some(format!("larger than {} KiB", MAX_VARIABLE_BYTES >> 10)));
                }
                let (text, typed) = match op.as_str() {
                    "set" => (c, None),
                    _ => match serde_json::from_str::<(String, String)>(&c) {
                        Ok((text, json)) => (text, Some(json)),
                        Err(_) => (c, None),
                    },
                };
                if let Some(scope) = scope {
                    variables.set_typed(scope, b, text, typed);
                }
                None
            }
            "unset" => {
                if let Some(scope) = scope {
                    variables.unset(scope, &b);
                }
                None
            }
            "all" => {
                let mut all = serde_json::Map::new();
                if scope != Some(Scope::Globals) {
                    all.extend(configured.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))));
                }
                if let Some(scope) = scope {
                    for (name, json) in variables.all_json_in(scope) {
                        all.insert(name, serde_json::from_str(&json).unwrap_or(Value::Null));
                    }
                }
                Some(Value::Object(all).to_string())
            }
            "log" => {
                log(&a, &b);
                None
            }
            // `setNextRequest(name)` (`a` is `item`) or `setNextRequest(null)` (`stop`).
            "next" => {
                variables.set_next_request(Some(match a.as_str() {
                    "stop" => NextRequest::Stop,
                    _ => NextRequest::Item(b),
                }));
                None
            }
            "digest" => crypto::digest(&a, &crypto::from_hex(&b)).map(|bytes| crypto::to_hex(&bytes)),
            "hmac" => crypto::hmac(&a, &crypto::from_hex(&b), &crypto::from_hex(&c)).map(|bytes| crypto::to_hex(&bytes)),
            _ => None,
        })
    }
}

/// `console.*`: to `tracing` when the crate is built with it, else dropped.
fn log(level: &str, text: &str) {
    #[cfg(feature = "tracing")]
    match level {
        "error" => tracing::error!(target: "postman_script", "{text}"),
        "warn" => tracing::warn!(target: "postman_script", "{text}"),
        "debug" => tracing::debug!(target: "postman_script", "{text}"),
        _ => tracing::info!(target: "postman_script", "{text}"),
    }
    #[cfg(not(feature = "tracing"))]
    let _ = (level, text);
}

/// A `pm.test` result: to `tracing` (a failed test never fails the call).
fn log_test(item: &str, test: &Value) {
    #[cfg(feature = "tracing")]
    tracing::info!(target: "postman_script", item, test = %test, "pm.test");
    #[cfg(not(feature = "tracing"))]
    let _ = (item, test);
}
