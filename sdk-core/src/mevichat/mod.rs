//! Mevichat (`openapi/mevichat.yaml`): a streamed chat reply with named events (`meta`, `token`,
//! `blocked`, `error`, `done`), the widget's display configuration, and a conversation's export.
//!
//! The client holds the public key and the `Origin` the key allows; the export needs a JWT.
//!
//! ```no_run
//! # async fn run() -> chatwire::Result<()> {
//! use chatwire::mevichat::{ChatRequest, Client};
//!
//! let client = Client::builder("mvc_pk_live_…", "https://example.com").build()?;
//! let request = ChatRequest::new("5f3e8c7c-5d4a-4a91-9a4e-c9a7e6d2b0f1", "What is your refund policy?");
//! let mut stream = client.chat_stream(&request).await?;
//! while let Some(event) = stream.next().await {
//!     println!("{:?}", event?);
//! }
//! # Ok(()) }
//! ```

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{HeaderValue, AUTHORIZATION, CACHE_CONTROL, CONTENT_DISPOSITION, ORIGIN};
use http::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::chat::{ChatEvent as Neutral, Finish, TokenUsage};
use crate::client::{Api, CommonSettings};
use crate::conversation::{session_of, Converse, HistoryEntry, HistoryFuture, TurnFuture};
use crate::error::{Error, Result};
use crate::rate::RateLimit;
use crate::response::Response;
use crate::secret::Secret;
use crate::sse::EventRef;
use crate::stream::{parse_data, sole_text_member, EventStream, ProviderEvents};
use crate::transport::{decode_json, Call, RequestOptions, Transport};
use crate::validate;

mod export_all;

pub use export_all::{
    ExportAllOptions, ExportFailure, ExportProgress, ExportStatus, ExportSummary, ExportedFile,
    ProgressCallback,
};

/// Mevichat's hosted origin, the default base URL.
pub const DEFAULT_BASE_URL: &str = "https://app.mevichat.com";
const MAX_MESSAGE_CHARS: usize = 4000;
/// How deep `visitor_metadata` may nest: the request body around it is one level more.
const MAX_METADATA_NESTING: usize = 126;
/// The longest the widget config is cached, whatever its `max-age`.
const MAX_CONFIG_CACHE_AGE: Duration = Duration::from_secs(24 * 3600);

open_enum! {
    /// `FinishReason`: how a turn ended; `Stop` is a clean completion.
    FinishReason {
        /// The reply is complete.
        Stop = "stop",
        /// An error event came before.
        Error = "error",
        /// Moderation replaced the reply.
        Blocked = "blocked",
        /// The workspace is out of quota.
        QuotaExceeded = "quota_exceeded",
    }
}

open_enum! {
    /// `StreamErrorCode`: the `code` of an `error` event. The docs name only `quota_exceeded`.
    StreamErrorCode {
        /// The plan's message quota is used up.
        QuotaExceeded = "quota_exceeded",
        /// The LLM provider refused the workspace's credentials.
        ProviderAuthFailed = "provider_auth_failed",
    }
}

open_enum! {
    /// `ErrorCode`: the `error` of a pre-stream error body.
    ErrorCode {
        /// The body is not valid JSON.
        InvalidJson = "invalid_json",
        /// `public_key`, `session_id` or `message` is missing.
        InvalidMessage = "invalid_message",
        /// `message` exceeds 4000 characters.
        MessageTooLong = "message_too_long",
        /// `session_id` is not a UUID.
        InvalidSessionId = "invalid_session_id",
        /// The key is revoked or unknown.
        InvalidApiKey = "invalid_api_key",
        /// The `Origin` is not among the key's allowed domains.
        OriginNotAllowed = "origin_not_allowed",
        /// Only the documented method is accepted.
        MethodNotAllowed = "method_not_allowed",
        /// 60 requests a minute per IP.
        RateLimited = "rate_limited",
    }
}

