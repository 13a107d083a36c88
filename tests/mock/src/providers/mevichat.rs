//! Mevichat: `POST /api/chat/` (named SSE events), `GET /api/widget/config/`, and the JWT export.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::{
    api_error, optional_str, origin, origin_allowed, rate_limited, timestamp, ClientIp, Provider,
    StreamContext,
};
use crate::fixtures::{self, BLOCKED_WORD, MODEL, SEEDED_SESSION_ID};
use crate::reply::{count_tokens, tokens};
use crate::server::AppState;
use crate::sse::{EventFormat, Frame, FrameKind};

const MAX_MESSAGE_CHARS: usize = 4000;
const WORKSPACE: &str = "ws_demo";

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/chat/", post(chat).fallback(method_not_allowed))
        .route(
            "/api/widget/config/",
            get(widget_config).fallback(method_not_allowed),
        )
        .route(
            "/api/conversations/{session_id}/export.json",
            get(export).fallback(method_not_allowed),
        )
}

/// A stored conversation, as the export shows it.
struct Session {
    workspace: &'static str,
    fields: Map<String, Value>,
    messages: Vec<Value>,
}

pub(crate) struct Store {
    sessions: HashMap<String, Session>,
    next_message_id: u64,
}

impl Default for Store {
    fn default() -> Self {
        let seeded: Value =
            serde_json::from_str(SEEDED_TRANSCRIPT).expect("seed transcript is JSON");
        let Value::Object(mut seeded) = seeded else {
            unreachable!()
        };
        let Some(Value::Object(fields)) = seeded.remove("session") else {
            unreachable!()
        };
        let Some(Value::Array(messages)) = seeded.remove("messages") else {
            unreachable!()
        };
        let session = Session {
            workspace: WORKSPACE,
            fields,
            messages,
        };
        Self {
            sessions: HashMap::from([(SEEDED_SESSION_ID.to_owned(), session)]),
            next_message_id: 128_474,
        }
    }
}

/// The export example of the docs, seeded so that an export works before any chat.
const SEEDED_TRANSCRIPT: &str = r#"{
  "session": {
    "id": "5f3e8c7c-5d4a-4a91-9a4e-c9a7e6d2b0f1", "bot_slug": "support", "source": "widget",
    "visitor_id": "user-1842", "visitor_metadata": {"plan": "enterprise"},
    "referrer": "https://example.com/pricing", "user_agent": "Mozilla/5.0 ...",
    "started_at": "2026-04-01T14:22:08.123456+00:00", "last_activity_at": "2026-04-01T14:27:51.992311+00:00"
  },
  "messages": [
    {"id": "128472", "role": "user", "content": "What is your refund policy?", "rating": "", "model": "",
     "tokens_in": 0, "tokens_out": 0, "latency_ms": 0, "status": "done", "error_message": "",
     "rag_chunks_used": [], "tools_called": [], "created_at": "2026-04-01T14:22:08.456789+00:00"},
    {"id": "128473", "role": "assistant", "content": "Our refund policy is 30 days from purchase.",
     "rating": "up", "model": "anthropic:claude-haiku-4-5", "tokens_in": 184, "tokens_out": 47,
     "latency_ms": 1823, "status": "done", "error_message": "", "rag_chunks_used": [41, 42],
     "tools_called": [], "created_at": "2026-04-01T14:22:10.511223+00:00"}
  ]
}"#;

struct MevichatFormat;

impl EventFormat for MevichatFormat {
    fn token(&self, text: &str) -> Frame {
        Frame::json(FrameKind::Token, Some("token"), &json!({ "text": text }))
    }

    fn unknown(&self) -> Frame {
        Frame::json(
            FrameKind::Other,
            Some("citation"),
            &json!({ "source": "kb:41" }),
        )
    }
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    api_error(Provider::Mevichat, status, code, message)
}

async fn method_not_allowed() -> Response {
    error(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "Only the documented method is accepted.",
    )
}

