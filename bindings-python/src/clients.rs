//! The four providers' Python clients, each as a sync and an async class declared once by
//! [`client_classes!`]: the constructor's keyword arguments become the core builder's settings,
//! each method builds the core request and awaits the core call, and nothing else.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chatwire::stream::{EventStream, ProviderEvents};
use chatwire::{devapi, mevichat, vexar, widgetkey, ClientBuilder, ProviderClient, RequestOptions};
use http::header::{HeaderName, HeaderValue};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert::{to_json_object, IntoPython};
use crate::errors::{validation_error, Failure};
use crate::runtime::{block_on, into_awaitable, ForkLocal};
use crate::stream::{AsyncChatStream, ChatStream, Ready, Source};

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
        Ok(Py::new(py, ChatStream::new(Source::boxed(self.0)))?.into_any())
    }

    fn into_async(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(Py::new(py, AsyncChatStream::new(Source::boxed(self.0)))?.into_any())
    }
}

/// An answer on its way to an async caller.
struct ForAsync<T>(T);

impl<T: Answer> IntoPython for ForAsync<T> {
    fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.0.into_async(py)
    }
}

/// Seconds from Python as a duration, refused before any request when not a finite, positive
/// number.
fn seconds(py: Python<'_>, field: &'static str, value: Option<f64>) -> PyResult<Option<Duration>> {
    value
        .map(|secs| {
            Duration::try_from_secs_f64(secs)
                .ok()
                .filter(|d| !d.is_zero())
                .ok_or_else(|| {
                    validation_error(
                        py,
                        field,
                        format!("must be a positive number of seconds, not {secs}"),
                    )
                })
        })
        .transpose()
}

/// A retry count from Python, refused before any request when negative or too large.
fn retries(py: Python<'_>, value: Option<i64>) -> PyResult<Option<u32>> {
    value
        .map(|count| {
            u32::try_from(count).map_err(|_| {
                validation_error(
                    py,
                    "max_retries",
                    format!("must be a count ≥ 0, not {count}"),
                )
            })
        })
        .transpose()
}

fn headers(
    py: Python<'_>,
    field: &'static str,
    given: Option<HashMap<String, String>>,
) -> PyResult<Vec<(HeaderName, HeaderValue)>> {
    let mut headers = Vec::new();
    for (name, value) in given.unwrap_or_default() {
        let header_name = HeaderName::try_from(name.as_str())
            .map_err(|_| validation_error(py, field, format!("{name:?} is not a header name")))?;
        let header_value = HeaderValue::try_from(value.as_str()).map_err(|_| {
            validation_error(
                py,
                field,
                format!("the value of {name:?} is not a header value"),
            )
        })?;
        headers.push((header_name, header_value));
    }
    Ok(headers)
}

/// Per-call settings, over the client's.
fn request_options(
    py: Python<'_>,
    mut options: RequestOptions,
    timeout: Option<f64>,
    idle_timeout: Option<f64>,
    max_retries: Option<i64>,
    extra_headers: Option<HashMap<String, String>>,
) -> PyResult<RequestOptions> {
    if let Some(timeout) = seconds(py, "timeout", timeout)? {
        options = options.timeout(timeout);
    }
    if let Some(idle) = seconds(py, "idle_timeout", idle_timeout)? {
        options = options.idle_timeout(idle);
    }
    if let Some(retries) = retries(py, max_retries)? {
        options = options.max_retries(retries);
    }
    for (name, value) in headers(py, "extra_headers", extra_headers)? {
        options = options.header(name, value);
    }
    Ok(options)
}

/// The settings every constructor takes, as the core builders' common methods take them.
#[derive(Clone)]
struct CommonArgs {
    base_url: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    idle_timeout: Option<Duration>,
    max_retries: Option<u32>,
    default_headers: Vec<(HeaderName, HeaderValue)>,
}

