//! Chat streams for Python: `ChatStream` (`for`) and `AsyncChatStream` (`async for`), over any
//! provider's [`EventStream`].
//!
//! The GIL is released only to wait on the network. Once a chunk has arrived, every event it
//! holds is handed over with the GIL held throughout ([`EventStream::try_next`]). An async
//! stream waits on the runtime's thread but decodes on the event loop's, as a sync one does on
//! its own: each event is made and freed on one thread. Its wait takes every chunk the
//! connection has at once ([`EventStream::arrived`]), so that the event loop is woken once per
//! burst; an event already decoded is answered at once, by an awaitable that costs no frame.
//! Dropping the stream, by `close()`, leaving a `with` block, garbage collection, or Ctrl-C
//! during a wait, closes the connection.
//!
//! Misuse is a `ValidationError` (field `stream`): a second reader while one waits, reading a
//! stream whose events went to `text()`, `final_message()` or `neutral()`, `text()` of a closed
//! or ended stream, and any use in a process other than the one that opened it. Iterating an
//! ended or closed stream again yields nothing, as with any Python iterator.
//!
//! No lock of a stream is held while the core reads or drops its source, nor while a Python
//! object is made: each can run Python code (a log handler at the stream's end, a collection's
//! finalizers), which may let the GIL go to another thread that then waits on the lock. An event
//! already decoded is taken off under the lock, which only decoding a chunk and popping need
//! ([`EventSource::try_pop`]), and made a Python object after it.

use std::sync::{Arc, Mutex, PoisonError};
use std::task::Poll;

use chatwire::stream::{DeltaOr, EventStream, PlainDeltas, ProviderEvents};
use chatwire::ResponseHead;
use futures_util::future::BoxFuture;
use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

use crate::convert::IntoPython;
use crate::errors::{validation_error, Failure};
use crate::runtime::{block_on, into_awaitable, python_function, ready, settle, ProcessOwned};

/// One provider's stream, whatever the provider.
pub trait EventSource: Send {
    /// The next item if it is decoded already, without ending the stream: it never logs, so
    /// it may be taken with the stream's slot locked.
    fn try_pop(&mut self) -> Option<Popped>;

    /// The next item if it is decoded already, or the end; `Pending` when [`Self::ready`] must
    /// be awaited first. The end logs.
    fn try_next(&mut self) -> Poll<Option<Popped>>;

    /// Waits until [`Self::try_next`] has something to answer.
    fn ready(&mut self) -> BoxFuture<'_, ()>;

    /// Waits until the connection has delivered something, which [`Self::try_next`] then
    /// decodes: for a wait on another thread than the one that takes the events.
    fn arrived(&mut self) -> BoxFuture<'_, ()>;

    /// Reads the rest of the stream into one reply.
    fn final_message(
        self: Box<Self>,
    ) -> BoxFuture<'static, chatwire::Result<chatwire::FinalMessage>>;

    /// From now on, yields the provider-neutral events.
    fn make_neutral(&mut self);
}

/// A provider's [`EventStream`], yielding its own events or the neutral ones. It is read with
/// plain deltas as text, which become their Python event without the typed event's decoding.
pub struct Source<P: ProviderEvents> {
    stream: EventStream<PlainDeltas<P>>,
    neutral: bool,
}

impl<P: ProviderEvents> Source<P> {
    pub fn boxed(stream: EventStream<P>) -> Box<dyn EventSource>
    where
        P::Event: IntoPython,
    {
        Box::new(Self {
            stream: stream.with_plain_deltas(),
            neutral: false,
        })
    }
}

