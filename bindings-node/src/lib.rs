//! The native half of the `chatwire` npm package: the core's four clients and their streams, as
//! N-API classes. The package's JS adds what JS idioms need: the error classes and the streams'
//! async iterator.

#[macro_use]
mod convert;
#[macro_use]
mod from_js;
mod call;
mod clients;
mod errors;
mod models;
mod options;
mod stream;
