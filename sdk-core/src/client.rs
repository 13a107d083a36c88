//! What every provider client's builder shares: base URL, timeouts, retries, extra headers, TLS
//! roots and proxies, an HTTP client to reuse, and the environment variables that stand in for
//! settings left out.

use std::path::PathBuf;
use std::time::Duration;

use http::header::{HeaderMap, HeaderValue, ACCEPT_ENCODING, USER_AGENT};
use url::Url;

use crate::error::{Error, Result};
use crate::rate::{RateLimit, RateLimitMode, RateLimiter};
use crate::retry::RetryPolicy;
use crate::secret::Secret;
use crate::transport::{check_header_name, redirect_policy, HttpClients, Timeouts, Transport};

/// The version of chatwire, which its Python and Node packages share.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The `User-Agent` chatwire sends from `language` (`rust`, `python`, `node`) on `runtime`
/// (`rustc 1.95.0`, `CPython 3.12.1`, `Node.js v20.1.0`):
/// `chatwire-<language>/<version> (<runtime>; <os> <arch>)`.
pub fn user_agent(language: &str, runtime: &str) -> String {
    let (os, arch) = (std::env::consts::OS, std::env::consts::ARCH);
    format!("chatwire-{language}/{VERSION} ({runtime}; {os} {arch})")
}

/// The settings every builder collects.
#[derive(Clone, Debug)]
pub(crate) struct CommonSettings {
    /// The provider's module name, which also prefixes its environment variables.
    pub provider: &'static str,
    pub base_url: Option<String>,
    pub timeouts: Timeouts,
    pub retry: RetryPolicy,
    pub headers: HeaderMap,
    pub http: Option<reqwest::Client>,
    pub ca_files: Vec<PathBuf>,
    pub proxy: Option<String>,
    pub no_proxy: Option<String>,
    pub rate_limit: RateLimitMode,
    pub rate_limits: Vec<(String, RateLimit)>,
}

/// What a provider's API is, for the settings that depend on it.
pub(crate) struct Api {
    /// Its hosted origin, where it has one (only Mevichat).
    pub default_base_url: Option<&'static str>,
    /// Every operation, by its spec name.
    pub operations: &'static [&'static str],
    /// The rate limits its docs give, by operation.
    pub documented_limits: &'static [(&'static str, RateLimit)],
}

impl CommonSettings {
    pub fn new(provider: &'static str) -> Self {
        Self {
            provider,
            base_url: None,
            timeouts: Timeouts::default(),
            retry: RetryPolicy::default(),
            headers: HeaderMap::new(),
            http: None,
            ca_files: Vec::new(),
            proxy: None,
            no_proxy: None,
            rate_limit: RateLimitMode::Off,
            rate_limits: Vec::new(),
        }
    }

    /// The environment variable that stands in for `field`: `DEVAPI_API_KEY` for the Developer
    /// API's `api_key`.
    pub fn env_var(&self, field: &str) -> String {
        format!("{}_{}", self.provider, field).to_ascii_uppercase()
    }

    /// `given`, else the value of [`Self::env_var`] of `field` (unless empty), else `None`.
    pub fn given_or_env(&self, field: &str, given: Option<String>) -> Option<String> {
        given.or_else(|| {
            std::env::var(self.env_var(field))
                .ok()
                .filter(|v| !v.is_empty())
        })
    }

    /// As [`Self::given_or_env`], with neither being an error that names both.
    pub fn required(&self, field: &'static str, given: Option<String>) -> Result<String> {
        self.given_or_env(field, given).ok_or_else(|| {
            Error::validation(
                field,
                format!("missing: give {field} or set {}", self.env_var(field)),
            )
        })
    }

    /// As [`Self::required`], for a credential.
    pub fn required_secret(&self, field: &'static str, given: Option<Secret>) -> Result<Secret> {
        self.required(field, given.map(Secret::into_inner))
            .map(Secret::new)
    }

