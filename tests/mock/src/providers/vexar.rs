//! Vexar's widget API: data-only SSE chat and nine JSON endpoints scoped by site key and session.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use super::{
    api_error, optional_str, rate_limited, required_str, timestamp, ClientIp, Provider,
    StreamContext,
};
use crate::fixtures::{VEXAR_BLOCKED_SESSION, VEXAR_SITE_KEY};
use crate::reply::tokens;
use crate::server::AppState;
use crate::sse::{EventFormat, Frame, FrameKind};

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/chat/stream", post(chat_stream))
        .route("/api/v1/chat/history", get(history))
        .route("/api/v1/chat/email", post(save_email))
        .route("/api/v1/chat/contact", post(save_contact))
        .route("/api/v1/chat/operator-messages", get(operator_messages))
        .route("/api/v1/chat/block-status", get(block_status))
        .route("/api/v1/chat/pending-proactive", get(pending_proactive))
        .route("/api/v1/chat/upload-image", post(upload_image))
        .route("/api/v1/chat/rate", post(rate))
        .route("/api/v1/chat/rate/comment", post(rate_comment))
}

/// A visitor's conversation on one site; `GET /__mock/vexar/conversation` shows it whole.
#[derive(serde::Serialize)]
pub(crate) struct Conversation {
    conversation_id: u64,
    messages: Vec<Value>,
    email: Option<String>,
    contact: Option<Value>,
    score: Option<u64>,
    comment: Option<String>,
    mode: String,
    operator_messages: Vec<Queued>,
    proactive_messages: Vec<Queued>,
    blocked: bool,
}

/// A message waiting for its poll. One that repeats is answered by every poll instead of once.
#[derive(serde::Serialize)]
#[serde(transparent)]
struct Queued {
    message: Value,
    #[serde(skip)]
    repeat: bool,
}

/// What a poll answers: every queued message in order, keeping only those that repeat.
fn deliver(queue: &mut Vec<Queued>) -> Vec<Value> {
    let messages = queue.iter().map(|q| q.message.clone()).collect();
    queue.retain(|q| q.repeat);
    messages
}

fn enqueue(queue: &mut Vec<Queued>, messages: Vec<Value>, repeat: bool) {
    queue.extend(messages.into_iter().map(|message| Queued {
        message: stamp(message),
        repeat,
    }));
}

pub(crate) struct Store {
    conversations: HashMap<(String, String), Conversation>,
    next_conversation_id: u64,
    uploads: Vec<(String, Bytes)>,
}

impl Default for Store {
    fn default() -> Self {
        Self {
            conversations: HashMap::new(),
            next_conversation_id: 50,
            uploads: Vec::new(),
        }
    }
}

impl Store {
    /// The conversation of `scope`, begun on first use.
    pub fn conversation(&mut self, scope: &Scope) -> &mut Conversation {
        let next_id = &mut self.next_conversation_id;
        self.conversations
            .entry((scope.site_key.clone(), scope.session_id.clone()))
            .or_insert_with(|| {
                *next_id += 1;
                Conversation {
                    conversation_id: *next_id - 1,
                    messages: Vec::new(),
                    email: None,
                    contact: None,
                    score: None,
                    comment: None,
                    mode: "ai".to_owned(),
                    operator_messages: Vec::new(),
                    proactive_messages: Vec::new(),
                    blocked: scope.session_id == VEXAR_BLOCKED_SESSION,
                }
            })
    }

    /// The image stored by an upload, by its number.
    pub fn upload(&self, number: usize) -> Option<&(String, Bytes)> {
        self.uploads.get(number.checked_sub(1)?)
    }
}

/// The site and session a request is scoped to.
pub(crate) struct Scope {
    pub site_key: String,
    pub session_id: String,
}

impl Conversation {
    /// Queues operator messages (answered once, or by every poll if they `repeat`) and sets the
    /// mode.
    pub fn queue_operator_messages(
        &mut self,
        messages: Vec<Value>,
        mode: Option<String>,
        repeat: bool,
    ) {
        enqueue(&mut self.operator_messages, messages, repeat);
        if let Some(mode) = mode {
            self.mode = mode;
        }
    }

    /// Queues proactive messages, answered once, or by every poll if they `repeat`.
    pub fn queue_proactive_messages(&mut self, messages: Vec<Value>, repeat: bool) {
        enqueue(&mut self.proactive_messages, messages, repeat);
    }

    pub fn set_blocked(&mut self, blocked: bool) {
        self.blocked = blocked;
    }
}

