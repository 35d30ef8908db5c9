//! Stage 1: the Postman collection as Postman's runtime reads it.
//!
//! [`load`] turns bytes into a [`Collection`]: JSON syntax errors carry line and
//! column, documents that are not v2 collections get an error naming what they
//! are instead. Reading is lenient in exactly the ways the Postman SDK is
//! (POSTMAN_FORMAT.md §14): numbers for strings, `null` anywhere, descriptions in
//! any shape, auth parameters as a v2.0 map or a v2.1 array, unknown keys ignored.

mod environment;
mod lazy;
mod load;
mod model;
mod split;
pub mod url;
pub mod v1;
pub mod value;

pub use environment::{load_environment, Environment};
pub use load::load;
pub use model::{
    AuthDef, BodyDef, Collection, Event, Folder, FormParam, FormParamKind, Header, Item, Request,
    RequestItem, SavedResponse, VariableDef,
};
pub use url::{PathVariable, QueryEntry, QueryEntryValue, Url};
