//! The four providers' Python clients, each as a sync and an async class declared once by
//! [`client_classes!`]: the constructor's keyword arguments become the core builder's settings
//! (over the environment variables the core reads for what is left out), each method builds the
//! core request and awaits the core call, and nothing else. Every argument is taken through
//! [`FromArg`](crate::args::FromArg), so that any bad one is a `ValidationError` naming it, and
//! an unknown keyword is refused with the nearest known one.
//!
//! Each class also has `with_raw_response`, an object with the same non-stream methods that
//! answer an `APIResponse` (status, headers, request id and the typed value); the same list of
//! operations declares both.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use chatwire::rate::{RateLimit, RateLimitMode};
use chatwire::stream::{EventStream, ProviderEvents};
use chatwire::{
    devapi, mevichat, vexar, widgetkey, Chat, ClientBuilder, ProviderClient, RequestOptions,
};
use futures_util::{Stream, TryStreamExt};
use http::header::{HeaderValue, USER_AGENT};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::args::{
    refuse_unknown, Callback, FilePath, FromArg, Headers, ImageInput, JsonObject, RateLimits,
    Seconds, Strings,
};
use crate::conversation::Opening;
use crate::convert::IntoPython;
use crate::errors::{validation_error, Failure};
use crate::pages::{AsyncPageIterator, PageIterator};
use crate::response::{Raw, Typed};
use crate::runtime::{block_on, into_awaitable, ready, ForkLocal};
use crate::stream::{AsyncChatStream, ChatStream, Source};
use crate::watch::Watching;

/// What a call answers, as the sync and the async class hand it to Python.
pub trait Answer: Send + 'static {
    fn into_sync(self, py: Python<'_>) -> PyResult<Py<PyAny>>;
    fn into_async(self, py: Python<'_>) -> PyResult<Py<PyAny>>;
}

impl<T: IntoPython + Send + 'static> Answer for T {
    fn into_sync(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.into_python(py)
    }

    fn into_async(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.into_python(py)
    }
}

/// A stream is a `ChatStream` for the sync class and an `AsyncChatStream` for the async one.
pub struct Opened<P: ProviderEvents>(EventStream<P>);

impl<P: ProviderEvents> Answer for Opened<P>
where
    P::Event: IntoPython,
{
    fn into_sync(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let head = self.0.head().clone();
        Ok(Py::new(py, ChatStream::new(head, Source::boxed(self.0)))?.into_any())
    }

    fn into_async(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let head = self.0.head().clone();
        Ok(Py::new(py, AsyncChatStream::new(head, Source::boxed(self.0)))?.into_any())
    }
}

/// An answer on its way to an async caller.
pub struct ForAsync<T>(pub T);

impl<T: Answer> IntoPython for ForAsync<T> {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.0.into_async(py)
    }
}

/// The keyword arguments every call takes, and `with_options` too.
const CALL_OPTIONS: [&str; 6] = [
    "timeout",
    "connect_timeout",
    "idle_timeout",
    "stream_timeout",
    "max_retries",
    "extra_headers",
];

/// The keyword arguments every constructor takes after its own.
const CLIENT_OPTIONS: [&str; 12] = [
    "base_url",
    "timeout",
    "connect_timeout",
    "idle_timeout",
    "stream_timeout",
    "max_retries",
    "default_headers",
    "ca_file",
    "proxy",
    "no_proxy",
    "rate_limit",
    "rate_limits",
];

/// `chatwire-python/<version> (CPython 3.12.1; linux x86_64)`, set once at import.
static PYTHON_USER_AGENT: OnceLock<HeaderValue> = OnceLock::new();

/// Names this Python in the User-Agent every client sends.
fn note_user_agent(py: Python<'_>) -> PyResult<()> {
    let platform = py.import("platform")?;
    let runtime = format!(
        "{} {}",
        platform.call_method0("python_implementation")?,
        platform.call_method0("python_version")?
    );
    let agent = chatwire::user_agent("python", &runtime);
    // Every part is ASCII; a value that is not is left to the core's own.
    if let Ok(value) = HeaderValue::from_str(&agent) {
        let _ = PYTHON_USER_AGENT.set(value);
    }
    Ok(())
}

/// Per-call settings, taken from their arguments.
struct CallOptions {
    timeout: Option<Seconds>,
    connect_timeout: Option<Seconds>,
    idle_timeout: Option<Seconds>,
    stream_timeout: Option<Seconds>,
    max_retries: Option<u32>,
    extra_headers: Option<Headers>,
}

/// The Python arguments behind [`CallOptions`], as a method receives them.
struct CallOptionValues<'py> {
    timeout: Option<Bound<'py, PyAny>>,
    connect_timeout: Option<Bound<'py, PyAny>>,
    idle_timeout: Option<Bound<'py, PyAny>>,
    stream_timeout: Option<Bound<'py, PyAny>>,
    max_retries: Option<Bound<'py, PyAny>>,
    extra_headers: Option<Bound<'py, PyAny>>,
}

impl CallOptions {
    fn from_args(py: Python<'_>, values: CallOptionValues<'_>) -> PyResult<Self> {
        Ok(Self {
            timeout: FromArg::from_arg(py, "timeout", values.timeout.as_ref())?,
            connect_timeout: FromArg::from_arg(
                py,
                "connect_timeout",
                values.connect_timeout.as_ref(),
            )?,
            idle_timeout: FromArg::from_arg(py, "idle_timeout", values.idle_timeout.as_ref())?,
            stream_timeout: FromArg::from_arg(
                py,
                "stream_timeout",
                values.stream_timeout.as_ref(),
            )?,
            max_retries: FromArg::from_arg(py, "max_retries", values.max_retries.as_ref())?,
            extra_headers: FromArg::from_arg(py, "extra_headers", values.extra_headers.as_ref())?,
        })
    }

