//! Prints the names a user meets for each collection given: one `M` line
//! per request (Postman item id, then the call path `accessor.….method`)
//! and one `T` line per generated type. For before/after comparisons of the
//! naming rules (`docs/type-inference.md`, "Names"; `lower/naming.rs`):
//! `cargo run -p postman-codegen --example name_stats -- FILE...`

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("readable collection");
        let api = postman_codegen::unstable::load_api(&bytes).expect("collection lowers");
        let types = postman_codegen::unstable::infer::infer(&api);
        for op in &api.operations {
            let mut call: Vec<&str> = api.group_path(op.group);
            call.push(&op.method_name);
            let id = op.postman_id.clone().unwrap_or_default();
            println!("M\t{path}\t{id}\t{}", call.join("."));
        }
        for def in &types.defs {
            println!("T\t{path}\t{}", def.name);
        }
    }
}
