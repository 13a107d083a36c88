//! The control API under `/__mock/`: faults, the request log, limits, pacing, Vexar state (now or
//! scheduled) and seeded Mevichat sessions.

use std::collections::HashMap;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::faults::Fault;
use crate::providers::mevichat;
use crate::providers::vexar::{Scope, Store};
use crate::ratelimit::{Limit, LIMIT_NAMES};
use crate::replay::Vector;
use crate::server::AppState;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/__mock/faults",
            post(push_fault).get(list_faults).delete(clear_faults),
        )
        .route(
            "/__mock/requests",
            get(list_requests).delete(clear_requests),
        )
        .route("/__mock/replay", post(replay_vector))
        .route("/__mock/stats", get(stats))
        .route("/__mock/rate-limits", put(set_rate_limits).get(rate_limits))
        .route("/__mock/config", put(set_config))
        .route("/__mock/reset", post(reset))
        .route(
            "/__mock/vexar/operator-messages",
            post(queue_operator_messages),
        )
        .route(
            "/__mock/vexar/pending-proactive",
            post(queue_proactive_messages),
        )
        .route("/__mock/vexar/block", post(block_visitor))
        .route("/__mock/vexar/conversation", get(vexar_conversation))
        .route("/__mock/mevichat/sessions", post(create_mevichat_sessions))
        .route("/__mock/uploads/{number}", get(uploaded_image))
}

fn bad_request(message: impl std::fmt::Display) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "error": message.to_string() })),
    )
        .into_response()
}

/// Parses a control body, answering `400` with serde's reason when it does not fit.
fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Response> {
    serde_json::from_slice(body).map_err(bad_request)
}

async fn push_fault(State(state): State<AppState>, body: Bytes) -> Response {
    let fault: Fault = try_response!(parse(&body));
    if fault.times == 0 {
        return bad_request("times must be at least 1");
    }
    let id = state.faults.lock().unwrap().push(fault);
    (StatusCode::CREATED, Json(json!({ "id": id }))).into_response()
}

/// Queues a conformance vector (a file of `tests/vectors/`, as it stands) for its provider's
/// next stream.
async fn replay_vector(State(state): State<AppState>, body: Bytes) -> Response {
    let vector: Vector = try_response!(parse(&body));
    let fault = try_response!(vector.into_fault().map_err(bad_request));
    let id = state.faults.lock().unwrap().push(fault);
    (StatusCode::CREATED, Json(json!({ "id": id }))).into_response()
}

async fn list_faults(State(state): State<AppState>) -> Response {
    Json(json!({ "faults": state.faults.lock().unwrap().list() })).into_response()
}

async fn clear_faults(State(state): State<AppState>) -> StatusCode {
    state.faults.lock().unwrap().clear();
    StatusCode::NO_CONTENT
}

async fn list_requests(State(state): State<AppState>) -> Response {
    Json(json!({ "requests": state.log.entries() })).into_response()
}

async fn clear_requests(State(state): State<AppState>) -> StatusCode {
    state.log.clear();
    StatusCode::NO_CONTENT
}

async fn stats(State(state): State<AppState>) -> Response {
    Json(state.stats.snapshot()).into_response()
}

async fn rate_limits(State(state): State<AppState>) -> Response {
    Json(state.limits().current()).into_response()
}

async fn set_rate_limits(State(state): State<AppState>, body: Bytes) -> Response {
    let changes: HashMap<String, Option<Limit>> = try_response!(parse(&body));
    let mut resolved = Vec::new();
    for (name, limit) in changes {
        let Some(&name) = LIMIT_NAMES.iter().find(|n| **n == name) else {
            return bad_request(format!("unknown limit {name:?}; known: {LIMIT_NAMES:?}"));
        };
        if limit.is_some_and(|l| l.limit == 0 || l.window_ms == 0) {
            return bad_request("limit and window_ms must be at least 1");
        }
        resolved.push((name, limit));
    }
    let mut limits = state.limits();
    for (name, limit) in resolved {
        limits.set(name, limit);
    }
    Json(limits.current()).into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigChange {
    token_delay_ms: u64,
}

async fn set_config(State(state): State<AppState>, body: Bytes) -> Response {
    let change: ConfigChange = try_response!(parse(&body));
    state.set_token_delay(Duration::from_millis(change.token_delay_ms));
    Json(json!({ "token_delay_ms": change.token_delay_ms })).into_response()
}

async fn reset(State(state): State<AppState>) -> StatusCode {
    state.reset();
    StatusCode::NO_CONTENT
}

/// Applies a change to the Vexar store now (`204`), or `after_ms` later (`202` with
/// `{"scheduled_in_ms": n}`) unless a reset comes first.
fn change_vexar(
    state: &AppState,
    after_ms: Option<u64>,
    change: impl FnOnce(&mut Store) + Send + 'static,
) -> Response {
    let Some(after_ms) = after_ms else {
        change(&mut state.vexar.lock().unwrap());
        return StatusCode::NO_CONTENT.into_response();
    };
    let state = state.clone();
    let generation = state.generation();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(after_ms)).await;
        // A reset bumps the generation under this same lock.
        let mut store = state.vexar.lock().unwrap();
        if state.generation() == generation {
            change(&mut store);
        }
    });
    (
        StatusCode::ACCEPTED,
        Json(json!({ "scheduled_in_ms": after_ms })),
    )
        .into_response()
}

