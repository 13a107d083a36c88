//! Settings of one call from JS (`CallOptions`, durations in milliseconds), and the link from a
//! caller's `AbortSignal` to the call it cancels.

use chatwire::RequestOptions;
use napi::bindgen_prelude::{FnArgs, Function, FunctionRef, JsObjectValue, Object};
use napi::Env;
use napi_derive::napi;
use tokio_util::sync::CancellationToken;

use crate::from_js::{Headers, Millis, Signal};

// napi declares the TS interface; the binding reads the object itself (`from_js!`).
/// Settings of one call, over the client's.
#[napi(object, object_from_js = false, object_to_js = false)]
#[derive(Default)]
pub struct CallOptions<'a> {
    /// The timeout of the whole request, or of a stream's response headers, in ms.
    #[napi(ts_type = "number")]
    pub timeout: Option<Millis>,
    /// The timeout to open a connection, in ms.
    #[napi(ts_type = "number")]
    pub connect_timeout: Option<Millis>,
    /// The longest gap between two stream events, in ms.
    #[napi(ts_type = "number")]
    pub idle_timeout: Option<Millis>,
    /// The longest a whole stream may take, from the start of the call that opens it to its
    /// last event, in ms; past it, the stream ends with a `StreamDeadlineError`.
    #[napi(ts_type = "number")]
    pub stream_timeout: Option<Millis>,
    /// Retries after a failed attempt.
    pub max_retries: Option<u32>,
    /// Headers added to this call.
    #[napi(ts_type = "Record<string, string>")]
    pub extra_headers: Option<Headers>,
    /// Aborts the call, or closes the stream.
    #[napi(ts_type = "AbortSignal")]
    pub signal: Option<Signal<'a>>,
}

from_js!(CallOptions<'_> as "option" {
    timeout, connect_timeout, idle_timeout, stream_timeout, max_retries, extra_headers, signal
});

/// A call's `options` as JS gave them: the core's per-call options over `base`, and the link
/// to its signal. They are read whole first, so that refused options leave no listener on the
/// signal.
pub fn read_call_options(
    env: &Env,
    options: Option<napi::bindgen_prelude::Unknown<'_>>,
    base: RequestOptions,
) -> Result<(RequestOptions, AbortLink), crate::errors::Failure> {
    let mut options =
        crate::from_js::read_optional::<CallOptions>(options, "options")?.unwrap_or_default();
    let request_options = options.request_options(base);
    let signal = options.signal.take().map(|signal| signal.0);
    let link = crate::from_js::caught(
        env.raw(),
        "signal",
        "listening to it",
        AbortLink::new(env, signal),
    )?;
    Ok((request_options, link))
}

impl CallOptions<'_> {
    /// The core's per-call options, over `options`.
    pub fn request_options(&mut self, mut options: RequestOptions) -> RequestOptions {
        if let Some(Millis(timeout)) = self.timeout.take() {
            options = options.timeout(timeout);
        }
        if let Some(Millis(connect)) = self.connect_timeout.take() {
            options = options.connect_timeout(connect);
        }
        if let Some(Millis(idle)) = self.idle_timeout.take() {
            options = options.idle_timeout(idle);
        }
        if let Some(Millis(stream)) = self.stream_timeout.take() {
            options = options.stream_timeout(stream);
        }
        if let Some(retries) = self.max_retries {
            options = options.max_retries(retries);
        }
        for (name, value) in self.extra_headers.take().map(|h| h.0).unwrap_or_default() {
            options = options.header(name, value);
        }
        options
    }
}

/// A rate limit of the `rateLimits` option: at most `requests` calls in any span of `perMs`.
#[napi(object, object_from_js = false, object_to_js = false)]
#[allow(dead_code)] // a TS declaration only: `from_js::RateLimits` reads it
pub struct RateLimit {
    /// Calls allowed in one span (at least 1).
    pub requests: u32,
    /// The span, in ms.
    pub per_ms: f64,
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
