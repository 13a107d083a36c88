//! Python arguments as Rust values, in one place: every argument of every client constructor
//! and method goes through [`FromArg`], so that a value of the wrong type, one its conversion
//! cannot hold, a missing one, or an argument under an unknown name is a
//! `chatwire.ValidationError` naming the argument, raised before anything is sent. The limits
//! the APIs document are the core's to check; here are only the rules of the conversion.
//!
//! - `str`: a `str` (never bytes or a number), encodable as UTF-8 (no lone surrogate);
//! - `bool`: a `bool` (not an int);
//! - an int: an `int` or an object with `__index__` (not a `bool`, not a float), within the
//!   range of its Rust type;
//! - seconds: an `int` or a `float` (not a `bool`) above zero; one too long for a `Duration`
//!   (`float("inf")` included) is the longest one, which the core treats as no limit;
//! - headers: a mapping of `str` to `str`, each a valid header name and value;
//! - the image: `bytes` (or a `bytearray` or `memoryview`), a path as `str` or `os.PathLike`, or
//!   a binary file object (`open(path, "rb")`, `io.BytesIO`), read whole;
//! - a file's path (`ca_file`): a `str` or an `os.PathLike`;
//! - free-form JSON ([`JsonObject`]): a `dict` as `json.dumps(value, allow_nan=False)` writes it;
//! - rate limits ([`RateLimits`]): a mapping of `str` to a `(requests, seconds)` pair;
//! - a callback ([`Callback`]): anything callable;
//! - strings ([`Strings`]): an iterable of `str`, not a `str` itself.

use std::path::PathBuf;
use std::time::Duration;

use chatwire::widgetkey;
use http::header::{HeaderName, HeaderValue};
use pyo3::exceptions::{PyException, PyOverflowError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyMapping, PyMemoryView,
    PyString, PyTuple,
};
use serde_json::{Map, Value};

use crate::errors::{validation_error, validation_error_from};

/// A value taken from one Python argument, given or not (`None` counts as not given).
pub trait FromArg: Sized {
    fn from_arg(py: Python<'_>, field: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Self>;
}

/// A value taken from a Python object that is not `None`.
pub trait FromValue: Sized {
    fn from_value(field: &str, value: &Bound<'_, PyAny>) -> PyResult<Self>;
}

/// A required argument: missing or `None` is refused.
impl<T: FromValue> FromArg for T {
    fn from_arg(py: Python<'_>, field: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        match value {
            Some(value) if !value.is_none() => T::from_value(field, value),
            _ => Err(validation_error(py, field, "is required")),
        }
    }
}

/// An optional argument: missing or `None` is `None`.
impl<T: FromValue> FromArg for Option<T> {
    fn from_arg(_py: Python<'_>, field: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        match value {
            Some(value) if !value.is_none() => T::from_value(field, value).map(Some),
            _ => Ok(None),
        }
    }
}

/// `must be <expected>, not <type>`.
fn wrong_type(field: &str, expected: &str, value: &Bound<'_, PyAny>) -> PyErr {
    validation_error(
        value.py(),
        field,
        format!("must be {expected}, not {}", type_name(value)),
    )
}

/// The qualified name of `value`'s type (`int`, `numpy.float32`).
fn type_name(value: &Bound<'_, PyAny>) -> String {
    let kind = value.get_type();
    let name = kind
        .qualname()
        .map(|name| name.to_string())
        .unwrap_or_else(|_| "object".to_owned());
    match kind.module().map(|module| module.to_string()) {
        Ok(module) if module != "builtins" => format!("{module}.{name}"),
        _ => name,
    }
}

/// Whether `error` is one the conversion may turn into a `ValidationError`: an `Exception`, not
/// a `KeyboardInterrupt` or `SystemExit` raised while user code ran.
fn is_exception(py: Python<'_>, error: &PyErr) -> bool {
    error.is_instance_of::<PyException>(py)
}

impl FromValue for String {
    fn from_value(field: &str, value: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = value
            .cast::<PyString>()
            .map_err(|_| wrong_type(field, "a str", value))?;
        text_of(field, text)
    }
}

/// A `str`'s text as UTF-8; a lone surrogate (which UTF-8 cannot encode) is refused.
fn text_of(field: &str, text: &Bound<'_, PyString>) -> PyResult<String> {
    let py = text.py();
    match text.to_cow() {
        Ok(text) => Ok(text.into_owned()),
        Err(error) => {
            let reason = match surrogate_at(text, &error) {
                Some((index, code)) => format!(
                    "holds a lone surrogate (U+{code:04X} at index {index}), which UTF-8 cannot \
                     encode"
                ),
                None => "holds a lone surrogate, which UTF-8 cannot encode".to_owned(),
            };
            Err(validation_error_from(py, field, reason, error))
        }
    }
}

