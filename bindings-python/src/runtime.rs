//! The tokio runtimes the binding runs on, and the two ways Python waits for them: blocking with
//! the GIL released (sync classes) or as a Python coroutine (async classes, [`Coroutine`]).
//!
//! The async classes run on worker threads, which go on while the event loop does other work.
//! The sync classes run on a current-thread runtime that the calling thread drives itself while
//! it blocks: its connections are read and written on that thread, so a call or a stream's
//! next chunk costs no handoff between threads (each of which is a wakeup and a context switch,
//! most of the CPU a small call would otherwise cost). Such a connection only moves while some
//! thread blocks on the runtime, so whatever lets one go (the end of a call, a stream dropped)
//! gives the runtime a turn at once, in which the connection goes back to the pool or closes
//! ([`settle`]).
//!
//! A blocking wait on the main thread goes in short slices and runs Python's signal handlers
//! between them, so that Ctrl-C interrupts it within a slice; what the handler raises is raised,
//! and the future is dropped, which closes its connection.
//!
//! The runtime belongs to the process that built it. A child made by `os.fork()` inherits it
//! without its worker threads, so the first call in the child builds a new one; anything holding
//! connections of the old one (an HTTP client's pool) is rebuilt the same way ([`ForkLocal`]).
//! What the parent left behind is leaked in the child, never dropped: dropping a connection
//! deregisters its socket from the epoll instance that parent and child share, and could wait
//! on a lock that a thread of the parent held when it forked.

use std::ffi::c_void;
use std::future::Future;
use std::mem::ManuallyDrop;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use futures_util::FutureExt;
use pyo3::exceptions::{PyBaseException, PyRuntimeError, PyStopIteration};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyCFunction;
use pyo3::{intern, wrap_pyfunction};
use tokio::runtime::Runtime;

use crate::convert::IntoPython;
use crate::errors::{panic_failure, Failure};

/// A runtime of this process, built on first use (and again in a forked child).
struct ProcessRuntime {
    /// The runtime and the process it was built in.
    built: Mutex<Option<(u32, &'static Runtime)>>,
    build: fn() -> std::io::Result<Runtime>,
}

impl ProcessRuntime {
    const fn new(build: fn() -> std::io::Result<Runtime>) -> Self {
        Self {
            built: Mutex::new(None),
            build,
        }
    }

    fn get(&self) -> &'static Runtime {
        let pid = std::process::id();
        let mut built = self.built.lock().unwrap_or_else(PoisonError::into_inner);
        match *built {
            Some((owner, runtime)) if owner == pid => runtime,
            _ => {
                // The parent's runtime is left as it is: dropping it in the child would wait for
                // threads that do not exist here.
                let runtime = (self.build)().expect("the tokio runtime builds");
                let runtime: &'static Runtime = Box::leak(Box::new(runtime));
                *built = Some((pid, runtime));
                runtime
            }
        }
    }
}

/// One worker thread: every call crosses from the event loop's thread to the runtime and back,
/// and with more workers each crossing also wakes an idle one to look for work to steal,
/// doubling the wakeups and context switches. The event loop's one thread bounds what the
/// async classes do at once anyway.
static ASYNC_RUNTIME: ProcessRuntime = ProcessRuntime::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .thread_name("chatwire")
        .build()
});

static BLOCKING_RUNTIME: ProcessRuntime = ProcessRuntime::new(|| {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .thread_name("chatwire-blocking")
        .build()
});

/// The runtime of the async classes, whose worker threads run every spawned call.
pub fn runtime() -> &'static Runtime {
    ASYNC_RUNTIME.get()
}

/// The runtime of the sync classes, which the thread that blocks on it drives.
fn blocking_runtime() -> &'static Runtime {
    BLOCKING_RUNTIME.get()
}

/// Gives the sync classes' runtime a turn, in which a connection let go of goes back to the
/// pool or closes: the tasks that do it run only while a thread blocks on the runtime. A
/// no-op inside a runtime, where blocking is not allowed.
pub fn settle() {
    if tokio::runtime::Handle::try_current().is_ok() {
        return;
    }
    blocking_runtime().block_on(yield_turns());
}

/// Lets every task that is ready run (twice over: a connection's task wakes the pool's).
async fn yield_turns() {
    for _ in 0..2 {
        tokio::task::yield_now().await;
    }
}

