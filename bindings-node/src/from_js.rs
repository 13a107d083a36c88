//! How a JS value becomes the binding's input, in one place: [`FromJs`] per field type, and
//! [`from_js!`] per params or options struct, which reads the struct's fields by their camelCase
//! keys and refuses a key it does not know, naming the nearest one it does.
//!
//! Every refusal is a `ValidationError` naming the key, and comes before any request: a wrong
//! type, a missing required field, a number that is not finite, not whole or out of what the
//! field can hold, a string that is not well-formed Unicode, and whatever a getter, a proxy or a
//! `toJSON` throws while it is read. napi's own conversion of objects is not used for input: it
//! throws plain `Error`s and ignores unknown keys. The core checks the documented limits (a
//! message's length, a score's range); this module checks only what its conversion cannot hold.
//!
//! Each `unsafe` `cast` here follows a `type_of` check of the same value, which makes it sound.

use std::cell::Cell;
use std::num::NonZeroU32;
use std::ptr;
use std::time::Duration;

use http::header::{HeaderName, HeaderValue};
use napi::bindgen_prelude::{BufferSlice, Function, JsObjectValue, Object, Unknown};
use napi::{sys, Env, JsString, JsValue, ValueType};
use serde_json::{Map, Value};

use crate::errors::{validation, Failure};

/// A Rust value read from a JS one, for the field `field` (the key as the caller spells it).
pub trait FromJs<'env>: Sized {
    /// `value`, which is not `undefined`, as this type.
    fn from_js(value: Unknown<'env>, field: &str) -> Result<Self, Failure>;

    /// What the field is when it is `undefined` (or not there): for most types, a refusal.
    fn absent(field: &str) -> Result<Self, Failure> {
        Err(validation(field, "is required"))
    }
}

/// `value` as a `T`, for `field`; `undefined` is an absent field.
pub fn read<'env, T: FromJs<'env>>(value: Unknown<'env>, field: &str) -> Result<T, Failure> {
    match type_of(&value) {
        JsType::Undefined => T::absent(field),
        _ => T::from_js(value, field),
    }
}

/// An optional argument (napi answers `None` for `undefined` and `null`) as a `T`.
pub fn read_optional<'env, T: FromJs<'env>>(
    value: Option<Unknown<'env>>,
    field: &str,
) -> Result<Option<T>, Failure> {
    value.map(|value| T::from_js(value, field)).transpose()
}

/// Optional fields: `null` counts as absent, as `undefined` does.
impl<'env, T: FromJs<'env>> FromJs<'env> for Option<T> {
    fn from_js(value: Unknown<'env>, field: &str) -> Result<Self, Failure> {
        match type_of(&value) {
            JsType::Null => Ok(None),
            _ => T::from_js(value, field).map(Some),
        }
    }

    fn absent(_field: &str) -> Result<Self, Failure> {
        Ok(None)
    }
}

impl FromJs<'_> for String {
    fn from_js(value: Unknown<'_>, field: &str) -> Result<Self, Failure> {
        expect(&value, field, JsType::String, "a string")?;
        let env = value.value().env;
        // Read as UTF-16, so that a lone surrogate is refused rather than silently replaced.
        let utf16 = caught(
            env,
            field,
            "reading it",
            unsafe { value.cast::<JsString>() }.and_then(JsString::into_utf16),
        )?;
        String::from_utf16(units(&utf16)).map_err(|_| {
            validation(
                field,
                "must be well-formed Unicode, but holds a lone surrogate",
            )
        })
    }
}

impl FromJs<'_> for bool {
    fn from_js(value: Unknown<'_>, field: &str) -> Result<Self, Failure> {
        expect(&value, field, JsType::Boolean, "a boolean")?;
        caught(value.value().env, field, "reading it", unsafe {
            value.cast::<bool>()
        })
    }
}

/// The UTF-16 code units of a string napi read (which ends them with a NUL).
fn units<'a>(utf16: &'a napi::JsStringUtf16<'_>) -> &'a [u16] {
    utf16
        .as_slice()
        .split_last()
        .map_or(&[], |(_, units)| units)
}

