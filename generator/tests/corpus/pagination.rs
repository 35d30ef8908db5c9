//! Pagination inference over the corpus (`../shared/corpus/files`): how many
//! operations get `.pages()`, by rule, and a listing to check by hand
//! (`cargo test -p postman-codegen --test corpus pagination -- --nocapture`).
//! Skipped with a notice when the corpus is not beside the repository.

#![allow(clippy::unwrap_used)] // test support code: a failed unwrap is a failed test

use std::collections::BTreeMap;
use std::path::Path;

use postman_codegen::unstable::emit::pagination::{infer_all, PageRule};
use postman_codegen::unstable::generate::load_and_infer;

#[test]
fn corpus_operations_with_inferred_pagination() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/files");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: no corpus at {}", dir.display());
        return;
    };
    let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    let mut operations = 0;
    let mut zoom_list_pages = 0;
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let Ok(loaded) = load_and_infer(&std::fs::read(path).unwrap()) else {
            continue;
        };
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        operations += loaded.api.operations.len();
        for (op, pagination) in loaded
            .api
            .operations
            .iter()
            .zip(infer_all(&loaded.api, &loaded.types))
        {
            let Some(pagination) = pagination else {
                continue;
            };
            let (rule, detail) = match &pagination.rule {
                PageRule::Cursor { field, query } => ("cursor", format!("{field} -> ?{query}")),
                PageRule::PageNumber { query, count, .. } => {
                    ("page number", format!("?{query} of {count}"))
                }
                PageRule::StartingAfter { query, .. } => ("starting_after", query.clone()),
                PageRule::LinkHeader => ("Link header", String::new()),
            };
            *by_rule.entry(rule).or_default() += 1;
            if name == "zoom-api-baruamrinal" {
                zoom_list_pages += 1;
            }
            let items = pagination
                .items
                .as_ref()
                .map(|(f, _)| f.as_str())
                .unwrap_or("-");
            println!(
                "PAGES\t{name}\t{}\t{} {}\t{rule}\t{detail}\titems={items}",
                op.name,
                op.method,
                loaded.api.path_string(op)
            );
        }
    }
    let total: usize = by_rule.values().sum();
    println!("TOTAL {total} of {operations} operations: {by_rule:?}");
    assert!(
        zoom_list_pages > 0,
        "zoom-api-baruamrinal's list operations page by next_page_token"
    );
}
