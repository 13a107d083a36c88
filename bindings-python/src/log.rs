//! The core's log records in Python's `logging`: each goes to the logger its target names
//! (`chatwire::http` to `chatwire.http`, `chatwire::stream` to `chatwire.stream`, children of
//! `chatwire`), with the record's one line as its message and its fields (`status`, `attempt`,
//! `request_id` …) as `extra` attributes of the `LogRecord`.
//!
//! The core hands over only records at or above the most verbose level those three loggers let
//! through, so a record nobody would see never takes the GIL. That level is read from the loggers
//! at import, when a client is made, and when a call starts: a level set later applies from the
//! next call.
//!
//! A record is logged on the thread where it happens (the caller's, for a sync call; a runtime
//! thread, for an async one). The binding holds none of its locks while the core may log, as the
//! handlers run Python code.

use chatwire::log::LogRecord;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;
use tracing::Level;

use crate::convert::IntoPython;

/// The loggers: `chatwire`, then one per target.
const LOGGERS: [(&str, &str); 3] = [
    ("chatwire", "chatwire"),
    ("chatwire::http", "chatwire.http"),
    ("chatwire::stream", "chatwire.stream"),
];

/// Python's number for a level; `TRACE` is 5, below `DEBUG` (10), as `chatwire/_logging.py`
/// names it.
fn python_level(level: Level) -> i64 {
    match level {
        Level::TRACE => 5,
        Level::DEBUG => 10,
        Level::INFO => 20,
        Level::WARN => 30,
        Level::ERROR => 40,
    }
}

static PYTHON_LOGGERS: PyOnceLock<[Py<PyAny>; 3]> = PyOnceLock::new();

fn python_loggers(py: Python<'_>) -> PyResult<&[Py<PyAny>; 3]> {
    PYTHON_LOGGERS.get_or_try_init(py, || {
        let logging = py.import("logging")?;
        let logger = |name: &str| -> PyResult<Py<PyAny>> {
            Ok(logging.call_method1("getLogger", (name,))?.unbind())
        };
        Ok([
            logger(LOGGERS[0].1)?,
            logger(LOGGERS[1].1)?,
            logger(LOGGERS[2].1)?,
        ])
    })
}

/// Installs the forwarder, once, at import. A process whose `tracing` already has a global
/// subscriber (none is set by chatwire otherwise) keeps it, and logs nothing here.
pub fn install(py: Python<'_>) -> PyResult<()> {
    python_loggers(py)?;
    let _ = chatwire::log::forward(deliver);
    follow_python_level(py)
}

/// Sets the core's level to the most verbose one the `chatwire` loggers let through.
pub fn follow_python_level(py: Python<'_>) -> PyResult<()> {
    let mut lowest = i64::MAX;
    for logger in python_loggers(py)? {
        let level: i64 = logger
            .bind(py)
            .call_method0(pyo3::intern!(py, "getEffectiveLevel"))?
            .extract()?;
        lowest = lowest.min(level);
    }
    let most_verbose = [
        Level::TRACE,
        Level::DEBUG,
        Level::INFO,
        Level::WARN,
        Level::ERROR,
    ]
    .into_iter()
    .find(|level| python_level(*level) >= lowest);
    chatwire::log::set_max_level(most_verbose);
    Ok(())
}

/// The forwarder's sink: logs `record` unless the interpreter is gone (at exit).
fn deliver(record: LogRecord) {
    Python::try_attach(|py| {
        if let Err(error) = log(py, record) {
            error.write_unraisable(py, None);
        }
    });
}

fn log(py: Python<'_>, record: LogRecord) -> PyResult<()> {
    let loggers = python_loggers(py)?;
    let index = LOGGERS
        .iter()
        .position(|(target, _)| *target == record.target)
        .unwrap_or(0);
    let logger = loggers[index].bind(py);
    let level = python_level(record.level);
    if !logger
        .call_method1(pyo3::intern!(py, "isEnabledFor"), (level,))?
        .is_truthy()?
    {
        return Ok(());
    }
    let message = record.line();
    let kwargs = PyDict::new(py);
    kwargs.set_item(pyo3::intern!(py, "extra"), record.fields.into_python(py)?)?;
    logger.call_method(pyo3::intern!(py, "log"), (level, message), Some(&kwargs))?;
    Ok(())
}
