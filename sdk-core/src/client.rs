//! What every provider client's builder shares: base URL, timeouts, retries, extra headers, and
//! an HTTP client to reuse.

use http::header::{HeaderMap, HeaderValue, ACCEPT_ENCODING, USER_AGENT};
use url::Url;

use crate::error::{Error, Result};
use crate::retry::RetryPolicy;
use crate::transport::{check_header_name, redirect_policy, Timeouts, Transport};

/// The settings every builder collects.
#[derive(Clone, Debug, Default)]
pub(crate) struct CommonSettings {
    pub base_url: Option<String>,
    pub timeouts: Timeouts,
    pub retry: RetryPolicy,
    pub headers: HeaderMap,
    pub http: Option<reqwest::Client>,
}

impl CommonSettings {
    /// The transport, with `default_base_url` when none was set (only Mevichat has one).
    pub fn into_transport(self, default_base_url: Option<&str>) -> Result<Transport> {
        let base = self
            .base_url
            .or_else(|| default_base_url.map(str::to_owned))
            .ok_or_else(|| {
                Error::validation(
                    "base_url",
                    "is required for this API (the docs name no host)",
                )
            })?;
        let base_url = parse_base_url(&base)?;
        for name in self.headers.keys() {
            check_header_name("default_headers", name)?;
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.timeouts.connect)
                .redirect(redirect_policy())
                .build()
                .map_err(|e| Error::Connection {
                    message: format!("cannot build the HTTP client: {e}"),
                    source: Some(Box::new(e)),
                })?,
        };
        let mut headers = HeaderMap::new();
        headers.insert(
            USER_AGENT,
            HeaderValue::from_static(concat!("chatwire/", env!("CARGO_PKG_VERSION"), " (rust)")),
        );
        // Bodies are read as sent: an encoded one is refused rather than decoded.
        headers.insert(ACCEPT_ENCODING, HeaderValue::from_static("identity"));
        headers.extend(self.headers);
        Ok(Transport::new(
            http,
            base_url,
            headers,
            self.timeouts,
            self.retry,
        ))
    }
}

/// `base` as the origin (and path) that every call's path is joined onto. It may carry no user
/// name or password (they would go out as Basic auth, and show wherever the URL is shown), no
/// query and no fragment (which joining would drop). Refusals never repeat a password.
fn parse_base_url(base: &str) -> Result<Url> {
    let refuse = |reason: String| Err(Error::validation("base_url", reason));
    let mut url = match Url::parse(base) {
        Ok(url) => url,
        Err(e) => return refuse(format!("{:?} is not a URL: {e}", without_userinfo(base))),
    };
    if !url.username().is_empty() || url.password().is_some() {
        // The URL is shown without them; clearing them fails only where it has none.
        let _ = url.set_username("");
        let _ = url.set_password(None);
        return refuse(format!(
            "{:?} must not hold a user name or password; credentials go in the client's key",
            url.as_str()
        ));
    }
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return refuse(format!("{:?} is not an http(s) origin", url.as_str()));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return refuse(format!(
            "{:?} must not hold a query or a fragment, which calls would drop",
            url.as_str()
        ));
    }
    // Paths are joined onto the base; without a trailing slash its last segment would be lost.
    if !url.path().ends_with('/') {
        url.set_path(&format!("{}/", url.path()));
    }
    Ok(url)
}

/// A text that failed to parse as a URL, with anything that could be a user name and password
/// (what lies between `//` and an `@` before the path) left out.
fn without_userinfo(text: &str) -> String {
    let Some(start) = text.find("//").map(|i| i + 2) else {
        return text.to_owned();
    };
    let authority_end = text[start..]
        .find(['/', '?', '#'])
        .map_or(text.len(), |i| start + i);
    match text[start..authority_end].rfind('@') {
        Some(at) => format!("{}…@{}", &text[..start], &text[start + at + 1..]),
        None => text.to_owned(),
    }
}

