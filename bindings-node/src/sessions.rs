//! `DevApi.sessions()`: the core's stream of every session, page after page, as a JS class that
//! the package's JS makes an async iterable. A page is fetched when a read needs it, so leaving
//! the loop early fetches no more.

use std::sync::{Arc, Mutex, PoisonError};

use chatwire::devapi;
use futures_util::stream::BoxStream;
use futures_util::StreamExt;
use napi::bindgen_prelude::PromiseRaw;
use napi::Env;
use napi_derive::napi;
use tokio_util::sync::CancellationToken;

use crate::call::guard;
use crate::convert::FromCore;
use crate::errors::Failure;
use crate::models::DevApiSession;
use crate::options::AbortLink;

type Sessions = BoxStream<'static, chatwire::Result<devapi::Session>>;

/// Every session of the key, most recent first, across pages:
/// `for await (const session of client.sessions())`. Leaving the loop early (`break`) fetches
/// no further page.
#[napi]
pub struct DevApiSessionIterator {
    /// `None` once the sessions ran out, failed, or the iterator was closed.
    sessions: Arc<tokio::sync::Mutex<Option<Sessions>>>,
    /// Fired by `close()` and by the caller's signal.
    closing: CancellationToken,
    /// Fired by the caller's signal only: an abort is an error, a close is an end.
    aborted: CancellationToken,
    link: Arc<Mutex<Option<AbortLink>>>,
}

impl DevApiSessionIterator {
    /// Reads the sessions of `client`'s pages from `query`'s page on, until `link` fires.
    pub fn new(client: devapi::Client, query: devapi::SessionsQuery, link: AbortLink) -> Self {
        Self {
            sessions: Arc::new(tokio::sync::Mutex::new(Some(
                client.sessions(query).boxed(),
            ))),
            closing: link.token(),
            aborted: link.aborted(),
            link: Arc::new(Mutex::new(Some(link))),
        }
    }
}

#[napi]
impl DevApiSessionIterator {
    /// The next session, fetching its page when it is the first of one; `null` after the last
    /// (what the async iterator reads).
    #[napi(js_name = "_next", skip_typescript, catch_unwind)]
    pub fn next<'env>(
        &self,
        env: &'env Env,
    ) -> napi::Result<PromiseRaw<'env, Option<DevApiSession>>> {
        let sessions = self.sessions.clone();
        let (closing, aborted) = (self.closing.clone(), self.aborted.clone());
        let read = async move {
            let mut sessions = sessions.lock().await;
            let Some(stream) = sessions.as_mut() else {
                return Ok(Ok(None));
            };
            let next = match guard(async { stream.next().await.transpose() }, closing).await {
                Err(Failure::Aborted) if !aborted.is_cancelled() => Ok(None),
                next => next,
            };
            if !matches!(next, Ok(Some(_))) {
                // The last page was read, or a failure ended the pages: nothing is asked again.
                *sessions = None;
            }
            Ok::<_, napi::Error>(next)
        };
        let link = self.link.clone();
        env.spawn_future_with_callback(read, move |env, next| {
            if !matches!(next, Ok(Some(_))) {
                detach(&link, env);
            }
            next.map(FromCore::from_core)
                .map_err(|failure| failure.into_js(env))
        })
    }

    /// Stops reading: no further page is fetched, and the next read answers the end.
    #[napi(catch_unwind)]
    pub fn close(&self, env: &Env) {
        if let Ok(mut sessions) = self.sessions.try_lock() {
            *sessions = None;
        } else {
            // A read is under way: it answers the end now, and drops the pages after it.
            self.closing.cancel();
        }
        detach(&self.link, env);
    }
}

fn detach(link: &Mutex<Option<AbortLink>>, env: &Env) {
    if let Some(mut link) = link.lock().unwrap_or_else(PoisonError::into_inner).take() {
        link.detach(env);
    }
}
