//! chatwire-mock: the reference server for the four chat-widget APIs chatwire speaks.
//!
//! It serves Mevichat, Vexar, the Developer API and the widget-key API on one port, exactly as
//! `openapi/*.yaml` describes them, with deterministic fixtures ([`fixtures`]), stateful sessions,
//! enforced rate limits, a request log, and scripted faults ([`Fault`]). `README.md` documents the
//! fixtures and the `/__mock/` control API.

// Handlers short-circuit with a finished `Response` as their error; it is a cold path, and boxing
// it would only add noise.
#![allow(clippy::result_large_err)]

/// Unwraps a `Result<T, Response>`, answering the error response from the handler.
macro_rules! try_response {
    ($result:expr) => {
        match $result {
            Ok(value) => value,
            Err(response) => return response,
        }
    };
}

mod control;
mod faults;
pub mod fixtures;
mod log;
mod providers;
mod ratelimit;
mod replay;
mod reply;
mod server;
mod sse;

pub use faults::{Fault, FaultKind, ReplayEnd};
pub use log::{LogEntry, Outcome, REQUEST_LOG_DIR_VAR};
pub use ratelimit::{Limit, LIMIT_NAMES};
pub use server::{request_id, Config, MockServer, Stats};