/// A number, of any value (NaN and the infinities too).
fn number(value: &Unknown<'_>, field: &str) -> Result<f64, Failure> {
    expect(value, field, JsType::Number, "a number")?;
    caught(value.value().env, field, "reading it", unsafe {
        value.cast::<f64>()
    })
}

/// A whole number from `min` to `max`.
fn whole(value: &Unknown<'_>, field: &str, min: u32, max: u32) -> Result<u32, Failure> {
    let n = number(value, field)?;
    if n.fract() == 0.0 && (f64::from(min)..=f64::from(max)).contains(&n) {
        return Ok(n as u32);
    }
    Err(validation(
        field,
        format!(
            "must be a whole number from {min} to {max}, not {}",
            js_number(n)
        ),
    ))
}

impl FromJs<'_> for u32 {
    fn from_js(value: Unknown<'_>, field: &str) -> Result<Self, Failure> {
        whole(&value, field, 0, u32::MAX)
    }
}

impl FromJs<'_> for u8 {
    fn from_js(value: Unknown<'_>, field: &str) -> Result<Self, Failure> {
        whole(&value, field, 0, u8::MAX.into()).map(|n| n as u8)
    }
}

impl FromJs<'_> for NonZeroU32 {
    fn from_js(value: Unknown<'_>, field: &str) -> Result<Self, Failure> {
        let n = whole(&value, field, 1, u32::MAX)?;
        Ok(NonZeroU32::new(n).expect("whole() answers at least 1"))
    }
}

/// A duration given in milliseconds: a finite number above 0. One longer than a `Duration`
/// holds is the longest one (the core saturates what it adds it to); one shorter than a
/// nanosecond is a nanosecond.
pub struct Millis(pub Duration);

impl FromJs<'_> for Millis {
    fn from_js(value: Unknown<'_>, field: &str) -> Result<Self, Failure> {
        let ms = number(&value, field)?;
        if !(ms.is_finite() && ms > 0.0) {
            return Err(validation(
                field,
                format!(
                    "must be a positive number of milliseconds, not {}",
                    js_number(ms)
                ),
            ));
        }
        let duration = Duration::try_from_secs_f64(ms / 1000.0).unwrap_or(Duration::MAX);
        Ok(Self(duration.max(Duration::from_nanos(1))))
    }
}

/// Header names to values, as a plain object of strings.
pub struct Headers(pub Vec<(HeaderName, HeaderValue)>);

impl FromJs<'_> for Headers {
    fn from_js(value: Unknown<'_>, field: &str) -> Result<Self, Failure> {
        let object = plain_object(&value, field, "a plain object of header names to values")?;
        let mut headers = Vec::new();
        for name in own_keys(&object, field)? {
            let shown = shorten(&name);
            let header_name = HeaderName::try_from(name.as_str())
                .map_err(|_| validation(field, format!("{shown:?} is not a header name")))?;
            let text = property(&object, field, &name)?;
            if type_of(&text) != JsType::String {
                return Err(validation(
                    field,
                    format!(
                        "the value of {shown:?} must be a string, not {}",
                        type_of(&text).name()
                    ),
                ));
            }
            let text = String::from_js(text, field)?;
            let header_value = HeaderValue::try_from(text.as_str()).map_err(|_| {
                validation(
                    field,
                    format!("the value of {shown:?} is not a header value"),
                )
            })?;
            headers.push((header_name, header_value));
        }
        Ok(Self(headers))
    }
}

/// A free-form JSON object, as `JSON.stringify` writes it (so `toJSON` applies, and
/// `undefined` and functions are left out), parsed by serde_json (whose recursion limit, 128,
/// refuses 128 levels of nesting and more).
pub struct JsonObject(pub Map<String, Value>);

