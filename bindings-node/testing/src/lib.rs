//! The native half of `@chatwire/testing`: the mock server of all four APIs, so that users test
//! their code against chatwire with no network. It ships apart from `chatwire`, so that the
//! production addon carries no server.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use chatwire_mock::{fixtures, Config, Fault};
use napi_derive::napi;
use serde_json::{Map, Value};

// napi declares the TS interfaces of the options and the fault; serde reads them, refusing a key
// it does not know (napi's own conversion would drop it), such as a misspelt `tokenDelay`.
/// `MockServer.start()`'s options.
#[napi(object, object_from_js = false, object_to_js = false)]
#[derive(Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MockServerOptions {
    /// The port on 127.0.0.1; 0 (the default) picks a free one.
    pub port: Option<u32>,
    /// The pause between streamed tokens, in ms (default 0).
    pub token_delay: Option<f64>,
    /// Raises every rate limit out of reach.
    pub relaxed_rate_limits: Option<bool>,
}

/// A fault for the next matching requests, as `POST /__mock/faults` takes it:
/// `{ fault: 'status', status: 503 }`, `{ fault: 'close_after_events', events: 2 }`,
/// `{ fault: 'replay', body: 'event: token\ndata: {}\n\n', chunks: [3] }` …
#[napi(object, object_from_js = false, object_to_js = false)]
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MockFault {
    /// What goes wrong; the mock's README describes each fault and the fields it reads.
    #[napi(
        ts_type = "'status' | 'stall_before_headers' | 'reset' | 'close_after_events' | 'end_without_terminal' | 'malformed_json' | 'unknown_event' | 'oversize_event' | 'stall_between_events' | 'keepalive_only' | 'long_reply' | 'replay'"
    )]
    pub fault: String,
    /// How many matching requests it applies to (default 1).
    pub times: Option<u32>,
    /// Only requests to this path.
    pub path: Option<String>,
    /// Only requests with this key.
    pub key: Option<String>,
    /// `status`: the status to answer.
    pub status: Option<u32>,
    /// `status`: a `Retry-After` header to send, as written.
    pub retry_after: Option<String>,
    /// `status`: a `retry-after-ms` header to send.
    pub retry_after_ms: Option<u32>,
    /// `status`: the JSON body to answer in place of the provider's error body. `replay`: the
    /// stream's bytes, as text.
    pub body: Option<Value>,
    /// `replay`: the stream's bytes, base64-encoded (in place of `body`).
    pub body_base64: Option<String>,
    /// `replay`: the sizes of the pieces the bytes go out in, the rest last.
    pub chunks: Option<Vec<u32>>,
    /// `replay`: how the body ends: `'close'` (the default) or `'break'` (the connection
    /// breaks after the last byte).
    #[napi(ts_type = "'close' | 'break'")]
    pub end: Option<String>,
    /// `stall_before_headers`, `stall_between_events`: the pause, in ms.
    pub ms: Option<u32>,
    /// `close_after_events`: the events sent before the connection closes.
    pub events: Option<u32>,
    /// `oversize_event`: the size of the added event's data.
    pub bytes: Option<u32>,
    /// `stall_between_events`: the events sent before the pause (default 1).
    pub after_events: Option<u32>,
    /// `keepalive_only`: the pause between keep-alive comments, in ms (default 100).
    pub interval_ms: Option<u32>,
    /// `keepalive_only`: how many keep-alive comments (default 50).
    pub count: Option<u32>,
    /// `long_reply`: how many one-word tokens.
    pub tokens: Option<u32>,
}

