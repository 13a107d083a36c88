//! Conversations for Python: `chatwire.Conversation` and `AsyncConversation` over the core's
//! [`chatwire::Conversation`] of any provider, which keeps the session and conversation ids
//! across turns. A turn's stream is the same `ChatStream` / `AsyncChatStream` as `chat_stream`'s.

use std::sync::Arc;

use chatwire::stream::{EventStream, ProviderEvents};
use chatwire::{ConversationIds, Converse, FinalMessage, HistoryEntry, ResponseHead};
use futures_util::future::BoxFuture;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyType};

use crate::args::{refuse_unknown, FromArg};
use crate::clients::{Answer, ForAsync};
use crate::convert::IntoPython;
use crate::errors::validation_error;
use crate::runtime::{block_on, into_awaitable, ProcessOwned};
use crate::stream::{AsyncChatStream, ChatStream, EventSource, Source};

/// A conversation of any provider, as the Python classes use it.
pub trait Turns: Send + Sync {
    fn send(&self, text: String) -> BoxFuture<'static, chatwire::Result<OpenedTurn>>;
    fn reply(&self, text: String) -> BoxFuture<'static, chatwire::Result<FinalMessage>>;
    fn history(&self) -> BoxFuture<'static, chatwire::Result<Vec<HistoryEntry>>>;
    fn ids(&self) -> ConversationIds;
}

impl<C: Converse> Turns for chatwire::Conversation<C>
where
    <C::Events as ProviderEvents>::Event: IntoPython,
{
    fn send(&self, text: String) -> BoxFuture<'static, chatwire::Result<OpenedTurn>> {
        let conversation = self.clone();
        Box::pin(async move { Ok(OpenedTurn::new(conversation.send(&text).await?)) })
    }

    fn reply(&self, text: String) -> BoxFuture<'static, chatwire::Result<FinalMessage>> {
        let conversation = self.clone();
        Box::pin(async move { conversation.reply(&text).await })
    }

    fn history(&self) -> BoxFuture<'static, chatwire::Result<Vec<HistoryEntry>>> {
        let conversation = self.clone();
        Box::pin(async move { conversation.history().await })
    }

    fn ids(&self) -> ConversationIds {
        chatwire::Conversation::ids(self)
    }
}

/// A turn's stream, whatever the provider.
pub struct OpenedTurn {
    head: ResponseHead,
    source: Box<dyn EventSource>,
}

impl OpenedTurn {
    fn new<P: ProviderEvents>(stream: EventStream<P>) -> Self
    where
        P::Event: IntoPython,
    {
        Self {
            head: stream.head().clone(),
            source: Source::boxed(stream),
        }
    }
}

impl Answer for OpenedTurn {
    fn into_sync(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(Py::new(py, ChatStream::new(self.head, self.source))?.into_any())
    }

    fn into_async(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(Py::new(py, AsyncChatStream::new(self.head, self.source))?.into_any())
    }
}

/// What `client.conversation()` answers: made a `Conversation` or an `AsyncConversation`.
pub struct Opening(Arc<dyn Turns>);

impl Opening {
    /// A new conversation in `session_id` (or a new session), or, with a `conversation_id`, the
    /// one these ids name.
    pub fn new<C: Converse>(
        client: C,
        session_id: Option<String>,
        conversation_id: Option<String>,
    ) -> Self
    where
        <C::Events as ProviderEvents>::Event: IntoPython,
    {
        let ids = ConversationIds {
            session_id,
            conversation_id,
        };
        Self(Arc::new(chatwire::Conversation::open(client, ids)))
    }
}

impl Answer for Opening {
    fn into_sync(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let held = Held::new(self.0);
        Ok(Py::new(py, Conversation { held })?.into_any())
    }

    fn into_async(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let held = Held::new(self.0);
        Ok(Py::new(py, AsyncConversation { held })?.into_any())
    }
}

/// The conversation, refused (and leaked) in a forked child for its turns, as its client's
/// connections belong to the parent's runtime; its ids, plain values, are read anywhere (the
/// child resumes the conversation from them).
struct Held {
    turns: ProcessOwned<Arc<dyn Turns>>,
    ids: Arc<dyn Turns>,
}

impl Held {
    fn new(turns: Arc<dyn Turns>) -> Self {
        Self {
            ids: Arc::clone(&turns),
            turns: ProcessOwned::new(turns),
        }
    }

    fn turns(&self, py: Python<'_>) -> PyResult<Arc<dyn Turns>> {
        crate::log::follow_python_level(py)?;
        self.turns.get().map(Arc::clone).map_err(|parent| {
            validation_error(
                py,
                "conversation",
                format!(
                    "was made in the parent process (pid {parent}), whose connections a forked \
                     child cannot use; resume it in the child with its ids"
                ),
            )
        })
    }

    /// `text`, taken as every argument is.
    fn text(
        py: Python<'_>,
        method: &str,
        text: Option<&Bound<'_, PyAny>>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<String> {
        refuse_unknown(py, method, &["text"], kwargs)?;
        FromArg::from_arg(py, "text", text)
    }

