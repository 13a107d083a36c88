//! The HTTP layer every provider client sends through: base URL, default headers, timeouts, the
//! retry loop, redirects, and the turning of error responses into [`ApiError`]s.
//!
//! Every byte read is under a deadline: an attempt's request timeout covers its response
//! headers and whatever body is read after them (a success body, an error body, a body of the
//! wrong type); a stream's events are then under its idle timeout, and the whole stream under its
//! deadline, when it has one.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use http::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_ENCODING, CONTENT_TYPE, LOCATION};
use http::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::time::Instant;
use url::Url;

use crate::error::{
    truncate, truncate_raw, ApiError, Error, RedirectRefusal, Result, MESSAGE_LIMIT, RAW_LIMIT,
};
use crate::rate::RateLimiter;
use crate::response::{Response, ResponseHead};
use crate::retry::RetryPolicy;
use crate::stream::{EventStream, ProviderEvents, StreamDeadline, StreamLog};

/// Redirects followed within one origin before a call fails with [`Error::Redirect`].
pub const MAX_REDIRECTS: usize = 5;

/// The longest URL a request can carry (what the `http` crate's `Uri` holds).
const MAX_URL_LENGTH: usize = 65_534;

/// An error response's body is read up to this many bytes; the rest is never read.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// Headers that frame the request on the wire, which the HTTP layer sets: a caller's value
/// would cut the body short, stall it, or send it elsewhere.
const FRAMING_HEADERS: &[&str] = &[
    "connection",
    "content-length",
    "host",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

/// Refuses a header that [`FRAMING_HEADERS`] names, as input to `field`.
pub(crate) fn check_header_name(field: &'static str, name: &HeaderName) -> Result<()> {
    if FRAMING_HEADERS.contains(&name.as_str()) {
        return Err(Error::validation(
            field,
            format!("{name} frames the request and is set by the HTTP layer, not by a caller"),
        ));
    }
    Ok(())
}

/// The redirect policy of the HTTP client chatwire builds: a redirect within the request's
/// origin is followed, up to [`MAX_REDIRECTS`]; one to another scheme, host or port is not, and
/// the call fails with [`Error::Redirect`], so that no key travels to another origin.
///
/// An HTTP client passed to a builder's `http_client` should be built with it: reqwest's
/// default policy follows a redirect anywhere, and strips only `Authorization` and `Cookie`
/// when the host changes.
pub fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if same_origin && attempt.previous().len() <= MAX_REDIRECTS {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// The instant `after` from now; a duration too long to add is as good as never.
pub(crate) fn deadline_after(after: Duration) -> Instant {
    const NEVER: Duration = Duration::from_secs(30 * 365 * 24 * 3600);
    let now = Instant::now();
    now.checked_add(after).unwrap_or(now + NEVER)
}

/// The timeouts of a client or of one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// To open the TCP (and TLS) connection.
    pub connect: Duration,
    /// For a whole non-streaming request, and for a stream's response headers.
    pub request: Duration,
    /// Between two events of a stream; comments and keep-alives do not reset it.
    pub idle: Duration,
    /// For a whole stream, from the start of the call that opens it to its last event; none by
    /// default, as a reply may stream for as long as it needs.
    pub stream: Option<Duration>,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(5),
            request: Duration::from_secs(600),
            idle: Duration::from_secs(60),
            stream: None,
        }
    }
}

/// Settings for one call, over the client's.
#[derive(Clone, Debug, Default)]
pub struct RequestOptions {
    /// Replaces the client's request timeout.
    pub timeout: Option<Duration>,
    /// Replaces the client's connect timeout.
    pub connect_timeout: Option<Duration>,
    /// Replaces the client's idle timeout (streams).
    pub idle_timeout: Option<Duration>,
    /// Replaces the client's whole-stream deadline (streams).
    pub stream_timeout: Option<Duration>,
    /// Replaces the client's retry count.
    pub max_retries: Option<u32>,
    /// Added to (and over) the client's headers.
    pub headers: HeaderMap,
}

impl RequestOptions {
    /// Options that change nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// With a request timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// With a connect timeout.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// With an idle timeout between stream events.
    pub fn idle_timeout(mut self, idle: Duration) -> Self {
        self.idle_timeout = Some(idle);
        self
    }

