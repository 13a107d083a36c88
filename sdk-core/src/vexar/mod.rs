//! Vexar's widget API (`openapi/vexar.yaml`): ten public endpoints scoped by a site key and a
//! visitor's session id; the chat reply streams as data-only events, `{"type":"chunk"}` pieces
//! and a final `{"type":"done"}`.
//!
//! The client holds the site key; each request names the session.
//!
//! ```no_run
//! # async fn run() -> chatwire::Result<()> {
//! use chatwire::vexar::{ChatRequest, Client};
//!
//! let client = Client::builder("sk_…").base_url("https://vexar.example").build()?;
//! let reply = client.chat_stream(&ChatRequest::new("sess_1", "Do you ship to Canada?")).await?;
//! # Ok(()) }
//! ```

use std::path::Path;

use bytes::Bytes;
use http::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::chat::{ChatEvent as Neutral, Finish};
use crate::client::{Api, CommonSettings};
use crate::conversation::{session_of, Converse, HistoryEntry, HistoryFuture, TurnFuture};
use crate::error::{Error, Result};
use crate::rate::RateLimit;
use crate::response::Response;
use crate::secret::Secret;
use crate::sse::EventRef;
use crate::stream::{sole_text_member, EventStream, ProviderEvents};
use crate::transport::{Call, MultipartBody, RequestOptions, Transport};
use crate::validate;

pub mod watch;

use watch::OperatorSessions;
pub use watch::{Watch, WatchEvent, WatchOptions};

open_enum! {
    /// `ChatMode`: who answers the visitor.
    ChatMode {
        /// The AI assistant.
        Ai = "ai",
        /// A human operator.
        Operator = "operator",
    }
}

open_enum! {
    /// `ErrorCode`: the `error` of a Vexar error body.
    ErrorCode {
        /// A field is missing, of the wrong type, or out of range.
        InvalidRequest = "invalid_request",
        /// The site key is unknown.
        InvalidSiteKey = "invalid_site_key",
        /// The visitor is blocked.
        VisitorBlocked = "visitor_blocked",
        /// Too many requests.
        RateLimited = "rate_limited",
    }
}

/// `ChatRequest`: a visitor's message (the site key comes from the client).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChatRequest {
    /// The visitor's session.
    pub session_id: String,
    /// The visitor's message.
    pub message: String,
    /// The visitor's language, such as `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The client's id for this message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
}

impl ChatRequest {
    /// A message in the session `session_id`.
    pub fn new(session_id: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            session_id: session_id.into(),
            message: message.into(),
            ..Self::default()
        }
    }

    fn validate(&self) -> Result<()> {
        validate::not_empty("message", &self.message)
    }
}

/// One event of the chat stream.
#[derive(Clone, Debug, PartialEq)]
pub enum ChatEvent {
    /// `{"type":"chunk"}`: the next piece of the answer.
    Chunk(ChunkData),
    /// `{"type":"done"}`: the last event.
    Done(DoneData),
    /// An event whose `type` the docs do not name, kept whole.
    Unknown {
        /// The event's JSON.
        data: Value,
    },
}

