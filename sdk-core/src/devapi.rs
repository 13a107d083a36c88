//! The Developer API (`openapi/devapi.yaml`): chat (one JSON reply, or `event: message` /
//! `event: end` events with `stream: true`), usage, and paged sessions. The key goes in
//! `Authorization: Bearer`.
//!
//! ```no_run
//! # async fn run() -> chatwire::Result<()> {
//! use chatwire::devapi::{ChatRequest, Client};
//!
//! let client = Client::builder("dk_…").base_url("https://api.example.com").build()?;
//! let reply = client.chat(&ChatRequest::new("Summarize today's incidents")).await?;
//! println!("{}", reply.content.unwrap_or_default());
//! # Ok(()) }
//! ```

use futures_core::Stream;
use futures_util::TryStreamExt as _;
use http::header::{HeaderValue, AUTHORIZATION, ORIGIN};
use http::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::chat::{ChatEvent as Neutral, FinalMessage, Finish, ReplyFuture};
use crate::client::{Api, CommonSettings};
use crate::conversation::{Converse, HistoryEntry, HistoryFuture, TurnFuture};
use crate::error::{Error, Result};
use crate::rate::RateLimit;
use crate::response::Response;
use crate::secret::Secret;
use crate::sse::EventRef;
use crate::stream::{parse_data, sole_text_member, EventStream, ProviderEvents};
use crate::transport::{Call, RequestOptions, Transport};
use crate::validate;

open_enum! {
    /// `ErrorCode`: the `error` of a Developer API error body.
    ErrorCode {
        /// A field is missing or of the wrong type.
        InvalidRequest = "invalid_request",
        /// The key is missing or unknown.
        InvalidApiKey = "invalid_api_key",
        /// The `Origin` is not among the key's allowed origins.
        OriginNotAllowed = "origin_not_allowed",
        /// Too many requests.
        RateLimited = "rate_limited",
    }
}

/// `ChatRequest`: a user message (the key comes from the client; `stream` from the method).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChatRequest {
    /// The user's message.
    pub message: String,
    /// The session to continue; the server starts one when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
}

impl ChatRequest {
    /// A message in a new session.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            session_id: None,
        }
    }

    /// The same message, in the session `session_id`.
    pub fn in_session(mut self, session_id: impl Into<String>) -> Self {
        self.session_id = Some(session_id.into());
        self
    }
}

/// `ChatResponse`: the whole reply. The docs do not give this shape.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChatResponse {
    /// `true` on success.
    #[serde(default)]
    pub success: bool,
    /// The session, to continue it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// The reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One event of the chat stream.
#[derive(Clone, Debug, PartialEq)]
pub enum ChatEvent {
    /// `message`: the next piece of the reply.
    Message(MessageData),
    /// `end`: the last event.
    End(EndData),
    /// An event the docs do not name, kept whole.
    Unknown {
        /// Its `event` name.
        event: String,
        /// Its data.
        data: String,
    },
}

