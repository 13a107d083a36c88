//! The JS objects of every model and event, mirroring `sdk-core`. Names carry their provider
//! (`MevichatBot`, `VexarHistoryResponse`), as all of them share one module.

use chatwire::{devapi, mevichat, vexar, widgetkey};
use napi_derive::napi;
use serde_json::{Map, Value};

use crate::convert::FromCore;

// The provider-neutral view.

/// Tokens a reply used.
#[napi(object, object_from_js = false)]
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenUsage {
    /// Input tokens.
    pub tokens_in: i64,
    /// Output tokens.
    pub tokens_out: i64,
}

from_core!(TokenUsage from chatwire::TokenUsage { tokens_in, tokens_out });

/// What the last event of a reply tells.
#[napi(object, object_from_js = false)]
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finish {
    /// How it ended (`stop`, `error`, `blocked`, `quota_exceeded`), when the provider says.
    #[napi(ts_type = "MevichatFinishReason")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finish_reason: Option<String>,
    /// The session, to continue it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// The conversation, when the provider names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<String>,
    /// Input and output tokens, when metered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<TokenUsage>,
    /// Time to the whole reply, in ms, when metered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<i64>,
    /// The model that answered, when named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
}

from_core!(Finish from chatwire::Finish { finish_reason, session_id, conversation_id, usage, latency_ms, model });

/// A whole reply: its text and what its stream said about it.
#[napi(object, object_from_js = false)]
pub struct FinalMessage {
    /// The reply's text (the fallback text when it was blocked).
    pub text: String,
    /// The message id from the start of the stream, when the provider sends one.
    pub message_id: Option<String>,
    /// What the last event told.
    pub finish: Finish,
    /// Set when moderation replaced the reply.
    pub blocked_reason: Option<String>,
}

from_core!(FinalMessage from chatwire::FinalMessage { text, message_id, finish, blocked_reason });

/// One event of any provider's stream, in the provider-neutral form (`stream.neutral()`).
#[napi(
    discriminant = "type",
    discriminant_case = "lowercase",
    object_from_js = false
)]
#[derive(serde::Serialize)]
#[serde(
    tag = "type",
    rename_all = "lowercase",
    rename_all_fields = "camelCase"
)]
pub enum ChatEvent {
    /// The reply has begun.
    Started {
        /// The session, when the provider says.
        #[serde(skip_serializing_if = "Option::is_none")]
        session_id: Option<String>,
        /// The reply's message id, when the provider says.
        #[serde(skip_serializing_if = "Option::is_none")]
        message_id: Option<String>,
    },
    /// The next piece of the reply.
    Delta {
        /// The text.
        text: String,
    },
    /// Moderation replaced the reply.
    Blocked {
        /// Why it was replaced.
        reason: String,
        /// The text to show instead.
        fallback: String,
    },
    /// The provider reported an error after the stream opened.
    Failed {
        /// The provider's code.
        #[napi(ts_type = "MevichatStreamErrorCode")]
        code: String,
        /// Its message.
        #[serde(skip_serializing_if = "Option::is_none")]
        message: Option<String>,
    },
    /// The reply is over.
    Finished {
        /// What the last event of the reply tells.
        finish: Finish,
    },
}

impl FromCore<chatwire::ChatEvent> for ChatEvent {
    fn from_core(core: chatwire::ChatEvent) -> Self {
        use chatwire::ChatEvent as Core;
        match core {
            Core::Started {
                session_id,
                message_id,
            } => Self::Started {
                session_id,
                message_id,
            },
            Core::Delta { text } => Self::Delta { text },
            Core::Blocked { reason, fallback } => Self::Blocked { reason, fallback },
            Core::Failed { code, message } => Self::Failed { code, message },
            Core::Finished(finish) => Self::Finished {
                finish: FromCore::from_core(finish),
            },
            // The core's enum is non-exhaustive; a kind added there shows as a failure here
            // until it has its own variant.
            other => Self::Failed {
                code: "unsupported_event".into(),
                message: Some(format!("{other:?}")),
            },
        }
    }
}

// Mevichat.