impl FromJs<'_> for JsonObject {
    fn from_js(value: Unknown<'_>, field: &str) -> Result<Self, Failure> {
        let kind = type_of(&value);
        if kind != JsType::Object {
            return Err(validation(
                field,
                format!("must be a plain object, not {}", kind.name()),
            ));
        }
        let object = unsafe { value.cast::<Object>() }.map_err(|e| validation(field, e.reason))?;
        // A Map, a Set or a class instance would become `{}` or lose what it holds; a value with
        // its own `toJSON` says itself what it is.
        if !is_plain(&object, field)?
            && type_of(&property(&object, field, "toJSON")?) != JsType::Function
        {
            return Err(validation(
                field,
                "must be a plain object, not an instance of a class (such as a Map)",
            ));
        }
        let text = stringify(&value, field)?;
        let parsed: Value = serde_json::from_str(&text).map_err(|error| {
            if error.to_string().starts_with("recursion limit exceeded") {
                // serde_json's limit of 128 leaves room for 127 nested objects and arrays.
                validation(
                    field,
                    "nests too deeply: 127 levels of objects and arrays at most",
                )
            } else {
                validation(field, format!("is not JSON: {error}"))
            }
        })?;
        match parsed {
            Value::Object(map) => Ok(Self(map)),
            other => Err(validation(
                field,
                format!(
                    "must be an object, but JSON.stringify makes it {}",
                    json_kind(&other)
                ),
            )),
        }
    }
}

/// What the engine's own `JSON.stringify` makes of `value`.
fn stringify(value: &Unknown<'_>, field: &str) -> Result<String, Failure> {
    let env = value.value().env;
    let stringify = Env::from_raw(env)
        .get_global()
        .and_then(|global| global.get_named_property::<Object>("JSON"))
        .and_then(|json| json.get_named_property::<Function<Unknown, Unknown>>("stringify"));
    let stringify = caught(env, field, "finding JSON.stringify", stringify)?;
    // Called as napi calls, not through `Function::call`, which loses what is thrown when it is
    // not an object (a string, a symbol).
    let mut this = ptr::null_mut();
    let mut text = ptr::null_mut();
    let status = unsafe {
        sys::napi_get_undefined(env, &mut this);
        sys::napi_call_function(env, this, stringify.raw(), 1, &value.raw(), &mut text)
    };
    if status != sys::Status::napi_ok {
        let why = take_exception(env).unwrap_or_else(|| "an error".to_owned());
        return Err(threw(field, "JSON.stringify", why));
    }
    let text = unsafe { Unknown::from_raw_unchecked(env, text) };
    match type_of(&text) {
        JsType::String => caught(
            env,
            field,
            "reading what JSON.stringify wrote",
            unsafe { text.cast::<JsString>() }
                .and_then(JsString::into_utf8)
                .and_then(|utf8| utf8.into_owned()),
        ),
        _ => Err(validation(
            field,
            "must be a plain object, but JSON.stringify writes nothing for it",
        )),
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Bytes (a `Buffer` or another `Uint8Array`), or a string.
pub enum BufferOrString {
    Bytes(Vec<u8>),
    Text(String),
}

impl FromJs<'_> for BufferOrString {
    fn from_js(value: Unknown<'_>, field: &str) -> Result<Self, Failure> {
        let env = value.value().env;
        match type_of(&value) {
            JsType::String => String::from_js(value, field).map(Self::Text),
            JsType::Object if caught(env, field, "reading it", value.is_buffer())? => {
                let bytes = caught(env, field, "reading it", unsafe {
                    value.cast::<BufferSlice>()
                })?;
                Ok(Self::Bytes(bytes.to_vec()))
            }
            other => Err(validation(
                field,
                format!(
                    "must be a path or bytes (a Buffer, Uint8Array, ArrayBuffer, Blob or File), \
                     not {}",
                    other.name()
                ),
            )),
        }
    }
}

/// An `AbortSignal`, or what behaves as one: `aborted`, `addEventListener` and
/// `removeEventListener`.
pub struct Signal<'env>(pub Object<'env>);

