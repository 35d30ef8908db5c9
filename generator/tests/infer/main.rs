//! Type inference on hand-built and generated inputs, one test binary:
//! `rules` (the rules of `docs/type-inference.md`, one test each) and `props`
//! (the inferred type accepts every sample it was inferred from).

mod props;
mod rules;