/// A value tied to the process that made it, made again on first use in a forked child. The
/// parent's value is leaked in the child (see the [module documentation](self)).
pub struct ForkLocal<T: Clone> {
    make: Box<dyn Fn() -> T + Send + Sync>,
    current: Mutex<(u32, ManuallyDrop<T>)>,
}

impl<T: Clone> ForkLocal<T> {
    /// `first` in this process, and what `make` makes in a forked child.
    pub fn new(first: T, make: impl Fn() -> T + Send + Sync + 'static) -> Self {
        Self {
            make: Box::new(make),
            current: Mutex::new((std::process::id(), ManuallyDrop::new(first))),
        }
    }

    pub fn get(&self) -> T {
        let pid = std::process::id();
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if current.0 != pid {
            // The parent's value is replaced without being dropped.
            *current = (pid, ManuallyDrop::new((self.make)()));
        }
        T::clone(&current.1)
    }
}

impl<T: Clone> Drop for ForkLocal<T> {
    fn drop(&mut self) {
        let current = self
            .current
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        if current.0 == std::process::id() {
            // SAFETY: the value is dropped once, here, and never used after.
            unsafe { ManuallyDrop::drop(&mut current.1) };
        }
    }
}

/// A value that belongs to the process that made it, such as a stream holding a connection: in
/// a forked child it is refused, and leaked rather than dropped (see the
/// [module documentation](self)).
pub struct ProcessOwned<T> {
    value: ManuallyDrop<T>,
    process: u32,
}

impl<T> ProcessOwned<T> {
    pub fn new(value: T) -> Self {
        Self {
            value: ManuallyDrop::new(value),
            process: process_id(),
        }
    }

    /// The value, in the process that made it; elsewhere, the id of that process. The process
    /// is the one of the last fork seen, which costs no system call.
    pub fn get(&self) -> Result<&T, u32> {
        self.get_if(self.process == process_id())
    }

    /// As [`Self::get`], with the process asked of the system: for what drops or aborts work
    /// that holds a connection.
    pub fn get_exact(&self) -> Result<&T, u32> {
        self.get_if(self.process == std::process::id())
    }

    fn get_if(&self, here: bool) -> Result<&T, u32> {
        match here {
            true => Ok(&self.value),
            false => Err(self.process),
        }
    }
}

impl<T> Drop for ProcessOwned<T> {
    fn drop(&mut self) {
        if self.process == std::process::id() {
            // SAFETY: dropped once, here; never used after.
            unsafe { ManuallyDrop::drop(&mut self.value) };
        }
    }
}

/// The process id as of the last `os.fork()` seen, kept so that the per-event check of a
/// stream's owner costs no system call.
static PROCESS: AtomicU32 = AtomicU32::new(0);

/// The ident (`threading.get_ident()`) of the thread that runs Python's signal handlers.
static MAIN_THREAD: AtomicU64 = AtomicU64::new(0);

extern "C" {
    /// Part of the stable ABI; pyo3-ffi does not declare it.
    fn PyThread_get_thread_ident() -> std::os::raw::c_ulong;
}

/// This process's id, without a system call when the module saw the last fork (`os.fork()`,
/// `multiprocessing`); [`std::process::id`] is the authority wherever a connection is touched.
pub fn process_id() -> u32 {
    match PROCESS.load(Ordering::Relaxed) {
        0 => std::process::id(),
        pid => pid,
    }
}

/// Notes the process and its main thread; run at import and again in a forked child.
pub fn note_process(py: Python<'_>) -> PyResult<()> {
    PROCESS.store(std::process::id(), Ordering::Relaxed);
    let main = py
        .import("threading")?
        .call_method0("main_thread")?
        .getattr("ident")?
        .extract::<u64>()?;
    MAIN_THREAD.store(main, Ordering::Relaxed);
    Ok(())
}

/// Whether this thread is the one where Python runs signal handlers: only there can a wait be
/// interrupted, so only there does it go in slices.
fn on_main_thread() -> bool {
    // SAFETY: a plain call of the C API, which needs no lock.
    #[allow(clippy::useless_conversion)] // `c_ulong` is 32 bits on Windows
    let this = u64::from(unsafe { PyThread_get_thread_ident() });
    this == MAIN_THREAD.load(Ordering::Relaxed)
}

/// How long a blocking wait goes between checks for signals.
const SLICE: Duration = Duration::from_millis(10);

