//! [`crate::source`] is the whole of `src/runtime/`, file for file.

use std::collections::BTreeSet;
use std::path::Path;

use crate::source;

fn runtime_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/runtime")
}

#[test]
fn every_runtime_file_is_in_the_source_table_with_its_own_text() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(runtime_dir())
        .expect("src/runtime")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
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