/// `ChunkData`: the next piece of the answer (its `type` is `chunk`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChunkData {
    /// The text.
    pub content: String,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `DoneData`: the last event (its `type` is `done`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DoneData {
    /// What the stream ends with.
    pub meta: DoneMeta,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `DoneMeta`: what the final event carries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DoneMeta {
    /// The conversation the exchange belongs to.
    pub conversation_id: i64,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `HistoryMessage`: one message of a conversation. The docs do not give its shape.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HistoryMessage {
    /// Who wrote it (`user`, `assistant`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// When it was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `OperatorMessage`: a message from a human operator. The docs do not give its shape.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OperatorMessage {
    /// The text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// When it was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `ProactiveMessage`: a nudge waiting for the visitor; the same shape as an [`OperatorMessage`].
pub type ProactiveMessage = OperatorMessage;

/// `HistoryResponse`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HistoryResponse {
    /// Always `true` on success.
    pub success: bool,
    /// The conversation so far.
    #[serde(default)]
    pub messages: Vec<HistoryMessage>,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `EmailRequest`: the visitor's email for the conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EmailRequest {
    /// The visitor's session.
    pub session_id: String,
    /// The email address.
    pub email: String,
}

/// `ContactRequest`: a contact, with an email and/or a phone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ContactRequest {
    /// The visitor's session.
    pub session_id: String,
    /// The email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The visitor's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `SaveResponse`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SaveResponse {
    /// Always `true` on success.
    pub success: bool,
    /// What was saved, in words (`Email saved`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `OperatorMessagesResponse`: new operator messages and who answers now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OperatorMessagesResponse {
    /// Always `true` on success.
    pub success: bool,
    /// Messages not delivered before.
    #[serde(default)]
    pub messages: Vec<OperatorMessage>,
    /// Who answers now.
    pub mode: ChatMode,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `BlockStatusResponse`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BlockStatusResponse {
    /// Always `true` on success.
    pub success: bool,
    /// Whether the visitor is blocked.
    pub blocked: bool,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `PendingProactiveResponse`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PendingProactiveResponse {
    /// Always `true` on success.
    pub success: bool,
    /// Nudges waiting for the visitor.
    #[serde(default)]
    pub messages: Vec<ProactiveMessage>,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `UploadImageRequest`: an image from the widget, sent as the multipart part `image`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadImageRequest {
    /// The visitor's session.
    pub session_id: String,
    /// The image's bytes.
    pub image: Bytes,
    /// The file name sent with it.
    pub file_name: String,
    /// Its MIME type, `image/…`.
    pub content_type: String,
}

impl UploadImageRequest {
    /// An upload of `image` bytes of type `content_type` (such as `image/png`).
    pub fn from_bytes(
        session_id: impl Into<String>,
        image: impl Into<Bytes>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
    ) -> Self {
        Self {
            session_id: session_id.into(),
            image: image.into(),
            file_name: file_name.into(),
            content_type: content_type.into(),
        }
    }

    /// An upload of `image` bytes named `file_name`, its type taken from the name's extension.
    pub fn from_named_bytes(
        session_id: impl Into<String>,
        image: impl Into<Bytes>,
        file_name: impl Into<String>,
    ) -> Result<Self> {
        let file_name = file_name.into();
        let content_type = image_type_of(Path::new(&file_name))?;
        Ok(Self::from_bytes(session_id, image, file_name, content_type))
    }

    /// An upload of the file at `path`, its type taken from its extension.
    pub fn from_path(session_id: impl Into<String>, path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let content_type = image_type_of(path)?;
        Self::from_path_with_type(session_id, path, content_type)
    }

    /// An upload of the file at `path` as type `content_type`, whatever its extension (a
    /// `photo.heic` as `image/heic`).
    pub fn from_path_with_type(
        session_id: impl Into<String>,
        path: impl AsRef<Path>,
        content_type: impl Into<String>,
    ) -> Result<Self> {
        let path = path.as_ref();
        let image = std::fs::read(path).map_err(|e| {
            Error::validation("image", format!("cannot read {}: {e}", path.display()))
        })?;
        let file_name = path
            .file_name()
            .map_or_else(|| "image".to_owned(), |n| n.to_string_lossy().into_owned());
        Ok(Self::from_bytes(session_id, image, file_name, content_type))
    }

    fn validate(&self) -> Result<()> {
        validate::not_empty("session_id", &self.session_id)?;
        if !self.content_type.starts_with("image/") {
            return Err(Error::validation(
                "content_type",
                format!("must be image/*, not {:?}", self.content_type),
            ));
        }
        // The name goes into the part's headers, where a line break would end them.
        if self.file_name.is_empty() || self.file_name.chars().any(char::is_control) {
            return Err(Error::validation(
                "file_name",
                format!(
                    "must be a name without control characters, not {:?}",
                    self.file_name
                ),
            ));
        }
        if self.image.is_empty() {
            return Err(Error::validation("image", "is empty"));
        }
        Ok(())
    }
}

/// The image type that `path`'s extension names; a type given with the upload takes its place.
fn image_type_of(path: &Path) -> Result<&'static str> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    Ok(match extension.as_deref() {
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("svg") => "image/svg+xml",
        _ => {
            return Err(Error::validation(
                "image",
                format!(
                    "{} has no image extension (png, jpg, jpeg, gif, webp, svg); give its \
                     content type",
                    path.display()
                ),
            ))
        }
    })
}

/// `UploadImageResponse`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UploadImageResponse {
    /// Always `true` on success.
    pub success: bool,
    /// Where the image is now.
    pub url: String,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `RateRequest`: a rating of the conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RateRequest {
    /// The visitor's session.
    pub session_id: String,
    /// From 1 to 5.
    pub score: u8,
}

/// `RateCommentRequest`: a comment on the rating.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RateCommentRequest {
    /// The visitor's session.
    pub session_id: String,
    /// The comment.
    pub comment: String,
}

/// `SuccessResponse`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SuccessResponse {
    /// Always `true` on success.
    pub success: bool,
    /// Fields the docs do not name, kept as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What the settings that depend on the API need to know of it.
const API: Api = Api {
    default_base_url: None,
    operations: OPERATIONS,
    documented_limits: DOCUMENTED_RATE_LIMITS,
};

/// Every operation, by its spec name (`operationId`), as logs and rate limits name them.
pub const OPERATIONS: &[&str] = &[
    "chat_stream",
    "get_history",
    "save_email",
    "save_contact",
    "get_operator_messages",
    "get_block_status",
    "get_pending_proactive",
    "upload_image",
    "rate_conversation",
    "comment_rating",
];

/// The docs give no rate limit; [`Builder::rate_limit_for`] sets one.
pub const DOCUMENTED_RATE_LIMITS: &[(&str, RateLimit)] = &[];

/// Builds a [`Client`].
#[derive(Debug)]
pub struct Builder {
    site_key: Option<Secret>,
    common: CommonSettings,
}

impl Builder {
    common_builder_methods!();

    /// A builder given nothing: the site key and base URL come from `VEXAR_SITE_KEY` and
    /// `VEXAR_BASE_URL` unless set on it.
    pub fn from_env() -> Self {
        Self {
            site_key: None,
            common: CommonSettings::new("vexar"),
        }
    }

    /// The site key, over `VEXAR_SITE_KEY`.
    pub fn site_key(mut self, site_key: impl Into<String>) -> Self {
        self.site_key = Some(Secret::new(site_key));
        self
    }

    /// The client. Fails when the site key or the base URL is missing (given neither here nor
    /// in the environment), or the base URL is not an http(s) URL.
    pub fn build(self) -> Result<Client> {
        let site_key = self.common.required_secret("site_key", self.site_key)?;
        validate::not_empty("site_key", site_key.expose())?;
        Ok(Client {
            transport: self.common.into_transport(&API)?,
            site_key,
            operator_sessions: OperatorSessions::default(),
        })
    }
}

/// A client of Vexar's widget API.
#[derive(Clone)]
pub struct Client {
    transport: Transport,
    site_key: Secret,
    /// The sessions a watcher with `pause_ai_in_operator_mode` sees in operator mode.
    operator_sessions: OperatorSessions,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("vexar::Client")
            .field("site_key", &self.site_key)
            .field("transport", &self.transport)
            .finish()
    }
}

