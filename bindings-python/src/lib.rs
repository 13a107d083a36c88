//! `chatwire._native`: the Python binding of the chatwire core. It converts types and errors and
//! nothing else; HTTP, retries, validation and parsing all happen in `sdk-core`.

#[macro_use]
mod convert;
mod args;
mod clients;
mod conversation;
mod errors;
mod export;
mod log;
mod models;
mod pages;
mod response;
mod runtime;
mod stream;
mod watch;

use pyo3::prelude::*;
use pyo3::types::PyModule;

#[pymodule(name = "_native")]
fn native(native: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = native.py();
    let submodule = |name: &str| -> PyResult<Bound<'_, PyModule>> {
        let module = PyModule::new(py, name)?;
        native.add_submodule(&module)?;
        // Registered so that `from chatwire._native.<name> import …` works.
        py.import("sys")?
            .getattr("modules")?
            .set_item(format!("chatwire._native.{name}"), &module)?;
        Ok(module)
    };
    let providers = models::ProviderModules {
        mevichat: submodule("mevichat")?,
        vexar: submodule("vexar")?,
        devapi: submodule("devapi")?,
        widgetkey: submodule("widgetkey")?,
    };
    models::register(native, &providers)?;
    clients::register(native)?;
    watch::register(&providers.vexar)?;
    log::install(py)?;
    native.add_function(wrap_pyfunction!(raise_panic_for_test, native)?)?;
    py.import("atexit")?
        .call_method1("register", (wrap_pyfunction!(wait_for_callbacks, native)?,))?;
    runtime::note_process(py)?;
    let os = py.import("os")?;
    if os.hasattr("register_at_fork")? {
        let kwargs = pyo3::types::PyDict::new(py);
        kwargs.set_item(
            "after_in_child",
            wrap_pyfunction!(after_fork_in_child, native)?,
        )?;
        os.call_method("register_at_fork", (), Some(&kwargs))?;
    }
    native.add("__version__", chatwire::VERSION)?;
    Ok(())
}

/// Panics inside a core call, to show that a panic reaches Python as a `ChatwireError`.
#[pyfunction]
#[pyo3(name = "_raise_panic_for_test")]
fn raise_panic_for_test(py: Python<'_>) -> PyResult<()> {
    runtime::block_on(py, async { panic!("a panic raised on purpose") })
}

/// Run at interpreter exit: see [`runtime::wait_for_callbacks`].
#[pyfunction]
fn wait_for_callbacks(py: Python<'_>) {
    runtime::wait_for_callbacks(py);
}

/// Run in the child of every `os.fork()`: see [`runtime::note_process`].
#[pyfunction]
fn after_fork_in_child(py: Python<'_>) -> PyResult<()> {
    runtime::note_process(py)
}
