//! chatwire: one typed client for four chat-widget APIs.
//!
//! The provider clients arrive with the Rust core; today the crate holds
//! the workspace's place for them.
