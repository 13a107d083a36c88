//! Paged listings for Python: `PageIterator` (`for`) and `AsyncPageIterator` (`async for`) over
//! a core stream of items that fetches each page when a read reaches it (`DevApi.sessions()`).
//! Leaving the loop early fetches no further page; dropping the iterator drops a page in flight.
//!
//! As with chat streams, a second reader while one waits is a `ValidationError` (field
//! `pages`), and so is any use in a process other than the one that made the iterator.

use std::sync::{Arc, Mutex, PoisonError};

use futures_util::stream::BoxStream;
use futures_util::{Stream, StreamExt};
use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;
use pyo3::types::PyType;

use crate::convert::IntoPython;
use crate::errors::{validation_error, Failure};
use crate::runtime::{block_on, into_awaitable, Finish, ProcessOwned};

/// The items of every page, each converted once it reaches Python.
type Items = BoxStream<'static, Box<dyn Finish>>;

/// `stream`'s items, in the form both iterators hold.
pub fn items<S, T>(stream: S) -> Items
where
    S: Stream<Item = chatwire::Result<T>> + Send + 'static,
    T: IntoPython + Send + 'static,
{
    stream
        .map(|item| Box::new(item.map_err(Failure::from)) as Box<dyn Finish>)
        .boxed()
}

enum Slot {
    Open(Items),
    /// A read is waiting on the network with it.
    Busy,
    /// Read to its end, or closed.
    Ended,
}

/// How an iterator's misuse names it: the `ValidationError`'s field, and the two refusals.
pub struct Names {
    pub field: &'static str,
    /// Used in a forked child: what follows `(pid N)`.
    pub in_child: &'static str,
    /// A second reader while one waits.
    pub busy: &'static str,
}

/// A listing's pages.
const PAGES: Names = Names {
    field: "pages",
    in_child: "which made the iterator; a forked child cannot use its connection, so make a new \
               one in the child",
    busy: "are being read by another call (another thread or task); an iterator has one reader \
           at a time",
};

/// The items, shared by an iterator and the read waiting with them; in another process (a
/// child made by `os.fork()`) every use raises, and dropping leaks them, as their connections
/// belong to the parent's runtime.
pub struct Shared {
    slot: ProcessOwned<Arc<Mutex<Slot>>>,
    names: &'static Names,
}

impl Shared {
    pub fn new(items: Items, names: &'static Names) -> Self {
        Self {
            slot: ProcessOwned::new(Arc::new(Mutex::new(Slot::Open(items)))),
            names,
        }
    }

    /// Takes the items out to wait with them; `None` once they ran out.
    fn lease(&self, py: Python<'_>) -> PyResult<Option<Lease>> {
        let names = self.names;
        let home = self.slot.get().map_err(|parent| {
            let belong = if names.field == "pages" {
                "belong"
            } else {
                "belongs"
            };
            validation_error(
                py,
                names.field,
                format!(
                    "{belong} to the parent process (pid {parent}), {}",
                    names.in_child
                ),
            )
        })?;
        let mut slot = home.lock().unwrap_or_else(PoisonError::into_inner);
        match std::mem::replace(&mut *slot, Slot::Busy) {
            Slot::Open(items) => Ok(Some(Lease {
                items: Some(items),
                home: Arc::clone(home),
            })),
            Slot::Busy => Err(validation_error(py, names.field, names.busy)),
            Slot::Ended => {
                *slot = Slot::Ended;
                Ok(None)
            }
        }
    }

    pub fn close(&self) {
        if let Ok(home) = self.slot.get() {
            let closed = std::mem::replace(
                &mut *home.lock().unwrap_or_else(PoisonError::into_inner),
                Slot::Ended,
            );
            drop(closed);
        }
    }
}

/// The items, out of their slot while a read waits; they go back when the lease is dropped,
/// however the read ended, unless the iterator was closed meanwhile.
struct Lease {
    items: Option<Items>,
    home: Arc<Mutex<Slot>>,
}

impl Lease {
    async fn next(&mut self) -> Option<Box<dyn Finish>> {
        self.items.as_mut()?.next().await
    }

