//! `cargo xtask conformance COLLECTION...`: runs each collection through
//! Postman's own runtime (newman, via `../shared/oracle/oracle.sh`) and through
//! the generated client (the replay harness), both against the capturing proxy,
//! and compares the two captures item by item with the oracle's `compare.py`.
//!
//! A collection that cannot be checked (the generator refuses it, the harness
//! does not build) is reported and the run goes on. At the end a Markdown
//! table gives, per collection, the requests that passed and failed and the
//! classes of the failures (see [`classify`]); the command fails on any
//! mismatch. newman comes from `oracle/package.json` (pinned, installed with
//! `npm ci` when missing).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{display_path, per_run, project_root, replay, Failure};

/// Arguments of `cargo xtask conformance`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Collections to check.
    #[arg(required = true)]
    pub(crate) collections: Vec<PathBuf>,
}

/// The result for one collection.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub(crate) collection: PathBuf,
    pub(crate) passed: usize,
    pub(crate) failed: usize,
    /// Failed requests by class (a request may count in several).
    pub(crate) classes: BTreeMap<String, usize>,
    /// Why the collection could not be checked at all.
    pub(crate) error: Option<String>,
    /// The items compare.py reported as differing (`FAIL ITEM` lines); the
    /// conformance test holds them against its list of known differences.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) failed_items: Vec<String>,
}

/// The Markdown table header of [`Outcome::row`].
const TABLE_HEADER: &str =
    "| collection | passed | failed | failure classes |\n| --- | ---: | ---: | --- |";

impl Outcome {
    /// One Markdown table row.
    fn row(&self) -> String {
        let name = self
            .collection
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let classes = match &self.error {
            Some(error) => format!("not checked: {}", error.lines().next().unwrap_or_default()),
            None => self
                .classes
                .iter()
                .map(|(class, count)| format!("{class} {count}"))
                .collect::<Vec<_>>()
                .join(", "),
        };
        format!(
            "| {name} | {} | {} | {} |",
            self.passed,
            self.failed,
            classes.replace('|', "\\|")
        )
    }
}

pub(crate) fn run(args: &Args) -> Result<(), Failure> {
    let mut outcomes = Vec::new();
    for collection in &args.collections {
        let outcome = check(collection).unwrap_or_else(|err| Outcome {
            collection: collection.clone(),
            error: Some(err.0),
            ..Outcome::default()
        });
        // A row as soon as it is known: a long run leaves what it measured.
        println!("row: {}", outcome.row());
        outcomes.push(outcome);
    }
    println!("{TABLE_HEADER}");
    for outcome in &outcomes {
        println!("{}", outcome.row());
    }
    let passed: usize = outcomes.iter().map(|o| o.passed).sum();
    let failed: usize = outcomes.iter().map(|o| o.failed).sum();
    let unchecked = outcomes.iter().filter(|o| o.error.is_some()).count();
    println!("{passed} passed, {failed} failed, {unchecked} collections not checked");
    if failed > 0 || unchecked > 0 {
        return Err(Failure(format!(
            "{failed} requests differ from what newman sends; {unchecked} collections not checked"
        )));
    }
    Ok(())
}

/// The oracle scripts, read from `../shared` (never copied into the project).
pub(crate) fn oracle_dir() -> PathBuf {
    project_root().join("../shared/oracle")
}

/// Moves the client's requests that carry no `x-harness-item` label (items
/// `#<seq>`) from `requests` to `extra`. The harness labels every operation's
/// request; only a script's `pm.sendRequest`, which goes out through a client
/// of its own, is unlabelled, and newman's report sets those aside in the
/// same way (`oracle/extra.jsonl`), so neither side counts them as items.
fn set_aside_unlabelled(requests: &Path, extra: &Path) -> Result<(), Failure> {
    let text = std::fs::read_to_string(requests)?;
    let (mut kept, mut aside) = (String::new(), String::new());
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        let record: serde_json::Value = serde_json::from_str(line)
            .map_err(|err| Failure(format!("{}: {err}", requests.display())))?;
        let unlabelled = record["item"].as_str().is_some_and(is_unlabelled);
        let out = if unlabelled { &mut aside } else { &mut kept };
        out.push_str(line);
        out.push('\n');
    }
    std::fs::write(requests, kept)?;
    std::fs::write(extra, aside)?;
    Ok(())
}

