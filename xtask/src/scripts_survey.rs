//! `cargo xtask scripts-survey [DIR]`: which script APIs (`pm.*`,
//! `postman.*`, legacy sandbox globals, `require(..)`, `CryptoJS`, ...) the
//! collections in DIR use, with how many collections and requests use each.
//! A request counts when one of the scripts that run for it uses the API: its
//! own, its folders' or its collection's (v2 `event[].script.exec`; v1
//! `events`, `preRequestScript` and `tests`). Prints a Markdown table (the one
//! in `docs/scripts.md`).
//!
//! The scan is the generator's lexical reading of scripts
//! (`postman_codegen::unstable::script_scan::apis`, which the `# Scripts`
//! docs of generated crates read with too): comments and string contents are
//! skipped (except the module name of `require('..')`), member chains are cut
//! at a call or index, and a legacy global counts only when it is used as an
//! object (`request.url`, `environment[..]`) or called (`btoa(..)`), not when
//! it is a bare name (which is often a local variable of that name); the
//! `response*` values count wherever they stand.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use postman_codegen::unstable::script_scan::apis;
use serde_json::Value;

use crate::{display_path, project_root, Failure};

/// Arguments of `scripts-survey`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The directory of collections, searched recursively for `*.json`
    /// (default: `../shared/corpus` beside the workspace).
    dir: Option<PathBuf>,
}

/// Runs `scripts-survey`.
pub(crate) fn run(args: &Args) -> Result<(), Failure> {
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| project_root().join("../shared/corpus"));
    let mut files = Vec::new();
    json_files(&dir, &mut files)?;
    files.sort();
    let mut survey = Survey::default();
    for file in &files {
        let text = fs::read_to_string(file).map_err(|e| format!("{}: {e}", display_path(file)))?;
        let Ok(json) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let name = file
            .strip_prefix(&dir)
            .unwrap_or(file)
            .display()
            .to_string();
        survey.add_collection(&name, &json);
    }
    print!("{}", survey.table(&display_path(&dir)));
    Ok(())
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Failure> {
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", display_path(dir)))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("{}: {e}", display_path(dir)))?
            .path();
        if path.is_dir() {
            json_files(&path, out)?;
        } else if path.extension().is_some_and(|ext| ext == "json") {
            out.push(path);
        }
    }
    Ok(())
}

/// Uses of each API: the collections and the number of requests.
#[derive(Debug, Default)]
struct Survey {
    collections: usize,
    requests: usize,
    collections_with_scripts: usize,
    requests_with_scripts: usize,
    by_api: BTreeMap<String, (BTreeSet<String>, usize)>,
}

impl Survey {
    /// Adds one collection (v2 `item`/`event`, or v1 `requests`/`folders`);
    /// other JSON files (environments, manifests) are skipped.
    fn add_collection(&mut self, name: &str, json: &Value) {
        let mut requests: Vec<Vec<String>> = Vec::new();
        let mut all_scripts = Vec::new();
        if json.get("item").is_some() && json.get("info").is_some() {
            let inherited = event_scripts(json);
            all_scripts.extend(inherited.iter().cloned());
            v2_items(json, &inherited, &mut requests, &mut all_scripts);
        } else if let Some(v1_requests) = json.get("requests").and_then(Value::as_array) {
            v1_collection(json, v1_requests, &mut requests, &mut all_scripts);
        } else {
            return;
        }
        self.collections += 1;
        self.requests += requests.len();
        if all_scripts.iter().any(|script| !script.trim().is_empty()) {
            self.collections_with_scripts += 1;
        }
        let mut in_collection = BTreeSet::new();
        for script in &all_scripts {
            in_collection.extend(apis(script));
        }
        for api in in_collection {
            self.by_api
                .entry(api)
                .or_default()
                .0
                .insert(name.to_string());
        }
        for scripts in &requests {
            if scripts.iter().any(|script| !script.trim().is_empty()) {
                self.requests_with_scripts += 1;
            }
            let used: BTreeSet<String> = scripts.iter().flat_map(|script| apis(script)).collect();
            for api in used {
                self.by_api.entry(api).or_default().1 += 1;
            }
        }
    }

    /// The Markdown table, most used first.
    fn table(&self, dir: &str) -> String {
        let mut rows: Vec<(&String, usize, usize)> = self
            .by_api
            .iter()
            .map(|(api, (collections, requests))| (api, collections.len(), *requests))
            .collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(b.0)));
        let mut out = format!(
            "Scripts in {dir}: {} of {} collections, {} of {} requests run at least one script.\n\n",
            self.collections_with_scripts, self.collections, self.requests_with_scripts, self.requests
        );
        out.push_str("| API | collections | requests |\n| --- | ---: | ---: |\n");
        for (api, collections, requests) in rows {
            out.push_str(&format!(
                "| `{}` | {collections} | {requests} |\n",
                api.replace('|', "\\|")
            ));
        }
        out
    }
}

