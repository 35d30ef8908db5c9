//! Rust code emission (stage 4).