impl Client {
    /// A builder with the site key.
    pub fn builder(site_key: impl Into<String>) -> Builder {
        Builder::from_env().site_key(site_key)
    }

    /// A client configured by `VEXAR_SITE_KEY` and `VEXAR_BASE_URL` alone.
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

    /// A POST of `request`, scoped to `session_id`, with the site key added to its JSON.
    fn post(
        &self,
        operation: &'static str,
        path: &str,
        session_id: &str,
        request: &impl Serialize,
    ) -> Result<Call> {
        validate::not_empty("session_id", session_id)?;
        let mut body = serde_json::to_value(request).expect("a request serializes");
        body["site_key"] = Value::String(self.site_key.expose().to_owned());
        Ok(Call::new(operation, Method::POST, path).json(body))
    }

    /// A GET scoped by the site key and `session_id` in the query.
    fn get(&self, operation: &'static str, path: &str, session_id: &str) -> Result<Call> {
        validate::not_empty("session_id", session_id)?;
        Ok(Call::new(operation, Method::GET, path)
            .query("site_key", Some(self.site_key.expose()))
            .query("session_id", Some(session_id)))
    }

    /// Watches the session `session_id`: operator messages, mode changes, proactive messages
    /// and blocking, as they happen (see [`watch`]).
    pub fn watch(&self, session_id: impl Into<String>, options: WatchOptions) -> Result<Watch> {
        let session_id = session_id.into();
        validate::not_empty("session_id", &session_id)?;
        if options.interval.is_zero() {
            return Err(Error::validation("interval", "must be longer than 0"));
        }
        if options.poll_timeout.is_zero() {
            return Err(Error::validation("poll_timeout", "must be longer than 0"));
        }
        Ok(Watch::new(self, session_id, options))
    }

