//! chatwire: one typed client for four chat-widget APIs.
//!
//! The provider clients arrive with the rest of the Rust core; the [`sse`] decoder they stream
//! through is here.

pub mod retry;
pub mod sse;
