//! The one error type of the crate, by kind. Messages never hold keys or JWTs.

use std::time::Duration;

/// A boxed cause, for the kinds that wrap one.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// What went wrong. Each kind says whether a retry could help ([`Error::is_retryable`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No HTTP response: the connection was refused or reset, or the body broke off mid-way.
    #[error("connection failed: {message}")]
    Connection {
        /// What failed, in words.
        message: String,
        /// The underlying error.
        #[source]
        source: Option<BoxError>,
    },

    /// No response within the connect or request timeout.
    #[error("request timed out after {after:?}")]
    Timeout {
        /// The timeout that ran out.
        after: Duration,
    },

    /// A stream sent no event for the idle timeout (comments and keep-alives do not count).
    #[error("no event for {after:?}; the stream was closed")]
    IdleTimeout {
        /// The idle timeout that ran out.
        after: Duration,
    },

    /// A stream ran past its whole-stream deadline (`stream_timeout`), counted from the start of
    /// the call that opened it, and was closed.
    #[error("the stream ran past its deadline of {after:?} and was closed")]
    StreamDeadline {
        /// The deadline that ran out.
        after: Duration,
    },

    /// The server answered with an error status.
    #[error(transparent)]
    Api(Box<ApiError>),

    /// The server answered with a redirect that was not followed: one to another origin
    /// (scheme, host or port), where the request's credentials must not go, or one past the
    /// cap on redirects within the origin.
    #[error("redirect not followed: {status} to {location} ({reason})")]
    Redirect {
        /// The redirect's status (301, 302, 303, 307 or 308).
        status: u16,
        /// Where it pointed, resolved, without its query (which may echo a key); empty when
        /// its `Location` was missing or not a URL.
        location: String,
        /// Why it was not followed.
        reason: RedirectRefusal,
    },

    /// The stream reported an error in an event, where a helper (such as `text()`) needed a
    /// successful reply. Streams themselves deliver such events as events.
    #[error("the stream reported an error: {code}: {message}")]
    StreamError {
        /// The provider's code for it (Mevichat's `quota_exceeded`, say).
        code: String,
        /// The provider's message.
        message: String,
    },

    /// A response body or an event could not be decoded.
    #[error("could not decode {what}: {reason}")]
    Decode {
        /// What was being decoded (`"event token"`, `"response body"`).
        what: String,
        /// Why it failed.
        reason: String,
        /// The raw text, as received (truncated to 4 KiB).
        raw: String,
    },

    /// A Vexar chat was refused before it was sent: a watcher with `pause_ai_in_operator_mode`
    /// sees its session in operator mode, where a human operator answers.
    #[error(
        "session {session_id:?} is in operator mode: a human operator answers, so the AI is paused"
    )]
    OperatorMode {
        /// The session.
        session_id: String,
    },

    /// A file could not be read or written (a bulk export's).
    #[error("cannot {action} {}: {source}", path.display())]
    File {
        /// What was being done (`write`, `make the directory`).
        action: &'static str,
        /// The file or directory.
        path: std::path::PathBuf,
        /// The system's error.
        #[source]
        source: std::io::Error,
    },

    /// The input was refused before any request was sent.
    #[error("invalid {field}: {reason}")]
    Validation {
        /// The offending field, by its API name.
        field: &'static str,
        /// Why it was refused.
        reason: String,
    },

    /// The stream ended before its terminal event: the server closed it early, or the connection
    /// broke (then `source` says how).
    #[error("the stream ended before its terminal event, after {events} events")]
    StreamEnded {
        /// Events received before the end (errors, such as an event that did not decode, are not
        /// counted).
        events: usize,
        /// The connection error, when the connection broke rather than closed.
        #[source]
        source: Option<BoxError>,
    },
}

/// An error status from the server, with what the provider said about it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{status}{}: {message}", code.as_deref().map(|c| format!(" {c}")).unwrap_or_default())]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// The provider's error code (`invalid_api_key`, `no_workspace`, `Unauthorized`), when the body
    /// carried one.
    pub code: Option<String>,
    /// The provider's message, or the status's reason phrase.
    pub message: String,
    /// The request id from the response headers, when the server sent one.
    pub request_id: Option<String>,
    /// How long the server asked the client to wait before trying again (its `Retry-After`, in
    /// seconds or as a date), when it said.
    pub retry_after: Option<Duration>,
    /// The raw body, as received (truncated to 4 KiB).
    pub body: String,
}