    /// `POST /api/v1/chat/stream` (`chat_stream`): the answer, streamed. Refused with
    /// [`Error::OperatorMode`] while a watcher with `pause_ai_in_operator_mode` sees the
    /// session in operator mode.
    pub async fn chat_stream(&self, request: &ChatRequest) -> Result<ChatStream> {
        if watch::in_operator_mode(&self.operator_sessions, &request.session_id) {
            return Err(Error::OperatorMode {
                session_id: request.session_id.clone(),
            });
        }
        let call = self.post(
            "chat_stream",
            "/api/v1/chat/stream",
            &request.session_id,
            request,
        )?;
        request.validate()?;
        self.transport.stream(call, VexarEvents).await
    }

    /// `GET /api/v1/chat/history` (`get_history`).
    pub async fn get_history(&self, session_id: &str) -> Result<HistoryResponse> {
        self.get_history_with_response(session_id)
            .await
            .map(Response::into_data)
    }

    /// [`Self::get_history`], with the response's status, headers and request id.
    pub async fn get_history_with_response(
        &self,
        session_id: &str,
    ) -> Result<Response<HistoryResponse>> {
        self.transport
            .json(self.get("get_history", "/api/v1/chat/history", session_id)?)
            .await
    }

    /// `POST /api/v1/chat/email` (`save_email`).
    pub async fn save_email(&self, request: &EmailRequest) -> Result<SaveResponse> {
        self.save_email_with_response(request)
            .await
            .map(Response::into_data)
    }

    /// [`Self::save_email`], with the response's status, headers and request id.
    pub async fn save_email_with_response(
        &self,
        request: &EmailRequest,
    ) -> Result<Response<SaveResponse>> {
        let call = self.post(
            "save_email",
            "/api/v1/chat/email",
            &request.session_id,
            request,
        )?;
        if !request.email.contains('@') {
            return Err(Error::validation(
                "email",
                format!("{:?} is not an email address", request.email),
            ));
        }
        self.transport.json(call).await
    }

    /// `POST /api/v1/chat/contact` (`save_contact`): at least an email or a phone.
    pub async fn save_contact(&self, request: &ContactRequest) -> Result<SaveResponse> {
        self.save_contact_with_response(request)
            .await
            .map(Response::into_data)
    }

