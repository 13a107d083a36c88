//! Settings from JS: per client (the constructors' options) and per call (`CallOptions`), in
//! milliseconds, checked before any request, plus the link from a caller's `AbortSignal` to the
//! call it cancels.

use std::collections::HashMap;
use std::time::Duration;

use chatwire::RequestOptions;
use http::header::{HeaderName, HeaderValue};
use napi::bindgen_prelude::{FnArgs, Function, FunctionRef, JsObjectValue, Object};
use napi::Env;
use napi_derive::napi;
use tokio_util::sync::CancellationToken;

use crate::errors::{validation, Failure};

/// Settings of one call, over the client's.
#[napi(object, object_to_js = false)]
pub struct CallOptions<'a> {
    /// The timeout of the whole request, or of a stream's response headers, in ms.
    pub timeout: Option<f64>,
    /// The longest gap between two stream events, in ms.
    pub idle_timeout: Option<f64>,
    /// Retries after a failed attempt.
    pub max_retries: Option<f64>,
    /// Headers added to this call.
    pub extra_headers: Option<HashMap<String, String>>,
    /// Aborts the call, or closes the stream.
    #[napi(ts_type = "AbortSignal")]
    pub signal: Option<Object<'a>>,
}

/// A duration from JS milliseconds, refused unless a finite, positive number.
pub fn millis(field: &'static str, value: Option<f64>) -> Result<Option<Duration>, Failure> {
    value
        .map(|ms| {
            Duration::try_from_secs_f64(ms / 1000.0)
                .ok()
                .filter(|d| !d.is_zero())
                .ok_or_else(|| {
                    validation(
                        field,
                        format!("must be a positive number of milliseconds, not {ms}"),
                    )
                })
        })
        .transpose()
}

/// A retry count from JS, refused unless a whole number ≥ 0.
pub fn retries(value: Option<f64>) -> Result<Option<u32>, Failure> {
    value
        .map(|count| {
            let whole = count.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&count);
            whole.then_some(count as u32).ok_or_else(|| {
                validation(
                    "maxRetries",
                    format!("must be a whole number ≥ 0, not {count}"),
                )
            })
        })
        .transpose()
}

pub fn headers(
    field: &'static str,
    given: Option<HashMap<String, String>>,
) -> Result<Vec<(HeaderName, HeaderValue)>, Failure> {
    let mut headers = Vec::new();
    for (name, value) in given.unwrap_or_default() {
        let header_name = HeaderName::try_from(name.as_str())
            .map_err(|_| validation(field, format!("{name:?} is not a header name")))?;
        let header_value = HeaderValue::try_from(value.as_str()).map_err(|_| {
            validation(
                field,
                format!("the value of {name:?} is not a header value"),
            )
        })?;
        headers.push((header_name, header_value));
    }
    Ok(headers)
}

impl CallOptions<'_> {
    /// The core's per-call options, over `base`.
    pub fn request_options(
        &mut self,
        mut options: RequestOptions,
    ) -> Result<RequestOptions, Failure> {
        if let Some(timeout) = millis("timeout", self.timeout)? {
            options = options.timeout(timeout);
        }
        if let Some(idle) = millis("idleTimeout", self.idle_timeout)? {
            options = options.idle_timeout(idle);
        }
        if let Some(retries) = retries(self.max_retries)? {
            options = options.max_retries(retries);
        }
        for (name, value) in headers("extraHeaders", self.extra_headers.take())? {
            options = options.header(name, value);
        }
        Ok(options)
    }
}

type Listener<'env> = Function<'env, (), ()>;
/// `addEventListener` or `removeEventListener`, called with an event name and a listener.
type ListenerMethod<'env> = Function<'env, FnArgs<(&'env str, Listener<'env>)>, ()>;

/// A call's cancellation, fired by the caller's `AbortSignal` (when one was given) and by the
/// end of the call's stream.
pub struct AbortLink {
    token: CancellationToken,
    /// Whether the caller's signal fired, as opposed to a `close()`.
    aborted: CancellationToken,
    /// `signal.removeEventListener` bound to our listener, so that a long-lived signal does not
    /// collect one listener per call.
    detach: Option<FunctionRef<(), ()>>,
}

impl AbortLink {
    /// Listens to `signal`, when given; a signal that already fired cancels at once.
    pub fn new(env: &Env, signal: Option<Object<'_>>) -> napi::Result<Self> {
        let link = Self {
            token: CancellationToken::new(),
            aborted: CancellationToken::new(),
            detach: None,
        };
        let Some(signal) = signal else {
            return Ok(link);
        };
        if signal.get_named_property::<bool>("aborted")? {
            link.fire();
            return Ok(link);
        }
        let on_abort = {
            let (token, aborted) = (link.token.clone(), link.aborted.clone());
            env.create_function_from_closure::<(), (), _>("onAbort", move |_| {
                aborted.cancel();
                token.cancel();
                Ok(())
            })?
        };
        let add: ListenerMethod = signal.get_named_property("addEventListener")?;
        add.apply(signal, FnArgs::from(("abort", on_abort)))?;
        let remove: ListenerMethod = signal.get_named_property("removeEventListener")?;
        let bind: Function<FnArgs<(Object, &str, Listener)>, Listener> =
            remove.get_named_property("bind")?;
        let detach = bind.apply(remove, FnArgs::from((signal, "abort", on_abort)))?;
        Ok(Self {
            detach: Some(detach.create_ref()?),
            ..link
        })
    }

    fn fire(&self) {
        self.aborted.cancel();
        self.token.cancel();
    }

    /// Cancelled when the signal fires or the call is closed.
    pub fn token(&self) -> CancellationToken {
        self.token.clone()
    }

    /// Whether the caller's signal fired.
    pub fn aborted(&self) -> CancellationToken {
        self.aborted.clone()
    }

    /// Stops listening to the signal; on the JS thread, when the call is over.
    pub fn detach(&mut self, env: &Env) {
        if let Some(detach) = self.detach.take() {
            // A signal whose listener cannot be removed only keeps a closure alive; the call
            // itself is over either way.
            let _ = detach.borrow_back(env).and_then(|detach| detach.call(()));
        }
    }
}
