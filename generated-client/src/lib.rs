//! Placeholder until emission lands.
