//! Lowering the collection model into the IR (stage 2).

use crate::collection::Collection;
use crate::diagnostics::Error;
use crate::ir::Api;

/// Lowers a parsed collection into the IR.
pub fn lower(collection: &Collection) -> Result<Api, Error> {
    let _ = collection;
    Err(Error::new("unimplemented", "$", "lowering not written yet"))
}
