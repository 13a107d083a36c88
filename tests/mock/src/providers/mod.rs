//! The four APIs, shaped alike: each module has a `Store` of its state, a `routes()` router, and
//! an [`EventFormat`](crate::sse::EventFormat) for its stream. What they share lives here: error
//! bodies, request helpers, and the extractors handlers take.

pub(crate) mod devapi;
pub(crate) mod mevichat;
pub(crate) mod vexar;
pub(crate) mod widgetkey;

use std::time::{Duration, SystemTime};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use crate::faults::FaultKind;
use crate::fixtures::ALLOWED_ORIGINS;
use crate::log::RequestLog;
use crate::server::{AppState, Connection};
use crate::sse::{self, EventFormat, Frame};

/// Which API (and, for Mevichat, which error family) a path belongs to; it decides the shape
/// of error bodies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Provider {
    /// Mevichat chat and widget config: `{"error": code, "message": text}`.
    Mevichat,
    /// Mevichat export: `{"detail": code}`, and a 404 with no body.
    MevichatExport,
    /// Vexar: `{"success": false, "error": code, "message": text}`.
    Vexar,
    /// Developer API: as Vexar.
    DevApi,
    /// Widget-key API: `{"error": text}` with fixed texts.
    WidgetKey,
}

impl Provider {
    pub fn of_path(path: &str) -> Option<Self> {
        if path.starts_with("/api/conversations/") {
            Some(Self::MevichatExport)
        } else if path.starts_with("/api/chat/") || path.starts_with("/api/widget/") {
            Some(Self::Mevichat)
        } else if path.starts_with("/api/v1/chat/") {
            Some(Self::Vexar)
        } else if path.starts_with("/api/v1/") {
            Some(Self::DevApi)
        } else if path.starts_with("/v1/") {
            Some(Self::WidgetKey)
        } else {
            None
        }
    }

    /// The code this API uses for a status when nothing more precise is known.
    fn default_code(self, status: StatusCode) -> &'static str {
        match status.as_u16() {
            400 if self == Self::Mevichat => "invalid_message",
            400 => "invalid_request",
            401 if self == Self::MevichatExport => "authentication_required",
            401 if self == Self::Vexar => "invalid_site_key",
            401 => "invalid_api_key",
            403 => "origin_not_allowed",
            404 => "not_found",
            405 => "method_not_allowed",
            408 => "request_timeout",
            409 => "conflict",
            429 => "rate_limited",
            503 => "service_unavailable",
            _ => "internal_error",
        }
    }
}

/// An error response in `api`'s own body shape.
pub(crate) fn api_error(api: Provider, status: StatusCode, code: &str, message: &str) -> Response {
    let body = match api {
        Provider::Mevichat => json!({ "error": code, "message": message }),
        Provider::MevichatExport if status == StatusCode::NOT_FOUND => {
            return status.into_response()
        }
        Provider::MevichatExport => json!({ "detail": code }),
        Provider::Vexar | Provider::DevApi => {
            json!({ "success": false, "error": code, "message": message })
        }
        Provider::WidgetKey => json!({ "error": widgetkey_text(status) }),
    };
    (status, Json(body)).into_response()
}

/// The widget-key API's documented error texts.
fn widgetkey_text(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "Invalid request payload",
        401 => "Unauthorized",
        429 => "Too many requests",
        _ => "Internal server error",
    }
}

/// A `429` in `api`'s shape with `Retry-After` set to the whole seconds left in the window.
pub(crate) fn rate_limited(api: Provider, wait: Duration) -> Response {
    let seconds = wait.as_millis().div_ceil(1000).max(1);
    let mut response = if api == Provider::MevichatExport {
        let detail = format!("Request was throttled. Expected available in {seconds} seconds.");
        (
            StatusCode::TOO_MANY_REQUESTS,
            Json(json!({ "detail": detail })),
        )
            .into_response()
    } else {
        api_error(
            api,
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "Rate limit exceeded.",
        )
    };
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds as u64));
    response
}

