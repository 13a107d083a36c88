//! The core's log records on their way to JS. Each record, `{ level, target, message, fields }`,
//! waits in one queue; one thread-safe function, installed once at load (`__installLogging`,
//! from `logging.js`), tells the JS side that the queue has some, and the JS side takes them all
//! (`__takeLogs`), also as the process exits, and routes each by its `client` field to that
//! client's logger. A client constructed with `logger` or `logLevel` registers them with the JS
//! side under its log id, and is released when the last JS object holding it is collected.

use std::cell::OnceCell;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use chatwire::log::LogRecord;
use napi::bindgen_prelude::{FnArgs, Function, JsObjectValue, Object, ObjectRef, ToNapiValue};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{sys, Env, JsValue, Status};
use napi_derive::napi;
use tracing::Level;

use crate::errors::{validation, Failure};
use crate::from_js::{caught, FromJs};

/// What crosses to JS: a record, or the end of a client whose logger JS holds.
pub enum LogMessage {
    Record(LogRecord),
    Released(u64),
}

impl ToNapiValue for LogMessage {
    unsafe fn to_napi_value(env: sys::napi_env, message: Self) -> napi::Result<sys::napi_value> {
        let mut object = Object::new(&Env::from_raw(env))?;
        match message {
            LogMessage::Record(record) => {
                let level = record.level.as_str().to_ascii_lowercase();
                object.set_named_property("level", level)?;
                object.set_named_property("target", record.target)?;
                object.set_named_property("message", record.line())?;
                object.set_named_property("fields", record.fields)?;
            }
            LogMessage::Released(client) => object.set_named_property("released", client as f64)?,
        }
        Ok(object.raw())
    }
}

/// `register(client, logger, level)` of the JS side.
type Register<'env> = Function<'env, FnArgs<(f64, Option<Object<'env>>, Option<&'static str>)>, ()>;

/// Weak, so that it never keeps the event loop alive (which is why the JS side also drains the
/// queue at exit); called without blocking, from whichever thread logs.
type Sink = ThreadsafeFunction<(), (), (), Status, false, true>;

static SINK: OnceLock<Sink> = OnceLock::new();

/// The records (and releases) the JS side has not taken yet.
static QUEUE: Mutex<Vec<LogMessage>> = Mutex::new(Vec::new());

/// Past this many waiting records (a JS thread busy for long), new ones are dropped rather than
/// held without bound.
const QUEUE_LIMIT: usize = 65_536;

thread_local! {
    // The JS side (its `register`), on the thread that installed it; never released.
    static LOGGING: OnceCell<ObjectRef<false>> = const { OnceCell::new() };
}

fn send(message: LogMessage) {
    let Some(sink) = SINK.get() else {
        return;
    };
    let first = {
        let mut queue = QUEUE.lock().unwrap_or_else(PoisonError::into_inner);
        if queue.len() >= QUEUE_LIMIT {
            return;
        }
        queue.push(message);
        queue.len() == 1
    };
    // One call per batch: the JS side takes whatever has come by the time it runs. Refused only
    // while Node shuts down.
    if first {
        let _ = sink.call((), ThreadsafeFunctionCallMode::NonBlocking);
    }
}

/// Every record and release waiting, oldest first (what `receive` is told to take).
#[napi(js_name = "__takeLogs", skip_typescript, catch_unwind)]
#[allow(dead_code)] // called from JS only, through napi's registration
pub fn take_logs() -> Vec<LogMessage> {
    std::mem::take(&mut *QUEUE.lock().unwrap_or_else(PoisonError::into_inner))
}

/// Takes the JS side of logging: `receive()` is called when records wait (for `__takeLogs`),
/// and `register(client, logger, level)` with each client's own settings. The process's first
/// call installs the core's forwarding; in another thread (a worker), records still go to the
/// first.
#[napi(js_name = "__installLogging", skip_typescript, catch_unwind)]
#[allow(dead_code)] // called from JS only, through napi's registration
pub fn install_logging(logging: Object) -> napi::Result<()> {
    let receive: Function<(), ()> = logging.get_named_property("receive")?;
    let sink = receive
        .build_threadsafe_function()
        .callee_handled::<false>()
        .weak::<true>()
        .build()?;
    let logging = logging.create_ref::<false>()?;
    LOGGING.with(|cell| {
        let _ = cell.set(logging);
    });
    if SINK.set(sink).is_ok() {
        // Fails only when the process has a `tracing` subscriber already, which then gets the
        // records instead.
        let _ = chatwire::log::forward(|record| send(LogMessage::Record(record)));
    }
    Ok(())
}

