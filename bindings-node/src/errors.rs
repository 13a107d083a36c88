//! Every failure becomes an instance of one of the JS error classes of `errors.js`, with a
//! stable `code`. The classes are handed over once at load (`__registerErrorClasses`), so that an
//! error built here passes `instanceof` there.

use std::any::Any;
use std::cell::OnceCell;

use chatwire::Error;
use napi::bindgen_prelude::{FnArgs, Function, JsObjectValue, Object, ObjectRef, Unknown};
use napi::{Env, JsValue};
use napi_derive::napi;
use serde_json::{json, Map, Value};

/// What a call can end with, besides its answer.
#[derive(Debug)]
pub enum Failure {
    Core(Error),
    /// Input the binding refused while reading it from JS, before any request: `field` as the
    /// caller spells it (the key, in camelCase), and the whole message.
    Invalid {
        field: String,
        message: String,
    },
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// A Rust panic, caught before it could reach Node.
    Panic(String),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Self::Core(error)
    }
}

/// Bad input, refused before any request: `field` is the key as the caller spells it.
pub fn validation(field: impl Into<String>, reason: impl std::fmt::Display) -> Failure {
    let field = field.into();
    let message = format!("invalid {field}: {reason}");
    Failure::Invalid { field, message }
}

pub fn panic_failure(panic: &(dyn Any + Send)) -> Failure {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_owned());
    Failure::Panic(message)
}

thread_local! {
    // Per thread, as each worker thread has its own classes. The reference is never released:
    // it lives as long as the module it came from.
    static ERROR_CLASSES: OnceCell<ObjectRef<false>> = const { OnceCell::new() };
}

/// Takes the error classes, by name, from the package's JS.
#[napi(js_name = "__registerErrorClasses", skip_typescript, catch_unwind)]
#[allow(dead_code)] // called from JS only, through napi's registration
pub fn register_error_classes(classes: Object) -> napi::Result<()> {
    let classes = classes.create_ref::<false>()?;
    ERROR_CLASSES.with(|cell| {
        // A second registration (the module loaded twice) keeps the first set.
        let _ = cell.set(classes);
    });
    Ok(())
}

impl Failure {
    /// The JS error to throw or reject with.
    pub fn into_js(self, env: &Env) -> napi::Error {
        let description = self.to_string();
        self.build(env).unwrap_or_else(|error| {
            napi::Error::from_reason(format!(
                "{description} (and its error class failed: {error})"
            ))
        })
    }

    fn build(self, env: &Env) -> napi::Result<napi::Error> {
        Ok(match self.instance(env)? {
            Ok(instance) => napi::Error::from(instance),
            Err(message) => napi::Error::from_reason(message),
        })
    }

    /// The JS error object, as a value (a summary holds some); its message alone when the
    /// addon loaded without the package's JS and its classes.
    pub fn instance(self, env: &Env) -> napi::Result<Result<Unknown<'_>, String>> {
        let (class, message, fields) = self.describe();
        let classes = ERROR_CLASSES
            .with(|cell| cell.get().map(|classes| classes.get_value(env)).transpose())?;
        let Some(classes) = classes else {
            return Ok(Err(message));
        };
        let constructor: Function<FnArgs<(String, Value)>, Unknown> =
            classes.get_named_property(class)?;
        let instance = constructor.new_instance(FnArgs::from((message, Value::Object(fields))))?;
        Ok(Ok(instance.to_unknown()))
    }

    /// The class, the message, and the fields of the JS error.
    fn describe(self) -> (&'static str, String, Map<String, Value>) {
        let message = self.to_string();
        let error = match self {
            Self::Core(error) => error,
            Self::Invalid { field, message } => {
                let fields = fields(json!({"code": "validation_error", "field": field}));
                return ("ValidationError", message, fields);
            }
            Self::Aborted => {
                return (
                    "APIUserAbortError",
                    message,
                    fields(json!({"code": "aborted"})),
                )
            }
            Self::Panic(_) => {
                return (
                    "ChatwireError",
                    message,
                    fields(json!({"code": "internal_error"})),
                )
            }
        };
        let (class, details) = match &error {
            Error::Api(api) => (
                api_class(api.status),
                json!({
                    "code": api.code.as_deref().unwrap_or("api_error"),
                    "status": api.status,
                    "requestId": api.request_id,
                    "body": api.body,
                    "providerMessage": api.message,
                    "retryAfter": api.retry_after.map(|wait| wait.as_secs_f64()),
                }),
            ),
            Error::StreamError { code, message } => (
                "APIError",
                json!({"code": code, "providerMessage": message}),
            ),
            Error::Redirect {
                status,
                location,
                reason,
            } => (
                "RedirectError",
                json!({
                    "code": "redirect_not_followed",
                    "status": status,
                    "location": location,
                    "reason": reason.to_string(),
                }),
            ),
            Error::Connection { .. } => ("APIConnectionError", json!({"code": "connection_error"})),
            Error::Timeout { after } => (
                "APITimeoutError",
                json!({"code": "timeout", "timeoutMs": after.as_millis() as u64}),
            ),
            Error::StreamDeadline { after } => (
                "StreamDeadlineError",
                json!({"code": "stream_deadline", "timeoutMs": after.as_millis() as u64}),
            ),
            Error::IdleTimeout { after } => (
                "StreamIdleTimeoutError",
                json!({"code": "stream_idle_timeout", "timeoutMs": after.as_millis() as u64}),
            ),
            Error::StreamEnded { events, .. } => (
                "StreamEndedError",
                json!({"code": "stream_ended", "events": events}),
            ),
            Error::Decode { what, raw, .. } => (
                "DecodeError",
                json!({"code": "decode_error", "what": what, "raw": raw}),
            ),
            Error::OperatorMode { session_id } => (
                "OperatorModeError",
                json!({"code": "operator_mode", "sessionId": session_id}),
            ),
            Error::File { action, path, .. } => (
                "FileError",
                json!({
                    "code": "file_error",
                    "action": action,
                    "path": path.to_string_lossy(),
                }),
            ),
            Error::Validation { field, reason } => {
                // The core names fields as the wire does; JS names them in camelCase, in the
                // reason too ("give api_key or set DEVAPI_API_KEY").
                let camel = camel_case(field);
                let mut reason = replace_word(reason, field, &camel);
                if *field == "rate_limits" {
                    // Its reasons name operations and the other option as the spec does
                    // (`export_conversation`, `rate_limit`); JS takes them in camelCase.
                    reason = snake_words_in_camel_case(&reason);
                }
                let field = camel;
                let message = format!("invalid {field}: {reason}");
                let fields = fields(json!({"code": "validation_error", "field": field}));
                return ("ValidationError", message, fields);
            }
            _ => ("ChatwireError", json!({"code": "unknown_error"})),
        };
        (class, message, fields(details))
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Core(error) => error.fmt(f),
            Self::Invalid { message, .. } => f.write_str(message),
            Self::Aborted => f.write_str("the request was aborted"),
            Self::Panic(message) => write!(
                f,
                "chatwire hit an internal error (a Rust panic): {message}; please report it"
            ),
        }
    }
}

