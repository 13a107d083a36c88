//! A provider's typed event stream over an open HTTP response.
//!
//! Bytes go through the [`sse`](crate::sse) decoder; each event is decoded where it stands into the
//! provider's event type. The stream ends right after the terminal event; a connection that ends
//! before it gives [`Error::StreamEnded`]; an idle gap longer than the idle timeout gives
//! [`Error::IdleTimeout`]. Dropping the stream drops the response, which closes the connection:
//! there is no task behind it.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use tokio::time::Sleep;

use crate::error::{BoxError, Error, Result};
use crate::response::ResponseHead;
use crate::sse::{Decoder, EventRef};

/// The most a reader woken on another thread takes at once ([`EventStream::arrived`]).
const ARRIVED_AT_ONCE: usize = 256 * 1024;

/// How one provider's events decode, and which one ends its stream.
pub trait ProviderEvents: Send + Unpin + 'static {
    /// The provider's event type.
    type Event: Send + Unpin + 'static;

    /// Whether the stream must end with a terminal event; a format that documents none (the
    /// widget-key stream) simply ends with the connection.
    const TERMINAL_REQUIRED: bool = true;

    /// Decodes one raw event. A malformed one is an [`Error::Decode`] carrying the raw data; one
    /// of an undocumented kind is the provider's `Unknown` event, not an error.
    fn decode(&mut self, raw: EventRef<'_>) -> Result<Self::Event>;

    /// Whether `event` ends the stream.
    fn is_terminal(&self, event: &Self::Event) -> bool;

    /// The provider-neutral form of `event`, or `None` when it has none (an unknown kind).
    fn neutral(event: &Self::Event) -> Option<crate::chat::ChatEvent>;

    /// The text of `raw` when it is the provider's plain delta: its text event with the
    /// documented text field and nothing else, the bulk of every reply. Bindings take such an
    /// event as its text alone ([`EventStream::with_plain_deltas`]), which costs far less than
    /// the typed event. `None` (the default) leaves the event to [`Self::decode`].
    fn plain_delta(raw: &EventRef<'_>) -> Option<String> {
        let _ = raw;
        None
    }

    /// The typed event that [`Self::decode`] makes of a plain delta of `text`. Called only for
    /// a text that [`Self::plain_delta`] answered, so a provider without plain deltas never is.
    fn delta_event(text: String) -> Self::Event {
        unreachable!("a provider without plain deltas was asked for one: {text:?}")
    }
}

/// An event of a stream read [with plain deltas](EventStream::with_plain_deltas).
#[derive(Debug, Clone, PartialEq)]
pub enum DeltaOr<E> {
    /// A plain delta's text ([`ProviderEvents::plain_delta`]).
    Delta(String),
    /// Any other event, typed; boxed, so that the queue of a stream made mostly of deltas
    /// moves small items.
    Event(Box<E>),
}

/// `P`'s events with each plain delta taken as its text alone: see
/// [`EventStream::with_plain_deltas`].
#[derive(Debug)]
pub struct PlainDeltas<P>(P);

impl<P: ProviderEvents> ProviderEvents for PlainDeltas<P> {
    type Event = DeltaOr<P::Event>;

    const TERMINAL_REQUIRED: bool = P::TERMINAL_REQUIRED;

    fn decode(&mut self, raw: EventRef<'_>) -> Result<Self::Event> {
        match P::plain_delta(&raw) {
            Some(text) => Ok(DeltaOr::Delta(text)),
            None => self
                .0
                .decode(raw)
                .map(|event| DeltaOr::Event(Box::new(event))),
        }
    }

    fn is_terminal(&self, event: &Self::Event) -> bool {
        matches!(event, DeltaOr::Event(event) if self.0.is_terminal(event))
    }

    fn neutral(event: &Self::Event) -> Option<crate::chat::ChatEvent> {
        match event {
            DeltaOr::Delta(text) => Some(crate::chat::ChatEvent::Delta { text: text.clone() }),
            DeltaOr::Event(event) => P::neutral(event),
        }
    }
}

