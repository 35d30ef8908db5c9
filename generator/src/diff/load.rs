//! Two versions of a collection, read as `diff` compares them: the one way
//! `postman-codegen diff` and `cargo xtask diff` load their inputs, so both
//! print the same report for the same collections.

use crate::collection::VariableDef;
use crate::diagnostics::Error;
use crate::generate::{load_and_infer_keeping_names, LoadedApi};
use crate::name_lock::ApiNames;

use super::{diff, ApiDiff};

/// Which of the two collections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// The collection the crate was generated from.
    Old,
    /// The new version.
    New,
}

/// Two versions of a collection, lowered and inferred.
#[derive(Debug)]
pub struct Versions {
    /// The collection the crate was generated from.
    pub old: LoadedApi,
    /// The new version, with the old one's names kept.
    pub new: LoadedApi,
}

impl Versions {
    /// Lowers and infers `old` and `new` (collection JSON) with the same
    /// `variables`, as `generate` would apply them. The new one keeps the
    /// names the old one gave out wherever their owners still ask for them,
    /// as regenerating the crate with its name lock would, so the diff is
    /// what regenerating would change. An error says which side it is from.
    pub fn load(
        old: &[u8],
        new: &[u8],
        variables: &[VariableDef],
    ) -> Result<Versions, (Which, Error)> {
        let old = load_and_infer_keeping_names(old, variables.to_vec(), ApiNames::default())
            .map_err(|err| (Which::Old, err))?;
        let kept = ApiNames::record(&old.api, &old.types, &Default::default());
        let new = load_and_infer_keeping_names(new, variables.to_vec(), kept)
            .map_err(|err| (Which::New, err))?;
        Ok(Versions { old, new })
    }

    /// What changes for users of the generated crate from old to new.
    pub fn diff(&self) -> ApiDiff {
        diff(
            &self.old.api,
            &self.old.types,
            &self.new.api,
            &self.new.types,
        )
    }
}