/// Whether `item` is normalize.py's name for a request without a label
/// (`#` and the capture's sequence number; an item path has a `/` or letters).
fn is_unlabelled(item: &str) -> bool {
    item.strip_prefix('#')
        .is_some_and(|seq| !seq.is_empty() && seq.bytes().all(|b| b.is_ascii_digit()))
}

/// Runs both sides for one collection.
pub(crate) fn check(collection: &Path) -> Result<Outcome, Failure> {
    let collection = collection
        .canonicalize()
        .map_err(|err| Failure(format!("{}: {err}", collection.display())))?;
    let stem = collection
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let work = project_root().join("target/conformance").join(&stem);
    let oracle_out = work.join("oracle");
    let client_out = work.join("client");
    std::fs::create_dir_all(&client_out)?;

    // Postman's side.
    let newman = newman()?;
    let status = Command::new("bash")
        .arg(oracle_dir().join("oracle.sh"))
        .arg(&collection)
        .arg(&oracle_out)
        .env("NEWMAN", &newman)
        .stdout(Stdio::null())
        .status()?;
    if !status.success() {
        return Err(Failure(format!(
            "oracle.sh failed for {}",
            collection.display()
        )));
    }

    // The generated client's side, through a capture server of its own.
    let harness = replay::build(&collection)?;
    let capture = client_out.join("capture.jsonl");
    let ready = client_out.join("ready");
    let _ = std::fs::remove_file(&capture);
    let _ = std::fs::remove_file(&ready);
    let mut server = Command::new("python3")
        .arg(oracle_dir().join("capture_server.py"))
        .arg("0")
        .arg(&capture)
        .args(["--max-seconds", "600", "--ready-file"])
        .arg(&ready)
        .stderr(Stdio::null())
        .spawn()?;
    let port = wait_for_port(&ready)?;
    let vars = client_out.join("run-vars.json");
    replay::write_run_vars(&collection, Some(&oracle_out.join("variables.json")), &vars)?;
    let harness_run = Command::new(&harness.binary)
        .env(
            "REPLAY_COLLECTION_DIR",
            collection.parent().unwrap_or(Path::new(".")),
        )
        .arg(format!("http://127.0.0.1:{port}"))
        .arg(&vars)
        .stderr(Stdio::piped())
        .output();
    // SIGTERM lets the capture server flush and exit.
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(server.id().to_string())
        .status();
    let _ = server.wait();
    let harness_run = harness_run?;
    let harness_said = String::from_utf8_lossy(&harness_run.stderr).into_owned();
    if !harness_run.status.success() {
        eprintln!(
            "note: the harness reported requests it could not send for {}",
            display_path(&collection)
        );
    }

    let client_requests = client_out.join("requests.jsonl");
    let status = Command::new("python3")
        .arg(oracle_dir().join("normalize.py"))
        .arg(&capture)
        .arg("-o")
        .arg(&client_requests)
        .stdout(Stdio::null())
        .status()?;
    if !status.success() {
        return Err(Failure(
            "normalize.py failed on the client's capture".into(),
        ));
    }
    set_aside_unlabelled(&client_requests, &client_out.join("extra.jsonl"))?;
    replay::decode_labels(&client_requests)?;
    // Values each run draws anew (nonces, times, randomized signatures) that
    // `--volatile-auth` does not cover, masked on both sides.
    let (oracle_compared, client_compared) = (
        work.join("oracle.compared.jsonl"),
        work.join("client.compared.jsonl"),
    );
    per_run::mask_files(
        &oracle_out.join("requests.jsonl"),
        &client_requests,
        &oracle_compared,
        &client_compared,
    )?;
    let compared = Command::new("python3")
        .arg(oracle_dir().join("compare.py"))
        .arg(&oracle_compared)
        .arg(&client_compared)
        // Signatures, nonces and timestamps differ from run to run: signed
        // Authorization values compare by scheme and parameter names.
        // Postman's dynamic variables (`{{$guid}}`) in headers are drawn anew by each sender.
        .args(["--volatile-auth", "--volatile-headers", "x-amz-date"])
        .args(dynamic_headers(&collection))
        .output()?;
    let report = String::from_utf8_lossy(&compared.stdout).into_owned();
    let (passed, failed) = parse_summary(&report)
        .ok_or_else(|| Failure(format!("compare.py printed no summary:\n{report}")))?;
    // An item without a URL is one newman runs and sends nothing for
    // (`only in A` in the report) and the client has no operation for: one
    // failure, of class `no-url`, not two.
    let skipped_items: Vec<String> = harness
        .skipped
        .iter()
        .map(|(at, _)| item_path(&collection, at).unwrap_or_else(|| at.clone()))
        .collect();
    let reported = skipped_items_in_report(&report, &skipped_items);
    let failed = failed + harness.skipped.len() - reported;
    if failed > 0 {
        print!("{report}");
        eprint!(
            "{}",
            harness_said
                .lines()
                .filter(|l| l.starts_with("not sent: "))
                .map(|l| format!("{l}\n"))
                .collect::<String>()
        );
        for (item, reason) in &harness.skipped {
            println!("skipped: {item}: {reason}");
        }
    }
    let mut classes = classify(&report, &harness_said);
    if reported > 0 {
        if let Some(count) = classes.get_mut("only-newman") {
            *count -= reported;
            if *count == 0 {
                classes.remove("only-newman");
            }
        }
    }
    if !harness.skipped.is_empty() {
        *classes.entry("no-url".to_string()).or_default() += harness.skipped.len();
    }
    let failed_items = report
        .lines()
        .filter_map(|line| line.strip_prefix("FAIL "))
        .map(|item| item.trim().to_string())
        .collect();
    Ok(Outcome {
        collection,
        passed,
        failed,
        classes,
        error: None,
        failed_items,
    })
}

