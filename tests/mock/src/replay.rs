//! Conformance vectors replayed verbatim. `POST /__mock/replay` takes a vector of
//! `tests/vectors/` as it stands and queues its bytes for the next stream of its provider; the
//! bytes then go out unchanged, in the vector's pieces, however the request was made.

use std::io;

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use bytes::Bytes;
use futures_util::StreamExt;
use serde::Deserialize;

use crate::faults::{Fault, FaultKind, ReplayEnd};
use crate::sse::FLUSH_GRACE;

/// The fields of a vector file the mock reads; the rest (`description`, `expect`) is the suites'.
#[derive(Deserialize)]
pub(crate) struct Vector {
    provider: String,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    body_base64: Option<String>,
    #[serde(default)]
    chunks: Vec<usize>,
    #[serde(default)]
    end: ReplayEnd,
}

/// The path each provider streams on.
fn stream_path(provider: &str) -> Option<&'static str> {
    Some(match provider {
        "mevichat" => "/api/chat/",
        "vexar" => "/api/v1/chat/stream",
        "devapi" => "/api/v1/chat",
        "widgetkey" => "/v1/chat/stream",
        _ => return None,
    })
}

impl Vector {
    /// The fault that replays this vector once, on its provider's stream path.
    pub fn into_fault(self) -> Result<Fault, String> {
        let path = stream_path(&self.provider).ok_or_else(|| {
            format!(
                "unknown provider {:?}; known: mevichat, vexar, devapi, widgetkey",
                self.provider
            )
        })?;
        let body_base64 = match (self.body, self.body_base64) {
            (Some(text), None) => base64::engine::general_purpose::STANDARD.encode(text),
            // Checked now, so that a bad vector is refused rather than replayed as a broken stream.
            (None, Some(encoded)) => decode(&encoded).map(|_| encoded)?,
            _ => return Err("a vector has exactly one of body and body_base64".into()),
        };
        Ok(Fault {
            kind: FaultKind::Replay {
                body_base64,
                chunks: self.chunks,
                end: self.end,
            },
            times: 1,
            path: Some(path.to_owned()),
            key: None,
        })
    }
}

fn decode(encoded: &str) -> Result<Vec<u8>, String> {
    base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|e| format!("body_base64: {e}"))
}

/// The stream of a `replay` fault: the bytes in their pieces, then a clean end or a break.
pub(crate) fn respond(body_base64: &str, chunks: &[usize], end: ReplayEnd) -> Response {
    let body = match decode(body_base64) {
        Ok(body) => Bytes::from(body),
        Err(reason) => return (StatusCode::BAD_REQUEST, reason).into_response(),
    };
    let mut pieces = Vec::new();
    let mut rest = body;
    for &size in chunks {
        if rest.is_empty() {
            break;
        }
        pieces.push(Ok::<_, io::Error>(rest.split_to(size.min(rest.len()))));
    }
    if !rest.is_empty() {
        pieces.push(Ok(rest));
    }
    // Each piece is a chunk of its own on the wire, which the client's HTTP decoder hands on
    // as one: the vector's chunking survives the trip.
    let pieces = futures_util::stream::iter(pieces);
    let broken = (end == ReplayEnd::Break).then_some(async {
        // Let the server flush the pieces first, or the break would come before the headers.
        tokio::time::sleep(FLUSH_GRACE).await;
        Err(io::Error::other("a replayed vector breaks off here"))
    });
    let stream = pieces.chain(futures_util::stream::iter(broken).then(|failure| failure));
    let mut response = Body::from_stream(stream).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    response
}