    /// With a deadline for the whole stream, from the start of the call.
    pub fn stream_timeout(mut self, timeout: Duration) -> Self {
        self.stream_timeout = Some(timeout);
        self
    }

    /// With a retry count.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// With one more header.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }
}

/// What every provider client is built from: the settings its builder collects. Cloning is
/// cheap (the HTTP client is shared).
#[derive(Clone, Debug)]
pub(crate) struct Transport {
    /// The provider's module name, for logs.
    provider: &'static str,
    /// Tells this client's log events from another's; copies made by `with_options` share it.
    client_id: u64,
    http: reqwest::Client,
    /// Builds the HTTP clients of other connect timeouts; none when the HTTP client was given.
    http_clients: Option<Arc<HttpClients>>,
    base_url: Url,
    headers: HeaderMap,
    timeouts: Timeouts,
    retry: RetryPolicy,
    /// A per-call option that cannot be honoured: every call refuses to start.
    refused_option: Option<RefusedOption>,
    /// The client's rate limits, shared by its copies, when it keeps to them.
    rate_limiter: Option<Arc<RateLimiter>>,
}

/// Why the per-call options of a [`Transport`] copy refuse every call.
#[derive(Clone, Debug)]
enum RefusedOption {
    /// A framing header among the extra headers.
    Header(HeaderName),
    /// A connect timeout that cannot be applied.
    ConnectTimeout(String),
}

/// The HTTP clients of one chatwire client, one per connect timeout asked for: reqwest sets that
/// timeout per HTTP client, so a call with its own connect timeout uses a client built for it,
/// with the same TLS and proxy settings, kept for the next such call. Clones share them.
pub(crate) struct HttpClients {
    build: Box<dyn Fn(Duration) -> Result<reqwest::Client> + Send + Sync>,
    by_connect_timeout: std::sync::Mutex<Vec<(Duration, reqwest::Client)>>,
}

impl std::fmt::Debug for HttpClients {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClients").finish_non_exhaustive()
    }
}

impl HttpClients {
    /// Connect timeouts beyond this many distinct ones get a client of their own per call,
    /// rather than one kept forever.
    const KEPT: usize = 8;

    pub fn new(
        build: impl Fn(Duration) -> Result<reqwest::Client> + Send + Sync + 'static,
    ) -> Self {
        Self {
            build: Box::new(build),
            by_connect_timeout: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// The HTTP client whose connect timeout is `connect`.
    fn with_connect_timeout(&self, connect: Duration) -> Result<reqwest::Client> {
        let mut kept = self
            .by_connect_timeout
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, client)) = kept.iter().find(|(timeout, _)| *timeout == connect) {
            return Ok(client.clone());
        }
        let client = (self.build)(connect)?;
        if kept.len() < Self::KEPT {
            kept.push((connect, client.clone()));
        }
        Ok(client)
    }
}

/// The body of a request.
#[derive(Clone, Debug)]
pub(crate) enum Body {
    None,
    Json(Value),
    Multipart(MultipartBody),
}