/// Where the `UnicodeEncodeError` `error` of `text` points, and the code point there.
fn surrogate_at(text: &Bound<'_, PyString>, error: &PyErr) -> Option<(usize, u32)> {
    let py = text.py();
    let index: usize = error.value(py).getattr("start").ok()?.extract().ok()?;
    let char = text.get_item(index).ok()?;
    let code: u32 = py
        .import("builtins")
        .ok()?
        .getattr("ord")
        .ok()?
        .call1((char,))
        .ok()?
        .extract()
        .ok()?;
    Some((index, code))
}

impl FromValue for bool {
    fn from_value(field: &str, value: &Bound<'_, PyAny>) -> PyResult<Self> {
        value
            .cast::<PyBool>()
            .map(|flag| flag.is_true())
            .map_err(|_| wrong_type(field, "a bool", value))
    }
}

/// An integer argument, within the range of its Rust type.
macro_rules! from_value_as_int {
    ($($ty:ty),*) => {$(
        impl FromValue for $ty {
            fn from_value(field: &str, value: &Bound<'_, PyAny>) -> PyResult<Self> {
                let int = int_of(field, value)?;
                int.extract::<$ty>().map_err(|error| {
                    validation_error_from(
                        value.py(),
                        field,
                        format!(
                            "must be an int from {} to {}, not {}",
                            <$ty>::MIN,
                            <$ty>::MAX,
                            describe_int(&int)
                        ),
                        error,
                    )
                })
            }
        }
    )*};
}

from_value_as_int!(u8, u32, usize);

/// `value` as a Python `int`: an `int`, or what `__index__` makes of an object that has it
/// (a NumPy integer); a `bool` or a float is refused.
fn int_of<'py>(field: &str, value: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyInt>> {
    let expected = "an int";
    if value.is_instance_of::<PyBool>() {
        return Err(wrong_type(field, expected, value));
    }
    if let Ok(int) = value.cast::<PyInt>() {
        return Ok(int.clone());
    }
    let py = value.py();
    if value.is_instance_of::<PyFloat>() || !value.hasattr("__index__")? {
        return Err(wrong_type(field, expected, value));
    }
    match value.call_method0("__index__") {
        Ok(index) => index
            .cast_into::<PyInt>()
            .map_err(|_| wrong_type(field, expected, value)),
        Err(error) if is_exception(py, &error) => Err(validation_error_from(
            py,
            field,
            format!(
                "must be {expected}, and {}.__index__() raised",
                type_name(value)
            ),
            error,
        )),
        Err(error) => Err(error),
    }
}

/// An int for a message: its digits, or its size when it has too many to print.
fn describe_int(int: &Bound<'_, PyInt>) -> String {
    match int.str() {
        Ok(text) if text.len().is_ok_and(|len| len <= 40) => text.to_string(),
        _ => match int
            .call_method0("bit_length")
            .and_then(|bits| bits.extract::<u64>())
        {
            Ok(bits) => format!("an int of {bits} bits"),
            Err(_) => "a larger int".to_owned(),
        },
    }
}

/// A duration given in seconds.
#[derive(Clone, Copy, Debug)]
pub struct Seconds(pub Duration);

impl FromValue for Seconds {
    fn from_value(field: &str, value: &Bound<'_, PyAny>) -> PyResult<Self> {
        let py = value.py();
        let expected = "a number of seconds (an int or a float)";
        let secs = if let Ok(float) = value.cast::<PyFloat>() {
            float.value()
        } else if value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
            match value.extract::<f64>() {
                Ok(secs) => secs,
                // An int beyond any float: as long (or as negative) as a float can be.
                Err(error) if error.is_instance_of::<PyOverflowError>(py) => match value.gt(0)? {
                    true => f64::INFINITY,
                    false => f64::NEG_INFINITY,
                },
                Err(error) => return Err(error),
            }
        } else {
            return Err(wrong_type(field, expected, value));
        };
        if secs.is_nan() || secs <= 0.0 {
            return Err(validation_error(
                py,
                field,
                format!("must be a number of seconds above 0, not {secs:?}"),
            ));
        }
        match Duration::try_from_secs_f64(secs) {
            Ok(duration) if duration.is_zero() => Err(validation_error(
                py,
                field,
                format!("must be at least a nanosecond, not {secs:?} s"),
            )),
            Ok(duration) => Ok(Self(duration)),
            // Longer than a Duration holds: no limit, in effect.
            Err(_) => Ok(Self(Duration::MAX)),
        }
    }
}

