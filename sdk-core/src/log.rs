//! What chatwire logs, and how a program without a `tracing` subscriber of its own (a Python or
//! Node binding) receives it.
//!
//! The core emits [`tracing`] events under two targets:
//!
//! - `chatwire::http`, at `INFO`, one per request attempt: `provider`, `operation`, `method`,
//!   `path` (never the query, which can hold a key), `attempt`, `status`, `elapsed_ms`,
//!   `request_id`, and for a failed attempt its `error`, with `retry_in_ms` and `retry_reason`
//!   when another attempt follows. At `TRACE`, request and response bodies, with every
//!   credential field replaced by `<redacted>`.
//!   Also there: at `DEBUG`, a call's wait for a rate-limit slot (`waited_ms`); at `WARN`, a
//!   Vexar watcher's failed poll (`failures`, `retry_in_ms`, `error`); at `INFO`, the end of a
//!   bulk export (`written`, `skipped`, `failed`).
//! - `chatwire::stream`, at `INFO`, one per stream when it ends: `events`, `end` (why),
//!   `first_event_ms`, `elapsed_ms`, `request_id`.
//!
//! Every event carries `client`, a number that tells one client's events from another's.
//! Keys, tokens and JWTs travel only in headers marked sensitive and in body fields that are
//! redacted here, so no event holds one.
//!
//! A Rust program subscribes as usual (`tracing_subscriber::fmt().init()`, say). A binding
//! calls [`forward`] once, and sets the level with [`set_max_level`].

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU8, Ordering};

use serde_json::{Map, Value};
use tracing::field::{Field, Visit};
use tracing::{span, Event, Level, Metadata, Subscriber};

use crate::error::Error;

/// The body fields that carry credentials in one of the four APIs.
const CREDENTIAL_FIELDS: &[&str] = &[
    "public_key",
    "site_key",
    "api_key",
    "apiKey",
    "token",
    "jwt",
    "password",
    "secret",
];

/// The longest body a `TRACE` event shows.
const BODY_LOG_LIMIT: usize = 4096;

/// `value` with every credential field, at any depth, replaced by `"<redacted>"`.
pub(crate) fn redacted_json(value: &Value) -> Value {
    match value {
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(name, value)| {
                    let value = if CREDENTIAL_FIELDS.contains(&name.as_str()) {
                        Value::String("<redacted>".to_owned())
                    } else {
                        redacted_json(value)
                    };
                    (name.clone(), value)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redacted_json).collect()),
        other => other.clone(),
    }
}

/// A response body as a `TRACE` event shows it: JSON redacted as [`redacted_json`], anything
/// else as text; either cut to [`BODY_LOG_LIMIT`].
pub(crate) fn redacted_body(body: &[u8]) -> String {
    let text = match serde_json::from_slice::<Value>(body) {
        Ok(value) => redacted_json(&value).to_string(),
        Err(_) => String::from_utf8_lossy(body).into_owned(),
    };
    crate::error::truncate(&text, BODY_LOG_LIMIT)
}

/// Why a failed attempt is tried again, in a few words.
pub(crate) fn retry_reason(error: &Error) -> String {
    match error {
        Error::Api(api) => format!("status {}", api.status),
        Error::Timeout { .. } => "timed out".to_owned(),
        Error::Connection { .. } => "connection failed".to_owned(),
        other => other.to_string(),
    }
}

/// One event, as [`forward`] hands it over.
#[derive(Clone, Debug, PartialEq)]
pub struct LogRecord {
    /// Its level.
    pub level: Level,
    /// `chatwire::http` or `chatwire::stream`.
    pub target: &'static str,
    /// What happened: `request`, `stream ended`, `request body`, `response body`.
    pub message: String,
    /// Its fields, in the order they were given; absent ones are left out.
    pub fields: Map<String, Value>,
}

impl LogRecord {
    /// The record as one line: the message, then `name=value` for each field, strings quoted
    /// only when they hold a space.
    pub fn line(&self) -> String {
        let mut line = self.message.clone();
        for (name, value) in &self.fields {
            let _ = match value {
                Value::String(text) if !text.contains([' ', '"', '=']) && !text.is_empty() => {
                    write!(line, " {name}={text}")
                }
                other => write!(line, " {name}={other}"),
            };
        }
        line
    }
}