/// `snake_case` as `camelCase`: how JS spells the core's and the structs' field names.
pub fn camel_case(name: &str) -> String {
    let mut words = name.split('_');
    let mut camel = words.next().unwrap_or_default().to_owned();
    for word in words {
        let mut chars = word.chars();
        camel.extend(chars.next().map(|c| c.to_ascii_uppercase()));
        camel.push_str(chars.as_str());
    }
    camel
}

/// `text` with each whole word in lowercase `snake_case` (`export_conversation`) in `camelCase`;
/// names in capitals (`DEVAPI_API_KEY`) are left as they are.
fn snake_words_in_camel_case(text: &str) -> String {
    let mut converted = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, converted: &mut String| {
        let lower = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
        let snake = word.contains('_')
            && !word.starts_with('_')
            && !word.ends_with('_')
            && word.chars().all(lower);
        match snake {
            true => converted.push_str(&camel_case(word)),
            false => converted.push_str(word),
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut converted);
            converted.push(c);
        }
    }
    flush(&mut word, &mut converted);
    converted
}

/// `text` with each whole-word `word` (not part of a longer name, such as `DEVAPI_API_KEY`)
/// replaced by `by`.
fn replace_word(text: &str, word: &str, by: &str) -> String {
    if word == by || word.is_empty() {
        return text.to_owned();
    }
    let in_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut replaced = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(word) {
        let (head, tail) = (&rest[..at], &rest[at + word.len()..]);
        let before = head.chars().last().or_else(|| replaced.chars().last());
        let whole = !before.is_some_and(in_name) && !tail.chars().next().is_some_and(in_name);
        replaced.push_str(head);
        replaced.push_str(if whole { by } else { word });
        rest = tail;
    }
    replaced.push_str(rest);
    replaced
}

/// The class of an error status: one per status a user may want to tell apart.
fn api_class(status: u16) -> &'static str {
    match status {
        400 => "BadRequestError",
        401 => "AuthenticationError",
        403 => "PermissionDeniedError",
        404 => "NotFoundError",
        405 => "MethodNotAllowedError",
        409 => "ConflictError",
        422 => "UnprocessableEntityError",
        429 => "RateLimitError",
        500.. => "InternalServerError",
        _ => "APIError",
    }
}

fn fields(details: Value) -> Map<String, Value> {
    match details {
        Value::Object(map) => map.into_iter().filter(|(_, v)| !v.is_null()).collect(),
        _ => Map::new(),
    }
}

/// Panics inside a call, to show that a panic rejects with a `ChatwireError` and the process
/// lives on.
#[napi(js_name = "__panicForTest", skip_typescript, catch_unwind)]
#[allow(dead_code)] // called from the tests only, through napi's registration
pub fn panic_for_test(env: &Env) -> napi::Result<napi::bindgen_prelude::PromiseRaw<'_, bool>> {
    let link = crate::options::AbortLink::new(env, None)?;
    crate::call::promise(env, Ok(((), link)), |()| async {
        if std::hint::black_box(true) {
            panic!("a panic for the test");
        }
        Ok(true)
    })
}