/// The script texts of a v2 item's or collection's `event` (or v1 `events`).
fn event_scripts(node: &Value) -> Vec<String> {
    let events = node.get("event").or_else(|| node.get("events"));
    events
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|event| event.get("script")?.get("exec"))
        .map(script_text)
        .collect()
}

/// `exec` is an array of lines or one string.
fn script_text(exec: &Value) -> String {
    match exec {
        Value::String(text) => text.clone(),
        Value::Array(lines) => lines
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

/// Walks v2 items: a request's scripts are its ancestors' and its own.
fn v2_items(
    node: &Value,
    inherited: &[String],
    requests: &mut Vec<Vec<String>>,
    all: &mut Vec<String>,
) {
    for item in node
        .get("item")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let own = event_scripts(item);
        all.extend(own.iter().cloned());
        let mut scripts = inherited.to_vec();
        scripts.extend(own);
        if item.get("item").is_some() {
            v2_items(item, &scripts, requests, all);
        } else if item.get("request").is_some() {
            requests.push(scripts);
        }
    }
}

/// A v1 collection: collection `events`, folders' `events` (nested through
/// `folders_order`), and each request's `preRequestScript`, `tests` and `events`.
fn v1_collection(
    json: &Value,
    v1_requests: &[Value],
    requests: &mut Vec<Vec<String>>,
    all: &mut Vec<String>,
) {
    let collection = event_scripts(json);
    all.extend(collection.iter().cloned());
    let folders: Vec<&Value> = json
        .get("folders")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .collect();
    let id = |value: &Value| {
        value
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let ids = |value: &Value, key: &str| -> Vec<String> {
        value
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect()
    };
    // The folder holding each request and each folder.
    let mut parent_of_request = BTreeMap::new();
    let mut parent_of_folder = BTreeMap::new();
    for folder in &folders {
        all.extend(event_scripts(folder));
        for request in ids(folder, "order") {
            parent_of_request.insert(request, id(folder));
        }
        for child in ids(folder, "folders_order") {
            parent_of_folder.insert(child, id(folder));
        }
    }
    let folder_scripts: BTreeMap<String, Vec<String>> =
        folders.iter().map(|f| (id(f), event_scripts(f))).collect();
    for request in v1_requests {
        let mut chain = Vec::new();
        let mut folder = parent_of_request.get(&id(request)).cloned();
        while let Some(current) = folder {
            if chain.contains(&current) || chain.len() > folders.len() {
                break;
            }
            folder = parent_of_folder.get(&current).cloned();
            chain.push(current);
        }
        let mut scripts = collection.clone();
        for folder in chain.iter().rev() {
            scripts.extend(folder_scripts.get(folder).cloned().unwrap_or_default());
        }
        let mut own = event_scripts(request);
        for key in ["preRequestScript", "tests"] {
            if let Some(text) = request.get(key).and_then(Value::as_str) {
                own.push(text.to_string());
            }
        }
        all.extend(own.iter().cloned());
        scripts.extend(own);
        requests.push(scripts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_inherit_folder_and_collection_scripts() {
        let collection = serde_json::json!({
            "info": {"name": "c"},
            "event": [{"listen": "prerequest", "script": {"exec": ["pm.variables.get('a')"]}}],
            "item": [
                {"name": "f", "event": [{"listen": "test", "script": {"exec": "pm.test('t', () => {})"}}],
                 "item": [{"name": "r1", "request": {}}, {"name": "r2", "request": {}}]},
                {"name": "r3", "request": {}, "event": [{"listen": "prerequest", "script": {"exec": ["btoa('x')"]}}]},
            ],
        });
        let mut survey = Survey::default();
        survey.add_collection("c.json", &collection);
        let count = |api: &str| survey.by_api.get(api).map(|(c, r)| (c.len(), *r));
        assert_eq!(count("pm.variables.get"), Some((1, 3)));
        assert_eq!(count("pm.test"), Some((1, 2)));
        assert_eq!(count("btoa()"), Some((1, 1)));
        assert_eq!((survey.requests, survey.requests_with_scripts), (3, 3));
    }

    #[test]
    fn v1_requests_count_their_own_and_their_folders_scripts() {
        let collection = serde_json::json!({
            "id": "c", "name": "c",
            "folders": [{"id": "f", "order": ["r1"], "events": [{"listen": "test", "script": {"exec": "tests['a'] = true"}}]}],
            "requests": [
                {"id": "r1", "preRequestScript": "postman.setGlobalVariable('x', 1)"},
                {"id": "r2", "tests": "var j = JSON.parse(responseBody);"},
                {"id": "r3"},
            ],
        });
        let mut survey = Survey::default();
        survey.add_collection("v1.json", &collection);
        let count = |api: &str| survey.by_api.get(api).map(|(c, r)| (c.len(), *r));
        assert_eq!(count("tests[..]"), Some((1, 1)));
        assert_eq!(count("postman.setGlobalVariable"), Some((1, 1)));
        assert_eq!(count("responseBody"), Some((1, 1)));
        assert_eq!((survey.requests, survey.requests_with_scripts), (3, 2));
    }
}
