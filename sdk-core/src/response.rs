//! What an HTTP answer said besides its body: the status, the headers and the request id, for
//! the `*_with_response` methods and for an open stream.

use http::header::HeaderMap;

use crate::error::{truncate, MESSAGE_LIMIT};

/// The headers a server names its request id in, most common first.
const REQUEST_ID_HEADERS: [&str; 2] = ["x-request-id", "request-id"];

/// The status line and headers of a response.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResponseHead {
    /// The HTTP status.
    pub status: u16,
    /// The response headers, as sent.
    pub headers: HeaderMap,
    /// The `x-request-id` (or `request-id`) the server sent, to quote to its support.
    pub request_id: Option<String>,
}

impl ResponseHead {
    pub(crate) fn new(status: u16, headers: HeaderMap) -> Self {
        let request_id = request_id(&headers);
        Self {
            status,
            headers,
            request_id,
        }
    }

    pub(crate) fn of(response: &reqwest::Response) -> Self {
        Self::new(response.status().as_u16(), response.headers().clone())
    }
}

/// The request id `headers` carry, cut to the length an error message holds.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| headers.get(*name))
        .and_then(|value| value.to_str().ok())
        .map(|id| truncate(id, MESSAGE_LIMIT))
}

/// A decoded answer with the head of the response it came in.
#[derive(Clone, Debug, PartialEq)]
pub struct Response<T> {
    /// The status, headers and request id.
    pub head: ResponseHead,
    /// The decoded body.
    pub data: T,
}

impl<T> Response<T> {
    /// The decoded body, without the head.
    pub fn into_data(self) -> T {
        self.data
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.head.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.head.headers
    }

    /// The request id the server sent, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.head.request_id.as_deref()
    }

    /// The same head over `f(data)`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            head: self.head,
            data: f(self.data),
        }
    }

    /// The same head over `f(data)`, or `f`'s error.
    pub(crate) fn try_map<U>(
        self,
        f: impl FnOnce(T) -> crate::Result<U>,
    ) -> crate::Result<Response<U>> {
        Ok(Response {
            head: self.head,
            data: f(self.data)?,
        })
    }
}
