//! Diagnostics for the terminal, with a source excerpt: the library's
//! [`postman_codegen::render_diagnostic`]. (Types are rendered by
//! `postman_codegen::unstable::infer::render_api_types`.)

pub(crate) use postman_codegen::render_diagnostic as diagnostic;