/// An item taken off a stream, not yet a Python object: it is made one once the stream's slot
/// is unlocked, as making Python objects can run Python code (a collection's finalizers), which
/// can let another thread run and want the lock.
pub enum Popped {
    /// A plain delta's text, and what makes its event.
    Delta(String, fn(Python<'_>, String) -> PyResult<Py<PyAny>>),
    Event(Box<dyn IntoPythonBoxed>),
    Failed(chatwire::Error),
}

impl Popped {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match self {
            Self::Delta(text, make) => make(py, text),
            Self::Event(event) => event.into_python_boxed(py),
            Self::Failed(error) => Err(Failure::from(error).into_py_err(py)),
        }
    }
}

/// [`IntoPython`] for a boxed value of any type.
pub trait IntoPythonBoxed: Send {
    fn into_python_boxed(self: Box<Self>, py: Python<'_>) -> PyResult<Py<PyAny>>;
}

impl<T: IntoPython + Send> IntoPythonBoxed for T {
    fn into_python_boxed(self: Box<Self>, py: Python<'_>) -> PyResult<Py<PyAny>> {
        (*self).into_python(py)
    }
}

fn delta_event<P: ProviderEvents>(py: Python<'_>, text: String) -> PyResult<Py<PyAny>>
where
    P::Event: IntoPython,
{
    P::delta_event(text).into_python(py)
}

fn neutral_delta(py: Python<'_>, text: String) -> PyResult<Py<PyAny>> {
    chatwire::ChatEvent::Delta { text }.into_python(py)
}

impl<P: ProviderEvents> Source<P>
where
    P::Event: IntoPython,
{
    /// `item` as this source yields it, or `None` for an event with no neutral meaning (an
    /// unknown kind), which the neutral stream skips.
    fn popped(&self, item: chatwire::Result<DeltaOr<P::Event>>) -> Option<Popped> {
        Some(match (item, self.neutral) {
            (Err(error), _) => Popped::Failed(error),
            (Ok(DeltaOr::Delta(text)), false) => Popped::Delta(text, delta_event::<P>),
            (Ok(DeltaOr::Delta(text)), true) => Popped::Delta(text, neutral_delta),
            (Ok(DeltaOr::Event(event)), false) => Popped::Event(event),
            (Ok(DeltaOr::Event(event)), true) => Popped::Event(Box::new(P::neutral(&event)?)),
        })
    }
}

impl<P: ProviderEvents> EventSource for Source<P>
where
    P::Event: IntoPython,
{
    fn try_pop(&mut self) -> Option<Popped> {
        while let Some(item) = self.stream.try_next_decoded() {
            if let Some(popped) = self.popped(item) {
                return Some(popped);
            }
        }
        None
    }

    fn try_next(&mut self) -> Poll<Option<Popped>> {
        loop {
            match self.stream.try_next() {
                Poll::Ready(Some(item)) => {
                    if let Some(popped) = self.popped(item) {
                        return Poll::Ready(Some(popped));
                    }
                }
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }

    fn ready(&mut self) -> BoxFuture<'_, ()> {
        Box::pin(self.stream.ready())
    }

    fn arrived(&mut self) -> BoxFuture<'_, ()> {
        Box::pin(self.stream.arrived())
    }

    fn final_message(
        self: Box<Self>,
    ) -> BoxFuture<'static, chatwire::Result<chatwire::FinalMessage>> {
        Box::pin(self.stream.final_message())
    }

    fn make_neutral(&mut self) {
        self.neutral = true;
    }
}

/// A sync stream's source. Its connection lives on the sync classes' runtime, which moves only
/// while a thread blocks on it, so letting the source go gives that runtime a turn, in which
/// the connection closes.
struct Settling(Option<Box<dyn EventSource>>);

impl Settling {
    fn inner(&mut self) -> &mut Box<dyn EventSource> {
        self.0.as_mut().expect("a source is held until dropped")
    }
}

impl Drop for Settling {
    fn drop(&mut self) {
        if self.0.take().is_some() {
            settle();
        }
    }
}

impl EventSource for Settling {
    fn try_pop(&mut self) -> Option<Popped> {
        self.inner().try_pop()
    }

    fn try_next(&mut self) -> Poll<Option<Popped>> {
        self.inner().try_next()
    }

    fn ready(&mut self) -> BoxFuture<'_, ()> {
        self.inner().ready()
    }

    fn arrived(&mut self) -> BoxFuture<'_, ()> {
        self.inner().arrived()
    }

    fn final_message(
        mut self: Box<Self>,
    ) -> BoxFuture<'static, chatwire::Result<chatwire::FinalMessage>> {
        // Read to its end by `block_on`, which settles the runtime when done.
        let source = self.0.take().expect("a source is held until dropped");
        source.final_message()
    }

    fn make_neutral(&mut self) {
        self.inner().make_neutral();
    }
}