/// One event of a Mevichat stream, discriminated by `type`.
#[napi(
    discriminant = "type",
    discriminant_case = "lowercase",
    object_from_js = false
)]
#[derive(serde::Serialize)]
#[serde(
    tag = "type",
    rename_all = "lowercase",
    rename_all_fields = "camelCase"
)]
pub enum MevichatEvent {
    /// `meta`: session info, always first.
    Meta {
        /// The session.
        session_id: String,
        /// The id of the assistant's message.
        message_id: i64,
        /// Fields the docs do not name, kept as sent.
        extra: Map<String, Value>,
    },
    /// `token`: the next piece of the reply.
    Token {
        /// The text.
        text: String,
        /// Fields the docs do not name, kept as sent.
        extra: Map<String, Value>,
    },
    /// `blocked`: moderation replaced the reply; `done` follows.
    Blocked {
        /// Why (`blocked_pattern`).
        reason: String,
        /// The text to show instead.
        fallback: String,
        /// Fields the docs do not name, kept as sent.
        extra: Map<String, Value>,
    },
    /// `error`: an error after the stream opened (`quota_exceeded`, `provider_auth_failed`);
    /// `done` follows.
    Error {
        /// What failed (`quota_exceeded`, `provider_auth_failed`).
        #[napi(ts_type = "MevichatStreamErrorCode")]
        code: String,
        /// The workspace's plan, for quota errors.
        #[serde(skip_serializing_if = "Option::is_none")]
        plan: Option<String>,
        /// Messages used, for quota errors.
        #[serde(skip_serializing_if = "Option::is_none")]
        used: Option<i64>,
        /// The plan's cap, for quota errors.
        #[serde(skip_serializing_if = "Option::is_none")]
        cap: Option<i64>,
        /// The error, in words.
        #[serde(skip_serializing_if = "Option::is_none")]
        message: Option<String>,
        /// Fields the docs do not name, kept as sent.
        extra: Map<String, Value>,
    },
    /// `done`: the last event, with metering.
    Done {
        /// How the turn ended (`stop`, `error`, `blocked`, `quota_exceeded`).
        #[napi(ts_type = "MevichatFinishReason")]
        finish_reason: String,
        /// Input tokens.
        tokens_in: i64,
        /// Output tokens.
        tokens_out: i64,
        /// Time to the whole reply, in ms.
        latency_ms: i64,
        /// The model that answered, as `provider:model`.
        #[serde(skip_serializing_if = "Option::is_none")]
        model: Option<String>,
        /// Fields the docs do not name, kept as sent.
        extra: Map<String, Value>,
    },
    /// An event the docs do not name, kept whole.
    Unknown {
        /// Its `event` name.
        event: String,
        /// Its data.
        data: String,
    },
}

impl FromCore<mevichat::ChatEvent> for MevichatEvent {
    fn from_core(core: mevichat::ChatEvent) -> Self {
        use mevichat::ChatEvent as Core;
        match core {
            Core::Meta(mevichat::MetaData {
                session_id,
                message_id,
                extra,
            }) => Self::Meta {
                session_id,
                message_id,
                extra,
            },
            Core::Token(mevichat::TokenData { text, extra }) => Self::Token { text, extra },
            Core::Blocked(mevichat::BlockedData {
                reason,
                fallback,
                extra,
            }) => Self::Blocked {
                reason,
                fallback,
                extra,
            },
            Core::Error(mevichat::ErrorData {
                code,
                plan,
                used,
                cap,
                message,
                extra,
            }) => Self::Error {
                code: FromCore::from_core(code),
                plan,
                used,
                cap,
                message,
                extra,
            },
            Core::Done(mevichat::DoneData {
                finish_reason,
                tokens_in,
                tokens_out,
                latency_ms,
                model,
                extra,
            }) => Self::Done {
                finish_reason: FromCore::from_core(finish_reason),
                tokens_in,
                tokens_out,
                latency_ms,
                model,
                extra,
            },
            Core::Unknown { event, data } => Self::Unknown { event, data },
        }
    }
}

/// The widget's display configuration.
#[napi(object, object_from_js = false)]
pub struct MevichatBot {
    /// The bot's name.
    pub name: Option<String>,
    /// The first message the widget shows.
    pub welcome_message: Option<String>,
    /// The logo's URL.
    pub logo_url: Option<String>,
    /// The main color, as `#RRGGBB`.
    pub primary_color: Option<String>,
    /// Where the widget sits (`right`).
    pub position: Option<String>,
    /// The theme (`light`).
    pub theme_mode: Option<String>,
    /// The font.
    pub font_family: Option<String>,
    /// The corner radius, in pixels.
    pub border_radius: Option<i64>,
    /// Suggested replies.
    pub quick_replies: Vec<String>,
    /// CSS custom properties.
    pub custom_css_vars: Map<String, Value>,
    /// Fields the docs do not name, kept as sent.
    pub extra: Map<String, Value>,
}

