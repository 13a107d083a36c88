//! The tokio runtime the binding runs on, and the two ways Python waits for it: blocking with the
//! GIL released (sync classes) or as an asyncio awaitable (async classes).
//!
//! The runtime belongs to the process that built it. A child made by `os.fork()` inherits it
//! without its worker threads, so the first call in the child builds a new one; anything holding
//! connections of the old one (an HTTP client's pool) is rebuilt the same way ([`ForkLocal`]).

use std::any::Any;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

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

/// A value tied to the process that made it, made again on first use in a forked child.
pub struct ForkLocal<T: Clone> {
    make: Box<dyn Fn() -> T + Send + Sync>,
    current: Mutex<(u32, T)>,
}

impl<T: Clone> ForkLocal<T> {
    pub fn new(make: impl Fn() -> T + Send + Sync + 'static) -> Self {
        let first = make();
        Self {
            make: Box::new(make),
            current: Mutex::new((std::process::id(), first)),
        }
    }

    pub fn get(&self) -> T {
        let pid = std::process::id();
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if current.0 != pid {
            *current = (pid, (self.make)());
        }
        current.1.clone()
    }
}

/// Runs `future` to its end on the runtime, with the GIL released so that other Python threads
/// run meanwhile. A panic becomes a `ChatwireError`.
pub fn block_on<F, T>(py: Python<'_>, future: F) -> PyResult<T>
where
    F: Future<Output = chatwire::Result<T>> + Send,
    T: Send,
{
    py.detach(|| runtime().block_on(guarded(future)))
        .map_err(|failure| failure.into_py_err(py))
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