/// Where a stream's source is.
enum Slot {
    Open(Box<dyn EventSource>),
    /// Another call is waiting on the network with it.
    Busy,
    /// Its events went to `text()`, `final_message()` or `neutral()` (named here).
    Taken(&'static str),
    /// Read to its end.
    Ended,
    /// Closed: by `close()`, leaving a `with` block, or an interrupted read.
    Closed,
}

/// The source, shared by a stream object and the call waiting with it.
#[derive(Clone)]
struct SharedSlot(Arc<Mutex<Slot>>);

impl SharedSlot {
    fn new(source: Box<dyn EventSource>) -> Self {
        Self(Arc::new(Mutex::new(Slot::Open(source))))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Slot> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes the source out to wait with it (no other call can use it meanwhile); `None` when
    /// the stream has ended or is closed, as iteration then simply stops.
    fn lease(&self, py: Python<'_>) -> PyResult<Option<Lease>> {
        let mut slot = self.lock();
        match &*slot {
            Slot::Open(_) => {}
            Slot::Busy => return Err(busy(py)),
            Slot::Taken(by) => return Err(taken(py, by)),
            Slot::Ended | Slot::Closed => return Ok(None),
        }
        let Slot::Open(source) = std::mem::replace(&mut *slot, Slot::Busy) else {
            unreachable!("the slot was open")
        };
        Ok(Some(Lease {
            source: Some(source),
            home: self.clone(),
        }))
    }

    /// Drops the source (closing the connection) unless its events went elsewhere.
    fn close(&self) {
        let mut slot = self.lock();
        if !matches!(*slot, Slot::Taken(_)) {
            let closed = std::mem::replace(&mut *slot, Slot::Closed);
            drop(slot);
            drop(closed);
        }
    }

    /// Takes the source out for good, for `by` (`"text()"` …), which reads it to its end or
    /// moves it to a neutral stream.
    fn take(&self, py: Python<'_>, by: &'static str) -> PyResult<Box<dyn EventSource>> {
        let mut slot = self.lock();
        match &*slot {
            Slot::Open(_) => {}
            Slot::Busy => return Err(busy(py)),
            Slot::Taken(earlier) => return Err(taken(py, earlier)),
            Slot::Ended => {
                return Err(validation_error(
                    py,
                    "stream",
                    format!("was read to its end already, so {by} has nothing left to read"),
                ))
            }
            Slot::Closed => {
                return Err(validation_error(
                    py,
                    "stream",
                    format!("is closed, so {by} cannot read it; open a new stream"),
                ))
            }
        }
        let Slot::Open(source) = std::mem::replace(&mut *slot, Slot::Taken(by)) else {
            unreachable!("the slot was open")
        };
        Ok(source)
    }

    /// The source, taken out for good and set to yield the provider-neutral events.
    fn take_neutral(&self, py: Python<'_>) -> PyResult<Box<dyn EventSource>> {
        let mut source = self.take(py, "neutral()")?;
        source.make_neutral();
        Ok(source)
    }

    /// The next event if one is ready; at its end the stream lets its connection go. An item
    /// decoded already is taken under the lock, and made a Python object after it; the end is
    /// found with the source leased, so that the lock is not held while it logs.
    fn try_next(&self, py: Python<'_>) -> PyResult<Poll<Option<Py<PyAny>>>> {
        let popped = match &mut *self.lock() {
            Slot::Open(source) => source.try_pop(),
            _ => None, // what the stream's state means is for `lease` to say
        };
        if let Some(popped) = popped {
            return popped.into_python(py).map(|event| Poll::Ready(Some(event)));
        }
        let Some(mut lease) = self.lease(py)? else {
            return Ok(Poll::Ready(None));
        };
        match lease.source().try_next() {
            Poll::Pending => Ok(Poll::Pending),
            Poll::Ready(None) => {
                lease.end();
                Ok(Poll::Ready(None))
            }
            Poll::Ready(Some(popped)) => {
                drop(lease);
                popped.into_python(py).map(|event| Poll::Ready(Some(event)))
            }
        }
    }
}

/// The source, taken out of its slot while a call waits with it; it goes back when dropped,
/// whether the wait ended or was cancelled, unless the stream was closed meanwhile.
struct Lease {
    source: Option<Box<dyn EventSource>>,
    home: SharedSlot,
}

impl Lease {
    fn source(&mut self) -> &mut Box<dyn EventSource> {
        self.source
            .as_mut()
            .expect("a lease holds its source until dropped")
    }

    /// Closes the stream: the source (and its connection) is dropped.
    fn close(mut self) {
        let source = self.source.take();
        *self.home.lock() = Slot::Closed;
        drop(source);
    }