    fn ids(&self) -> ConversationIds {
        self.ids.ids()
    }

    fn repr(&self, name: &str) -> String {
        let ids = self.ids();
        let shown =
            |id: Option<String>| id.map_or_else(|| "None".to_owned(), |id| format!("{id:?}"));
        format!(
            "<chatwire.{name} session_id={} conversation_id={}>",
            shown(ids.session_id),
            shown(ids.conversation_id)
        )
    }
}

/// Turns in one session, kept by the client (`client.conversation()`): each turn goes to the
/// same session, with the ids the server gave in earlier replies.
#[pyclass(frozen, module = "chatwire")]
pub struct Conversation {
    held: Held,
}

#[pymethods]
impl Conversation {
    #[classmethod]
    /// `Conversation[Event]` in annotations is the class itself: the parameter is for type
    /// checkers.
    fn __class_getitem__(cls: &Bound<'_, PyType>, item: &Bound<'_, PyAny>) -> Py<PyType> {
        let _ = item;
        cls.clone().unbind()
    }

    /// Sends `text` as the next turn and streams the reply; the ids its events carry are kept.
    #[pyo3(signature = (text = None, **kwargs))]
    fn send(
        &self,
        py: Python<'_>,
        text: Option<Bound<'_, PyAny>>,
        kwargs: Option<Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        let text = Held::text(py, "Conversation.send()", text.as_ref(), kwargs.as_ref())?;
        let turns = self.held.turns(py)?;
        block_on(py, turns.send(text))?.into_sync(py)
    }

    /// Sends `text` as the next turn and answers the whole reply.
    #[pyo3(signature = (text = None, **kwargs))]
    fn reply(
        &self,
        py: Python<'_>,
        text: Option<Bound<'_, PyAny>>,
        kwargs: Option<Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        let text = Held::text(py, "Conversation.reply()", text.as_ref(), kwargs.as_ref())?;
        let turns = self.held.turns(py)?;
        block_on(py, turns.reply(text))?.into_python(py)
    }

    /// The messages of the session so far, where the API keeps a history a client can read.
    fn history(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let turns = self.held.turns(py)?;
        block_on(py, turns.history())?.into_python(py)
    }

    /// The session every turn is sent in; `None` until the server assigns it (the Developer
    /// API, after the first reply).
    #[getter]
    fn session_id(&self) -> Option<String> {
        self.held.ids().session_id
    }

    /// The server's id of the conversation, once a reply named one (Vexar, the widget-key API).
    #[getter]
    fn conversation_id(&self) -> Option<String> {
        self.held.ids().conversation_id
    }

    fn __repr__(&self) -> String {
        self.held.repr("Conversation")
    }
}

/// Turns in one session, kept by the client (`client.conversation()`): each turn goes to the
/// same session, with the ids the server gave in earlier replies.
#[pyclass(frozen, module = "chatwire")]
pub struct AsyncConversation {
    held: Held,
}

#[pymethods]
impl AsyncConversation {
    #[classmethod]
    /// `AsyncConversation[Event]` in annotations is the class itself: the parameter is for type
    /// checkers.
    fn __class_getitem__(cls: &Bound<'_, PyType>, item: &Bound<'_, PyAny>) -> Py<PyType> {
        let _ = item;
        cls.clone().unbind()
    }

    /// Sends `text` as the next turn and streams the reply; the ids its events carry are kept.
    #[pyo3(signature = (text = None, **kwargs))]
    fn send<'py>(
        &self,
        py: Python<'py>,
        text: Option<Bound<'py, PyAny>>,
        kwargs: Option<Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let text = Held::text(
            py,
            "AsyncConversation.send()",
            text.as_ref(),
            kwargs.as_ref(),
        )?;
        let turns = self.held.turns(py)?;
        into_awaitable(py, "AsyncConversation.send", async move {
            turns.send(text).await.map(ForAsync)
        })
    }

    /// Sends `text` as the next turn and answers the whole reply.
    #[pyo3(signature = (text = None, **kwargs))]
    fn reply<'py>(
        &self,
        py: Python<'py>,
        text: Option<Bound<'py, PyAny>>,
        kwargs: Option<Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let text = Held::text(
            py,
            "AsyncConversation.reply()",
            text.as_ref(),
            kwargs.as_ref(),
        )?;
        let turns = self.held.turns(py)?;
        into_awaitable(py, "AsyncConversation.reply", turns.reply(text))
    }

    /// The messages of the session so far, where the API keeps a history a client can read.
    fn history<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let turns = self.held.turns(py)?;
        into_awaitable(py, "AsyncConversation.history", turns.history())
    }

    /// The session every turn is sent in; `None` until the server assigns it (the Developer
    /// API, after the first reply).
    #[getter]
    fn session_id(&self) -> Option<String> {
        self.held.ids().session_id
    }

    /// The server's id of the conversation, once a reply named one (Vexar, the widget-key API).
    #[getter]
    fn conversation_id(&self) -> Option<String> {
        self.held.ids().conversation_id
    }

    fn __repr__(&self) -> String {
        self.held.repr("AsyncConversation")
    }
}