/// Runs `future` to its end on the runtime, with the GIL released so that other Python threads
/// run meanwhile. A panic becomes a `ChatwireError`.
///
/// On the main thread the wait goes in slices of [`SLICE`]; between them Python's signal
/// handlers run, and if one raises (`KeyboardInterrupt` on Ctrl-C), the future is dropped at
/// once, closing its connection, and that exception is raised.
pub fn block_on<F, T>(py: Python<'_>, future: F) -> PyResult<T>
where
    F: Future<Output = chatwire::Result<T>> + Send,
    T: Send,
{
    let runtime = blocking_runtime();
    // The connection the call used goes back to the pool before the thread leaves.
    let mut future = Box::pin(async {
        let outcome = guarded(future).await;
        yield_turns().await;
        outcome
    });
    if !on_main_thread() {
        return py
            .detach(|| runtime.block_on(future.as_mut()))
            .map_err(|failure| failure.into_py_err(py));
    }
    loop {
        let step = py.detach(|| {
            runtime.block_on(async {
                // The future is polled once per wake; the slice's timer is made only when it has
                // to wait (most waits of a stream end at the first poll).
                let mut slice: Option<Pin<Box<tokio::time::Sleep>>> = None;
                std::future::poll_fn(|cx| {
                    if let Poll::Ready(outcome) = future.as_mut().poll(cx) {
                        return Poll::Ready(Some(outcome));
                    }
                    let timer = slice.get_or_insert_with(|| Box::pin(tokio::time::sleep(SLICE)));
                    timer.as_mut().poll(cx).map(|()| None)
                })
                .await
            })
        });
        if let Some(outcome) = step {
            return outcome.map_err(|failure| failure.into_py_err(py));
        }
        if let Err(raised) = py.check_signals() {
            let entered = runtime.enter();
            drop(future);
            drop(entered);
            settle();
            return Err(raised);
        }
    }
}

/// `future` as a Python coroutine of its Python value, named `name` (`AsyncDevApi.chat`).
pub fn into_awaitable<'py, F, T>(
    py: Python<'py>,
    name: &'static str,
    future: F,
) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = chatwire::Result<T>> + Send + 'static,
    T: IntoPython + Send + 'static,
{
    let future = async move { Box::new(guarded(future).await) as Box<dyn Finish> };
    let state = State::Idle(Box::pin(future));
    Ok(Bound::new(py, Coroutine::new(name, state))?.into_any())
}