open_enum! {
    /// The `detail` of an export's `401` body (`ExportAuthError`).
    ExportErrorCode {
        /// No JWT, or an invalid one.
        AuthenticationRequired = "authentication_required",
        /// The user belongs to no workspace.
        NoWorkspace = "no_workspace",
    }
}

open_enum! {
    /// `MessageRole`.
    MessageRole {
        /// The visitor.
        User = "user",
        /// The assistant.
        Assistant = "assistant",
    }
}

open_enum! {
    /// `MessageRating`: the visitor's rating of a reply.
    MessageRating {
        /// Not rated.
        None = "",
        /// Thumbs up.
        Up = "up",
        /// Thumbs down.
        Down = "down",
    }
}

open_enum! {
    /// `MessageStatus`.
    MessageStatus {
        /// Answered.
        Done = "done",
        /// Replaced by moderation.
        Blocked = "blocked",
        /// Failed.
        Error = "error",
    }
}

/// `ChatRequest`: a visitor's turn (the public key comes from the client).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChatRequest {
    /// A UUID made by the client; reuse it across turns to keep the history.
    pub session_id: String,
    /// The visitor's turn, at most 4000 characters.
    pub message: String,
    /// Your own stable id for the visitor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_id: Option<String>,
    /// Free-form JSON stored with the session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_metadata: Option<Map<String, Value>>,
}

impl ChatRequest {
    /// A turn of the session `session_id` (a UUID).
    pub fn new(session_id: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            session_id: session_id.into(),
            message: message.into(),
            ..Self::default()
        }
    }

    /// Checks the documented limits: a UUID `session_id`, a `message` of 1 to 4000 characters;
    /// and `visitor_metadata` shallow enough that the body holding it parses (serde_json and
    /// most servers refuse JSON nested 128 levels deep).
    pub fn validate(&self) -> Result<()> {
        validate::uuid("session_id", &self.session_id)?;
        validate::chars_between("message", &self.message, 1, MAX_MESSAGE_CHARS)?;
        if let Some(metadata) = &self.visitor_metadata {
            validate::nesting_at_most("visitor_metadata", metadata, MAX_METADATA_NESTING)?;
        }
        Ok(())
    }
}