/// The string `field` of a JSON object that holds that member and no other (beside `tag`, a
/// member that must hold exactly the given string): what a plain delta's data is. Anything
/// else, a repeated member or an escaped name included, is `None`, and left to the typed
/// decoding, which then says precisely what is wrong or keeps the extra members.
pub(crate) fn sole_text_member(
    data: &str,
    field: &'static str,
    tag: Option<(&'static str, &'static str)>,
) -> Option<String> {
    use serde::de::{Deserializer as _, IgnoredAny, MapAccess, Visitor};

    struct SoleText {
        field: &'static str,
        tag: Option<(&'static str, &'static str)>,
    }

    impl<'de> Visitor<'de> for SoleText {
        type Value = Option<String>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a plain delta")
        }

        fn visit_map<A: MapAccess<'de>>(
            self,
            mut map: A,
        ) -> std::result::Result<Self::Value, A::Error> {
            let (mut text, mut tagged) = (None, self.tag.is_none());
            while let Some(name) = map.next_key::<&'de str>()? {
                if name == self.field && text.is_none() {
                    text = Some(map.next_value::<String>()?);
                } else if matches!(self.tag, Some((tag, _)) if tag == name) && !tagged {
                    let value = map.next_value::<&'de str>()?;
                    tagged = matches!(self.tag, Some((_, expected)) if expected == value);
                    if !tagged {
                        return Ok(None);
                    }
                } else {
                    map.next_value::<IgnoredAny>()?;
                    return Ok(None);
                }
            }
            Ok(text.filter(|_| tagged))
        }
    }

    if let Some(text) = compact_sole_text(data, field, tag) {
        return Some(text.to_owned());
    }
    let mut json = serde_json::Deserializer::from_str(data);
    let text = json.deserialize_map(SoleText { field, tag }).ok()??;
    json.end().ok()?;
    Some(text)
}

/// [`sole_text_member`] for the form servers write, with no space and the tag first
/// (`{"type":"chunk","content":"…"}`), when the text has nothing to unescape: a JSON string
/// with no quote, backslash or control character in it is its own text, so it needs no parser.
fn compact_sole_text<'a>(data: &'a str, field: &str, tag: Option<(&str, &str)>) -> Option<&'a str> {
    let mut rest = data.strip_prefix('{')?;
    if let Some((name, value)) = tag {
        rest = quoted(rest, name)?.strip_prefix(':')?;
        rest = quoted(rest, value)?.strip_prefix(',')?;
    }
    let text = quoted(rest, field)?
        .strip_prefix(":\"")?
        .strip_suffix("\"}")?;
    let plain = !text.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20);
    plain.then_some(text)
}

/// What follows `"word"` at the start of `text`.
fn quoted<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    text.strip_prefix('"')?
        .strip_prefix(word)?
        .strip_prefix('"')
}

/// An event's JSON data as `T`, or a decode error that carries the raw data.
pub(crate) fn parse_data<T: serde::de::DeserializeOwned>(raw: &EventRef<'_>) -> Result<T> {
    serde_json::from_str(raw.data)
        .map_err(|e| Error::decode(format!("event {}", raw.event), e, raw.data))
}

type ByteStream = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// Who a stream's log line is about.
#[derive(Debug)]
pub(crate) struct StreamLog {
    pub provider: &'static str,
    pub client_id: u64,
    pub operation: &'static str,
}

/// What a stream's one log line tells when it ends: how long the first event took, how many
/// were taken, and why it ended.
#[derive(Debug)]
struct StreamTelemetry {
    log: Option<StreamLog>,
    opened: tokio::time::Instant,
    first_event_after: Option<Duration>,
    /// Why the stream ended, once it has; a stream dropped before that was closed by its reader.
    end: Option<String>,
    /// Events yielded so far, not counting errors.
    delivered: usize,
    /// The request id the server sent, for the log line.
    request_id: Option<String>,
    logged: bool,
}

