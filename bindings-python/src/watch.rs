//! Vexar's session watcher for Python: `chatwire.vexar.Watch` (`for`) and `AsyncWatch`
//! (`async for`) over the core's [`vexar::Watch`], read as a listing's pages are
//! ([`crate::pages`]): each `next` waits for the core's next event, with the GIL released.
//!
//! The core polls only while a read waits, so leaving the loop (`break`), `close()`, the end of
//! a `with` block or garbage collection sends nothing more. Ctrl-C during a sync wait ends the
//! watcher; cancelling the task that awaits an async read drops that read's future (the poll in
//! flight is abandoned), and no request follows unless the watcher is read again.

use chatwire::vexar;
use pyo3::prelude::*;

use crate::pages::{items, next_awaitable, next_blocking, Names, Shared};
use crate::runtime::ready;

const WATCH: Names = Names {
    field: "watch",
    in_child: "which made the watcher; a forked child cannot use its connection, so watch again \
               in the child",
    busy: "is being read by another call (another thread or task); a watcher has one reader at \
           a time",
};

/// What `Vexar.watch` answers: the core watcher, made a `Watch` or an `AsyncWatch`.
pub struct Watching(pub vexar::Watch);

impl crate::clients::Answer for Watching {
    fn into_sync(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let shared = Shared::new(items(self.0), &WATCH);
        Ok(Py::new(py, Watch { shared })?.into_any())
    }

    fn into_async(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let shared = Shared::new(items(self.0), &WATCH);
        Ok(Py::new(py, AsyncWatch { shared })?.into_any())
    }
}

/// A Vexar session's events as they happen (`for event in vexar.watch(session_id=...)`):
/// operator messages, mode changes, proactive messages, blocking. It polls while the loop waits
/// for the next event, and ends with the error that stopped it.
#[pyclass(frozen, module = "chatwire.vexar")]
pub struct Watch {
    shared: Shared,
}

#[pymethods]
impl Watch {
    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        next_blocking(&self.shared, py)
    }

    /// Stops watching: nothing more is sent, and iteration ends.
    fn close(&self) {
        self.shared.close();
    }

    fn __enter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __exit__(
        &self,
        _kind: Option<&Bound<'_, PyAny>>,
        _value: Option<&Bound<'_, PyAny>>,
        _traceback: Option<&Bound<'_, PyAny>>,
    ) {
        self.shared.close();
    }
}

/// A Vexar session's events as they happen (`async for event in vexar.watch(session_id=...)`):
/// operator messages, mode changes, proactive messages, blocking. It polls while the loop
/// awaits the next event, and ends with the error that stopped it.
#[pyclass(frozen, module = "chatwire.vexar")]
pub struct AsyncWatch {
    shared: Shared,
}

#[pymethods]
impl AsyncWatch {
    fn __aiter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        next_awaitable(&self.shared, py, "AsyncWatch.__anext__")
    }

    /// Stops watching at once: nothing more is sent, and iteration ends.
    fn close(&self) {
        self.shared.close();
    }

    /// Stops watching, as `close()`.
    fn aclose<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.shared.close();
        ready(py, py.None())
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

/// Adds the watcher classes to `chatwire.vexar`'s native module.
pub fn register(vexar: &Bound<'_, PyModule>) -> PyResult<()> {
    vexar.add_class::<Watch>()?;
    vexar.add_class::<AsyncWatch>()?;
    Ok(())
}