/// `MessageData`: the next piece of the reply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MessageData {
    /// The text.
    pub content: String,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `EndData`: the last event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EndData {
    /// The session, to continue it.
    pub session_id: String,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `Usage`: totals over the period.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Usage {
    /// Requests.
    #[serde(default)]
    pub total_requests: i64,
    /// Input tokens.
    #[serde(default)]
    pub total_input_tokens: i64,
    /// Output tokens.
    #[serde(default)]
    pub total_output_tokens: i64,
    /// All tokens.
    #[serde(default)]
    pub total_tokens: i64,
    /// Cost, in dollars.
    #[serde(default)]
    pub total_cost: f64,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `ModelUsage`: the totals of one model. The docs do not give this shape.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ModelUsage {
    /// The model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Its totals.
    #[serde(flatten)]
    pub usage: Usage,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `UsageResponse`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UsageResponse {
    /// `true` on success.
    #[serde(default)]
    pub success: bool,
    /// The totals.
    pub usage: Usage,
    /// The totals per model.
    #[serde(default)]
    pub by_model: Vec<ModelUsage>,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `SessionMessage`: one message of a session. The docs do not give this shape.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SessionMessage {
    /// Who wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// When (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `Session`: one chat session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Session {
    /// The session id.
    pub session_id: String,
    /// Its last activity (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_at: Option<String>,
    /// Tokens used.
    #[serde(default)]
    pub total_tokens: i64,
    /// The start of the latest reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview: Option<String>,
    /// The messages, with `include_all`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages: Option<Vec<SessionMessage>>,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `PageMeta`: where a page of sessions stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PageMeta {
    /// This page, from 1.
    pub current_page: u32,
    /// Sessions per page.
    pub per_page: u32,
    /// Whether a next page exists.
    pub has_more: bool,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `SessionsResponse`: one page of sessions, most recent first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SessionsResponse {
    /// `true` on success.
    #[serde(default)]
    pub success: bool,
    /// The page's sessions.
    #[serde(default)]
    pub sessions: Vec<Session>,
    /// Paging.
    pub meta: PageMeta,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The query of `GET /api/v1/usage`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UsageQuery {
    /// The first day counted, `YYYY-MM-DD`.
    pub start_date: Option<String>,
}

/// The query of `GET /api/v1/sessions`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SessionsQuery {
    /// Include each session's messages.
    pub include_all: Option<bool>,
    /// The page, from 1.
    pub page: Option<u32>,
    /// Sessions per page, 1 to 100.
    pub per_page: Option<u32>,
}

fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// What the settings that depend on the API need to know of it.
const API: Api = Api {
    default_base_url: None,
    operations: OPERATIONS,
    documented_limits: DOCUMENTED_RATE_LIMITS,
};

/// Every operation, by its spec name (`operationId`), as logs and rate limits name them.
pub const OPERATIONS: &[&str] = &["chat", "chat_stream", "get_usage", "list_sessions"];

/// The docs give no rate limit; [`Builder::rate_limit_for`] sets one.
pub const DOCUMENTED_RATE_LIMITS: &[(&str, RateLimit)] = &[];

/// Builds a [`Client`].
#[derive(Debug)]
pub struct Builder {
    api_key: Option<Secret>,
    origin: Option<String>,
    common: CommonSettings,
}

impl Builder {
    common_builder_methods!();

    /// A builder given nothing: the key and base URL come from `DEVAPI_API_KEY` and
    /// `DEVAPI_BASE_URL` unless set on it.
    pub fn from_env() -> Self {
        Self {
            api_key: None,
            origin: None,
            common: CommonSettings::new("devapi"),
        }
    }

    /// The API key (`dk_…`), over `DEVAPI_API_KEY`.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(Secret::new(api_key));
        self
    }

    /// An `Origin` to send, for keys whose allowed origins are checked.
    pub fn origin(mut self, origin: impl Into<String>) -> Self {
        self.origin = Some(origin.into());
        self
    }

    /// The client. Fails when the key or the base URL is missing (given neither here nor in
    /// the environment), or the base URL is not an http(s) URL.
    pub fn build(self) -> Result<Client> {
        let api_key = self.common.required_secret("api_key", self.api_key)?;
        let mut auth = HeaderValue::from_str(&format!("Bearer {}", api_key.expose()))
            .map_err(|_| Error::validation("api_key", "must be visible ASCII"))?;
        auth.set_sensitive(true);
        let mut common = self.common;
        common.headers.insert(AUTHORIZATION, auth);
        if let Some(origin) = &self.origin {
            let value = HeaderValue::from_str(origin).map_err(|_| {
                Error::validation("origin", format!("{origin:?} is not a header value"))
            })?;
            common.headers.insert(ORIGIN, value);
        }
        Ok(Client {
            transport: common.into_transport(&API)?,
        })
    }
}

/// A client of the Developer API.
#[derive(Clone, Debug)]
pub struct Client {
    /// Carries the key as a sensitive default header, which `Debug` does not show.
    transport: Transport,
}

impl Client {
    /// A builder with the API key.
    pub fn builder(api_key: impl Into<String>) -> Builder {
        Builder::from_env().api_key(api_key)
    }

    /// A client configured by `DEVAPI_API_KEY` and `DEVAPI_BASE_URL` alone.
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
        }
    }

    fn chat_call(request: &ChatRequest, stream: bool) -> Result<Call> {
        validate::not_empty("message", &request.message)?;
        let mut body = serde_json::to_value(request).expect("a request serializes");
        body["stream"] = Value::Bool(stream);
        // The log names the method called; the spec has one `chat` operation for both.
        let operation = if stream { "chat_stream" } else { "chat" };
        Ok(Call::new(operation, Method::POST, "/api/v1/chat").json(body))
    }

    /// `POST /api/v1/chat` (`chat`) with `stream: false`: the whole reply.
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
        self.transport.json(Self::chat_call(request, false)?).await
    }

    /// `POST /api/v1/chat` (`chat`) with `stream: true`: the reply as events.
    pub async fn chat_stream(&self, request: &ChatRequest) -> Result<ChatStream> {
        self.transport
            .stream(Self::chat_call(request, true)?, DevApiEvents)
            .await
    }

    /// `GET /api/v1/usage` (`get_usage`).
    pub async fn get_usage(&self, query: &UsageQuery) -> Result<UsageResponse> {
        self.get_usage_with_response(query)
            .await
            .map(Response::into_data)
    }

    /// [`Self::get_usage`], with the response's status, headers and request id.
    pub async fn get_usage_with_response(
        &self,
        query: &UsageQuery,
    ) -> Result<Response<UsageResponse>> {
        if let Some(date) = query.start_date.as_deref().filter(|d| !is_date(d)) {
            return Err(Error::validation(
                "start_date",
                format!("must be YYYY-MM-DD, not {date:?}"),
            ));
        }
        self.transport
            .json(
                Call::new("get_usage", Method::GET, "/api/v1/usage")
                    .query("start_date", query.start_date.as_deref()),
            )
            .await
    }

    /// `GET /api/v1/sessions` (`list_sessions`): one page.
    pub async fn list_sessions(&self, query: &SessionsQuery) -> Result<SessionsResponse> {
        self.list_sessions_with_response(query)
            .await
            .map(Response::into_data)
    }

    /// [`Self::list_sessions`], with the response's status, headers and request id.
    pub async fn list_sessions_with_response(
        &self,
        query: &SessionsQuery,
    ) -> Result<Response<SessionsResponse>> {
        if let Some(page) = query.page {
            validate::in_range("page", page.into(), 1, i64::MAX)?;
        }
        if let Some(per_page) = query.per_page {
            validate::in_range("per_page", per_page.into(), 1, 100)?;
        }
        let call = Call::new("list_sessions", Method::GET, "/api/v1/sessions")
            .query("include_all", query.include_all)
            .query("page", query.page)
            .query("per_page", query.per_page);
        self.transport.json(call).await
    }

    /// Every session, page after page while `meta.has_more` says more follow, starting at
    /// `query.page` (or 1). Pages are fetched as the stream is read.
    pub fn sessions(
        &self,
        query: SessionsQuery,
    ) -> impl Stream<Item = Result<Session>> + Send + 'static {
        let client = self.clone();
        let first = query.page.unwrap_or(1);
        futures_util::stream::try_unfold(Some(first), move |page| {
            let client = client.clone();
            async move {
                let Some(page) = page else {
                    return Ok::<_, Error>(None);
                };
                let response = client
                    .list_sessions(&SessionsQuery {
                        page: Some(page),
                        ..query
                    })
                    .await?;
                let next = response.meta.has_more.then_some(page + 1);
                Ok(Some((
                    futures_util::stream::iter(response.sessions.into_iter().map(Ok)),
                    next,
                )))
            }
        })
        .try_flatten()
    }
}