    /// These settings over `options`.
    fn over(self, mut options: RequestOptions) -> RequestOptions {
        if let Some(Seconds(timeout)) = self.timeout {
            options = options.timeout(timeout);
        }
        if let Some(Seconds(timeout)) = self.connect_timeout {
            options = options.connect_timeout(timeout);
        }
        if let Some(Seconds(idle)) = self.idle_timeout {
            options = options.idle_timeout(idle);
        }
        if let Some(Seconds(deadline)) = self.stream_timeout {
            options = options.stream_timeout(deadline);
        }
        if let Some(retries) = self.max_retries {
            options = options.max_retries(retries);
        }
        for (name, value) in self.extra_headers.unwrap_or_default().0 {
            options = options.header(name, value);
        }
        options
    }
}

/// The settings every constructor takes, as the core builders' common methods take them.
#[derive(Clone)]
struct CommonArgs {
    base_url: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    idle_timeout: Option<Duration>,
    stream_timeout: Option<Duration>,
    max_retries: Option<u32>,
    default_headers: Headers,
    ca_file: Option<PathBuf>,
    proxy: Option<String>,
    no_proxy: Option<String>,
    rate_limit: Option<RateLimitMode>,
    rate_limits: Vec<(String, RateLimit)>,
}

/// The Python arguments behind [`CommonArgs`], as the constructor receives them.
struct CommonArgValues<'py> {
    base_url: Option<Bound<'py, PyAny>>,
    timeout: Option<Bound<'py, PyAny>>,
    connect_timeout: Option<Bound<'py, PyAny>>,
    idle_timeout: Option<Bound<'py, PyAny>>,
    stream_timeout: Option<Bound<'py, PyAny>>,
    max_retries: Option<Bound<'py, PyAny>>,
    default_headers: Option<Bound<'py, PyAny>>,
    ca_file: Option<Bound<'py, PyAny>>,
    proxy: Option<Bound<'py, PyAny>>,
    no_proxy: Option<Bound<'py, PyAny>>,
    rate_limit: Option<Bound<'py, PyAny>>,
    rate_limits: Option<Bound<'py, PyAny>>,
}

impl CommonArgs {
    fn from_args(py: Python<'_>, values: CommonArgValues<'_>) -> PyResult<Self> {
        let seconds = |field, value: Option<Bound<'_, PyAny>>| {
            Option::<Seconds>::from_arg(py, field, value.as_ref()).map(|s| s.map(|s| s.0))
        };
        Ok(Self {
            base_url: FromArg::from_arg(py, "base_url", values.base_url.as_ref())?,
            timeout: seconds("timeout", values.timeout)?,
            connect_timeout: seconds("connect_timeout", values.connect_timeout)?,
            idle_timeout: seconds("idle_timeout", values.idle_timeout)?,
            stream_timeout: seconds("stream_timeout", values.stream_timeout)?,
            max_retries: FromArg::from_arg(py, "max_retries", values.max_retries.as_ref())?,
            default_headers: Option::<Headers>::from_arg(
                py,
                "default_headers",
                values.default_headers.as_ref(),
            )?
            .unwrap_or_default(),
            ca_file: Option::<FilePath>::from_arg(py, "ca_file", values.ca_file.as_ref())?
                .map(|FilePath(path)| path),
            proxy: FromArg::from_arg(py, "proxy", values.proxy.as_ref())?,
            no_proxy: FromArg::from_arg(py, "no_proxy", values.no_proxy.as_ref())?,
            rate_limit: FromArg::from_arg(py, "rate_limit", values.rate_limit.as_ref())?,
            rate_limits: Option::<RateLimits>::from_arg(
                py,
                "rate_limits",
                values.rate_limits.as_ref(),
            )?
            .map_or_else(Vec::new, |RateLimits(limits)| limits),
        })
    }

    fn apply<B: ClientBuilder>(&self, mut builder: B) -> B {
        if let Some(agent) = PYTHON_USER_AGENT.get() {
            // Before the default headers, so that a User-Agent of the caller's replaces it.
            builder = builder.header(USER_AGENT, agent.clone());
        }
        if let Some(url) = &self.base_url {
            builder = builder.base_url(url.clone());
        }
        if let Some(path) = &self.ca_file {
            builder = builder.ca_file(path.clone());
        }
        if let Some(url) = &self.proxy {
            builder = builder.proxy(url.clone());
        }
        if let Some(hosts) = &self.no_proxy {
            builder = builder.no_proxy(hosts.clone());
        }
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(timeout) = self.connect_timeout {
            builder = builder.connect_timeout(timeout);
        }
        if let Some(timeout) = self.idle_timeout {
            builder = builder.idle_timeout(timeout);
        }
        if let Some(deadline) = self.stream_timeout {
            builder = builder.stream_timeout(deadline);
        }
        if let Some(retries) = self.max_retries {
            builder = builder.max_retries(retries);
        }
        for (name, value) in &self.default_headers.0 {
            builder = builder.header(name.clone(), value.clone());
        }
        if let Some(mode) = self.rate_limit {
            builder = builder.rate_limit(mode);
        }
        for (operation, limit) in &self.rate_limits {
            builder = builder.rate_limit_for(operation.clone(), *limit);
        }
        builder
    }
}

/// What both classes of a provider hold: the core client (rebuilt in a forked child), the
/// options of `with_options`, and whether `close()` was called.
pub struct ClientBase<C: ProviderClient> {
    client: Mutex<Option<Arc<ForkLocal<C>>>>,
    options: RequestOptions,
}

impl<C: ProviderClient> ClientBase<C> {
    /// Builds the client, so that bad settings raise here.
    fn build<B: ClientBuilder<Client = C>>(
        py: Python<'_>,
        make_builder: impl Fn() -> B + Send + Sync + 'static,
        common: CommonArgs,
    ) -> PyResult<Self> {
        crate::log::follow_python_level(py)?;
        let build = move || common.apply(make_builder()).build();
        let first = build().map_err(|error| Failure::from(error).into_py_err(py))?;
        let client = ForkLocal::new(first, move || {
            build().expect("the settings built a client before")
        });
        Ok(Self {
            client: Mutex::new(Some(Arc::new(client))),
            options: RequestOptions::new(),
        })
    }

