//! chatwire: one typed client for four chat-widget APIs.
//!
//! Each API has its module and `Client`; what they share is here: the [`sse`] decoder, the
//! [`retry`] rules, the typed event [`stream`], and the [`Error`] type.

#![warn(missing_docs)]

mod chat;
#[macro_use]
mod client;
#[macro_use]
mod enums;
pub mod devapi;
mod error;
pub mod log;
pub mod mevichat;
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

pub use chat::{Chat, ChatEvent, ChatFuture, FinalMessage, Finish, NeutralStream, TokenUsage};
pub use client::{user_agent, ClientBuilder, ProviderClient, VERSION};
pub use error::{ApiError, BoxError, Error, RedirectRefusal, Result};
pub use response::{Response, ResponseHead};
pub use transport::{redirect_policy, RequestOptions, Timeouts, MAX_REDIRECTS};