/// An awaitable that is done already, answering `value`: `__anext__` answers one for an event
/// decoded earlier, which saves a trip through the event loop per event. See [`ready_type`].
pub fn ready(py: Python<'_>, value: Py<PyAny>) -> PyResult<Bound<'_, PyAny>> {
    let kind = ready_type(py)?;
    // SAFETY: `kind` is the type `ready_type` made, whose instances are `ReadyObject`s; a
    // fresh one is zeroed, and takes over the reference to `value`.
    unsafe {
        let object = ffi::PyType_GenericAlloc(kind.as_type_ptr(), 0);
        if object.is_null() {
            return Err(PyErr::fetch(py));
        }
        (*object.cast::<ReadyObject>()).value = value.into_ptr();
        Ok(Bound::from_owned_ptr(py, object))
    }
}

/// What [`ready`] makes: the object header and the answer, taken by the first await.
#[repr(C)]
struct ReadyObject {
    header: ffi::PyObject,
    value: *mut ffi::PyObject,
}

/// The type of [`ready`]'s awaitables, made with the C API: `__await__` answers the object
/// itself, and its `am_send` slot (Python 3.10 and later) hands the answer back as a return,
/// so that `await` takes it without an exception, a frame or an allocation. That costs a
/// fraction of what a coroutine does, once per event of an `async for`. On 3.9, which has no
/// such slot, `__next__` raises `StopIteration` with the answer, as any coroutine's does.
fn ready_type(py: Python<'_>) -> PyResult<&Bound<'_, pyo3::types::PyType>> {
    static READY_TYPE: PyOnceLock<Py<pyo3::types::PyType>> = PyOnceLock::new();
    let kind = READY_TYPE.get_or_try_init(py, || {
        let mut slots = vec![
            slot(ffi::Py_tp_dealloc, ready_dealloc as *mut c_void),
            slot(ffi::Py_am_await, ready_await as *mut c_void),
            slot(ffi::Py_tp_iternext, ready_next as *mut c_void),
            slot(ffi::Py_tp_iter, ready_await as *mut c_void),
            // Only its address is taken: the interpreter reads the table, never writes it.
            slot(
                ffi::Py_tp_methods,
                std::ptr::addr_of_mut!(READY_METHODS).cast(),
            ),
            slot(
                ffi::Py_tp_doc,
                c"An awaitable answered already.".as_ptr() as *mut c_void,
            ),
        ];
        if py.version_info() >= (3, 10) {
            slots.push(slot(ffi::Py_am_send, ready_send as *mut c_void));
        }
        slots.push(slot(0, std::ptr::null_mut()));
        let mut spec = ffi::PyType_Spec {
            name: c"chatwire._Ready".as_ptr(),
            basicsize: std::mem::size_of::<ReadyObject>() as std::os::raw::c_int,
            itemsize: 0,
            flags: ffi::Py_TPFLAGS_DEFAULT as std::os::raw::c_uint,
            slots: slots.as_mut_ptr(),
        };
        // SAFETY: the spec and its slots are well formed and outlive the call, which copies
        // them; the name is static.
        let kind = unsafe { ffi::PyType_FromSpec(&mut spec) };
        if kind.is_null() {
            return Err(PyErr::fetch(py));
        }
        // SAFETY: a new reference to a type object.
        Ok::<_, PyErr>(
            unsafe { Bound::from_owned_ptr(py, kind) }
                .cast_into::<pyo3::types::PyType>()?
                .unbind(),
        )
    })?;
    Ok(kind.bind(py))
}

/// The exception `throw(kind, value)` raises: `kind` itself when it is an exception, or made
/// from the class `kind` and `value`.
fn thrown(kind: Bound<'_, PyAny>, value: Option<Bound<'_, PyAny>>) -> PyErr {
    match value.filter(|value| !value.is_none()) {
        Some(value) if value.is_instance_of::<PyBaseException>() => PyErr::from_value(value),
        Some(value) => match kind.cast_into::<pyo3::types::PyType>() {
            Ok(kind) => PyErr::from_type(kind, (value.unbind(),)),
            Err(not_a_class) => PyErr::from(not_a_class),
        },
        None => PyErr::from_value(kind),
    }
}

/// The coroutine methods (`send`, `throw`, `close`), so that `asyncio.create_task` and
/// `collections.abc.Coroutine` take the awaitable as a coroutine.
static mut READY_METHODS: [ffi::PyMethodDef; 4] = [
    ffi::PyMethodDef {
        ml_name: c"send".as_ptr(),
        ml_meth: ffi::PyMethodDefPointer {
            PyCFunction: ready_send_method,
        },
        ml_flags: ffi::METH_O,
        ml_doc: c"Ends at once, answering the value.".as_ptr(),
    },
    ffi::PyMethodDef {
        ml_name: c"throw".as_ptr(),
        ml_meth: ffi::PyMethodDefPointer {
            PyCFunction: ready_throw,
        },
        ml_flags: ffi::METH_VARARGS,
        ml_doc: c"Drops the answer and raises the exception.".as_ptr(),
    },
    ffi::PyMethodDef {
        ml_name: c"close".as_ptr(),
        ml_meth: ffi::PyMethodDefPointer {
            PyCFunction: ready_close,
        },
        ml_flags: ffi::METH_NOARGS,
        ml_doc: c"Drops the answer.".as_ptr(),
    },
    ffi::PyMethodDef::zeroed(),
];

unsafe extern "C" fn ready_send_method(
    object: *mut ffi::PyObject,
    _sent: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    ready_next(object)
}

unsafe extern "C" fn ready_throw(
    object: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    drop_answer(object);
    let py = Python::assume_attached();
    let args = Bound::from_borrowed_ptr(py, args);
    let kind = args.get_item(0);
    let error = match kind {
        Ok(kind) => thrown(kind, args.get_item(1).ok()),
        Err(missing) => missing,
    };
    error.restore(py);
    std::ptr::null_mut()
}

unsafe extern "C" fn ready_close(
    object: *mut ffi::PyObject,
    _unused: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    drop_answer(object);
    let none = ffi::Py_None();
    ffi::Py_IncRef(none);
    none
}

fn slot(slot: std::os::raw::c_int, pfunc: *mut c_void) -> ffi::PyType_Slot {
    ffi::PyType_Slot { slot, pfunc }
}

/// Takes the answer out, or sets `RuntimeError` and answers null when it was taken already.
///
/// SAFETY: `object` is a live `ReadyObject`, and the GIL is held.
unsafe fn take_answer(object: *mut ffi::PyObject) -> *mut ffi::PyObject {
    let ready = object.cast::<ReadyObject>();
    let value = std::mem::replace(&mut (*ready).value, std::ptr::null_mut());
    if value.is_null() {
        ffi::PyErr_SetString(
            ffi::PyExc_RuntimeError,
            c"cannot reuse already awaited coroutine".as_ptr(),
        );
    }
    value
}

/// Drops the answer, if it is still there.
///
/// SAFETY: `object` is a live `ReadyObject`, and the GIL is held.
unsafe fn drop_answer(object: *mut ffi::PyObject) {
    let ready = object.cast::<ReadyObject>();
    let value = std::mem::replace(&mut (*ready).value, std::ptr::null_mut());
    if !value.is_null() {
        ffi::Py_DecRef(value);
    }
}

unsafe extern "C" fn ready_dealloc(object: *mut ffi::PyObject) {
    drop_answer(object);
    let kind = ffi::Py_TYPE(object);
    let free: ffi::freefunc = std::mem::transmute(ffi::PyType_GetSlot(kind, ffi::Py_tp_free));
    free(object.cast());
    // A heap type's instances hold a reference to it.
    ffi::Py_DecRef(kind.cast());
}

unsafe extern "C" fn ready_await(object: *mut ffi::PyObject) -> *mut ffi::PyObject {
    ffi::Py_IncRef(object);
    object
}

/// `am_send`: the answer as a return (`PYGEN_RETURN`), or an error (`PYGEN_ERROR`).
unsafe extern "C" fn ready_send(
    object: *mut ffi::PyObject,
    _sent: *mut ffi::PyObject,
    result: *mut *mut ffi::PyObject,
) -> std::os::raw::c_int {
    let value = take_answer(object);
    *result = value;
    if value.is_null() {
        -1
    } else {
        0
    }
}

/// `__next__`: the end of the iteration, with the answer as its value.
unsafe extern "C" fn ready_next(object: *mut ffi::PyObject) -> *mut ffi::PyObject {
    let value = take_answer(object);
    if !value.is_null() {
        // As an instance, so that an answer that is a tuple is not taken for the arguments.
        let stop = ffi::PyObject_CallFunctionObjArgs(
            ffi::PyExc_StopIteration,
            value,
            std::ptr::null_mut::<ffi::PyObject>(),
        );
        if !stop.is_null() {
            ffi::PyErr_SetObject(ffi::PyExc_StopIteration, stop);
            ffi::Py_DecRef(stop);
        }
        ffi::Py_DecRef(value);
    }
    std::ptr::null_mut()
}

/// The function `name` of Python `source`, made once into `made`: for what the interpreter
/// runs cheaper as Python than as calls into the module.
pub fn python_function<'py>(
    py: Python<'py>,
    made: &'static PyOnceLock<Py<PyAny>>,
    source: &std::ffi::CStr,
    name: &str,
) -> PyResult<&'py Bound<'py, PyAny>> {
    let function = made.get_or_try_init(py, || {
        let module = PyModule::from_code(py, source, c"<chatwire>", c"chatwire._python")?;
        Ok::<_, PyErr>(module.getattr(name)?.unbind())
    })?;
    Ok(function.bind(py))
}

/// `future` with its panic caught.
async fn guarded<F, T>(future: F) -> Result<T, Failure>
where
    F: Future<Output = chatwire::Result<T>>,
{
    match AssertUnwindSafe(future).catch_unwind().await {
        Ok(result) => result.map_err(Failure::from),
        Err(panic) => Err(panic_failure(&*panic)),
    }
}

/// A call's end, turned into its Python value (or raised) once the GIL is held: for a spawned
/// call, on the event loop's thread.
pub trait Finish: Send {
    fn finish(self: Box<Self>, py: Python<'_>) -> PyResult<Py<PyAny>>;
}

impl<T: IntoPython + Send> Finish for Result<T, Failure> {
    fn finish(self: Box<Self>, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match *self {
            Ok(value) => value.into_python(py),
            Err(failure) => Err(failure.into_py_err(py)),
        }
    }
}

/// A Python coroutine over a Rust future, for `await`, `asyncio.create_task`, `gather` and
/// `wait_for` alike (`collections.abc.Coroutine` recognises it by its methods).
///
/// Nothing runs until its first step, where the future is spawned on the runtime; the event
/// loop waits on an `asyncio.Future` that the future's end resolves. `throw` (a cancelled task),
/// `close` and garbage collection abort the future, which closes its connection. The answer is
/// converted on the loop's thread, which holds the GIL already.
#[pyclass(frozen, module = "chatwire")]
pub struct Coroutine {
    name: &'static str,
    /// Refused, and leaked, in a forked child (see the module docs).
    state: ProcessOwned<Mutex<State>>,
}

enum State {
    /// Made, not stepped yet.
    Idle(Pin<Box<dyn Future<Output = Box<dyn Finish>> + Send>>),
    /// Spawned on the runtime.
    Running(Spawned),
    /// Answered, raised, thrown into or closed.
    Done,
}

fn lock(state: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A spawned future, aborted when its coroutine lets go of it.
struct Spawned(tokio::task::JoinHandle<Box<dyn Finish>>);

impl Drop for Spawned {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Coroutine {
    fn new(name: &'static str, state: State) -> Self {
        Self {
            name,
            state: ProcessOwned::new(Mutex::new(state)),
        }
    }

    /// Ends the coroutine: a future not yet spawned is dropped (inside the runtime, as it may
    /// hold a connection), a spawned one is aborted. In a forked child the parent's future is
    /// left alone.
    fn end(&self) {
        if let Ok(state) = self.state.get_exact() {
            let mut state = lock(state);
            let ended = std::mem::replace(&mut *state, State::Done);
            drop(state);
            let _entered = runtime().enter();
            drop(ended);
        }
    }

    /// One step: spawns the future the first time, then answers the `asyncio.Future` to wait
    /// on, or raises `StopIteration` with the answer once the future has ended.
    fn step(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let mut state = self.state.get().map(lock).map_err(|parent| {
            crate::errors::validation_error(
                py,
                "coroutine",
                format!(
                    "was made in the parent process (pid {parent}), whose connections a forked \
                     child cannot use; make the call again in the child"
                ),
            )
        })?;
        if let State::Idle(_) = &*state {
            let State::Idle(future) = std::mem::replace(&mut *state, State::Done) else {
                unreachable!("the state was idle")
            };
            *state = State::Running(Spawned(runtime().spawn(future)));
        }
        let finished = match &mut *state {
            State::Idle(_) => unreachable!("the future was spawned above"),
            State::Running(spawned) => {
                let wakeup = Arc::new(Wakeup::new(py)?);
                let waker = Waker::from(Arc::clone(&wakeup));
                match Pin::new(&mut spawned.0).poll(&mut Context::from_waker(&waker)) {
                    Poll::Pending => return wakeup.waiter(py),
                    Poll::Ready(joined) => joined,
                }
            }
            State::Done => {
                return Err(PyRuntimeError::new_err(
                    "cannot reuse already awaited coroutine",
                ))
            }
        };
        *state = State::Done;
        // The answer is converted with no lock held: converting can log, and logging runs
        // Python handlers.
        drop(state);
        let value = match finished {
            Ok(finished) => finished.finish(py)?,
            // The future's panics are caught inside it, and only `end` aborts it.
            Err(error) => match error.try_into_panic() {
                Ok(panic) => return Err(panic_failure(&*panic).into_py_err(py)),
                Err(_) => return Err(PyRuntimeError::new_err("the call was aborted")),
            },
        };
        Err(PyStopIteration::new_err((value,)))
    }
}

#[pymethods]
impl Coroutine {
    fn send(&self, py: Python<'_>, _value: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        self.step(py)
    }

    /// Ends the coroutine and raises `kind` (an exception, or its class and `value`), as a
    /// cancelled task throws `CancelledError` into the coroutine it runs.
    #[pyo3(signature = (kind, value = None, _traceback = None))]
    fn throw(
        &self,
        kind: Bound<'_, PyAny>,
        value: Option<Bound<'_, PyAny>>,
        _traceback: Option<Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        self.end();
        Err(thrown(kind, value))
    }

    fn close(&self) {
        self.end();
    }

    fn __await__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.step(py)
    }

    #[getter]
    fn __name__(&self) -> &'static str {
        self.name.rsplit('.').next().unwrap_or(self.name)
    }

    #[getter]
    fn __qualname__(&self) -> &'static str {
        self.name
    }

    fn __repr__(&self) -> String {
        format!("<chatwire coroutine {}>", self.name)
    }
}

impl Drop for Coroutine {
    fn drop(&mut self) {
        let unfinished = self
            .state
            .get_exact()
            .is_ok_and(|state| !matches!(*lock(state), State::Done));
        if unfinished {
            self.end();
        }
    }
}

/// What wakes the event loop once a spawned future can go on: the running loop and an
/// `asyncio.Future` of it, resolved from the runtime's thread (`call_soon_threadsafe`).
struct Wakeup {
    event_loop: Py<PyAny>,
    waiter: Py<PyAny>,
    woken: AtomicBool,
}

impl Wakeup {
    fn new(py: Python<'_>) -> PyResult<Self> {
        static GET_RUNNING_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let get_running_loop = GET_RUNNING_LOOP.get_or_try_init(py, || {
            Ok::<_, PyErr>(py.import("asyncio")?.getattr("get_running_loop")?.unbind())
        })?;
        let event_loop = get_running_loop.call0(py)?;
        let waiter = event_loop.call_method0(py, intern!(py, "create_future"))?;
        Ok(Self {
            event_loop,
            waiter,
            woken: AtomicBool::new(false),
        })
    }

    /// The `asyncio.Future` for the loop's task to wait on, marked as awaited (what
    /// `Future.__await__` does before it yields itself).
    fn waiter(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let waiter = self.waiter.bind(py);
        waiter.setattr(intern!(py, "_asyncio_future_blocking"), true)?;
        Ok(waiter.clone().unbind())
    }
}

impl Wake for Wakeup {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        if self.woken.swap(true, Ordering::AcqRel) {
            return;
        }
        CALLBACKS_RUNNING.fetch_add(1, Ordering::SeqCst);
        // Counted as ended however it ends, even dropped unrun by a runtime shutting down.
        let done = CallbackDone;
        let wakeup = Arc::clone(self);
        let release = move || {
            let _done = done;
            wakeup.release();
        };
        // Taking the GIL may wait for as long as Python holds it: not on a runtime worker,
        // whose other tasks (every open stream's reads) would wait with it.
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn_blocking(release);
            }
            Err(_) => release(),
        }
    }
}

