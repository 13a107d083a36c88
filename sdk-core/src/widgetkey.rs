//! The widget-key API (`openapi/widgetkey.yaml`): `POST /v1/chat` answers one JSON reply;
//! `POST /v1/chat/stream` streams server-sent events whose format the docs do not give, so its
//! events come as raw [`StreamEvent`]s.
//!
//! ```no_run
//! # async fn run() -> chatwire::Result<()> {
//! use chatwire::widgetkey::{ChatRequest, Client};
//!
//! let client = Client::builder("wk_live_…").base_url("https://api.example.com").build()?;
//! let reply = client.chat(&ChatRequest::new("user-123", "What are your business hours?")).await?;
//! println!("{}", reply.message);
//! # Ok(()) }
//! ```

use http::header::{HeaderName, HeaderValue};
use http::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::chat::{ChatEvent as Neutral, FinalMessage, Finish, ReplyFuture};
use crate::client::{Api, CommonSettings};
use crate::conversation::{no_history, session_of, Converse, HistoryFuture, TurnFuture};
use crate::error::{Error, Result};
use crate::rate::RateLimit;
use crate::response::Response;
use crate::secret::Secret;
use crate::sse::EventRef;
use crate::stream::{EventStream, ProviderEvents};
use crate::transport::{Call, RequestOptions, Transport};
use crate::validate;

const MAX_MESSAGE_CHARS: usize = 4000;
const MAX_SESSION_ID_CHARS: usize = 128;

open_enum! {
    /// `ErrorCode`: the documented error texts, which serve as codes.
    ErrorCode {
        /// `400`: missing fields, a bad `sessionId`, or a bad `message`.
        InvalidRequestPayload = "Invalid request payload",
        /// `401`: the key is missing or invalid.
        Unauthorized = "Unauthorized",
        /// `429`: the rate limit is exceeded.
        TooManyRequests = "Too many requests",
        /// `500`: an unexpected error.
        InternalServerError = "Internal server error",
    }
}

/// `ChatRequest`: one message of a conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChatRequest {
    /// Identifies the conversation across requests; `^[A-Za-z0-9._:-]{1,128}$`.
    pub session_id: String,
    /// The user's message, 1 to 4000 characters.
    pub message: String,
}

impl ChatRequest {
    /// A message for the session `session_id`.
    pub fn new(session_id: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            session_id: session_id.into(),
            message: message.into(),
        }
    }

    /// Checks the documented limits.
    pub fn validate(&self) -> Result<()> {
        let allowed = |b: u8| b.is_ascii_alphanumeric() || b"._:-".contains(&b);
        if !(1..=MAX_SESSION_ID_CHARS).contains(&self.session_id.len())
            || !self.session_id.bytes().all(allowed)
        {
            return Err(Error::validation(
                "sessionId",
                format!(
                    "must match ^[A-Za-z0-9._:-]{{1,128}}$, not {:?}",
                    self.session_id
                ),
            ));
        }
        validate::chars_between("message", &self.message, 1, MAX_MESSAGE_CHARS)
    }
}

/// `ChatResponse`: the assistant's whole reply.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ChatResponse {
    /// Identifies the conversation thread.
    pub conversation_id: String,
    /// The assistant's reply.
    pub message: String,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `StreamEvent`: one event of `/v1/chat/stream`, as sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamEvent {
    /// The event type (`"message"` when the event named none).
    pub event: String,
    /// The data, as text.
    pub data: String,
    /// The last event ID in force (`""` when none).
    pub last_event_id: String,
}

impl StreamEvent {
    /// The data parsed as JSON.
    pub fn json(&self) -> Result<Value> {
        serde_json::from_str(&self.data)
            .map_err(|e| Error::decode(format!("event {}", self.event), e, &self.data))
    }
}

/// Which header carries the key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum KeyHeader {
    /// `x-api-key` (the default).
    #[default]
    XApiKey,
    /// `x-widget-api-key`.
    XWidgetApiKey,
}

impl KeyHeader {
    fn name(self) -> HeaderName {
        HeaderName::from_static(match self {
            Self::XApiKey => "x-api-key",
            Self::XWidgetApiKey => "x-widget-api-key",
        })
    }
}