/// The answer to a scripted `status` fault.
pub(crate) fn fault_status(path: &str, fault: &FaultKind) -> Response {
    let FaultKind::Status {
        status,
        retry_after,
        retry_after_ms,
        body,
    } = fault
    else {
        unreachable!("fault_status takes status faults only")
    };
    let status = StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let api = Provider::of_path(path).unwrap_or(Provider::Mevichat);
    let mut response = match body {
        Some(body) => (status, Json(body.clone())).into_response(),
        None => api_error(api, status, api.default_code(status), "Scripted fault."),
    };
    let headers = response.headers_mut();
    if let Some(value) = retry_after
        .as_deref()
        .and_then(|v| HeaderValue::from_str(v).ok())
    {
        headers.insert(header::RETRY_AFTER, value);
    }
    if let Some(ms) = retry_after_ms {
        headers.insert("retry-after-ms", HeaderValue::from(*ms));
    }
    response
}

/// The body as a JSON object, or `None` when it is not one.
pub(crate) fn parse_object(body: &[u8]) -> Option<Map<String, Value>> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    }
}

/// A field that, when present, must be a string: `Ok(None)` when absent, `Err` when of another
/// type.
pub(crate) fn optional_str<'a>(
    map: &'a Map<String, Value>,
    name: &str,
) -> Result<Option<&'a str>, ()> {
    match map.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(()),
    }
}

/// A required, non-empty string field.
pub(crate) fn required_str<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    map.get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// The `Origin` header, if any.
pub(crate) fn origin(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::ORIGIN).and_then(|v| v.to_str().ok())
}

pub(crate) fn origin_allowed(origin: Option<&str>) -> bool {
    origin.is_some_and(|o| ALLOWED_ORIGINS.contains(&o))
}

/// The token of an `Authorization: Bearer` header.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// A header's value as text.
pub(crate) fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Now, as RFC 3339 with microseconds.
pub(crate) fn timestamp() -> String {
    humantime::format_rfc3339_micros(SystemTime::now()).to_string()
}

/// Today, as `YYYY-MM-DD`.
pub(crate) fn today() -> String {
    timestamp()[..10].to_owned()
}

/// The client's IP address, the subject of per-IP rate limits.
pub(crate) struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<Connection>()
            .map(|c| c.peer.ip().to_string());
        Ok(Self(ip.unwrap_or_default()))
    }
}

/// What a streaming handler needs to answer: the stream fault the request drew (if any), the
/// token pacing, and its request log entry.
pub(crate) struct StreamContext {
    fault: Option<FaultKind>,
    token_delay: Duration,
    log: RequestLog,
    log_id: u64,
}

/// The id of a request's log entry, set by the observing middleware.
#[derive(Clone, Copy)]
pub(crate) struct LogId(pub u64);

impl FromRequestParts<AppState> for StreamContext {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Self {
            fault: parts.extensions.remove::<FaultKind>(),
            token_delay: state.token_delay(),
            log: state.log.clone(),
            log_id: parts.extensions.get::<LogId>().map_or(0, |id| id.0),
        })
    }
}

impl StreamContext {
    /// The reply to `message`, or the long reply a load script asked for.
    pub fn reply(&self, message: &str) -> crate::reply::Reply {
        match self.fault {
            Some(FaultKind::LongReply { tokens }) => crate::reply::long(tokens),
            _ => crate::reply::answer(message),
        }
    }

    /// Streams `frames` in `format`, with this request's fault applied.
    pub fn respond(self, frames: Vec<Frame>, format: &dyn EventFormat) -> Response {
        let progress = self.log.stream_progress(self.log_id);
        let mut response = sse::respond(frames, format, self.fault, self.token_delay, progress);
        response.extensions_mut().insert(sse::SseResponse);
        response
    }
}