/// Header names and values.
#[derive(Clone, Debug, Default)]
pub struct Headers(pub Vec<(HeaderName, HeaderValue)>);

impl FromValue for Headers {
    fn from_value(field: &str, value: &Bound<'_, PyAny>) -> PyResult<Self> {
        let py = value.py();
        let expected = "a mapping of header names to values (str to str)";
        let items = if let Ok(dict) = value.cast::<PyDict>() {
            dict.items()
        } else if let Ok(mapping) = value.cast::<PyMapping>() {
            match mapping.items() {
                Ok(items) => items,
                Err(error) if is_exception(py, &error) => {
                    return Err(validation_error_from(
                        py,
                        field,
                        format!("must be {expected}; its items() raised"),
                        error,
                    ))
                }
                Err(error) => return Err(error),
            }
        } else {
            return Err(wrong_type(field, expected, value));
        };
        let mut headers = Vec::with_capacity(items.len());
        for item in items.iter() {
            let (name, header_value) = item
                .cast::<PyTuple>()
                .ok()
                .filter(|pair| pair.len() == 2)
                .map(|pair| (pair.get_item(0), pair.get_item(1)))
                .and_then(|(name, value)| Some((name.ok()?, value.ok()?)))
                .ok_or_else(|| wrong_type(field, expected, value))?;
            let name = name.cast::<PyString>().map_err(|_| {
                validation_error(
                    py,
                    field,
                    format!("header names must be str, not {}", type_name(&name)),
                )
            })?;
            let name = text_of(field, name)?;
            let header_name = HeaderName::try_from(name.as_str()).map_err(|_| {
                validation_error(py, field, format!("{name:?} is not a header name"))
            })?;
            // The value is never shown: it may be a credential.
            let text = header_value.cast::<PyString>().map_err(|_| {
                validation_error(
                    py,
                    field,
                    format!(
                        "the value of {name:?} must be a str, not {}",
                        type_name(&header_value)
                    ),
                )
            })?;
            let text = text.to_cow().map_err(|error| {
                validation_error_from(
                    py,
                    field,
                    format!("the value of {name:?} holds a lone surrogate"),
                    error,
                )
            })?;
            let header_value = HeaderValue::try_from(text.as_ref()).map_err(|_| {
                validation_error(
                    py,
                    field,
                    format!("the value of {name:?} is not a header value"),
                )
            })?;
            headers.push((header_name, header_value));
        }
        Ok(Self(headers))
    }
}

impl FromValue for widgetkey::KeyHeader {
    fn from_value(field: &str, value: &Bound<'_, PyAny>) -> PyResult<Self> {
        match String::from_value(field, value)?.as_str() {
            "x-api-key" => Ok(Self::XApiKey),
            "x-widget-api-key" => Ok(Self::XWidgetApiKey),
            other => Err(validation_error(
                value.py(),
                field,
                format!("must be \"x-api-key\" or \"x-widget-api-key\", not {other:?}"),
            )),
        }
    }
}

impl FromValue for chatwire::rate::RateLimitMode {
    fn from_value(field: &str, value: &Bound<'_, PyAny>) -> PyResult<Self> {
        match String::from_value(field, value)?.as_str() {
            "wait" => Ok(Self::Wait),
            "off" => Ok(Self::Off),
            other => Err(validation_error(
                value.py(),
                field,
                format!("must be \"wait\", \"off\" or None, not {other:?}"),
            )),
        }
    }
}

/// Rate limits by operation: a mapping of an operation name (or `"*"`) to `(requests, seconds)`.
/// Which names and counts the API allows is the core's to check when the client is built.
pub struct RateLimits(pub Vec<(String, chatwire::rate::RateLimit)>);

