//! Hostile collections, one test binary: `catalogue` (each collection with
//! the outcome it must have), `outcomes` (the whole pipeline on every entry:
//! a clean result or a clear diagnostic, never a panic) and `compile` (every
//! entry that generates compiles without warnings; slow, ignored by default:
//! `cargo test -p postman-codegen --test hostile compile -- --ignored --nocapture`).

mod catalogue;
mod compile;
mod outcomes;
