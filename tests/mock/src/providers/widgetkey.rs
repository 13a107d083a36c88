//! The widget-key API: `POST /v1/chat` (JSON) and `POST /v1/chat/stream` (SSE, format undocumented).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::{api_error, header_str, rate_limited, ClientIp, Provider, StreamContext};
use crate::fixtures::WIDGET_KEY;
use crate::reply::tokens;
use crate::server::AppState;
use crate::sse::{EventFormat, Frame, FrameKind};

const MAX_MESSAGE_CHARS: usize = 4000;
const MAX_SESSION_ID_CHARS: usize = 128;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/chat", post(chat))
        .route("/v1/chat/stream", post(chat_stream))
}

/// The conversation id of each session seen. No widget-key endpoint reads history back.
#[derive(Default)]
pub(crate) struct Store {
    conversations: HashMap<String, String>,
}

impl Store {
    fn conversation_id(&mut self, session_id: &str) -> String {
        self.conversations
            .entry(session_id.to_owned())
            .or_insert_with(|| conversation_id(session_id))
            .clone()
    }
}

/// A stable 32-character id for a session, in the alphabet of the docs' example.
fn conversation_id(session_id: &str) -> String {
    const ALPHABET: &[u8] = b"0123456789abcdefghjkmnpqrstvwxyz";
    // FNV-1a, then a xorshift to spread the bits over 32 characters.
    let mut state = session_id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    (0..32)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            ALPHABET[(state % 32) as usize] as char
        })
        .collect()
}

struct WidgetKeyFormat;

impl EventFormat for WidgetKeyFormat {
    fn token(&self, text: &str) -> Frame {
        Frame::json(FrameKind::Token, Some("delta"), &json!({ "content": text }))
    }

    fn unknown(&self) -> Frame {
        Frame::json(
            FrameKind::Other,
            Some("tool_call"),
            &json!({ "name": "lookup" }),
        )
    }
}

fn fail(status: StatusCode) -> Response {
    api_error(Provider::WidgetKey, status, "", "")
}

fn is_session_id(text: &str) -> bool {
    (1..=MAX_SESSION_ID_CHARS).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._:-".contains(&b))
}

/// The checked `(sessionId, message)` of a chat request, after the rate limit and the key.
fn admit<'a>(
    state: &AppState,
    ip: &str,
    headers: &HeaderMap,
    body: &'a Option<serde_json::Map<String, Value>>,
) -> Result<(&'a str, &'a str), Response> {
    if let Err(wait) = state.limits().check("widgetkey_chat", ip) {
        return Err(rate_limited(Provider::WidgetKey, wait));
    }
    let key = header_str(headers, "x-api-key").or_else(|| header_str(headers, "x-widget-api-key"));
    if key != Some(WIDGET_KEY) {
        return Err(fail(StatusCode::UNAUTHORIZED));
    }
    let field = |name| body.as_ref()?.get(name)?.as_str();
    match (field("sessionId"), field("message")) {
        (Some(session_id), Some(message))
            if is_session_id(session_id)
                && (1..=MAX_MESSAGE_CHARS).contains(&message.chars().count()) =>
        {
            Ok((session_id, message))
        }
        _ => Err(fail(StatusCode::BAD_REQUEST)),
    }
}

async fn chat(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = super::parse_object(&body);
    let (session_id, message) = try_response!(admit(&state, &ip, &headers, &body));
    let reply = crate::reply::answer(message);
    let conversation_id = state.widgetkey.lock().unwrap().conversation_id(session_id);
    Json(json!({ "conversationId": conversation_id, "message": reply.text })).into_response()
}

async fn chat_stream(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    stream: StreamContext,
    body: Bytes,
) -> Response {
    let body = super::parse_object(&body);
    let (session_id, message) = try_response!(admit(&state, &ip, &headers, &body));
    let reply = stream.reply(message);
    let conversation_id = state.widgetkey.lock().unwrap().conversation_id(session_id);
    let mut frames: Vec<Frame> = tokens(&reply.text)
        .into_iter()
        .map(|t| WidgetKeyFormat.token(t))
        .collect();
    frames.push(Frame::json(
        FrameKind::Terminal,
        Some("done"),
        &json!({ "conversationId": conversation_id, "message": reply.text }),
    ));
    stream.respond(frames, &WidgetKeyFormat)
}
