//! One call's trip: the core future runs on the runtime, guarded against the caller's abort and
//! against panics, and settles its promise on the JS thread with the converted answer or the
//! JS error.

use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures_util::FutureExt;
use napi::bindgen_prelude::{PromiseRaw, ToNapiValue};
use napi::Env;

use crate::convert::FromCore;
use crate::errors::{panic_failure, Failure};
use crate::options::AbortLink;

/// A promise of the call that `make` starts with what `prepared` holds (the client and what was
/// checked of the input), its answer converted to `Js`. Input refused before any request
/// rejects the promise, as an async function would, rather than throwing.
pub fn promise<'env, Prepared, Core, Js, F>(
    env: &'env Env,
    prepared: Result<(Prepared, AbortLink), Failure>,
    make: impl FnOnce(Prepared) -> F,
) -> napi::Result<PromiseRaw<'env, Js>>
where
    F: Future<Output = chatwire::Result<Core>> + Send + 'static,
    Core: Send + 'static,
    Js: FromCore<Core> + ToNapiValue + 'static,
{
    let (call, mut link) = match prepared {
        Ok((prepared, link)) => (Ok(make(prepared)), Some(link)),
        Err(failure) => (Err(failure), None),
    };
    let cancelled = link.as_ref().map(AbortLink::token).unwrap_or_default();
    let guarded = async move {
        // The outer result is napi's own; ours always settles through the callback below, so
        // that errors become our classes on the JS thread.
        let outcome = match call {
            Ok(future) => guard(future, cancelled).await,
            Err(failure) => Err(failure),
        };
        Ok::<_, napi::Error>(outcome)
    };
    env.spawn_future_with_callback(guarded, move |env, outcome| {
        if let Some(link) = link.as_mut() {
            link.detach(env);
        }
        outcome
            .map(Js::from_core)
            .map_err(|failure| failure.into_js(env))
    })
}

/// Runs `future` until it ends, panics, or `cancelled` fires (which drops it, and with it its
/// connection).
pub async fn guard<T, F>(
    future: F,
    cancelled: tokio_util::sync::CancellationToken,
) -> Result<T, Failure>
where
    F: Future<Output = chatwire::Result<T>>,
{
    tokio::select! {
        biased;
        _ = cancelled.cancelled() => Err(Failure::Aborted),
        result = AssertUnwindSafe(future).catch_unwind() => match result {
            Ok(answer) => answer.map_err(Failure::from),
            Err(panic) => Err(panic_failure(&*panic)),
        },
    }
}
