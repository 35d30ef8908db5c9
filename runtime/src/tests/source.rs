//! [`crate::source`] is the whole of `src/runtime/`, file for file.

use std::collections::BTreeSet;
use std::path::Path;

use crate::source;

fn runtime_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/runtime")
}

#[test]
fn every_runtime_file_is_in_the_source_table_with_its_own_text() {
    let on_disk = files_in(&runtime_dir());
    let listed: BTreeSet<String> = source::ALL
        .iter()
        .map(|(name, _)| name.to_string())
        .collect();
    assert_eq!(listed, on_disk, "source::ALL and src/runtime/ differ");
    assert_eq!(listed.len(), source::ALL.len(), "a file listed twice");
    for (name, text) in source::ALL {
        let file = std::fs::read_to_string(runtime_dir().join(name)).expect("read");
        assert_eq!(*text, file, "{name}: source::ALL holds another file's text");
    }
}

/// The names of the files (not directories) in `dir`.
fn files_in(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .expect("readable directory")
        .map(|entry| entry.expect("entry"))
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_file()))
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect()
}

/// `scripts/` is [`source::SCRIPTS_FILES`] and this crate's own `table.rs`.
#[test]
fn every_script_runtime_file_is_in_its_source_table_with_its_own_text() {
    let dir = runtime_dir().join("scripts");
    let mut listed: BTreeSet<String> = source::SCRIPTS_FILES
        .iter()
        .map(|(name, _)| name.to_string())
        .collect();
    listed.insert("table.rs".to_string());
    assert_eq!(
        listed,
        files_in(&dir),
        "source::SCRIPTS_FILES and src/runtime/scripts/ differ"
    );
    for (name, text) in source::SCRIPTS_FILES {
        let file = std::fs::read_to_string(dir.join(name)).expect("read");
        assert_eq!(
            *text, file,
            "{name}: source::SCRIPTS_FILES holds another file's text"
        );
    }
}

#[test]
fn the_vendored_mod_rs_stops_before_the_optional_modules() {
    let vendored = source::vendored_mod_rs();
    assert_eq!(source::MOD_RS.matches(source::MOD_RS_END).count(), 1);
    assert!(source::MOD_RS.starts_with(vendored));
    assert!(vendored.contains("mod core;"), "{vendored}");
    for optional in [
        "aws_sigv4",
        "digest",
        "faker",
        "faker_absent",
        "hawk",
        "oauth1",
        "oauth2_grant",
        "pagination",
    ] {
        let declaration = format!("pub(crate) mod {optional};");
        assert!(
            !vendored.contains(&declaration),
            "{declaration} is vendored"
        );
        assert!(
            source::MOD_RS.contains(&declaration),
            "{declaration} is not compiled here"
        );
    }
}

/// A crate carrying the pagination module gets, after it, the lines this
/// crate compiles after it.
#[test]
fn the_pagination_uses_are_the_ones_compiled_here() {
    let tail = &source::MOD_RS[source::vendored_mod_rs().len()..];
    assert!(
        tail.contains(&format!(
            "pub(crate) mod pagination;\n{}",
            source::PAGINATION_USES
        )),
        "{tail}"
    );
    assert!(!source::vendored_mod_rs().contains("pagination"));
}

/// A crate carrying the script runtime gets, after it, the lines this crate
/// compiles after it under the `scripts` feature; a crate without scripts
/// names neither type.
#[test]
fn the_scripts_uses_are_the_ones_compiled_here() {
    let tail = &source::MOD_RS[source::vendored_mod_rs().len()..];
    assert!(
        tail.contains(&format!("#[cfg(feature = \"scripts\")]\n{}", source::SCRIPTS_USES)),
        "{tail}"
    );
    for name in ["NextRequest", "ScriptErrorAction"] {
        assert!(!source::vendored_mod_rs().contains(name), "{name}");
        assert!(!source::SCRIPTS_ABSENT.contains(name), "{name}");
    }
}

/// What a generated crate's users can name is the `pub use` list of
/// `mod.rs` (re-exported at the crate root, `runtime` itself being private).
/// An item declared `pub` elsewhere but not listed would look public to a
/// reader and be unreachable; an internal helper is `pub(crate)`.
#[test]
fn every_public_item_is_in_the_pub_use_list_of_mod_rs() {
    let mut listed = BTreeSet::new();
    // The whole file: the optional modules' re-exports follow the vendored part.
    for line in source::MOD_RS.lines() {
        let Some(path) = line.strip_prefix("pub use self::") else {
            continue;
        };
        let names = match path.split_once("::{") {
            Some((_, group)) => group.trim_end_matches("};").to_string(),
            None => path
                .rsplit("::")
                .next()
                .unwrap_or_default()
                .trim_end_matches(';')
                .to_string(),
        };
        listed.extend(names.split(',').map(|name| name.trim().to_string()));
    }
    assert!(
        listed.contains("Error") && listed.contains("RetryPolicy"),
        "{listed:?}"
    );
    for (file, text) in source::ALL {
        for line in text.lines() {
            let Some(rest) = line.strip_prefix("pub ") else {
                continue;
            };
            let Some((_, after)) = [
                "struct ", "enum ", "trait ", "type ", "fn ", "const ", "static ", "mod ",
            ]
            .iter()
            .find_map(|keyword| rest.split_once(keyword)) else {
                continue;
            };
            let name: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            assert!(
                listed.contains(&name),
                "{file}: `{line}` is pub but not re-exported by mod.rs"
            );
        }
    }
}