impl CommonArgs {
    fn apply<B: ClientBuilder>(&self, mut builder: B) -> B {
        if let Some(url) = &self.base_url {
            builder = builder.base_url(url.clone());
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
        if let Some(retries) = self.max_retries {
            builder = builder.max_retries(retries);
        }
        for (name, value) in &self.default_headers {
            builder = builder.header(name.clone(), value.clone());
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
    /// Builds the client once, so that bad settings raise here.
    #[allow(clippy::too_many_arguments)]
    fn build<B: ClientBuilder<Client = C>>(
        py: Python<'_>,
        make_builder: impl Fn() -> B + Send + Sync + 'static,
        base_url: Option<String>,
        timeout: Option<f64>,
        connect_timeout: Option<f64>,
        idle_timeout: Option<f64>,
        max_retries: Option<i64>,
        default_headers: Option<HashMap<String, String>>,
    ) -> PyResult<Self> {
        let common = CommonArgs {
            base_url,
            timeout: seconds(py, "timeout", timeout)?,
            connect_timeout: seconds(py, "connect_timeout", connect_timeout)?,
            idle_timeout: seconds(py, "idle_timeout", idle_timeout)?,
            max_retries: retries(py, max_retries)?,
            default_headers: headers(py, "default_headers", default_headers)?,
        };
        let build = move || common.apply(make_builder()).build();
        build().map_err(|error| Failure::from(error).into_py_err(py))?;
        let client = ForkLocal::new(move || build().expect("the settings built a client before"));
        Ok(Self {
            client: Mutex::new(Some(Arc::new(client))),
            options: RequestOptions::new(),
        })
    }

    /// The client for one call, with the call's options over the client's.
    fn for_call(
        &self,
        py: Python<'_>,
        timeout: Option<f64>,
        idle_timeout: Option<f64>,
        max_retries: Option<i64>,
        extra_headers: Option<HashMap<String, String>>,
    ) -> PyResult<C> {
        let options = request_options(
            py,
            self.options.clone(),
            timeout,
            idle_timeout,
            max_retries,
            extra_headers,
        )?;
        Ok(self.shared(py)?.get().with_options(&options))
    }

    fn shared(&self, py: Python<'_>) -> PyResult<Arc<ForkLocal<C>>> {
        self.client
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .ok_or_else(|| validation_error(py, "client", "is closed".into()))
    }

    fn with_options(
        &self,
        py: Python<'_>,
        timeout: Option<f64>,
        idle_timeout: Option<f64>,
        max_retries: Option<i64>,
        extra_headers: Option<HashMap<String, String>>,
    ) -> PyResult<Self> {
        Ok(Self {
            client: Mutex::new(Some(self.shared(py)?)),
            options: request_options(
                py,
                self.options.clone(),
                timeout,
                idle_timeout,
                max_retries,
                extra_headers,
            )?,
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

/// Declares a provider's sync and async class from one list of operations. Each operation's
/// body builds the core request and answers the core call's future; the per-call keyword
/// arguments (`timeout`, `idle_timeout`, `max_retries`, `extra_headers`) are added to each.
macro_rules! client_classes {
    (
        $(#[doc = $doc:literal])*
        $sync:ident, $async_:ident for $core:ty;
        new($($new_sig:tt)*) ($($new_arg:ident : $new_ty:ty),*) |$new_py:ident| $make_builder:expr;
        $(
            $(#[doc = $op_doc:literal])*
            fn $op:ident($($sig:tt)*) ($($arg:ident : $ty:ty),*) |$client:ident, $py:ident| $body:block
        )*
    ) => {
        $(#[doc = $doc])*
        #[pyclass(frozen, module = "chatwire")]
        pub struct $sync {
            base: ClientBase<$core>,
        }

        $(#[doc = $doc])*
        #[pyclass(frozen, module = "chatwire")]
        pub struct $async_ {
            base: ClientBase<$core>,
        }

        client_classes!(@class $sync, $core, block_on_answer;
            new($($new_sig)*) ($($new_arg : $new_ty),*) |$new_py| $make_builder;
            $($(#[doc = $op_doc])* fn $op($($sig)*) ($($arg : $ty),*) |$client, $py| $body)*);
        client_classes!(@class $async_, $core, awaitable_answer;
            new($($new_sig)*) ($($new_arg : $new_ty),*) |$new_py| $make_builder;
            $($(#[doc = $op_doc])* fn $op($($sig)*) ($($arg : $ty),*) |$client, $py| $body)*);
    };
    (
        @class $class:ident, $core:ty, $finish:ident;
        new($($new_sig:tt)*) ($($new_arg:ident : $new_ty:ty),*) |$new_py:ident| $make_builder:expr;
        $(
            $(#[doc = $op_doc:literal])*
            fn $op:ident($($sig:tt)*) ($($arg:ident : $ty:ty),*) |$client:ident, $py:ident| $body:block
        )*
    ) => {
        #[pymethods]
        impl $class {
            #[new]
            #[pyo3(signature = (
                $($new_sig)* base_url = None, timeout = None, connect_timeout = None,
                idle_timeout = None, max_retries = None, default_headers = None
            ))]
            #[allow(clippy::too_many_arguments)]
            fn new(
                $new_py: Python<'_>,
                $($new_arg: $new_ty,)*
                base_url: Option<String>,
                timeout: Option<f64>,
                connect_timeout: Option<f64>,
                idle_timeout: Option<f64>,
                max_retries: Option<i64>,
                default_headers: Option<HashMap<String, String>>,
            ) -> PyResult<Self> {
                let make_builder = $make_builder;
                Ok(Self {
                    base: ClientBase::build(
                        $new_py, make_builder, base_url, timeout, connect_timeout, idle_timeout,
                        max_retries, default_headers,
                    )?,
                })
            }

            $(
                $(#[doc = $op_doc])*
                #[pyo3(signature = (
                    $($sig)* timeout = None, idle_timeout = None, max_retries = None,
                    extra_headers = None
                ))]
                #[allow(clippy::too_many_arguments)]
                fn $op<'py>(
                    &self,
                    $py: Python<'py>,
                    $($arg: $ty,)*
                    timeout: Option<f64>,
                    idle_timeout: Option<f64>,
                    max_retries: Option<i64>,
                    extra_headers: Option<HashMap<String, String>>,
                ) -> PyResult<Bound<'py, PyAny>> {
                    let $client = self.base.for_call($py, timeout, idle_timeout, max_retries, extra_headers)?;
                    $finish($py, $body)
                }
            )*

            /// A copy of this client whose calls use these settings.
            #[pyo3(signature = (*, timeout = None, idle_timeout = None, max_retries = None, extra_headers = None))]
            fn with_options(
                &self,
                py: Python<'_>,
                timeout: Option<f64>,
                idle_timeout: Option<f64>,
                max_retries: Option<i64>,
                extra_headers: Option<HashMap<String, String>>,
            ) -> PyResult<Self> {
                Ok(Self {
                    base: self.base.with_options(py, timeout, idle_timeout, max_retries, extra_headers)?,
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
                Ready::value(slf.py(), slf.clone().into_any().unbind())
            }

            fn __aexit__<'py>(
                &self,
                py: Python<'py>,
                _kind: Option<&Bound<'py, PyAny>>,
                _value: Option<&Bound<'py, PyAny>>,
                _traceback: Option<&Bound<'py, PyAny>>,
            ) -> PyResult<Bound<'py, PyAny>> {
                self.base.close();
                Ready::value(py, py.None())
            }
        }
    };
}

/// A sync method's end: wait with the GIL released, then convert.
fn block_on_answer<'py, F, T>(py: Python<'py>, future: F) -> PyResult<Bound<'py, PyAny>>
where
    F: std::future::Future<Output = chatwire::Result<T>> + Send,
    T: Answer,
{
    Ok(block_on(py, future)?.into_sync(py)?.into_bound(py))
}

/// An async method's end: an awaitable of the converted answer.
fn awaitable_answer<'py, F, T>(py: Python<'py>, future: F) -> PyResult<Bound<'py, PyAny>>
where
    F: std::future::Future<Output = chatwire::Result<T>> + Send + 'static,
    T: Answer,
{
    into_awaitable(py, async move { future.await.map(ForAsync) })
}

/// Python's JSON object as the core's, for free-form fields.
fn json_object(
    dict: Option<Bound<'_, PyDict>>,
) -> PyResult<Option<serde_json::Map<String, serde_json::Value>>> {
    dict.map(|dict| to_json_object(&dict)).transpose()
}

client_classes! {
    /// Mevichat: a streamed chat reply, the widget's configuration, and conversation export.
    Mevichat, AsyncMevichat for mevichat::Client;
    new(public_key, origin, *, export_token = None,)
        (public_key: String, origin: String, export_token: Option<String>)
        |py| move || {
            let builder = mevichat::Client::builder(public_key.clone(), origin.clone());
            match &export_token {
                Some(jwt) => builder.export_token(jwt.clone()),
                None => builder,
            }
        };

    /// `POST /api/chat/`: the reply, streamed.
    fn chat_stream(*, session_id, message, visitor_id = None, visitor_metadata = None,)
        (session_id: String, message: String, visitor_id: Option<String>,
         visitor_metadata: Option<Bound<'py, PyDict>>)
        |client, py| {
            let request = mevichat::ChatRequest {
                session_id,
                message,
                visitor_id,
                visitor_metadata: json_object(visitor_metadata)?,
            };
            async move { client.chat_stream(&request).await.map(Opened) }
        }

    /// `GET /api/widget/config/`: the widget's display configuration (cached per `max-age`).
    fn get_widget_config(*,) () |client, py| {
        async move { client.get_widget_config().await }
    }

    /// `GET /api/conversations/{session_id}/export.json`: the whole transcript.
    fn export_conversation(session_id, *,) (session_id: String) |client, py| {
        async move { client.export_conversation(&session_id).await }
    }
}

client_classes! {
    /// Vexar's widget API: a streamed chat answer, history, lead capture, operator messages,
    /// proactive nudges, image upload and ratings.
    Vexar, AsyncVexar for vexar::Client;
    new(site_key, *,) (site_key: String) |py| move || vexar::Client::builder(site_key.clone());

    /// `POST /api/v1/chat/stream`: the answer, streamed.
    fn chat_stream(*, session_id, message, lang = None, message_id = None,)
        (session_id: String, message: String, lang: Option<String>, message_id: Option<String>)
        |client, py| {
            let request = vexar::ChatRequest { session_id, message, lang, message_id };
            async move { client.chat_stream(&request).await.map(Opened) }
        }

    /// `GET /api/v1/chat/history`: the conversation so far.
    fn get_history(*, session_id,) (session_id: String) |client, py| {
        async move { client.get_history(&session_id).await }
    }

    /// `POST /api/v1/chat/email`: saves the visitor's email.
    fn save_email(*, session_id, email,) (session_id: String, email: String) |client, py| {
        let request = vexar::EmailRequest { session_id, email };
        async move { client.save_email(&request).await }
    }

    /// `POST /api/v1/chat/contact`: saves the visitor's contact (an email or a phone).
    fn save_contact(*, session_id, email = None, phone = None, name = None,)
        (session_id: String, email: Option<String>, phone: Option<String>, name: Option<String>)
        |client, py| {
            let request = vexar::ContactRequest { session_id, email, phone, name };
            async move { client.save_contact(&request).await }
        }

    /// `GET /api/v1/chat/operator-messages`: messages from a human operator.
    fn get_operator_messages(*, session_id,) (session_id: String) |client, py| {
        async move { client.get_operator_messages(&session_id).await }
    }

    /// `GET /api/v1/chat/block-status`: whether the visitor is blocked.
    fn get_block_status(*, session_id,) (session_id: String) |client, py| {
        async move { client.get_block_status(&session_id).await }
    }

    /// `GET /api/v1/chat/proactive/pending`: nudges waiting for the visitor.
    fn get_pending_proactive(*, session_id,) (session_id: String) |client, py| {
        async move { client.get_pending_proactive(&session_id).await }
    }

    /// `POST /api/v1/chat/upload-image`: an image from a path, or from bytes with its file name
    /// and content type.
    fn upload_image(*, session_id, image, file_name = None, content_type = None,)
        (session_id: String, image: ImageInput, file_name: Option<String>,
         content_type: Option<String>)
        |client, py| {
            let request = image.into_request(py, session_id, file_name, content_type)?;
            async move { client.upload_image(&request).await }
        }

    /// `POST /api/v1/chat/rate`: a score from 1 to 5.
    fn rate_conversation(*, session_id, score,) (session_id: String, score: i64) |client, py| {
        let score = u8::try_from(score)
            .map_err(|_| validation_error(py, "score", format!("must be between 1 and 5, not {score}")))?;
        let request = vexar::RateRequest { session_id, score };
        async move { client.rate_conversation(&request).await }
    }

    /// `POST /api/v1/chat/rate/comment`: a comment on the rating.
    fn comment_rating(*, session_id, comment,) (session_id: String, comment: String) |client, py| {
        let request = vexar::RateCommentRequest { session_id, comment };
        async move { client.comment_rating(&request).await }
    }
}

/// `upload_image`'s image: a path, or the image's bytes.
#[derive(FromPyObject)]
pub enum ImageInput {
    Bytes(Vec<u8>),
    Path(PathBuf),
}

impl ImageInput {
    fn into_request(
        self,
        py: Python<'_>,
        session_id: String,
        file_name: Option<String>,
        content_type: Option<String>,
    ) -> PyResult<vexar::UploadImageRequest> {
        match self {
            Self::Path(path) => vexar::UploadImageRequest::from_path(session_id, path)
                .map_err(|error| Failure::from(error).into_py_err(py)),
            Self::Bytes(bytes) => {
                let (Some(file_name), Some(content_type)) = (file_name, content_type) else {
                    return Err(validation_error(
                        py,
                        "image",
                        "given as bytes, it needs file_name and content_type".into(),
                    ));
                };
                Ok(vexar::UploadImageRequest::from_bytes(
                    session_id,
                    bytes,
                    file_name,
                    content_type,
                ))
            }
        }
    }
}

client_classes! {
    /// The Developer API (a bearer key): chat, streamed or whole, usage and sessions.
    DevApi, AsyncDevApi for devapi::Client;
    new(api_key, *, origin = None,) (api_key: String, origin: Option<String>)
        |py| move || {
            let builder = devapi::Client::builder(api_key.clone());
            match &origin {
                Some(origin) => builder.origin(origin.clone()),
                None => builder,
            }
        };

    /// `POST /v1/chat` with `stream: false`: the whole answer.
    fn chat(*, message, session_id = None,) (message: String, session_id: Option<String>) |client, py| {
        let request = devapi::ChatRequest { message, session_id };
        async move { client.chat(&request).await }
    }

    /// `POST /v1/chat` with `stream: true`: the answer, streamed.
    fn chat_stream(*, message, session_id = None,) (message: String, session_id: Option<String>)
        |client, py| {
            let request = devapi::ChatRequest { message, session_id };
            async move { client.chat_stream(&request).await.map(Opened) }
        }

    /// `GET /v1/usage`: requests, tokens and cost, in all and by model.
    fn get_usage(*, start_date = None,) (start_date: Option<String>) |client, py| {
        let query = devapi::UsageQuery { start_date };
        async move { client.get_usage(&query).await }
    }

    /// `GET /v1/sessions`: a page of sessions.
    fn list_sessions(*, include_all = None, page = None, per_page = None,)
        (include_all: Option<bool>, page: Option<u32>, per_page: Option<u32>)
        |client, py| {
            let query = devapi::SessionsQuery { include_all, page, per_page };
            async move { client.list_sessions(&query).await }
        }
}

client_classes! {
    /// The widget-key API (`x-api-key`): chat, whole or streamed.
    WidgetKey, AsyncWidgetKey for widgetkey::Client;
    new(api_key, *, key_header = None,) (api_key: String, key_header: Option<String>)
        |py| {
            let header = match key_header.as_deref() {
                None | Some("x-api-key") => widgetkey::KeyHeader::XApiKey,
                Some("x-widget-api-key") => widgetkey::KeyHeader::XWidgetApiKey,
                Some(other) => {
                    return Err(validation_error(
                        py,
                        "key_header",
                        format!("must be \"x-api-key\" or \"x-widget-api-key\", not {other:?}"),
                    ))
                }
            };
            move || widgetkey::Client::builder(api_key.clone()).key_header(header)
        };

    /// `POST /api/chat` (no `stream`): the whole answer.
    fn chat(*, session_id, message,) (session_id: String, message: String) |client, py| {
        let request = widgetkey::ChatRequest { session_id, message };
        async move { client.chat(&request).await }
    }

    /// `POST /api/chat` with `stream: true`: the answer, streamed as sent.
    fn chat_stream(*, session_id, message,) (session_id: String, message: String) |client, py| {
        let request = widgetkey::ChatRequest { session_id, message };
        async move { client.chat_stream(&request).await.map(Opened) }
    }
}

/// Adds the client and stream classes to the native module.
pub fn register(native: &Bound<'_, PyModule>) -> PyResult<()> {
    native.add_class::<Mevichat>()?;
    native.add_class::<AsyncMevichat>()?;
    native.add_class::<Vexar>()?;
    native.add_class::<AsyncVexar>()?;
    native.add_class::<DevApi>()?;
    native.add_class::<AsyncDevApi>()?;
    native.add_class::<WidgetKey>()?;
    native.add_class::<AsyncWidgetKey>()?;
    native.add_class::<ChatStream>()?;
    native.add_class::<AsyncChatStream>()?;
    Ok(())
}