    /// The transport of a client of `api`, with its default base URL when none was given or
    /// set in the environment.
    pub fn into_transport(mut self, api: &Api) -> Result<Transport> {
        let rate_limiter = self.rate_limiter(api)?;
        let given = self.base_url.take();
        let base = match api.default_base_url {
            Some(default) => Ok(self
                .given_or_env("base_url", given)
                .unwrap_or_else(|| default.to_owned())),
            None => self.required("base_url", given),
        }?;
        let base_url = parse_base_url(&base)?;
        for name in self.headers.keys() {
            check_header_name("default_headers", name)?;
        }
        let (http, http_clients) = match self.http.take() {
            Some(http) => (http, None),
            None => {
                let http = self.http_client(self.timeouts.connect)?;
                let settings = self.clone();
                let clients = HttpClients::new(move |connect| settings.http_client(connect));
                (http, Some(std::sync::Arc::new(clients)))
            }
        };
        let mut headers = HeaderMap::new();
        let runtime = concat!("rustc ", env!("CHATWIRE_RUSTC_VERSION"));
        let agent = HeaderValue::from_str(&user_agent("rust", runtime)).expect("ASCII");
        headers.insert(USER_AGENT, agent);
        // Bodies are read as sent: an encoded one is refused rather than decoded.
        headers.insert(ACCEPT_ENCODING, HeaderValue::from_static("identity"));
        headers.extend(self.headers);
        Ok(Transport::new(
            self.provider,
            http,
            http_clients,
            base_url,
            headers,
            self.timeouts,
            self.retry,
        )
        .rate_limited(rate_limiter))
    }

    /// The limiter of [`RateLimitMode::Wait`]: `api`'s documented limits with the configured
    /// ones over them. Limits configured without that mode are refused rather than ignored.
    fn rate_limiter(&self, api: &Api) -> Result<Option<std::sync::Arc<RateLimiter>>> {
        match self.rate_limit {
            RateLimitMode::Off if self.rate_limits.is_empty() => Ok(None),
            RateLimitMode::Off => Err(Error::validation(
                "rate_limits",
                "apply only with rate_limit Wait (\"wait\"), which is off",
            )),
            RateLimitMode::Wait => Ok(Some(std::sync::Arc::new(RateLimiter::new(
                api.operations,
                api.documented_limits,
                &self.rate_limits,
            )?))),
        }
    }

    /// The HTTP client chatwire builds: certificates checked against the system's roots (which
    /// `SSL_CERT_FILE` and `SSL_CERT_DIR` replace) and the bundled Mozilla ones, plus each
    /// `ca_file`; the proxy given, else those of `HTTPS_PROXY`, `HTTP_PROXY` and `ALL_PROXY`.
    fn http_client(&self, connect_timeout: Duration) -> Result<reqwest::Client> {
        let mut builder = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .redirect(redirect_policy())
            .use_preconfigured_tls(crate::tls::client_config(&self.ca_files)?);
        if self.proxy.is_some() || self.no_proxy.is_some() {
            // A client given proxies of its own reads none from the environment.
            builder = builder.no_proxy();
            for proxy in self.proxies()? {
                builder = builder.proxy(proxy);
            }
        }
        builder.build().map_err(|e| Error::Connection {
            message: format!(
                "cannot build the HTTP client: {}",
                crate::transport::describe(&e)
            ),
            source: Some(Box::new(e)),
        })
    }