impl FromValue for RateLimits {
    fn from_value(field: &str, value: &Bound<'_, PyAny>) -> PyResult<Self> {
        let expected = "a mapping of operation names to (requests, seconds)";
        let items = if let Ok(dict) = value.cast::<PyDict>() {
            dict.items()
        } else if let Ok(mapping) = value.cast::<PyMapping>() {
            mapping.items()?
        } else {
            return Err(wrong_type(field, expected, value));
        };
        let mut limits = Vec::with_capacity(items.len());
        for item in items.iter() {
            let (name, limit) = item.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>()?;
            let operation = String::from_value(field, &name)?;
            let pair: Option<(Bound<'_, PyAny>, Bound<'_, PyAny>)> =
                match (limit.cast::<PyTuple>(), limit.cast::<PyList>()) {
                    (Ok(tuple), _) if tuple.len() == 2 => {
                        Some((tuple.get_item(0)?, tuple.get_item(1)?))
                    }
                    (_, Ok(list)) if list.len() == 2 => {
                        Some((list.get_item(0)?, list.get_item(1)?))
                    }
                    _ => None,
                };
            let (requests, per) = match pair {
                Some(pair) => pair,
                None => {
                    return Err(validation_error(
                        value.py(),
                        field,
                        format!(
                            "{operation:?} must be a (requests, seconds) tuple, not {}",
                            type_name(&limit)
                        ),
                    ))
                }
            };
            let requests = u32::from_value(field, &requests)?;
            let Seconds(per) = Seconds::from_value(field, &per)?;
            limits.push((operation, chatwire::rate::RateLimit::new(requests, per)));
        }
        Ok(Self(limits))
    }
}

/// A Python callable, called later with the GIL taken (`on_progress`).
pub struct Callback(pub Py<PyAny>);

impl FromValue for Callback {
    fn from_value(field: &str, value: &Bound<'_, PyAny>) -> PyResult<Self> {
        match value.is_callable() {
            true => Ok(Self(value.clone().unbind())),
            false => Err(wrong_type(field, "a callable", value)),
        }
    }
}

/// Strings from any iterable of `str` (a list, a tuple, a generator), but not one `str`, which
/// would be taken letter by letter (`session_ids`).
pub struct Strings(pub Vec<String>);

impl FromValue for Strings {
    fn from_value(field: &str, value: &Bound<'_, PyAny>) -> PyResult<Self> {
        let py = value.py();
        let expected = "an iterable of str (a list or a tuple)";
        if value.is_instance_of::<PyString>()
            || value.is_instance_of::<PyBytes>()
            || value.is_instance_of::<PyByteArray>()
            || value.is_instance_of::<PyDict>()
        {
            return Err(wrong_type(field, expected, value));
        }
        let iterator = match value.try_iter() {
            Ok(iterator) => iterator,
            Err(error) if is_exception(py, &error) => {
                return Err(wrong_type(field, expected, value));
            }
            Err(error) => return Err(error),
        };
        let mut strings = Vec::new();
        for item in iterator {
            let item = match item {
                Ok(item) => item,
                Err(error) if is_exception(py, &error) => {
                    return Err(validation_error_from(
                        py,
                        field,
                        "raised while it was iterated",
                        error,
                    ))
                }
                Err(error) => return Err(error),
            };
            strings.push(String::from_value(field, &item)?);
        }
        Ok(Self(strings))
    }
}

/// `upload_image`'s image: its bytes, or the path of its file.
pub enum ImageInput {
    /// The image's bytes, with the file name of the file object they were read from, if any.
    Bytes(Vec<u8>, Option<String>),
    Path(PathBuf),
}

/// What `image` may be, as the refusal of anything else says.
const IMAGE_KINDS: &str = "bytes, a path (a str or an os.PathLike), or a binary file object";

impl FromValue for ImageInput {
    fn from_value(field: &str, value: &Bound<'_, PyAny>) -> PyResult<Self> {
        if let Some(bytes) = bytes_of(value)? {
            return Ok(Self::Bytes(bytes, None));
        }
        if value.is_instance_of::<PyString>() || value.hasattr("__fspath__")? {
            return path_of(field, value, IMAGE_KINDS).map(Self::Path);
        }
        if value.hasattr("read")? {
            return read_file_object(field, value);
        }
        Err(wrong_type(field, IMAGE_KINDS, value))
    }
}

/// The bytes of a `bytes`, `bytearray` or `memoryview`.
fn bytes_of(value: &Bound<'_, PyAny>) -> PyResult<Option<Vec<u8>>> {
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(Some(bytes.as_bytes().to_vec()));
    }
    if let Ok(bytes) = value.cast::<PyByteArray>() {
        return Ok(Some(bytes.to_vec()));
    }
    if value.is_instance_of::<PyMemoryView>() {
        let bytes = value.call_method0("tobytes")?;
        return Ok(Some(bytes.cast::<PyBytes>()?.as_bytes().to_vec()));
    }
    Ok(None)
}