/// The most verbose level forwarded, as `u8` (0 = nothing); see [`set_max_level`].
static MAX_LEVEL: AtomicU8 = AtomicU8::new(0);

fn level_rank(level: Level) -> u8 {
    match level {
        Level::ERROR => 1,
        Level::WARN => 2,
        Level::INFO => 3,
        Level::DEBUG => 4,
        Level::TRACE => 5,
    }
}

/// Forwards chatwire's events at or above the level of [`set_max_level`] (none until it is
/// called) to `sink`, as the process's global `tracing` subscriber. Fails when the process
/// already has one; events of other crates are not forwarded.
pub fn forward(
    sink: impl Fn(LogRecord) + Send + Sync + 'static,
) -> Result<(), tracing::subscriber::SetGlobalDefaultError> {
    tracing::subscriber::set_global_default(Forwarder {
        sink: Box::new(sink),
    })
}

/// The most verbose level [`forward`] hands on, or `None` for nothing. Cheap: each event
/// checks it, so it can change at any time.
pub fn set_max_level(level: Option<Level>) {
    MAX_LEVEL.store(level.map_or(0, level_rank), Ordering::Relaxed);
}

/// A `tracing` subscriber of events only: chatwire opens no spans.
struct Forwarder {
    sink: Box<dyn Fn(LogRecord) + Send + Sync>,
}

impl Subscriber for Forwarder {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> tracing::subscriber::Interest {
        // Asked every time, as the level can change.
        tracing::subscriber::Interest::sometimes()
    }

    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target().starts_with("chatwire")
            && level_rank(*metadata.level()) <= MAX_LEVEL.load(Ordering::Relaxed)
    }

    fn new_span(&self, _: &span::Attributes<'_>) -> span::Id {
        span::Id::from_u64(1)
    }

    fn record(&self, _: &span::Id, _: &span::Record<'_>) {}

    fn record_follows_from(&self, _: &span::Id, _: &span::Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = FieldsToJson::default();
        event.record(&mut fields);
        let metadata = event.metadata();
        (self.sink)(LogRecord {
            level: *metadata.level(),
            target: metadata.target(),
            message: fields.message,
            fields: fields.fields,
        });
    }

    fn enter(&self, _: &span::Id) {}

    fn exit(&self, _: &span::Id) {}
}

#[derive(Default)]
struct FieldsToJson {
    message: String,
    fields: Map<String, Value>,
}

impl FieldsToJson {
    fn put(&mut self, field: &Field, value: Value) {
        self.fields.insert(field.name().to_owned(), value);
    }
}

impl Visit for FieldsToJson {
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.put(field, value.into());
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.put(field, value.into());
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.put(field, value.into());
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message = value.to_owned();
        } else {
            self.put(field, value.into());
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let text = format!("{value:?}");
        if field.name() == "message" {
            self.message = text;
        } else {
            self.put(field, text.into());
        }
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.put(field, value.to_string().into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_redacted_at_any_depth() {
        let body = serde_json::json!({
            "public_key": "pk_live_1", "message": "hi",
            "nested": [{"api_key": "dk_1", "site_key": "sk", "ok": 1}],
        });
        let shown = redacted_json(&body).to_string();
        for secret in ["pk_live_1", "dk_1", "\"sk\""] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("\"message\":\"hi\"") && shown.contains("\"ok\":1"));
    }

    #[test]
    fn a_record_reads_as_one_line() {
        let mut fields = Map::new();
        fields.insert("status".into(), 503.into());
        fields.insert("path".into(), "/api/v1/usage".into());
        fields.insert("error".into(), "server said no".into());
        let record = LogRecord {
            level: Level::INFO,
            target: "chatwire::http",
            message: "request".into(),
            fields,
        };
        assert_eq!(
            record.line(),
            r#"request status=503 path=/api/v1/usage error="server said no""#
        );
    }
}