from_core!(MevichatBot from mevichat::Bot { name, welcome_message, logo_url, primary_color, position, theme_mode, font_family, border_radius, quick_replies, custom_css_vars, extra });

/// `getWidgetConfig`'s answer.
#[napi(object, object_from_js = false)]
pub struct MevichatWidgetConfigResponse {
    /// The bot's display configuration.
    pub bot: MevichatBot,
    /// The request id the server sent with this answer (`x-request-id`).
    pub request_id: Option<String>,
    /// Fields the docs do not name, kept as sent.
    pub extra: Map<String, Value>,
}

from_core!(answer MevichatWidgetConfigResponse from mevichat::WidgetConfigResponse { bot, extra });

/// The exported conversation's session.
#[napi(object, object_from_js = false)]
pub struct MevichatExportSession {
    /// The session id.
    pub id: String,
    /// The bot's slug.
    pub bot_slug: Option<String>,
    /// Where the conversation happened (`widget`).
    pub source: Option<String>,
    /// The visitor id sent with the chat.
    pub visitor_id: Option<String>,
    /// The visitor metadata sent with the chat.
    pub visitor_metadata: Map<String, Value>,
    /// The page the visitor came from.
    pub referrer: Option<String>,
    /// The visitor's browser.
    pub user_agent: Option<String>,
    /// When the session began (RFC 3339).
    pub started_at: Option<String>,
    /// When it was last active (RFC 3339).
    pub last_activity_at: Option<String>,
    /// Fields the docs do not name, kept as sent.
    pub extra: Map<String, Value>,
}

from_core!(MevichatExportSession from mevichat::ExportSession { id, bot_slug, source, visitor_id, visitor_metadata, referrer, user_agent, started_at, last_activity_at, extra });

/// One message of an exported transcript.
#[napi(object, object_from_js = false)]
pub struct MevichatExportMessage {
    /// The message id.
    pub id: String,
    /// Who wrote it: `user` (the visitor) or `assistant`.
    pub role: String,
    /// The text.
    pub content: String,
    /// The visitor's rating of the reply: `up`, `down`, or `''` when not rated.
    pub rating: String,
    /// The model, for assistant messages.
    pub model: String,
    /// Input tokens.
    pub tokens_in: i64,
    /// Output tokens.
    pub tokens_out: i64,
    /// Time to the reply, in ms.
    pub latency_ms: i64,
    /// How it ended: `done` (answered), `blocked` (replaced by moderation) or `error`.
    pub status: Option<String>,
    /// The error, when it failed.
    pub error_message: String,
    /// Knowledge-base chunks the reply drew on.
    pub rag_chunks_used: Vec<Value>,
    /// Tools the reply called.
    pub tools_called: Vec<Value>,
    /// When it was written (RFC 3339).
    pub created_at: Option<String>,
    /// Fields the docs do not name, kept as sent.
    pub extra: Map<String, Value>,
}

from_core!(MevichatExportMessage from mevichat::ExportMessage { id, role, content, rating, model, tokens_in, tokens_out, latency_ms, status, error_message, rag_chunks_used, tools_called, created_at, extra });

/// `exportConversation`'s answer: a whole conversation and its suggested file name.
#[napi(object, object_from_js = false)]
pub struct MevichatExportResponse {
    /// The session.
    pub session: MevichatExportSession,
    /// The transcript, oldest first.
    pub messages: Vec<MevichatExportMessage>,
    /// From `Content-Disposition` (`session-<uuid>.json`), when sent.
    pub file_name: Option<String>,
    /// The request id the server sent with this answer (`x-request-id`).
    pub request_id: Option<String>,
    /// Fields the docs do not name, kept as sent.
    pub extra: Map<String, Value>,
}

from_core!(answer MevichatExportResponse from mevichat::ExportResponse { session, messages, file_name, extra });

// Vexar.

/// What Vexar's final event carries.
#[napi(object, object_from_js = false)]
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VexarDoneMeta {
    /// The conversation the exchange belongs to.
    pub conversation_id: i64,
    /// Fields the docs do not name, kept as sent.
    pub extra: Map<String, Value>,
}

from_core!(VexarDoneMeta from vexar::DoneMeta { conversation_id, extra });

