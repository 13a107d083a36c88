//! The native half of the `chatwire` npm package: the core's four clients and their streams, as
//! N-API classes. The package's JS adds what JS idioms need: the error classes, the streams'
//! async iterator, and the routing of log records to each client's logger.

#[macro_use]
mod convert;
#[macro_use]
mod from_js;
mod call;
mod clients;
mod codes;
mod errors;
mod logging;
mod models;
mod options;
mod response;
mod sessions;
mod stream;

/// The version of chatwire, which its Rust crate and Python package share.
#[napi_derive::napi]
pub const VERSION: &str = chatwire::VERSION;
