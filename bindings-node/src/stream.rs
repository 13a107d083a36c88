//! A provider's stream as a JS class. `chatStream()` answers it at once while the request opens
//! in the background; JS reads it a batch at a time (`_nextBatch`), each batch being every event
//! already decoded, so the N-API boundary is crossed per network read, not per event. A batch
//! crosses as one JSON text, written off the JS thread, which `JSON.parse` turns into objects
//! faster than N-API can build them one property at a time; the events' serde names are napi's.
//! A plain delta, the bulk of a reply, crosses as its text alone, a JSON string in the array,
//! which the package's JS turns into the event object; it costs far less than a typed event
//! made in Rust, written as JSON and parsed back. The package's JS wraps the batches in
//! `[Symbol.asyncIterator]`.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::task::Poll;

use chatwire::stream::{DeltaOr, EventStream, PlainDeltas, ProviderEvents};
use chatwire::Recording;
use futures_util::FutureExt;
use napi::bindgen_prelude::{PromiseRaw, ToNapiValue};
use napi::Env;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::convert::FromCore;
use crate::errors::{panic_failure, Failure};
use crate::options::AbortLink;

/// The most events handed over at once, so that a burst does not build one huge array.
const MAX_BATCH: usize = 512;

/// A stream as this binding reads it: its plain deltas as text.
type Stream<P> = EventStream<PlainDeltas<P>>;

type Opening<P> = JoinHandle<Result<Stream<P>, Failure>>;

enum State<P: ProviderEvents> {
    Opening(Opening<P>),
    Open(Box<Stream<P>>),
    Done,
}

struct Reader<P: ProviderEvents> {
    state: State<P>,
    /// An error met after some events of a batch: it is the next batch's answer.
    deferred: Option<Failure>,
}

/// What every provider's stream class holds.
pub struct StreamCore<P: ProviderEvents> {
    reader: Arc<tokio::sync::Mutex<Reader<P>>>,
    /// Fired by `close()` and by the caller's signal.
    closing: CancellationToken,
    /// Fired by the caller's signal only: an abort is an error, a close is an end.
    aborted: CancellationToken,
    link: Arc<Mutex<Option<AbortLink>>>,
    /// Fired when this is dropped (its JS object collected): a batch read still waiting (the
    /// async iterator's read-ahead) ends at once, and drops its hold on the reader.
    collected: CancellationToken,
    /// The response's status, headers and request id, once it has come.
    head: Arc<OnceLock<chatwire::ResponseHead>>,
}

// A stream collected with no read pending needs no cancelling: its reader goes with its last
// holder, and with it the connection. A pending batch read holds the reader too, so it is
// cancelled; a `text()` still running holds the stream it took, and goes on.
impl<P: ProviderEvents> Drop for StreamCore<P> {
    fn drop(&mut self) {
        self.collected.cancel();
    }
}

impl<P: ProviderEvents> Drop for Reader<P> {
    fn drop(&mut self) {
        if let State::Opening(opening) = &self.state {
            opening.abort();
        }
    }
}

impl<P: ProviderEvents> StreamCore<P> {
    /// Starts opening the stream now; its first batch waits for it.
    pub fn open<F>(link: AbortLink, open: F) -> Self
    where
        F: Future<Output = chatwire::Result<EventStream<P>>> + Send + 'static,
    {
        let closing = link.token();
        let head = Arc::new(OnceLock::new());
        let guarded = {
            let head = head.clone();
            let opened = crate::call::guard(open, closing.clone());
            // Kept as soon as the stream opens, for the getters, whether or not it is read yet.
            async move {
                let stream = opened.await?;
                let _ = head.set(stream.head().clone());
                Ok(stream.with_plain_deltas())
            }
        };
        let opening = napi::bindgen_prelude::within_runtime_if_available(|| tokio::spawn(guarded));
        Self {
            reader: Arc::new(tokio::sync::Mutex::new(Reader {
                state: State::Opening(opening),
                deferred: None,
            })),
            closing,
            aborted: link.aborted(),
            link: Arc::new(Mutex::new(Some(link))),
            collected: CancellationToken::new(),
            head,
        }
    }

    /// The response's status, headers and request id; `None` until the stream is open.
    pub fn head(&self) -> Option<&chatwire::ResponseHead> {
        self.head.get()
    }