impl<'env> FromJs<'env> for Signal<'env> {
    fn from_js(value: Unknown<'env>, field: &str) -> Result<Self, Failure> {
        let kind = type_of(&value);
        if kind != JsType::Object {
            return Err(validation(
                field,
                format!("must be an AbortSignal, not {}", kind.name()),
            ));
        }
        let object = unsafe { value.cast::<Object>() }.map_err(|e| validation(field, e.reason))?;
        let shaped = type_of(&property(&object, field, "aborted")?) == JsType::Boolean
            && ["addEventListener", "removeEventListener"]
                .into_iter()
                .map(|name| property(&object, field, name))
                .collect::<Result<Vec<_>, _>>()?
                .iter()
                .all(|method| type_of(method) == JsType::Function);
        match shaped {
            true => Ok(Self(object)),
            false => Err(validation(
                field,
                "must be an AbortSignal: an object with aborted, addEventListener and \
                 removeEventListener",
            )),
        }
    }
}

/// An array, each element read as a `T` (for `field`, its index in messages).
impl<'env, T: FromJs<'env>> FromJs<'env> for Vec<T> {
    fn from_js(value: Unknown<'env>, field: &str) -> Result<Self, Failure> {
        expect(&value, field, JsType::Array, "an array")?;
        let array = unsafe { value.cast::<Object>() }.map_err(|e| validation(field, e.reason))?;
        let env = array.value().env;
        let length = caught(env, field, "reading it", array.get_array_length())?;
        (0..length)
            .map(|index| {
                let element = caught(
                    env,
                    field,
                    "reading it",
                    array.get_element::<Unknown>(index),
                )?;
                read(element, &format!("{field}[{index}]"))
            })
            .collect()
    }
}

/// A function the binding calls back (through a threadsafe function, from the runtime).
pub struct Callback<'env>(pub Unknown<'env>);

impl<'env> FromJs<'env> for Callback<'env> {
    fn from_js(value: Unknown<'env>, field: &str) -> Result<Self, Failure> {
        expect(&value, field, JsType::Function, "a function")?;
        Ok(Self(value))
    }
}

/// The `rateLimit` option: `'wait'` or `'off'`.
pub struct RateLimitMode(pub chatwire::rate::RateLimitMode);

impl FromJs<'_> for RateLimitMode {
    fn from_js(value: Unknown<'_>, field: &str) -> Result<Self, Failure> {
        use chatwire::rate::RateLimitMode as Mode;
        match String::from_js(value, field)?.as_str() {
            "wait" => Ok(Self(Mode::Wait)),
            "off" => Ok(Self(Mode::Off)),
            other => Err(validation(
                field,
                format!("must be 'wait' or 'off', not {:?}", shorten(other)),
            )),
        }
    }
}

/// The `rateLimits` option: `{ exportConversation: { requests: 30, perMs: 60000 }, '*': … }`,
/// each operation named in camelCase or as the spec does (`export_conversation`), as the
/// core's spec names.
pub struct RateLimits(pub Vec<(String, chatwire::rate::RateLimit)>);

impl FromJs<'_> for RateLimits {
    fn from_js(value: Unknown<'_>, field: &str) -> Result<Self, Failure> {
        let object = plain_object(
            &value,
            field,
            "a plain object of operation names to { requests, perMs }",
        )?;
        let mut limits = Vec::new();
        for operation in own_keys(&object, field)? {
            let shown = shorten(&operation);
            let limit = property(&object, field, &operation)?;
            let limit = plain_object(
                &limit,
                field,
                &format!("{{ requests, perMs }} for {shown:?}"),
            )?;
            if let Some(key) = own_keys(&limit, field)?
                .into_iter()
                .find(|key| key != "requests" && key != "perMs")
            {
                return Err(validation(
                    field,
                    format!(
                        "{shown:?} has an unknown key {:?}; a limit is {{ requests, perMs }}",
                        shorten(&key)
                    ),
                ));
            }
            let within = |key: &str, failure: Failure| match failure {
                Failure::Invalid { message, .. } => validation(
                    field,
                    format!(
                        "{shown}.{key}: {}",
                        message.trim_start_matches(&format!("invalid {key}: "))
                    ),
                ),
                other => other,
            };
            let requests: u32 = read(property(&limit, field, "requests")?, "requests")
                .map_err(|failure| within("requests", failure))?;
            let Millis(per) = read(property(&limit, field, "perMs")?, "perMs")
                .map_err(|failure| within("perMs", failure))?;
            let name = match operation.as_str() {
                "*" => operation.clone(),
                _ => snake_case(&operation),
            };
            limits.push((name, chatwire::rate::RateLimit::new(requests, per)));
        }
        Ok(Self(limits))
    }
}

