//! Server-sent event streams: the frames a provider plans, the stream faults applied to them, and
//! the body that writes them with pauses, batching and progress in the request log.

use std::collections::VecDeque;
use std::io;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use bytes::{BufMut, Bytes, BytesMut};

use crate::faults::FaultKind;
use crate::log::{Outcome, StreamProgress};

/// What a frame is to the client, which decides where faults land.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FrameKind {
    /// Before any content (Mevichat `meta`).
    Lead,
    /// One piece of reply text.
    Token,
    /// Any other event (`blocked`, `error`, unknown kinds).
    Other,
    /// The event that ends the stream.
    Terminal,
    /// A comment line, which is not an event.
    Comment,
}

/// One SSE event (or comment) to write.
#[derive(Clone, Debug)]
pub(crate) struct Frame {
    pub kind: FrameKind,
    pub event: Option<&'static str>,
    pub data: String,
}

impl Frame {
    pub fn new(kind: FrameKind, event: Option<&'static str>, data: impl Into<String>) -> Self {
        Self {
            kind,
            event,
            data: data.into(),
        }
    }

    /// A JSON event.
    pub fn json(kind: FrameKind, event: Option<&'static str>, data: &serde_json::Value) -> Self {
        Self::new(kind, event, data.to_string())
    }

    fn encode(&self, out: &mut BytesMut) {
        if self.kind == FrameKind::Comment {
            out.put_slice(b": ");
            out.put_slice(self.data.as_bytes());
            out.put_slice(b"\n\n");
            return;
        }
        if let Some(event) = self.event {
            out.put_slice(b"event: ");
            out.put_slice(event.as_bytes());
            out.put_u8(b'\n');
        }
        for line in self.data.split('\n') {
            out.put_slice(b"data: ");
            out.put_slice(line.as_bytes());
            out.put_u8(b'\n');
        }
        out.put_u8(b'\n');
    }
}

/// Marks a response whose body is an event stream, whose log outcome the stream itself records.
#[derive(Clone, Copy)]
pub(crate) struct SseResponse;

/// How a provider spells the frames that faults add.
pub(crate) trait EventFormat {
    /// A token event carrying `text`.
    fn token(&self, text: &str) -> Frame;
    /// An event of a type the provider's docs do not name.
    fn unknown(&self) -> Frame;
}

/// Pauses and cut-offs applied while writing.
#[derive(Default)]
struct Pacing {
    token_delay: Duration,
    comment_interval: Duration,
    stall: Option<(usize, Duration)>,
    close_after: Option<usize>,
}

/// Writes `frames` as an SSE response, after applying the stream `fault` if any.
pub(crate) fn respond(
    mut frames: Vec<Frame>,
    format: &dyn EventFormat,
    fault: Option<FaultKind>,
    token_delay: Duration,
    progress: StreamProgress,
) -> Response {
    let mut pacing = Pacing {
        token_delay,
        ..Pacing::default()
    };
    let first_token = frames
        .iter()
        .position(|f| f.kind == FrameKind::Token)
        .unwrap_or(frames.len());
    match fault {
        Some(FaultKind::EndWithoutTerminal {}) => frames.retain(|f| f.kind != FrameKind::Terminal),
        Some(FaultKind::MalformedJson {}) => {
            if let Some(frame) = frames.get_mut(first_token) {
                // Dropping the closing brace leaves JSON that no parser accepts.
                frame.data.pop();
            }
        }
        Some(FaultKind::UnknownEvent {}) => frames.insert(first_token, format.unknown()),
        Some(FaultKind::OversizeEvent { bytes }) => {
            frames.insert(first_token, format.token(&"x".repeat(bytes)));
        }
        Some(FaultKind::StallBetweenEvents { ms, after_events }) => {
            pacing.stall = Some((after_events, Duration::from_millis(ms)));
        }
        Some(FaultKind::CloseAfterEvents { events }) => pacing.close_after = Some(events),
        Some(FaultKind::KeepaliveOnly { interval_ms, count }) => {
            frames = vec![Frame::new(FrameKind::Comment, None, "keep-alive"); count];
            pacing.comment_interval = Duration::from_millis(interval_ms);
        }
        _ => {}
    }
    let writer = StreamWriter {
        frames: frames.into(),
        pacing,
        events_sent: 0,
        waited: false,
        progress,
    };
    let body = futures_util::stream::unfold(writer, |mut writer| async move {
        writer.next_chunk().await.map(|chunk| (chunk, writer))
    });
    let mut response = Body::from_stream(body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// How long a scripted close waits for earlier events to reach the socket.
pub(crate) const FLUSH_GRACE: Duration = Duration::from_millis(20);

/// Writes are batched up to this size when nothing asks for a pause between frames.
const BATCH_BYTES: usize = 16 * 1024;

struct StreamWriter {
    frames: VecDeque<Frame>,
    pacing: Pacing,
    events_sent: usize,
    /// Whether the pause before the next frame has been taken.
    waited: bool,
    progress: StreamProgress,
}

impl StreamWriter {
    /// The pause owed before the next frame.
    fn pause_before_next(&self) -> Duration {
        let Some(next) = self.frames.front() else {
            return Duration::ZERO;
        };
        let mut pause = match next.kind {
            FrameKind::Comment => self.pacing.comment_interval,
            FrameKind::Token if self.events_sent > 0 => self.pacing.token_delay,
            _ => Duration::ZERO,
        };
        if let Some((after, stall)) = self.pacing.stall {
            if after == self.events_sent {
                pause += stall;
            }
        }
        pause
    }

    async fn next_chunk(&mut self) -> Option<Result<Bytes, io::Error>> {
        let mut batch = BytesMut::new();
        loop {
            if self.pacing.close_after == Some(self.events_sent) {
                if !batch.is_empty() {
                    break;
                }
                self.progress.finish(Outcome::Aborted);
                // Let the server flush what was written, so the client sees those events before
                // the error from the body makes the server drop the connection mid-message.
                tokio::time::sleep(FLUSH_GRACE).await;
                return Some(Err(io::Error::other("scripted close_after_events")));
            }
            let Some(frame) = self.frames.front() else {
                if batch.is_empty() {
                    self.progress.finish(Outcome::Complete);
                    return None;
                }
                break;
            };
            let pause = self.pause_before_next();
            if !pause.is_zero() && !self.waited {
                if !batch.is_empty() {
                    break;
                }
                tokio::time::sleep(pause).await;
                self.waited = true;
            }
            frame.encode(&mut batch);
            if frame.kind != FrameKind::Comment {
                self.events_sent += 1;
            }
            self.frames.pop_front();
            self.waited = false;
            if batch.len() >= BATCH_BYTES {
                break;
            }
        }
        self.progress.sent(self.events_sent);
        Some(Ok(batch.freeze()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_data_gets_one_data_field_per_line() {
        let mut out = BytesMut::new();
        Frame::new(FrameKind::Token, Some("token"), "a\nb").encode(&mut out);
        Frame::new(FrameKind::Comment, None, "keep-alive").encode(&mut out);
        Frame::new(FrameKind::Token, None, "{}").encode(&mut out);
        assert_eq!(
            &out[..],
            b"event: token\ndata: a\ndata: b\n\n: keep-alive\n\ndata: {}\n\n"
        );
    }
}