impl MockFault {
    /// The mock's own form of the fault, with its snake_case field names.
    fn into_fault(self) -> napi::Result<Fault> {
        let Self {
            fault,
            times,
            path,
            key,
            status,
            retry_after,
            retry_after_ms,
            body,
            body_base64,
            chunks,
            end,
            ms,
            events,
            bytes,
            after_events,
            interval_ms,
            count,
            tokens,
        } = self;
        let times = times.unwrap_or(1);
        if times == 0 {
            // As the control API refuses it: a fault for no request would never apply.
            return Err(invalid("times must be at least 1"));
        }
        let mut script = Map::new();
        script.insert("times".into(), times.into());
        script.insert("path".into(), path.into());
        script.insert("key".into(), key.into());
        for (name, value) in [
            ("status", status),
            ("retry_after_ms", retry_after_ms),
            ("ms", ms),
            ("events", events),
            ("bytes", bytes),
            ("after_events", after_events),
            ("interval_ms", interval_ms),
            ("count", count),
            ("tokens", tokens),
        ] {
            if let Some(value) = value {
                script.insert(name.into(), value.into());
            }
        }
        let texts = [
            ("retry_after", retry_after),
            ("body_base64", body_base64),
            ("end", end),
        ];
        for (name, value) in texts {
            if let Some(value) = value {
                script.insert(name.into(), value.into());
            }
        }
        if let Some(chunks) = chunks {
            script.insert("chunks".into(), chunks.into());
        }
        match (fault.as_str(), body) {
            // A replay's bytes travel base64-encoded; given as text, they are encoded here.
            ("replay", Some(Value::String(text))) if !script.contains_key("body_base64") => {
                script.insert("body_base64".into(), BASE64.encode(text).into());
            }
            ("replay", Some(_)) => {
                return Err(invalid(
                    "a replay takes its bytes once: as body (a string) or as bodyBase64",
                ))
            }
            (_, Some(body)) => {
                script.insert("body".into(), body);
            }
            (_, None) => {}
        }
        script.insert("fault".into(), fault.into());
        serde_json::from_value(Value::Object(script)).map_err(|e| {
            napi::Error::new(
                napi::Status::InvalidArg,
                format!("not a fault the mock knows: {e}"),
            )
        })
    }
}

/// The keys, tokens and names the mock server accepts.
#[napi(object, object_from_js = false)]
pub struct MockFixtures {
    /// The Mevichat public key that works: workspace `ws_demo`, bot `support`.
    pub mevichat_public_key: String,
    /// A Mevichat key that answers `401 invalid_api_key`.
    pub mevichat_revoked_key: String,
    /// A Mevichat key whose streams end in a `quota_exceeded` error event.
    pub mevichat_quota_key: String,
    /// A Mevichat key whose streams end in a `provider_auth_failed` error event.
    pub mevichat_llm_error_key: String,
    /// An `Origin` the Mevichat and Developer API keys allow.
    pub origin: String,
    /// A message containing this word (any case) is blocked by Mevichat's moderation.
    pub blocked_word: String,
    /// The Mevichat session seeded with the docs' example transcript.
    pub seeded_session_id: String,
    /// The export JWT of a `ws_demo` member.
    pub export_jwt: String,
    /// The export JWT of a user with no workspace (`401 no_workspace`).
    pub export_jwt_no_workspace: String,
    /// The export JWT of a user of another workspace (`ws_demo` sessions are `404`).
    pub export_jwt_other_workspace: String,
    /// The Vexar site key that works.
    pub vexar_site_key: String,
    /// The Vexar session id of a blocked visitor.
    pub vexar_blocked_session: String,
    /// The Developer API key.
    pub devapi_key: String,
    /// The widget-key API key.
    pub widget_key: String,
    /// The model every reply claims to come from.
    pub model: String,
}

/// The mock server on 127.0.0.1, running until `stop()`.
#[napi]
pub struct MockServer {
    server: Mutex<Option<chatwire_mock::MockServer>>,
    base_url: String,
}

#[napi]
impl MockServer {
    /// Starts a mock server.
    #[napi(ts_return_type = "Promise<MockServer>")]
    pub async fn start(
        #[napi(ts_arg_type = "MockServerOptions | undefined | null")] options: Option<Value>,
    ) -> napi::Result<MockServer> {
        let options: MockServerOptions = match options {
            None | Some(Value::Null) => MockServerOptions::default(),
            Some(options) => read("not options MockServer.start() takes", options)?,
        };
        let port = u16::try_from(options.port.unwrap_or(0))
            .map_err(|_| invalid("port must be at most 65535"))?;
        let config = Config {
            port,
            token_delay: delay(options.token_delay.unwrap_or(0.0))?,
            relaxed_rate_limits: options.relaxed_rate_limits.unwrap_or(false),
        };
        let server = chatwire_mock::MockServer::start(config)
            .await
            .map_err(|e| napi::Error::from_reason(format!("the mock server did not start: {e}")))?;
        Ok(Self {
            base_url: server.base_url(),
            server: Mutex::new(Some(server)),
        })
    }