/// `camelCase` as `snake_case` (what is already snake_case stays as it is): how the spec names
/// the operations JS spells in camelCase.
fn snake_case(name: &str) -> String {
    let mut snake = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            if !snake.is_empty() {
                snake.push('_');
            }
            snake.push(c.to_ascii_lowercase());
        } else {
            snake.push(c);
        }
    }
    snake
}

/// A params or options object, read field by field in the order of its keys.
pub struct Fields<'env, 'keys> {
    object: Object<'env>,
    keys: &'keys [String],
    next: Cell<usize>,
}

impl<'env, 'keys> Fields<'env, 'keys> {
    /// `value`, an object whose own keys are all among `keys` (`what` names them in messages:
    /// `"option"`, `"parameter"`).
    pub fn open(
        value: Unknown<'env>,
        field: &str,
        what: &str,
        keys: &'keys [String],
    ) -> Result<Self, Failure> {
        let kind = type_of(&value);
        if kind != JsType::Object {
            return Err(validation(
                field,
                format!("must be an object of {what}s, not {}", kind.name()),
            ));
        }
        let object = unsafe { value.cast::<Object>() }.map_err(|e| validation(field, e.reason))?;
        if let Some(key) = own_keys(&object, field)?
            .into_iter()
            .find(|key| !keys.contains(key))
        {
            return Err(unknown_key(what, &key, keys));
        }
        Ok(Self {
            object,
            keys,
            next: Cell::new(0),
        })
    }

    /// The value of the next key, as a `T`.
    pub fn next<T: FromJs<'env>>(&self) -> Result<T, Failure> {
        let index = self.next.replace(self.next.get() + 1);
        let key = &self.keys[index];
        read(property(&self.object, key, key)?, key)
    }
}

/// Implements [`FromJs`] for a params or options struct: each field is read from its camelCase
/// key, in the order given, and any other key is refused. The struct is built whole, so a field
/// left out of the list (or one it does not have) fails to compile.
macro_rules! from_js {
    ($name:ident<'_> as $what:literal { $($field:ident),* $(,)? }) => {
        impl<'env> $crate::from_js::FromJs<'env> for $name<'env> {
            from_js!(@body $what { $($field),* });
        }
    };
    ($name:ident as $what:literal { $($field:ident),* $(,)? }) => {
        impl<'env> $crate::from_js::FromJs<'env> for $name {
            from_js!(@body $what { $($field),* });
        }
    };
    (@body $what:literal { $($field:ident),* }) => {
        fn from_js(
            value: napi::bindgen_prelude::Unknown<'env>,
            field: &str,
        ) -> Result<Self, $crate::errors::Failure> {
            static KEYS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
            let keys = KEYS.get_or_init(|| {
                [$(stringify!($field)),*]
                    .into_iter()
                    .map($crate::errors::camel_case)
                    .collect()
            });
            let fields = $crate::from_js::Fields::open(value, field, $what, keys)?;
            Ok(Self {
                $($field: fields.next()?,)*
            })
        }
    };
}

/// A key that is not among `keys`, with the nearest of them when one is near.
fn unknown_key(what: &str, key: &str, keys: &[String]) -> Failure {
    let shown = shorten(key);
    let message = match nearest(key, keys) {
        Some(near) => format!("unknown {what} {shown}; did you mean {near}?"),
        None => format!(
            "unknown {what} {shown}; the {what}s are {}",
            keys.join(", ")
        ),
    };
    Failure::Invalid {
        field: shown,
        message,
    }
}