    /// The proxy given (for every scheme), else the environment's, each bypassed for the hosts
    /// of `no_proxy` (else of `NO_PROXY`).
    fn proxies(&self) -> Result<Vec<reqwest::Proxy>> {
        let env = |names: &[&str]| {
            names
                .iter()
                .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
        };
        let no_proxy = self
            .no_proxy
            .clone()
            .or_else(|| env(&["NO_PROXY", "no_proxy"]))
            .and_then(|list| reqwest::NoProxy::from_string(&list));
        let refused = || {
            Error::validation(
                "proxy",
                "is not a proxy URL such as http://proxy.example:3128",
            )
        };
        let proxies = match &self.proxy {
            Some(url) => {
                // reqwest takes `localhost:1` as a URL and `ftp://` as a scheme; neither proxies.
                let parsed = Url::parse(url).ok();
                let is_proxy_url = parsed.as_ref().is_some_and(|url| {
                    matches!(url.scheme(), "http" | "https") && url.host().is_some()
                });
                if !is_proxy_url {
                    return Err(refused());
                }
                vec![reqwest::Proxy::all(url.as_str()).map_err(|_| refused())?]
            }
            None => {
                let mut proxies = Vec::new();
                if let Some(url) = env(&["HTTPS_PROXY", "https_proxy"]) {
                    proxies.push(reqwest::Proxy::https(url).map_err(|_| refused())?);
                }
                if let Some(url) = env(&["HTTP_PROXY", "http_proxy"]) {
                    proxies.push(reqwest::Proxy::http(url).map_err(|_| refused())?);
                }
                if let Some(url) = env(&["ALL_PROXY", "all_proxy"]) {
                    proxies.push(reqwest::Proxy::all(url).map_err(|_| refused())?);
                }
                proxies
            }
        };
        Ok(proxies
            .into_iter()
            .map(|proxy| proxy.no_proxy(no_proxy.clone()))
            .collect())
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

        /// The longest a whole stream may take, from the start of the call that opens it to its
        /// last event (default none); past it, the stream ends with
        /// [`Error::StreamDeadline`](crate::Error::StreamDeadline).
        pub fn stream_timeout(mut self, timeout: std::time::Duration) -> Self {
            self.common.timeouts.stream = Some(timeout);
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

        /// Trusts the CA certificates of a PEM file as well as the system's. Ignored with
        /// [`Self::http_client`].
        pub fn ca_file(mut self, path: impl Into<std::path::PathBuf>) -> Self {
            self.common.ca_files.push(path.into());
            self
        }

        /// Sends every request through the proxy at `url` (`http://host:port`, with
        /// `user:password@` when it asks for them), instead of those of `HTTPS_PROXY`,
        /// `HTTP_PROXY` and `ALL_PROXY`. Ignored with [`Self::http_client`].
        pub fn proxy(mut self, url: impl Into<String>) -> Self {
            self.common.proxy = Some(url.into());
            self
        }

        /// Hosts reached without the proxy, comma-separated as in `NO_PROXY` (`localhost,
        /// .internal.example, 10.0.0.0/8`), instead of `NO_PROXY`'s.
        pub fn no_proxy(mut self, hosts: impl Into<String>) -> Self {
            self.common.no_proxy = Some(hosts.into());
            self
        }

        /// With [`RateLimitMode::Wait`](crate::rate::RateLimitMode::Wait), each call waits for
        /// a free slot under the API's documented rate limits and those of
        /// [`Self::rate_limit_for`], rather than drawing a `429` (default off). Copies of the
        /// client share its limits.
        pub fn rate_limit(mut self, mode: $crate::rate::RateLimitMode) -> Self {
            self.common.rate_limit = mode;
            self
        }

        /// A rate limit of `operation` (its spec name, such as `chat_stream`, or `*` for every
        /// call of the client), over the documented one; it applies with
        /// [`Self::rate_limit`]`(Wait)`.
        pub fn rate_limit_for(
            mut self,
            operation: impl Into<String>,
            limit: $crate::rate::RateLimit,
        ) -> Self {
            self.common.rate_limits.push((operation.into(), limit));
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
    /// The longest a whole stream may take, from the start of its call.
    fn stream_timeout(self, timeout: std::time::Duration) -> Self;
    /// Retries after a failed attempt.
    fn max_retries(self, retries: u32) -> Self;
    /// A header sent with every request.
    fn header(self, name: http::header::HeaderName, value: HeaderValue) -> Self;
    /// Trusts the CA certificates of a PEM file as well as the system's.
    fn ca_file(self, path: PathBuf) -> Self;
    /// Sends every request through this proxy.
    fn proxy(self, url: String) -> Self;
    /// Hosts reached without the proxy.
    fn no_proxy(self, hosts: String) -> Self;
    /// Whether calls wait for a slot under the rate limits.
    fn rate_limit(self, mode: RateLimitMode) -> Self;
    /// A rate limit of one operation (or `*`), over the documented one.
    fn rate_limit_for(self, operation: String, limit: RateLimit) -> Self;
    /// The client.
    fn build(self) -> Result<Self::Client>;
}

/// What the four providers' clients share: cheap to clone, with per-call options.
pub trait ProviderClient: Clone + Send + Sync + std::fmt::Debug + 'static {
    /// A copy of this client whose calls use `options`.
    fn with_options(&self, options: &crate::RequestOptions) -> Self;
    /// The `client` field of this client's log events.
    fn log_id(&self) -> u64;
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
            fn stream_timeout(self, timeout: std::time::Duration) -> Self {
                self.stream_timeout(timeout)
            }
            fn max_retries(self, retries: u32) -> Self { self.max_retries(retries) }
            fn header(self, name: http::header::HeaderName, value: HeaderValue) -> Self {
                self.header(name, value)
            }
            fn ca_file(self, path: PathBuf) -> Self { self.ca_file(path) }
            fn proxy(self, url: String) -> Self { self.proxy(url) }
            fn no_proxy(self, hosts: String) -> Self { self.no_proxy(hosts) }
            fn rate_limit(self, mode: RateLimitMode) -> Self { self.rate_limit(mode) }
            fn rate_limit_for(self, operation: String, limit: RateLimit) -> Self {
                self.rate_limit_for(operation, limit)
            }
            fn build(self) -> Result<Self::Client> { self.build() }
        }

        impl ProviderClient for crate::$module::Client {
            fn with_options(&self, options: &crate::RequestOptions) -> Self {
                self.with_options(options)
            }
            fn log_id(&self) -> u64 { self.log_id() }
        }
    )*};
}

provider_traits!(mevichat, vexar, devapi, widgetkey);
