//! The server: its shared state, the accept loop, and the middleware that logs every API request
//! and applies the faults scripted for it.

use std::collections::BTreeMap;
use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use serde::Serialize;
use serde_json::json;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify};
use tower::ServiceExt;

use crate::faults::{Fault, FaultKind, FaultQueue, RequestTarget};
use crate::log::{LogEntry, Outcome, RequestLog};
use crate::providers::{self, LogId};
use crate::ratelimit::RateLimits;
use crate::{control, sse};

/// How to start a [`MockServer`].
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Port on 127.0.0.1; `0` picks a free one.
    pub port: u16,
    /// Pause between streamed tokens.
    pub token_delay: Duration,
    /// Raise every rate limit out of reach (for fuzzing and load).
    pub relaxed_rate_limits: bool,
}

/// Everything the handlers share.
pub(crate) struct Shared {
    pub log: RequestLog,
    pub faults: Mutex<FaultQueue>,
    pub limits: Mutex<RateLimits>,
    pub stats: ConnectionStats,
    pub mevichat: Mutex<providers::mevichat::Store>,
    pub vexar: Mutex<providers::vexar::Store>,
    pub devapi: Mutex<providers::devapi::Store>,
    pub widgetkey: Mutex<providers::widgetkey::Store>,
    /// Bumped by every reset, so that a change scheduled before it is dropped instead of applied.
    generation: AtomicU64,
    token_delay_ms: AtomicU64,
    config: Config,
}

pub(crate) type AppState = Arc<Shared>;

impl Shared {
    fn new(config: Config) -> Self {
        Self {
            log: RequestLog::default(),
            faults: Mutex::default(),
            limits: Mutex::new(initial_limits(&config)),
            stats: ConnectionStats::default(),
            mevichat: Mutex::default(),
            vexar: Mutex::default(),
            devapi: Mutex::default(),
            widgetkey: Mutex::default(),
            generation: AtomicU64::new(0),
            token_delay_ms: AtomicU64::new(config.token_delay.as_millis() as u64),
            config,
        }
    }

    pub fn token_delay(&self) -> Duration {
        Duration::from_millis(self.token_delay_ms.load(Ordering::Relaxed))
    }

    pub fn set_token_delay(&self, delay: Duration) {
        self.token_delay_ms
            .store(delay.as_millis() as u64, Ordering::Relaxed);
    }

    pub fn limits(&self) -> MutexGuard<'_, RateLimits> {
        self.limits.lock().unwrap()
    }

    /// The current generation: a scheduled change applies only while it is unchanged.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Back to the state of a fresh start, dropping every change still scheduled.
    pub fn reset(&self) {
        // Bumped under the Vexar lock, which a scheduled change holds while it checks and applies.
        {
            let mut vexar = self.vexar.lock().unwrap();
            self.generation.fetch_add(1, Ordering::SeqCst);
            *vexar = Default::default();
        }
        self.log.clear();
        self.faults.lock().unwrap().clear();
        *self.limits() = initial_limits(&self.config);
        *self.mevichat.lock().unwrap() = Default::default();
        *self.devapi.lock().unwrap() = Default::default();
        *self.widgetkey.lock().unwrap() = Default::default();
        self.set_token_delay(self.config.token_delay);
    }
}

fn initial_limits(config: &Config) -> RateLimits {
    if config.relaxed_rate_limits {
        RateLimits::relaxed()
    } else {
        RateLimits::documented()
    }
}

/// Open and total TCP connections.
#[derive(Default)]
pub(crate) struct ConnectionStats {
    open: AtomicU64,
    total: AtomicU64,
}

/// Open and total connections, as [`MockServer::stats`] reports them.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub struct Stats {
    /// Connections open now.
    pub connections_open: u64,
    /// Connections accepted since start.
    pub connections_total: u64,
}

impl ConnectionStats {
    pub fn snapshot(&self) -> Stats {
        Stats {
            connections_open: self.open.load(Ordering::SeqCst),
            connections_total: self.total.load(Ordering::SeqCst),
        }
    }
}

/// The connection a request came on, in its extensions.
#[derive(Clone)]
pub(crate) struct Connection {
    pub peer: SocketAddr,
    reset: Arc<Notify>,
}

impl Connection {
    /// Resets the connection (TCP RST) as soon as its task sees this.
    pub fn reset(&self) {
        self.reset.notify_one();
    }
}