/// The builder methods every provider's builder has, over its `common: CommonSettings` field.
macro_rules! common_builder_methods {
    () => {
        /// The API's origin, such as `https://api.example.com` (paths are added to it).
        pub fn base_url(mut self, url: impl Into<String>) -> Self {
            self.common.base_url = Some(url.into());
            self
        }

        /// The timeout of a whole non-streaming request, and of a stream's response headers
        /// (default 600 s).
        pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
            self.common.timeouts.request = timeout;
            self
        }

        /// The timeout to open a connection (default 5 s). Ignored with [`Self::http_client`],
        /// whose own setting applies.
        pub fn connect_timeout(mut self, timeout: std::time::Duration) -> Self {
            self.common.timeouts.connect = timeout;
            self
        }

        /// The longest gap between two stream events (default 60 s); comments and keep-alives
        /// do not count as events.
        pub fn idle_timeout(mut self, timeout: std::time::Duration) -> Self {
            self.common.timeouts.idle = timeout;
            self
        }

        /// Retries after a failed attempt (default 2).
        pub fn max_retries(mut self, retries: u32) -> Self {
            self.common.retry.max_retries = retries;
            self
        }

        /// The whole retry policy.
        pub fn retry_policy(mut self, policy: $crate::retry::RetryPolicy) -> Self {
            self.common.retry = policy;
            self
        }

        /// A header sent with every request.
        pub fn header(
            mut self,
            name: http::header::HeaderName,
            value: http::header::HeaderValue,
        ) -> Self {
            self.common.headers.insert(name, value);
            self
        }

        /// An HTTP client to reuse (its connection pool, proxy and TLS settings). Build it with
        /// [`redirect_policy`](crate::redirect_policy): reqwest's default policy would follow
        /// a redirect to another origin with this client's keys.
        pub fn http_client(mut self, client: reqwest::Client) -> Self {
            self.common.http = Some(client);
            self
        }
    };
}

/// What the four providers' builders share, so that code setting up any of them (a binding, an
/// app choosing its provider by configuration) writes it once.
pub trait ClientBuilder: Sized {
    /// The client this builder builds.
    type Client: ProviderClient;
    /// The API's origin, such as `https://api.example.com`.
    fn base_url(self, url: String) -> Self;
    /// The timeout of a whole request, and of a stream's response headers.
    fn timeout(self, timeout: std::time::Duration) -> Self;
    /// The timeout to open a connection.
    fn connect_timeout(self, timeout: std::time::Duration) -> Self;
    /// The longest gap between two stream events.
    fn idle_timeout(self, timeout: std::time::Duration) -> Self;
    /// Retries after a failed attempt.
    fn max_retries(self, retries: u32) -> Self;
    /// A header sent with every request.
    fn header(self, name: http::header::HeaderName, value: HeaderValue) -> Self;
    /// The client.
    fn build(self) -> Result<Self::Client>;
}

/// What the four providers' clients share: cheap to clone, with per-call options.
pub trait ProviderClient: Clone + Send + Sync + std::fmt::Debug + 'static {
    /// A copy of this client whose calls use `options`.
    fn with_options(&self, options: &crate::RequestOptions) -> Self;
}

macro_rules! provider_traits {
    ($($module:ident),*) => {$(
        impl ClientBuilder for crate::$module::Builder {
            type Client = crate::$module::Client;
            fn base_url(self, url: String) -> Self { self.base_url(url) }
            fn timeout(self, timeout: std::time::Duration) -> Self { self.timeout(timeout) }
            fn connect_timeout(self, timeout: std::time::Duration) -> Self {
                self.connect_timeout(timeout)
            }
            fn idle_timeout(self, timeout: std::time::Duration) -> Self { self.idle_timeout(timeout) }
            fn max_retries(self, retries: u32) -> Self { self.max_retries(retries) }
            fn header(self, name: http::header::HeaderName, value: HeaderValue) -> Self {
                self.header(name, value)
            }
            fn build(self) -> Result<Self::Client> { self.build() }
        }

        impl ProviderClient for crate::$module::Client {
            fn with_options(&self, options: &crate::RequestOptions) -> Self {
                self.with_options(options)
            }
        }
    )*};
}

provider_traits!(mevichat, vexar, devapi, widgetkey);