/// The most verbose level any live logger wants (`'off'`, `'error'`, `'warn'`, `'info'`,
/// `'debug'`): the core builds no record above it.
#[napi(js_name = "__setLogLevel", skip_typescript, catch_unwind)]
#[allow(dead_code)] // called from JS only, through napi's registration
pub fn set_log_level(level: String) -> napi::Result<()> {
    let level = LogLevel::parse(&level)
        .ok_or_else(|| napi::Error::from_reason(format!("not a log level: {level:?}")))?;
    chatwire::log::set_max_level(level.0);
    Ok(())
}

/// `logLevel`: the most verbose level of records a client logs, `None` for `'off'`.
#[derive(Clone, Copy)]
pub struct LogLevel(Option<Level>);

impl LogLevel {
    const NAMES: &'static str = "'debug', 'info', 'warn', 'error' or 'off'";

    fn parse(name: &str) -> Option<Self> {
        let level = match name {
            "debug" => Some(Level::DEBUG),
            "info" => Some(Level::INFO),
            "warn" => Some(Level::WARN),
            "error" => Some(Level::ERROR),
            "off" => None,
            _ => return None,
        };
        Some(Self(level))
    }

    fn name(self) -> &'static str {
        match self.0 {
            Some(Level::DEBUG) => "debug",
            Some(Level::INFO) => "info",
            Some(Level::WARN) => "warn",
            Some(Level::ERROR) => "error",
            _ => "off",
        }
    }
}

impl FromJs<'_> for LogLevel {
    fn from_js(value: napi::bindgen_prelude::Unknown<'_>, field: &str) -> Result<Self, Failure> {
        let name = String::from_js(value, field)?;
        Self::parse(&name)
            .ok_or_else(|| validation(field, format!("must be {}, not {name:?}", Self::NAMES)))
    }
}

// napi declares the TS interface; the binding reads the object itself (`LoggerObject`).
/// Where a client's log records go (`console` is one): each method takes the record as one line
/// (`request client=1 provider=devapi … attempt=1 status=200 … request_id=…`) and its fields.
#[napi(object, object_from_js = false, object_to_js = false)]
#[allow(dead_code)] // a TS declaration only
pub struct Logger {
    /// Takes the records at level `'debug'`.
    #[napi(ts_type = "(message: string, fields: Record<string, unknown>) => void")]
    pub debug: (),
    /// Takes the records at level `'info'`: each request attempt and each stream's end.
    #[napi(ts_type = "(message: string, fields: Record<string, unknown>) => void")]
    pub info: (),
    /// Takes the records at level `'warn'`.
    #[napi(ts_type = "(message: string, fields: Record<string, unknown>) => void")]
    pub warn: (),
    /// Takes the records at level `'error'`.
    #[napi(ts_type = "(message: string, fields: Record<string, unknown>) => void")]
    pub error: (),
}

/// A `logger` option: an object with the methods `debug`, `info`, `warn` and `error`.
pub struct LoggerObject<'env>(Object<'env>);

impl<'env> FromJs<'env> for LoggerObject<'env> {
    fn from_js(value: napi::bindgen_prelude::Unknown<'env>, field: &str) -> Result<Self, Failure> {
        let refuse = || {
            validation(
                field,
                "must be an object with the methods debug, info, warn and error, such as console",
            )
        };
        if !matches!(value.get_type(), Ok(napi::ValueType::Object)) {
            return Err(refuse());
        }
        let object = unsafe { value.cast::<Object>() }.map_err(|_| refuse())?;
        let env = object.value().env;
        for method in ["debug", "info", "warn", "error"] {
            let found = caught(
                env,
                field,
                "reading it",
                object.get_named_property::<napi::bindgen_prelude::Unknown>(method),
            )?;
            if !matches!(found.get_type(), Ok(napi::ValueType::Function)) {
                return Err(refuse());
            }
        }
        Ok(Self(object))
    }
}

/// A client's hold on its settings in the JS side; the last copy's end releases them.
pub struct Registration(u64);

impl Drop for Registration {
    fn drop(&mut self) {
        send(LogMessage::Released(self.0));
    }
}

/// Hands the `logger` and `logLevel` of the client `log_id` to the JS side, when either was
/// given; the answer keeps them registered while it lives.
pub fn register(
    env: &Env,
    log_id: u64,
    logger: Option<LoggerObject<'_>>,
    level: Option<LogLevel>,
) -> Result<Option<Arc<Registration>>, Failure> {
    if logger.is_none() && level.is_none() {
        return Ok(None);
    }
    let logging = LOGGING.with(|cell| cell.get().map(|logging| logging.get_value(env)).transpose());
    let registered = logging.and_then(|logging| {
        let Some(logging) = logging else {
            // The addon loaded without the package's JS: nothing routes records.
            return Ok(None);
        };
        let register: Register = logging.get_named_property("register")?;
        let args = (
            log_id as f64,
            logger.map(|l| l.0),
            level.map(LogLevel::name),
        );
        register.apply(logging, FnArgs::from(args))?;
        Ok(Some(Arc::new(Registration(log_id))))
    });
    caught(env.raw(), "logger", "registering it", registered)
}
