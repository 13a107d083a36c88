//! What the server saw: requests, trap requests, scenario connections, TLS handshakes and proxy
//! requests, with timestamps in milliseconds since the server started. The control API and
//! [`crate::HostileServer`] read the same records.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use serde_json::{json, Map, Value};

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// The first path segment (`"trap"` for everything the trap listener receives).
    pub scenario: String,
    pub method: String,
    /// The request target as sent, query included.
    pub path: String,
    /// Header names lowercased, in the order received; repeated headers stay separate.
    pub headers: Vec<(String, String)>,
    /// The decoded body (after chunked transfer coding), as lossy UTF-8.
    pub body: String,
    /// When the whole request had been read.
    pub at_ms: u64,
}

impl RecordedRequest {
    /// The values of header `name` (any case), joined with `", "` as HTTP allows.
    pub fn header(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(header, _)| header.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    }

    /// The JSON object the control API serves.
    pub fn to_json(&self) -> Value {
        let mut headers = Map::new();
        for (name, _) in &self.headers {
            if !headers.contains_key(name) {
                headers.insert(name.clone(), Value::from(self.header(name)));
            }
        }
        json!({
            "scenario": self.scenario,
            "method": self.method,
            "path": self.path,
            "headers": headers,
            "body": self.body,
            "at_ms": self.at_ms,
        })
    }
}

/// Which side ended a connection first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosedBy {
    Client,
    Server,
}

impl ClosedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            ClosedBy::Client => "client",
            ClosedBy::Server => "server",
        }
    }
}

/// One connection that asked for a scenario (control API connections are not recorded).
#[derive(Debug, Clone)]
pub struct ConnectionRecord {
    pub scenario: String,
    /// When the connection was accepted.
    pub opened_ms: u64,
    /// When the server saw the client go, or closed (or reset) the connection itself.
    pub closed_ms: Option<u64>,
    pub closed_by: Option<ClosedBy>,
}

impl ConnectionRecord {
    /// The JSON object the control API serves.
    pub fn to_json(&self) -> Value {
        json!({
            "scenario": self.scenario,
            "opened_ms": self.opened_ms,
            "closed_ms": self.closed_ms,
            "closed_by": self.closed_by.map(ClosedBy::as_str),
        })
    }
}

/// How a connection to the TLS listener began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsHandshake {
    Ok,
    Failed,
}

impl TlsHandshake {
    pub fn as_str(self) -> &'static str {
        match self {
            TlsHandshake::Ok => "ok",
            TlsHandshake::Failed => "failed",
        }
    }
}

/// One connection to the TLS listener.
#[derive(Debug, Clone)]
pub struct TlsConnectionRecord {
    /// When the handshake ended, done or failed.
    pub at_ms: u64,
    pub handshake: TlsHandshake,
    /// Why it failed (a client that does not trust the CA sends an alert that names it); `None`
    /// when it succeeded.
    pub error: Option<String>,
}

impl TlsConnectionRecord {
    /// The JSON object the control API serves.
    pub fn to_json(&self) -> Value {
        json!({
            "at_ms": self.at_ms,
            "handshake": self.handshake.as_str(),
            "error": self.error,
        })
    }
}

/// One request to the proxy listener.
#[derive(Debug, Clone)]
pub struct ProxyRequestRecord {
    /// `CONNECT`, `GET`, … as sent.
    pub method: String,
    /// The request target as sent: `host:port` for `CONNECT`, the absolute URL otherwise.
    pub target: String,
    /// Whether a `Proxy-Authorization` header came (its value is never kept).
    pub proxy_authorization: bool,
    /// When the request head had been read.
    pub at_ms: u64,
}

impl ProxyRequestRecord {
    /// The JSON object the control API serves.
    pub fn to_json(&self) -> Value {
        json!({
            "method": self.method,
            "target": self.target,
            "proxy_authorization": self.proxy_authorization,
            "at_ms": self.at_ms,
        })
    }
}

/// Names one entry of the connection log; an id cleared by a reset is simply not found.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ConnectionId(u64);

#[derive(Default)]
struct ConnectionLog {
    next_id: u64,
    entries: Vec<(u64, ConnectionRecord)>,
}

pub(crate) struct Records {
    started: Instant,
    requests: Mutex<Vec<RecordedRequest>>,
    trap_requests: Mutex<Vec<RecordedRequest>>,
    connections: Mutex<ConnectionLog>,
    tls_connections: Mutex<Vec<TlsConnectionRecord>>,
    proxy_requests: Mutex<Vec<ProxyRequestRecord>>,
}

impl Records {
    pub(crate) fn new() -> Self {
        Records {
            started: Instant::now(),
            requests: Mutex::default(),
            trap_requests: Mutex::default(),
            connections: Mutex::default(),
            tls_connections: Mutex::default(),
            proxy_requests: Mutex::default(),
        }
    }

    pub(crate) fn now_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    pub(crate) fn add_request(&self, request: RecordedRequest) {
        lock(&self.requests).push(request);
    }

    pub(crate) fn add_trap_request(&self, request: RecordedRequest) {
        lock(&self.trap_requests).push(request);
    }

    pub(crate) fn add_tls_connection(&self, connection: TlsConnectionRecord) {
        lock(&self.tls_connections).push(connection);
    }

    pub(crate) fn add_proxy_request(&self, request: ProxyRequestRecord) {
        lock(&self.proxy_requests).push(request);
    }

    pub(crate) fn open_connection(&self, scenario: &str, opened_ms: u64) -> ConnectionId {
        let mut log = lock(&self.connections);
        let id = log.next_id;
        log.next_id += 1;
        log.entries.push((
            id,
            ConnectionRecord {
                scenario: scenario.to_owned(),
                opened_ms,
                closed_ms: None,
                closed_by: None,
            },
        ));
        ConnectionId(id)
    }

    /// Records the first close only: whoever ended the connection first is the one reported.
    pub(crate) fn close_connection(&self, id: ConnectionId, by: ClosedBy) {
        let now = self.now_ms();
        let mut log = lock(&self.connections);
        if let Some((_, record)) = log
            .entries
            .iter_mut()
            .rev()
            .find(|(entry, _)| *entry == id.0)
        {
            if record.closed_by.is_none() {
                record.closed_ms = Some(now);
                record.closed_by = Some(by);
            }
        }
    }

    pub(crate) fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.requests).clone()
    }

    pub(crate) fn trap_requests(&self) -> Vec<RecordedRequest> {
        lock(&self.trap_requests).clone()
    }

    pub(crate) fn connections(&self) -> Vec<ConnectionRecord> {
        let log = lock(&self.connections);
        log.entries
            .iter()
            .map(|(_, record)| record.clone())
            .collect()
    }

    pub(crate) fn tls_connections(&self) -> Vec<TlsConnectionRecord> {
        lock(&self.tls_connections).clone()
    }

    pub(crate) fn proxy_requests(&self) -> Vec<ProxyRequestRecord> {
        lock(&self.proxy_requests).clone()
    }

    pub(crate) fn reset(&self) {
        lock(&self.requests).clear();
        lock(&self.trap_requests).clear();
        lock(&self.connections).entries.clear();
        lock(&self.tls_connections).clear();
        lock(&self.proxy_requests).clear();
    }
}

/// A panicking connection thread must not take the records down with it.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
