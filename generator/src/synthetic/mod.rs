//! Synthetic collections, built in one place for every tool that needs
//! collections nobody wrote: the deterministic collection of realistic size
//! that `cargo xtask synth` writes and the benchmarks time ([`collection`]),
//! the pools of hostile names and numbers that the fuzz model and the
//! proptest strategy draw from ([`HOSTILE_NAMES`], [`NUMBER_LITERALS`]), and
//! the collection model all three fill and render to JSON ([`model`]).

mod builder;
mod hostile;
pub mod model;

pub use builder::{collection, FOLDER_FANOUT, FOLDER_SIZE};
pub use hostile::{HOSTILE_NAMES, NUMBER_LITERALS};