/// Classes of the failed requests of one collection, from compare.py's report
/// and the harness's `not sent: ITEM: REASON` lines:
///
/// - `not-built` (the harness could not build the request from the
///   collection's values), `dynamic-variable` (it uses a `{{$dynamic}}`
///   variable the client does not make up), `credentials` (the client could
///   not get its credentials, such as an OAuth 2.0 token, and did not send
///   it), `script` (its pre-request script failed in the client, which then
///   sends nothing), `not-sent` (it never left for another reason);
/// - `placeholder`: a differing value holds an OpenAPI converter's
///   placeholder (`<long>`, `<string>`, ...); `placeholder-path`: the
///   harness could not send one in a typed path argument (no stand-in value
///   of the argument's type for `.path_param` to replace);
/// - `signing-auth`: newman signed the request (digest, OAuth 1, AWS, Hawk,
///   EdgeGrid); otherwise the name of each differing field (`headers`,
///   `query`, `body`, `auth`, `path`, ...); `only-newman` / `only-client` for
///   requests one side did not send at all.
pub(crate) fn classify(report: &str, harness_said: &str) -> BTreeMap<String, usize> {
    let mut not_sent: BTreeMap<&str, &str> = BTreeMap::new();
    for line in harness_said.lines() {
        if let Some(rest) = line.strip_prefix("not sent: ") {
            // Items may hold `: `; the reason starts at the last known prefix.
            let (item, reason) = [
                "placeholder",
                "the collection's value",
                "enum value",
                "panicked",
                "client configuration",
                "credentials",
                "script",
            ]
            .iter()
            .find_map(|p| {
                rest.find(&format!(": {p}"))
                    .map(|at| (&rest[..at], &rest[at + 2..]))
            })
            .or_else(|| rest.split_once(": "))
            .unwrap_or((rest, ""));
            not_sent.insert(item, reason);
        }
    }
    let mut classes: BTreeMap<String, usize> = BTreeMap::new();
    let mut current: Option<(String, Vec<String>)> = None;
    let finish = |entry: Option<(String, Vec<String>)>, classes: &mut BTreeMap<String, usize>| {
        let Some((item, problems)) = entry else {
            return;
        };
        let mut found: Vec<String> = Vec::new();
        for problem in &problems {
            let class = if problem == "only in A" {
                match not_sent.get(item.split('#').next().unwrap_or_default()) {
                    Some(reason) if reason.starts_with("placeholder-path") => "placeholder-path",
                    Some(reason) if reason.starts_with("placeholder") => "placeholder",
                    Some(reason)
                        if reason.starts_with("the collection's value")
                            || reason.starts_with("enum value") =>
                    {
                        if has_placeholder(reason) {
                            "placeholder"
                        } else {
                            "not-built"
                        }
                    }
                    // The client could not get its credentials (an OAuth 2.0 token fetch that
                    // failed) and stopped before sending.
                    Some(reason) if reason.starts_with("credentials") => "credentials",
                    // A pre-request script failed in the client, which then sends
                    // nothing (newman logs the error and sends): the script runtime's.
                    Some(reason) if reason.starts_with("script") => "script",
                    // newman makes up `{{$randomFirstName}}` and the like; the client knows a few.
                    Some(reason) if reason.contains("the variable `$") => "dynamic-variable",
                    Some(_) => "not-sent",
                    None => "only-newman",
                }
                .to_string()
            } else if problem == "only in B" {
                "only-client".to_string()
            } else if problem.starts_with("request missing") {
                "missing".to_string()
            } else {
                let field = problem.split(':').next().unwrap_or_default().to_string();
                let signed = [
                    "\"Digest ",
                    "\"OAuth ",
                    "\"AWS4-HMAC",
                    "\"Hawk ",
                    "\"EG1-HMAC",
                ]
                .iter()
                .any(|s| problem.contains(&format!("A={}", s.trim_start_matches('\\'))));
                if field == "auth" && signed
                    || (field == "query" && problem.contains("oauth_signature"))
                {
                    "signing-auth".to_string()
                } else if has_placeholder(problem) {
                    "placeholder".to_string()
                } else {
                    field
                }
            };
            if !found.contains(&class) {
                found.push(class);
            }
        }
        for class in found {
            *classes.entry(class).or_default() += 1;
        }
    };
    for line in report.lines() {
        if let Some(item) = line.strip_prefix("FAIL ") {
            finish(current.take(), &mut classes);
            current = Some((item.to_string(), Vec::new()));
        } else if let (Some(problem), Some((_, problems))) =
            (line.strip_prefix("    "), current.as_mut())
        {
            if !problem.starts_with("note ") {
                problems.push(problem.to_string());
            }
        } else if !line.starts_with("    ") {
            finish(current.take(), &mut classes);
        }
    }
    finish(current.take(), &mut classes);
    classes
}