/// A stream dropped before its end logs then.
impl Drop for StreamTelemetry {
    fn drop(&mut self) {
        self.emit();
    }
}

impl StreamTelemetry {
    fn new(log: Option<StreamLog>) -> Self {
        Self {
            log,
            opened: tokio::time::Instant::now(),
            first_event_after: None,
            end: None,
            delivered: 0,
            request_id: None,
            logged: false,
        }
    }

    fn emit(&mut self) {
        let Some(log) = self.log.as_ref().filter(|_| !self.logged) else {
            return;
        };
        self.logged = true;
        let end = self.end.as_deref().unwrap_or("closed by the reader");
        tracing::info!(
            target: "chatwire::stream",
            client = log.client_id,
            provider = log.provider,
            operation = log.operation,
            events = self.delivered,
            end,
            first_event_ms = self.first_event_after.map(|d| d.as_millis() as u64),
            elapsed_ms = self.opened.elapsed().as_millis() as u64,
            request_id = self.request_id.as_deref(),
            "stream ended"
        );
    }
}

/// When a stream must be over, and the timeout that set it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct StreamDeadline {
    pub at: tokio::time::Instant,
    pub after: Duration,
}

impl StreamDeadline {
    pub fn new(at: tokio::time::Instant, after: Duration) -> Self {
        Self { at, after }
    }

    pub fn error(&self) -> Error {
        Error::StreamDeadline { after: self.after }
    }
}

/// A stream of one provider's typed events. See the [module documentation](self).
pub struct EventStream<P: ProviderEvents> {
    /// `None` once the stream is over, which releases the connection.
    body: Option<ByteStream>,
    decoder: Decoder,
    events: P,
    /// Chunks read but not decoded yet ([`Self::arrived`]), in order; decoded before anything
    /// else.
    undecoded: Vec<Bytes>,
    ready: VecDeque<Result<P::Event>>,
    idle_timeout: Duration,
    idle: Pin<Box<Sleep>>,
    /// The whole-stream deadline and its timer, when the stream has one.
    deadline: Option<(StreamDeadline, Pin<Box<Sleep>>)>,
    /// The terminal event (or a fatal error) is queued: nothing after it is read.
    finished: bool,
    head: ResponseHead,
    telemetry: StreamTelemetry,
}

impl<P: ProviderEvents> std::fmt::Debug for EventStream<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream")
            .field("open", &self.body.is_some())
            .field("delivered", &self.telemetry.delivered)
            .field("idle_timeout", &self.idle_timeout)
            .finish_non_exhaustive()
    }
}

impl<P: ProviderEvents> EventStream<P> {
    pub(crate) fn new(
        response: reqwest::Response,
        events: P,
        idle_timeout: Duration,
        deadline: Option<StreamDeadline>,
        log: StreamLog,
    ) -> Self {
        let head = ResponseHead::of(&response);
        let mut stream = Self::from_bytes(Box::pin(response.bytes_stream()), events, idle_timeout);
        stream.head = head;
        stream.telemetry = StreamTelemetry::new(Some(log));
        stream.telemetry.request_id = stream.head.request_id.clone();
        stream.deadline = deadline.map(|d| (d, Box::pin(tokio::time::sleep_until(d.at))));
        stream
    }

    fn from_bytes(body: ByteStream, events: P, idle_timeout: Duration) -> Self {
        Self {
            head: ResponseHead::default(),
            telemetry: StreamTelemetry::new(None),
            body: Some(body),
            decoder: Decoder::new(),
            events,
            undecoded: Vec::new(),
            ready: VecDeque::new(),
            idle_timeout,
            idle: Box::pin(tokio::time::sleep(idle_timeout)),
            deadline: None,
            finished: false,
        }
    }

