//! Fixed-window rate limits, keyed by limit name and subject (client IP or user).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// One limit: at most `limit` requests per `window_ms`.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Limit {
    /// Requests allowed in one window.
    pub limit: u32,
    /// The window's length in milliseconds.
    pub window_ms: u64,
}

impl Limit {
    const fn per_minute(limit: u32) -> Self {
        Self {
            limit,
            window_ms: 60_000,
        }
    }
}

/// The names of the limits the mock enforces.
pub const LIMIT_NAMES: [&str; 5] = [
    "mevichat_chat",
    "mevichat_export",
    "widgetkey_chat",
    "vexar",
    "devapi",
];

pub(crate) struct RateLimits {
    limits: HashMap<&'static str, Limit>,
    windows: HashMap<(&'static str, String), (Instant, u32)>,
}

impl RateLimits {
    /// The documented limits; Vexar and the Developer API document none.
    pub fn documented() -> Self {
        let limits = HashMap::from([
            ("mevichat_chat", Limit::per_minute(60)),
            ("mevichat_export", Limit::per_minute(30)),
            ("widgetkey_chat", Limit::per_minute(60)),
        ]);
        Self {
            limits,
            windows: HashMap::new(),
        }
    }

    /// Every limit raised so far that nothing reaches it.
    pub fn relaxed() -> Self {
        let limits = LIMIT_NAMES
            .iter()
            .map(|&name| (name, Limit::per_minute(1_000_000)))
            .collect();
        Self {
            limits,
            windows: HashMap::new(),
        }
    }

    pub fn set(&mut self, name: &'static str, limit: Option<Limit>) {
        match limit {
            Some(limit) => self.limits.insert(name, limit),
            None => self.limits.remove(name),
        };
        self.windows.retain(|(n, _), _| *n != name);
    }

    pub fn current(&self) -> HashMap<&'static str, Limit> {
        self.limits.clone()
    }

    /// Counts one request of `subject` against `name`; `Err` carries the time to the window's end.
    pub fn check(&mut self, name: &'static str, subject: &str) -> Result<(), Duration> {
        let Some(limit) = self.limits.get(name).copied() else {
            return Ok(());
        };
        let window = Duration::from_millis(limit.window_ms);
        let now = Instant::now();
        let (start, count) = self
            .windows
            .entry((name, subject.to_owned()))
            .or_insert((now, 0));
        if now.duration_since(*start) >= window {
            *start = now;
            *count = 0;
        }
        if *count >= limit.limit {
            return Err(window.saturating_sub(now.duration_since(*start)));
        }
        *count += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_allows_its_count_then_refuses_until_the_window_ends() {
        let mut limits = RateLimits::documented();
        limits.set(
            "vexar",
            Some(Limit {
                limit: 2,
                window_ms: 50,
            }),
        );
        assert!(limits.check("vexar", "ip").is_ok());
        assert!(limits.check("vexar", "ip").is_ok());
        let wait = limits.check("vexar", "ip").unwrap_err();
        assert!(wait <= Duration::from_millis(50));
        assert!(
            limits.check("vexar", "other-ip").is_ok(),
            "subjects are counted apart"
        );
        std::thread::sleep(Duration::from_millis(60));
        assert!(limits.check("vexar", "ip").is_ok());
    }

    #[test]
    fn unset_limit_never_refuses() {
        let mut limits = RateLimits::documented();
        assert!((0..1000).all(|_| limits.check("devapi", "ip").is_ok()));
    }
}