/// How many of the items the harness skipped (no URL, so no operation)
/// compare.py already failed as `only in A`: newman ran them and sent
/// nothing. Same-name items are matched one for one (`Item`, `Item#2`, ...).
fn skipped_items_in_report(report: &str, skipped: &[String]) -> usize {
    let mut only_newman: Vec<&str> = Vec::new();
    let mut lines = report.lines().peekable();
    while let Some(line) = lines.next() {
        if let Some(item) = line.strip_prefix("FAIL ") {
            if lines.peek().map(|l| l.trim()) == Some("only in A") {
                let item = item.trim();
                let base = match item.rsplit_once('#') {
                    Some((base, n)) if n.parse::<usize>().is_ok() => base,
                    _ => item,
                };
                only_newman.push(base);
            }
        }
    }
    let mut reported = 0;
    for item in skipped {
        if let Some(at) = only_newman.iter().position(|i| i == item) {
            only_newman.swap_remove(at);
            reported += 1;
        }
    }
    reported
}

/// The item path (`Folder/Item`, as compare.py names items) of the item at
/// JSON path `at` (`$.item[0].item[1]`) of a collection file.
fn item_path(collection: &Path, at: &str) -> Option<String> {
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(collection).ok()?).ok()?;
    let mut node = &json;
    let mut names = Vec::new();
    for step in at.strip_prefix('$')?.split('.').filter(|s| !s.is_empty()) {
        let index: usize = step
            .strip_prefix("item[")?
            .strip_suffix(']')?
            .parse()
            .ok()?;
        node = node.get("item")?.get(index)?;
        names.push(node.get("name")?.as_str()?.to_string());
    }
    (!names.is_empty()).then(|| names.join("/"))
}

/// Whether text holds an OpenAPI converter placeholder such as `<long>`.
fn has_placeholder(text: &str) -> bool {
    [
        "<integer>",
        "<long>",
        "<string>",
        "<boolean>",
        "<dateTime>",
        "<number>",
        "<date>",
        "<double>",
        "<float>",
        "<uuid>",
        "<uri>",
        "<email>",
        "<byte>",
        "<binary>",
    ]
    .iter()
    .any(|p| text.contains(p))
}

