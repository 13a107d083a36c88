//! chatwire: one typed client for four chat-widget APIs.
//!
//! Each API has its module and `Client`; what they share is here: the [`sse`] decoder, the
//! [`retry`] rules, the typed event [`stream`], and the [`Error`] type.

#![warn(missing_docs)]

mod chat;
mod conversation;
#[macro_use]
mod client;
#[macro_use]
mod enums;
pub mod devapi;
mod error;
pub mod log;
pub mod mevichat;
pub mod rate;
mod response;
pub mod retry;
mod secret;
pub mod sse;
pub mod stream;
mod tls;
mod transport;
mod validate;
pub mod vexar;
pub mod widgetkey;

pub use chat::{
    Chat, ChatEvent, ChatFuture, FinalMessage, Finish, NeutralStream, ReplyFuture, TokenUsage,
};
pub use client::{user_agent, ClientBuilder, ProviderClient, VERSION};
pub use conversation::{
    Conversation, ConversationIds, Converse, HistoryEntry, HistoryFuture, Recording, TurnFuture,
};
pub use error::{ApiError, BoxError, Error, RedirectRefusal, Result};
pub use response::{Response, ResponseHead};
pub use transport::{redirect_policy, RequestOptions, Timeouts, MAX_REDIRECTS};
