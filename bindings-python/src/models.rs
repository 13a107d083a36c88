//! The Python classes of every model and event, one `py_model!` each, mirroring `sdk-core`.
//! Each provider's classes live in `chatwire.<provider>`; the neutral ones in `chatwire`.

use chatwire::{devapi, mevichat, vexar, widgetkey};
use pyo3::prelude::*;

use crate::convert::IntoPython;

into_python_as_str!(
    mevichat::FinishReason,
    mevichat::StreamErrorCode,
    mevichat::MessageRole,
    mevichat::MessageRating,
    mevichat::MessageStatus,
    vexar::ChatMode,
    mevichat::ExportStatus,
);

// The provider-neutral view (`chatwire`).

py_model! {
    /// Tokens a reply used.
    TokenUsage as "chatwire" "TokenUsage" from chatwire::TokenUsage { tokens_in, tokens_out }
}

py_model! {
    /// What the last event of a reply tells.
    Finish as "chatwire" "Finish" from chatwire::Finish {
        finish_reason, session_id, conversation_id, usage, latency_ms, model,
    }
}

py_model! {
    /// A whole reply: its text and what its stream said about it.
    FinalMessage as "chatwire" "FinalMessage" from chatwire::FinalMessage {
        text, message_id, finish, blocked_reason,
    }
}

py_model! {
    /// The reply has begun.
    StartedEvent as "chatwire" "StartedEvent" type "started" new { session_id, message_id }
}

py_model! {
    /// The next piece of the reply.
    DeltaEvent as "chatwire" "DeltaEvent" type "delta" new { text }
}

py_model! {
    /// Moderation replaced the reply.
    NeutralBlockedEvent as "chatwire" "BlockedEvent" type "blocked" new { reason, fallback }
}

py_model! {
    /// The provider reported an error after the stream opened.
    FailedEvent as "chatwire" "FailedEvent" type "failed" new { code, message }
}

py_model! {
    /// The reply is over.
    FinishedEvent as "chatwire" "FinishedEvent" type "finished" new { finish }
}

impl IntoPython for chatwire::ChatEvent {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        use chatwire::ChatEvent::*;
        match self {
            Started {
                session_id,
                message_id,
            } => StartedEvent::create(py, session_id, message_id),
            Delta { text } => DeltaEvent::create(py, text),
            Blocked { reason, fallback } => NeutralBlockedEvent::create(py, reason, fallback),
            Failed { code, message } => FailedEvent::create(py, code, message),
            Finished(finish) => FinishedEvent::create(py, finish),
            other => Err(pyo3::exceptions::PyRuntimeError::new_err(format!(
                "chatwire has no Python class for {other:?}"
            ))),
        }
    }
}

py_model! {
    /// One message of a conversation's history, the same for every API.
    HistoryEntry as "chatwire" "HistoryEntry" from chatwire::HistoryEntry { role, text, created_at }
}

// Mevichat (`chatwire.mevichat`).

py_model! {
    /// `meta`: session info, always first.
    MevichatMetaEvent as "chatwire.mevichat" "MetaEvent" type "meta"
    from mevichat::MetaData { session_id, message_id, extra }
}

py_model! {
    /// `token`: the next piece of the reply.
    MevichatTokenEvent as "chatwire.mevichat" "TokenEvent" type "token"
    from mevichat::TokenData { text, extra }
}

py_model! {
    /// `blocked`: moderation replaced the reply; `done` follows.
    MevichatBlockedEvent as "chatwire.mevichat" "BlockedEvent" type "blocked"
    from mevichat::BlockedData { reason, fallback, extra }
}

py_model! {
    /// `error`: an error after the stream opened; `done` follows.
    MevichatErrorEvent as "chatwire.mevichat" "ErrorEvent" type "error"
    from mevichat::ErrorData { code, plan, used, cap, message, extra }
}