/// One event of a Vexar stream, discriminated by `type` as on the wire.
#[napi(
    discriminant = "type",
    discriminant_case = "lowercase",
    object_from_js = false
)]
#[derive(serde::Serialize)]
#[serde(
    tag = "type",
    rename_all = "lowercase",
    rename_all_fields = "camelCase"
)]
pub enum VexarEvent {
    /// `chunk`: the next piece of the answer.
    Chunk {
        /// The text.
        content: String,
        /// Fields the docs do not name, kept as sent.
        extra: Map<String, Value>,
    },
    /// `done`: the last event.
    Done {
        /// What the stream ends with.
        meta: VexarDoneMeta,
        /// Fields the docs do not name, kept as sent.
        extra: Map<String, Value>,
    },
    /// An event whose `type` the docs do not name, kept whole.
    Unknown {
        /// The event's JSON.
        data: Value,
    },
}

impl FromCore<vexar::ChatEvent> for VexarEvent {
    fn from_core(core: vexar::ChatEvent) -> Self {
        use vexar::ChatEvent as Core;
        match core {
            Core::Chunk(vexar::ChunkData { content, extra }) => Self::Chunk { content, extra },
            Core::Done(vexar::DoneData { meta, extra }) => Self::Done {
                meta: FromCore::from_core(meta),
                extra,
            },
            Core::Unknown { data } => Self::Unknown { data },
        }
    }
}

/// One message of a Vexar conversation.
#[napi(object, object_from_js = false)]
pub struct VexarHistoryMessage {
    /// Who wrote it (`user`, `assistant`).
    pub role: Option<String>,
    /// The text.
    pub content: Option<String>,
    /// When it was written.
    pub created_at: Option<String>,
    /// Fields the docs do not name, kept as sent.
    pub extra: Map<String, Value>,
}

from_core!(VexarHistoryMessage from vexar::HistoryMessage { role, content, created_at, extra });

/// A message from a human operator (or a proactive nudge, which has the same shape).
#[napi(object, object_from_js = false)]
pub struct VexarOperatorMessage {
    /// The text.
    pub content: Option<String>,
    /// When it was written.
    pub created_at: Option<String>,
    /// Fields the docs do not name, kept as sent.
    pub extra: Map<String, Value>,
}

from_core!(VexarOperatorMessage from vexar::OperatorMessage { content, created_at, extra });

/// `getHistory`'s answer.
#[napi(object, object_from_js = false)]
pub struct VexarHistoryResponse {
    /// Always `true` on success.
    pub success: bool,
    /// The conversation so far.
    pub messages: Vec<VexarHistoryMessage>,
    /// The request id the server sent with this answer (`x-request-id`).
    pub request_id: Option<String>,
    /// Fields the docs do not name, kept as sent.
    pub extra: Map<String, Value>,
}

from_core!(answer VexarHistoryResponse from vexar::HistoryResponse { success, messages, extra });

/// `saveEmail` and `saveContact`'s answer.
#[napi(object, object_from_js = false)]
pub struct VexarSaveResponse {
    /// Always `true` on success.
    pub success: bool,
    /// What was saved, in words (`Email saved`).
    pub message: Option<String>,
    /// The request id the server sent with this answer (`x-request-id`).
    pub request_id: Option<String>,
    /// Fields the docs do not name, kept as sent.
    pub extra: Map<String, Value>,
}

from_core!(answer VexarSaveResponse from vexar::SaveResponse { success, message, extra });

/// `getOperatorMessages`'s answer.
#[napi(object, object_from_js = false)]
pub struct VexarOperatorMessagesResponse {
    /// Always `true` on success.
    pub success: bool,
    /// Messages not delivered before.
    pub messages: Vec<VexarOperatorMessage>,
    /// Who answers now: `ai` (the AI assistant) or `operator` (a human operator).
    pub mode: String,
    /// The request id the server sent with this answer (`x-request-id`).
    pub request_id: Option<String>,
    /// Fields the docs do not name, kept as sent.
    pub extra: Map<String, Value>,
}

from_core!(answer VexarOperatorMessagesResponse from vexar::OperatorMessagesResponse { success, messages, mode, extra });

/// `getBlockStatus`'s answer.
#[napi(object, object_from_js = false)]
pub struct VexarBlockStatusResponse {
    /// Always `true` on success.
    pub success: bool,
    /// Whether the visitor is blocked.
    pub blocked: bool,
    /// The request id the server sent with this answer (`x-request-id`).
    pub request_id: Option<String>,
    /// Fields the docs do not name, kept as sent.
    pub extra: Map<String, Value>,
}

