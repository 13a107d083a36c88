//! Client-side rate limits (opt-in): with [`RateLimitMode::Wait`], a call waits for a free slot
//! under the API's documented limits, and any the user sets, instead of drawing a `429`.
//!
//! A limit is a sliding window: at most `requests` sent in any span of `per`. The server counts
//! requests as they arrive, a little after they were sent and not all equally late, so each
//! window is held longer than the limit's span: by 5 %, and at least 250 ms. The limiter belongs to a client and is shared by every copy of it
//! (`clone`, `with_options`), so that all of them draw on the same budget.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use crate::error::{Error, Result};

/// At most `requests` calls in any span of `per`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    /// Calls allowed in one span.
    pub requests: u32,
    /// The span.
    pub per: Duration,
}

impl RateLimit {
    /// At most `requests` calls in any span of `per`.
    pub const fn new(requests: u32, per: Duration) -> Self {
        Self { requests, per }
    }

    /// At most `requests` calls a minute.
    pub const fn per_minute(requests: u32) -> Self {
        Self::new(requests, Duration::from_secs(60))
    }

    /// The span a sent call is counted in: the limit's, and more for the time the request takes
    /// to reach the server, which varies from one request to the next.
    fn held_for(&self) -> Duration {
        let margin = (self.per / 20).max(Duration::from_millis(250));
        self.per.saturating_add(margin)
    }
}

/// Whether a client limits its own calls.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum RateLimitMode {
    /// Calls go out at once; the server's `429` is retried as any other (the default).
    #[default]
    Off,
    /// A call waits for its slot under the documented limits and those set with
    /// `rate_limit_for`, so that the server never has to refuse it.
    Wait,
}

/// What a limit applies to: one operation, or every call of the client.
pub(crate) const EVERY_OPERATION: &str = "*";

/// The limits of one client and the calls each has counted.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    windows: Mutex<Vec<Window>>,
}

#[derive(Debug)]
struct Window {
    /// An operation name, or [`EVERY_OPERATION`].
    applies_to: String,
    limit: RateLimit,
    /// When each call still counted was let through, oldest first.
    sent: VecDeque<Instant>,
}

impl RateLimiter {
    /// The limiter of a client of an API with `operations`, its `documented` limits and the
    /// user's `configured` ones over them. An operation the API does not have is refused, so
    /// that a misspelt name does not leave calls unlimited.
    pub fn new(
        operations: &[&str],
        documented: &[(&str, RateLimit)],
        configured: &[(String, RateLimit)],
    ) -> Result<Self> {
        let mut windows: Vec<Window> = documented
            .iter()
            .map(|(operation, limit)| Window::new(operation.to_string(), *limit))
            .collect();
        for (operation, limit) in configured {
            if operation != EVERY_OPERATION && !operations.contains(&operation.as_str()) {
                return Err(Error::validation(
                    "rate_limits",
                    format!(
                        "{operation:?} is not an operation of this API; known: {}, or \
                         {EVERY_OPERATION:?} for every call",
                        operations.join(", ")
                    ),
                ));
            }
            if limit.requests == 0 || limit.per.is_zero() {
                return Err(Error::validation(
                    "rate_limits",
                    format!("{operation:?} needs at least one request in a span longer than 0"),
                ));
            }
            windows.retain(|window| window.applies_to != *operation);
            windows.push(Window::new(operation.clone(), *limit));
        }
        Ok(Self {
            windows: Mutex::new(windows),
        })
    }