/// What the settings that depend on the API need to know of it.
const API: Api = Api {
    default_base_url: None,
    operations: OPERATIONS,
    documented_limits: DOCUMENTED_RATE_LIMITS,
};

/// Every operation, by its spec name (`operationId`), as logs and rate limits name them.
pub const OPERATIONS: &[&str] = &["chat", "chat_stream"];

/// The docs give no rate limit; [`Builder::rate_limit_for`] sets one.
pub const DOCUMENTED_RATE_LIMITS: &[(&str, RateLimit)] = &[];

/// Builds a [`Client`].
#[derive(Debug)]
pub struct Builder {
    key: Option<Secret>,
    key_header: KeyHeader,
    common: CommonSettings,
}

impl Builder {
    common_builder_methods!();

    /// A builder given nothing: the key and base URL come from `WIDGETKEY_API_KEY` and
    /// `WIDGETKEY_BASE_URL` unless set on it.
    pub fn from_env() -> Self {
        Self {
            key: None,
            key_header: KeyHeader::default(),
            common: CommonSettings::new("widgetkey"),
        }
    }

    /// The widget API key, over `WIDGETKEY_API_KEY`.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.key = Some(Secret::new(api_key));
        self
    }

    /// Sends the key in `x-widget-api-key` instead of `x-api-key`.
    pub fn key_header(mut self, header: KeyHeader) -> Self {
        self.key_header = header;
        self
    }

    /// The client. Fails when the key or the base URL is missing (given neither here nor in
    /// the environment), the base URL is not an http(s) URL, or the key is not a valid header
    /// value.
    pub fn build(self) -> Result<Client> {
        let key = self.common.required_secret("api_key", self.key)?;
        let key = HeaderValue::from_str(key.expose())
            .map_err(|_| Error::validation("api_key", "must be visible ASCII"))?;
        let mut key = key;
        key.set_sensitive(true);
        let transport = self.common.into_transport(&API)?;
        Ok(Client {
            transport,
            key_header: self.key_header.name(),
            key,
        })
    }
}

/// A client of the widget-key API.
#[derive(Clone)]
pub struct Client {
    transport: Transport,
    key_header: HeaderName,
    key: HeaderValue,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("widgetkey::Client")
            .field("key", &"<redacted>")
            .field("transport", &self.transport)
            .finish()
    }
}

impl Client {
    /// A builder with the widget API key.
    pub fn builder(api_key: impl Into<String>) -> Builder {
        Builder::from_env().api_key(api_key)
    }

    /// A client configured by `WIDGETKEY_API_KEY` and `WIDGETKEY_BASE_URL` alone.
    pub fn from_env() -> Result<Self> {
        Builder::from_env().build()
    }

    /// The `client` field of this client's log events (see [`crate::log`]), shared by the
    /// copies [`Self::with_options`] makes.
    pub fn log_id(&self) -> u64 {
        self.transport.client_id()
    }

    /// A copy of this client whose calls use `options` (timeouts, retries, headers).
    pub fn with_options(&self, options: &RequestOptions) -> Self {
        Self {
            transport: self.transport.with_options(options),
            ..self.clone()
        }
    }

    fn call(&self, operation: &'static str, path: &str, request: &ChatRequest) -> Result<Call> {
        request.validate()?;
        let body = serde_json::to_value(request).expect("a request serializes");
        Ok(Call::new(operation, Method::POST, path)
            .header(self.key_header.clone(), self.key.clone())
            .json(body))
    }

    /// `POST /v1/chat` (`chat`): the whole reply at once.
    pub async fn chat(&self, request: &ChatRequest) -> Result<ChatResponse> {
        self.chat_with_response(request)
            .await
            .map(Response::into_data)
    }

    /// [`Self::chat`], with the response's status, headers and request id.
    pub async fn chat_with_response(
        &self,
        request: &ChatRequest,
    ) -> Result<Response<ChatResponse>> {
        self.transport
            .json(self.call("chat", "/v1/chat", request)?)
            .await
    }

    /// `POST /v1/chat/stream` (`chat_stream`): the reply as raw server-sent events.
    pub async fn chat_stream(&self, request: &ChatRequest) -> Result<ChatStream> {
        self.transport
            .stream(
                self.call("chat_stream", "/v1/chat/stream", request)?,
                WidgetKeyEvents,
            )
            .await
    }
}