from_core!(answer VexarBlockStatusResponse from vexar::BlockStatusResponse { success, blocked, extra });

/// `getPendingProactive`'s answer.
#[napi(object, object_from_js = false)]
pub struct VexarPendingProactiveResponse {
    /// Always `true` on success.
    pub success: bool,
    /// Nudges waiting for the visitor.
    pub messages: Vec<VexarOperatorMessage>,
    /// The request id the server sent with this answer (`x-request-id`).
    pub request_id: Option<String>,
    /// Fields the docs do not name, kept as sent.
    pub extra: Map<String, Value>,
}

from_core!(answer VexarPendingProactiveResponse from vexar::PendingProactiveResponse { success, messages, extra });

/// `uploadImage`'s answer.
#[napi(object, object_from_js = false)]
pub struct VexarUploadImageResponse {
    /// Always `true` on success.
    pub success: bool,
    /// Where the image is now.
    pub url: String,
    /// The request id the server sent with this answer (`x-request-id`).
    pub request_id: Option<String>,
    /// Fields the docs do not name, kept as sent.
    pub extra: Map<String, Value>,
}

from_core!(answer VexarUploadImageResponse from vexar::UploadImageResponse { success, url, extra });

/// `rateConversation` and `commentRating`'s answer.
#[napi(object, object_from_js = false)]
pub struct VexarSuccessResponse {
    /// Always `true` on success.
    pub success: bool,
    /// The request id the server sent with this answer (`x-request-id`).
    pub request_id: Option<String>,
    /// Fields the docs do not name, kept as sent.
    pub extra: Map<String, Value>,
}

from_core!(answer VexarSuccessResponse from vexar::SuccessResponse { success, extra });

// The Developer API.

/// `chat`'s answer.
#[napi(object, object_from_js = false)]
pub struct DevApiChatResponse {
    /// `true` on success.
    pub success: bool,
    /// The session, to continue it.
    pub session_id: Option<String>,
    /// The reply.
    pub content: Option<String>,
    /// Fields the docs do not name, kept as sent.
    pub extra: Map<String, Value>,
    /// The request id the server sent with this answer (`x-request-id`).
    pub request_id: Option<String>,
}

from_core!(answer DevApiChatResponse from devapi::ChatResponse { success, session_id, content, extra });

/// One event of a Developer API stream, discriminated by `type` (the SSE event name).
#[napi(
    discriminant = "type",
    discriminant_case = "lowercase",
    object_from_js = false
)]
#[derive(serde::Serialize)]
#[serde(
    tag = "type",
    rename_all = "lowercase",
    rename_all_fields = "camelCase"
)]
pub enum DevApiEvent {
    /// `message`: the next piece of the answer.
    Message {
        /// The text.
        content: String,
        /// Fields the docs do not name, kept as sent.
        extra: Map<String, Value>,
    },
    /// `end`: the last event.
    End {
        /// The session, to continue it.
        session_id: String,
        /// Fields the docs do not name, kept as sent.
        extra: Map<String, Value>,
    },
    /// An event the docs do not name, kept whole.
    Unknown {
        /// Its `event` name.
        event: String,
        /// Its data.
        data: String,
    },
}

impl FromCore<devapi::ChatEvent> for DevApiEvent {
    fn from_core(core: devapi::ChatEvent) -> Self {
        use devapi::ChatEvent as Core;
        match core {
            Core::Message(devapi::MessageData { content, extra }) => {
                Self::Message { content, extra }
            }
            Core::End(devapi::EndData { session_id, extra }) => Self::End { session_id, extra },
            Core::Unknown { event, data } => Self::Unknown { event, data },
        }
    }
}

/// Totals of requests, tokens and cost.
#[napi(object, object_from_js = false)]
pub struct DevApiUsage {
    /// Requests.
    pub total_requests: i64,
    /// Input tokens.
    pub total_input_tokens: i64,
    /// Output tokens.
    pub total_output_tokens: i64,
    /// All tokens.
    pub total_tokens: i64,
    /// Cost, in dollars.
    pub total_cost: f64,
    /// Fields the docs do not name, kept as sent.
    pub extra: Map<String, Value>,
}