    /// `http://127.0.0.1:PORT`.
    #[napi(getter, catch_unwind)]
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// The keys, tokens and names the mock accepts.
    #[napi(getter, catch_unwind)]
    pub fn fixtures(&self) -> MockFixtures {
        MockFixtures {
            mevichat_public_key: fixtures::MEVICHAT_PUBLIC_KEY.into(),
            mevichat_revoked_key: fixtures::MEVICHAT_REVOKED_KEY.into(),
            mevichat_quota_key: fixtures::MEVICHAT_QUOTA_KEY.into(),
            mevichat_llm_error_key: fixtures::MEVICHAT_LLM_ERROR_KEY.into(),
            origin: fixtures::ALLOWED_ORIGINS[0].into(),
            blocked_word: fixtures::BLOCKED_WORD.into(),
            seeded_session_id: fixtures::SEEDED_SESSION_ID.into(),
            export_jwt: fixtures::EXPORT_JWT.into(),
            export_jwt_no_workspace: fixtures::EXPORT_JWT_NO_WORKSPACE.into(),
            export_jwt_other_workspace: fixtures::EXPORT_JWT_OTHER_WORKSPACE.into(),
            vexar_site_key: fixtures::VEXAR_SITE_KEY.into(),
            vexar_blocked_session: fixtures::VEXAR_BLOCKED_SESSION.into(),
            devapi_key: fixtures::DEVAPI_KEY.into(),
            widget_key: fixtures::WIDGET_KEY.into(),
            model: fixtures::MODEL.into(),
        }
    }

    /// Queues a fault for the next matching requests; answers its id.
    #[napi(catch_unwind)]
    pub fn push_fault(&self, #[napi(ts_arg_type = "MockFault")] fault: Value) -> napi::Result<i64> {
        let fault = read::<MockFault>("not a fault the mock knows", fault)?.into_fault()?;
        self.with_server(|server| server.push_fault(fault) as i64)
    }

    /// The request log, oldest first: method, path, headers, body, status, outcome …
    #[napi(ts_return_type = "Array<Record<string, any>>", catch_unwind)]
    pub fn requests(&self) -> napi::Result<Value> {
        let entries = self.with_server(|server| server.requests())?;
        serde_json::to_value(entries).map_err(|e| napi::Error::from_reason(e.to_string()))
    }

    /// Open and total connections.
    #[napi(
        ts_return_type = "{\n    /** Connections open now. */\n    connections_open: number\n    /** Connections accepted since the server started. */\n    connections_total: number\n  }",
        catch_unwind
    )]
    pub fn stats(&self) -> napi::Result<Value> {
        let stats = self.with_server(|server| server.stats())?;
        serde_json::to_value(stats).map_err(|e| napi::Error::from_reason(e.to_string()))
    }

    /// Sets the pause between streamed tokens, in ms.
    #[napi(catch_unwind)]
    pub fn set_token_delay(&self, ms: f64) -> napi::Result<()> {
        let delay = delay(ms)?;
        self.with_server(|server| server.set_token_delay(delay))
    }

    /// Back to the state of a fresh start: no faults, an empty log, fresh rate limits.
    #[napi(catch_unwind)]
    pub fn reset(&self) -> napi::Result<()> {
        self.with_server(|server| server.reset())
    }

    /// Stops the server.
    #[napi(catch_unwind)]
    pub fn stop(&self) {
        let server = self
            .server
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        napi::bindgen_prelude::within_runtime_if_available(|| drop(server));
    }
}

impl MockServer {
    fn with_server<T>(
        &self,
        action: impl FnOnce(&chatwire_mock::MockServer) -> T,
    ) -> napi::Result<T> {
        let server = self.server.lock().unwrap_or_else(PoisonError::into_inner);
        match server.as_ref() {
            Some(server) => Ok(action(server)),
            None => Err(napi::Error::from_reason("the mock server is stopped")),
        }
    }
}

/// `value` as a `T`, or a refusal that says `what` was wrong and why (the key at fault).
fn read<T: serde::de::DeserializeOwned>(what: &str, value: Value) -> napi::Result<T> {
    serde_json::from_value(value).map_err(|e| invalid(&format!("{what}: {e}")))
}

fn invalid(reason: &str) -> napi::Error {
    napi::Error::new(napi::Status::InvalidArg, reason.to_owned())
}

/// A pause from JS milliseconds.
fn delay(ms: f64) -> napi::Result<Duration> {
    Duration::try_from_secs_f64(ms / 1000.0)
        .map_err(|_| invalid("a delay must be a number of milliseconds ≥ 0"))
}