    /// [`Self::save_contact`], with the response's status, headers and request id.
    pub async fn save_contact_with_response(
        &self,
        request: &ContactRequest,
    ) -> Result<Response<SaveResponse>> {
        let call = self.post(
            "save_contact",
            "/api/v1/chat/contact",
            &request.session_id,
            request,
        )?;
        let given = |field: &Option<String>| field.as_deref().is_some_and(|v| !v.is_empty());
        if !given(&request.email) && !given(&request.phone) {
            return Err(Error::validation(
                "email",
                "an email or a phone is required",
            ));
        }
        self.transport.json(call).await
    }

    /// `GET /api/v1/chat/operator-messages` (`get_operator_messages`): messages not seen before.
    pub async fn get_operator_messages(
        &self,
        session_id: &str,
    ) -> Result<OperatorMessagesResponse> {
        self.get_operator_messages_with_response(session_id)
            .await
            .map(Response::into_data)
    }

    /// [`Self::get_operator_messages`], with the response's status, headers and request id.
    pub async fn get_operator_messages_with_response(
        &self,
        session_id: &str,
    ) -> Result<Response<OperatorMessagesResponse>> {
        self.transport
            .json(self.get(
                "get_operator_messages",
                "/api/v1/chat/operator-messages",
                session_id,
            )?)
            .await
    }

    /// `GET /api/v1/chat/block-status` (`get_block_status`).
    pub async fn get_block_status(&self, session_id: &str) -> Result<BlockStatusResponse> {
        self.get_block_status_with_response(session_id)
            .await
            .map(Response::into_data)
    }

    /// [`Self::get_block_status`], with the response's status, headers and request id.
    pub async fn get_block_status_with_response(
        &self,
        session_id: &str,
    ) -> Result<Response<BlockStatusResponse>> {
        self.transport
            .json(self.get("get_block_status", "/api/v1/chat/block-status", session_id)?)
            .await
    }

    /// `GET /api/v1/chat/pending-proactive` (`get_pending_proactive`).
    pub async fn get_pending_proactive(
        &self,
        session_id: &str,
    ) -> Result<PendingProactiveResponse> {
        self.get_pending_proactive_with_response(session_id)
            .await
            .map(Response::into_data)
    }

    /// [`Self::get_pending_proactive`], with the response's status, headers and request id.
    pub async fn get_pending_proactive_with_response(
        &self,
        session_id: &str,
    ) -> Result<Response<PendingProactiveResponse>> {
        self.transport
            .json(self.get(
                "get_pending_proactive",
                "/api/v1/chat/pending-proactive",
                session_id,
            )?)
            .await
    }

    /// `POST /api/v1/chat/upload-image` (`upload_image`), as `multipart/form-data`.
    pub async fn upload_image(&self, request: &UploadImageRequest) -> Result<UploadImageResponse> {
        self.upload_image_with_response(request)
            .await
            .map(Response::into_data)
    }

    /// [`Self::upload_image`], with the response's status, headers and request id.
    pub async fn upload_image_with_response(
        &self,
        request: &UploadImageRequest,
    ) -> Result<Response<UploadImageResponse>> {
        request.validate()?;
        let form = MultipartBody {
            texts: vec![
                ("site_key", self.site_key.expose().to_owned()),
                ("session_id", request.session_id.clone()),
            ],
            files: vec![(
                "image",
                request.file_name.clone(),
                request.content_type.clone(),
                request.image.clone(),
            )],
        };
        self.transport
            .json(
                Call::new("upload_image", Method::POST, "/api/v1/chat/upload-image")
                    .multipart(form),
            )
            .await
    }

    /// `POST /api/v1/chat/rate` (`rate_conversation`): a score from 1 to 5.
    pub async fn rate_conversation(&self, request: &RateRequest) -> Result<SuccessResponse> {
        self.rate_conversation_with_response(request)
            .await
            .map(Response::into_data)
    }

