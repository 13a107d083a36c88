//! `chatwire_testing._native`: the mock server of all four APIs, for Python tests. It ships apart
//! from `chatwire`, so that the production wheel carries no server. The Python side
//! (`chatwire_testing.MockServer`) turns faults and logs to and from JSON text.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use chatwire_mock::{fixtures, Config, Fault};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use tokio::runtime::Runtime;

#[pymodule(name = "_native")]
fn native(native: &Bound<'_, PyModule>) -> PyResult<()> {
    native.add_class::<MockServer>()?;
    native.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

/// The mock server on 127.0.0.1, running until `close()` or the end of its `with` block.
#[pyclass(frozen, subclass, module = "chatwire_testing")]
pub struct MockServer {
    server: Mutex<Option<chatwire_mock::MockServer>>,
    base_url: String,
    /// The process that started it: a forked child leaks it rather than stopping it, as its
    /// runtime's threads are the parent's.
    process: u32,
}

#[pymethods]
impl MockServer {
    #[new]
    #[pyo3(signature = (*, port = 0, token_delay = 0.0, relaxed_rate_limits = false))]
    fn new(
        py: Python<'_>,
        port: u16,
        token_delay: f64,
        relaxed_rate_limits: bool,
    ) -> PyResult<Self> {
        let config = Config {
            port,
            token_delay: delay("token_delay", token_delay)?,
            relaxed_rate_limits,
        };
        let server = py
            .detach(|| runtime()?.block_on(chatwire_mock::MockServer::start(config)))
            .map_err(|e| PyRuntimeError::new_err(format!("the mock server did not start: {e}")))?;
        Ok(Self {
            base_url: server.base_url(),
            server: Mutex::new(Some(server)),
            process: std::process::id(),
        })
    }

    /// `http://127.0.0.1:PORT`.
    #[getter]
    fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Queues a fault given as the JSON object `POST /__mock/faults` takes; answers its id.
    fn _push_fault(&self, script: &str) -> PyResult<u64> {
        let fault: Fault = serde_json::from_str(script)
            .map_err(|e| PyValueError::new_err(format!("not a fault the mock knows: {e}")))?;
        self.with_server(|server| server.push_fault(fault))
    }

    /// The request log as JSON text, oldest first.
    fn _requests(&self) -> PyResult<String> {
        let entries = self.with_server(|server| server.requests())?;
        serde_json::to_string(&entries).map_err(|e| PyRuntimeError::new_err(e.to_string()))
    }

    /// Open and total connections, as JSON text.
    fn _stats(&self) -> PyResult<String> {
        let stats = self.with_server(|server| server.stats())?;
        serde_json::to_string(&stats).map_err(|e| PyRuntimeError::new_err(e.to_string()))
    }

    /// Sets the pause between streamed tokens, in seconds.
    fn set_token_delay(&self, seconds: f64) -> PyResult<()> {
        let delay = delay("seconds", seconds)?;
        self.with_server(|server| server.set_token_delay(delay))
    }

    /// Back to the state of a fresh start: no faults, an empty log, fresh rate limits.
    fn reset(&self) -> PyResult<()> {
        self.with_server(|server| server.reset())
    }

    /// Stops the server.
    fn close(&self) {
        let server = self
            .server
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        self.release(server);
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
        self.close();
    }

    fn __repr__(&self) -> String {
        format!("<chatwire_testing.MockServer {}>", self.base_url)
    }

    #[classattr]
    const MEVICHAT_PUBLIC_KEY: &'static str = fixtures::MEVICHAT_PUBLIC_KEY;
    #[classattr]
    const MEVICHAT_REVOKED_KEY: &'static str = fixtures::MEVICHAT_REVOKED_KEY;
    #[classattr]
    const MEVICHAT_QUOTA_KEY: &'static str = fixtures::MEVICHAT_QUOTA_KEY;
    #[classattr]
    const MEVICHAT_LLM_ERROR_KEY: &'static str = fixtures::MEVICHAT_LLM_ERROR_KEY;
    #[classattr]
    const ORIGIN: &'static str = fixtures::ALLOWED_ORIGINS[0];
    #[classattr]
    const BLOCKED_WORD: &'static str = fixtures::BLOCKED_WORD;
    #[classattr]
    const SEEDED_SESSION_ID: &'static str = fixtures::SEEDED_SESSION_ID;
    #[classattr]
    const EXPORT_JWT: &'static str = fixtures::EXPORT_JWT;
    #[classattr]
    const EXPORT_JWT_NO_WORKSPACE: &'static str = fixtures::EXPORT_JWT_NO_WORKSPACE;
    #[classattr]
    const EXPORT_JWT_OTHER_WORKSPACE: &'static str = fixtures::EXPORT_JWT_OTHER_WORKSPACE;
    #[classattr]
    const VEXAR_SITE_KEY: &'static str = fixtures::VEXAR_SITE_KEY;
    #[classattr]
    const VEXAR_BLOCKED_SESSION: &'static str = fixtures::VEXAR_BLOCKED_SESSION;
    #[classattr]
    const DEVAPI_KEY: &'static str = fixtures::DEVAPI_KEY;
    #[classattr]
    const WIDGET_KEY: &'static str = fixtures::WIDGET_KEY;
    #[classattr]
    const MODEL: &'static str = fixtures::MODEL;
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let server = self
            .server
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        self.release(server);
    }
}

impl MockServer {
    /// Stops `server`, or leaks it in a process other than the one that started it.
    fn release(&self, server: Option<chatwire_mock::MockServer>) {
        match self.process == std::process::id() {
            true => drop(server),
            false => std::mem::forget(server),
        }
    }

    fn with_server<T>(&self, action: impl FnOnce(&chatwire_mock::MockServer) -> T) -> PyResult<T> {
        let server = self.server.lock().unwrap_or_else(PoisonError::into_inner);
        match server.as_ref() {
            Some(server) => Ok(action(server)),
            None => Err(PyRuntimeError::new_err("the mock server is closed")),
        }
    }
}

/// The runtime the process's mock servers run on, built on first use, and again in a forked
/// child, which inherits the parent's without its threads (and leaves it as it is: dropping it
/// would wait for them).
fn runtime() -> std::io::Result<&'static Runtime> {
    static RUNTIME: Mutex<Option<(u32, &'static Runtime)>> = Mutex::new(None);
    let process = std::process::id();
    let mut slot = RUNTIME.lock().unwrap_or_else(PoisonError::into_inner);
    match *slot {
        Some((owner, runtime)) if owner == process => Ok(runtime),
        _ => {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .thread_name("chatwire-mock")
                .build()?;
            let runtime: &'static Runtime = Box::leak(Box::new(runtime));
            *slot = Some((process, runtime));
            Ok(runtime)
        }
    }
}

/// A pause from Python seconds.
fn delay(name: &str, seconds: f64) -> PyResult<Duration> {
    Duration::try_from_secs_f64(seconds)
        .map_err(|_| PyValueError::new_err(format!("{name} must be a number of seconds ≥ 0")))
}