    /// The client for one call, with the call's options over the client's.
    fn for_call(&self, py: Python<'_>, options: CallOptions) -> PyResult<C> {
        crate::log::follow_python_level(py)?;
        let options = options.over(self.options.clone());
        Ok(self.shared(py)?.get().with_options(&options))
    }

    fn shared(&self, py: Python<'_>) -> PyResult<Arc<ForkLocal<C>>> {
        self.client
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .ok_or_else(|| validation_error(py, "client", "is closed"))
    }

    fn with_options(&self, py: Python<'_>, options: CallOptions) -> PyResult<Self> {
        Ok(Self {
            client: Mutex::new(Some(self.shared(py)?)),
            options: options.over(self.options.clone()),
        })
    }

    /// Drops this object's hold on the connection pool; the pool closes with its last holder.
    fn close(&self) {
        self.client
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
    }

    fn repr(&self, name: &str) -> String {
        match self
            .client
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
        {
            Some(client) => format!("<chatwire.{name} {:?}>", client.get()),
            None => format!("<chatwire.{name} closed>"),
        }
    }
}

/// Sets what the caller gave on a builder, leaving the rest to the environment variables the
/// core reads.
trait SetGiven: Sized {
    fn given<T: Clone>(self, value: &Option<T>, set: impl FnOnce(Self, T) -> Self) -> Self {
        match value {
            Some(value) => set(self, value.clone()),
            None => self,
        }
    }
}

impl<B: ClientBuilder> SetGiven for B {}