py_model! {
    /// `done`: the last event, with metering.
    MevichatDoneEvent as "chatwire.mevichat" "DoneEvent" type "done"
    from mevichat::DoneData { finish_reason, tokens_in, tokens_out, latency_ms, model, extra }
}

py_model! {
    /// An event the docs do not name, kept whole.
    MevichatUnknownEvent as "chatwire.mevichat" "UnknownEvent" type "unknown"
    new { event, data }
}

impl IntoPython for mevichat::ChatEvent {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        use mevichat::ChatEvent::*;
        match self {
            Meta(data) => data.into_python(py),
            Token(data) => data.into_python(py),
            Blocked(data) => data.into_python(py),
            Error(data) => data.into_python(py),
            Done(data) => data.into_python(py),
            Unknown { event, data } => MevichatUnknownEvent::create(py, event, data),
        }
    }
}

py_model! {
    /// The widget's display configuration.
    MevichatBot as "chatwire.mevichat" "Bot" from mevichat::Bot {
        name, welcome_message, logo_url, primary_color, position, theme_mode, font_family,
        border_radius, quick_replies, custom_css_vars, extra,
    }
}

py_model! {
    /// `get_widget_config`'s answer.
    MevichatWidgetConfig as "chatwire.mevichat" "WidgetConfigResponse" answer
    from mevichat::WidgetConfigResponse { bot, extra }
}

py_model! {
    /// The exported conversation's session.
    MevichatExportSession as "chatwire.mevichat" "ExportSession" from mevichat::ExportSession {
        id, bot_slug, source, visitor_id, visitor_metadata, referrer, user_agent, started_at,
        last_activity_at, extra,
    }
}

py_model! {
    /// One message of an exported transcript.
    MevichatExportMessage as "chatwire.mevichat" "ExportMessage" from mevichat::ExportMessage {
        id, role, content, rating, model, tokens_in, tokens_out, latency_ms, status,
        error_message, rag_chunks_used, tools_called, created_at, extra,
    }
}

py_model! {
    /// `export_conversation`'s answer: a whole conversation and its suggested file name.
    MevichatExport as "chatwire.mevichat" "ExportResponse" answer
    from mevichat::ExportResponse { session, messages, file_name, extra }
}

py_model! {
    /// One session `export_all` is done with, as its `on_progress` callback hears it.
    MevichatExportProgress as "chatwire.mevichat" "ExportProgress"
    from mevichat::ExportProgress { session_id, status, reason, done, total }
}

py_model! {
    /// A transcript `export_all` wrote, or found whole and skipped.
    MevichatExportedFile as "chatwire.mevichat" "ExportedFile"
    from mevichat::ExportedFile { session_id, path }
}

py_model! {
    /// A session `export_all` could not export, with the exception it ended with.
    MevichatExportFailure as "chatwire.mevichat" "ExportFailure"
    from mevichat::ExportFailure { session_id, error }
}

py_model! {
    /// What `export_all` did, each list in the order the sessions were given.
    MevichatExportSummary as "chatwire.mevichat" "ExportSummary"
    from mevichat::ExportSummary { written, skipped, failed }
}

// Vexar (`chatwire.vexar`).

py_model! {
    /// `chunk`: the next piece of the answer.
    VexarChunkEvent as "chatwire.vexar" "ChunkEvent" type "chunk"
    from vexar::ChunkData { content, extra }
}

py_model! {
    /// `done`: the last event.
    VexarDoneEvent as "chatwire.vexar" "DoneEvent" type "done" from vexar::DoneData { meta, extra }
}

py_model! {
    /// What the final event carries.
    VexarDoneMeta as "chatwire.vexar" "DoneMeta" from vexar::DoneMeta { conversation_id, extra }
}

py_model! {
    /// An event whose `type` the docs do not name, kept whole.
    VexarUnknownEvent as "chatwire.vexar" "UnknownEvent" type "unknown" new { data }
}

