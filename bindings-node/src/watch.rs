//! Vexar's watcher as a JS class: `vexar.watch()` answers it at once; the package's JS wraps
//! its `_next()` in `[Symbol.asyncIterator]`. The core's watcher polls only while a `next()`
//! waits, so nothing is sent between two reads; `close()`, the caller's signal and the object's
//! collection drop it at once, with the request in flight, so that nothing more is sent.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use chatwire::vexar;
use napi::bindgen_prelude::PromiseRaw;
use napi::Env;
use napi_derive::napi;
use tokio_util::sync::CancellationToken;

use crate::convert::FromCore;
use crate::errors::Failure;
use crate::from_js::{Millis, Signal};
use crate::models::VexarOperatorMessage;
use crate::options::AbortLink;

/// `watch`'s params.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct VexarWatchParams<'a> {
    /// The visitor's session.
    pub session_id: String,
    /// The time between two polls, in ms (default 2,000).
    #[napi(ts_type = "number")]
    pub interval_ms: Option<Millis>,
    /// Failed polls in a row retried (after a back-off, or the server's `Retry-After`) before
    /// the watcher ends with the error (default 5).
    pub max_failures: Option<u32>,
    /// The longest one request of a poll may take, in ms (default 30,000); a poll that stalls
    /// past it fails, and is retried as any other failure. It stands in for the client's
    /// `timeout` on the watcher's polls.
    #[napi(ts_type = "number")]
    pub poll_timeout_ms: Option<Millis>,
    /// While the watcher sees the session in operator mode, `chatStream` of that session on
    /// this client (and its copies) rejects with an `OperatorModeError`, so that the AI does
    /// not answer over the operator (default `false`).
    pub pause_ai_in_operator_mode: Option<bool>,
    /// Stops the watcher: the pending `next()` rejects with an `APIUserAbortError`, and no
    /// request is sent after.
    #[napi(ts_type = "AbortSignal")]
    pub signal: Option<Signal<'a>>,
}

from_js!(VexarWatchParams<'_> as "parameter" {
    session_id, interval_ms, max_failures, poll_timeout_ms, pause_ai_in_operator_mode, signal
});

impl VexarWatchParams<'_> {
    /// The core's options.
    pub fn options(&self) -> vexar::WatchOptions {
        let mut options = vexar::WatchOptions::default();
        if let Some(Millis(interval)) = self.interval_ms {
            options = vexar::WatchOptions::every(interval);
        }
        if let Some(failures) = self.max_failures {
            options = options.max_failures(failures);
        }
        if let Some(Millis(timeout)) = self.poll_timeout_ms {
            options = options.poll_timeout(timeout);
        }
        if let Some(pause) = self.pause_ai_in_operator_mode {
            options = options.pause_ai_in_operator_mode(pause);
        }
        options
    }
}

/// What a watcher yields, discriminated by `type`.
#[napi(
    discriminant = "type",
    discriminant_case = "snake_case",
    object_from_js = false
)]
pub enum VexarWatchEvent {
    /// A message from a human operator, each once, in the order the server gave them.
    OperatorMessage {
        /// The message.
        message: VexarOperatorMessage,
    },
    /// Who answers the visitor changed (a watcher starts from `'ai'`, so a session already in
    /// operator mode yields `'ai'` → `'operator'` first).
    ModeChanged {
        /// Who answered before: `'ai'` or `'operator'`.
        from: String,
        /// Who answers now: `'ai'` or `'operator'`.
        to: String,
    },
    /// A proactive (nudge) message for the visitor, each once.
    ProactiveMessage {
        /// The message.
        message: VexarOperatorMessage,
    },
    /// The visitor was blocked (also first, when already blocked as the watcher starts).
    VisitorBlocked,
    /// The visitor was unblocked.
    VisitorUnblocked,
}

impl VexarWatchEvent {
    /// The JS event of a core one; `None` for a kind this binding does not know yet.
    fn of(event: vexar::WatchEvent) -> Option<Self> {
        use vexar::WatchEvent as Core;
        Some(match event {
            Core::OperatorMessage(message) => Self::OperatorMessage {
                message: FromCore::from_core(message),
            },
            Core::ModeChanged { from, to } => Self::ModeChanged {
                from: FromCore::from_core(from),
                to: FromCore::from_core(to),
            },
            Core::ProactiveMessage(message) => Self::ProactiveMessage {
                message: FromCore::from_core(message),
            },
            Core::VisitorBlocked => Self::VisitorBlocked,
            Core::VisitorUnblocked => Self::VisitorUnblocked,
            _ => return None,
        })
    }
}

