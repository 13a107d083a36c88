//! `chatwire.testing.MockServer`: the bundled mock server of all four APIs, compiled into the
//! extension, so that users test their code against chatwire with no network.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use chatwire_mock::{fixtures, Config, Fault};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::Value;

use crate::args::{FromValue, JsonObject};
use crate::convert::IntoPython;
use crate::runtime::runtime;

/// The mock server on 127.0.0.1, running until `close()` or the end of its `with` block.
#[pyclass(frozen, subclass, module = "chatwire.testing")]
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
        let token_delay = delay("token_delay", token_delay)?;
        let config = Config {
            port,
            token_delay,
            relaxed_rate_limits,
        };
        let server = py
            .detach(|| runtime().block_on(chatwire_mock::MockServer::start(config)))
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

    /// Queues a fault for the next matching requests, as `POST /__mock/faults` does:
    /// `push_fault("status", status=503)`, `push_fault("close_after_events", events=2)` …
    #[pyo3(signature = (fault, *, times = 1, path = None, key = None, **params))]
    fn push_fault(
        &self,
        fault: String,
        times: usize,
        path: Option<String>,
        key: Option<String>,
        params: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<u64> {
        let mut script = match params {
            Some(params) => JsonObject::from_value("params", params.as_any())?.0,
            None => serde_json::Map::new(),
        };
        script.insert("fault".into(), Value::String(fault));
        script.insert("times".into(), times.into());
        script.insert("path".into(), path.into());
        script.insert("key".into(), key.into());
        let fault: Fault = serde_json::from_value(Value::Object(script))
            .map_err(|e| PyValueError::new_err(format!("not a fault the mock knows: {e}")))?;
        self.with_server(|server| server.push_fault(fault))
    }

    /// The request log, oldest first: method, path, headers, body, status, outcome …
    fn requests(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let entries = self.with_server(|server| server.requests())?;
        serde_json::to_value(entries)
            .map_err(|e| PyRuntimeError::new_err(e.to_string()))?
            .into_python(py)
    }

    /// Open and total connections.
    fn stats(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let stats = self.with_server(|server| server.stats())?;
        serde_json::to_value(stats)
            .map_err(|e| PyRuntimeError::new_err(e.to_string()))?
            .into_python(py)
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
        format!("<chatwire.testing.MockServer {}>", self.base_url)
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

/// A pause from Python seconds.
fn delay(name: &str, seconds: f64) -> PyResult<Duration> {
    Duration::try_from_secs_f64(seconds)
        .map_err(|_| PyValueError::new_err(format!("{name} must be a number of seconds ≥ 0")))
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
