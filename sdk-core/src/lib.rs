//! chatwire: one typed client for four chat-widget APIs.
//!
//! The provider clients arrive with the rest of the Rust core; the pieces they share are here:
//! the [`sse`] decoder, the [`retry`] rules, the event [`stream`], and the [`Error`] type.

mod error;
pub mod retry;
pub mod sse;
pub mod stream;
mod transport;

pub use error::{ApiError, BoxError, Error, Result};
pub use transport::{RequestOptions, Timeouts};