/// Adds `created_at` to a queued message that has none.
fn stamp(mut message: Value) -> Value {
    if let Value::Object(map) = &mut message {
        map.entry("created_at")
            .or_insert_with(|| Value::String(timestamp()));
    }
    message
}

struct VexarFormat;

impl EventFormat for VexarFormat {
    fn token(&self, text: &str) -> Frame {
        Frame::json(
            FrameKind::Token,
            None,
            &json!({ "type": "chunk", "content": text }),
        )
    }

    fn unknown(&self) -> Frame {
        Frame::json(
            FrameKind::Other,
            None,
            &json!({ "type": "typing", "active": true }),
        )
    }
}

fn invalid(message: &str) -> Response {
    api_error(
        Provider::Vexar,
        StatusCode::BAD_REQUEST,
        "invalid_request",
        message,
    )
}

fn success(fields: Value) -> Response {
    let mut body = json!({ "success": true });
    if let (Value::Object(body), Value::Object(fields)) = (&mut body, fields) {
        body.extend(fields);
    }
    Json(body).into_response()
}

/// The checks every Vexar request shares: the rate limit, then a known site key.
fn admit(state: &AppState, ip: &str, site_key: &str) -> Result<(), Response> {
    if let Err(wait) = state.limits().check("vexar", ip) {
        return Err(rate_limited(Provider::Vexar, wait));
    }
    if site_key != VEXAR_SITE_KEY {
        return Err(api_error(
            Provider::Vexar,
            StatusCode::UNAUTHORIZED,
            "invalid_site_key",
            "Unknown site_key.",
        ));
    }
    Ok(())
}

/// A JSON body's scope, with the site key admitted.
fn body_scope(
    state: &AppState,
    ip: &str,
    body: &[u8],
) -> Result<(Scope, Map<String, Value>), Response> {
    let body = super::parse_object(body).ok_or_else(|| invalid("Body must be a JSON object."))?;
    let (Some(site_key), Some(session_id)) = (
        required_str(&body, "site_key"),
        required_str(&body, "session_id"),
    ) else {
        return Err(invalid("site_key and session_id are required."));
    };
    admit(state, ip, site_key)?;
    let scope = Scope {
        site_key: site_key.to_owned(),
        session_id: session_id.to_owned(),
    };
    Ok((scope, body))
}

/// A GET's scope from its query, with the site key admitted.
fn query_scope(
    state: &AppState,
    ip: &str,
    query: &HashMap<String, String>,
) -> Result<Scope, Response> {
    let field = |name| query.get(name).filter(|v: &&String| !v.is_empty());
    let (Some(site_key), Some(session_id)) = (field("site_key"), field("session_id")) else {
        return Err(invalid("site_key and session_id are required."));
    };
    admit(state, ip, site_key)?;
    Ok(Scope {
        site_key: site_key.clone(),
        session_id: session_id.clone(),
    })
}

async fn chat_stream(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    stream: StreamContext,
    body: Bytes,
) -> Response {
    let (scope, body) = try_response!(body_scope(&state, &ip, &body));
    let Some(message) = required_str(&body, "message") else {
        return invalid("message is required.");
    };
    if optional_str(&body, "lang").is_err() || optional_str(&body, "message_id").is_err() {
        return invalid("lang and message_id must be strings.");
    }
    let reply = stream.reply(message);
    let conversation_id = {
        let mut store = state.vexar.lock().unwrap();
        let conversation = store.conversation(&scope);
        if conversation.blocked {
            return api_error(
                Provider::Vexar,
                StatusCode::FORBIDDEN,
                "visitor_blocked",
                "This visitor is blocked.",
            );
        }
        let now = timestamp();
        conversation
            .messages
            .push(json!({ "role": "user", "content": message, "created_at": now }));
        conversation
            .messages
            .push(json!({ "role": "assistant", "content": reply.text, "created_at": now }));
        conversation.conversation_id
    };
    let mut frames: Vec<Frame> = tokens(&reply.text)
        .into_iter()
        .map(|t| VexarFormat.token(t))
        .collect();
    frames.push(Frame::json(
        FrameKind::Terminal,
        None,
        &json!({ "type": "done", "meta": { "conversation_id": conversation_id } }),
    ));
    stream.respond(frames, &VexarFormat)
}

async fn history(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let scope = try_response!(query_scope(&state, &ip, &query));
    let messages = state
        .vexar
        .lock()
        .unwrap()
        .conversation(&scope)
        .messages
        .clone();
    success(json!({ "messages": messages }))
}