/// The pinned newman, installed from `oracle/package-lock.json` when missing.
fn newman() -> Result<PathBuf, Failure> {
    let dir = project_root().join("oracle");
    let bin = dir.join("node_modules/.bin/newman");
    if !bin.exists() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(&dir)
            .status()
            .map_err(|err| Failure(format!("cannot run npm to install newman: {err}")))?;
        if !status.success() || !bin.exists() {
            return Err(Failure("npm ci in oracle/ failed".into()));
        }
    }
    Ok(bin)
}

fn wait_for_port(ready: &Path) -> Result<u16, Failure> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(20) {
        if let Ok(text) = std::fs::read_to_string(ready) {
            if let Ok(port) = text.trim().parse() {
                return Ok(port);
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(Failure("the capture server did not start".into()))
}

/// Reads compare.py's last line, `N passed, M failed`.
fn parse_summary(report: &str) -> Option<(usize, usize)> {
    let line = report.lines().rev().find(|l| l.contains(" passed, "))?;
    let mut numbers = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(str::parse);
    Some((numbers.next()?.ok()?, numbers.next()?.ok()?))
}

/// Corpus collections checked on every test run, chosen from
/// `../shared/corpus/MANIFEST.tsv` so that together with `collections/` and
/// `tests/collections/` they
/// cover every body mode and every auth
/// kind the client implements, at request and collection level.
#[cfg(test)]
pub(crate) const CORPUS_SELECTION: &[&str] = &[
    "files/k6-t2-apikey.json",                 // apikey auth, raw body
    "files/k6-t2-basic.json",                  // basic auth, v2.0 map shape
    "files/k6-t2-bearer.json",                 // bearer auth
    "files/k6-t2-oauth2-header.json",          // oauth2 with an existing token
    "files/k6-t2-body-form.json",              // formdata
    "files/k6-t2-body-url.json",               // urlencoded
    "files/k6-t21-upload.json",                // formdata with a file part
    "files/k6-t21-graphql-body-var.json",      // graphql with text variables
    "files/graphql-19balazs86.json",           // graphql queries
    "files/k6-v2-httpbin.json",                // every form mode, v2.0
    "files/newman-multiple-form-values.json",  // repeated form keys
    "files/autodesk-model-derivative-03.json", // file bodies, {{var}} path segments
];

/// The names of the collection's headers whose values hold one of Postman's
/// dynamic variables: newman and the client each draw their own value.
fn dynamic_headers(collection: &Path) -> Vec<String> {
    fn walk(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(headers) = map.get("header").and_then(|h| h.as_array()) {
                    for header in headers {
                        let dynamic = header["value"].as_str().is_some_and(|v| v.contains("{{$"));
                        if let (true, Some(key)) = (dynamic, header["key"].as_str()) {
                            out.push(key.to_string());
                        }
                    }
                }
                map.values().for_each(|v| walk(v, out));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Some(json) = std::fs::read(collection)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
    {
        walk(&json, &mut out);
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unlabelled_requests_are_set_aside() {
        let dir = std::env::temp_dir().join(format!("conformance-aside-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (requests, extra) = (dir.join("requests.jsonl"), dir.join("extra.jsonl"));
        std::fs::write(
            &requests,
            "{\"item\":\"Orders/Create\"}\n{\"item\":\"#3\"}\n{\"item\":\"#1 First\"}\n",
        )
        .unwrap();
        set_aside_unlabelled(&requests, &extra).unwrap();
        assert_eq!(
            std::fs::read_to_string(&requests).unwrap(),
            "{\"item\":\"Orders/Create\"}\n{\"item\":\"#1 First\"}\n"
        );
        assert_eq!(
            std::fs::read_to_string(&extra).unwrap(),
            "{\"item\":\"#3\"}\n"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Runs newman and the generated client for `collections/`,
    /// `tests/collections/` and the corpus
    /// selection; every request must match. Needs `../shared`, python3, node,
    /// and newman (or npm to install it): when one is missing the test is
    /// skipped with a notice on stderr, unless `POSTMAN_CODEGEN_ORACLE=require`
    /// (set by `.ci/run`), which makes a missing tool a failure.
    #[test]
    fn generated_clients_send_what_newman_sends() {
        let corpus = project_root().join("../shared/corpus");
        if let Some(missing) = missing_oracle_tools(&corpus) {
            let required = std::env::var("POSTMAN_CODEGEN_ORACLE").is_ok_and(|v| v == "require");
            assert!(
                !required,
                "POSTMAN_CODEGEN_ORACLE=require, but {missing} missing"
            );
            notice(&format!(
                "notice: conformance test against newman skipped: {missing} missing \
                 (see README, \"Tests that need node and python\")"
            ));
            return;
        }
        // The repository's collections: the product's and the test-only ones.
        let mut collections: Vec<PathBuf> = ["collections", "tests/collections"]
            .iter()
            .flat_map(|dir| std::fs::read_dir(project_root().join(dir)).unwrap())
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".postman_collection.json"))
            .collect();
        collections.sort();
        collections.extend(CORPUS_SELECTION.iter().map(|file| corpus.join(file)));
        let mut failures = Vec::new();
        for collection in &collections {
            let outcome = check(collection)
                .unwrap_or_else(|err| panic!("{}: {}", collection.display(), err.0));
            // Progress on the real stderr: the whole run takes minutes.
            notice(&format!(
                "conformance: {:<50} {} passed, {} failed",
                display_path(collection),
                outcome.passed,
                outcome.failed
            ));
            let name = collection
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let known: Vec<&str> = KNOWN_DIFFERENCES
                .iter()
                .filter(|(file, _, _)| *file == name)
                .map(|(_, item, _)| *item)
                .collect();
            let unexpected: Vec<&String> = outcome
                .failed_items
                .iter()
                .filter(|item| !known.contains(&item.as_str()))
                .collect();
            // A known difference that no longer differs must leave the list.
            let fixed: Vec<&&str> = known
                .iter()
                .filter(|item| !outcome.failed_items.iter().any(|f| f == **item))
                .collect();
            let unlisted_failures = outcome.failed > outcome.failed_items.len();
            if !unexpected.is_empty()
                || !fixed.is_empty()
                || unlisted_failures
                || outcome.passed == 0
            {
                failures.push(format!(
                    "{}: differ {unexpected:?}, no longer differ {fixed:?}",
                    display_path(collection)
                ));
            }
        }
        assert!(
            failures.is_empty(),
            "requests differ from newman's for {failures:?}"
        );
    }

    /// Requests of the repository's collections that are known to differ
    /// from newman's, each with its reason (also in `docs/conformance.md`,
    /// "The signing collection against newman"). The test fails when
    /// one of them stops differing, so the list cannot outlive its reason.
    /// Empty since session 24: the signing collection's requests all match.
    const KNOWN_DIFFERENCES: &[(&str, &str, &str)] = &[];

    /// What the conformance test needs and is not here (`node is`, `node and
    /// python3 are`), or `None`.
    fn missing_oracle_tools(corpus: &Path) -> Option<String> {
        if !oracle_dir().is_dir() || !corpus.is_dir() {
            return Some("../shared (the oracle and the corpus)".to_string());
        }
        let runs = |tool: &str| {
            Command::new(tool)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|status| status.success())
        };
        let newman_installed = project_root()
            .join("oracle/node_modules/.bin/newman")
            .exists();
        let mut missing: Vec<&str> = ["python3", "node"]
            .into_iter()
            .filter(|tool| !runs(tool))
            .collect();
        if !newman_installed && !runs("npm") {
            missing.push("npm (to install newman)");
        }
        match missing.len() {
            0 => None,
            1 => Some(format!("{} is", missing[0])),
            _ => Some(format!("{} are", missing.join(" and "))),
        }
    }

    /// Writes a line to the real stderr: libtest captures `eprintln!` of a
    /// passing test, and a skip must be seen.
    fn notice(text: &str) {
        use std::io::Write;
        let _ = writeln!(std::io::stderr().lock(), "{text}");
    }

    #[test]
    fn failures_are_classified_by_what_differs() {
        let report = "ok   a\nFAIL b\n    headers: A=[[\"x\", \"1\"]] B=[]\n    note A: x\nFAIL c\n    only in A\n\
                      FAIL d\n    auth: A=\"Digest username=\\\"u\\\"\" B=null\nFAIL e\n    path: A=\"/v/<long>\" B=\"/v/0\"\n\
                      FAIL f\n    only in A\n3 passed, 5 failed\n";
        let said = "not sent: f: the collection's value does not fit its type: expected value\n";
        let classes = classify(report, said);
        let get = |k: &str| classes.get(k).copied().unwrap_or(0);
        assert_eq!(get("headers"), 1);
        assert_eq!(get("only-newman"), 1);
        assert_eq!(get("signing-auth"), 1);
        assert_eq!(get("placeholder"), 1);
        assert_eq!(get("not-built"), 1);
        assert_eq!(classes.values().sum::<usize>(), 5);
    }

    #[test]
    fn a_placeholder_in_a_typed_path_argument_is_its_own_class() {
        let report = "FAIL m/Get: a\n    only in A\nFAIL n\n    only in A\n0 passed, 2 failed\n";
        let said = "not sent: m/Get: a: placeholder-path: the collection sends `<integer>` as a path segment\n\
                    not sent: n: placeholder: the collection sends `<long>` where the typed input needs a value\n";
        let classes = classify(report, said);
        assert_eq!(classes.get("placeholder-path"), Some(&1), "{classes:?}");
        assert_eq!(classes.get("placeholder"), Some(&1), "{classes:?}");
    }

    #[test]
    fn a_request_stopped_by_its_credentials_is_not_sent_with_that_reason() {
        let report = "FAIL Meetings/List meetings\n    only in A\nFAIL Users/Get\n    only in A\n0 passed, 2 failed\n";
        let said = "not sent: Meetings/List meetings: credentials: the token provider failed: \
                    the OAuth 2.0 token endpoint answered 502\n";
        let classes = classify(report, said);
        assert_eq!(classes.get("credentials"), Some(&1), "{classes:?}");
        assert_eq!(classes.get("only-newman"), Some(&1), "{classes:?}");
    }

    #[test]
    fn a_request_stopped_by_its_pre_request_script_is_its_own_class() {
        let report = "FAIL F/Get\n    only in A\nFAIL F/Put\n    only in A\n0 passed, 2 failed\n";
        let said = "not sent: F/Get: script: prerequest script of the collection failed: pm.require is not a function\n\
                    not sent: F/Put: invalid request: `x` is required but was not set\n";
        let classes = classify(report, said);
        assert_eq!(classes.get("script"), Some(&1), "{classes:?}");
        assert_eq!(classes.get("not-sent"), Some(&1), "{classes:?}");
    }

    #[test]
    fn an_item_without_a_url_is_one_failure_not_two() {
        // newman ran both `Login` items and sent nothing; the harness skipped them.
        let report = "FAIL F/Login\n    only in A\nFAIL F/Login#2\n    only in A\n\
                      FAIL F/Other\n    only in A\nFAIL F/Sent\n    body: A=1 B=2\n0 passed, 4 failed\n";
        let skipped =
            |items: &[&str]| -> Vec<String> { items.iter().map(|i| i.to_string()).collect() };
        assert_eq!(
            skipped_items_in_report(report, &skipped(&["F/Login", "F/Login"])),
            2
        );
        // A skipped item compare.py did not fail (newman skipped it too) is counted by the caller.
        assert_eq!(
            skipped_items_in_report(report, &skipped(&["F/Login", "F/Login", "F/Login", "G/X"])),
            2
        );
        // An item that newman sent and the client did not is not a skipped one.
        assert_eq!(skipped_items_in_report(report, &skipped(&["F/Sent"])), 0);
    }

    #[test]
    fn a_json_path_names_its_item_as_compare_does() {
        let dir = project_root().join("target/conformance-tests");
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("item-path.json");
        std::fs::write(
            &file,
            r#"{"item": [{"name": "A", "item": [{"name": "x"}, {"name": "B", "item": [{"name": "y"}]}]}]}"#,
        )
        .unwrap();
        assert_eq!(
            item_path(&file, "$.item[0].item[1].item[0]").as_deref(),
            Some("A/B/y")
        );
        assert_eq!(
            item_path(&file, "$.item[0].item[0]").as_deref(),
            Some("A/x")
        );
        assert_eq!(item_path(&file, "$.item[3]"), None);
        assert_eq!(item_path(&file, "$.info"), None);
    }

    #[test]
    fn summary_line_is_read_from_the_end() {
        assert_eq!(
            parse_summary("item a: differs\n3 passed, 1 failed\n"),
            Some((3, 1))
        );
        assert_eq!(parse_summary("nothing"), None);
    }
}
