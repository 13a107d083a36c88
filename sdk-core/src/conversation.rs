//! A conversation: one session kept across turns. It makes the session id where the client must
//! (a UUID for Mevichat, `sess_…` for Vexar, a pattern-valid id for the widget-key API), takes the
//! ids the server assigns (the Developer API's session, Vexar's and the widget-key API's
//! conversation) as its replies pass, and sends them with every later turn.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::chat::{neutral_stream, Chat, ChatEvent, ChatFuture, FinalMessage, Finish, ReplyFuture};
use crate::error::{Error, Result};
use crate::sse::EventRef;
use crate::stream::{EventStream, ProviderEvents};
use crate::ProviderClient;

/// The ids that tie a conversation's turns together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConversationIds {
    /// The session every turn is sent in; the Developer API assigns it with the first reply.
    pub session_id: Option<String>,
    /// The server's id of the conversation, where it gives one (Vexar, the widget-key API).
    pub conversation_id: Option<String>,
}

impl ConversationIds {
    /// Takes what a reply's events say of the ids; an id already known is kept unless the
    /// server names another.
    fn note(&mut self, finish: &Finish) {
        if let Some(session_id) = &finish.session_id {
            self.session_id = Some(session_id.clone());
        }
        if let Some(conversation_id) = &finish.conversation_id {
            self.conversation_id = Some(conversation_id.clone());
        }
    }
}

/// One message of a conversation's history, in the provider-neutral form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryEntry {
    /// Who wrote it (`user`, `assistant`, `operator`), when the API says.
    pub role: Option<String>,
    /// The text.
    pub text: String,
    /// When it was written, when the API says.
    pub created_at: Option<String>,
}

/// A future of a conversation's history.
pub type HistoryFuture<'a> = Pin<Box<dyn Future<Output = Result<Vec<HistoryEntry>>> + Send + 'a>>;

/// A future of a turn's stream.
pub type TurnFuture<'a, P> = Pin<Box<dyn Future<Output = Result<EventStream<P>>> + Send + 'a>>;

/// What a conversation needs of a provider: the session id a client makes, a turn streamed or
/// whole (in a session, or in none yet where the server assigns it), and the history.
pub trait Converse: ProviderClient {
    /// The provider's stream events.
    type Events: ProviderEvents;

    /// A new session id of the form the API asks of its clients; `None` where the server
    /// assigns it (the Developer API).
    fn new_session_id() -> Option<String>;

    /// Sends `text` in `session_id` (or in a new session, where the server makes it) and
    /// streams the reply.
    fn open_turn<'a>(
        &'a self,
        session_id: Option<&'a str>,
        text: &'a str,
    ) -> TurnFuture<'a, Self::Events>;

    /// Sends `text` in `session_id` and answers the whole reply, as [`Chat::reply`]: the API's
    /// own one-shot call where it has one, else (by default) the stream read to its end.
    fn whole_turn<'a>(&'a self, session_id: Option<&'a str>, text: &'a str) -> ReplyFuture<'a> {
        Box::pin(async move {
            self.open_turn(session_id, text)
                .await?
                .final_message()
                .await
        })
    }

    /// The messages of the session so far, where the API keeps a history a client can read.
    fn history<'a>(&'a self, session_id: &'a str) -> HistoryFuture<'a>;

    /// A conversation in `session_id`, or in a new session.
    fn conversation(&self, session_id: Option<String>) -> Conversation<Self> {
        Conversation::new(self.clone(), session_id)
    }
}

/// Every API is a [`Chat`] by its turns.
impl<C: Converse> Chat for C {
    fn chat<'a>(&'a self, session_id: &'a str, message: &'a str) -> ChatFuture<'a> {
        Box::pin(async move {
            Ok(neutral_stream(
                self.open_turn(Some(session_id), message).await?,
            ))
        })
    }

    fn reply<'a>(&'a self, session_id: &'a str, message: &'a str) -> ReplyFuture<'a> {
        self.whole_turn(Some(session_id), message)
    }
}

/// A conversation with one API: each turn goes to the same session. Copies share the ids, so a
/// turn sent through one is seen by all; turns are meant to be sent one at a time.
#[derive(Clone, Debug)]
pub struct Conversation<C: Converse> {
    client: C,
    ids: Arc<Mutex<ConversationIds>>,
}

impl<C: Converse> Conversation<C> {
    /// A conversation in `session_id`, or in a new one: an id made here where the client makes
    /// it, else the one the server assigns with the first reply.
    pub fn new(client: C, session_id: Option<String>) -> Self {
        let session_id = session_id.or_else(C::new_session_id);
        Self::resume(
            client,
            ConversationIds {
                session_id,
                conversation_id: None,
            },
        )
    }