    /// Waits until `operation` may be sent under every limit that applies to it, and counts it.
    /// Answers how long it waited.
    pub async fn acquire(&self, operation: &str) -> Duration {
        let started = Instant::now();
        loop {
            let wait = {
                let mut windows = self.windows.lock().unwrap_or_else(|e| e.into_inner());
                let now = Instant::now();
                let wait = windows
                    .iter_mut()
                    .filter(|window| window.applies_to(operation))
                    .map(|window| window.wait_at(now))
                    .max()
                    .unwrap_or_default();
                if wait.is_zero() {
                    // Counted in every window at once, so that a wait on one does not spend
                    // a slot of another.
                    for window in windows.iter_mut() {
                        if window.applies_to(operation) {
                            window.sent.push_back(now);
                        }
                    }
                    return started.elapsed();
                }
                wait
            };
            tokio::time::sleep(wait).await;
        }
    }
}

impl Window {
    fn new(applies_to: String, limit: RateLimit) -> Self {
        Self {
            applies_to,
            limit,
            sent: VecDeque::new(),
        }
    }

    fn applies_to(&self, operation: &str) -> bool {
        self.applies_to == operation || self.applies_to == EVERY_OPERATION
    }

    /// How long from `now` until this window has a free slot (zero when it has one), forgetting
    /// the calls that no longer count.
    fn wait_at(&mut self, now: Instant) -> Duration {
        let held_for = self.limit.held_for();
        while self
            .sent
            .front()
            .is_some_and(|sent| now.duration_since(*sent) >= held_for)
        {
            self.sent.pop_front();
        }
        if self.sent.len() < self.limit.requests as usize {
            return Duration::ZERO;
        }
        let oldest = *self.sent.front().expect("a full window holds calls");
        match oldest.checked_add(held_for) {
            Some(free) => free.saturating_duration_since(now),
            // A span past what the clock can count: the slot never frees.
            None => held_for,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPERATIONS: &[&str] = &["chat_stream", "export_conversation"];

    #[tokio::test(start_paused = true)]
    async fn a_full_window_makes_the_next_call_wait_for_its_oldest_slot() {
        let limiter = RateLimiter::new(
            OPERATIONS,
            &[("chat_stream", RateLimit::new(2, Duration::from_secs(10)))],
            &[],
        )
        .unwrap();
        assert_eq!(limiter.acquire("chat_stream").await, Duration::ZERO);
        tokio::time::advance(Duration::from_secs(1)).await;
        assert_eq!(limiter.acquire("chat_stream").await, Duration::ZERO);
        // The third waits until the first is 10.5 s old (the span, and 5 % of it).
        assert_eq!(
            limiter.acquire("chat_stream").await,
            Duration::from_millis(9_500)
        );
        // Other operations are not limited.
        assert_eq!(limiter.acquire("export_conversation").await, Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn a_configured_limit_replaces_the_documented_one_and_star_covers_every_call() {
        let limiter = RateLimiter::new(
            OPERATIONS,
            &[("chat_stream", RateLimit::per_minute(60))],
            &[
                (
                    "chat_stream".into(),
                    RateLimit::new(1, Duration::from_secs(1)),
                ),
                ("*".into(), RateLimit::new(2, Duration::from_secs(100))),
            ],
        )
        .unwrap();
        assert_eq!(limiter.acquire("chat_stream").await, Duration::ZERO);
        // 1 s, and at least 250 ms more.
        assert_eq!(
            limiter.acquire("chat_stream").await,
            Duration::from_millis(1_250)
        );
        // Two calls in 100 s, whatever the operation.
        let waited = limiter.acquire("export_conversation").await;
        assert!(waited > Duration::from_secs(100), "{waited:?}");
    }

    #[test]
    fn an_unknown_operation_or_an_empty_limit_is_refused() {
        let unknown = RateLimiter::new(
            OPERATIONS,
            &[],
            &[("chat".into(), RateLimit::per_minute(1))],
        )
        .unwrap_err();
        assert!(unknown.to_string().contains("chat_stream"), "{unknown}");
        let empty = RateLimiter::new(
            OPERATIONS,
            &[],
            &[("chat_stream".into(), RateLimit::per_minute(0))],
        )
        .unwrap_err();
        assert!(matches!(
            empty,
            Error::Validation {
                field: "rate_limits",
                ..
            }
        ));
    }
}