/// Why a redirect was not followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RedirectRefusal {
    /// It leads to another scheme, host or port than the request's.
    #[error("it leads to another origin")]
    OtherOrigin,
    /// It came after [`crate::MAX_REDIRECTS`] redirects within the origin.
    #[error("too many redirects")]
    TooMany,
    /// Its `Location` is missing or not a URL.
    #[error("its Location is not a URL")]
    NoLocation,
}

/// Bodies and raw data kept in errors are cut to this many bytes.
pub(crate) const RAW_LIMIT: usize = 4096;

/// A provider's message, as an error carries it, is cut to this many bytes.
pub(crate) const MESSAGE_LIMIT: usize = 1024;

/// What marks a text that was cut.
const TRUNCATED: &str = "… (truncated)";

/// `text` cut to at most [`RAW_LIMIT`] bytes, on a character boundary.
pub(crate) fn truncate_raw(text: &str) -> String {
    truncate(text, RAW_LIMIT)
}

/// `text` cut to at most `limit` bytes, on a character boundary, saying so when it was cut.
pub(crate) fn truncate(text: &str, limit: usize) -> String {
    if text.len() <= limit {
        return text.to_owned();
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{TRUNCATED}", &text[..end])
}

impl Error {
    /// Whether another attempt could succeed: connection failures, timeouts, and statuses 408,
    /// 409, 429 and 5xx.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Connection { .. } | Self::Timeout { .. } => true,
            Self::Api(api) => {
                http::StatusCode::from_u16(api.status).is_ok_and(crate::retry::is_retryable_status)
            }
            _ => false,
        }
    }

    /// The HTTP status, for API errors and redirects not followed.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(api) => Some(api.status),
            Self::Redirect { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The provider's error code, for API errors and in-stream errors.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Api(api) => api.code.as_deref(),
            Self::StreamError { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The provider's error code as one of its code enums, to match on:
    /// `error.code_as::<mevichat::ErrorCode>() == Some(mevichat::ErrorCode::RateLimited)`. A code
    /// the enum does not know is its `Unknown`.
    pub fn code_as<'a, C: From<&'a str>>(&'a self) -> Option<C> {
        self.code().map(C::from)
    }

    /// How long the server asked to wait before trying again, for API errors that said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Api(api) => api.retry_after,
            _ => None,
        }
    }

    /// Whether a timeout ended the call or the stream: the request or connect timeout, a
    /// stream's idle timeout, or its whole-stream deadline.
    pub fn is_timeout(&self) -> bool {
        matches!(
            self,
            Self::Timeout { .. } | Self::IdleTimeout { .. } | Self::StreamDeadline { .. }
        )
    }

    pub(crate) fn validation(field: &'static str, reason: impl Into<String>) -> Self {
        Self::Validation {
            field,
            reason: reason.into(),
        }
    }

    pub(crate) fn decode(
        what: impl Into<String>,
        reason: impl std::fmt::Display,
        raw: &str,
    ) -> Self {
        Self::Decode {
            what: what.into(),
            reason: reason.to_string(),
            raw: truncate_raw(raw),
        }
    }
}

impl From<ApiError> for Error {
    fn from(error: ApiError) -> Self {
        Self::Api(Box::new(error))
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_say_what_happened() {
        let api = Error::from(ApiError {
            status: 401,
            code: Some("invalid_api_key".into()),
            message: "Key revoked or not found.".into(),
            request_id: None,
            retry_after: None,
            body: String::new(),
        });
        assert_eq!(
            api.to_string(),
            "401 invalid_api_key: Key revoked or not found."
        );
        assert_eq!(
            (api.status(), api.code()),
            (Some(401), Some("invalid_api_key"))
        );
        assert!(!api.is_retryable());
        let limited = ApiError {
            status: 429,
            code: None,
            message: "Too many requests".into(),
            request_id: None,
            retry_after: Some(Duration::from_secs(2)),
            body: String::new(),
        };
        assert_eq!(limited.to_string(), "429: Too many requests");
        assert!(Error::from(limited).is_retryable());
        assert_eq!(
            Error::validation("session_id", "must be a UUID").to_string(),
            "invalid session_id: must be a UUID"
        );
        assert_eq!(
            Error::StreamEnded {
                events: 3,
                source: None
            }
            .to_string(),
            "the stream ended before its terminal event, after 3 events"
        );
    }

    #[test]
    fn raw_text_is_cut_on_a_character_boundary() {
        let long = "é".repeat(RAW_LIMIT);
        let cut = truncate_raw(&long);
        assert!(cut.len() <= RAW_LIMIT + TRUNCATED.len());
        assert!(cut.ends_with("… (truncated)"), "{cut}");
        assert_eq!(truncate_raw("short"), "short");
    }
}