/// Declares a provider's sync and async class, and the `with_raw_response` class of each, from
/// one list of operations: `streams` answer a stream, `calls` a typed value (and, through
/// `with_raw_response`, an `APIResponse`), `values` a value without its response (a neutral
/// reply, an export's summary), `objects` an object made at once without a request (a
/// conversation, a watcher: a sync or an async class, as the client is), `pages` every item
/// of a listing across its pages (an iterator for `for`, or for `async for`). Each operation
/// lists its positional arguments, then after `;` its keyword-only ones, each with the Rust
/// type it is taken as ([`FromArg`]: `T` is required, `Option<T>` optional); its body builds
/// the core request and answers the core call's future (a call's with its response:
/// `*_with_response`), for `objects` the object (as a core `Result`), or for `pages` the
/// core's stream of items. The per-call keyword
/// arguments (`timeout`, `connect_timeout`, `idle_timeout`, `stream_timeout`, `max_retries`,
/// `extra_headers`) are added to each.
///
/// In the Python signature every argument defaults to `None`, so that a missing one reaches the
/// binding (and is refused as a `ValidationError`), and `**kwargs` catches unknown keywords.
macro_rules! client_classes {
    (
        $(#[doc = $doc:literal])*
        $sync:ident, $async_:ident for $core:ty;
        raw $sync_raw:ident, $async_raw:ident;
        new($($npos:ident : $npty:ty),* ; $($nkw:ident : $nkty:ty),*) |$new_py:ident| $make_builder:expr;
        streams {$(
            $(#[doc = $sop_doc:literal])*
            fn $sop:ident($($spos:ident : $spty:ty),* ; $($skw:ident : $skty:ty),*) |$sclient:ident, $spy:ident| $sbody:block
        )*}
        calls {$(
            $(#[doc = $op_doc:literal])*
            fn $op:ident($($pos:ident : $pty:ty),* ; $($kw:ident : $kty:ty),*) |$client:ident, $py:ident| $body:block
        )*}
        values {$(
            $(#[doc = $vop_doc:literal])*
            fn $vop:ident($($vpos:ident : $vpty:ty),* ; $($vkw:ident : $vkty:ty),*) |$vclient:ident, $vpy:ident| $vbody:block
        )*}
        objects {$(
            $(#[doc = $oop_doc:literal])*
            fn $oop:ident($($opos:ident : $opty:ty),* ; $($okw:ident : $okty:ty),*) |$oclient:ident, $opy:ident| $obody:block
        )*}
        pages {$(
            $(#[doc = $pop_doc:literal])*
            fn $pop:ident($($ppos:ident : $ppty:ty),* ; $($pkw:ident : $pkty:ty),*) |$pclient:ident, $ppy:ident| $pbody:block
        )*}
    ) => {
        client_classes!(@pair [$(#[doc = $doc])*] $sync, $sync_raw, $core, block_on_answer, sync_pages, sync_object;
            new($($npos : $npty),* ; $($nkw : $nkty),*) |$new_py| $make_builder;
            streams {$($(#[doc = $sop_doc])* fn $sop($($spos : $spty),* ; $($skw : $skty),*) |$sclient, $spy| $sbody)*}
            calls {$($(#[doc = $op_doc])* fn $op($($pos : $pty),* ; $($kw : $kty),*) |$client, $py| $body)*}
            values {$($(#[doc = $vop_doc])* fn $vop($($vpos : $vpty),* ; $($vkw : $vkty),*) |$vclient, $vpy| $vbody)*}
            objects {$($(#[doc = $oop_doc])* fn $oop($($opos : $opty),* ; $($okw : $okty),*) |$oclient, $opy| $obody)*}
            pages {$($(#[doc = $pop_doc])* fn $pop($($ppos : $ppty),* ; $($pkw : $pkty),*) |$pclient, $ppy| $pbody)*});
        client_classes!(@pair [$(#[doc = $doc])*] $async_, $async_raw, $core, awaitable_answer, async_pages, async_object;
            new($($npos : $npty),* ; $($nkw : $nkty),*) |$new_py| $make_builder;
            streams {$($(#[doc = $sop_doc])* fn $sop($($spos : $spty),* ; $($skw : $skty),*) |$sclient, $spy| $sbody)*}
            calls {$($(#[doc = $op_doc])* fn $op($($pos : $pty),* ; $($kw : $kty),*) |$client, $py| $body)*}
            values {$($(#[doc = $vop_doc])* fn $vop($($vpos : $vpty),* ; $($vkw : $vkty),*) |$vclient, $vpy| $vbody)*}
            objects {$($(#[doc = $oop_doc])* fn $oop($($opos : $opty),* ; $($okw : $okty),*) |$oclient, $opy| $obody)*}
            pages {$($(#[doc = $pop_doc])* fn $pop($($ppos : $ppty),* ; $($pkw : $pkty),*) |$pclient, $ppy| $pbody)*});
    };
    // One client class (sync or async) and its `with_raw_response` class.
    (
        @pair [$($doc:tt)*] $class:ident, $raw:ident, $core:ty, $finish:ident, $pages:ident, $object:ident;
        new($($npos:ident : $npty:ty),* ; $($nkw:ident : $nkty:ty),*) |$new_py:ident| $make_builder:expr;
        streams {$(
            $(#[doc = $sop_doc:literal])*
            fn $sop:ident($($spos:ident : $spty:ty),* ; $($skw:ident : $skty:ty),*) |$sclient:ident, $spy:ident| $sbody:block
        )*}
        calls {$(
            $(#[doc = $op_doc:literal])*
            fn $op:ident($($pos:ident : $pty:ty),* ; $($kw:ident : $kty:ty),*) |$client:ident, $py:ident| $body:block
        )*}
        values {$(
            $(#[doc = $vop_doc:literal])*
            fn $vop:ident($($vpos:ident : $vpty:ty),* ; $($vkw:ident : $vkty:ty),*) |$vclient:ident, $vpy:ident| $vbody:block
        )*}
        objects {$(
            $(#[doc = $oop_doc:literal])*
            fn $oop:ident($($opos:ident : $opty:ty),* ; $($okw:ident : $okty:ty),*) |$oclient:ident, $opy:ident| $obody:block
        )*}
        pages {$(
            $(#[doc = $pop_doc:literal])*
            fn $pop:ident($($ppos:ident : $ppty:ty),* ; $($pkw:ident : $pkty:ty),*) |$pclient:ident, $ppy:ident| $pbody:block
        )*}
    ) => {
        $($doc)*
        #[pyclass(frozen, module = "chatwire")]
        pub struct $class {
            base: ClientBase<$core>,
        }

        impl $class {
            fn base(&self) -> &ClientBase<$core> {
                &self.base
            }
        }

        #[doc = concat!(
            "`", stringify!($class), "`'s calls through `with_raw_response`: each answers an ",
            "`APIResponse` with the status, headers and request id beside the typed value."
        )]
        #[pyclass(frozen, module = "chatwire")]
        pub struct $raw {
            client: Py<$class>,
        }

        impl $raw {
            fn base(&self) -> &ClientBase<$core> {
                self.client.get().base()
            }
        }

        client_classes!(@methods $class, stringify!($class);
            {
                #[new]
                #[pyo3(signature = (
                    $($npos = None,)* *, $($nkw = None,)* base_url = None, timeout = None,
                    connect_timeout = None, idle_timeout = None, stream_timeout = None,
                    max_retries = None, default_headers = None, ca_file = None, proxy = None,
                    no_proxy = None, rate_limit = None, rate_limits = None, **kwargs
                ))]
                #[allow(clippy::too_many_arguments)]
                fn new<'py>(
                    $new_py: Python<'py>,
                    $($npos: Option<Bound<'py, PyAny>>,)*
                    $($nkw: Option<Bound<'py, PyAny>>,)*
                    base_url: Option<Bound<'py, PyAny>>,
                    timeout: Option<Bound<'py, PyAny>>,
                    connect_timeout: Option<Bound<'py, PyAny>>,
                    idle_timeout: Option<Bound<'py, PyAny>>,
                    stream_timeout: Option<Bound<'py, PyAny>>,
                    max_retries: Option<Bound<'py, PyAny>>,
                    default_headers: Option<Bound<'py, PyAny>>,
                    ca_file: Option<Bound<'py, PyAny>>,
                    proxy: Option<Bound<'py, PyAny>>,
                    no_proxy: Option<Bound<'py, PyAny>>,
                    rate_limit: Option<Bound<'py, PyAny>>,
                    rate_limits: Option<Bound<'py, PyAny>>,
                    kwargs: Option<Bound<'py, PyDict>>,
                ) -> PyResult<Self> {
                    let known = [$(stringify!($npos),)* $(stringify!($nkw),)*];
                    refuse_unknown(
                        $new_py,
                        concat!(stringify!($class), "()"),
                        &[&known[..], &CLIENT_OPTIONS[..]].concat(),
                        kwargs.as_ref(),
                    )?;
                    $(let $npos: $npty = FromArg::from_arg($new_py, stringify!($npos), $npos.as_ref())?;)*
                    $(let $nkw: $nkty = FromArg::from_arg($new_py, stringify!($nkw), $nkw.as_ref())?;)*
                    let common = CommonArgs::from_args($new_py, CommonArgValues {
                        base_url, timeout, connect_timeout, idle_timeout, stream_timeout,
                        max_retries, default_headers, ca_file, proxy, no_proxy, rate_limit,
                        rate_limits,
                    })?;
                    let make_builder = $make_builder;
                    Ok(Self {
                        base: ClientBase::build($new_py, make_builder, common)?,
                    })
                }

                /// The same calls, each answering its HTTP response (`.status_code`,
                /// `.headers`, `.request_id`) with the typed value (`.parse()`).
                #[getter]
                fn with_raw_response(slf: &Bound<'_, Self>) -> PyResult<Py<$raw>> {
                    Py::new(slf.py(), $raw { client: slf.clone().unbind() })
                }

                /// A copy of this client whose calls use these settings.
                #[pyo3(signature = (
                    *, timeout = None, connect_timeout = None, idle_timeout = None,
                    stream_timeout = None, max_retries = None, extra_headers = None, **kwargs
                ))]
                #[allow(clippy::too_many_arguments)]
                fn with_options<'py>(
                    &self,
                    py: Python<'py>,
                    timeout: Option<Bound<'py, PyAny>>,
                    connect_timeout: Option<Bound<'py, PyAny>>,
                    idle_timeout: Option<Bound<'py, PyAny>>,
                    stream_timeout: Option<Bound<'py, PyAny>>,
                    max_retries: Option<Bound<'py, PyAny>>,
                    extra_headers: Option<Bound<'py, PyAny>>,
                    kwargs: Option<Bound<'py, PyDict>>,
                ) -> PyResult<Self> {
                    refuse_unknown(
                        py,
                        concat!(stringify!($class), ".with_options()"),
                        &CALL_OPTIONS,
                        kwargs.as_ref(),
                    )?;
                    let options = CallOptions::from_args(py, CallOptionValues {
                        timeout, connect_timeout, idle_timeout, stream_timeout, max_retries,
                        extra_headers,
                    })?;
                    Ok(Self {
                        base: self.base.with_options(py, options)?,
                    })
                }

                /// Releases the client; calls after it raise.
                fn close(&self) {
                    self.base.close();
                }

                fn __repr__(&self) -> String {
                    self.base.repr(stringify!($class))
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
                    self.base.close();
                }

                fn __aenter__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
                    ready(slf.py(), slf.clone().into_any().unbind())
                }

                fn __aexit__<'py>(
                    &self,
                    py: Python<'py>,
                    _kind: Option<&Bound<'py, PyAny>>,
                    _value: Option<&Bound<'py, PyAny>>,
                    _traceback: Option<&Bound<'py, PyAny>>,
                ) -> PyResult<Bound<'py, PyAny>> {
                    self.base.close();
                    ready(py, py.None())
                }
            }
            $([$finish Opened] $(#[doc = $sop_doc])* fn $sop($($spos : $spty),* ; $($skw : $skty),*) |$sclient, $spy| $sbody)*
            $([$finish Typed] $(#[doc = $op_doc])* fn $op($($pos : $pty),* ; $($kw : $kty),*) |$client, $py| $body)*
            $([$finish std::convert::identity] $(#[doc = $vop_doc])* fn $vop($($vpos : $vpty),* ; $($vkw : $vkty),*) |$vclient, $vpy| $vbody)*
            $([$object std::convert::identity] $(#[doc = $oop_doc])* fn $oop($($opos : $opty),* ; $($okw : $okty),*) |$oclient, $opy| $obody)*
            $([$pages std::convert::identity] $(#[doc = $pop_doc])* fn $pop($($ppos : $ppty),* ; $($pkw : $pkty),*) |$pclient, $ppy| $pbody)*
        );

        client_classes!(@methods $raw, concat!(stringify!($class), ".with_raw_response");
            {
                fn __repr__(&self) -> String {
                    format!("{}.with_raw_response", self.base().repr(stringify!($class)))
                }
            }
            $([$finish Raw] $(#[doc = $op_doc])* fn $op($($pos : $pty),* ; $($kw : $kty),*) |$client, $py| $body)*
        );
    };
    // A class's Python methods: `$items` as they are, then one method per operation, whose
    // answer (or each item, for a listing) is wrapped in `$wrap` (`Opened`, `Typed`, `Raw`)
    // and handed to `$finish`, which waits for it, makes it a coroutine or an iterator.
    (
        @methods $class:ident, $label:expr;
        { $($items:tt)* }
        $(
            [$finish:ident $wrap:path]
            $(#[doc = $op_doc:literal])*
            fn $op:ident($($pos:ident : $pty:ty),* ; $($kw:ident : $kty:ty),*) |$client:ident, $py:ident| $body:block
        )*
    ) => {
        #[pymethods]
        impl $class {
            $($items)*

            $(
                $(#[doc = $op_doc])*
                #[pyo3(signature = (
                    $($pos = None,)* *, $($kw = None,)* timeout = None, connect_timeout = None,
                    idle_timeout = None, stream_timeout = None, max_retries = None,
                    extra_headers = None, **kwargs
                ))]
                #[allow(clippy::too_many_arguments)]
                fn $op<'py>(
                    &self,
                    $py: Python<'py>,
                    $($pos: Option<Bound<'py, PyAny>>,)*
                    $($kw: Option<Bound<'py, PyAny>>,)*
                    timeout: Option<Bound<'py, PyAny>>,
                    connect_timeout: Option<Bound<'py, PyAny>>,
                    idle_timeout: Option<Bound<'py, PyAny>>,
                    stream_timeout: Option<Bound<'py, PyAny>>,
                    max_retries: Option<Bound<'py, PyAny>>,
                    extra_headers: Option<Bound<'py, PyAny>>,
                    kwargs: Option<Bound<'py, PyDict>>,
                ) -> PyResult<Bound<'py, PyAny>> {
                    let known = [$(stringify!($pos),)* $(stringify!($kw),)*];
                    refuse_unknown(
                        $py,
                        concat!($label, ".", stringify!($op), "()"),
                        &[&known[..], &CALL_OPTIONS[..]].concat(),
                        kwargs.as_ref(),
                    )?;
                    $(let $pos: $pty = FromArg::from_arg($py, stringify!($pos), $pos.as_ref())?;)*
                    $(let $kw: $kty = FromArg::from_arg($py, stringify!($kw), $kw.as_ref())?;)*
                    let options = CallOptions::from_args($py, CallOptionValues {
                        timeout, connect_timeout, idle_timeout, stream_timeout, max_retries,
                        extra_headers,
                    })?;
                    let $client = self.base().for_call($py, options)?;
                    let answer = $body;
                    $finish($py, concat!($label, ".", stringify!($op)), $wrap, answer)
                }
            )*
        }
    };
}

/// A sync method's end: wait with the GIL released, then convert.
fn block_on_answer<'py, F, T, W>(
    py: Python<'py>,
    _name: &'static str,
    wrap: impl FnOnce(T) -> W,
    future: F,
) -> PyResult<Bound<'py, PyAny>>
where
    F: std::future::Future<Output = chatwire::Result<T>> + Send,
    T: Send,
    W: Answer,
{
    Ok(wrap(block_on(py, future)?).into_sync(py)?.into_bound(py))
}

/// An async method's end: a coroutine (named `name`) of the converted answer.
fn awaitable_answer<'py, F, T, W>(
    py: Python<'py>,
    name: &'static str,
    wrap: impl FnOnce(T) -> W + Send + 'static,
    future: F,
) -> PyResult<Bound<'py, PyAny>>
where
    F: std::future::Future<Output = chatwire::Result<T>> + Send + 'static,
    W: Answer,
{
    into_awaitable(py, name, async move {
        future.await.map(|answer| ForAsync(wrap(answer)))
    })
}

/// A sync object's end (a conversation, a watcher): made at once, as the sync class's.
fn sync_object<'py, T, W>(
    py: Python<'py>,
    _name: &'static str,
    wrap: impl FnOnce(T) -> W,
    made: chatwire::Result<T>,
) -> PyResult<Bound<'py, PyAny>>
where
    W: Answer,
{
    let made = made.map_err(|error| Failure::from(error).into_py_err(py))?;
    Ok(wrap(made).into_sync(py)?.into_bound(py))
}

/// An async object's end (a conversation, a watcher): made at once, as the async class's.
fn async_object<'py, T, W>(
    py: Python<'py>,
    _name: &'static str,
    wrap: impl FnOnce(T) -> W,
    made: chatwire::Result<T>,
) -> PyResult<Bound<'py, PyAny>>
where
    W: Answer,
{
    let made = made.map_err(|error| Failure::from(error).into_py_err(py))?;
    Ok(wrap(made).into_async(py)?.into_bound(py))
}

/// A sync listing's end: an iterator (`for`) that fetches each page as the loop reaches it.
fn sync_pages<'py, S, T, W>(
    py: Python<'py>,
    _name: &'static str,
    wrap: impl FnMut(T) -> W + Send + 'static,
    items: S,
) -> PyResult<Bound<'py, PyAny>>
where
    S: Stream<Item = chatwire::Result<T>> + Send + 'static,
    W: IntoPython + Send + 'static,
{
    Ok(Bound::new(py, PageIterator::new(items.map_ok(wrap)))?.into_any())
}

/// An async listing's end: an async iterator (`async for`) that fetches each page as the loop
/// reaches it.
fn async_pages<'py, S, T, W>(
    py: Python<'py>,
    _name: &'static str,
    wrap: impl FnMut(T) -> W + Send + 'static,
    items: S,
) -> PyResult<Bound<'py, PyAny>>
where
    S: Stream<Item = chatwire::Result<T>> + Send + 'static,
    W: IntoPython + Send + 'static,
{
    Ok(Bound::new(py, AsyncPageIterator::new(items.map_ok(wrap)))?.into_any())
}

client_classes! {
    /// Mevichat: a streamed chat reply, the widget's configuration, and conversation export,
    /// one at a time or in bulk.
    Mevichat, AsyncMevichat for mevichat::Client;
    raw MevichatWithRawResponse, AsyncMevichatWithRawResponse;
    new(public_key: Option<String>, origin: Option<String>; export_token: Option<String>)
        |py| move || {
            mevichat::Builder::from_env()
                .given(&public_key, |builder, key| builder.public_key(key))
                .given(&origin, |builder, origin| builder.origin(origin))
                .given(&export_token, |builder, jwt| builder.export_token(jwt))
        };

    streams {
        /// `POST /api/chat/`: the reply, streamed.
        fn chat_stream(; session_id: String, message: String, visitor_id: Option<String>,
                       visitor_metadata: Option<JsonObject>)
            |client, py| {
                let request = mevichat::ChatRequest {
                    session_id,
                    message,
                    visitor_id,
                    visitor_metadata: visitor_metadata.map(|JsonObject(object)| object),
                };
                async move { client.chat_stream(&request).await }
            }
    }

    calls {
        /// `GET /api/widget/config/`: the widget's display configuration (cached per `max-age`).
        fn get_widget_config(;) |client, py| {
            async move { client.get_widget_config_with_response().await }
        }

        /// `GET /api/conversations/{session_id}/export.json`: the whole transcript.
        fn export_conversation(session_id: String;) |client, py| {
            async move { client.export_conversation_with_response(&session_id).await }
        }
    }

    values {
        /// The whole reply to `message` in the session `session_id`, in the provider-neutral
        /// form (`chatwire.FinalMessage`), through the API's one-shot call where it has one.
        fn reply(; session_id: String, message: String) |client, py| {
            async move { Chat::reply(&client, &session_id, &message).await }
        }

        /// Exports each session's transcript into `directory` (made if missing), as the server
        /// names it, `concurrency` at a time (default 4) within the export rate limit. A file
        /// already there and whole is skipped; a session that fails is reported in the summary.
        /// `on_progress` is called with each session's `ExportProgress` as it is done; an
        /// exception it raises stops the export and is raised here.
        fn export_all(session_ids: Strings, directory: FilePath; concurrency: Option<usize>,
                      on_progress: Option<Callback>)
            |client, py| {
                crate::export::export_all(
                    client, session_ids.0, directory.0, concurrency, on_progress,
                )
            }
    }

    objects {
        /// A conversation: turns in one session, `session_id` or a new one; with a
        /// `conversation_id` as well, the conversation these ids name, resumed.
        fn conversation(; session_id: Option<String>, conversation_id: Option<String>)
            |client, py| {
                Ok::<_, chatwire::Error>(Opening::new(client, session_id, conversation_id))
            }
    }

    pages {}
}

client_classes! {
    /// Vexar's widget API: a streamed chat answer, history, lead capture, operator messages,
    /// proactive nudges, image upload and ratings, and a watcher of a live session.
    Vexar, AsyncVexar for vexar::Client;
    raw VexarWithRawResponse, AsyncVexarWithRawResponse;
    new(site_key: Option<String>;)
        |py| move || vexar::Builder::from_env().given(&site_key, |builder, key| builder.site_key(key));

    streams {
        /// `POST /api/v1/chat/stream`: the answer, streamed.
        fn chat_stream(; session_id: String, message: String, lang: Option<String>,
                       message_id: Option<String>)
            |client, py| {
                let request = vexar::ChatRequest { session_id, message, lang, message_id };
                async move { client.chat_stream(&request).await }
            }
    }

    calls {
        /// `GET /api/v1/chat/history`: the conversation so far.
        fn get_history(; session_id: String) |client, py| {
            async move { client.get_history_with_response(&session_id).await }
        }

        /// `POST /api/v1/chat/email`: saves the visitor's email.
        fn save_email(; session_id: String, email: String) |client, py| {
            let request = vexar::EmailRequest { session_id, email };
            async move { client.save_email_with_response(&request).await }
        }

        /// `POST /api/v1/chat/contact`: saves the visitor's contact (an email or a phone).
        fn save_contact(; session_id: String, email: Option<String>, phone: Option<String>,
                        name: Option<String>)
            |client, py| {
                let request = vexar::ContactRequest { session_id, email, phone, name };
                async move { client.save_contact_with_response(&request).await }
            }

        /// `GET /api/v1/chat/operator-messages`: messages from a human operator.
        fn get_operator_messages(; session_id: String) |client, py| {
            async move { client.get_operator_messages_with_response(&session_id).await }
        }

        /// `GET /api/v1/chat/block-status`: whether the visitor is blocked.
        fn get_block_status(; session_id: String) |client, py| {
            async move { client.get_block_status_with_response(&session_id).await }
        }

        /// `GET /api/v1/chat/pending-proactive`: nudges waiting for the visitor.
        fn get_pending_proactive(; session_id: String) |client, py| {
            async move { client.get_pending_proactive_with_response(&session_id).await }
        }

        /// `POST /api/v1/chat/upload-image`: an image from a path, or from bytes with its file
        /// name and content type.
        fn upload_image(; session_id: String, image: ImageInput, file_name: Option<String>,
                        content_type: Option<String>)
            |client, py| {
                let request = upload_request(py, session_id, image, file_name, content_type)?;
                async move { client.upload_image_with_response(&request).await }
            }

        /// `POST /api/v1/chat/rate`: a score from 1 to 5.
        fn rate_conversation(; session_id: String, score: u8) |client, py| {
            let request = vexar::RateRequest { session_id, score };
            async move { client.rate_conversation_with_response(&request).await }
        }

        /// `POST /api/v1/chat/rate/comment`: a comment on the rating.
        fn comment_rating(; session_id: String, comment: String) |client, py| {
            let request = vexar::RateCommentRequest { session_id, comment };
            async move { client.comment_rating_with_response(&request).await }
        }
    }

    values {
        /// The whole reply to `message` in the session `session_id`, in the provider-neutral
        /// form (`chatwire.FinalMessage`), through the API's one-shot call where it has one.
        fn reply(; session_id: String, message: String) |client, py| {
            async move { Chat::reply(&client, &session_id, &message).await }
        }
    }

    objects {
        /// A conversation: turns in one session, `session_id` or a new one; with a
        /// `conversation_id` as well, the conversation these ids name, resumed.
        fn conversation(; session_id: Option<String>, conversation_id: Option<String>)
            |client, py| {
                Ok::<_, chatwire::Error>(Opening::new(client, session_id, conversation_id))
            }

        /// Watches the session `session_id`: operator messages, mode changes, proactive
        /// messages and blocking, as they happen, polled every `interval` seconds (default 2),
        /// ending with the error after `max_failures` failed polls in a row (default 5). Each
        /// request of a poll is bounded by `poll_timeout` seconds (default 30). With
        /// `pause_ai_in_operator_mode`, this client's `chat_stream` for the session raises
        /// `OperatorModeError` while the watcher sees it in operator mode.
        fn watch(; session_id: String, interval: Option<Seconds>, max_failures: Option<u32>,
                 poll_timeout: Option<Seconds>, pause_ai_in_operator_mode: Option<bool>)
            |client, py| {
                let mut options = vexar::WatchOptions::default();
                if let Some(Seconds(interval)) = interval {
                    options.interval = interval;
                }
                if let Some(failures) = max_failures {
                    options.max_failures = failures;
                }
                if let Some(Seconds(timeout)) = poll_timeout {
                    options.poll_timeout = timeout;
                }
                if let Some(pause) = pause_ai_in_operator_mode {
                    options.pause_ai_in_operator_mode = pause;
                }
                client.watch(session_id, options).map(Watching)
            }
    }

    pages {}
}

/// `upload_image`'s request. A path's file is read with the GIL released; its name is the one
/// sent unless `file_name` is given. An explicit `content_type` is taken as given; without one,
/// the core takes the type from the file name's extension.
fn upload_request(
    py: Python<'_>,
    session_id: String,
    image: ImageInput,
    file_name: Option<String>,
    content_type: Option<String>,
) -> PyResult<vexar::UploadImageRequest> {
    let core_error = |error: chatwire::Error| Failure::from(error).into_py_err(py);
    let (bytes, file_name) = match image {
        ImageInput::Path(path) => {
            let mut request = py
                .detach(|| match &content_type {
                    Some(kind) => vexar::UploadImageRequest::from_path_with_type(
                        session_id,
                        &path,
                        kind.clone(),
                    ),
                    None => vexar::UploadImageRequest::from_path(session_id, &path),
                })
                .map_err(core_error)?;
            if let Some(name) = file_name {
                request.file_name = name;
            }
            return Ok(request);
        }
        ImageInput::Bytes(bytes, read_from) => match file_name.or(read_from) {
            Some(name) => (bytes, name),
            None => {
                return Err(validation_error(
                    py,
                    "file_name",
                    "is required when image is bytes or a file object without a name",
                ))
            }
        },
    };
    match content_type {
        Some(kind) => Ok(vexar::UploadImageRequest::from_bytes(
            session_id, bytes, file_name, kind,
        )),
        None => vexar::UploadImageRequest::from_named_bytes(session_id, bytes, file_name)
            .map_err(core_error),
    }
}

client_classes! {
    /// The Developer API (a bearer key): chat, streamed or whole, usage and sessions.
    DevApi, AsyncDevApi for devapi::Client;
    raw DevApiWithRawResponse, AsyncDevApiWithRawResponse;
    new(api_key: Option<String>; origin: Option<String>)
        |py| move || {
            devapi::Builder::from_env()
                .given(&api_key, |builder, key| builder.api_key(key))
                .given(&origin, |builder, origin| builder.origin(origin))
        };

    streams {
        /// `POST /api/v1/chat` with `stream: true`: the answer, streamed.
        fn chat_stream(; message: String, session_id: Option<String>) |client, py| {
            let request = devapi::ChatRequest { message, session_id };
            async move { client.chat_stream(&request).await }
        }
    }

    calls {
        /// `POST /api/v1/chat` with `stream: false`: the whole answer.
        fn chat(; message: String, session_id: Option<String>) |client, py| {
            let request = devapi::ChatRequest { message, session_id };
            async move { client.chat_with_response(&request).await }
        }

        /// `GET /api/v1/usage`: requests, tokens and cost, in all and by model.
        fn get_usage(; start_date: Option<String>) |client, py| {
            let query = devapi::UsageQuery { start_date };
            async move { client.get_usage_with_response(&query).await }
        }

        /// `GET /api/v1/sessions`: a page of sessions.
        fn list_sessions(; include_all: Option<bool>, page: Option<u32>, per_page: Option<u32>)
            |client, py| {
                let query = devapi::SessionsQuery { include_all, page, per_page };
                async move { client.list_sessions_with_response(&query).await }
            }
    }

    values {
        /// The whole reply to `message` in the session `session_id`, in the provider-neutral
        /// form (`chatwire.FinalMessage`), through the API's one-shot call where it has one.
        fn reply(; session_id: String, message: String) |client, py| {
            async move { Chat::reply(&client, &session_id, &message).await }
        }
    }

    objects {
        /// A conversation: turns in one session, `session_id` or a new one; with a
        /// `conversation_id` as well, the conversation these ids name, resumed.
        fn conversation(; session_id: Option<String>, conversation_id: Option<String>)
            |client, py| {
                Ok::<_, chatwire::Error>(Opening::new(client, session_id, conversation_id))
            }
    }

    pages {
        /// `GET /api/v1/sessions`, page after page: every session, most recent first, from
        /// `page` (or the first) on. A page is fetched when the loop reaches it, until
        /// `meta.has_more` says none follows.
        fn sessions(; include_all: Option<bool>, page: Option<u32>, per_page: Option<u32>)
            |client, py| {
                client.sessions(devapi::SessionsQuery { include_all, page, per_page })
            }
    }
}

client_classes! {
    /// The widget-key API (`x-api-key`): chat, whole or streamed.
    WidgetKey, AsyncWidgetKey for widgetkey::Client;
    raw WidgetKeyWithRawResponse, AsyncWidgetKeyWithRawResponse;
    new(api_key: Option<String>; key_header: Option<widgetkey::KeyHeader>)
        |py| {
            let header = key_header.unwrap_or_default();
            move || {
                widgetkey::Builder::from_env()
                    .given(&api_key, |builder, key| builder.api_key(key))
                    .key_header(header)
            }
        };

    streams {
        /// `POST /v1/chat/stream`: the answer, streamed as sent.
        fn chat_stream(; session_id: String, message: String) |client, py| {
            let request = widgetkey::ChatRequest { session_id, message };
            async move { client.chat_stream(&request).await }
        }
    }

    calls {
        /// `POST /v1/chat`: the whole answer.
        fn chat(; session_id: String, message: String) |client, py| {
            let request = widgetkey::ChatRequest { session_id, message };
            async move { client.chat_with_response(&request).await }
        }
    }

    values {
        /// The whole reply to `message` in the session `session_id`, in the provider-neutral
        /// form (`chatwire.FinalMessage`), through the API's one-shot call where it has one.
        fn reply(; session_id: String, message: String) |client, py| {
            async move { Chat::reply(&client, &session_id, &message).await }
        }
    }

    objects {
        /// A conversation: turns in one session, `session_id` or a new one; with a
        /// `conversation_id` as well, the conversation these ids name, resumed.
        fn conversation(; session_id: Option<String>, conversation_id: Option<String>)
            |client, py| {
                Ok::<_, chatwire::Error>(Opening::new(client, session_id, conversation_id))
            }
    }

    pages {}
}

/// Adds the client and stream classes to the native module.
pub fn register(native: &Bound<'_, PyModule>) -> PyResult<()> {
    note_user_agent(native.py())?;
    native.add_class::<Mevichat>()?;
    native.add_class::<AsyncMevichat>()?;
    native.add_class::<Vexar>()?;
    native.add_class::<AsyncVexar>()?;
    native.add_class::<DevApi>()?;
    native.add_class::<AsyncDevApi>()?;
    native.add_class::<WidgetKey>()?;
    native.add_class::<AsyncWidgetKey>()?;
    native.add_class::<MevichatWithRawResponse>()?;
    native.add_class::<AsyncMevichatWithRawResponse>()?;
    native.add_class::<VexarWithRawResponse>()?;
    native.add_class::<AsyncVexarWithRawResponse>()?;
    native.add_class::<DevApiWithRawResponse>()?;
    native.add_class::<AsyncDevApiWithRawResponse>()?;
    native.add_class::<WidgetKeyWithRawResponse>()?;
    native.add_class::<AsyncWidgetKeyWithRawResponse>()?;
    native.add_class::<ChatStream>()?;
    native.add_class::<AsyncChatStream>()?;
    native.add_class::<PageIterator>()?;
    native.add_class::<AsyncPageIterator>()?;
    native.add_class::<crate::conversation::Conversation>()?;
    native.add_class::<crate::conversation::AsyncConversation>()?;
    Ok(())
}
