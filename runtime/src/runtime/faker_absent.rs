//! The faker dynamic variables' module, in a crate whose collections use none
//! (the real one, with the `fake` crate, is only in crates that do).

/// Always `None`: no faker variable is drawn here.
pub(crate) fn value(_name: &str) -> Option<String> {
    None
}