    /// [`Self::rate_conversation`], with the response's status, headers and request id.
    pub async fn rate_conversation_with_response(
        &self,
        request: &RateRequest,
    ) -> Result<Response<SuccessResponse>> {
        let call = self.post(
            "rate_conversation",
            "/api/v1/chat/rate",
            &request.session_id,
            request,
        )?;
        validate::in_range("score", request.score.into(), 1, 5)?;
        self.transport.json(call).await
    }

    /// `POST /api/v1/chat/rate/comment` (`comment_rating`).
    pub async fn comment_rating(&self, request: &RateCommentRequest) -> Result<SuccessResponse> {
        self.comment_rating_with_response(request)
            .await
            .map(Response::into_data)
    }

    /// [`Self::comment_rating`], with the response's status, headers and request id.
    pub async fn comment_rating_with_response(
        &self,
        request: &RateCommentRequest,
    ) -> Result<Response<SuccessResponse>> {
        let call = self.post(
            "comment_rating",
            "/api/v1/chat/rate/comment",
            &request.session_id,
            request,
        )?;
        validate::not_empty("comment", &request.comment)?;
        self.transport.json(call).await
    }
}

/// The stream of [`Client::chat_stream`].
pub type ChatStream = EventStream<VexarEvents>;

/// How Vexar's data-only events decode: by the `type` in their JSON.
#[derive(Debug)]
pub struct VexarEvents;

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum KnownEvent {
    Chunk(ChunkData),
    Done(DoneData),
}

impl ProviderEvents for VexarEvents {
    type Event = ChatEvent;

    fn decode(&mut self, raw: EventRef<'_>) -> Result<ChatEvent> {
        let value: Value =
            serde_json::from_str(raw.data).map_err(|e| Error::decode("event", e, raw.data))?;
        let kind = value
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        if kind != "chunk" && kind != "done" {
            return Ok(ChatEvent::Unknown { data: value });
        }
        match serde_json::from_value(value) {
            Ok(KnownEvent::Chunk(chunk)) => Ok(ChatEvent::Chunk(chunk)),
            Ok(KnownEvent::Done(done)) => Ok(ChatEvent::Done(done)),
            Err(e) => Err(Error::decode(format!("event {kind}"), e, raw.data)),
        }
    }

    fn is_terminal(&self, event: &ChatEvent) -> bool {
        matches!(event, ChatEvent::Done(_))
    }

    fn neutral(event: &ChatEvent) -> Option<Neutral> {
        Some(match event {
            ChatEvent::Chunk(chunk) => Neutral::Delta {
                text: chunk.content.clone(),
            },
            ChatEvent::Done(done) => Neutral::Finished(Finish {
                conversation_id: Some(done.meta.conversation_id.to_string()),
                ..Finish::default()
            }),
            ChatEvent::Unknown { .. } => return None,
        })
    }

    fn plain_delta(raw: &EventRef<'_>) -> Option<String> {
        sole_text_member(raw.data, "content", Some(("type", "chunk")))
    }

    fn delta_event(content: String) -> ChatEvent {
        ChatEvent::Chunk(ChunkData {
            content,
            extra: Map::new(),
        })
    }
}

impl Converse for Client {
    type Events = VexarEvents;

    /// A `sess_…` id, as the docs show them, made by the client.
    fn new_session_id() -> Option<String> {
        Some(format!("sess_{}", uuid::Uuid::new_v4().simple()))
    }

    fn open_turn<'a>(
        &'a self,
        session_id: Option<&'a str>,
        text: &'a str,
    ) -> TurnFuture<'a, VexarEvents> {
        Box::pin(async move {
            let session_id = session_of(session_id)?;
            self.chat_stream(&ChatRequest::new(session_id, text)).await
        })
    }

    fn history<'a>(&'a self, session_id: &'a str) -> HistoryFuture<'a> {
        Box::pin(async move {
            let history = self.get_history(session_id).await?;
            Ok(history
                .messages
                .into_iter()
                .map(|message| HistoryEntry {
                    role: message.role,
                    text: message.content.unwrap_or_default(),
                    created_at: message.created_at,
                })
                .collect())
        })
    }
}