impl IntoPython for vexar::ChatEvent {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        use vexar::ChatEvent::*;
        match self {
            Chunk(data) => data.into_python(py),
            Done(data) => data.into_python(py),
            Unknown { data } => VexarUnknownEvent::create(py, data),
        }
    }
}

py_model! {
    /// One message of a conversation.
    VexarHistoryMessage as "chatwire.vexar" "HistoryMessage"
    from vexar::HistoryMessage { role, content, created_at, extra }
}

py_model! {
    /// A message from a human operator (or a proactive nudge, which has the same shape).
    VexarOperatorMessage as "chatwire.vexar" "OperatorMessage"
    from vexar::OperatorMessage { content, created_at, extra }
}

py_model! {
    /// `get_history`'s answer.
    VexarHistory as "chatwire.vexar" "HistoryResponse" answer
    from vexar::HistoryResponse { success, messages, extra }
}

py_model! {
    /// `save_email` and `save_contact`'s answer.
    VexarSave as "chatwire.vexar" "SaveResponse" answer from vexar::SaveResponse { success, message, extra }
}

py_model! {
    /// `get_operator_messages`'s answer.
    VexarOperatorMessages as "chatwire.vexar" "OperatorMessagesResponse" answer
    from vexar::OperatorMessagesResponse { success, messages, mode, extra }
}

py_model! {
    /// `get_block_status`'s answer.
    VexarBlockStatus as "chatwire.vexar" "BlockStatusResponse" answer
    from vexar::BlockStatusResponse { success, blocked, extra }
}

py_model! {
    /// `get_pending_proactive`'s answer.
    VexarPendingProactive as "chatwire.vexar" "PendingProactiveResponse" answer
    from vexar::PendingProactiveResponse { success, messages, extra }
}

py_model! {
    /// `upload_image`'s answer.
    VexarUploadImage as "chatwire.vexar" "UploadImageResponse" answer
    from vexar::UploadImageResponse { success, url, extra }
}

py_model! {
    /// `rate_conversation` and `comment_rating`'s answer.
    VexarSuccess as "chatwire.vexar" "SuccessResponse" answer from vexar::SuccessResponse { success, extra }
}

py_model! {
    /// A watcher's event: a message from a human operator, each once.
    VexarOperatorMessageEvent as "chatwire.vexar" "OperatorMessageEvent" type "operator_message"
    new { message }
}

py_model! {
    /// A watcher's event: who answers the visitor changed (`from_` is `from`, a Python keyword).
    VexarModeChangedEvent as "chatwire.vexar" "ModeChangedEvent" type "mode_changed"
    new { from_, to }
}

py_model! {
    /// A watcher's event: a proactive (nudge) message for the visitor, each once.
    VexarProactiveMessageEvent as "chatwire.vexar" "ProactiveMessageEvent" type "proactive_message"
    new { message }
}

py_model! {
    /// A watcher's event: the visitor was blocked.
    VexarVisitorBlockedEvent as "chatwire.vexar" "VisitorBlockedEvent" type "visitor_blocked"
    new {}
}

py_model! {
    /// A watcher's event: the visitor was unblocked.
    VexarVisitorUnblockedEvent as "chatwire.vexar" "VisitorUnblockedEvent" type "visitor_unblocked"
    new {}
}

impl IntoPython for vexar::WatchEvent {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        use vexar::WatchEvent::*;
        match self {
            OperatorMessage(message) => VexarOperatorMessageEvent::create(py, message),
            ModeChanged { from, to } => VexarModeChangedEvent::create(py, from, to),
            ProactiveMessage(message) => VexarProactiveMessageEvent::create(py, message),
            VisitorBlocked => VexarVisitorBlockedEvent::create(py),
            VisitorUnblocked => VexarVisitorUnblockedEvent::create(py),
            other => Err(pyo3::exceptions::PyRuntimeError::new_err(format!(
                "chatwire has no Python class for {other:?}"
            ))),
        }
    }
}

