//! A live session's watcher: it polls `operator-messages`, `pending-proactive` and
//! `block-status` and yields what changed, each message once.
//!
//! A failed poll is tried again after a back-off (the server's `Retry-After` when it gives one),
//! up to a budget of failures in a row; past it, or on an error no retry can mend (a bad site
//! key), the watcher yields the error and ends. Dropping it, or [`Watch::close`], stops it at
//! once: the request in flight is abandoned and no other is sent.

use std::collections::{HashMap, HashSet, VecDeque};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;
use serde_json::Value;
use tokio::time::Instant;

use super::{ChatMode, Client, OperatorMessage, ProactiveMessage};
use crate::error::{Error, Result};
use crate::transport::{deadline_after, RequestOptions};

/// The longest `Retry-After` a watcher waits; past it, it ends with the error.
const MAX_SERVER_DELAY: Duration = Duration::from_secs(60);

/// Message keys a watcher remembers to tell a message it has yielded from a new one; past this
/// many, the oldest are forgotten.
const REMEMBERED_MESSAGES: usize = 4096;

/// What a watcher yields.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum WatchEvent {
    /// A message from a human operator, each once, in the order the server gave them.
    OperatorMessage(OperatorMessage),
    /// Who answers the visitor changed. A watcher starts from `ai`, the widget's default, so a
    /// session already in operator mode yields `ai` → `operator` first.
    ModeChanged {
        /// Who answered before.
        from: ChatMode,
        /// Who answers now.
        to: ChatMode,
    },
    /// A proactive (nudge) message for the visitor, each once.
    ProactiveMessage(ProactiveMessage),
    /// The visitor was blocked (also first, when already blocked as the watcher starts).
    VisitorBlocked,
    /// The visitor was unblocked.
    VisitorUnblocked,
}

/// How a watcher polls.
#[derive(Clone, Debug)]
pub struct WatchOptions {
    /// The time between two polls (default 2 s).
    pub interval: Duration,
    /// Failed polls in a row a watcher retries before it ends with the error (default 5).
    pub max_failures: u32,
    /// The longest one request of a poll may take; a poll that stalls past it fails, and is
    /// retried as any other failure (default 30 s).
    pub poll_timeout: Duration,
    /// While the watcher sees the session in operator mode, the client's `chat_stream` for it
    /// refuses with [`Error::OperatorMode`], so that the AI does not answer over the operator
    /// (default off).
    pub pause_ai_in_operator_mode: bool,
}

impl Default for WatchOptions {
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(2),
            max_failures: 5,
            poll_timeout: Duration::from_secs(30),
            pause_ai_in_operator_mode: false,
        }
    }
}

impl WatchOptions {
    /// Polls every `interval`.
    pub fn every(interval: Duration) -> Self {
        Self {
            interval,
            ..Self::default()
        }
    }

    /// Failed polls in a row retried before the watcher ends.
    pub fn max_failures(mut self, failures: u32) -> Self {
        self.max_failures = failures;
        self
    }

    /// The longest one request of a poll may take.
    pub fn poll_timeout(mut self, timeout: Duration) -> Self {
        self.poll_timeout = timeout;
        self
    }

    /// Whether `chat_stream` refuses while the session is in operator mode.
    pub fn pause_ai_in_operator_mode(mut self, pause: bool) -> Self {
        self.pause_ai_in_operator_mode = pause;
        self
    }
}

/// The sessions a client's watchers see in operator mode, shared by the copies of a client, with
/// how many watchers hold each.
pub(crate) type OperatorSessions = Arc<Mutex<HashMap<String, usize>>>;

/// Whether a watcher of `sessions` holds `session_id` in operator mode.
pub(crate) fn in_operator_mode(sessions: &OperatorSessions, session_id: &str) -> bool {
    sessions
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .contains_key(session_id)
}

/// A session's watcher: a [`Stream`] of [`WatchEvent`]s, also read with [`Watch::next`].
pub struct Watch {
    events: Pin<Box<dyn Stream<Item = Result<WatchEvent>> + Send>>,
}

impl std::fmt::Debug for Watch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watch").finish_non_exhaustive()
    }
}

impl Watch {
    pub(crate) fn new(client: &Client, session_id: String, options: WatchOptions) -> Self {
        // The watcher backs off by its own budget; a retry inside each poll would multiply it.
        let client = client.with_options(
            &RequestOptions::new()
                .max_retries(0)
                .timeout(options.poll_timeout),
        );
        let watcher = Watcher {
            pause: options.pause_ai_in_operator_mode.then(|| Pause {
                sessions: Arc::clone(&client.operator_sessions),
                session_id: session_id.clone(),
                held: false,
            }),
            client,
            session_id,
            options,
            mode: ChatMode::Ai,
            blocked: false,
            seen: Seen::default(),
            ready: VecDeque::new(),
            failures: 0,
            next_poll: None,
            ending: None,
            ended: false,
        };
        let events = futures_util::stream::unfold(watcher, |mut watcher| async move {
            watcher.next_event().await.map(|event| (event, watcher))
        });
        Self {
            events: Box::pin(events),
        }
    }

    /// The next event; `None` once the watcher has ended or was closed.
    pub async fn next(&mut self) -> Option<Result<WatchEvent>> {
        futures_util::StreamExt::next(self).await
    }