/// A running mock server. Dropping it stops the server.
pub struct MockServer {
    addr: SocketAddr,
    state: AppState,
    shutdown: watch::Sender<bool>,
}

impl MockServer {
    /// Binds 127.0.0.1 and serves on the current tokio runtime.
    pub async fn start(config: Config) -> io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", config.port)).await?;
        let addr = listener.local_addr()?;
        let state: AppState = Arc::new(Shared::new(config));
        let (shutdown, stopped) = watch::channel(false);
        tokio::spawn(accept_loop(
            listener,
            app(state.clone()),
            state.clone(),
            stopped,
        ));
        Ok(Self {
            addr,
            state,
            shutdown,
        })
    }

    /// `http://127.0.0.1:PORT`, with no trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The request log, oldest first.
    pub fn requests(&self) -> Vec<LogEntry> {
        self.state.log.entries()
    }

    /// Queues a fault; answers its id.
    pub fn push_fault(&self, fault: Fault) -> u64 {
        self.state.faults.lock().unwrap().push(fault)
    }

    /// Open and total connections.
    pub fn stats(&self) -> Stats {
        self.state.stats.snapshot()
    }

    /// Sets the pause between streamed tokens.
    pub fn set_token_delay(&self, delay: Duration) {
        self.state.set_token_delay(delay);
    }

    /// Back to the state of a fresh start.
    pub fn reset(&self) {
        self.state.reset();
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

/// The whole application: the four APIs behind the observing middleware, and the control API.
fn app(state: AppState) -> Router {
    let apis = Router::new()
        .merge(providers::mevichat::routes())
        .merge(providers::vexar::routes())
        .merge(providers::devapi::routes())
        .merge(providers::widgetkey::routes())
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), observe));
    apis.merge(control::routes()).with_state(state)
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, Json(json!({ "error": "not_found" }))).into_response()
}

async fn accept_loop(
    listener: TcpListener,
    app: Router,
    state: AppState,
    stopped: watch::Receiver<bool>,
) {
    let mut stop = stopped.clone();
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop.changed() => return,
        };
        // Accept errors (such as running out of descriptors) are transient: keep serving.
        let Ok((tcp, peer)) = accepted else {
            tokio::time::sleep(Duration::from_millis(5)).await;
            continue;
        };
        let _ = tcp.set_nodelay(true);
        tokio::spawn(serve_connection(
            tcp,
            peer,
            app.clone(),
            state.clone(),
            stopped.clone(),
        ));
    }
}

async fn serve_connection(
    tcp: TcpStream,
    peer: SocketAddr,
    app: Router,
    state: AppState,
    mut stopped: watch::Receiver<bool>,
) {
    // A second handle on the socket lets a reset set SO_LINGER to zero while hyper owns the stream.
    let Ok(std) = tcp.into_std() else { return };
    let Ok(linger_handle) = std.try_clone().map(socket2::Socket::from) else {
        return;
    };
    let Ok(tcp) = TcpStream::from_std(std) else {
        return;
    };

    state.stats.open.fetch_add(1, Ordering::SeqCst);
    state.stats.total.fetch_add(1, Ordering::SeqCst);
    let reset = Arc::new(Notify::new());
    let connection = Connection {
        peer,
        reset: reset.clone(),
    };
    let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
        request.extensions_mut().insert(connection.clone());
        app.clone().oneshot(request)
    });
    let serving = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .serve_connection(TokioIo::new(tcp), service);
    let mut serving = std::pin::pin!(serving);
    tokio::select! {
        _ = serving.as_mut() => {}
        _ = reset.notified() => {
            // With a zero linger, closing the socket sends RST instead of FIN.
            let _ = linger_handle.set_linger(Some(Duration::ZERO));
        }
        _ = stopped.changed() => {}
    }
    state.stats.open.fetch_sub(1, Ordering::SeqCst);
}

/// The `x-request-id` the mock sends with the answer to log entry `id`.
pub fn request_id(id: u64) -> String {
    format!("req_mock_{id}")
}

/// Bodies above this are refused rather than buffered.
const MAX_BODY: usize = 32 * 1024 * 1024;