    /// A promise of the next batch as a JSON array, each plain delta as its text and every
    /// other event converted by `convert` (which may drop some), or of `null` at the end.
    pub fn next_batch<'env, Js, C>(
        &self,
        env: &'env Env,
        convert: C,
    ) -> napi::Result<PromiseRaw<'env, Option<String>>>
    where
        Js: serde::Serialize,
        C: Fn(P::Event) -> Option<Js> + Send + Sync + 'static,
    {
        let reader = self.reader.clone();
        let (closing, aborted) = (self.closing.clone(), self.aborted.clone());
        let collected = self.collected.clone();
        let read = async move {
            let batch = AssertUnwindSafe(async {
                let mut reader = reader.lock().await;
                let events = reader.next_batch(&closing, &aborted).await?;
                Ok(events.map(|events| to_json(events, &convert)))
            })
            .catch_unwind();
            let batch = tokio::select! {
                biased;
                // Nothing in JS can await this batch any more: the stream object is gone.
                _ = collected.cancelled() => Ok(None),
                batch = batch => batch.unwrap_or_else(|panic| Err(panic_failure(&*panic))),
            };
            Ok::<_, napi::Error>(batch)
        };
        let link = self.link.clone();
        env.spawn_future_with_callback(read, move |env, batch| {
            if !matches!(batch, Ok(Some(_))) {
                detach(&link, env);
            }
            batch.map_err(|failure| failure.into_js(env))
        })
    }

    /// A promise of what `read` makes of the whole rest of the stream (its text, its final
    /// message), which it takes over.
    pub fn consume<'env, Core, Js, R, F>(
        &self,
        env: &'env Env,
        read: R,
    ) -> napi::Result<PromiseRaw<'env, Js>>
    where
        R: FnOnce(Stream<P>) -> F + Send + 'static,
        F: Future<Output = chatwire::Result<Core>> + Send + 'static,
        Core: Send + 'static,
        Js: FromCore<Core> + ToNapiValue + 'static,
    {
        let reader = self.reader.clone();
        let (closing, aborted) = (self.closing.clone(), self.aborted.clone());
        let whole = async move {
            let stream = reader.lock().await.take(&closing, &aborted).await;
            let answer = match stream {
                Ok(stream) => crate::call::guard(read(stream), closing).await,
                Err(failure) => Err(failure),
            };
            Ok::<_, napi::Error>(answer.map_err(|failure| stopped(failure, &aborted)))
        };
        let link = self.link.clone();
        env.spawn_future_with_callback(whole, move |env, answer| {
            detach(&link, env);
            answer
                .map(Js::from_core)
                .map_err(|failure| failure.into_js(env))
        })
    }

    /// Closes the stream and its connection now; a pending batch answers the end.
    pub fn close(&self, env: &Env) {
        self.closing.cancel();
        if let Ok(mut reader) = self.reader.try_lock() {
            reader.state = State::Done;
        }
        detach(&self.link, env);
    }
}

/// The events as one JSON array, written into one buffer: each plain delta as a string, each
/// other event as `convert` makes it (left out when it makes nothing).
fn to_json<E, Js: serde::Serialize>(
    events: Vec<DeltaOr<E>>,
    convert: impl Fn(E) -> Option<Js>,
) -> String {
    let mut json = Vec::with_capacity(4096);
    json.push(b'[');
    for event in events {
        let start = json.len();
        if start > 1 {
            json.push(b',');
        }
        // These hold only strings, numbers and JSON values, and a Vec takes every write.
        let written = match event {
            DeltaOr::Delta(text) => serde_json::to_writer(&mut json, &text),
            DeltaOr::Event(event) => match convert(*event) {
                Some(event) => serde_json::to_writer(&mut json, &event),
                None => {
                    json.truncate(start);
                    continue;
                }
            },
        };
        written.expect("an event serializes");
    }
    json.push(b']');
    String::from_utf8(json).expect("serde_json writes UTF-8")
}

fn detach(link: &Mutex<Option<AbortLink>>, env: &Env) {
    if let Some(mut link) = link.lock().unwrap_or_else(PoisonError::into_inner).take() {
        link.detach(env);
    }
}

/// A close is an end; the caller's abort is an error.
fn stopped(failure: Failure, aborted: &CancellationToken) -> Failure {
    match failure {
        Failure::Aborted if !aborted.is_cancelled() => {
            Failure::Core(chatwire::Error::StreamEnded {
                events: 0,
                source: Some("the stream was closed".into()),
            })
        }
        other => other,
    }
}

