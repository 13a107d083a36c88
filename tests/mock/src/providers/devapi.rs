//! The Developer API: chat (JSON or `event: message` / `event: end` SSE), usage and sessions.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::{
    api_error, bearer, optional_str, origin, rate_limited, required_str, timestamp, today,
    ClientIp, Provider, StreamContext,
};
use crate::fixtures::{ALLOWED_ORIGINS, DEVAPI_KEY, MODEL};
use crate::reply::{count_tokens, tokens};
use crate::server::AppState;
use crate::sse::{EventFormat, Frame, FrameKind};

/// Dollars per token, for the usage report.
const COST_PER_TOKEN: f64 = 0.000_01;
const PREVIEW_CHARS: usize = 25;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/chat", post(chat))
        .route("/api/v1/usage", get(usage))
        .route("/api/v1/sessions", get(sessions))
}

struct Session {
    session_id: String,
    last_at: String,
    total_tokens: u64,
    preview: String,
    messages: Vec<Value>,
}

#[derive(Default)]
struct Usage {
    requests: u64,
    input_tokens: u64,
    output_tokens: u64,
}

impl Usage {
    fn to_json(&self) -> Value {
        let total = self.input_tokens + self.output_tokens;
        json!({
            "total_requests": self.requests, "total_input_tokens": self.input_tokens,
            "total_output_tokens": self.output_tokens, "total_tokens": total,
            "total_cost": (total as f64 * COST_PER_TOKEN * 100.0).round() / 100.0,
        })
    }
}

#[derive(Default)]
pub(crate) struct Store {
    /// Most recently used last.
    sessions: Vec<Session>,
    usage: Usage,
    next_session: u64,
}

impl Store {
    fn new_session_id(&mut self) -> String {
        self.next_session += 1;
        // Six letters or digits, like the docs' `sess_9Rna21`.
        const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        let mut n = self.next_session.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let suffix: String = (0..6)
            .map(|_| {
                let c = ALPHABET[(n % 62) as usize] as char;
                n /= 62;
                c
            })
            .collect();
        format!("sess_{suffix}")
    }

    fn record(&mut self, session_id: &str, message: &str, reply: &str) {
        let (input, output) = (count_tokens(message), count_tokens(reply));
        self.usage.requests += 1;
        self.usage.input_tokens += input;
        self.usage.output_tokens += output;
        let index = self
            .sessions
            .iter()
            .position(|s| s.session_id == session_id);
        let mut session = match index {
            Some(index) => self.sessions.remove(index),
            None => Session {
                session_id: session_id.to_owned(),
                last_at: String::new(),
                total_tokens: 0,
                preview: String::new(),
                messages: Vec::new(),
            },
        };
        let now = timestamp();
        session.last_at = now.clone();
        session.total_tokens += input + output;
        session.preview = preview(reply);
        session
            .messages
            .push(json!({ "role": "user", "content": message, "created_at": now }));
        session
            .messages
            .push(json!({ "role": "assistant", "content": reply, "created_at": now }));
        self.sessions.push(session);
    }
}

fn preview(reply: &str) -> String {
    if reply.chars().count() <= PREVIEW_CHARS {
        return reply.to_owned();
    }
    let cut: String = reply.chars().take(PREVIEW_CHARS).collect();
    // End on a whole word, as the docs' "Hi there! I read through..." does.
    let whole_words = match reply[cut.len()..].starts_with(char::is_whitespace) {
        true => cut.as_str(),
        false => cut
            .rsplit_once(char::is_whitespace)
            .map_or(cut.as_str(), |(head, _)| head),
    };
    format!("{}...", whole_words.trim_end())
}

struct DevApiFormat;

impl EventFormat for DevApiFormat {
    fn token(&self, text: &str) -> Frame {
        Frame::json(
            FrameKind::Token,
            Some("message"),
            &json!({ "content": text }),
        )
    }

    fn unknown(&self) -> Frame {
        Frame::json(FrameKind::Other, Some("usage"), &json!({ "tokens": 3 }))
    }
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    api_error(Provider::DevApi, status, code, message)
}

fn invalid(message: &str) -> Response {
    error(StatusCode::BAD_REQUEST, "invalid_request", message)
}

