//! When to retry a failed request, and how long to wait first.
//!
//! The rules: retry 408, 409, 429, 5xx and connection failures, at most `max_retries` times;
//! wait `initial_backoff · 2ⁿ`, capped, less up to a quarter at random so that clients spread
//! out; when the server names a delay (`retry-after-ms`, or `Retry-After` in seconds or as an HTTP
//! date), wait that if it is longer, unless it is longer than `max_server_delay`, in which case
//! give up. The backoff is a floor whatever the server says, so that `Retry-After: 0` cannot turn
//! the retries into a burst.
//! A stream that has delivered an event is never retried, and neither is anything the caller
//! cancelled.

use std::time::{Duration, SystemTime};

use http::{HeaderMap, StatusCode};

/// How a client retries. The defaults are those of the best SDKs of the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (so `max_retries + 1` attempts in all).
    pub max_retries: u32,
    /// The first backoff, doubled on each retry.
    pub initial_backoff: Duration,
    /// The longest backoff.
    pub max_backoff: Duration,
    /// The longest delay a server may ask for; past it, the request is not retried.
    pub max_server_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_server_delay: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// The backoff before retry number `retry` (0 for the first), before jitter.
    pub fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry);
        self.initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }

    /// The backoff with up to 25 % taken off at random.
    pub fn jittered_backoff(&self, retry: u32) -> Duration {
        self.backoff(retry).mul_f64(1.0 - 0.25 * fastrand::f64())
    }

    /// How long to wait before retry number `retry` after a response with `headers`: the
    /// longer of the backoff and the server's delay, or `None` when the server asked for longer
    /// than [`RetryPolicy::max_server_delay`].
    pub fn delay_after(
        &self,
        retry: u32,
        headers: &HeaderMap,
        now: SystemTime,
    ) -> Option<Duration> {
        let backoff = self.jittered_backoff(retry);
        match server_delay(headers, now) {
            Some(delay) if delay > self.max_server_delay => None,
            Some(delay) => Some(delay.max(backoff)),
            None => Some(backoff),
        }
    }
}

/// Whether a response with this status is worth another attempt.
pub fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 409 | 429) || status.is_server_error()
}

/// The delay the server asked for, if it named a usable one: `retry-after-ms` (milliseconds),
/// else `Retry-After` as seconds or as an HTTP date (a date in the past means now). Negative,
/// non-finite and unparseable values are ignored.
pub fn server_delay(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(ms) = header("retry-after-ms").and_then(non_negative_number) {
        return Some(Duration::from_secs_f64(ms / 1000.0));
    }
    let value = header("retry-after")?;
    if let Some(seconds) = non_negative_number(value) {
        return Some(Duration::from_secs_f64(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A finite, non-negative number small enough to be a duration.
fn non_negative_number(text: &str) -> Option<f64> {
    let number: f64 = text.parse().ok()?;
    // A year bounds what Duration::from_secs_f64 is asked to hold; anything near it is refused
    // by max_server_delay anyway.
    (number.is_finite() && (0.0..=31_536_000_000.0).contains(&number)).then_some(number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (http::HeaderName::from_static(name), value.parse().unwrap()))
            .collect()
    }

    #[test]
    fn server_delay_table() {
        let now = httpdate::parse_http_date("Mon, 23 Nov 2026 10:00:00 GMT").unwrap();
        type Case = (&'static [(&'static str, &'static str)], Option<Duration>);
        let cases: &[Case] = &[
            (
                &[("retry-after-ms", "1500")],
                Some(Duration::from_millis(1500)),
            ),
            (
                &[("retry-after-ms", "12.5")],
                Some(Duration::from_micros(12_500)),
            ),
            (&[("retry-after", "3")], Some(Duration::from_secs(3))),
            (&[("retry-after", "0")], Some(Duration::ZERO)),
            (&[("retry-after", " 2 ")], Some(Duration::from_secs(2))),
            (&[("retry-after", "1.5")], Some(Duration::from_millis(1500))),
            (
                &[("retry-after", "Mon, 23 Nov 2026 10:00:30 GMT")],
                Some(Duration::from_secs(30)),
            ),
            (
                &[("retry-after", "Mon, 23 Nov 2026 09:59:00 GMT")],
                Some(Duration::ZERO),
            ),
            (
                &[("retry-after-ms", "200"), ("retry-after", "9")],
                Some(Duration::from_millis(200)),
            ),
            (
                &[("retry-after-ms", "-5"), ("retry-after", "4")],
                Some(Duration::from_secs(4)),
            ),
            (&[("retry-after", "-5")], None),
            (&[("retry-after", "soon")], None),
            (&[("retry-after", "NaN")], None),
            (&[("retry-after", "inf")], None),
            (&[("retry-after", "")], None),
            (&[("retry-after", "1e400")], None),
            (&[("retry-after", "99999999999999999999")], None),
            (&[], None),
        ];
        for (pairs, expected) in cases {
            assert_eq!(server_delay(&headers(pairs), now), *expected, "{pairs:?}");
        }
    }

    #[test]
    fn huge_server_delay_means_no_retry() {
        let policy = RetryPolicy::default();
        let now = SystemTime::now();
        assert_eq!(
            policy.delay_after(0, &headers(&[("retry-after", "60")]), now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            policy.delay_after(0, &headers(&[("retry-after", "61")]), now),
            None
        );
        assert_eq!(
            policy.delay_after(0, &headers(&[("retry-after", "86400")]), now),
            None
        );
    }

    #[test]
    fn backoff_doubles_from_half_a_second_to_eight_with_a_quarter_of_jitter() {
        let policy = RetryPolicy::default();
        let expected = [500, 1000, 2000, 4000, 8000, 8000];
        for (retry, ms) in expected.iter().enumerate() {
            assert_eq!(policy.backoff(retry as u32), Duration::from_millis(*ms));
        }
        assert_eq!(
            policy.backoff(u32::MAX),
            Duration::from_secs(8),
            "no overflow"
        );
        for _ in 0..1000 {
            let jittered = policy.jittered_backoff(1);
            assert!(
                jittered <= Duration::from_millis(1000) && jittered >= Duration::from_millis(750)
            );
        }
        let delay = policy
            .delay_after(2, &HeaderMap::new(), SystemTime::now())
            .unwrap();
        assert!(delay <= Duration::from_secs(2) && delay >= Duration::from_millis(1500));
    }

    #[test]
    fn a_server_delay_shorter_than_the_backoff_waits_the_backoff() {
        let policy = RetryPolicy::default();
        let now = SystemTime::now();
        for header in [
            ("retry-after", "0"),
            ("retry-after-ms", "0"),
            ("retry-after-ms", "10"),
        ] {
            for retry in 0..4 {
                let delay = policy.delay_after(retry, &headers(&[header]), now).unwrap();
                assert!(
                    delay >= policy.backoff(retry).mul_f64(0.75),
                    "{header:?} {delay:?}"
                );
            }
        }
        assert_eq!(
            policy.delay_after(0, &headers(&[("retry-after", "3")]), now),
            Some(Duration::from_secs(3))
        );
    }

    #[test]
    fn retryable_statuses() {
        let retryable: Vec<u16> = (100..600)
            .filter(|s| is_retryable_status(StatusCode::from_u16(*s).unwrap()))
            .collect();
        let mut expected = vec![408, 409, 429];
        expected.extend(500..600);
        assert_eq!(retryable, expected);
    }
}