impl<P: ProviderEvents> Reader<P> {
    async fn next_batch(
        &mut self,
        closing: &CancellationToken,
        aborted: &CancellationToken,
    ) -> Result<Option<Vec<DeltaOr<P::Event>>>, Failure> {
        if let Some(failure) = self.deferred.take() {
            return Err(failure);
        }
        let stream = match self.open(closing).await {
            Ok(Some(stream)) => stream,
            Ok(None) => return Ok(None),
            Err(Failure::Aborted) if !aborted.is_cancelled() => return Ok(None),
            Err(failure) => return Err(failure),
        };
        let ready = tokio::select! {
            biased;
            _ = closing.cancelled() => false,
            _ = stream.ready() => true,
        };
        if !ready {
            self.state = State::Done;
            return match aborted.is_cancelled() {
                true => Err(Failure::Aborted),
                false => Ok(None),
            };
        }
        let mut batch = Vec::new();
        let mut ended = false;
        while batch.len() < MAX_BATCH {
            match stream.try_next() {
                Poll::Ready(Some(Ok(event))) => batch.push(event),
                Poll::Ready(Some(Err(error))) if batch.is_empty() => return Err(error.into()),
                Poll::Ready(Some(Err(error))) => {
                    self.deferred = Some(error.into());
                    break;
                }
                Poll::Ready(None) => {
                    ended = true;
                    break;
                }
                Poll::Pending => break,
            }
        }
        if ended {
            self.state = State::Done;
            if batch.is_empty() {
                return Ok(None);
            }
        }
        Ok(Some(batch))
    }

    /// The open stream, waiting for its response if it is still opening; `None` once over.
    async fn open(
        &mut self,
        closing: &CancellationToken,
    ) -> Result<Option<&mut Stream<P>>, Failure> {
        if let State::Opening(opening) = &mut self.state {
            let opened = tokio::select! {
                biased;
                _ = closing.cancelled() => Err(Failure::Aborted),
                joined = opening => joined.unwrap_or_else(|join| Err(panic_failure(&*join.into_panic()))),
            };
            self.state = match opened {
                Ok(stream) => State::Open(Box::new(stream)),
                Err(failure) => {
                    self.state = State::Done;
                    return Err(failure);
                }
            };
        }
        match &mut self.state {
            State::Open(stream) => Ok(Some(stream)),
            _ => Ok(None),
        }
    }

    /// Takes the stream over, for a reader of its whole rest.
    async fn take(
        &mut self,
        closing: &CancellationToken,
        aborted: &CancellationToken,
    ) -> Result<Stream<P>, Failure> {
        if let Some(failure) = self.deferred.take() {
            return Err(failure);
        }
        self.open(closing).await?;
        match std::mem::replace(&mut self.state, State::Done) {
            State::Open(stream) => Ok(*stream),
            _ => Err(stopped(Failure::Aborted, aborted)),
        }
    }
}

/// A provider's stream as a class holds it: as `chatStream` opened it, or as a conversation's
/// turn, whose events note the conversation's ids as they are decoded. Both have the same
/// events, so one class stands for both.
pub enum Flavor<P: ProviderEvents> {
    Plain(StreamCore<P>),
    Recorded(StreamCore<Recording<P>>),
}

impl<P: ProviderEvents> From<StreamCore<P>> for Flavor<P> {
    fn from(core: StreamCore<P>) -> Self {
        Self::Plain(core)
    }
}

impl<P: ProviderEvents> From<StreamCore<Recording<P>>> for Flavor<P> {
    fn from(core: StreamCore<Recording<P>>) -> Self {
        Self::Recorded(core)
    }
}

impl<P: ProviderEvents> Flavor<P> {
    pub fn next_batch<'env, Js, C>(
        &self,
        env: &'env Env,
        convert: C,
    ) -> napi::Result<PromiseRaw<'env, Option<String>>>
    where
        Js: serde::Serialize,
        C: Fn(P::Event) -> Option<Js> + Send + Sync + 'static,
    {
        match self {
            Self::Plain(core) => core.next_batch(env, convert),
            Self::Recorded(core) => core.next_batch(env, convert),
        }
    }

    pub fn text<'env>(&self, env: &'env Env) -> napi::Result<PromiseRaw<'env, String>> {
        match self {
            Self::Plain(core) => core.consume(env, |stream| stream.text()),
            Self::Recorded(core) => core.consume(env, |stream| stream.text()),
        }
    }

    pub fn final_message<'env>(
        &self,
        env: &'env Env,
    ) -> napi::Result<PromiseRaw<'env, crate::models::FinalMessage>> {
        match self {
            Self::Plain(core) => core.consume(env, |stream| stream.final_message()),
            Self::Recorded(core) => core.consume(env, |stream| stream.final_message()),
        }
    }

    pub fn close(&self, env: &Env) {
        match self {
            Self::Plain(core) => core.close(env),
            Self::Recorded(core) => core.close(env),
        }
    }

    pub fn head(&self) -> Option<&chatwire::ResponseHead> {
        match self {
            Self::Plain(core) => core.head(),
            Self::Recorded(core) => core.head(),
        }
    }
}