/// The rest of a binary file object (`read()`), and the file name of its `name`, if it has one
/// (`open()`'s objects do, an `io.BytesIO` does not).
fn read_file_object(field: &str, file: &Bound<'_, PyAny>) -> PyResult<ImageInput> {
    let py = file.py();
    let content = match file.call_method0("read") {
        Ok(content) => content,
        Err(error) if is_exception(py, &error) => {
            return Err(validation_error_from(py, field, "could not be read", error))
        }
        Err(error) => return Err(error),
    };
    let Some(bytes) = bytes_of(&content)? else {
        return Err(validation_error(
            py,
            field,
            format!(
                "must be a file opened in binary mode (\"rb\"): its read() answered {}, not bytes",
                type_name(&content)
            ),
        ));
    };
    let name = file
        .getattr("name")
        .ok()
        .and_then(|name| name.extract::<PathBuf>().ok())
        .and_then(|path| Some(path.file_name()?.to_string_lossy().into_owned()));
    Ok(ImageInput::Bytes(bytes, name))
}

/// A file's path: a `str` or an `os.PathLike` (`ca_file`).
pub struct FilePath(pub PathBuf);

impl FromValue for FilePath {
    fn from_value(field: &str, value: &Bound<'_, PyAny>) -> PyResult<Self> {
        path_of(field, value, "a path (a str or an os.PathLike)").map(Self)
    }
}

/// `value` as a path, or a `ValidationError` saying it must be `expected`.
fn path_of(field: &str, value: &Bound<'_, PyAny>, expected: &str) -> PyResult<PathBuf> {
    let py = value.py();
    if !value.is_instance_of::<PyString>() && !value.hasattr("__fspath__")? {
        return Err(wrong_type(field, expected, value));
    }
    // A path follows the file system's encoding, as `open()` does; `os.fspath()` may run user
    // code (`__fspath__`).
    match value.extract::<PathBuf>() {
        Ok(path) => Ok(path),
        Err(error) if is_exception(py, &error) => Err(validation_error_from(
            py,
            field,
            format!("must be {expected} that the file system can name"),
            error,
        )),
        Err(error) => Err(error),
    }
}

/// A JSON object from a Python `dict`, exactly as `json.dumps(value, allow_nan=False)` writes
/// it: tuples are arrays, int, float, bool and None keys are strings, and whatever `json.dumps`
/// refuses (a set, bytes, any other object, NaN or an infinity, a key of another type) is a
/// `ValidationError`. Before `json.dumps` runs, an iterative walk refuses a container that holds
/// itself, nesting deeper than [`MAX_DEPTH`], more than [`MAX_VALUES`] values, and an int beyond
/// 64 bits (which JSON numbers here cannot carry exactly), so that no value can exhaust the stack
/// or the memory, or lose digits.
pub struct JsonObject(pub Map<String, Value>);

/// How deep containers may nest, the outer dict counting as 1: as deep as serde_json reads.
pub const MAX_DEPTH: usize = 127;

/// How many values (containers, keys aside, and scalars) one object may hold.
pub const MAX_VALUES: usize = 1_000_000;

impl FromValue for JsonObject {
    fn from_value(field: &str, value: &Bound<'_, PyAny>) -> PyResult<Self> {
        let py = value.py();
        let dict = value
            .cast::<PyDict>()
            .map_err(|_| wrong_type(field, "a dict", value))?;
        if let Err(reason) = check_json_shape(dict)? {
            return Err(validation_error(py, field, reason));
        }
        let text = match json_dumps(py)?.call1((dict,)) {
            Ok(text) => text,
            Err(error) if is_exception(py, &error) => {
                let reason = format!("is not JSON: {}", error.value(py));
                return Err(validation_error_from(py, field, reason, error));
            }
            Err(error) => return Err(error),
        };
        let text = text_of(field, text.cast::<PyString>()?)?;
        serde_json::from_str(&text)
            .map(Self)
            .map_err(|error| validation_error(py, field, format!("is not JSON: {error}")))
    }
}

/// `functools.partial(json.dumps, allow_nan=False, ensure_ascii=False, separators=(",", ":"))`.
fn json_dumps(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    static DUMPS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    DUMPS
        .get_or_try_init(py, || {
            let dumps = py.import("json")?.getattr("dumps")?;
            let kwargs = PyDict::new(py);
            kwargs.set_item("allow_nan", false)?;
            kwargs.set_item("ensure_ascii", false)?;
            kwargs.set_item("separators", (",", ":"))?;
            let partial = py
                .import("functools")?
                .getattr("partial")?
                .call((dumps,), Some(&kwargs))?;
            Ok(partial.unbind())
        })
        .map(|dumps| dumps.bind(py))
}