/// The key nearest to `key` by edit distance (ignoring case, a swap of two neighbours counting
/// as one edit), when it is near enough to be what was meant.
fn nearest<'k>(key: &str, keys: &'k [String]) -> Option<&'k str> {
    let key: Vec<char> = key.to_lowercase().chars().collect();
    keys.iter()
        .map(|known| {
            let known_chars: Vec<char> = known.to_lowercase().chars().collect();
            // Up to one edit in three letters of the longer word, and at least two.
            let limit = (key.len().max(known_chars.len()) / 3).max(2);
            let distance = edit_distance(&key, &known_chars);
            (distance, limit, known.as_str())
        })
        .filter(|(distance, limit, _)| distance <= limit)
        .map(|(distance, _, known)| (distance, known))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, known)| known)
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbours.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    if a.len() > 64 {
        // No key is that long: anything this size is far from all of them.
        return usize::MAX;
    }
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    rows[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

/// A key or name as a message shows it: at most 64 characters.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(64) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// The value of `key` on `object` (own or inherited, getters run), for `field`.
fn property<'env>(object: &Object<'env>, field: &str, key: &str) -> Result<Unknown<'env>, Failure> {
    let env = object.value().env;
    caught(
        env,
        field,
        "reading it",
        object.get_named_property::<Unknown>(key),
    )
}

/// The own enumerable string keys of `object` (what `Object.keys` answers).
fn own_keys(object: &Object<'_>, field: &str) -> Result<Vec<String>, Failure> {
    let env = object.value().env;
    let mut names = ptr::null_mut();
    let status = unsafe {
        sys::napi_get_all_property_names(
            env,
            object.raw(),
            sys::KeyCollectionMode::own_only,
            sys::KeyFilter::enumerable | sys::KeyFilter::skip_symbols,
            sys::KeyConversion::numbers_to_strings,
            &mut names,
        )
    };
    if status != sys::Status::napi_ok {
        let why = take_exception(env).unwrap_or_else(|| "an error".to_owned());
        return Err(validation(field, format!("listing its keys threw {why}")));
    }
    let names = Object::from_raw(env, names);
    let count = caught(env, field, "listing its keys", names.get_array_length())?;
    (0..count)
        .map(|index| {
            let name = caught(
                env,
                field,
                "listing its keys",
                names.get_element::<JsString>(index),
            )?;
            caught(
                env,
                field,
                "listing its keys",
                name.into_utf16()
                    .map(|utf16| String::from_utf16_lossy(units(&utf16))),
            )
        })
        .collect()
}

/// `value` as a plain object (its prototype `Object.prototype`, of any realm, or `null`).
fn plain_object<'env>(
    value: &Unknown<'env>,
    field: &str,
    expected: &str,
) -> Result<Object<'env>, Failure> {
    let kind = type_of(value);
    if kind != JsType::Object {
        return Err(validation(
            field,
            format!("must be {expected}, not {}", kind.name()),
        ));
    }
    let object = unsafe { value.cast::<Object>() }.map_err(|e| validation(field, e.reason))?;
    match is_plain(&object, field)? {
        true => Ok(object),
        false => Err(validation(
            field,
            format!("must be {expected}, not an instance of a class"),
        )),
    }
}

/// Whether `object`'s prototype is `null`, or one whose own prototype is `null` (such as
/// `Object.prototype`).
fn is_plain(object: &Object<'_>, field: &str) -> Result<bool, Failure> {
    let env = object.value().env;
    let prototype = caught(env, field, "reading its prototype", object.get_prototype())?;
    if type_of(&prototype) == JsType::Null {
        return Ok(true);
    }
    let prototype =
        unsafe { prototype.cast::<Object>() }.map_err(|e| validation(field, e.reason))?;
    let above = caught(
        env,
        field,
        "reading its prototype",
        prototype.get_prototype(),
    )?;
    Ok(type_of(&above) == JsType::Null)
}

/// A JS value's type, as messages name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum JsType {
    Undefined,
    Null,
    Boolean,
    Number,
    String,
    Symbol,
    Object,
    Array,
    Function,
    BigInt,
    External,
}