/// Declares a provider's stream class over [`StreamCore`].
macro_rules! stream_class {
    ($(#[doc = $doc:literal])* $class:ident over $events:ty, yielding $event:ty) => {
        $(#[doc = $doc])*
        #[napi_derive::napi]
        pub struct $class {
            core: $crate::stream::Flavor<$events>,
        }

        impl $class {
            pub fn new(core: impl Into<$crate::stream::Flavor<$events>>) -> Self {
                Self { core: core.into() }
            }
        }

        #[napi_derive::napi]
        impl $class {
            /// The next batch of events as a JSON array, or `null` at the end (what the async
            /// iterator reads).
            #[napi(js_name = "_nextBatch", skip_typescript, catch_unwind)]
            pub fn next_batch<'env>(
                &self,
                env: &'env napi::Env,
            ) -> napi::Result<napi::bindgen_prelude::PromiseRaw<'env, Option<String>>> {
                self.core.next_batch(env, |event| {
                    Some(<$event as $crate::convert::FromCore<_>>::from_core(event))
                })
            }

            /// The next batch of provider-neutral events as a JSON array, or `null` at the end.
            #[napi(js_name = "_nextNeutralBatch", skip_typescript, catch_unwind)]
            pub fn next_neutral_batch<'env>(
                &self,
                env: &'env napi::Env,
            ) -> napi::Result<napi::bindgen_prelude::PromiseRaw<'env, Option<String>>> {
                self.core.next_batch(env, |event| {
                    <$events as chatwire::stream::ProviderEvents>::neutral(&event)
                        .map(<$crate::models::ChatEvent as $crate::convert::FromCore<_>>::from_core)
                })
            }

            /// Reads the rest of the stream and answers the reply's text (the fallback text
            /// when moderation blocked it). An error event rejects with an `APIError`.
            #[napi(ts_return_type = "Promise<string>", catch_unwind)]
            pub fn text<'env>(
                &self,
                env: &'env napi::Env,
            ) -> napi::Result<napi::bindgen_prelude::PromiseRaw<'env, String>> {
                self.core.text(env)
            }

            /// Reads the rest of the stream and answers the whole reply with what the stream
            /// said about it.
            #[napi(ts_return_type = "Promise<FinalMessage>", catch_unwind)]
            pub fn final_message<'env>(
                &self,
                env: &'env napi::Env,
            ) -> napi::Result<
                napi::bindgen_prelude::PromiseRaw<'env, $crate::models::FinalMessage>,
            > {
                self.core.final_message(env)
            }

            /// Closes the stream and its connection; iteration ends.
            #[napi(catch_unwind)]
            pub fn close(&self, env: &napi::Env) {
                self.core.close(env);
            }

            /// The response's HTTP status: `null` until the stream is open (its first event,
            /// or the end of `text()`, has come).
            #[napi(getter, catch_unwind)]
            pub fn status(&self) -> Option<u32> {
                self.core.head().map(|head| head.status.into())
            }

            /// The response headers by lowercased name (a repeated header's values joined
            /// with `, `): `null` until the stream is open.
            #[napi(getter, ts_return_type = "Record<string, string> | null", catch_unwind)]
            pub fn headers(&self) -> Option<$crate::response::HeaderObject> {
                self.core.head().map(|head| (&head.headers).into())
            }

            /// The request id the server sent (`x-request-id`): `null` until the stream is
            /// open, or when it sent none.
            #[napi(getter, catch_unwind)]
            pub fn request_id(&self) -> Option<String> {
                self.core.head().and_then(|head| head.request_id.clone())
            }
        }
    };
}

stream_class! {
    /// A Mevichat reply as it streams: `for await (const event of stream)`.
    MevichatChatStream over chatwire::mevichat::MevichatEvents, yielding crate::models::MevichatEvent
}

stream_class! {
    /// A Vexar answer as it streams: `for await (const event of stream)`.
    VexarChatStream over chatwire::vexar::VexarEvents, yielding crate::models::VexarEvent
}

stream_class! {
    /// A Developer API answer as it streams: `for await (const event of stream)`.
    DevApiChatStream over chatwire::devapi::DevApiEvents, yielding crate::models::DevApiEvent
}

stream_class! {
    /// A widget-key answer as it streams, event by event as sent:
    /// `for await (const event of stream)`.
    WidgetKeyChatStream over chatwire::widgetkey::WidgetKeyEvents,
    yielding crate::models::WidgetKeyStreamEvent
}
