//! What an HTTP response said besides its body, for Python: the `request_id` every typed answer
//! carries, the `APIResponse` of `client.with_raw_response.<method>()`, and the headers of an
//! open stream. The Python classes (`APIResponse`, `Headers`) are typed Python, in
//! `chatwire/_response.py`.

use chatwire::Response;
use http::header::HeaderMap;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyModule;

use crate::convert::IntoPython;

/// A core answer model whose Python class carries the request id of the response it came in
/// (declared with `py_model!`'s `answer`).
pub trait AnswerModel {
    fn into_model(self, py: Python<'_>, request_id: Option<String>) -> PyResult<Py<PyAny>>;
}

/// A plain call's answer: the typed value, with its request id.
pub struct Typed<T>(pub Response<T>);

impl<T: AnswerModel> IntoPython for Typed<T> {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let Response { head, data } = self.0;
        data.into_model(py, head.request_id)
    }
}

/// A `with_raw_response` call's answer: an `APIResponse` holding the status, the headers, the
/// request id and the typed value.
pub struct Raw<T>(pub Response<T>);

impl<T: AnswerModel> IntoPython for Raw<T> {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let Response { head, data } = self.0;
        let parsed = data.into_model(py, head.request_id.clone())?;
        let headers = headers(py, &head.headers)?;
        let response = python_classes(py)?.getattr("APIResponse")?.call1((
            head.status,
            headers,
            head.request_id,
            parsed,
        ))?;
        Ok(response.unbind())
    }
}

/// `headers` as a `chatwire.Headers`: names case-insensitive, every value kept in order.
pub fn headers<'py>(py: Python<'py>, headers: &HeaderMap) -> PyResult<Bound<'py, PyAny>> {
    let pairs: Vec<(&str, String)> = headers
        .iter()
        .map(|(name, value)| {
            let text = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str(), text)
        })
        .collect();
    python_classes(py)?.getattr("Headers")?.call1((pairs,))
}

static PYTHON_CLASSES: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

fn python_classes(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    PYTHON_CLASSES
        .get_or_try_init(py, || Ok(py.import("chatwire._response")?.unbind()))
        .map(|module| module.bind(py))
}