/// The stream of [`Client::chat_stream`].
pub type ChatStream = EventStream<WidgetKeyEvents>;

/// How `/v1/chat/stream` events decode: as they are. The format documents no terminal event,
/// so the stream ends with the connection.
#[derive(Debug)]
pub struct WidgetKeyEvents;

impl ProviderEvents for WidgetKeyEvents {
    type Event = StreamEvent;
    const TERMINAL_REQUIRED: bool = false;

    fn decode(&mut self, raw: EventRef<'_>) -> Result<StreamEvent> {
        Ok(StreamEvent {
            event: raw.event.to_owned(),
            data: raw.data.to_owned(),
            last_event_id: raw.last_event_id.to_owned(),
        })
    }

    fn is_terminal(&self, _: &StreamEvent) -> bool {
        false
    }

    /// The format is undocumented: `delta` events with `content` and a `done` event with
    /// `conversationId` are read as such (see `openapi/README.md`); others have no neutral form.
    fn neutral(event: &StreamEvent) -> Option<Neutral> {
        let data = event.json().ok()?;
        let text = |name: &str| data.get(name).and_then(Value::as_str).map(str::to_owned);
        match event.event.as_str() {
            "delta" => Some(Neutral::Delta {
                text: text("content")?,
            }),
            "done" => Some(Neutral::Finished(Finish {
                conversation_id: text("conversationId"),
                ..Finish::default()
            })),
            _ => None,
        }
    }
}

impl Converse for Client {
    type Events = WidgetKeyEvents;

    /// An id the session pattern (`^[A-Za-z0-9._:-]{1,128}$`) allows, made by the client.
    fn new_session_id() -> Option<String> {
        Some(format!("chatwire-{}", uuid::Uuid::new_v4()))
    }

    fn open_turn<'a>(
        &'a self,
        session_id: Option<&'a str>,
        text: &'a str,
    ) -> TurnFuture<'a, WidgetKeyEvents> {
        Box::pin(async move {
            let session_id = session_of(session_id)?;
            self.chat_stream(&ChatRequest::new(session_id, text)).await
        })
    }

    fn whole_turn<'a>(&'a self, session_id: Option<&'a str>, text: &'a str) -> ReplyFuture<'a> {
        Box::pin(async move {
            let session_id = session_of(session_id)?;
            let response = self.chat(&ChatRequest::new(session_id, text)).await?;
            Ok(FinalMessage {
                text: response.message,
                finish: Finish {
                    conversation_id: Some(response.conversation_id),
                    ..Finish::default()
                },
                ..FinalMessage::default()
            })
        })
    }

    fn history<'a>(&'a self, _session_id: &'a str) -> HistoryFuture<'a> {
        Box::pin(async { Err(no_history("the widget-key API")) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_checked_before_sending() {
        assert!(ChatRequest::new("a.b:c-d_e", "hi").validate().is_ok());
        for (session, message, field) in [
            ("has space", "hi", "sessionId"),
            ("", "hi", "sessionId"),
            (&"a".repeat(129) as &str, "hi", "sessionId"),
            ("ok", "", "message"),
            ("ok", &"ü".repeat(4001) as &str, "message"),
        ] {
            let error = ChatRequest::new(session, message).validate().unwrap_err();
            assert!(
                matches!(error, Error::Validation { field: f, .. } if f == field),
                "{error}"
            );
        }
        assert!(ChatRequest::new("ok", "ü".repeat(4000)).validate().is_ok());
    }

    #[test]
    fn debug_redacts_the_key() {
        let client = Client::builder("wk_secret_123")
            .base_url("http://127.0.0.1:1")
            .build()
            .unwrap();
        let shown = format!("{client:?}");
        assert!(!shown.contains("wk_secret_123"), "{shown}");
        assert!(!format!("{:?}", Client::builder("wk_secret_123")).contains("wk_secret_123"));
    }

    #[test]
    fn a_base_url_is_required() {
        let error = Client::builder("k").build().unwrap_err();
        assert!(matches!(
            error,
            Error::Validation {
                field: "base_url",
                ..
            }
        ));
        assert!(Client::builder("k").base_url("ftp://x").build().is_err());
    }
}