    /// The conversation a caller names by its ids: with a conversation id, the one they
    /// [`resume`](Self::resume) as they are; without one, a [`new`](Self::new) one in the
    /// session given (or a new session).
    pub fn open(client: C, ids: ConversationIds) -> Self {
        match ids.conversation_id {
            Some(_) => Self::resume(client, ids),
            None => Self::new(client, ids.session_id),
        }
    }

    /// The conversation of these ids, as [`Self::ids`] gave them before.
    pub fn resume(client: C, ids: ConversationIds) -> Self {
        Self {
            client,
            ids: Arc::new(Mutex::new(ids)),
        }
    }

    /// The same conversation (its ids shared), whose turns use `options` (timeouts, retries,
    /// headers).
    pub fn with_options(&self, options: &crate::RequestOptions) -> Self {
        Self {
            client: self.client.with_options(options),
            ids: Arc::clone(&self.ids),
        }
    }

    /// The ids as they stand.
    pub fn ids(&self) -> ConversationIds {
        self.lock().clone()
    }

    /// The session, once there is one.
    pub fn session_id(&self) -> Option<String> {
        self.lock().session_id.clone()
    }

    /// Sends `text` as the next turn and streams the reply; the ids its events carry are kept
    /// as they pass.
    pub async fn send(&self, text: &str) -> Result<EventStream<Recording<C::Events>>> {
        let session_id = self.session_id();
        let stream = self.client.open_turn(session_id.as_deref(), text).await?;
        let ids = Arc::clone(&self.ids);
        Ok(stream.map_events(|events| Recording { events, ids }))
    }

    /// Sends `text` as the next turn and answers the whole reply.
    pub async fn reply(&self, text: &str) -> Result<FinalMessage> {
        let session_id = self.session_id();
        let message = self.client.whole_turn(session_id.as_deref(), text).await?;
        self.lock().note(&message.finish);
        Ok(message)
    }

    /// The messages so far, where the API keeps a history a client can read; none before the
    /// first turn of a session the server assigns.
    pub async fn history(&self) -> Result<Vec<HistoryEntry>> {
        match self.session_id() {
            Some(session_id) => self.client.history(&session_id).await,
            None => Ok(Vec::new()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, ConversationIds> {
        lock(&self.ids)
    }
}

/// The ids, whatever a panicking holder left them as (each change is one assignment).
fn lock(ids: &Mutex<ConversationIds>) -> MutexGuard<'_, ConversationIds> {
    ids.lock().unwrap_or_else(|e| e.into_inner())
}

/// A provider's events, with the ids each carries noted in its conversation as it is decoded.
#[derive(Debug)]
pub struct Recording<P> {
    events: P,
    ids: Arc<Mutex<ConversationIds>>,
}

impl<P: ProviderEvents> ProviderEvents for Recording<P> {
    type Event = P::Event;

    const TERMINAL_REQUIRED: bool = P::TERMINAL_REQUIRED;

    fn decode(&mut self, raw: EventRef<'_>) -> Result<Self::Event> {
        let event = self.events.decode(raw)?;
        // The neutral view says which ids an event carries, whatever the provider.
        match P::neutral(&event) {
            Some(ChatEvent::Finished(finish)) => lock(&self.ids).note(&finish),
            Some(ChatEvent::Started {
                session_id: Some(session_id),
                ..
            }) => lock(&self.ids).session_id = Some(session_id),
            _ => {}
        }
        Ok(event)
    }

    fn is_terminal(&self, event: &Self::Event) -> bool {
        self.events.is_terminal(event)
    }

    fn neutral(event: &Self::Event) -> Option<ChatEvent> {
        P::neutral(event)
    }

    fn plain_delta(raw: &EventRef<'_>) -> Option<String> {
        P::plain_delta(raw)
    }

    fn delta_event(text: String) -> Self::Event {
        P::delta_event(text)
    }
}

/// The session of a turn of an API whose client makes its session ids: a conversation always
/// has one, unless resumed from ids without it.
pub(crate) fn session_of(session_id: Option<&str>) -> Result<&str> {
    session_id.ok_or_else(|| {
        Error::validation(
            "session_id",
            "is required by this API; resume the conversation with its session id",
        )
    })
}

/// The error of a history asked of an API that keeps none a client can read.
pub(crate) fn no_history(api: &str) -> Error {
    Error::validation(
        "history",
        format!("{api} keeps no history a client can read"),
    )
}