/// `MetaData`: session info, always first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MetaData {
    /// The session.
    pub session_id: String,
    /// The id of the assistant's message.
    pub message_id: i64,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `TokenData`: the next piece of the reply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TokenData {
    /// The text.
    pub text: String,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `BlockedData`: moderation replaced the reply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BlockedData {
    /// Why (`blocked_pattern`).
    pub reason: String,
    /// The text to show instead.
    pub fallback: String,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `ErrorData`: an error after the stream opened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ErrorData {
    /// What failed.
    pub code: StreamErrorCode,
    /// The workspace's plan, for quota errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
    /// Messages used, for quota errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used: Option<i64>,
    /// The plan's cap, for quota errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<i64>,
    /// The error, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `DoneData`: the final metering, sent even after an error or a block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DoneData {
    /// How the turn ended.
    pub finish_reason: FinishReason,
    /// Input tokens.
    pub tokens_in: i64,
    /// Output tokens.
    pub tokens_out: i64,
    /// Time to the whole reply.
    pub latency_ms: i64,
    /// The model that answered, as `provider:model`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One event of the chat stream.
#[derive(Clone, Debug, PartialEq)]
pub enum ChatEvent {
    /// `meta`: session info, always first.
    Meta(MetaData),
    /// `token`: the next piece of the reply.
    Token(TokenData),
    /// `blocked`: moderation replaced the reply; `Done` follows.
    Blocked(BlockedData),
    /// `error`: an error after the stream opened; `Done` follows.
    Error(ErrorData),
    /// `done`: the last event, with metering.
    Done(DoneData),
    /// An event the docs do not name, kept whole.
    Unknown {
        /// Its `event` name.
        event: String,
        /// Its data.
        data: String,
    },
}

/// `Bot`: the widget's display configuration.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Bot {
    /// The bot's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The first message the widget shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub welcome_message: Option<String>,
    /// The logo's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    /// The main color, as `#RRGGBB`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_color: Option<String>,
    /// Where the widget sits (`right`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    /// The theme (`light`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme_mode: Option<String>,
    /// The font.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub font_family: Option<String>,
    /// The corner radius, in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub border_radius: Option<i64>,
    /// Suggested replies.
    #[serde(default)]
    pub quick_replies: Vec<String>,
    /// CSS custom properties.
    #[serde(default)]
    pub custom_css_vars: Map<String, Value>,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `WidgetConfigResponse`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WidgetConfigResponse {
    /// The bot's display configuration.
    pub bot: Bot,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `ExportSession`: the conversation's session.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExportSession {
    /// The session id.
    #[serde(default)]
    pub id: String,
    /// The bot's slug.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bot_slug: Option<String>,
    /// Where the conversation happened (`widget`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The visitor id sent with the chat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_id: Option<String>,
    /// The visitor metadata sent with the chat.
    #[serde(default)]
    pub visitor_metadata: Map<String, Value>,
    /// The page the visitor came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referrer: Option<String>,
    /// The visitor's browser.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// When the session began (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    /// When it was last active (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_activity_at: Option<String>,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `ExportMessage`: one message of the transcript.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExportMessage {
    /// The message id.
    pub id: String,
    /// Who wrote it.
    pub role: MessageRole,
    /// The text.
    #[serde(default)]
    pub content: String,
    /// The visitor's rating.
    #[serde(default = "unrated")]
    pub rating: MessageRating,
    /// The model, for assistant messages.
    #[serde(default)]
    pub model: String,
    /// Input tokens.
    #[serde(default)]
    pub tokens_in: i64,
    /// Output tokens.
    #[serde(default)]
    pub tokens_out: i64,
    /// Time to the reply.
    #[serde(default)]
    pub latency_ms: i64,
    /// How it ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<MessageStatus>,
    /// The error, when it failed.
    #[serde(default)]
    pub error_message: String,
    /// Knowledge-base chunks the reply drew on.
    #[serde(default)]
    pub rag_chunks_used: Vec<Value>,
    /// Tools the reply called.
    #[serde(default)]
    pub tools_called: Vec<Value>,
    /// When it was written (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn unrated() -> MessageRating {
    MessageRating::None
}

/// `ExportResponse`: a whole conversation, and the file name the server suggests for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExportResponse {
    /// The session.
    pub session: ExportSession,
    /// The transcript, oldest first.
    #[serde(default)]
    pub messages: Vec<ExportMessage>,
    /// From `Content-Disposition` (`session-<uuid>.json`), when sent.
    #[serde(skip)]
    pub file_name: Option<String>,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What the settings that depend on the API need to know of it.
const API: Api = Api {
    default_base_url: Some(DEFAULT_BASE_URL),
    operations: OPERATIONS,
    documented_limits: DOCUMENTED_RATE_LIMITS,
};

/// Every operation, by its spec name (`operationId`), as logs and rate limits name them.
pub const OPERATIONS: &[&str] = &["chat_stream", "get_widget_config", "export_conversation"];

/// The rate limits the docs give, which [`RateLimitMode::Wait`](crate::rate::RateLimitMode::Wait)
/// keeps to.
pub const DOCUMENTED_RATE_LIMITS: &[(&str, RateLimit)] = &[
    // 60 chats a minute per client IP.
    ("chat_stream", RateLimit::per_minute(60)),
    // 30 exports a minute per user.
    ("export_conversation", RateLimit::per_minute(30)),
];

/// Builds a [`Client`].
#[derive(Debug)]
pub struct Builder {
    public_key: Option<Secret>,
    origin: Option<String>,
    export_token: Option<Secret>,
    common: CommonSettings,
}

impl Builder {
    common_builder_methods!();

    /// A builder given nothing: the public key, origin, export token and base URL come from
    /// `MEVICHAT_PUBLIC_KEY`, `MEVICHAT_ORIGIN`, `MEVICHAT_EXPORT_TOKEN` and
    /// `MEVICHAT_BASE_URL` unless set on it.
    pub fn from_env() -> Self {
        Self {
            public_key: None,
            origin: None,
            export_token: None,
            common: CommonSettings::new("mevichat"),
        }
    }

    /// The widget's public key, over `MEVICHAT_PUBLIC_KEY`.
    pub fn public_key(mut self, public_key: impl Into<String>) -> Self {
        self.public_key = Some(Secret::new(public_key));
        self
    }

    /// The `Origin` the key's allowed domains include, over `MEVICHAT_ORIGIN`.
    pub fn origin(mut self, origin: impl Into<String>) -> Self {
        self.origin = Some(origin.into());
        self
    }

    /// The JWT that authorizes [`Client::export_conversation`], over `MEVICHAT_EXPORT_TOKEN`.
    pub fn export_token(mut self, jwt: impl Into<String>) -> Self {
        self.export_token = Some(Secret::new(jwt));
        self
    }

    /// The client. Fails when the public key or origin is missing (given neither here nor in
    /// the environment). Mevichat's base URL defaults to its hosted origin.
    pub fn build(self) -> Result<Client> {
        let public_key = self.common.required_secret("public_key", self.public_key)?;
        validate::not_empty("public_key", public_key.expose())?;
        let origin = self.common.required("origin", self.origin)?;
        let origin = HeaderValue::from_str(&origin).map_err(|_| {
            Error::validation("origin", format!("{origin:?} is not a header value"))
        })?;
        let export_token = self
            .common
            .given_or_env("export_token", self.export_token.map(Secret::into_inner))
            .map(Secret::new);
        let export_auth = match &export_token {
            Some(jwt) => {
                let mut value = HeaderValue::from_str(&format!("Bearer {}", jwt.expose()))
                    .map_err(|_| Error::validation("export_token", "must be visible ASCII"))?;
                value.set_sensitive(true);
                Some(value)
            }
            None => None,
        };
        Ok(Client {
            transport: self.common.into_transport(&API)?,
            public_key,
            origin,
            export_auth,
            config_cache: Arc::default(),
        })
    }
}

/// A cached widget config (with the head of the response that brought it) and when it goes
/// stale.
type ConfigCache = Arc<Mutex<Option<(Instant, Response<WidgetConfigResponse>)>>>;

/// A Mevichat client for one public key and origin.
#[derive(Clone)]
pub struct Client {
    transport: Transport,
    public_key: Secret,
    origin: HeaderValue,
    export_auth: Option<HeaderValue>,
    config_cache: ConfigCache,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("mevichat::Client")
            .field("public_key", &self.public_key)
            .field("origin", &self.origin)
            .field(
                "export_token",
                &self.export_auth.as_ref().map(|_| "<redacted>"),
            )
            .field("transport", &self.transport)
            .finish()
    }
}

impl Client {
    /// A builder with the public key and the `Origin` its allowed domains include.
    pub fn builder(public_key: impl Into<String>, origin: impl Into<String>) -> Builder {
        Builder::from_env().public_key(public_key).origin(origin)
    }

    /// A client configured by the `MEVICHAT_*` variables alone (see [`Builder::from_env`]).
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

    /// `POST /api/chat/` (`chat_stream`): the reply, streamed.
    pub async fn chat_stream(&self, request: &ChatRequest) -> Result<ChatStream> {
        request.validate()?;
        let mut body = serde_json::to_value(request).expect("a request serializes");
        body["public_key"] = Value::String(self.public_key.expose().to_owned());
        let call = Call::new("chat_stream", Method::POST, "/api/chat/")
            .header(ORIGIN, self.origin.clone())
            .json(body);
        self.transport.stream(call, MevichatEvents).await
    }

    /// `GET /api/widget/config/` (`get_widget_config`), cached for as long as the response's
    /// `Cache-Control: max-age` allows.
    pub async fn get_widget_config(&self) -> Result<WidgetConfigResponse> {
        self.get_widget_config_with_response()
            .await
            .map(Response::into_data)
    }

    /// [`Self::get_widget_config`], with the response's status, headers and request id; a
    /// config from the cache comes with the head of the response that brought it.
    pub async fn get_widget_config_with_response(&self) -> Result<Response<WidgetConfigResponse>> {
        self.transport.check_options()?;
        if let Some((fresh_until, config)) = self.config_cache.lock().unwrap().as_ref() {
            if Instant::now() < *fresh_until {
                return Ok(config.clone());
            }
        }
        let call = Call::new("get_widget_config", Method::GET, "/api/widget/config/")
            .query("public_key", Some(self.public_key.expose()))
            .header(ORIGIN, self.origin.clone());
        let config = self
            .transport
            .bytes(call)
            .await?
            .try_map(|body| decode_json::<WidgetConfigResponse>("widget config", &body))?;
        if let Some(max_age) = config
            .headers()
            .get(CACHE_CONTROL)
            .and_then(|v| v.to_str().ok())
            .and_then(max_age)
        {
            *self.config_cache.lock().unwrap() = Some((Instant::now() + max_age, config.clone()));
        }
        Ok(config)
    }

    /// `GET /api/conversations/{session_id}/export.json` (`export_conversation`): the whole
    /// transcript. Needs [`Builder::export_token`].
    pub async fn export_conversation(&self, session_id: &str) -> Result<ExportResponse> {
        self.export_conversation_with_response(session_id)
            .await
            .map(Response::into_data)
    }

    /// [`Self::export_conversation`], with the response's status, headers and request id.
    pub async fn export_conversation_with_response(
        &self,
        session_id: &str,
    ) -> Result<Response<ExportResponse>> {
        let response = self.export_body(session_id).await?;
        let file_name = export_file_name(response.headers());
        response.try_map(|body| {
            let mut export: ExportResponse = decode_json("export", &body)?;
            export.file_name = file_name;
            Ok(export)
        })
    }

    /// The export's body as the server sent it.
    async fn export_body(&self, session_id: &str) -> Result<Response<Bytes>> {
        validate::uuid("session_id", session_id)?;
        let auth = self.export_auth()?;
        let call = Call::new(
            "export_conversation",
            Method::GET,
            format!("/api/conversations/{session_id}/export.json"),
        )
        .header(AUTHORIZATION, auth.clone());
        self.transport.bytes(call).await
    }

    /// The export token's header, or why there is none.
    fn export_auth(&self) -> Result<&HeaderValue> {
        self.export_auth.as_ref().ok_or_else(|| {
            Error::validation(
                "export_token",
                "is required to export: give export_token or set MEVICHAT_EXPORT_TOKEN",
            )
        })
    }
}

/// The file name of an export's `Content-Disposition`, when it sends one.
fn export_file_name(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get(CONTENT_DISPOSITION)
        .and_then(|v| v.to_str().ok())
        .and_then(attachment_file_name)
}

/// The `max-age` of a `Cache-Control` value, when it allows caching.
fn max_age(cache_control: &str) -> Option<Duration> {
    let directives: Vec<&str> = cache_control.split(',').map(str::trim).collect();
    if directives
        .iter()
        .any(|d| d.eq_ignore_ascii_case("no-store") || d.eq_ignore_ascii_case("no-cache"))
    {
        return None;
    }
    let seconds = directives
        .iter()
        .find_map(|d| d.strip_prefix("max-age="))?
        .parse()
        .ok()?;
    // A server's "forever" is held to a day, which also keeps the expiry instant representable.
    Some(Duration::from_secs(seconds).min(MAX_CONFIG_CACHE_AGE))
}

/// The `filename` of a `Content-Disposition: attachment; filename="…"` value.
fn attachment_file_name(disposition: &str) -> Option<String> {
    disposition
        .split(';')
        .map(str::trim)
        .find_map(|part| part.strip_prefix("filename="))
        .map(|name| name.trim_matches('"').to_owned())
}

/// The stream of [`Client::chat_stream`].
pub type ChatStream = EventStream<MevichatEvents>;

/// How Mevichat's named events decode.
#[derive(Debug)]
pub struct MevichatEvents;

impl ProviderEvents for MevichatEvents {
    type Event = ChatEvent;

    fn decode(&mut self, raw: EventRef<'_>) -> Result<ChatEvent> {
        Ok(match raw.event {
            "meta" => ChatEvent::Meta(parse_data(&raw)?),
            "token" => ChatEvent::Token(parse_data(&raw)?),
            "blocked" => ChatEvent::Blocked(parse_data(&raw)?),
            "error" => ChatEvent::Error(parse_data(&raw)?),
            "done" => ChatEvent::Done(parse_data(&raw)?),
            other => ChatEvent::Unknown {
                event: other.to_owned(),
                data: raw.data.to_owned(),
            },
        })
    }

    fn is_terminal(&self, event: &ChatEvent) -> bool {
        matches!(event, ChatEvent::Done(_))
    }

    fn neutral(event: &ChatEvent) -> Option<Neutral> {
        Some(match event {
            ChatEvent::Meta(meta) => Neutral::Started {
                session_id: Some(meta.session_id.clone()),
                message_id: Some(meta.message_id.to_string()),
            },
            ChatEvent::Token(token) => Neutral::Delta {
                text: token.text.clone(),
            },
            ChatEvent::Blocked(blocked) => Neutral::Blocked {
                reason: blocked.reason.clone(),
                fallback: blocked.fallback.clone(),
            },
            ChatEvent::Error(error) => Neutral::Failed {
                code: error.code.to_string(),
                message: error.message.clone(),
            },
            ChatEvent::Done(done) => Neutral::Finished(Finish {
                finish_reason: Some(done.finish_reason.to_string()),
                usage: Some(TokenUsage {
                    tokens_in: done.tokens_in,
                    tokens_out: done.tokens_out,
                }),
                latency_ms: Some(done.latency_ms),
                model: done.model.clone(),
                ..Finish::default()
            }),
            ChatEvent::Unknown { .. } => return None,
        })
    }

    fn plain_delta(raw: &EventRef<'_>) -> Option<String> {
        (raw.event == "token")
            .then(|| sole_text_member(raw.data, "text", None))
            .flatten()
    }

    fn delta_event(text: String) -> ChatEvent {
        ChatEvent::Token(TokenData {
            text,
            extra: Map::new(),
        })
    }
}

impl Converse for Client {
    type Events = MevichatEvents;

    /// Mevichat sessions are UUIDs the client makes.
    fn new_session_id() -> Option<String> {
        Some(uuid::Uuid::new_v4().to_string())
    }

    fn open_turn<'a>(
        &'a self,
        session_id: Option<&'a str>,
        text: &'a str,
    ) -> TurnFuture<'a, MevichatEvents> {
        Box::pin(async move {
            let session_id = session_of(session_id)?;
            self.chat_stream(&ChatRequest::new(session_id, text)).await
        })
    }

    /// The session's export (which needs the export token).
    fn history<'a>(&'a self, session_id: &'a str) -> HistoryFuture<'a> {
        Box::pin(async move {
            let export = self.export_conversation(session_id).await?;
            Ok(export
                .messages
                .into_iter()
                .map(|message| HistoryEntry {
                    role: Some(message.role.to_string()),
                    text: message.content,
                    created_at: message.created_at,
                })
                .collect())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_control_and_content_disposition() {
        assert_eq!(max_age("public, max-age=60"), Some(Duration::from_secs(60)));
        assert_eq!(max_age("no-store, max-age=60"), None);
        assert_eq!(max_age("public"), None);
        assert_eq!(
            attachment_file_name("attachment; filename=\"session-1.json\""),
            Some("session-1.json".into())
        );
        assert_eq!(attachment_file_name("inline"), None);
    }
}
