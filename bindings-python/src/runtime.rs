//! The tokio runtime the binding runs on, and the two ways Python waits for it: blocking with the
//! GIL released (sync classes) or as an asyncio awaitable (async classes).
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

use std::any::Any;
use std::future::Future;
use std::mem::ManuallyDrop;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::task::Poll;
use std::time::Duration;

use futures_util::FutureExt;
use pyo3::prelude::*;
use pyo3_async_runtimes::generic::{ContextExt, JoinError, Runtime as AsyncRuntime};
use pyo3_async_runtimes::TaskLocals;
use tokio::runtime::Runtime;

use crate::convert::IntoPython;
use crate::errors::{panic_failure, Failure};

/// The runtime and the process it was built in.
static RUNTIME: Mutex<Option<(u32, &'static Runtime)>> = Mutex::new(None);

/// This process's runtime, built on first use (and again in a forked child).
pub fn runtime() -> &'static Runtime {
    let pid = std::process::id();
    let mut slot = RUNTIME.lock().unwrap_or_else(PoisonError::into_inner);
    match *slot {
        Some((owner, runtime)) if owner == pid => runtime,
        _ => {
            // The parent's runtime is left as it is: dropping it in the child would wait for
            // threads that do not exist here.
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .thread_name("chatwire")
                .build()
                .expect("the tokio runtime builds");
            let runtime: &'static Runtime = Box::leak(Box::new(runtime));
            *slot = Some((pid, runtime));
            runtime
        }
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
    let runtime = runtime();
    let mut future = Box::pin(guarded(future));
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
            let _entered = runtime.enter();
            drop(future);
            return Err(raised);
        }
    }
}

/// `future` as an asyncio awaitable of its Python value. Cancelling the awaiting task drops the
/// future, and with it whatever connection it holds. A panic becomes a `ChatwireError`.
pub fn into_awaitable<'py, F, T>(py: Python<'py>, future: F) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = chatwire::Result<T>> + Send + 'static,
    T: IntoPython + Send + 'static,
{
    let outcome = async move { Ok(Outcome(guarded(future).await)) };
    pyo3_async_runtimes::generic::future_into_py::<ForkSafeTokio, _, _>(py, outcome)
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

/// An async call's end, turned into its Python value (or raised) once the GIL is held.
struct Outcome<T>(Result<T, Failure>);

impl<'py, T: IntoPython> IntoPyObject<'py> for Outcome<T> {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self.0 {
            Ok(value) => Ok(value.into_python(py)?.into_bound(py)),
            Err(failure) => Err(failure.into_py_err(py)),
        }
    }
}

/// Blocking tasks of pyo3-async-runtimes that have not ended yet.
static CALLBACKS_RUNNING: AtomicUsize = AtomicUsize::new(0);

/// Counts a blocking task as ended, however it ends.
struct CallbackDone;

impl Drop for CallbackDone {
    fn drop(&mut self) {
        CALLBACKS_RUNNING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Waits (at most a second, with the GIL released) until no blocking task still holds on to
/// Python. Registered with `atexit`: an awaited result wakes the event loop before its task has
/// let go of the GIL, and a thread that takes the GIL back after the interpreter finalized
/// crashes the process.
pub fn wait_for_callbacks(py: Python<'_>) {
    py.detach(|| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(1);
        while CALLBACKS_RUNNING.load(Ordering::SeqCst) > 0 && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    });
}

/// pyo3-async-runtimes' view of [`runtime`].
struct ForkSafeTokio;

tokio::task_local! {
    static TASK_LOCALS: std::cell::OnceCell<TaskLocals>;
}

struct TokioJoinError(tokio::task::JoinError);

impl JoinError for TokioJoinError {
    fn is_panic(&self) -> bool {
        self.0.is_panic()
    }

    fn into_panic(self) -> Box<dyn Any + Send + 'static> {
        self.0.into_panic()
    }
}

/// A spawned task's handle, with tokio's error in the form pyo3-async-runtimes reads.
struct Joined(tokio::task::JoinHandle<()>);

impl Future for Joined {
    type Output = Result<(), TokioJoinError>;

    fn poll(
        mut self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        Pin::new(&mut self.0).poll(cx).map_err(TokioJoinError)
    }
}

impl AsyncRuntime for ForkSafeTokio {
    type JoinError = TokioJoinError;
    type JoinHandle = Joined;

    fn spawn<F>(future: F) -> Joined
    where
        F: Future<Output = ()> + Send + 'static,
    {
        Joined(runtime().spawn(future))
    }

    fn spawn_blocking<F>(task: F) -> Joined
    where
        F: FnOnce() + Send + 'static,
    {
        // These tasks hand a result to the event loop with the GIL held (pyo3-async-runtimes'
        // `set_result`); they are counted so that the interpreter's exit can wait for them.
        CALLBACKS_RUNNING.fetch_add(1, Ordering::SeqCst);
        Joined(runtime().spawn_blocking(move || {
            let _done = CallbackDone;
            task()
        }))
    }
}

impl ContextExt for ForkSafeTokio {
    fn scope<F, R>(locals: TaskLocals, future: F) -> Pin<Box<dyn Future<Output = R> + Send>>
    where
        F: Future<Output = R> + Send + 'static,
    {
        let cell = std::cell::OnceCell::new();
        let _ = cell.set(locals);
        Box::pin(TASK_LOCALS.scope(cell, future))
    }

    fn get_task_locals() -> Option<TaskLocals> {
        TASK_LOCALS
            .try_with(|cell| cell.get().cloned())
            .unwrap_or_default()
    }
}
