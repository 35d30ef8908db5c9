//! The generator over the real collections of `../shared/corpus/` (never
//! copied into this repository), one test binary: `lower` (every file lowers,
//! or fails with a diagnostic), `infer` (types of every lowerable collection,
//! deterministic), `bodies_fit` (every JSON body fits the type inferred for
//! it) and `pagination` (which operations get `.pages()`). Each skips with a
//! notice when the corpus is absent.

mod bodies_fit;
mod infer;
mod lower;
mod pagination;