async fn save_email(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    body: Bytes,
) -> Response {
    let (scope, body) = try_response!(body_scope(&state, &ip, &body));
    let Some(email) = required_str(&body, "email").filter(|e| e.contains('@')) else {
        return invalid("email must be an email address.");
    };
    state.vexar.lock().unwrap().conversation(&scope).email = Some(email.to_owned());
    success(json!({ "message": "Email saved" }))
}

async fn save_contact(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    body: Bytes,
) -> Response {
    let (scope, body) = try_response!(body_scope(&state, &ip, &body));
    let (Ok(email), Ok(phone), Ok(name)) = (
        optional_str(&body, "email"),
        optional_str(&body, "phone"),
        optional_str(&body, "name"),
    ) else {
        return invalid("email, phone and name must be strings.");
    };
    let email = email.filter(|e| !e.is_empty());
    let phone = phone.filter(|p| !p.is_empty());
    if email.is_none() && phone.is_none() {
        return invalid("email or phone is required.");
    }
    if email.is_some_and(|e| !e.contains('@')) {
        return invalid("email must be an email address.");
    }
    let contact = json!({ "email": email, "phone": phone, "name": name });
    state.vexar.lock().unwrap().conversation(&scope).contact = Some(contact);
    success(json!({ "message": "Contact saved" }))
}

async fn operator_messages(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let scope = try_response!(query_scope(&state, &ip, &query));
    let mut store = state.vexar.lock().unwrap();
    let conversation = store.conversation(&scope);
    // "New" operator messages: each is delivered once, unless it was queued to repeat.
    let messages = deliver(&mut conversation.operator_messages);
    success(json!({ "messages": messages, "mode": conversation.mode }))
}

async fn block_status(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let scope = try_response!(query_scope(&state, &ip, &query));
    let blocked = state.vexar.lock().unwrap().conversation(&scope).blocked;
    success(json!({ "blocked": blocked }))
}

async fn pending_proactive(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let scope = try_response!(query_scope(&state, &ip, &query));
    let messages = deliver(
        &mut state
            .vexar
            .lock()
            .unwrap()
            .conversation(&scope)
            .proactive_messages,
    );
    success(json!({ "messages": messages }))
}

async fn upload_image(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    // A body that is not multipart at all gets the API's JSON 400, not the framework's text.
    let Ok(mut multipart) = multipart else {
        return invalid("Body must be multipart/form-data.");
    };
    let mut fields: HashMap<String, String> = HashMap::new();
    let mut image: Option<(String, Bytes)> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => return invalid("Body must be multipart/form-data."),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let content_type = field.content_type().unwrap_or_default().to_owned();
        let Ok(data) = field.bytes().await else {
            return invalid("Body must be multipart/form-data.");
        };
        if name == "image" {
            image = Some((content_type, data));
        } else {
            fields.insert(name, String::from_utf8_lossy(&data).into_owned());
        }
    }
    let scope = try_response!(query_scope(&state, &ip, &fields));
    let Some((content_type, data)) =
        image.filter(|(t, d)| t.starts_with("image/") && !d.is_empty())
    else {
        return invalid("An image part with an image/* content type is required.");
    };
    let number = {
        let mut store = state.vexar.lock().unwrap();
        store.conversation(&scope);
        store.uploads.push((content_type, data));
        store.uploads.len()
    };
    let host = super::header_str(&headers, header::HOST.as_str()).unwrap_or("127.0.0.1");
    success(json!({ "url": format!("http://{host}/__mock/uploads/{number}") }))
}

async fn rate(State(state): State<AppState>, ClientIp(ip): ClientIp, body: Bytes) -> Response {
    let (scope, body) = try_response!(body_scope(&state, &ip, &body));
    let Some(score) = body
        .get("score")
        .and_then(Value::as_u64)
        .filter(|s| (1..=5).contains(s))
    else {
        return invalid("score must be an integer from 1 to 5.");
    };
    state.vexar.lock().unwrap().conversation(&scope).score = Some(score);
    success(json!({}))
}

async fn rate_comment(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    body: Bytes,
) -> Response {
    let (scope, body) = try_response!(body_scope(&state, &ip, &body));
    let Some(comment) = required_str(&body, "comment") else {
        return invalid("comment is required.");
    };
    state.vexar.lock().unwrap().conversation(&scope).comment = Some(comment.to_owned());
    success(json!({}))
}