// Developer API (`chatwire.devapi`).

py_model! {
    /// `chat`'s answer.
    DevApiChatResponse as "chatwire.devapi" "ChatResponse" answer
    from devapi::ChatResponse { success, session_id, content, extra }
}

py_model! {
    /// `message`: the next piece of the answer.
    DevApiMessageEvent as "chatwire.devapi" "MessageEvent" type "message"
    from devapi::MessageData { content, extra }
}

py_model! {
    /// `end`: the last event.
    DevApiEndEvent as "chatwire.devapi" "EndEvent" type "end" from devapi::EndData { session_id, extra }
}

py_model! {
    /// An event the docs do not name, kept whole.
    DevApiUnknownEvent as "chatwire.devapi" "UnknownEvent" type "unknown" new { event, data }
}

impl IntoPython for devapi::ChatEvent {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        use devapi::ChatEvent::*;
        match self {
            Message(data) => data.into_python(py),
            End(data) => data.into_python(py),
            Unknown { event, data } => DevApiUnknownEvent::create(py, event, data),
        }
    }
}

py_model! {
    /// Totals of requests, tokens and cost.
    DevApiUsage as "chatwire.devapi" "Usage" from devapi::Usage {
        total_requests, total_input_tokens, total_output_tokens, total_tokens, total_cost, extra,
    }
}

py_model! {
    /// One model's usage.
    DevApiModelUsage as "chatwire.devapi" "ModelUsage"
    from devapi::ModelUsage { model, usage, extra }
}

py_model! {
    /// `get_usage`'s answer.
    DevApiUsageResponse as "chatwire.devapi" "UsageResponse" answer
    from devapi::UsageResponse { success, usage, by_model, extra }
}

py_model! {
    /// One message of a session.
    DevApiSessionMessage as "chatwire.devapi" "SessionMessage"
    from devapi::SessionMessage { role, content, created_at, extra }
}

py_model! {
    /// One session.
    DevApiSession as "chatwire.devapi" "Session"
    from devapi::Session { session_id, last_at, total_tokens, preview, messages, extra }
}

py_model! {
    /// Where a page of sessions stands.
    DevApiPageMeta as "chatwire.devapi" "PageMeta"
    from devapi::PageMeta { current_page, per_page, has_more, extra }
}

py_model! {
    /// `list_sessions`'s answer.
    DevApiSessions as "chatwire.devapi" "SessionsResponse" answer
    from devapi::SessionsResponse { success, sessions, meta, extra }
}

// Widget key (`chatwire.widgetkey`).

py_model! {
    /// `chat`'s answer.
    WidgetKeyChatResponse as "chatwire.widgetkey" "ChatResponse" answer
    from widgetkey::ChatResponse { conversation_id, message, extra }
}

py_model! {
    /// One event of the stream as sent: the docs give no event schema.
    WidgetKeyStreamEvent as "chatwire.widgetkey" "StreamEvent"
    from widgetkey::StreamEvent { event, data, last_event_id }
}

