//! The request log: every API request the mock received, and how its response ended.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::faults::FaultKind;

/// How a response ended, as the mock saw it.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Still being written.
    InProgress,
    /// Written to the end.
    Complete,
    /// The client went away before the end.
    ClientClosed,
    /// A fault closed or reset the connection.
    Aborted,
}

/// One logged request.
#[derive(Clone, Debug, Serialize)]
pub struct LogEntry {
    pub id: u64,
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: BTreeMap<String, String>,
    pub body: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fault: Option<FaultKind>,
    pub events_sent: usize,
    pub outcome: Outcome,
    /// When a streamed response ended as the mock saw it, in microseconds since the Unix epoch:
    /// a client on the same machine measures its cancellation latency against it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended_at_us: Option<u64>,
}

/// The oldest entries are dropped past this many, so long load runs stay bounded.
const CAPACITY: usize = 100_000;

/// The shared request log.
#[derive(Clone, Default)]
pub(crate) struct RequestLog {
    inner: Arc<Mutex<LogInner>>,
}

#[derive(Default)]
struct LogInner {
    next_id: u64,
    entries: VecDeque<LogEntry>,
}

impl LogInner {
    fn entry_mut(&mut self, id: u64) -> Option<&mut LogEntry> {
        let first = self.entries.front()?.id;
        let index = usize::try_from(id.checked_sub(first)?).ok()?;
        self.entries.get_mut(index)
    }
}

impl RequestLog {
    /// Records a new request and answers its id.
    pub fn record(&self, mut entry: LogEntry) -> u64 {
        let mut inner = self.inner.lock().unwrap();
        inner.next_id += 1;
        entry.id = inner.next_id;
        if inner.entries.len() == CAPACITY {
            inner.entries.pop_front();
        }
        inner.entries.push_back(entry);
        inner.next_id
    }

    /// Changes the entry `id`, if it is still kept.
    pub fn update(&self, id: u64, change: impl FnOnce(&mut LogEntry)) {
        if let Some(entry) = self.inner.lock().unwrap().entry_mut(id) {
            change(entry);
        }
    }

    pub fn entries(&self) -> Vec<LogEntry> {
        self.inner.lock().unwrap().entries.iter().cloned().collect()
    }

    pub fn clear(&self) {
        self.inner.lock().unwrap().entries.clear();
    }

    /// A handle for a streamed response that records its progress and, when dropped before the
    /// end, that the client went away.
    pub fn stream_progress(&self, id: u64) -> StreamProgress {
        StreamProgress {
            log: self.clone(),
            id,
            finished: false,
        }
    }
}

/// Tracks one streamed response in the log; see [`RequestLog::stream_progress`].
pub(crate) struct StreamProgress {
    log: RequestLog,
    id: u64,
    finished: bool,
}

impl StreamProgress {
    pub fn sent(&self, events: usize) {
        self.log.update(self.id, |e| e.events_sent = events);
    }

    pub fn finish(&mut self, outcome: Outcome) {
        self.finished = true;
        self.end(outcome);
    }

    fn end(&self, outcome: Outcome) {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        self.log.update(self.id, |e| {
            e.outcome = outcome;
            e.ended_at_us = Some(now.as_micros() as u64);
        });
    }
}

impl Drop for StreamProgress {
    fn drop(&mut self) {
        // hyper drops the body without finishing it only when the connection went away.
        if !self.finished {
            self.end(Outcome::ClientClosed);
        }
    }
}

/// The variable naming a folder where every request is also written, one JSON line each, raw
/// body included, for checks that outlive the process (the SDK's requests against the specs).
pub const REQUEST_LOG_DIR_VAR: &str = "CHATWIRE_MOCK_REQUEST_LOG";

/// The file of this process's requests under [`REQUEST_LOG_DIR_VAR`], when it is set.
fn request_log_file() -> Option<&'static Mutex<std::fs::File>> {
    static FILE: std::sync::OnceLock<Option<Mutex<std::fs::File>>> = std::sync::OnceLock::new();
    FILE.get_or_init(|| {
        let dir = std::path::PathBuf::from(std::env::var_os(REQUEST_LOG_DIR_VAR)?);
        std::fs::create_dir_all(&dir).ok()?;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join(format!("requests-{}.jsonl", std::process::id())))
            .ok()?;
        Some(Mutex::new(file))
    })
    .as_ref()
}

/// Writes one request to the file of [`REQUEST_LOG_DIR_VAR`], when it is set.
pub(crate) fn write_request(
    method: &str,
    path: &str,
    query: &str,
    headers: &BTreeMap<String, String>,
    body: &[u8],
) {
    use base64::Engine as _;
    use std::io::Write as _;

    let Some(file) = request_log_file() else {
        return;
    };
    let line = serde_json::json!({
        "method": method,
        "path": path,
        "query": query,
        "headers": headers,
        "body_base64": base64::engine::general_purpose::STANDARD.encode(body),
    });
    let mut file = file.lock().unwrap();
    // One write per line, under the lock, so that lines of concurrent requests do not interleave.
    let _ = file.write_all(format!("{line}\n").as_bytes());
}