/// The rate limit, the key (bearer header first, then the request's `api_key`) and the origin.
fn admit(
    state: &AppState,
    ip: &str,
    headers: &HeaderMap,
    api_key: Option<&str>,
) -> Result<(), Response> {
    if let Err(wait) = state.limits().check("devapi", ip) {
        return Err(rate_limited(Provider::DevApi, wait));
    }
    if bearer(headers).or(api_key) != Some(DEVAPI_KEY) {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "invalid_api_key",
            "API key is missing or invalid.",
        ));
    }
    if origin(headers).is_some_and(|o| !ALLOWED_ORIGINS.contains(&o)) {
        return Err(error(
            StatusCode::FORBIDDEN,
            "origin_not_allowed",
            "Origin is not allowed for this key.",
        ));
    }
    Ok(())
}

async fn chat(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    stream: StreamContext,
    body: Bytes,
) -> Response {
    let Some(body) = super::parse_object(&body) else {
        return invalid("Body must be a JSON object.");
    };
    let Ok(api_key) = optional_str(&body, "api_key") else {
        return invalid("api_key must be a string.");
    };
    try_response!(admit(&state, &ip, &headers, api_key));
    let Some(message) = required_str(&body, "message") else {
        return invalid("message is required.");
    };
    let Ok(session_id) = optional_str(&body, "session_id") else {
        return invalid("session_id must be a string.");
    };
    let streaming = match body.get("stream") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return invalid("stream must be a boolean."),
    };

    let reply = stream.reply(message);
    let session_id = {
        let mut store = state.devapi.lock().unwrap();
        let session_id = match session_id.filter(|s| !s.is_empty()) {
            Some(id) => id.to_owned(),
            None => store.new_session_id(),
        };
        store.record(&session_id, message, &reply.text);
        session_id
    };
    if !streaming {
        return Json(json!({ "success": true, "session_id": session_id, "content": reply.text }))
            .into_response();
    }
    let mut frames: Vec<Frame> = tokens(&reply.text)
        .into_iter()
        .map(|t| DevApiFormat.token(t))
        .collect();
    frames.push(Frame::json(
        FrameKind::Terminal,
        Some("end"),
        &json!({ "session_id": session_id }),
    ));
    stream.respond(frames, &DevApiFormat)
}

/// A `YYYY-MM-DD` date.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

async fn usage(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    try_response!(admit(
        &state,
        &ip,
        &headers,
        query.get("api_key").map(String::as_str)
    ));
    let start = query.get("start_date");
    let end = query.get("end_date");
    if [start, end].into_iter().flatten().any(|d| !is_date(d)) {
        return invalid("start_date and end_date must be YYYY-MM-DD.");
    }
    // Every request the mock counted happened today.
    let today = today();
    let in_range = start.is_none_or(|s| *s <= today) && end.is_none_or(|e| *e >= today);
    let store = state.devapi.lock().unwrap();
    let empty = Usage::default();
    let usage = if in_range { &store.usage } else { &empty };
    let by_model: Vec<Value> = if usage.requests == 0 {
        Vec::new()
    } else {
        let mut entry = usage.to_json();
        entry["model"] = Value::String(MODEL.to_owned());
        vec![entry]
    };
    Json(json!({ "success": true, "usage": usage.to_json(), "by_model": by_model })).into_response()
}

async fn sessions(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    try_response!(admit(
        &state,
        &ip,
        &headers,
        query.get("api_key").map(String::as_str)
    ));
    let include_all = match query.get("include_all").map(String::as_str) {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return invalid("include_all must be true or false."),
    };
    let number = |name: &str, default: usize| match query.get(name) {
        None => Some(default),
        Some(text) => text.parse::<usize>().ok(),
    };
    let Some(page) = number("page", 1).filter(|p| *p >= 1) else {
        return invalid("page must be an integer from 1.");
    };
    let Some(per_page) = number("per_page", 20).filter(|p| (1..=100).contains(p)) else {
        return invalid("per_page must be an integer from 1 to 100.");
    };
    let store = state.devapi.lock().unwrap();
    let skip = (page - 1).saturating_mul(per_page);
    let items: Vec<Value> = store
        .sessions
        .iter()
        .rev()
        .skip(skip)
        .take(per_page)
        .map(|s| {
            let mut item = json!({
                "session_id": s.session_id, "last_at": s.last_at,
                "total_tokens": s.total_tokens, "preview": s.preview,
            });
            if include_all {
                item["messages"] = Value::Array(s.messages.clone());
            }
            item
        })
        .collect();
    let has_more = store.sessions.len() > skip.saturating_add(per_page);
    Json(json!({
        "success": true,
        "sessions": items,
        "meta": { "current_page": page, "per_page": per_page, "has_more": has_more },
    }))
    .into_response()
}