/// Whether the key exists; every existing fixture key may chat.
fn key_is_valid(key: &str) -> bool {
    [
        fixtures::MEVICHAT_PUBLIC_KEY,
        fixtures::MEVICHAT_QUOTA_KEY,
        fixtures::MEVICHAT_LLM_ERROR_KEY,
    ]
    .contains(&key)
}

/// A hyphenated UUID, the only form the API takes.
pub(crate) fn is_uuid(text: &str) -> bool {
    text.len() == 36 && uuid::Uuid::try_parse(text).is_ok()
}

/// The checked fields of a chat request.
struct ChatRequest<'a> {
    public_key: &'a str,
    session_id: &'a str,
    message: &'a str,
    visitor_id: Option<&'a str>,
    visitor_metadata: Option<&'a Map<String, Value>>,
}

fn validate(body: &Map<String, Value>) -> Result<ChatRequest<'_>, Response> {
    let missing = || {
        error(
            StatusCode::BAD_REQUEST,
            "invalid_message",
            "Missing public_key, session_id, or message.",
        )
    };
    let field = |name| {
        body.get(name)
            .and_then(Value::as_str)
            .filter(|s: &&str| !s.is_empty())
    };
    let (Some(public_key), Some(session_id), Some(message)) =
        (field("public_key"), field("session_id"), field("message"))
    else {
        return Err(missing());
    };
    let visitor_id = optional_str(body, "visitor_id").map_err(|_| missing())?;
    let visitor_metadata = match body.get("visitor_metadata") {
        None | Some(Value::Null) => None,
        Some(Value::Object(map)) => Some(map),
        Some(_) => return Err(missing()),
    };
    if message.chars().count() > MAX_MESSAGE_CHARS {
        return Err(error(
            StatusCode::BAD_REQUEST,
            "message_too_long",
            "message exceeds 4000 characters.",
        ));
    }
    if !is_uuid(session_id) {
        return Err(error(
            StatusCode::BAD_REQUEST,
            "invalid_session_id",
            "session_id is not a UUID.",
        ));
    }
    Ok(ChatRequest {
        public_key,
        session_id,
        message,
        visitor_id,
        visitor_metadata,
    })
}

