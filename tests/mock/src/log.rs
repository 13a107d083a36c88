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
        self.log.update(self.id, |e| e.outcome = outcome);
    }
}

impl Drop for StreamProgress {
    fn drop(&mut self) {
        // hyper drops the body without finishing it only when the connection went away.
        if !self.finished {
            self.log
                .update(self.id, |e| e.outcome = Outcome::ClientClosed);
        }
    }
}