impl Wakeup {
    /// Resolves the waiter on its loop's thread (`call_soon_threadsafe`).
    fn release(&self) {
        // An interpreter that is shutting down has no loop left to wake.
        Python::try_attach(|py| {
            static RELEASE: PyOnceLock<Py<PyCFunction>> = PyOnceLock::new();
            let release = RELEASE.get_or_try_init(py, || {
                wrap_pyfunction!(release_waiter, py).map(Bound::unbind)
            });
            if let Ok(release) = release {
                // A closed loop (its task was cancelled, its `asyncio.run` ended) waits on
                // nothing any more.
                let _ = self.event_loop.call_method1(
                    py,
                    intern!(py, "call_soon_threadsafe"),
                    (release, &self.waiter),
                );
            }
        });
    }
}

/// Resolves a waiter on its loop's thread, unless its task was cancelled meanwhile.
#[pyfunction]
fn release_waiter(waiter: &Bound<'_, PyAny>) -> PyResult<()> {
    if !waiter
        .call_method0(intern!(waiter.py(), "done"))?
        .is_truthy()?
    {
        waiter.call_method1(intern!(waiter.py(), "set_result"), (waiter.py().None(),))?;
    }
    Ok(())
}

/// Wakes of the event loop from the runtime's threads that have not ended yet.
static CALLBACKS_RUNNING: AtomicUsize = AtomicUsize::new(0);

/// Counts a wake as ended, however it ends.
struct CallbackDone;

impl Drop for CallbackDone {
    fn drop(&mut self) {
        CALLBACKS_RUNNING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Waits (at most a second, with the GIL released) until no runtime thread still holds on to
/// Python. Registered with `atexit`: a wake takes the GIL on a runtime thread, and a thread that
/// takes the GIL back after the interpreter finalized crashes the process.
pub fn wait_for_callbacks(py: Python<'_>) {
    py.detach(|| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(1);
        while CALLBACKS_RUNNING.load(Ordering::SeqCst) > 0 && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    });
}