/// Adds each class to its module: `chatwire` for the neutral view, the provider's for the rest.
pub fn register(native: &Bound<'_, PyModule>, providers: &ProviderModules<'_>) -> PyResult<()> {
    native.add_class::<TokenUsage>()?;
    native.add_class::<Finish>()?;
    native.add_class::<FinalMessage>()?;
    native.add_class::<StartedEvent>()?;
    native.add_class::<DeltaEvent>()?;
    native.add_class::<NeutralBlockedEvent>()?;
    native.add_class::<FailedEvent>()?;
    native.add_class::<FinishedEvent>()?;
    native.add_class::<HistoryEntry>()?;

    let m = &providers.mevichat;
    m.add_class::<MevichatMetaEvent>()?;
    m.add_class::<MevichatTokenEvent>()?;
    m.add_class::<MevichatBlockedEvent>()?;
    m.add_class::<MevichatErrorEvent>()?;
    m.add_class::<MevichatDoneEvent>()?;
    m.add_class::<MevichatUnknownEvent>()?;
    m.add_class::<MevichatBot>()?;
    m.add_class::<MevichatWidgetConfig>()?;
    m.add_class::<MevichatExportSession>()?;
    m.add_class::<MevichatExportMessage>()?;
    m.add_class::<MevichatExport>()?;
    m.add_class::<MevichatExportProgress>()?;
    m.add_class::<MevichatExportedFile>()?;
    m.add_class::<MevichatExportFailure>()?;
    m.add_class::<MevichatExportSummary>()?;
    add_codes(m, "ErrorCode", mevichat::ErrorCode::KNOWN)?;
    add_codes(m, "ExportErrorCode", mevichat::ExportErrorCode::KNOWN)?;
    add_codes(m, "StreamErrorCode", mevichat::StreamErrorCode::KNOWN)?;
    add_codes(m, "FinishReason", mevichat::FinishReason::KNOWN)?;

    let v = &providers.vexar;
    v.add_class::<VexarChunkEvent>()?;
    v.add_class::<VexarDoneEvent>()?;
    v.add_class::<VexarDoneMeta>()?;
    v.add_class::<VexarUnknownEvent>()?;
    v.add_class::<VexarHistoryMessage>()?;
    v.add_class::<VexarOperatorMessage>()?;
    v.add_class::<VexarHistory>()?;
    v.add_class::<VexarSave>()?;
    v.add_class::<VexarOperatorMessages>()?;
    v.add_class::<VexarBlockStatus>()?;
    v.add_class::<VexarPendingProactive>()?;
    v.add_class::<VexarUploadImage>()?;
    v.add_class::<VexarSuccess>()?;
    v.add_class::<VexarOperatorMessageEvent>()?;
    v.add_class::<VexarModeChangedEvent>()?;
    v.add_class::<VexarProactiveMessageEvent>()?;
    v.add_class::<VexarVisitorBlockedEvent>()?;
    v.add_class::<VexarVisitorUnblockedEvent>()?;
    add_codes(v, "ErrorCode", vexar::ErrorCode::KNOWN)?;

    let d = &providers.devapi;
    d.add_class::<DevApiChatResponse>()?;
    d.add_class::<DevApiMessageEvent>()?;
    d.add_class::<DevApiEndEvent>()?;
    d.add_class::<DevApiUnknownEvent>()?;
    d.add_class::<DevApiUsage>()?;
    d.add_class::<DevApiModelUsage>()?;
    d.add_class::<DevApiUsageResponse>()?;
    d.add_class::<DevApiSessionMessage>()?;
    d.add_class::<DevApiSession>()?;
    d.add_class::<DevApiPageMeta>()?;
    d.add_class::<DevApiSessions>()?;
    add_codes(d, "ErrorCode", devapi::ErrorCode::KNOWN)?;

    let w = &providers.widgetkey;
    w.add_class::<WidgetKeyChatResponse>()?;
    w.add_class::<WidgetKeyStreamEvent>()?;
    add_codes(w, "ErrorCode", widgetkey::ErrorCode::KNOWN)?;
    Ok(())
}

/// The values the core knows of one of a provider's code sets, as `_<NAME>_VALUES` (a tuple):
/// `chatwire.<provider>` makes its `enum` of them, so that both come from the core's list.
fn add_codes(module: &Bound<'_, PyModule>, name: &str, known: &[&str]) -> PyResult<()> {
    let values = pyo3::types::PyTuple::new(module.py(), known)?;
    module.add(format!("_{name}_VALUES"), values)
}

/// The native submodules behind `chatwire.<provider>`.
pub struct ProviderModules<'py> {
    pub mevichat: Bound<'py, PyModule>,
    pub vexar: Bound<'py, PyModule>,
    pub devapi: Bound<'py, PyModule>,
    pub widgetkey: Bound<'py, PyModule>,
}