    /// Marks the stream as read to its end (unless it was closed meanwhile) and drops the
    /// source.
    fn end(mut self) {
        let source = self.source.take();
        let mut slot = self.home.lock();
        if matches!(*slot, Slot::Busy) {
            *slot = Slot::Ended;
        }
        drop(slot);
        drop(source);
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        if let Some(source) = self.source.take() {
            let mut slot = self.home.lock();
            if matches!(*slot, Slot::Busy) {
                *slot = Slot::Open(source);
            } else {
                // Closed meanwhile: the source goes once the lock is released.
                drop(slot);
                drop(source);
            }
        }
    }
}

fn busy(py: Python<'_>) -> PyErr {
    validation_error(
        py,
        "stream",
        "is being read by another call (another thread or task); a stream has one reader at a \
         time",
    )
}

fn taken(py: Python<'_>, by: &str) -> PyErr {
    validation_error(
        py,
        "stream",
        format!("was handed to {by}, which reads its events; a stream is read once"),
    )
}

/// What a stream object holds: its slot, refused (and leaked) in a process other than the one
/// that opened it, as the connection belongs to that process's runtime.
struct Owned(ProcessOwned<SharedSlot>);

impl Owned {
    fn new(source: Box<dyn EventSource>) -> Self {
        Self(ProcessOwned::new(SharedSlot::new(source)))
    }

    /// The slot, in the process that opened the stream.
    fn slot(&self, py: Python<'_>) -> PyResult<&SharedSlot> {
        self.0.get().map_err(|parent| {
            validation_error(
                py,
                "stream",
                format!(
                    "belongs to the parent process (pid {parent}), which opened it; a forked \
                     child cannot use its connection, so open a new stream in the child"
                ),
            )
        })
    }
}

/// A chat reply, event by event (`for event in stream`).
#[pyclass(frozen, module = "chatwire")]
pub struct ChatStream {
    owned: Owned,
    head: ResponseHead,
}

impl ChatStream {
    pub fn new(head: ResponseHead, source: Box<dyn EventSource>) -> Self {
        Self::settling(head, Box::new(Settling(Some(source))))
    }

    fn settling(head: ResponseHead, source: Box<dyn EventSource>) -> Self {
        Self {
            owned: Owned::new(source),
            head,
        }
    }
}

#[pymethods]
impl ChatStream {
    #[classmethod]
    /// `ChatStream[Event]` in annotations is the class itself: the parameter is for type checkers.
    fn __class_getitem__(cls: &Bound<'_, PyType>, item: &Bound<'_, PyAny>) -> Py<PyType> {
        let _ = item;
        cls.clone().unbind()
    }

    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let slot = self.owned.slot(py)?;
        loop {
            // Events already decoded are handed over without waiting.
            if let Poll::Ready(next) = slot.try_next(py)? {
                return Ok(next);
            }
            let Some(mut lease) = slot.lease(py)? else {
                return Ok(None);
            };
            let waited = block_on(py, async {
                lease.source().ready().await;
                Ok(())
            });
            if let Err(interrupted) = waited {
                // Ctrl-C (or whatever a signal handler raised): the stream closes with it.
                lease.close();
                return Err(interrupted);
            }
        }
    }

    /// Provider-neutral events from here on (`chatwire.DeltaEvent` …).
    fn neutral(&self, py: Python<'_>) -> PyResult<Self> {
        let source = self.owned.slot(py)?.take_neutral(py)?;
        Ok(Self::settling(self.head.clone(), source))
    }

    /// The response's HTTP status.
    #[getter]
    fn status(&self) -> u16 {
        self.head.status
    }

    /// The response's headers (names case-insensitive).
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::response::headers(py, &self.head.headers)
    }

    /// The id of the request (`x-request-id`), to quote to support.
    #[getter]
    fn request_id(&self) -> Option<String> {
        self.head.request_id.clone()
    }

    /// Reads the rest of the reply and answers its text.
    fn text(&self, py: Python<'_>) -> PyResult<String> {
        Ok(self.read_to_end(py, "text()")?.text)
    }

    /// Reads the rest of the reply and answers it whole, with its metadata.
    fn final_message(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.read_to_end(py, "final_message()")?.into_python(py)
    }

    /// Closes the connection; iteration ends.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        self.owned.slot(py)?.close();
        Ok(())
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __exit__(
        &self,
        py: Python<'_>,
        _kind: Option<&Bound<'_, PyAny>>,
        _value: Option<&Bound<'_, PyAny>>,
        _traceback: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        self.close(py)
    }
}

