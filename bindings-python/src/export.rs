//! `Mevichat.export_all` for Python: the core's bulk export, with `on_progress` a Python
//! callable. The callback runs with the GIL taken, on the thread that runs the export (the
//! caller's for the sync class, the runtime's for the async one). The first exception it raises
//! stops the export (the exports in flight are dropped; the files written stay) and is raised
//! by the call, in place of the summary.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use chatwire::mevichat::{self, ExportAllOptions, ExportProgress};
use pyo3::prelude::*;
use tokio::runtime::{Handle, RuntimeFlavor};
use tokio::sync::Notify;

use crate::args::Callback;
use crate::convert::IntoPython;

/// What the export ended with: its summary, or the exception `on_progress` raised.
pub enum Exported {
    Summary(mevichat::ExportSummary),
    Raised(PyErr),
}

impl IntoPython for Exported {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match self {
            Self::Summary(summary) => summary.into_python(py),
            Self::Raised(error) => Err(error),
        }
    }
}

/// The first exception `on_progress` raised, and the wake of the export's stop.
#[derive(Default)]
struct Raised {
    error: Mutex<Option<PyErr>>,
    stop: Notify,
}

/// Exports `session_ids` into `directory` through the core, `concurrency` at a time (the core's
/// default when `None`), telling `on_progress` of each session as it is done.
pub async fn export_all(
    client: mevichat::Client,
    session_ids: Vec<String>,
    directory: PathBuf,
    concurrency: Option<usize>,
    on_progress: Option<Callback>,
) -> chatwire::Result<Exported> {
    let mut options = ExportAllOptions::default();
    if let Some(concurrency) = concurrency {
        options = options.concurrency(concurrency);
    }
    let raised = Arc::new(Raised::default());
    if let Some(Callback(callback)) = on_progress {
        let raised = Arc::clone(&raised);
        options = options.on_progress(move |progress| call_back(&callback, progress, &raised));
    }
    let export = client.export_all(session_ids, directory, options);
    let summary = tokio::select! {
        biased;
        summary = export => Some(summary?),
        () = raised.stop.notified() => None,
    };
    let error = raised
        .error
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    Ok(match (error, summary) {
        (Some(error), _) => Exported::Raised(error),
        (None, Some(summary)) => Exported::Summary(summary),
        (None, None) => unreachable!("the export stops only once the callback raised"),
    })
}

/// Calls `callback` with `progress`, unless it raised before; what it raises stops the export.
fn call_back(callback: &Py<PyAny>, progress: &ExportProgress, raised: &Raised) {
    if raised
        .error
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .is_some()
    {
        return;
    }
    let call = || {
        Python::attach(|py| -> PyResult<()> {
            callback.call1(py, (progress.clone().into_python(py)?,))?;
            Ok(())
        })
    };
    // On a worker of the async runtime, the wait for the GIL must not hold up the worker's
    // other tasks (every open stream's reads): the worker hands them to another thread first.
    let outcome = match Handle::try_current().map(|handle| handle.runtime_flavor()) {
        Ok(RuntimeFlavor::MultiThread) => tokio::task::block_in_place(call),
        _ => call(),
    };
    if let Err(error) = outcome {
        *raised.error.lock().unwrap_or_else(PoisonError::into_inner) = Some(error);
        raised.stop.notify_one();
    }
}
