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
mod conversation;
mod errors;
mod export;
mod logging;
mod models;
mod options;
mod response;
mod sessions;
mod stream;
mod watch;

/// The version of chatwire, which its Rust crate and Python package share.
#[napi_derive::napi]
pub const VERSION: &str = chatwire::VERSION;

/// The addon's runtime, with one worker thread. Every call and every batch crosses from the JS
/// thread to the runtime and back; with more workers, each crossing also wakes an idle one to
/// look for work to steal, doubling the wakeups and context switches that are most of what a
/// small call costs. The JS thread is the one that bounds what an addon can do at once.
#[napi_derive::module_init]
fn init() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .thread_name("chatwire")
        .build()
        .expect("the tokio runtime builds");
    napi::bindgen_prelude::create_custom_tokio_runtime(runtime);
}
