//! The HTTP layer every provider client sends through: base URL, default headers, timeouts, the
//! retry loop, and the turning of error responses into [`ApiError`]s.

use std::future::Future;
use std::time::{Duration, SystemTime};

use http::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use http::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

use crate::error::{truncate_raw, ApiError, Error, Result};
use crate::retry::RetryPolicy;
use crate::stream::{EventStream, ProviderEvents};

/// The timeouts of a client or of one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// To open the TCP (and TLS) connection. Set on the HTTP client, so per client only.
    pub connect: Duration,
    /// For a whole non-streaming request, and for a stream's response headers.
    pub request: Duration,
    /// Between two events of a stream; comments and keep-alives do not reset it.
    pub idle: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(5),
            request: Duration::from_secs(600),
            idle: Duration::from_secs(60),
        }
    }
}

/// Settings for one call, over the client's.
#[derive(Clone, Debug, Default)]
pub struct RequestOptions {
    /// Replaces the client's request timeout.
    pub timeout: Option<Duration>,
    /// Replaces the client's idle timeout (streams).
    pub idle_timeout: Option<Duration>,
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

    /// With an idle timeout between stream events.
    pub fn idle_timeout(mut self, idle: Duration) -> Self {
        self.idle_timeout = Some(idle);
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
    http: reqwest::Client,
    base_url: Url,
    headers: HeaderMap,
    timeouts: Timeouts,
    retry: RetryPolicy,
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
    pub method: Method,
    pub path: String,
    pub query: Vec<(&'static str, String)>,
    pub headers: HeaderMap,
    pub body: Body,
}

impl Call {
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Self {
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
        http: reqwest::Client,
        base_url: Url,
        headers: HeaderMap,
        timeouts: Timeouts,
        retry: RetryPolicy,
    ) -> Self {
        Self {
            http,
            base_url,
            headers,
            timeouts,
            retry,
        }
    }

    /// A copy with `options` over this transport's settings.
    pub fn with_options(&self, options: &RequestOptions) -> Self {
        let mut copy = self.clone();
        copy.timeouts.request = options.timeout.unwrap_or(copy.timeouts.request);
        copy.timeouts.idle = options.idle_timeout.unwrap_or(copy.timeouts.idle);
        copy.retry.max_retries = options.max_retries.unwrap_or(copy.retry.max_retries);
        copy.headers.extend(options.headers.clone());
        copy
    }

    /// Sends `call` and decodes its JSON answer.
    pub async fn json<T: DeserializeOwned>(&self, call: Call) -> Result<T> {
        let (body, _) = self.bytes(call).await?;
        decode_json("response body", &body)
    }

    /// Sends `call` and answers the response's headers and raw body.
    pub async fn bytes(&self, call: Call) -> Result<(bytes::Bytes, HeaderMap)> {
        self.with_retries(&call, |response| async move {
            let headers = response.headers().clone();
            let body = response.bytes().await.map_err(body_error)?;
            Ok((body, headers))
        })
        .await
    }

    /// Opens an event stream. Retries happen only until the stream is open; once the server has
    /// answered 200, nothing is sent again.
    pub async fn stream<P: ProviderEvents>(&self, call: Call, events: P) -> Result<EventStream<P>> {
        let idle = self.timeouts.idle;
        let response = self
            .with_retries(&call, |response| async move { Ok(response) })
            .await?;
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !content_type.starts_with("text/event-stream") {
            let content_type = content_type.to_owned();
            let body = response.text().await.unwrap_or_default();
            return Err(Error::decode(
                "stream",
                format!("expected text/event-stream, got {content_type:?}"),
                &body,
            ));
        }
        Ok(EventStream::new(response, events, idle))
    }

    /// Runs the retry loop: each attempt is sent (within the request timeout, together with
    /// `read`, which consumes a successful response); error statuses become [`ApiError`]s.
    async fn with_retries<T, F, Fut>(&self, call: &Call, read: F) -> Result<T>
    where
        F: Fn(reqwest::Response) -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let timeout = self.timeouts.request;
        let max_retries = self.retry.max_retries;
        // One key for all attempts, so that a server can recognize a repeat of the same request.
        let idempotency_key = (call.method != Method::GET && max_retries > 0)
            .then(|| format!("chatwire-retry-{}", uuid::Uuid::new_v4()));
        let mut retry = 0;
        loop {
            let request = self.build(call, idempotency_key.as_deref())?;
            let attempt = tokio::time::timeout(timeout, async {
                let response = request.send().await.map_err(|e| self.send_error(e))?;
                if response.status().is_success() {
                    return read(response).await.map(Ok);
                }
                Ok(Err(response))
            })
            .await;
            let (error, headers) = match attempt {
                Err(_elapsed) => (Error::Timeout { after: timeout }, HeaderMap::new()),
                Ok(Ok(Ok(value))) => return Ok(value),
                Ok(Ok(Err(response))) => {
                    let headers = response.headers().clone();
                    (api_error(response).await, headers)
                }
                Ok(Err(error)) => (error, HeaderMap::new()),
            };
            if retry >= max_retries || !error.is_retryable() {
                return Err(error);
            }
            let Some(delay) = self.retry.delay_after(retry, &headers, SystemTime::now()) else {
                return Err(error);
            };
            tokio::time::sleep(delay).await;
            retry += 1;
        }
    }

    fn send_error(&self, error: reqwest::Error) -> Error {
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

/// Turns an error response into an [`ApiError`], whatever the provider's body shape:
/// `{"error": code, "message": …}`, `{"success": false, "error": …}`, `{"detail": code}`,
/// `{"error": "Unauthorized"}`, `{"error": {"code": …, "message": …}}`, or no body at all.
async fn api_error(response: reqwest::Response) -> Error {
    let status = response.status();
    let request_id = ["x-request-id", "request-id"]
        .iter()
        .find_map(|name| response.headers().get(*name))
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = response.text().await.unwrap_or_default();
    let (code, message) = error_code_and_message(status, &body);
    Error::from(ApiError {
        status: status.as_u16(),
        code,
        message,
        request_id,
        body: truncate_raw(&body),
    })
}

pub(crate) fn error_code_and_message(status: StatusCode, body: &str) -> (Option<String>, String) {
    let reason = || status.canonical_reason().unwrap_or("error").to_owned();
    let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(body) else {
        return (None, reason());
    };
    let text = |value: Option<&Value>| {
        value
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let (code, nested_message) = match fields.get("error") {
        Some(Value::Object(inner)) => (
            text(inner.get("code")).or_else(|| text(inner.get("type"))),
            text(inner.get("message")),
        ),
        other => (
            text(other)
                .or_else(|| text(fields.get("detail")))
                .or_else(|| text(fields.get("code"))),
            None,
        ),
    };
    let message = nested_message
        .or_else(|| text(fields.get("message")))
        .or_else(|| code.clone())
        .unwrap_or_else(reason);
    (code, message)
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