/// Logs the request, draws its fault, and applies the faults that act before any handler.
async fn observe(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let Ok(body) = to_bytes(body, MAX_BODY).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let path = parts.uri.path().to_owned();
    let headers = header_map(&parts.headers);
    let query = parts.uri.query().unwrap_or_default().to_owned();
    crate::log::write_request(parts.method.as_str(), &path, &query, &headers, &body);
    let id = state.log.record(LogEntry {
        id: 0,
        method: parts.method.to_string(),
        path: path.clone(),
        query,
        headers,
        body: body_text(&parts.headers, &body),
        status: 0,
        fault: None,
        events_sent: 0,
        outcome: Outcome::InProgress,
        ended_at_us: None,
    });
    parts.extensions.insert(LogId(id));

    let object = providers::parse_object(&body);
    let credential = credential(&parts, object.as_ref());
    let target = RequestTarget {
        path: &path,
        credential: credential.as_deref(),
        streaming: is_streaming(&parts.method, &path, object.as_ref()),
    };
    let fault = state.faults.lock().unwrap().take(&target);
    if let Some(fault) = &fault {
        state.log.update(id, |e| e.fault = Some(fault.clone()));
    }

    let response = match fault {
        Some(fault @ FaultKind::Status { .. }) => providers::fault_status(&path, &fault),
        Some(FaultKind::Replay {
            body_base64,
            chunks,
            end,
        }) => crate::replay::respond(&body_base64, &chunks, end),
        Some(FaultKind::Reset {}) => {
            state.log.update(id, |e| e.outcome = Outcome::Aborted);
            if let Some(connection) = parts.extensions.get::<Connection>() {
                connection.reset();
            }
            // The connection task drops this future when it resets the socket.
            return std::future::pending().await;
        }
        fault => {
            // The other faults act before the handler, or travel with the request to it.
            match fault {
                Some(FaultKind::StallBeforeHeaders { ms }) => {
                    tokio::time::sleep(Duration::from_millis(ms)).await;
                }
                Some(stream_fault) => {
                    parts.extensions.insert(stream_fault);
                }
                None => {}
            }
            next.run(Request::from_parts(parts, Body::from(body))).await
        }
    };
    let mut response = response;
    // Every answer names its request as a real API's does; a scripted one keeps its own.
    if let Ok(value) = http::HeaderValue::from_str(&request_id(id)) {
        response
            .headers_mut()
            .entry("x-request-id")
            .or_insert(value);
    }
    let streamed = response.extensions().get::<sse::SseResponse>().is_some();
    state.log.update(id, |e| {
        e.status = response.status().as_u16();
        if !streamed {
            e.outcome = Outcome::Complete;
        }
    });
    response
}

fn header_map(headers: &HeaderMap) -> BTreeMap<String, String> {
    headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect()
}

fn body_text(headers: &HeaderMap, body: &[u8]) -> String {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("multipart/") {
        format!("<multipart {} bytes>", body.len())
    } else {
        String::from_utf8_lossy(body).into_owned()
    }
}

/// The credential a request carries, wherever its API puts it.
fn credential(
    parts: &axum::http::request::Parts,
    body: Option<&serde_json::Map<String, serde_json::Value>>,
) -> Option<String> {
    const KEY_FIELDS: [&str; 3] = ["public_key", "site_key", "api_key"];
    let headers = &parts.headers;
    let from_headers = ["x-api-key", "x-widget-api-key"]
        .iter()
        .find_map(|name| providers::header_str(headers, name))
        .or_else(|| providers::bearer(headers));
    let from_query = || {
        let query = parts.uri.query()?;
        form_urlencoded::parse(query.as_bytes())
            .find(|(k, _)| KEY_FIELDS.contains(&k.as_ref()))
            .map(|(_, v)| v.into_owned())
    };
    let from_body = || {
        KEY_FIELDS
            .iter()
            .find_map(|f| body?.get(*f)?.as_str().map(str::to_owned))
    };
    from_headers
        .map(str::to_owned)
        .or_else(from_query)
        .or_else(from_body)
}

/// Whether a request goes to an endpoint that answers with an event stream.
fn is_streaming(
    method: &axum::http::Method,
    path: &str,
    body: Option<&serde_json::Map<String, serde_json::Value>>,
) -> bool {
    if method != axum::http::Method::POST {
        return false;
    }
    match path {
        "/api/chat/" | "/api/v1/chat/stream" | "/v1/chat/stream" => true,
        "/api/v1/chat" => {
            body.and_then(|b| b.get("stream")).and_then(|s| s.as_bool()) == Some(true)
        }
        _ => false,
    }
}