impl JsType {
    fn name(self) -> &'static str {
        match self {
            Self::Undefined => "undefined",
            Self::Null => "null",
            Self::Boolean => "boolean",
            Self::Number => "number",
            Self::String => "string",
            Self::Symbol => "symbol",
            Self::Object => "object",
            Self::Array => "array",
            Self::Function => "function",
            Self::BigInt => "bigint",
            Self::External => "external",
        }
    }
}

fn type_of(value: &Unknown<'_>) -> JsType {
    match value.get_type() {
        Ok(ValueType::Undefined) => JsType::Undefined,
        Ok(ValueType::Null) => JsType::Null,
        Ok(ValueType::Boolean) => JsType::Boolean,
        Ok(ValueType::Number) => JsType::Number,
        Ok(ValueType::String) => JsType::String,
        Ok(ValueType::Symbol) => JsType::Symbol,
        Ok(ValueType::Function) => JsType::Function,
        Ok(ValueType::BigInt) => JsType::BigInt,
        Ok(ValueType::External) => JsType::External,
        _ => match value.is_array() {
            Ok(true) => JsType::Array,
            Ok(false) => JsType::Object,
            // A revoked proxy throws from IsArray: an object all the same.
            Err(_) => {
                take_exception(value.value().env);
                JsType::Object
            }
        },
    }
}

/// Refuses `value` unless it is of type `expected`.
fn expect(
    value: &Unknown<'_>,
    field: &str,
    expected: JsType,
    article: &str,
) -> Result<(), Failure> {
    let kind = type_of(value);
    match kind == expected {
        true => Ok(()),
        false => Err(validation(
            field,
            format!("must be {article}, not {}", kind.name()),
        )),
    }
}

/// A number as JS writes it.
fn js_number(n: f64) -> String {
    match n {
        n if n.is_nan() => "NaN".to_owned(),
        f64::INFINITY => "Infinity".to_owned(),
        f64::NEG_INFINITY => "-Infinity".to_owned(),
        n => n.to_string(),
    }
}

/// What napi answered, or, when it failed (a getter, a proxy's trap or a `toJSON` threw), a
/// refusal of `field` that says what `doing` threw, with that exception cleared.
pub fn caught<T>(
    env: sys::napi_env,
    field: &str,
    doing: &str,
    result: napi::Result<T>,
) -> Result<T, Failure> {
    result.map_err(|error| {
        // napi clears what a called function throws into the error; what a getter or a trap
        // throws is still pending.
        let why = take_exception(env).unwrap_or_else(|| one_line(&error.reason));
        threw(field, doing, why)
    })
}

/// The refusal of `field` because `doing` threw `why`.
fn threw(field: &str, doing: &str, why: String) -> Failure {
    let hint = match why.contains("Maximum call stack size exceeded") {
        true => " (it nests too deeply)",
        false => "",
    };
    validation(field, format!("{doing} threw {why}{hint}"))
}

/// The pending JS exception, cleared, as one line of text; `None` when none is pending.
fn take_exception(env: sys::napi_env) -> Option<String> {
    let mut pending = false;
    let status = unsafe { sys::napi_is_exception_pending(env, &mut pending) };
    if status != sys::Status::napi_ok || !pending {
        return None;
    }
    let mut thrown = ptr::null_mut();
    let status = unsafe { sys::napi_get_and_clear_last_exception(env, &mut thrown) };
    if status != sys::Status::napi_ok {
        return Some("an exception".to_owned());
    }
    let thrown = unsafe { Unknown::from_raw_unchecked(env, thrown) };
    let text = thrown
        .coerce_to_string()
        .and_then(JsString::into_utf8)
        .and_then(|utf8| utf8.into_owned());
    Some(match text {
        Ok(text) => one_line(&text),
        Err(_) => {
            // Its toString threw too (or it is a symbol): that exception is dropped.
            let mut ignored = ptr::null_mut();
            unsafe { sys::napi_get_and_clear_last_exception(env, &mut ignored) };
            "an exception that cannot be shown".to_owned()
        }
    })
}

/// `text` on one line, at most 300 characters.
fn one_line(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match joined.char_indices().nth(300) {
        Some((end, _)) => format!("{}…", &joined[..end]),
        None => joined,
    }
}