/// A multipart form, kept as parts so that a retry can build it again.
#[derive(Clone, Debug, Default)]
pub(crate) struct MultipartBody {
    pub texts: Vec<(&'static str, String)>,
    pub files: Vec<(&'static str, String, String, bytes::Bytes)>,
}

impl MultipartBody {
    fn form(&self) -> Result<reqwest::multipart::Form> {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in &self.texts {
            form = form.text(*name, value.clone());
        }
        for (name, file_name, content_type, data) in &self.files {
            let part = reqwest::multipart::Part::stream(data.clone())
                .file_name(file_name.clone())
                .mime_str(content_type)
                .map_err(|_| {
                    Error::validation(
                        "content_type",
                        format!("{content_type:?} is not a MIME type"),
                    )
                })?;
            form = form.part(*name, part);
        }
        Ok(form)
    }
}

/// One request, as the provider client describes it.
#[derive(Clone, Debug)]
pub(crate) struct Call {
    /// The operation's name in the spec (`operationId`), for logs.
    pub operation: &'static str,
    pub method: Method,
    pub path: String,
    pub query: Vec<(&'static str, String)>,
    pub headers: HeaderMap,
    pub body: Body,
}

impl Call {
    pub fn new(operation: &'static str, method: Method, path: impl Into<String>) -> Self {
        Self {
            operation,
            method,
            path: path.into(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: Body::None,
        }
    }

    pub fn query(mut self, name: &'static str, value: Option<impl ToString>) -> Self {
        if let Some(value) = value {
            self.query.push((name, value.to_string()));
        }
        self
    }

    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    pub fn json(mut self, body: Value) -> Self {
        self.body = Body::Json(body);
        self
    }

    pub fn multipart(mut self, body: MultipartBody) -> Self {
        self.body = Body::Multipart(body);
        self
    }
}

impl Transport {
    pub fn new(
        provider: &'static str,
        http: reqwest::Client,
        http_clients: Option<Arc<HttpClients>>,
        base_url: Url,
        headers: HeaderMap,
        timeouts: Timeouts,
        retry: RetryPolicy,
    ) -> Self {
        static NEXT_CLIENT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Self {
            provider,
            client_id: NEXT_CLIENT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            http,
            http_clients,
            base_url,
            headers,
            timeouts,
            retry,
            refused_option: None,
            rate_limiter: None,
        }
    }

    /// The same transport, keeping to `limiter`'s rate limits.
    pub fn rate_limited(mut self, limiter: Option<Arc<RateLimiter>>) -> Self {
        self.rate_limiter = limiter;
        self
    }

    pub fn client_id(&self) -> u64 {
        self.client_id
    }

    /// A copy with `options` over this transport's settings.
    pub fn with_options(&self, options: &RequestOptions) -> Self {
        let mut copy = self.clone();
        copy.timeouts.request = options.timeout.unwrap_or(copy.timeouts.request);
        copy.timeouts.idle = options.idle_timeout.unwrap_or(copy.timeouts.idle);
        copy.timeouts.stream = options.stream_timeout.or(copy.timeouts.stream);
        copy.retry.max_retries = options.max_retries.unwrap_or(copy.retry.max_retries);
        copy.headers.extend(options.headers.clone());
        if copy.refused_option.is_none() {
            copy.refused_option = options
                .headers
                .keys()
                .find(|name| check_header_name("extra_headers", name).is_err())
                .cloned()
                .map(RefusedOption::Header);
        }
        if let Some(connect) = options
            .connect_timeout
            .filter(|c| *c != copy.timeouts.connect)
        {
            match copy.http_with_connect_timeout(connect) {
                Ok(http) => {
                    copy.http = http;
                    copy.timeouts.connect = connect;
                }
                Err(reason) => {
                    copy.refused_option
                        .get_or_insert(RefusedOption::ConnectTimeout(reason));
                }
            }
        }
        copy
    }

    /// This client's HTTP client with another connect timeout, or why there is none.
    fn http_with_connect_timeout(&self, connect: Duration) -> Result<reqwest::Client, String> {
        let Some(clients) = &self.http_clients else {
            return Err(
                "cannot be set per call on a client given its own HTTP client; set it on that \
                 HTTP client"
                    .to_owned(),
            );
        };
        clients
            .with_connect_timeout(connect)
            .map_err(|error| error.to_string())
    }

    /// Sends `call` and decodes its JSON answer.
    pub async fn json<T: DeserializeOwned>(&self, call: Call) -> Result<Response<T>> {
        self.bytes(call)
            .await?
            .try_map(|body| decode_json("response body", &body))
    }

    /// Sends `call` and answers the response's head and raw body.
    pub async fn bytes(&self, call: Call) -> Result<Response<bytes::Bytes>> {
        let timeout = self.timeouts.request;
        let (client_id, operation) = (self.client_id, call.operation);
        self.with_retries(&call, |response, deadline| async move {
            let head = ResponseHead::of(&response);
            let body = tokio::time::timeout_at(deadline, response.bytes())
                .await
                .map_err(|_| Error::Timeout { after: timeout })?
                .map_err(body_error)?;
            tracing::trace!(
                target: "chatwire::http",
                client = client_id,
                operation,
                body = %crate::log::redacted_body(&body),
                "response body"
            );
            Ok(Response { head, data: body })
        })
        .await
    }

    /// Opens an event stream. Retries happen only until the stream is open; once the server has
    /// answered 200, nothing is sent again.
    pub async fn stream<P: ProviderEvents>(&self, call: Call, events: P) -> Result<EventStream<P>> {
        let deadline = self
            .timeouts
            .stream
            .map(|after| StreamDeadline::new(deadline_after(after), after));
        let open = self.with_retries(&call, |response, deadline| {
            expect_event_stream(response, deadline)
        });
        let response = match &deadline {
            Some(deadline) => tokio::time::timeout_at(deadline.at, open)
                .await
                .map_err(|_elapsed| deadline.error())??,
            None => open.await?,
        };
        let log = StreamLog {
            provider: self.provider,
            client_id: self.client_id,
            operation: call.operation,
        };
        Ok(EventStream::new(
            response,
            events,
            self.timeouts.idle,
            deadline,
            log,
        ))
    }

    /// Refuses a call whose per-call options cannot be sent; a call answered without a request
    /// (from a cache) checks them all the same, so that bad input never depends on the cache.
    pub fn check_options(&self) -> Result<()> {
        match &self.refused_option {
            Some(RefusedOption::Header(name)) => check_header_name("extra_headers", name),
            Some(RefusedOption::ConnectTimeout(reason)) => {
                Err(Error::validation("connect_timeout", reason.clone()))
            }
            None => Ok(()),
        }
    }

    /// Runs the retry loop: each attempt is sent, and its answer read by `read` (a success,
    /// whose body is not encoded) or turned into an error, all before the attempt's deadline.
    async fn with_retries<T, F, Fut>(&self, call: &Call, read: F) -> Result<T>
    where
        F: Fn(reqwest::Response, Instant) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        self.check_options()?;
        let max_retries = self.retry.max_retries;
        // One key for all attempts, so that a server can recognize a repeat of the same request.
        let idempotency_key = (call.method != Method::GET && max_retries > 0)
            .then(|| format!("chatwire-retry-{}", uuid::Uuid::new_v4()));
        if let Body::Json(body) = &call.body {
            tracing::trace!(
                target: "chatwire::http",
                client = self.client_id,
                operation = call.operation,
                body = %crate::log::redacted_json(body),
                "request body"
            );
        }
        let mut retry = 0;
        loop {
            let request = self.build(call, idempotency_key.as_deref())?;
            self.wait_for_slot(call).await;
            let started = Instant::now();
            let (answered, result) = self.attempt(request, &read).await;
            let error = match result {
                Ok(value) => {
                    self.log_attempt(call, retry, &answered, started, None);
                    return Ok(value);
                }
                Err(error) => error,
            };
            let no_headers = HeaderMap::new();
            let headers = answered.as_ref().map_or(&no_headers, |head| &head.headers);
            let delay = (retry < max_retries && error.is_retryable())
                .then(|| self.retry.delay_after(retry, headers, SystemTime::now()))
                .flatten();
            self.log_attempt(call, retry, &answered, started, Some((&error, delay)));
            let Some(delay) = delay else {
                return Err(error);
            };
            tokio::time::sleep(delay).await;
            retry += 1;
        }
    }

    /// With rate limits kept, waits until `call` may go out; every attempt counts.
    async fn wait_for_slot(&self, call: &Call) {
        let Some(limiter) = &self.rate_limiter else {
            return;
        };
        let waited = limiter.acquire(call.operation).await;
        if !waited.is_zero() {
            tracing::debug!(
                target: "chatwire::http",
                client = self.client_id,
                provider = self.provider,
                operation = call.operation,
                waited_ms = waited.as_millis() as u64,
                "waited for a rate-limit slot"
            );
        }
    }

    /// Whether the client keeps to rate limits.
    pub fn keeps_rate_limits(&self) -> bool {
        self.rate_limiter.is_some()
    }

    /// The client's retry policy, whose back-off a caller retrying by itself uses.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// One log line per attempt: what was asked, what came back, and the retry it leads to.
    /// The path is logged without its query, which can hold a key.
    fn log_attempt(
        &self,
        call: &Call,
        retry: u32,
        answered: &Option<ResponseHead>,
        started: Instant,
        failure: Option<(&Error, Option<Duration>)>,
    ) {
        let status = answered.as_ref().map(|head| head.status);
        let request_id = answered
            .as_ref()
            .and_then(|head| head.request_id.as_deref());
        let elapsed_ms = started.elapsed().as_millis() as u64;
        let error = failure.map(|(error, _)| error.to_string());
        let retry_in_ms = failure
            .and_then(|(_, delay)| delay)
            .map(|d| d.as_millis() as u64);
        let retry_reason = failure
            .filter(|(_, delay)| delay.is_some())
            .map(|(error, _)| crate::log::retry_reason(error));
        tracing::info!(
            target: "chatwire::http",
            client = self.client_id,
            provider = self.provider,
            operation = call.operation,
            method = %call.method,
            path = %call.path,
            attempt = retry + 1,
            status,
            elapsed_ms,
            request_id,
            error,
            retry_in_ms,
            retry_reason,
            "request"
        );
    }

    /// One attempt, within the request timeout: the head of the response, if one came (its
    /// headers may name a delay before the next attempt), and the value or error.
    async fn attempt<T, F, Fut>(
        &self,
        request: reqwest::RequestBuilder,
        read: &F,
    ) -> (Option<ResponseHead>, Result<T>)
    where
        F: Fn(reqwest::Response, Instant) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let timeout = self.timeouts.request;
        let deadline = deadline_after(timeout);
        let response = match tokio::time::timeout_at(deadline, request.send()).await {
            Err(_elapsed) => return (None, Err(Error::Timeout { after: timeout })),
            Ok(Err(error)) => return (None, Err(self.send_error(error))),
            Ok(Ok(response)) => response,
        };
        let head = ResponseHead::of(&response);
        if !response.status().is_success() {
            return (Some(head), Err(status_error(response, deadline).await));
        }
        if let Err(error) = refuse_encoded(&response) {
            return (Some(head), Err(error));
        }
        (Some(head), read(response, deadline).await)
    }

    fn send_error(&self, error: reqwest::Error) -> Error {
        if error.is_builder() {
            // Nothing could be sent, however often it is tried (a URL too long to be one).
            return Error::validation("request", describe(&error));
        }
        if error.is_timeout() {
            // Requests are timed by the retry loop, so reqwest's own timeout is the connect one.
            return Error::Timeout {
                after: self.timeouts.connect,
            };
        }
        Error::Connection {
            message: describe(&error),
            source: Some(Box::new(error.without_url())),
        }
    }

    fn build(&self, call: &Call, idempotency_key: Option<&str>) -> Result<reqwest::RequestBuilder> {
        let mut url = self
            .base_url
            .join(call.path.trim_start_matches('/'))
            .map_err(|e| Error::validation("base_url", e.to_string()))?;
        if !call.query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(call.query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        if url.as_str().len() > MAX_URL_LENGTH {
            return Err(Error::validation(
                "request",
                format!(
                    "its URL would be {} bytes long, over the {MAX_URL_LENGTH} an HTTP request line holds",
                    url.as_str().len()
                ),
            ));
        }
        let mut headers = self.headers.clone();
        headers.extend(call.headers.clone());
        if let Some(key) = idempotency_key {
            headers.insert(
                HeaderName::from_static("idempotency-key"),
                HeaderValue::from_str(key).expect("ASCII key"),
            );
        }
        let request = self.http.request(call.method.clone(), url).headers(headers);
        Ok(match &call.body {
            Body::None => request,
            Body::Json(value) => request.json(value),
            Body::Multipart(parts) => request.multipart(parts.form()?),
        })
    }
}

/// A JSON body as `T`, or a decode error that names `what` and carries the raw body.
pub(crate) fn decode_json<T: DeserializeOwned>(what: &str, body: &[u8]) -> Result<T> {
    serde_json::from_slice(body).map_err(|e| Error::decode(what, e, &String::from_utf8_lossy(body)))
}

fn body_error(error: reqwest::Error) -> Error {
    Error::Connection {
        message: format!("the response body broke off: {}", describe(&error)),
        source: Some(Box::new(error.without_url())),
    }
}

/// The innermost cause of a reqwest error, in words, without its URL (which may carry a key).
pub(crate) fn describe(error: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// The answer of a stream call, once it is known to be one: a body of another type is read
/// (in part, before `deadline`) into the error, for what it says.
async fn expect_event_stream(
    response: reqwest::Response,
    deadline: Instant,
) -> Result<reqwest::Response> {
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("text/event-stream") {
        return Ok(response);
    }
    let reason = format!("expected text/event-stream, got {content_type:?}");
    let (body, _) = read_capped(response, RAW_LIMIT, deadline).await;
    Err(Error::decode(
        "stream",
        reason,
        &String::from_utf8_lossy(&body),
    ))
}

/// Refuses a body sent with a content encoding: none is asked for (`Accept-Encoding:
/// identity`), and an encoded body read as it is would be garbage.
fn refuse_encoded(response: &reqwest::Response) -> Result<()> {
    match content_encoding(response) {
        None => Ok(()),
        Some(encoding) => Err(Error::decode(
            "response body",
            format!("it is {encoding}-encoded, which was not asked for and is not decoded"),
            "",
        )),
    }
}

/// The response's `Content-Encoding`, unless none or `identity`.
fn content_encoding(response: &reqwest::Response) -> Option<String> {
    let encoding = response.headers().get(CONTENT_ENCODING)?;
    let encoding = String::from_utf8_lossy(encoding.as_bytes())
        .trim()
        .to_owned();
    (!encoding.is_empty() && !encoding.eq_ignore_ascii_case("identity"))
        .then(|| truncate(&encoding, 64))
}

/// Up to `limit` bytes of the body, as many as come before `deadline`, and whether any were
/// left unread. A body that breaks off gives what came before.
async fn read_capped(
    mut response: reqwest::Response,
    limit: usize,
    deadline: Instant,
) -> (Vec<u8>, bool) {
    let mut body = Vec::new();
    while let Ok(Ok(Some(chunk))) = tokio::time::timeout_at(deadline, response.chunk()).await {
        let room = limit - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return (body, true);
        }
        body.extend_from_slice(&chunk);
    }
    (body, false)
}

/// The error a response of status other than 2xx stands for.
async fn status_error(response: reqwest::Response, deadline: Instant) -> Error {
    match response.status().as_u16() {
        // The redirects an HTTP client follows, which the redirect policy stopped.
        301 | 302 | 303 | 307 | 308 => redirect_error(&response),
        _ => api_error(response, deadline).await,
    }
}

/// A redirect the policy did not follow, and why.
fn redirect_error(response: &reqwest::Response) -> Error {
    let target = response
        .headers()
        .get(LOCATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|location| response.url().join(location).ok());
    let reason = match &target {
        None => RedirectRefusal::NoLocation,
        Some(target) if target.origin() != response.url().origin() => RedirectRefusal::OtherOrigin,
        Some(_) => RedirectRefusal::TooMany,
    };
    Error::Redirect {
        status: response.status().as_u16(),
        location: target.map_or_else(String::new, |target| shown_url(&target)),
        reason,
    }
}

/// `url` as an error may show it: without a query or fragment, which may echo a key (a
/// server's `Location` can repeat the request's query), and cut to a sane length.
fn shown_url(url: &Url) -> String {
    let mut shown = url.clone();
    let elided = shown.query().is_some() || shown.fragment().is_some();
    shown.set_query(None);
    shown.set_fragment(None);
    let mut shown = truncate(shown.as_str(), MESSAGE_LIMIT);
    if elided {
        shown.push_str("?…");
    }
    shown
}

/// Turns an error response into an [`ApiError`], whatever the provider's body shape:
/// `{"error": code, "message": …}`, `{"success": false, "error": …}`, `{"detail": code}`,
/// `{"error": "Unauthorized"}`, `{"error": {"code": …, "message": …}}`, or no body at all.
/// The body is read up to [`ERROR_BODY_LIMIT`] and until `deadline`, whichever comes first.
async fn api_error(response: reqwest::Response, deadline: Instant) -> Error {
    let status = response.status();
    let request_id = crate::response::request_id(response.headers());
    let retry_after = crate::retry::server_delay(response.headers(), SystemTime::now());
    let reason = status.canonical_reason().unwrap_or("error");
    let (code, message, body) = if let Some(encoding) = content_encoding(&response) {
        let message = format!("{reason} (its {encoding}-encoded body was not read)");
        (None, message, String::new())
    } else {
        let (body, cut) = read_capped(response, ERROR_BODY_LIMIT, deadline).await;
        let body = String::from_utf8_lossy(&body);
        let (code, message) = match cut {
            false => error_code_and_message(status, &body),
            true => (
                None,
                format!("{reason} (its body, over 64 KiB, was not read whole)"),
            ),
        };
        (code, message, truncate_raw(&body))
    };
    Error::from(ApiError {
        status: status.as_u16(),
        code: code.map(|code| truncate(&code, MESSAGE_LIMIT)),
        message: truncate(&message, MESSAGE_LIMIT),
        request_id,
        retry_after,
        body,
    })
}

/// The provider's code and message in an error body. The export's `detail` is a code
/// (`no_workspace`) or, when throttled, a sentence, which is then the message; a 429 without a
/// code is `rate_limited`, the code Mevichat documents for it.
pub(crate) fn error_code_and_message(status: StatusCode, body: &str) -> (Option<String>, String) {
    let reason = || status.canonical_reason().unwrap_or("error").to_owned();
    let default_code =
        || (status == StatusCode::TOO_MANY_REQUESTS).then(|| "rate_limited".to_owned());
    let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(body) else {
        return (default_code(), reason());
    };
    let text = |value: Option<&Value>| {
        value
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let detail = text(fields.get("detail"));
    let (detail_code, detail_message) = match detail {
        Some(detail) if detail.chars().any(char::is_whitespace) => (None, Some(detail)),
        detail => (detail, None),
    };
    let (code, nested_message) = match fields.get("error") {
        Some(Value::Object(inner)) => (
            text(inner.get("code")).or_else(|| text(inner.get("type"))),
            text(inner.get("message")),
        ),
        other => (
            text(other)
                .or(detail_code)
                .or_else(|| text(fields.get("code"))),
            None,
        ),
    };
    let message = nested_message
        .or_else(|| text(fields.get("message")))
        .or(detail_message)
        .or_else(|| code.clone())
        .unwrap_or_else(reason);
    (code.or_else(default_code), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_providers_error_body_gives_its_code_and_message() {
        let cases = [
            (
                401,
                r#"{"error":"invalid_api_key","message":"Key revoked or not found."}"#,
                Some("invalid_api_key"),
                "Key revoked or not found.",
            ),
            (
                401,
                r#"{"detail":"no_workspace"}"#,
                Some("no_workspace"),
                "no_workspace",
            ),
            (
                400,
                r#"{"success":false,"error":"invalid_request","message":"score must be 1-5"}"#,
                Some("invalid_request"),
                "score must be 1-5",
            ),
            (
                401,
                r#"{"error":"Unauthorized"}"#,
                Some("Unauthorized"),
                "Unauthorized",
            ),
            (
                429,
                r#"{"error":{"code":"rate_limited","message":"slow down"}}"#,
                Some("rate_limited"),
                "slow down",
            ),
            (
                429,
                r#"{"detail":"Request was throttled. Expected available in 2 seconds."}"#,
                Some("rate_limited"),
                "Request was throttled. Expected available in 2 seconds.",
            ),
            (429, "", Some("rate_limited"), "Too Many Requests"),
            (404, "", None, "Not Found"),
            (502, "<html>bad gateway</html>", None, "Bad Gateway"),
        ];
        for (status, body, code, message) in cases {
            let (got_code, got_message) =
                error_code_and_message(StatusCode::from_u16(status).unwrap(), body);
            assert_eq!(
                (got_code.as_deref(), got_message.as_str()),
                (code, message),
                "{body}"
            );
        }
    }
}