    /// The same stream, yielding each plain delta ([`ProviderEvents::plain_delta`]) as its
    /// text alone and every other event typed. A binding reads a stream this way to build its
    /// own delta objects from text, without the typed event in between.
    pub fn with_plain_deltas(self) -> EventStream<PlainDeltas<P>> {
        self.convert(PlainDeltas, |event| DeltaOr::Event(Box::new(event)))
    }

    /// The same stream, its events decoded by what `wrap` makes of its decoder.
    pub(crate) fn map_events<Q: ProviderEvents<Event = P::Event>>(
        self,
        wrap: impl FnOnce(P) -> Q,
    ) -> EventStream<Q> {
        self.convert(wrap, std::convert::identity)
    }

    /// The same stream with another decoder: `wrap` makes it of this one, and `event` turns
    /// the events decoded already into its kind.
    fn convert<Q: ProviderEvents>(
        self,
        wrap: impl FnOnce(P) -> Q,
        mut event: impl FnMut(P::Event) -> Q::Event,
    ) -> EventStream<Q> {
        EventStream {
            body: self.body,
            decoder: self.decoder,
            events: wrap(self.events),
            undecoded: self.undecoded,
            ready: self
                .ready
                .into_iter()
                .map(|item| item.map(&mut event))
                .collect(),
            idle_timeout: self.idle_timeout,
            idle: self.idle,
            deadline: self.deadline,
            finished: self.finished,
            head: self.head,
            telemetry: self.telemetry,
        }
    }

    /// Events yielded so far, not counting errors.
    pub fn delivered(&self) -> usize {
        self.telemetry.delivered
    }

    /// The status, headers and request id of the response the stream reads.
    pub fn head(&self) -> &ResponseHead {
        &self.head
    }

    /// The HTTP status (200, as an error status is an error, not a stream).
    pub fn status(&self) -> u16 {
        self.head.status
    }

    /// The response headers.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.head.headers
    }

    /// The request id the server sent, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.head.request_id.as_deref()
    }

    /// Decodes a chunk into ready events; an event restarts the idle timer.
    fn ingest(&mut self, chunk: &[u8]) {
        let Self {
            decoder,
            events,
            ready,
            finished,
            telemetry,
            ..
        } = self;
        let before = ready.len();
        decoder.feed(chunk, |raw| {
            if *finished {
                return; // nothing after the terminal event counts
            }
            let item = match raw {
                Ok(raw) => events.decode(raw),
                Err(too_large) => Err(Error::decode("event", too_large, "")),
            };
            *finished = matches!(&item, Ok(event) if events.is_terminal(event));
            if *finished {
                telemetry.end = Some("terminal event".to_owned());
            }
            ready.push_back(item);
        });
        if ready.len() > before {
            let telemetry = &mut self.telemetry;
            telemetry.first_event_after = telemetry
                .first_event_after
                .or_else(|| Some(telemetry.opened.elapsed()));
            let deadline = crate::transport::deadline_after(self.idle_timeout);
            self.idle.as_mut().reset(deadline);
        }
    }

    /// Ends the stream, with `error` as its last item, and lets the connection go now rather
    /// than when the error has been taken: a caller that stops at the error closes it.
    fn end_with(&mut self, error: Option<Error>) {
        // What came before the end goes before it; when that held the terminal event, the
        // stream was whole, and how the connection ended after it is no error.
        self.decode_undecoded();
        let error = error.filter(|_| !self.finished);
        let end = error
            .as_ref()
            .map_or_else(|| "connection closed".to_owned(), |e| e.to_string());
        self.telemetry.end.get_or_insert(end);
        self.ready.extend(error.map(Err));
        self.finished = true;
        self.body = None;
    }
}

impl<P: ProviderEvents> Stream for EventStream<P> {
    type Item = Result<P::Event>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        std::task::ready!(this.poll_ready(cx));
        this.try_next()
    }
}

