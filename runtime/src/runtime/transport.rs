//! The HTTP client settings the client builder takes (connect and read
//! timeouts, proxy, TLS) and how they make a `reqwest` client.
//!
//! These belong to the `reqwest` client itself: a client the caller passes
//! in (`http_client`, `blocking_http_client`) was built with its own, so
//! giving both is a configuration error rather than settings silently lost.
//! Everything else (default headers, the whole-request timeout, user agent,
//! hooks, retries) is applied per request and holds with any client.

use std::fmt;
use std::time::Duration;

use super::error::Error;

/// Which TLS library makes connections, when the crate is built with both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TlsBackend {
    #[cfg(feature = "rustls")]
    Rustls,
    #[cfg(feature = "native-tls")]
    NativeTls,
}

/// Settings of the HTTP client the runtime builds.
#[derive(Clone)]
pub(crate) struct Transport {
    pub(crate) connect_timeout: Duration,
    pub(crate) read_timeout: Option<Duration>,
    /// The proxy URL.
    pub(crate) proxy: Option<String>,
    /// The hosts that bypass the proxy (`NO_PROXY` syntax); the `NO_PROXY`
    /// environment variable when `None`.
    pub(crate) no_proxy: Option<String>,
    pub(crate) tls: Option<TlsBackend>,
    #[cfg(any(feature = "rustls", feature = "native-tls"))]
    pub(crate) root_certificates: Vec<reqwest::Certificate>,
    /// Which of the settings above the caller set, for the error when a
    /// caller-built client would not honour them.
    pub(crate) set: Vec<&'static str>,
}

impl Transport {
    pub(crate) fn new(connect_timeout: Duration) -> Self {
        Transport {
            connect_timeout,
            read_timeout: None,
            proxy: None,
            no_proxy: None,
            tls: None,
            #[cfg(any(feature = "rustls", feature = "native-tls"))]
            root_certificates: Vec::new(),
            set: Vec::new(),
        }
    }

    /// Records that the caller set `setting`.
    pub(crate) fn mark(&mut self, setting: &'static str) {
        if !self.set.contains(&setting) {
            self.set.push(setting);
        }
    }

    /// Fails when the caller passed its own HTTP client and also settings only
    /// a client the runtime builds can honour.
    pub(crate) fn check_custom_client(&self, method: &str) -> Result<(), Error> {
        if self.set.is_empty() {
            return Ok(());
        }
        Err(Error::Config(format!(
            "`{method}` takes over {}: set them on the client you pass instead",
            self.set.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
        )))
    }

    /// The proxy, checked (also at build time, before any request).
    pub(crate) fn proxy(&self) -> Result<Option<reqwest::Proxy>, Error> {
        let Some(url) = &self.proxy else {
            return Ok(None);
        };
        let proxy = reqwest::Proxy::all(url.as_str())
            .map_err(|error| Error::Config(format!("proxy `{url}`: {error}")))?;
        let exempt = match &self.no_proxy {
            Some(list) => reqwest::NoProxy::from_string(list),
            None => reqwest::NoProxy::from_env(),
        };
        Ok(Some(proxy.no_proxy(exempt)))
    }

    /// The async HTTP client; with `strict_tls` false, one that accepts any
    /// TLS certificate (`strictSSL: false`, for the requests that ask only).
    #[cfg(feature = "async")]
    pub(crate) fn client(&self, strict_tls: bool) -> Result<reqwest::Client, Error> {
        // Redirects are followed by `redirect::next`, which keeps credentials on their origin.
        let mut builder = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .redirect(reqwest::redirect::Policy::none());
        if let Some(timeout) = self.read_timeout {
            builder = builder.read_timeout(timeout);
        }
        if let Some(proxy) = self.proxy()? {
            builder = builder.proxy(proxy);
        }
        match self.tls {
            #[cfg(feature = "rustls")]
            Some(TlsBackend::Rustls) => builder = builder.use_rustls_tls(),
            #[cfg(feature = "native-tls")]
            Some(TlsBackend::NativeTls) => builder = builder.use_native_tls(),
            // Only reachable when a TLS feature is off and the enum is empty.
            #[allow(unreachable_patterns)]
            _ => {}
        }
        #[cfg(any(feature = "rustls", feature = "native-tls"))]
        for certificate in &self.root_certificates {
            builder = builder.add_root_certificate(certificate.clone());
        }
        #[cfg(any(feature = "rustls", feature = "native-tls"))]
        if !strict_tls {
            builder = builder.danger_accept_invalid_certs(true);
        }
        #[cfg(not(any(feature = "rustls", feature = "native-tls")))]
        let _ = strict_tls;
        Ok(builder.build()?)
    }

    /// The blocking HTTP client. `reqwest`'s blocking client has no read
    /// timeout; the whole-request timeout bounds a stalled read there.
    #[cfg(feature = "blocking")]
    pub(crate) fn blocking_client(&self, strict_tls: bool) -> Result<reqwest::blocking::Client, Error> {
        // Redirects are followed by `redirect::next`, which keeps credentials on their origin.
        let mut builder = reqwest::blocking::Client::builder()
            .connect_timeout(self.connect_timeout)
            .redirect(reqwest::redirect::Policy::none());
        if let Some(proxy) = self.proxy()? {
            builder = builder.proxy(proxy);
        }
        match self.tls {
            #[cfg(feature = "rustls")]
            Some(TlsBackend::Rustls) => builder = builder.use_rustls_tls(),
            #[cfg(feature = "native-tls")]
            Some(TlsBackend::NativeTls) => builder = builder.use_native_tls(),
            // Only reachable when a TLS feature is off and the enum is empty.
            #[allow(unreachable_patterns)]
            _ => {}
        }
        #[cfg(any(feature = "rustls", feature = "native-tls"))]
        for certificate in &self.root_certificates {
            builder = builder.add_root_certificate(certificate.clone());
        }
        #[cfg(any(feature = "rustls", feature = "native-tls"))]
        if !strict_tls {
            builder = builder.danger_accept_invalid_certs(true);
        }
        #[cfg(not(any(feature = "rustls", feature = "native-tls")))]
        let _ = strict_tls;
        Ok(builder.build()?)
    }
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A proxy URL may carry a password: show that there is one, not which.
        f.debug_struct("Transport")
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("proxy", &self.proxy.as_ref().map(|_| "<set>"))
            .field("tls", &self.tls)
            .finish_non_exhaustive()
    }
}
