//! Every Rust error becomes one exception of `chatwire._exceptions`, here and nowhere else.

use std::any::Any;

use chatwire::Error;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyModule};

/// What a call into the core can end with besides a value.
#[derive(Debug)]
pub enum Failure {
    /// The core's own error.
    Core(Error),
    /// A panic, caught before it reached Python.
    Panic(String),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Self::Core(error)
    }
}

/// A caught panic's message.
pub fn panic_failure(panic: &(dyn Any + Send)) -> Failure {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_owned());
    Failure::Panic(message)
}

static EXCEPTIONS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

fn exceptions(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    EXCEPTIONS
        .get_or_try_init(py, || Ok(py.import("chatwire._exceptions")?.unbind()))
        .map(|module| module.bind(py))
}

impl Failure {
    /// The exception to raise.
    pub fn into_py_err(self, py: Python<'_>) -> PyErr {
        self.build(py).unwrap_or_else(|error| error)
    }

    fn build(self, py: Python<'_>) -> PyResult<PyErr> {
        let exceptions = exceptions(py)?;
        let kwargs = PyDict::new(py);
        let error = match self {
            Self::Core(error) => error,
            Self::Panic(message) => {
                let description = format!(
                    "chatwire hit an internal error (a Rust panic): {message}; please report it"
                );
                let instance = exceptions.getattr("ChatwireError")?.call1((description,))?;
                return Ok(PyErr::from_value(instance));
            }
        };
        let description = error.to_string();
        let class = match &error {
            Error::Api(api) => {
                kwargs.set_item("status", api.status)?;
                kwargs.set_item("code", api.code.as_deref())?;
                kwargs.set_item("message", &api.message)?;
                kwargs.set_item("request_id", api.request_id.as_deref())?;
                kwargs.set_item("body", &api.body)?;
                kwargs.set_item("retry_after", api.retry_after.map(|d| d.as_secs_f64()))?;
                // The status picks the subclass (`BadRequestError` for 400 …).
                let instance = exceptions
                    .getattr("_api_error")?
                    .call((description,), Some(&kwargs))?;
                return Ok(PyErr::from_value(instance));
            }
            Error::StreamError { code, message } => {
                kwargs.set_item("code", code)?;
                kwargs.set_item("message", message)?;
                "APIError"
            }
            Error::Redirect {
                status,
                location,
                reason,
            } => {
                kwargs.set_item("status", *status)?;
                kwargs.set_item("location", location)?;
                kwargs.set_item("reason", reason.to_string())?;
                "RedirectError"
            }
            Error::Connection { .. } => "APIConnectionError",
            Error::Timeout { after } => {
                kwargs.set_item("timeout", after.as_secs_f64())?;
                "APITimeoutError"
            }
            Error::StreamDeadline { after } => {
                kwargs.set_item("timeout", after.as_secs_f64())?;
                "StreamDeadlineError"
            }
            Error::IdleTimeout { after } => {
                kwargs.set_item("timeout", after.as_secs_f64())?;
                "StreamIdleTimeoutError"
            }
            Error::Decode { what, raw, .. } => {
                kwargs.set_item("what", what)?;
                kwargs.set_item("raw", raw)?;
                "DecodeError"
            }
            Error::OperatorMode { session_id } => {
                kwargs.set_item("session_id", session_id)?;
                "OperatorModeError"
            }
            Error::File { action, path, .. } => {
                kwargs.set_item("action", *action)?;
                kwargs.set_item("path", path.as_os_str())?;
                "FileError"
            }
            Error::Validation { field, reason } => {
                return validation(py, &python_name(field), reason);
            }
            Error::StreamEnded { events, .. } => {
                kwargs.set_item("events", *events)?;
                "StreamEndedError"
            }
            _ => "ChatwireError",
        };
        let instance = exceptions
            .getattr(class)?
            .call((description,), Some(&kwargs))?;
        Ok(PyErr::from_value(instance))
    }
}

/// A field as Python names it: the core names some by their API spelling (`sessionId`), the
/// Python arguments are snake_case (`session_id`).
fn python_name(field: &str) -> String {
    let mut name = String::with_capacity(field.len() + 4);
    for c in field.chars() {
        if c.is_ascii_uppercase() {
            if !name.is_empty() {
                name.push('_');
            }
            name.push(c.to_ascii_lowercase());
        } else {
            name.push(c);
        }
    }
    name
}

/// `chatwire.ValidationError` for `field`, worded as the core words its own
/// (`invalid <field>: <reason>`).
fn validation(py: Python<'_>, field: &str, reason: &str) -> PyResult<PyErr> {
    let kwargs = PyDict::new(py);
    kwargs.set_item("field", field)?;
    kwargs.set_item("reason", reason)?;
    let instance = exceptions(py)?
        .getattr("ValidationError")?
        .call((format!("invalid {field}: {reason}"),), Some(&kwargs))?;
    Ok(PyErr::from_value(instance))
}

/// A `ValidationError` for input refused in the binding itself: an argument of the wrong type,
/// out of what its conversion holds, missing or unknown, or a stream used wrongly.
pub fn validation_error(py: Python<'_>, field: &str, reason: impl AsRef<str>) -> PyErr {
    validation(py, field, reason.as_ref()).unwrap_or_else(|error| error)
}

/// A `ValidationError` caused by `cause`, an exception Python raised while converting the value
/// (`json.dumps`'s `TypeError`, say); the cause is chained as `__cause__`.
pub fn validation_error_from(
    py: Python<'_>,
    field: &str,
    reason: impl AsRef<str>,
    cause: PyErr,
) -> PyErr {
    let error = validation_error(py, field, reason);
    error.set_cause(py, Some(cause));
    error
}

/// A core error as a Python value: the exception object it raises (`ExportFailure.error`).
impl crate::convert::IntoPython for Error {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(Failure::from(self)
            .into_py_err(py)
            .into_value(py)
            .into_any())
    }
}
