//! Clients of the generated crate pointed at a loopback server: the setup
//! that the tests of `client_behaviour.rs` and `extension_points.rs` repeat.
//! A test that checks `build()` itself (a refused setting) still calls the
//! builder directly.

use generated_client::{webex, zoom};

/// A Zoom client for the server at `base`, with an access token.
pub fn zoom_client(base: &str) -> zoom::Client {
    zoom_with(base, |builder| builder.access_token("secret-token"))
}

/// A Zoom client for the server at `base`, with the settings `configure` adds.
pub fn zoom_with(
    base: impl Into<String>,
    configure: impl FnOnce(zoom::ClientBuilder) -> zoom::ClientBuilder,
) -> zoom::Client {
    configure(zoom::Client::builder().base_url(base))
        .build()
        .expect("client")
}

/// A Webex client for the server at `base`, with the settings `configure` adds.
pub fn webex_with(
    base: impl Into<String>,
    configure: impl FnOnce(webex::ClientBuilder) -> webex::ClientBuilder,
) -> webex::Client {
    configure(webex::Client::builder().base_url(base))
        .build()
        .expect("client")
}

/// A client of `pets` (`tests/collections/response-headers.postman_collection.json`)
/// for the server at `base`.
pub fn pets_client(base: impl Into<String>) -> test_clients::pets::Client {
    test_clients::pets::Client::builder()
        .base_url(base)
        .build()
        .expect("client")
}