/// A container being walked: its address, and the values it holds that are left to see.
struct Frame<'py> {
    address: usize,
    values: Vec<Bound<'py, PyAny>>,
}

/// The values a `dict`, `list` or `tuple` (or a subclass) holds, as `json.dumps` descends into
/// them, last first (the walk pops them); `None` for anything else.
fn values_of<'py>(value: &Bound<'py, PyAny>) -> Option<Vec<Bound<'py, PyAny>>> {
    let mut values: Vec<_> = if let Ok(dict) = value.cast::<PyDict>() {
        dict.values().iter().collect()
    } else if let Ok(list) = value.cast::<PyList>() {
        list.iter().collect()
    } else if let Ok(tuple) = value.cast::<PyTuple>() {
        tuple.iter().collect()
    } else {
        return None;
    };
    values.reverse();
    Some(values)
}

/// Walks `dict` without recursion: `Ok(Err(reason))` when its shape is refused. No Python code
/// runs meanwhile (only C-level type checks and reads).
fn check_json_shape(dict: &Bound<'_, PyDict>) -> PyResult<Result<(), String>> {
    let mut stack = vec![Frame {
        address: dict.as_ptr() as usize,
        values: values_of(dict.as_any()).unwrap_or_default(),
    }];
    let mut seen = 1usize;
    while let Some(top) = stack.last_mut() {
        let Some(value) = top.values.pop() else {
            stack.pop();
            continue;
        };
        seen += 1;
        if seen > MAX_VALUES {
            return Ok(Err(format!("holds more than {MAX_VALUES} values")));
        }
        if let Some(values) = values_of(&value) {
            let address = value.as_ptr() as usize;
            if stack.iter().any(|frame| frame.address == address) {
                return Ok(Err(format!(
                    "holds a {} that contains itself, which JSON cannot write",
                    type_name(&value)
                )));
            }
            if stack.len() >= MAX_DEPTH {
                return Ok(Err(format!("nests deeper than {MAX_DEPTH} levels")));
            }
            stack.push(Frame { address, values });
        } else if value.is_instance_of::<PyInt>()
            && !value.is_instance_of::<PyBool>()
            && value.extract::<i64>().is_err()
            && value.extract::<u64>().is_err()
        {
            let int = value.cast::<PyInt>()?;
            return Ok(Err(format!(
                "holds {}, an int beyond 64 bits, which would not reach the server exactly",
                describe_int(int)
            )));
        }
    }
    Ok(Ok(()))
}

/// Refuses an unknown keyword argument (`kwargs` holds what the signature did not name), naming
/// the nearest known one: a misspelt option is an error, never silently ignored.
pub fn refuse_unknown(
    py: Python<'_>,
    callable: &str,
    known: &[&str],
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<()> {
    let Some((name, _)) = kwargs.and_then(|kwargs| kwargs.iter().next()) else {
        return Ok(());
    };
    let name = match name.cast::<PyString>() {
        Ok(name) => name.to_string_lossy().into_owned(),
        Err(_) => name.str()?.to_string_lossy().into_owned(),
    };
    let reason = match nearest(&name, known) {
        Some(nearest) => format!("is not an argument of {callable}; did you mean {nearest}?"),
        None => format!("is not an argument of {callable}, which takes none"),
    };
    Err(validation_error(py, &name, reason))
}

/// The known name nearest to `given`, by edit distance between their forms in lower case
/// without `_` and `-` (so that `sessionId` is `session_id`), then between the names as given.
fn nearest<'a>(given: &str, known: &[&'a str]) -> Option<&'a str> {
    let plain = |name: &str| -> Vec<char> {
        name.chars()
            .filter(|c| !matches!(c, '_' | '-'))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let given_plain = plain(given);
    let given_chars: Vec<char> = given.chars().collect();
    known.iter().copied().min_by_key(|name| {
        (
            edit_distance(&given_plain, &plain(name)),
            edit_distance(&given_chars, &name.chars().collect::<Vec<_>>()),
        )
    })
}

/// Levenshtein distance, with a swap of two neighbours counting as one edit.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut rows = vec![(0..=b.len()).collect::<Vec<_>>()];
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (rows[i - 1][j] + 1)
                .min(row[j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(rows[i - 2][j - 2] + 1);
            }
        }
        rows.push(row);
    }
    rows[a.len()][b.len()]
}