    /// Stops the watcher: the poll in flight is abandoned and no other request is sent.
    pub fn close(&mut self) {
        self.events = Box::pin(futures_util::stream::empty());
    }
}

impl Stream for Watch {
    type Item = Result<WatchEvent>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.events.as_mut().poll_next(cx)
    }
}

/// The polling loop behind a [`Watch`].
struct Watcher {
    client: Client,
    session_id: String,
    options: WatchOptions,
    mode: ChatMode,
    blocked: bool,
    seen: Seen,
    ready: VecDeque<WatchEvent>,
    /// Failed polls in a row.
    failures: u32,
    /// When to poll next; `None` for at once.
    next_poll: Option<Instant>,
    /// The error that ends the watcher, yielded once the events before it are.
    ending: Option<Error>,
    ended: bool,
    pause: Option<Pause>,
}

impl Watcher {
    async fn next_event(&mut self) -> Option<Result<WatchEvent>> {
        loop {
            if let Some(event) = self.ready.pop_front() {
                return Some(Ok(event));
            }
            if self.ended {
                return None;
            }
            if let Some(error) = self.ending.take() {
                self.ended = true;
                return Some(Err(error));
            }
            if let Some(at) = self.next_poll {
                tokio::time::sleep_until(at).await;
            }
            match self.poll().await {
                Ok(()) => {
                    self.failures = 0;
                    self.next_poll = Some(deadline_after(self.options.interval));
                }
                Err(error) => match self.delay_after(&error) {
                    Some(delay) => {
                        self.failures += 1;
                        tracing::warn!(
                            target: "chatwire::http",
                            client = self.client.log_id(),
                            provider = "vexar",
                            failures = self.failures,
                            retry_in_ms = delay.as_millis() as u64,
                            error = %error,
                            "watch poll failed"
                        );
                        self.next_poll = Some(deadline_after(delay));
                    }
                    None => self.ending = Some(error),
                },
            }
        }
    }

    /// How long to wait before the next poll after `error`, or `None` to end with it.
    fn delay_after(&self, error: &Error) -> Option<Duration> {
        if !error.is_retryable() || self.failures >= self.options.max_failures {
            return None;
        }
        match error.retry_after() {
            Some(asked) if asked > MAX_SERVER_DELAY => None,
            Some(asked) => Some(asked),
            None => Some(
                self.client
                    .transport
                    .retry_policy()
                    .jittered_backoff(self.failures),
            ),
        }
    }

    /// One round of the three calls. What each answers is queued as it comes, so that a later
    /// call's failure loses nothing the server delivered (operator messages are delivered once).
    async fn poll(&mut self) -> Result<()> {
        let operator = self.client.get_operator_messages(&self.session_id).await?;
        if operator.mode != self.mode {
            let from = std::mem::replace(&mut self.mode, operator.mode.clone());
            if let Some(pause) = &mut self.pause {
                pause.hold(self.mode == ChatMode::Operator);
            }
            self.ready.push_back(WatchEvent::ModeChanged {
                from,
                to: self.mode.clone(),
            });
        }
        for message in operator.messages {
            if self.seen.first_time("operator", &message) {
                self.ready.push_back(WatchEvent::OperatorMessage(message));
            }
        }
        let proactive = self.client.get_pending_proactive(&self.session_id).await?;
        for message in proactive.messages {
            if self.seen.first_time("proactive", &message) {
                self.ready.push_back(WatchEvent::ProactiveMessage(message));
            }
        }
        let status = self.client.get_block_status(&self.session_id).await?;
        if status.blocked != self.blocked {
            self.blocked = status.blocked;
            self.ready.push_back(if status.blocked {
                WatchEvent::VisitorBlocked
            } else {
                WatchEvent::VisitorUnblocked
            });
        }
        Ok(())
    }
}

/// The messages a watcher has yielded, by key: a message's `id` when it has one, else the
/// whole message, so that one sent again by a later poll is not yielded twice.
#[derive(Default)]
struct Seen {
    keys: HashSet<String>,
    order: VecDeque<String>,
}

impl Seen {
    fn first_time(&mut self, kind: &str, message: &OperatorMessage) -> bool {
        let key = match message.extra.get("id") {
            Some(id @ (Value::String(_) | Value::Number(_))) => format!("{kind} id {id}"),
            _ => format!(
                "{kind} {}",
                serde_json::to_string(message).expect("a message serializes")
            ),
        };
        if !self.keys.insert(key.clone()) {
            return false;
        }
        self.order.push_back(key);
        if self.order.len() > REMEMBERED_MESSAGES {
            if let Some(oldest) = self.order.pop_front() {
                self.keys.remove(&oldest);
            }
        }
        true
    }
}

/// A watcher's hold on its session's operator mode in the client's [`OperatorSessions`],
/// released when the mode goes back to `ai` or the watcher stops.
struct Pause {
    sessions: OperatorSessions,
    session_id: String,
    held: bool,
}

impl Pause {
    fn hold(&mut self, operator: bool) {
        if operator == self.held {
            return;
        }
        let mut sessions = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        if operator {
            *sessions.entry(self.session_id.clone()).or_default() += 1;
        } else if let Some(count) = sessions.get_mut(&self.session_id) {
            *count -= 1;
            if *count == 0 {
                sessions.remove(&self.session_id);
            }
        }
        self.held = operator;
    }
}

impl Drop for Pause {
    fn drop(&mut self) {
        self.hold(false);
    }
}
