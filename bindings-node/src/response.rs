//! What an answer said besides its body, as JS sees it: the `response` of `withRawResponse`
//! (status, headers, request id), the `requestId` every typed answer carries, and a stream's.

use http::HeaderMap;
use napi::bindgen_prelude::{JsObjectValue, Object, ToNapiValue};
use napi::{sys, Env, JsValue};
use napi_derive::napi;

use crate::convert::FromCore;

/// The HTTP response an answer came in: `response` of what a `withRawResponse` method answers.
#[napi(object, object_from_js = false)]
pub struct ResponseHead {
    /// The HTTP status.
    pub status: u32,
    /// The response headers by lowercased name, a repeated header's values joined with `, `.
    #[napi(ts_type = "Record<string, string>")]
    pub headers: HeaderObject,
    /// The `x-request-id` (or `request-id`) the server sent, to quote to its support.
    pub request_id: Option<String>,
}

impl FromCore<&chatwire::ResponseHead> for ResponseHead {
    fn from_core(core: &chatwire::ResponseHead) -> Self {
        Self {
            status: core.status.into(),
            headers: HeaderObject::from(&core.headers),
            request_id: core.request_id.clone(),
        }
    }
}

/// Response headers as a plain JS object, in the order they came.
pub struct HeaderObject(Vec<(String, String)>);

impl From<&HeaderMap> for HeaderObject {
    fn from(headers: &HeaderMap) -> Self {
        // `HeaderMap` keys are lowercase already; values that are not text are shown lossily.
        let joined = headers
            .keys()
            .map(|name| {
                let values: Vec<_> = headers
                    .get_all(name)
                    .iter()
                    .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
                    .collect();
                (name.as_str().to_owned(), values.join(", "))
            })
            .collect();
        Self(joined)
    }
}

impl ToNapiValue for HeaderObject {
    unsafe fn to_napi_value(env: sys::napi_env, headers: Self) -> napi::Result<sys::napi_value> {
        let mut object = Object::new(&Env::from_raw(env))?;
        for (name, value) in headers.0 {
            object.set_named_property(&name, value)?;
        }
        Ok(object.raw())
    }
}

/// A typed answer, which carries the request id it came with.
pub trait Answer {
    fn set_request_id(&mut self, request_id: Option<String>);
}

/// A plain call answers the typed value with its `requestId`.
impl<Core, Js: FromCore<Core> + Answer> FromCore<chatwire::Response<Core>> for Js {
    fn from_core(core: chatwire::Response<Core>) -> Self {
        let mut answer = Js::from_core(core.data);
        answer.set_request_id(core.head.request_id);
        answer
    }
}

/// What a `withRawResponse` method answers: `{ data, response }` (its TS type is declared in
/// `index.d.ts`, as napi cannot declare a generic interface).
pub struct RawResponse<Js> {
    data: Js,
    response: ResponseHead,
}

impl<Core, Js: FromCore<Core> + Answer> FromCore<chatwire::Response<Core>> for RawResponse<Js> {
    fn from_core(core: chatwire::Response<Core>) -> Self {
        let response = ResponseHead::from_core(&core.head);
        Self {
            data: <Js as FromCore<chatwire::Response<Core>>>::from_core(core),
            response,
        }
    }
}

impl<Js: ToNapiValue> ToNapiValue for RawResponse<Js> {
    unsafe fn to_napi_value(env: sys::napi_env, raw: Self) -> napi::Result<sys::napi_value> {
        let mut object = Object::new(&Env::from_raw(env))?;
        object.set_named_property("data", raw.data)?;
        object.set_named_property("response", raw.response)?;
        Ok(object.raw())
    }
}
