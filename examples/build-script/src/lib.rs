//! A crate whose API client is generated at build time: `build.rs` runs the
//! `postman_codegen` library on the Webex Meetings collection and writes the
//! client as one module into `OUT_DIR`; it is included here as [`webex`].
//!
//! ```ignore
//! let client = build_script_example::webex::Client::builder()
//!     .bearer_token(std::env::var("WEBEX_TOKEN")?)
//!     .build()?;
//! ```

include!(concat!(env!("OUT_DIR"), "/webex.rs"));

#[cfg(test)]
mod tests {
    #[test]
    fn the_included_client_builds_and_keeps_the_token_out_of_debug_output() {
        let client = crate::webex::Client::builder()
            .bearer_token("not-a-real-token")
            .build()
            .expect("the collection's base URL is valid");
        let shown = format!("{client:?}");
        assert!(!shown.contains("not-a-real-token"), "{shown}");
    }
}
