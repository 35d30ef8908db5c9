//! The `postman-codegen` binary, run as a user would, in one test binary:
//! `basics` (exit codes, messages on bad input, `inspect` and `generate`),
//! `manners` (how it treats the user's files and terminal), `newcomer` (the
//! first-run path: help, errors that say what to do) and `diff` (the API
//! diff, through the library and the command).

mod basics;
mod diff;
mod manners;
mod newcomer;