impl<P: ProviderEvents> EventStream<P> {
    /// Reads the connection until [`Self::try_next`] has something to answer.
    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        loop {
            self.decode_undecoded();
            if !self.ready.is_empty() || self.finished {
                return Poll::Ready(());
            }
            std::task::ready!(self.poll_body(cx));
        }
    }

    /// Reads the connection until it has delivered something, left undecoded.
    fn poll_arrived(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        while self.undecoded.is_empty() && self.ready.is_empty() && !self.finished {
            std::task::ready!(self.poll_body(cx));
        }
        Poll::Ready(())
    }

    /// One more chunk if the connection has it now: whether it had.
    fn poll_one_more(&mut self, cx: &mut Context<'_>) -> Poll<bool> {
        let before = self.undecoded.len();
        Poll::Ready(self.poll_body(cx).is_ready() && self.undecoded.len() > before)
    }

    /// The events the stream yields before its end: those taken, and those decoded but not
    /// taken yet.
    fn events_before_end(&self) -> usize {
        self.telemetry.delivered + self.ready.iter().filter(|item| item.is_ok()).count()
    }

    fn decode_undecoded(&mut self) {
        for chunk in std::mem::take(&mut self.undecoded) {
            self.ingest(&chunk);
        }
    }

    /// Reads one chunk (or the end, or an error) from the connection, to be decoded next;
    /// `Pending` while the connection has nothing and neither the idle timer nor the deadline
    /// has run out.
    fn poll_body(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let Some(body) = self.body.as_mut() else {
            self.finished = true;
            return Poll::Ready(());
        };
        // Checked before each read, as a server that never pauses never leaves the body pending.
        if let Some((deadline, timer)) = &mut self.deadline {
            if timer.as_mut().poll(cx).is_ready() {
                let error = deadline.error();
                self.end_with(Some(error));
                return Poll::Ready(());
            }
        }
        match body.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => self.undecoded.push(chunk),
            Poll::Ready(Some(Err(error))) => {
                // Decoded first, so that the count below has every event before the break.
                self.decode_undecoded();
                // Before a terminal event, a broken connection is an early end like a clean
                // one, with the error as its source; a format with no terminal event can only
                // call it a connection failure.
                let message = format!(
                    "the stream broke off: {}",
                    crate::transport::describe(&error)
                );
                let source: BoxError = Box::new(error.without_url());
                let error = match P::TERMINAL_REQUIRED {
                    true => Error::StreamEnded {
                        events: self.events_before_end(),
                        source: Some(source),
                    },
                    false => Error::Connection {
                        message,
                        source: Some(source),
                    },
                };
                self.end_with(Some(error));
            }
            Poll::Ready(None) => {
                self.decode_undecoded();
                self.decoder.finish();
                let ended = P::TERMINAL_REQUIRED.then(|| Error::StreamEnded {
                    events: self.events_before_end(),
                    source: None,
                });
                self.end_with(ended);
            }
            Poll::Pending => {
                if self.idle.as_mut().poll(cx).is_ready() {
                    self.end_with(Some(Error::IdleTimeout {
                        after: self.idle_timeout,
                    }));
                } else {
                    return Poll::Pending;
                }
            }
        }
        Poll::Ready(())
    }
}

impl<P: ProviderEvents> EventStream<P> {
    /// The next event, or `None` after the last.
    pub async fn next(&mut self) -> Option<Result<P::Event>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The next event if it is already decoded, or the end if it has come, without reading the
    /// connection: `Pending` means [`Self::ready`] must be awaited first. A binding hands over
    /// every event of a chunk this way while it holds its interpreter's lock once.
    pub fn try_next(&mut self) -> Poll<Option<Result<P::Event>>> {
        if let Some(item) = self.try_next_decoded() {
            return Poll::Ready(Some(item));
        }
        if self.finished {
            self.body = None;
            self.telemetry.emit();
            return Poll::Ready(None);
        }
        Poll::Pending
    }

