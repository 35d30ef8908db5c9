//! Diagnostics for the terminal, with a source excerpt: the library's
//! [`postman_codegen::report::render_diagnostic`]. (Types are rendered by
//! `postman_codegen::infer::render_api_types`.)

pub(crate) use postman_codegen::report::render_diagnostic as diagnostic;