    /// The items ran out (or a signal interrupted the read): the iterator ends.
    fn end(mut self) {
        let items = self.items.take();
        *self.home.lock().unwrap_or_else(PoisonError::into_inner) = Slot::Ended;
        drop(items);
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        if let Some(items) = self.items.take() {
            let mut slot = self.home.lock().unwrap_or_else(PoisonError::into_inner);
            if matches!(*slot, Slot::Busy) {
                *slot = Slot::Open(items);
            } else {
                drop(slot);
                drop(items);
            }
        }
    }
}

/// The next item, waited for with the GIL released (interruptible, as every blocking call);
/// `None` at the end. An interrupted wait ends the iteration, dropping the read in flight.
pub fn next_blocking(shared: &Shared, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
    let Some(mut lease) = shared.lease(py)? else {
        return Ok(None);
    };
    match block_on(py, async { Ok(lease.next().await) }) {
        Ok(Some(item)) => {
            drop(lease);
            item.finish(py).map(Some)
        }
        Ok(None) => {
            lease.end();
            Ok(None)
        }
        Err(interrupted) => {
            // Ctrl-C (or whatever a signal handler raised) drops the read in flight.
            lease.end();
            Err(interrupted)
        }
    }
}

/// A coroutine (named `name`) of the next item; the end raises `StopAsyncIteration`. A
/// cancelled wait drops the read in flight's future and leaves the iterator as it was.
pub fn next_awaitable<'py>(
    shared: &Shared,
    py: Python<'py>,
    name: &'static str,
) -> PyResult<Bound<'py, PyAny>> {
    let Some(mut lease) = shared.lease(py)? else {
        return Err(PyStopAsyncIteration::new_err(()));
    };
    into_awaitable(py, name, async move {
        let item = lease.next().await;
        Ok(Fetched { lease, item })
    })
}

/// Every item across pages (`for session in client.sessions()`); a page is fetched when the
/// loop reaches it.
#[pyclass(frozen, module = "chatwire")]
pub struct PageIterator {
    shared: Shared,
}

impl PageIterator {
    pub fn new<S, T>(stream: S) -> Self
    where
        S: Stream<Item = chatwire::Result<T>> + Send + 'static,
        T: IntoPython + Send + 'static,
    {
        Self {
            shared: Shared::new(items(stream), &PAGES),
        }
    }
}

#[pymethods]
impl PageIterator {
    #[classmethod]
    /// `PageIterator[Item]` in annotations is the class itself: the parameter is for type
    /// checkers.
    fn __class_getitem__(cls: &Bound<'_, PyType>, item: &Bound<'_, PyAny>) -> Py<PyType> {
        let _ = item;
        cls.clone().unbind()
    }

    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        next_blocking(&self.shared, py)
    }

    /// Fetches no further page; iteration ends.
    fn close(&self) {
        self.shared.close();
    }
}

/// Every item across pages (`async for session in client.sessions()`); a page is fetched when
/// the loop reaches it.
#[pyclass(frozen, module = "chatwire")]
pub struct AsyncPageIterator {
    shared: Shared,
}

impl AsyncPageIterator {
    pub fn new<S, T>(stream: S) -> Self
    where
        S: Stream<Item = chatwire::Result<T>> + Send + 'static,
        T: IntoPython + Send + 'static,
    {
        Self {
            shared: Shared::new(items(stream), &PAGES),
        }
    }
}

#[pymethods]
impl AsyncPageIterator {
    #[classmethod]
    /// `AsyncPageIterator[Item]` in annotations is the class itself: the parameter is for type
    /// checkers.
    fn __class_getitem__(cls: &Bound<'_, PyType>, item: &Bound<'_, PyAny>) -> Py<PyType> {
        let _ = item;
        cls.clone().unbind()
    }

    fn __aiter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        next_awaitable(&self.shared, py, "AsyncPageIterator.__anext__")
    }

    /// Fetches no further page; iteration ends.
    fn close(&self) {
        self.shared.close();
    }
}

/// An async read's end: the next item, or the end of the items.
struct Fetched {
    lease: Lease,
    item: Option<Box<dyn Finish>>,
}

impl IntoPython for Fetched {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match self.item {
            Some(item) => {
                drop(self.lease);
                item.finish(py)
            }
            None => {
                self.lease.end();
                Err(PyStopAsyncIteration::new_err(()))
            }
        }
    }
}
