//! `--environment FILE` and `--var NAME=VALUE` for `inspect` and `diff`, with
//! `generate`'s meaning: values over the collection's own, later ones winning,
//! `--var` over environments.

use std::path::PathBuf;

use postman_codegen::unstable::collection::{load_environment, VariableDef};

use super::{read_input, render, Failure};

/// The variable options `inspect` and `diff` share with `generate`.
#[derive(Debug, clap::Args)]
pub(crate) struct VariableArgs {
    /// A Postman environment export whose values override the collection's,
    /// as with `generate`. May be repeated; later files win.
    #[arg(long, short, value_name = "FILE")]
    environment: Vec<PathBuf>,
    /// A variable's value, as in an environment; wins over environment files.
    /// May be repeated.
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = super::generate::parse_var)]
    vars: Vec<(String, String)>,
}

impl VariableArgs {
    /// The values in order of precedence (the last wins), or an error naming
    /// the environment file that could not be read.
    pub(crate) fn definitions(&self) -> Result<Vec<VariableDef>, Failure> {
        let mut definitions = Vec::new();
        for path in &self.environment {
            let bytes = read_input(path)?;
            let environment = load_environment(&bytes).map_err(|err| {
                let file = path.display().to_string();
                Failure::input(render::diagnostic(
                    err.diagnostic(),
                    Some(&file),
                    Some(&bytes),
                ))
            })?;
            definitions.extend(environment.values);
        }
        definitions.extend(self.vars.iter().map(|(key, value)| VariableDef {
            key: key.clone(),
            value: value.clone(),
            kind: None,
            description: None,
        }));
        Ok(definitions)
    }
}