#[derive(Deserialize)]
struct OperatorMessages {
    site_key: String,
    session_id: String,
    #[serde(default)]
    messages: Vec<Value>,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    repeat: bool,
    #[serde(default)]
    after_ms: Option<u64>,
}

async fn queue_operator_messages(State(state): State<AppState>, body: Bytes) -> Response {
    let queued: OperatorMessages = try_response!(parse(&body));
    if queued
        .mode
        .as_deref()
        .is_some_and(|m| m != "ai" && m != "operator")
    {
        return bad_request("mode must be \"ai\" or \"operator\"");
    }
    let scope = Scope {
        site_key: queued.site_key,
        session_id: queued.session_id,
    };
    let (messages, mode, repeat) = (queued.messages, queued.mode, queued.repeat);
    change_vexar(&state, queued.after_ms, move |store| {
        store
            .conversation(&scope)
            .queue_operator_messages(messages, mode, repeat);
    })
}

#[derive(Deserialize)]
struct ProactiveMessages {
    site_key: String,
    session_id: String,
    messages: Vec<Value>,
    #[serde(default)]
    repeat: bool,
    #[serde(default)]
    after_ms: Option<u64>,
}

async fn queue_proactive_messages(State(state): State<AppState>, body: Bytes) -> Response {
    let queued: ProactiveMessages = try_response!(parse(&body));
    let scope = Scope {
        site_key: queued.site_key,
        session_id: queued.session_id,
    };
    let (messages, repeat) = (queued.messages, queued.repeat);
    change_vexar(&state, queued.after_ms, move |store| {
        store
            .conversation(&scope)
            .queue_proactive_messages(messages, repeat);
    })
}

#[derive(Deserialize)]
struct BlockChange {
    site_key: String,
    session_id: String,
    blocked: bool,
    #[serde(default)]
    after_ms: Option<u64>,
}

async fn block_visitor(State(state): State<AppState>, body: Bytes) -> Response {
    let change: BlockChange = try_response!(parse(&body));
    let scope = Scope {
        site_key: change.site_key,
        session_id: change.session_id,
    };
    let blocked = change.blocked;
    change_vexar(&state, change.after_ms, move |store| {
        store.conversation(&scope).set_blocked(blocked);
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MevichatSessions {
    session_ids: Vec<String>,
}

/// Creates Mevichat sessions as a chat would, each with one exchange, so that an export of many
/// sessions needs no chats.
async fn create_mevichat_sessions(State(state): State<AppState>, body: Bytes) -> Response {
    let request: MevichatSessions = try_response!(parse(&body));
    if let Some(bad) = request.session_ids.iter().find(|id| !mevichat::is_uuid(id)) {
        return bad_request(format!("session id {bad:?} is not a UUID"));
    }
    let created = state
        .mevichat
        .lock()
        .unwrap()
        .seed_sessions(&request.session_ids);
    (StatusCode::CREATED, Json(json!({ "created": created }))).into_response()
}

async fn vexar_conversation(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let (Some(site_key), Some(session_id)) = (query.get("site_key"), query.get("session_id"))
    else {
        return bad_request("site_key and session_id are required");
    };
    let scope = Scope {
        site_key: site_key.clone(),
        session_id: session_id.clone(),
    };
    let mut store = state.vexar.lock().unwrap();
    Json(json!(store.conversation(&scope))).into_response()
}

async fn uploaded_image(State(state): State<AppState>, Path(number): Path<usize>) -> Response {
    let store = state.vexar.lock().unwrap();
    match store.upload(number) {
        Some((content_type, data)) => {
            ([(header::CONTENT_TYPE, content_type.clone())], data.clone()).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