fn check_key_and_origin(key: &str, headers: &HeaderMap) -> Result<(), Response> {
    if !key_is_valid(key) {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "invalid_api_key",
            "Key revoked or not found.",
        ));
    }
    if !origin_allowed(origin(headers)) {
        return Err(error(
            StatusCode::FORBIDDEN,
            "origin_not_allowed",
            "Request Origin isn't in the key's whitelist.",
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
    if let Err(wait) = state.limits().check("mevichat_chat", &ip) {
        return rate_limited(Provider::Mevichat, wait);
    }
    let Some(body) = super::parse_object(&body) else {
        return error(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            "Body is not valid JSON.",
        );
    };
    let request = match validate(&body) {
        Ok(request) => request,
        Err(response) => return response,
    };
    if let Err(response) = check_key_and_origin(request.public_key, &headers) {
        return response;
    }

    let reply = stream.reply(request.message);
    let tokens_in = count_tokens(request.message);
    let message_id = state.mevichat.lock().unwrap().take_message_ids();
    let outcome = turn_outcome(request.public_key, request.message);
    let mut frames = vec![Frame::json(
        FrameKind::Lead,
        Some("meta"),
        &json!({ "session_id": request.session_id, "message_id": message_id }),
    )];
    let (finish_reason, tokens_out, assistant_text, status, error_message) = match &outcome {
        TurnOutcome::Answer => {
            let parts = tokens(&reply.text);
            frames.extend(parts.iter().map(|t| MevichatFormat.token(t)));
            (
                "stop",
                parts.len() as u64,
                reply.text.clone(),
                "done",
                String::new(),
            )
        }
        TurnOutcome::Blocked { fallback } => {
            frames.push(Frame::json(
                FrameKind::Other,
                Some("blocked"),
                &json!({ "reason": "blocked_pattern", "fallback": fallback }),
            ));
            (
                "blocked",
                0,
                (*fallback).to_owned(),
                "blocked",
                String::new(),
            )
        }
        TurnOutcome::Failed {
            finish_reason,
            error,
        } => {
            frames.push(Frame::json(FrameKind::Other, Some("error"), error));
            let message = error["message"].as_str().unwrap_or_default().to_owned();
            (*finish_reason, 0, String::new(), "error", message)
        }
    };
    let latency_ms = latency_of(tokens_out);
    frames.push(Frame::json(
        FrameKind::Terminal,
        Some("done"),
        &json!({
            "finish_reason": finish_reason, "tokens_in": tokens_in, "tokens_out": tokens_out,
            "latency_ms": latency_ms, "model": MODEL,
        }),
    ));

    let turn = Turn {
        message_id,
        user_text: request.message,
        assistant: assistant_fields(
            &assistant_text,
            tokens_in,
            tokens_out,
            status,
            &error_message,
            &reply.chunks,
        ),
    };
    state
        .mevichat
        .lock()
        .unwrap()
        .record(&request, &headers, turn);
    stream.respond(frames, &MevichatFormat)
}

enum TurnOutcome {
    Answer,
    Blocked {
        fallback: &'static str,
    },
    Failed {
        finish_reason: &'static str,
        error: Value,
    },
}

fn turn_outcome(key: &str, message: &str) -> TurnOutcome {
    match key {
        fixtures::MEVICHAT_QUOTA_KEY => TurnOutcome::Failed {
            finish_reason: "quota_exceeded",
            error: json!({
                "code": "quota_exceeded", "plan": "free", "used": 100, "cap": 100,
                "message": "Monthly message quota reached. Upgrade your plan to continue.",
            }),
        },
        fixtures::MEVICHAT_LLM_ERROR_KEY => TurnOutcome::Failed {
            finish_reason: "error",
            error: json!({
                "code": "provider_auth_failed",
                "message": "The LLM provider rejected the workspace's credentials.",
            }),
        },
        _ if message.to_lowercase().contains(BLOCKED_WORD) => TurnOutcome::Blocked {
            fallback: "I can't help with that.",
        },
        _ => TurnOutcome::Answer,
    }
}

/// One exchange to store: the user's message and the assistant's fields.
struct Turn<'a> {
    message_id: u64,
    user_text: &'a str,
    assistant: Value,
}

/// The latency a turn reports: a fixed start, then a pace per token.
fn latency_of(tokens_out: u64) -> u64 {
    120 + 15 * tokens_out
}

/// The assistant's side of a stored turn, over the message template.
fn assistant_fields(
    content: &str,
    tokens_in: u64,
    tokens_out: u64,
    status: &str,
    error_message: &str,
    chunks: &[u32],
) -> Value {
    json!({
        "content": content, "model": MODEL, "tokens_in": tokens_in, "tokens_out": tokens_out,
        "latency_ms": latency_of(tokens_out), "status": status, "error_message": error_message,
        "rag_chunks_used": chunks,
    })
}

/// The message a seeded session's visitor sent.
const SEED_MESSAGE: &str = "What is your refund policy?";

impl Store {
    /// The ids of a turn's two messages: the user's, then the assistant's (the next one).
    fn take_message_ids(&mut self) -> u64 {
        let message_id = self.next_message_id;
        self.next_message_id += 2;
        message_id
    }

    /// Gives each session one answered exchange, as a chat with the fixture key and no visitor
    /// fields or headers would; answers how many of the sessions are new.
    pub fn seed_sessions(&mut self, session_ids: &[String]) -> usize {
        let reply = crate::reply::answer(SEED_MESSAGE);
        let tokens_in = count_tokens(SEED_MESSAGE);
        let tokens_out = tokens(&reply.text).len() as u64;
        let headers = HeaderMap::new();
        let mut created = 0;
        for session_id in session_ids {
            created += usize::from(!self.sessions.contains_key(session_id));
            let request = ChatRequest {
                public_key: fixtures::MEVICHAT_PUBLIC_KEY,
                session_id,
                message: SEED_MESSAGE,
                visitor_id: None,
                visitor_metadata: None,
            };
            let turn = Turn {
                message_id: self.take_message_ids(),
                user_text: SEED_MESSAGE,
                assistant: assistant_fields(
                    &reply.text,
                    tokens_in,
                    tokens_out,
                    "done",
                    "",
                    &reply.chunks,
                ),
            };
            self.record(&request, &headers, turn);
        }
        created
    }

    fn record(&mut self, request: &ChatRequest<'_>, headers: &HeaderMap, turn: Turn<'_>) {
        let now = timestamp();
        let session = self
            .sessions
            .entry(request.session_id.to_owned())
            .or_insert_with(|| {
                let header = |name| super::header_str(headers, name).unwrap_or_default();
                let fields = json!({
                    "id": request.session_id, "bot_slug": "support", "source": "widget",
                    "visitor_id": request.visitor_id.unwrap_or_default(),
                    "visitor_metadata": request.visitor_metadata.cloned().unwrap_or_default(),
                    "referrer": header("referer"), "user_agent": header("user-agent"),
                    "started_at": now,
                });
                let Value::Object(fields) = fields else {
                    unreachable!()
                };
                Session {
                    workspace: WORKSPACE,
                    fields,
                    messages: Vec::new(),
                }
            });
        session
            .fields
            .insert("last_activity_at".into(), Value::String(now.clone()));
        let mut user = message_template(turn.message_id, "user", &now);
        user["content"] = Value::String(turn.user_text.to_owned());
        let mut assistant = message_template(turn.message_id + 1, "assistant", &now);
        if let (Value::Object(target), Value::Object(fields)) = (&mut assistant, turn.assistant) {
            target.extend(fields);
        }
        session.messages.push(user);
        session.messages.push(assistant);
    }
}

fn message_template(id: u64, role: &str, created_at: &str) -> Value {
    json!({
        "id": id.to_string(), "role": role, "content": "", "rating": "", "model": "",
        "tokens_in": 0, "tokens_out": 0, "latency_ms": 0, "status": "done", "error_message": "",
        "rag_chunks_used": [], "tools_called": [], "created_at": created_at,
    })
}

async fn widget_config(
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let key = query.get("public_key").map_or("", String::as_str);
    if let Err(response) = check_key_and_origin(key, &headers) {
        return response;
    }
    let config = json!({
        "bot": {
            "name": "Support", "welcome_message": "Hi! How can I help?",
            "logo_url": "https://cdn.example.com/logo.png", "primary_color": "#4F46E5",
            "position": "right", "theme_mode": "light", "font_family": "Inter", "border_radius": 12,
            "quick_replies": ["Talk to a human", "Return an item"],
            "custom_css_vars": { "--mvc-bg": "#ffffff" },
        }
    });
    let mut response = Json(config).into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    response
}

async fn export(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(session_id): Path<String>,
) -> Response {
    let token = super::bearer(&headers).unwrap_or_default();
    let workspace = fixtures::export_workspace(token);
    // Limited per user; unauthenticated callers are counted per IP (and then rejected).
    let subject = if workspace.is_ok() {
        token.to_owned()
    } else {
        ip
    };
    if let Err(wait) = state.limits().check("mevichat_export", &subject) {
        return rate_limited(Provider::MevichatExport, wait);
    }
    let workspace = match workspace {
        Err(()) => {
            return api_error(
                Provider::MevichatExport,
                StatusCode::UNAUTHORIZED,
                "authentication_required",
                "",
            )
        }
        Ok(None) => {
            return api_error(
                Provider::MevichatExport,
                StatusCode::UNAUTHORIZED,
                "no_workspace",
                "",
            )
        }
        Ok(Some(workspace)) => workspace,
    };
    let store = state.mevichat.lock().unwrap();
    let Some(session) = store
        .sessions
        .get(&session_id)
        .filter(|s| s.workspace == workspace)
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let body = json!({ "session": session.fields, "messages": session.messages });
    let disposition = format!("attachment; filename=\"session-{session_id}.json\"");
    let mut response = Json(body).into_response();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}