/// The stream of [`Client::chat_stream`].
pub type ChatStream = EventStream<DevApiEvents>;

/// How the Developer API's `message` / `end` events decode.
#[derive(Debug)]
pub struct DevApiEvents;

impl ProviderEvents for DevApiEvents {
    type Event = ChatEvent;

    fn decode(&mut self, raw: EventRef<'_>) -> Result<ChatEvent> {
        Ok(match raw.event {
            "message" => ChatEvent::Message(parse_data(&raw)?),
            "end" => ChatEvent::End(parse_data(&raw)?),
            other => ChatEvent::Unknown {
                event: other.to_owned(),
                data: raw.data.to_owned(),
            },
        })
    }

    fn is_terminal(&self, event: &ChatEvent) -> bool {
        matches!(event, ChatEvent::End(_))
    }

    fn neutral(event: &ChatEvent) -> Option<Neutral> {
        Some(match event {
            ChatEvent::Message(message) => Neutral::Delta {
                text: message.content.clone(),
            },
            ChatEvent::End(end) => Neutral::Finished(Finish {
                session_id: Some(end.session_id.clone()),
                ..Finish::default()
            }),
            ChatEvent::Unknown { .. } => return None,
        })
    }

    fn plain_delta(raw: &EventRef<'_>) -> Option<String> {
        (raw.event == "message")
            .then(|| sole_text_member(raw.data, "content", None))
            .flatten()
    }

    fn delta_event(content: String) -> ChatEvent {
        ChatEvent::Message(MessageData {
            content,
            extra: Map::new(),
        })
    }
}

impl Converse for Client {
    type Events = DevApiEvents;

    /// The server starts a session with the first reply and names it (`end`'s `session_id`).
    fn new_session_id() -> Option<String> {
        None
    }

    fn open_turn<'a>(
        &'a self,
        session_id: Option<&'a str>,
        text: &'a str,
    ) -> TurnFuture<'a, DevApiEvents> {
        let request = ChatRequest {
            message: text.to_owned(),
            session_id: session_id.map(str::to_owned),
        };
        Box::pin(async move { self.chat_stream(&request).await })
    }

    fn whole_turn<'a>(&'a self, session_id: Option<&'a str>, text: &'a str) -> ReplyFuture<'a> {
        let request = ChatRequest {
            message: text.to_owned(),
            session_id: session_id.map(str::to_owned),
        };
        Box::pin(async move {
            let response = self.chat(&request).await?;
            Ok(FinalMessage {
                text: response.content.unwrap_or_default(),
                finish: Finish {
                    session_id: response.session_id,
                    ..Finish::default()
                },
                ..FinalMessage::default()
            })
        })
    }

    /// The session's messages, from the listing of every session with its messages.
    fn history<'a>(&'a self, session_id: &'a str) -> HistoryFuture<'a> {
        Box::pin(async move {
            let query = SessionsQuery {
                include_all: Some(true),
                ..SessionsQuery::default()
            };
            let mut sessions = std::pin::pin!(self.sessions(query));
            while let Some(session) = futures_util::StreamExt::next(&mut sessions).await {
                let session = session?;
                if session.session_id == session_id {
                    return Ok(session
                        .messages
                        .unwrap_or_default()
                        .into_iter()
                        .map(|message| HistoryEntry {
                            role: message.role,
                            text: message.content.unwrap_or_default(),
                            created_at: message.created_at,
                        })
                        .collect());
                }
            }
            Ok(Vec::new())
        })
    }
}