from_core!(DevApiUsage from devapi::Usage { total_requests, total_input_tokens, total_output_tokens, total_tokens, total_cost, extra });

/// One model's usage.
#[napi(object, object_from_js = false)]
pub struct DevApiModelUsage {
    /// The model.
    pub model: Option<String>,
    /// Its totals.
    pub usage: DevApiUsage,
    /// Fields the docs do not name, kept as sent.
    pub extra: Map<String, Value>,
}

from_core!(DevApiModelUsage from devapi::ModelUsage { model, usage, extra });

/// `getUsage`'s answer.
#[napi(object, object_from_js = false)]
pub struct DevApiUsageResponse {
    /// `true` on success.
    pub success: bool,
    /// The totals.
    pub usage: DevApiUsage,
    /// The totals per model.
    pub by_model: Vec<DevApiModelUsage>,
    /// The request id the server sent with this answer (`x-request-id`).
    pub request_id: Option<String>,
    /// Fields the docs do not name, kept as sent.
    pub extra: Map<String, Value>,
}

from_core!(answer DevApiUsageResponse from devapi::UsageResponse { success, usage, by_model, extra });

/// One message of a session.
#[napi(object, object_from_js = false)]
pub struct DevApiSessionMessage {
    /// Who wrote it.
    pub role: Option<String>,
    /// The text.
    pub content: Option<String>,
    /// When (RFC 3339).
    pub created_at: Option<String>,
    /// Fields the docs do not name, kept as sent.
    pub extra: Map<String, Value>,
}

from_core!(DevApiSessionMessage from devapi::SessionMessage { role, content, created_at, extra });

/// One session.
#[napi(object, object_from_js = false)]
pub struct DevApiSession {
    /// The session id.
    pub session_id: String,
    /// Its last activity (RFC 3339).
    pub last_at: Option<String>,
    /// Tokens used.
    pub total_tokens: i64,
    /// The start of the latest reply.
    pub preview: Option<String>,
    /// The messages, with `includeAll`.
    pub messages: Option<Vec<DevApiSessionMessage>>,
    /// Fields the docs do not name, kept as sent.
    pub extra: Map<String, Value>,
}

from_core!(DevApiSession from devapi::Session { session_id, last_at, total_tokens, preview, messages, extra });

/// Where a page of sessions stands.
#[napi(object, object_from_js = false)]
pub struct DevApiPageMeta {
    /// This page, from 1.
    pub current_page: u32,
    /// Sessions per page.
    pub per_page: u32,
    /// Whether a next page exists.
    pub has_more: bool,
    /// Fields the docs do not name, kept as sent.
    pub extra: Map<String, Value>,
}

from_core!(DevApiPageMeta from devapi::PageMeta { current_page, per_page, has_more, extra });

/// `listSessions`'s answer.
#[napi(object, object_from_js = false)]
pub struct DevApiSessionsResponse {
    /// `true` on success.
    pub success: bool,
    /// The page's sessions, most recent first.
    pub sessions: Vec<DevApiSession>,
    /// Where this page stands.
    pub meta: DevApiPageMeta,
    /// The request id the server sent with this answer (`x-request-id`).
    pub request_id: Option<String>,
    /// Fields the docs do not name, kept as sent.
    pub extra: Map<String, Value>,
}

from_core!(answer DevApiSessionsResponse from devapi::SessionsResponse { success, sessions, meta, extra });

// The widget-key API.

/// `chat`'s answer.
#[napi(object, object_from_js = false)]
pub struct WidgetKeyChatResponse {
    /// Identifies the conversation thread.
    pub conversation_id: String,
    /// The assistant's reply.
    pub message: String,
    /// Fields the docs do not name, kept as sent.
    pub extra: Map<String, Value>,
    /// The request id the server sent with this answer (`x-request-id`).
    pub request_id: Option<String>,
}

from_core!(answer WidgetKeyChatResponse from widgetkey::ChatResponse { conversation_id, message, extra });

/// One event of the widget-key stream as sent: the docs give no event schema, so it carries
/// the SSE fields, not a `type`.
#[napi(object, object_from_js = false)]
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WidgetKeyStreamEvent {
    /// The event type (`'message'` when the event named none).
    pub event: String,
    /// The data, as text.
    pub data: String,
    /// The last event ID in force (`''` when none).
    pub last_event_id: String,
}

from_core!(WidgetKeyStreamEvent from widgetkey::StreamEvent { event, data, last_event_id });