/// A Vexar session's watcher: `for await (const event of vexar.watch({ sessionId }))`.
#[napi]
pub struct VexarWatch {
    /// The core's watcher, until it ends or is stopped.
    watch: Arc<tokio::sync::Mutex<Option<vexar::Watch>>>,
    /// Fired by `close()`, by the caller's signal and by the collection of this object.
    closing: CancellationToken,
    /// Fired by the caller's signal only: an abort is an error, a close is an end.
    aborted: CancellationToken,
    /// Whether a `next()` has rejected with the abort already; later ones end.
    abort_told: Arc<AtomicBool>,
    link: Arc<Mutex<Option<AbortLink>>>,
}

impl Drop for VexarWatch {
    fn drop(&mut self) {
        self.closing.cancel();
    }
}

impl VexarWatch {
    pub fn new(watch: vexar::Watch, link: AbortLink) -> Self {
        let closing = link.token();
        let watch = Arc::new(tokio::sync::Mutex::new(Some(watch)));
        // Dropped as soon as it is stopped, whether or not a `next()` waits: with it go the
        // request in flight and its hold on the session's operator mode.
        let (slot, stopped) = (watch.clone(), closing.clone());
        napi::bindgen_prelude::within_runtime_if_available(|| {
            tokio::spawn(async move {
                stopped.cancelled().await;
                slot.lock().await.take();
            })
        });
        Self {
            watch,
            closing,
            aborted: link.aborted(),
            abort_told: Arc::new(AtomicBool::new(false)),
            link: Arc::new(Mutex::new(Some(link))),
        }
    }
}

#[napi]
impl VexarWatch {
    /// The next event, or `null` once the watcher has ended or was closed (what the async
    /// iterator reads).
    #[napi(js_name = "_next", skip_typescript, catch_unwind)]
    pub fn next<'env>(
        &self,
        env: &'env Env,
    ) -> napi::Result<PromiseRaw<'env, Option<VexarWatchEvent>>> {
        let slot = self.watch.clone();
        let (closing, aborted) = (self.closing.clone(), self.aborted.clone());
        let abort_told = self.abort_told.clone();
        let next = async move {
            let outcome = async {
                if aborted.is_cancelled() && !abort_told.swap(true, Ordering::SeqCst) {
                    return Err(Failure::Aborted);
                }
                let mut slot = slot.lock().await;
                loop {
                    let Some(watch) = slot.as_mut() else {
                        return Ok(None);
                    };
                    let event = tokio::select! {
                        biased;
                        _ = closing.cancelled() => {
                            *slot = None;
                            return match aborted.is_cancelled()
                                && !abort_told.swap(true, Ordering::SeqCst)
                            {
                                true => Err(Failure::Aborted),
                                false => Ok(None),
                            };
                        }
                        event = watch.next() => event,
                    };
                    match event {
                        Some(Ok(event)) => {
                            if let Some(event) = VexarWatchEvent::of(event) {
                                return Ok(Some(event));
                            }
                        }
                        Some(Err(error)) => {
                            *slot = None;
                            return Err(Failure::from(error));
                        }
                        None => {
                            *slot = None;
                            return Ok(None);
                        }
                    }
                }
            };
            Ok::<_, napi::Error>(outcome.await)
        };
        let link = self.link.clone();
        env.spawn_future_with_callback(next, move |env, outcome| {
            if !matches!(outcome, Ok(Some(_))) {
                detach(&link, env);
            }
            outcome.map_err(|failure| failure.into_js(env))
        })
    }

    /// Stops the watcher: the poll in flight is abandoned, no other request is sent, and the
    /// iteration ends.
    #[napi(catch_unwind)]
    pub fn close(&self, env: &Env) {
        self.closing.cancel();
        if let Ok(mut watch) = self.watch.try_lock() {
            watch.take();
        }
        detach(&self.link, env);
    }
}

fn detach(link: &Mutex<Option<AbortLink>>, env: &Env) {
    if let Some(mut link) = link.lock().unwrap_or_else(PoisonError::into_inner).take() {
        link.detach(env);
    }
}