    /// The next event or error if it is decoded already (decoding the chunk read last, if it
    /// is not yet), or `None`. Unlike [`Self::try_next`] it never ends the stream, so it never
    /// logs: a binding takes events this way while it holds a lock that a log handler of its
    /// language could wait on.
    pub fn try_next_decoded(&mut self) -> Option<Result<P::Event>> {
        if self.ready.is_empty() {
            self.decode_undecoded();
        }
        let item = self.ready.pop_front()?;
        self.telemetry.delivered += usize::from(item.is_ok());
        Some(item)
    }

    /// Waits until [`Self::try_next`] has something to answer: an event, an error, or the end.
    pub async fn ready(&mut self) {
        std::future::poll_fn(|cx| self.poll_ready(cx)).await
    }

    /// Waits until the connection has delivered something (a chunk, its end or an error),
    /// without decoding it: the next [`Self::try_next`] does, on the caller's thread. A binding
    /// that waits on another thread than the one that takes the events waits this way, so that
    /// each event's memory is made and freed on one thread. After a chunk that holds no whole
    /// event, `try_next` is `Pending` again.
    ///
    /// Once something has come, it takes whatever more the connection has at once (up to
    /// 256 KiB), so that a reader woken on another thread is woken once per
    /// burst rather than once per chunk: each wakeup of an event loop costs more than the
    /// events of a chunk.
    pub async fn arrived(&mut self) {
        std::future::poll_fn(|cx| self.poll_arrived(cx)).await;
        let mut taken: usize = self.undecoded.iter().map(Bytes::len).sum();
        while !self.finished && taken < ARRIVED_AT_ONCE {
            // The connection reads its socket only when asked for more: its task runs now.
            tokio::task::yield_now().await;
            if !std::future::poll_fn(|cx| self.poll_one_more(cx)).await {
                break;
            }
            taken += self.undecoded.last().map_or(0, Bytes::len);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    #[test]
    fn a_plain_delta_is_its_one_text_member_and_nothing_else() {
        let text = |data| sole_text_member(data, "text", None);
        assert_eq!(text(r#"{"text":"hi"}"#).as_deref(), Some("hi"));
        assert_eq!(
            text(r#" { "text" : "a\n\"b\u00e9" } "#).as_deref(),
            Some("a\n\"bé")
        );
        // Whatever the typed event would say more, or refuse, is left to it.
        for data in [
            r#"{"text":"hi","seq":1}"#,
            r#"{"seq":1,"text":"hi"}"#,
            r#"{"text":"a","text":"b"}"#,
            r#"{"te\u0078t":"hi"}"#,
            r#"{"text":1}"#,
            r#"{"text":null}"#,
            r#"{"text":"\ud800"}"#,
            "{\"text\":\"a\u{1}\"}",
            r#"{"text":"hi"} x"#,
            r#"{}"#,
            r#"["hi"]"#,
            "",
        ] {
            assert_eq!(text(data), None, "{data}");
        }
        // The compact form servers write is read without a parser; the same text either way.
        assert_eq!(
            compact_sole_text(r#"{"text":"hi there"}"#, "text", None),
            Some("hi there")
        );
        for data in [
            r#"{"text":"a\"b"}"#,
            r#"{"text":"a\nb"}"#,
            "{\"text\":\"\u{1}\"}",
        ] {
            assert_eq!(compact_sole_text(data, "text", None), None, "{data}");
        }
        assert_eq!(text(r#"{"text":"a\nb"}"#).as_deref(), Some("a\nb"));
        assert_eq!(text(r#"{"text":"é ✓"}"#).as_deref(), Some("é ✓"));
        let tagged = Some(("type", "chunk"));
        let compact = r#"{"type":"chunk","content":"x"}"#;
        assert_eq!(compact_sole_text(compact, "content", tagged), Some("x"));
        let chunk = |data| sole_text_member(data, "content", Some(("type", "chunk")));
        assert_eq!(chunk(r#"{"type":"chunky","content":"x"}"#), None);
        assert_eq!(
            chunk(r#"{"type":"chunk","content":"x"}"#).as_deref(),
            Some("x")
        );
        assert_eq!(
            chunk(r#"{"content":"x","type":"chunk"}"#).as_deref(),
            Some("x")
        );
        for data in [
            r#"{"content":"x"}"#,
            r#"{"type":"done","content":"x"}"#,
            r#"{"type":"chunk","type":"chunk","content":"x"}"#,
            r#"{"type":"chunk","content":"x","meta":{}}"#,
        ] {
            assert_eq!(chunk(data), None, "{data}");
        }
    }

    /// Events named by their type; `end` ends the stream; `bad` fails to decode.
    struct Named;

    impl ProviderEvents for Named {
        type Event = String;

        fn decode(&mut self, raw: EventRef<'_>) -> Result<String> {
            if raw.event == "bad" {
                return Err(Error::decode("event bad", "scripted", raw.data));
            }
            Ok(format!("{}:{}", raw.event, raw.data))
        }

        fn is_terminal(&self, event: &String) -> bool {
            event.starts_with("end:")
        }

        fn neutral(event: &String) -> Option<crate::chat::ChatEvent> {
            Some(crate::chat::ChatEvent::Delta {
                text: event.clone(),
            })
        }
    }

    fn stream_of(chunks: Vec<reqwest::Result<Bytes>>) -> EventStream<Named> {
        let body: ByteStream = Box::pin(futures_util::stream::iter(chunks));
        EventStream::from_bytes(body, Named, Duration::from_secs(5))
    }

    async fn collect(mut stream: EventStream<Named>) -> Vec<std::result::Result<String, String>> {
        let mut out = Vec::new();
        while let Some(item) = stream.next().await {
            out.push(item.map_err(|e| e.to_string()));
        }
        out
    }

    #[tokio::test]
    async fn ends_after_the_terminal_event_ignoring_what_follows() {
        let chunks = vec![Ok(Bytes::from(
            "event: a\ndata: 1\n\nevent: end\ndata: 2\n\nevent: a\ndata: 3\n\n",
        ))];
        assert_eq!(
            collect(stream_of(chunks)).await,
            [Ok("a:1".to_owned()), Ok("end:2".to_owned())]
        );
    }

    #[tokio::test]
    async fn an_early_end_is_an_error_not_a_silent_stop() {
        let chunks = vec![Ok(Bytes::from("event: a\ndata: 1\n\nevent: a\ndata: 2"))];
        let items = collect(stream_of(chunks)).await;
        assert_eq!(items[0], Ok("a:1".to_owned()));
        assert_eq!(
            items[1],
            Err("the stream ended before its terminal event, after 1 events".to_owned())
        );
        assert_eq!(items.len(), 2);
    }

    #[tokio::test]
    async fn a_bad_event_is_an_error_and_the_stream_goes_on() {
        let chunks = vec![Ok(Bytes::from(
            "event: bad\ndata: {oops\n\nevent: end\ndata: x\n\n",
        ))];
        let items = collect(stream_of(chunks)).await;
        assert!(items[0]
            .as_ref()
            .unwrap_err()
            .contains("could not decode event bad"));
        assert_eq!(items[1], Ok("end:x".to_owned()));
    }

    #[tokio::test]
    async fn what_arrived_is_decoded_by_the_taker_in_order_and_before_the_end() {
        // Three chunks at once, an event cut across two of them: one wait takes all three and
        // decodes none; then a clean end with no terminal event comes after the events.
        let (sender, body) = fed_by_hand();
        let mut stream = EventStream::from_bytes(body, Named, Duration::from_secs(5));
        for chunk in [
            "event: a\ndata: 1\n\nevent: a\nda",
            "ta: 2\n\n",
            "event: a\ndata: 3\n\n",
        ] {
            sender.send(Ok(Bytes::from(chunk))).unwrap();
        }
        stream.arrived().await;
        assert_eq!(stream.undecoded.len(), 3);
        assert!(stream.ready.is_empty(), "nothing is decoded while waiting");
        drop(sender);
        let taken = take_as_bindings_do(&mut stream).await;
        assert_eq!(
            taken,
            [
                Ok("a:1".to_owned()),
                Ok("a:2".to_owned()),
                Ok("a:3".to_owned()),
                Err("the stream ended before its terminal event, after 3 events".to_owned()),
            ]
        );
    }

    #[tokio::test]
    async fn a_terminal_event_that_arrived_with_the_end_ends_the_stream_cleanly() {
        let chunks = vec![
            Ok(Bytes::from("event: a\ndata: 1\n\n")),
            Ok(Bytes::from("event: end\ndata: 2\n\n")),
        ];
        let mut stream = stream_of(chunks);
        let taken = take_as_bindings_do(&mut stream).await;
        assert_eq!(taken, [Ok("a:1".to_owned()), Ok("end:2".to_owned())]);
    }

    #[tokio::test]
    async fn a_chunk_that_holds_no_whole_event_leaves_the_taker_waiting() {
        let (sender, receiver) = fed_by_hand();
        let mut stream = EventStream::from_bytes(receiver, Named, Duration::from_secs(5));
        sender.send(Ok(Bytes::from("event: a\nda"))).unwrap();
        stream.arrived().await;
        assert!(stream.try_next().is_pending());
        sender.send(Ok(Bytes::from("ta: 1\n\n"))).unwrap();
        stream.arrived().await;
        assert_eq!(
            stream.try_next().map(|item| item.map(|item| item.unwrap())),
            Poll::Ready(Some("a:1".to_owned()))
        );
    }

    /// Every item, each wait an `arrived()` and each item taken (and decoded) by `try_next`,
    /// as a binding that waits on another thread takes them.
    async fn take_as_bindings_do(
        stream: &mut EventStream<Named>,
    ) -> Vec<std::result::Result<String, String>> {
        let mut taken = Vec::new();
        loop {
            match stream.try_next() {
                Poll::Ready(Some(item)) => taken.push(item.map_err(|e| e.to_string())),
                Poll::Ready(None) => return taken,
                Poll::Pending => stream.arrived().await,
            }
        }
    }

    /// A byte stream fed by hand, which is pending while nothing was sent.
    fn fed_by_hand() -> (
        tokio::sync::mpsc::UnboundedSender<reqwest::Result<Bytes>>,
        ByteStream,
    ) {
        let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
        let body = futures_util::stream::poll_fn(move |cx| receiver.poll_recv(cx));
        (sender, Box::pin(body))
    }

    #[tokio::test]
    async fn a_chunk_s_events_are_taken_without_reading_again() {
        let chunks = vec![Ok(Bytes::from(
            "event: a\ndata: 1\n\nevent: end\ndata: 2\n\n",
        ))];
        let mut stream = stream_of(chunks);
        assert!(stream.try_next().is_pending());
        stream.ready().await;
        let taken: Vec<_> = std::iter::from_fn(|| match stream.try_next() {
            Poll::Ready(Some(item)) => Some(item.unwrap()),
            _ => None,
        })
        .collect();
        assert_eq!(taken, ["a:1", "end:2"]);
        assert!(matches!(stream.try_next(), Poll::Ready(None)));
        assert_eq!(stream.delivered(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn silence_longer_than_the_idle_timeout_ends_the_stream() {
        let body: ByteStream = Box::pin(futures_util::stream::pending());
        let mut stream = EventStream::from_bytes(body, Named, Duration::from_secs(5));
        let started = Instant::now();
        let error = stream.next().await.unwrap().unwrap_err();
        assert!(matches!(error, Error::IdleTimeout { after } if after == Duration::from_secs(5)));
        assert_eq!(started.elapsed(), Duration::from_secs(5));
        assert!(stream.body.is_none(), "the connection went with the error");
        assert!(stream.next().await.is_none());
    }
}