impl ChatStream {
    fn read_to_end(&self, py: Python<'_>, by: &'static str) -> PyResult<chatwire::FinalMessage> {
        let source = self.owned.slot(py)?.take(py, by)?;
        block_on(py, source.final_message())
    }
}

/// A chat reply, event by event (`async for event in stream`).
#[pyclass(frozen, module = "chatwire")]
pub struct AsyncChatStream {
    owned: Owned,
    head: ResponseHead,
}

impl AsyncChatStream {
    pub fn new(head: ResponseHead, source: Box<dyn EventSource>) -> Self {
        Self {
            owned: Owned::new(source),
            head,
        }
    }
}

#[pymethods]
impl AsyncChatStream {
    #[classmethod]
    /// `ChatStream[Event]` in annotations is the class itself: the parameter is for type checkers.
    fn __class_getitem__(cls: &Bound<'_, PyType>, item: &Bound<'_, PyAny>) -> Py<PyType> {
        let _ = item;
        cls.clone().unbind()
    }

    fn __aiter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    /// The next event at once when it is decoded (or its chunk has come); otherwise a
    /// coroutine that waits for the connection, then decodes on this thread.
    fn __anext__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        match slf.get()._take(py)? {
            Some(event) => ready(py, event),
            None => {
                static NEXT_AFTER_ARRIVAL: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
                // A chunk may hold no whole event: then it waits for the next.
                let source = c"async def __anext__(stream):
    while True:
        await stream._arrived()
        event = stream._take()
        if event is not None:
            return event
";
                python_function(py, &NEXT_AFTER_ARRIVAL, source, "__anext__")?.call1((slf,))
            }
        }
    }

    /// Waits until the connection has delivered something (or the stream is over). The
    /// stream is leased meanwhile: another reader is refused as busy.
    fn _arrived<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let Some(mut lease) = self.owned.slot(py)?.lease(py)? else {
            return ready(py, py.None());
        };
        into_awaitable(py, "AsyncChatStream.__anext__", async move {
            lease.source().arrived().await;
            Ok(Arrived(lease))
        })
    }

    /// The next event, decoded here, or `None` when what came holds no whole event; the end
    /// raises `StopAsyncIteration`.
    fn _take(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        match self.owned.slot(py)?.try_next(py)? {
            Poll::Ready(Some(event)) => Ok(Some(event)),
            Poll::Ready(None) => Err(PyStopAsyncIteration::new_err(())),
            Poll::Pending => Ok(None),
        }
    }

    /// Provider-neutral events from here on (`chatwire.DeltaEvent` …).
    fn neutral(&self, py: Python<'_>) -> PyResult<Self> {
        let source = self.owned.slot(py)?.take_neutral(py)?;
        Ok(Self::new(self.head.clone(), source))
    }

    /// The response's HTTP status.
    #[getter]
    fn status(&self) -> u16 {
        self.head.status
    }

    /// The response's headers (names case-insensitive).
    #[getter]
    fn headers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::response::headers(py, &self.head.headers)
    }

    /// The id of the request (`x-request-id`), to quote to support.
    #[getter]
    fn request_id(&self) -> Option<String> {
        self.head.request_id.clone()
    }

    /// Reads the rest of the reply and answers its text.
    fn text<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let source = self.owned.slot(py)?.take(py, "text()")?;
        into_awaitable(py, "AsyncChatStream.text", async move {
            Ok(source.final_message().await?.text)
        })
    }

    /// Reads the rest of the reply and answers it whole, with its metadata.
    fn final_message<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let source = self.owned.slot(py)?.take(py, "final_message()")?;
        into_awaitable(py, "AsyncChatStream.final_message", source.final_message())
    }

    /// Closes the connection; iteration ends.
    fn aclose<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.owned.slot(py)?.close();
        ready(py, py.None())
    }

    /// Closes the connection at once, without awaiting.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        self.owned.slot(py)?.close();
        Ok(())
    }

    fn __aenter__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        ready(slf.py(), slf.clone().into_any().unbind())
    }

    fn __aexit__<'py>(
        &self,
        py: Python<'py>,
        _kind: Option<&Bound<'py, PyAny>>,
        _value: Option<&Bound<'py, PyAny>>,
        _traceback: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.aclose(py)
    }
}

/// The source after the network delivered, which goes back into its slot on the thread that
/// takes the events.
struct Arrived(Lease);

impl IntoPython for Arrived {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        drop(self.0);
        Ok(py.None())
    }
}
