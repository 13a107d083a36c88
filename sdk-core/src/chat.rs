//! The provider-neutral view of a chat: one event type for all four APIs, a [`Chat`] trait an app
//! can hold as `Box<dyn Chat>` to switch providers by configuration, and the helpers that read a
//! whole reply ([`EventStream::text`], [`EventStream::final_message`]).

use std::future::Future;
use std::pin::Pin;

use futures_core::Stream;

use crate::error::{Error, Result};
use crate::stream::{EventStream, ProviderEvents};

/// One event of any provider's chat stream.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ChatEvent {
    /// The reply has begun (Mevichat's `meta`).
    Started {
        /// The session, when the provider says.
        session_id: Option<String>,
        /// The reply's message id, when the provider says.
        message_id: Option<String>,
    },
    /// The next piece of the reply.
    Delta {
        /// The text.
        text: String,
    },
    /// Moderation replaced the reply.
    Blocked {
        /// Why.
        reason: String,
        /// The text to show instead.
        fallback: String,
    },
    /// The provider reported an error after the stream opened.
    Failed {
        /// The provider's code.
        code: String,
        /// Its message.
        message: Option<String>,
    },
    /// The reply is over.
    Finished(Finish),
}

/// What the last event of a reply tells.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Finish {
    /// How it ended (`stop`, `error`, `blocked`, `quota_exceeded`), when the provider says.
    pub finish_reason: Option<String>,
    /// The session, to continue it.
    pub session_id: Option<String>,
    /// The conversation, when the provider names one.
    pub conversation_id: Option<String>,
    /// Input and output tokens, when metered.
    pub usage: Option<TokenUsage>,
    /// Time to the whole reply, when metered.
    pub latency_ms: Option<i64>,
    /// The model that answered, when named.
    pub model: Option<String>,
}

/// Tokens a reply used.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TokenUsage {
    /// Input tokens.
    pub tokens_in: i64,
    /// Output tokens.
    pub tokens_out: i64,
}

/// A whole reply: its text and what its stream said about it.
#[derive(Clone, Debug, Default, PartialEq)]
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

impl<P: ProviderEvents> EventStream<P> {
    /// The next event in the provider-neutral form; provider events with no neutral meaning (an
    /// unknown kind) are skipped.
    pub async fn next_neutral(&mut self) -> Option<Result<ChatEvent>> {
        loop {
            match self.next().await? {
                Ok(event) => match P::neutral(&event) {
                    Some(neutral) => return Some(Ok(neutral)),
                    None => continue,
                },
                Err(error) => return Some(Err(error)),
            }
        }
    }

    /// Reads the stream to its end and answers the reply's text. An error event becomes
    /// [`Error::StreamError`]; a blocked reply answers its fallback text.
    pub async fn text(self) -> Result<String> {
        Ok(self.final_message().await?.text)
    }

    /// Reads the stream to its end and answers the whole reply with its metadata. An error event
    /// becomes [`Error::StreamError`]; a stream that ends early, [`Error::StreamEnded`].
    /// It reads a whole reply, so a stream that has yielded events already is refused with
    /// [`Error::Validation`] rather than answered with the rest.
    pub async fn final_message(mut self) -> Result<FinalMessage> {
        if self.delivered() > 0 {
            return Err(Error::validation(
                "stream",
                format!(
                    "has yielded {} events already, and a reply's text or final message needs the \
                     whole stream; read it before iterating, or gather the events yourself",
                    self.delivered()
                ),
            ));
        }
        let mut message = FinalMessage::default();
        let mut failure = None;
        while let Some(event) = self.next_neutral().await {
            match event? {
                ChatEvent::Started { message_id, .. } => message.message_id = message_id,
                ChatEvent::Delta { text } => message.text.push_str(&text),
                ChatEvent::Blocked { reason, fallback } => {
                    message.text = fallback;
                    message.blocked_reason = Some(reason);
                }
                ChatEvent::Failed { code, message } => {
                    failure = Some(Error::StreamError {
                        code,
                        message: message.unwrap_or_default(),
                    });
                }
                ChatEvent::Finished(finish) => message.finish = finish,
            }
        }
        match failure {
            Some(error) => Err(error),
            None => Ok(message),
        }
    }
}

/// A stream of provider-neutral events.
pub type NeutralStream = Pin<Box<dyn Stream<Item = Result<ChatEvent>> + Send>>;

/// A future the [`Chat`] trait answers.
pub type ChatFuture<'a> = Pin<Box<dyn Future<Output = Result<NeutralStream>> + Send + 'a>>;

/// A future of a whole reply, as [`Chat::reply`] answers it.
pub type ReplyFuture<'a> = Pin<Box<dyn Future<Output = Result<FinalMessage>> + Send + 'a>>;

/// Any provider, seen as "send a message, stream the reply" or "send a message, get the reply".
/// Hold a `Box<dyn Chat>` to choose the provider by configuration and keep one code path.
pub trait Chat: Send + Sync {
    /// Sends `message` in the session `session_id` and streams the reply.
    fn chat<'a>(&'a self, session_id: &'a str, message: &'a str) -> ChatFuture<'a>;

    /// Sends `message` in the session `session_id` and answers the whole reply: the API's own
    /// one-shot call where it has one (the Developer API, the widget-key API), else its stream
    /// read to the end.
    fn reply<'a>(&'a self, session_id: &'a str, message: &'a str) -> ReplyFuture<'a>;
}

/// Turns a provider stream into a neutral one.
pub(crate) fn neutral_stream<P: ProviderEvents>(stream: EventStream<P>) -> NeutralStream {
    Box::pin(futures_util::stream::unfold(
        stream,
        |mut stream| async move { stream.next_neutral().await.map(|event| (event, stream)) },
    ))
}
