//! Every scenario, by the name that is the first segment of the request path. [`SCENARIOS`] is the
//! table of fixed names; `redirect-STATUS-TARGET` and `status-STATUS` are families parsed from the
//! name. README.md describes each one, and a test keeps the two in step.

use std::iter;
use std::time::Duration;

use serde_json::json;

use crate::bodies::{
    gzip, gzip_bomb, reply_sse, token, zlib, DONE, KEEP_ALIVE, META, REPLY_JSON, TRAPPED_JSON,
};
use crate::exchange::{Exchange, Step};
use crate::http::{chunk_header, Framing};
use crate::records::RecordedRequest;
use crate::server::Context;

/// The request as a scenario sees it.
pub(crate) struct Call {
    /// The path after the scenario segment (the provider path the SDK appended), query included.
    pub(crate) rest: String,
    pub(crate) request: RecordedRequest,
}

type Play = fn(&mut Exchange, &Call) -> Step;
/// Where a redirect points, from the server's addresses and the provider path.
type Locate = fn(&Context, &str) -> String;

const JSON: (&str, &str) = ("Content-Type", "application/json");
const EVENT_STREAM: (&str, &str) = ("Content-Type", "text/event-stream");
const HTML: (&str, &str) = ("Content-Type", "text/html");
const TEXT: (&str, &str) = ("Content-Type", "text/plain");
const GZIP: (&str, &str) = ("Content-Encoding", "gzip");
const BROTLI: (&str, &str) = ("Content-Encoding", "br");

/// The pause between the pieces of the slow and keep-alive scenarios.
const PACE: Duration = Duration::from_millis(100);
/// Before a reset, time for the client to read what was sent (a reset may discard unread data).
const RESET_GRACE: Duration = Duration::from_millis(100);
const MIB: usize = 1 << 20;
/// What the stalled bodies announce in `Content-Length`.
const STALLED_LENGTH: usize = 4096;
/// What the slow bodies announce in `Content-Length`; at one byte per [`PACE`], never finished.
const SLOW_LENGTH: usize = 100_000;
/// Large bodies are written in pieces of this size.
const PIECE: usize = 64 * 1024;
const BUSY: &str = r#"{"error":"busy"}"#;

const SCENARIOS: &[(&str, Play)] = &[
    // Redirects and the trap.
    ("redirect-loop", |exchange, call| {
        redirect(exchange, 302, &format!("/redirect-loop/{}", call.rest))
    }),
    ("trap", |exchange, call| {
        let records = &exchange.context.records;
        records.add_trap_request(call.request.clone());
        answer_trapped(exchange)
    }),
    // Replies.
    ("reply-json", |exchange, _| {
        exchange.send_whole(200, &[JSON], REPLY_JSON.as_bytes())
    }),
    ("reply-sse", |exchange, _| {
        send_sse(exchange, &[], reply_sse().as_bytes())
    }),
    ("cache-forever", |exchange, _| {
        // A lifetime that no clock can add to now.
        let forever = ("Cache-Control", "max-age=18446744073709551615");
        exchange.send_whole(200, &[JSON, forever], br#"{"bot":{"name":"hostile"}}"#)
    }),
    // Stalls.
    ("stall-headers", |exchange, _| exchange.stall()),
    ("stall-error-body", |exchange, _| {
        let length = Framing::Length(STALLED_LENGTH);
        stall_after(exchange, 500, JSON, length, br#"{"error":"internal""#)
    }),
    ("stall-error-body-chunked", |exchange, _| {
        stall_after(exchange, 503, JSON, Framing::Chunked, br#"{"error":"#)
    }),
    ("stall-wrong-type", |exchange, _| {
        let length = Framing::Length(STALLED_LENGTH);
        stall_after(exchange, 200, HTML, length, b"<html><body>")
    }),
    ("stall-json-body", |exchange, _| {
        let length = Framing::Length(STALLED_LENGTH);
        stall_after(exchange, 200, JSON, length, br#"{"conversationId":"#)
    }),
    ("stall-sse-silent", |exchange, _| {
        let first = first_events();
        stall_after(
            exchange,
            200,
            EVENT_STREAM,
            Framing::Chunked,
            first.as_bytes(),
        )
    }),
    ("stall-sse-keepalive", |exchange, _| {
        send_sse_head(exchange, &[])?;
        exchange.send_body(first_events().as_bytes())?;
        exchange.send_paced(iter::repeat(KEEP_ALIVE.as_bytes()), PACE)
    }),
    ("stall-sse-before-first", |exchange, _| {
        stall_after(exchange, 200, EVENT_STREAM, Framing::Chunked, b"")
    }),
    ("slow-headers", |exchange, _| {
        exchange.send_raw(b"HTTP/1.1 200 OK\r\nX-Slow: ")?;
        exchange.send_paced(iter::repeat(&b"a"[..]), PACE)
    }),
    ("slow-error-body", |exchange, _| {
        let body = padded_json(r#"{"error":"slow","message":""#, SLOW_LENGTH);
        send_slowly(exchange, 500, &body)
    }),
    ("slow-json-body", |exchange, _| {
        let body = padded_json(
            r#"{"conversationId":"conv_hostile","message":""#,
            SLOW_LENGTH,
        );
        send_slowly(exchange, 200, &body)
    }),
    // Size.
    ("huge-error-body", |exchange, _| {
        let size = 512 * MIB;
        exchange.send_head(500, &[TEXT], Framing::Length(size))?;
        exchange.send_body_repeated(b'x', size, PIECE)
    }),
    ("huge-error-message", |exchange, _| {
        let (prefix, size, suffix) = (r#"{"error":"too_big","message":""#, 64 * MIB, r#""}"#);
        let length = prefix.len() + size + suffix.len();
        exchange.send_head(400, &[JSON], Framing::Length(length))?;
        exchange.send_body(prefix.as_bytes())?;
        exchange.send_body_repeated(b'm', size, PIECE)?;
        exchange.send_body(suffix.as_bytes())
    }),
    ("huge-headers", |exchange, _| {
        let big = "x".repeat(MIB);
        exchange.send_whole(200, &[JSON, ("X-Big", &big)], REPLY_JSON.as_bytes())
    }),
    ("huge-line", |exchange, _| {
        send_sse_head(exchange, &[])?;
        exchange.send_body(META.as_bytes())?;
        send_long_token(exchange, 64 * MIB)?;
        exchange.send_body([&token("after"), DONE].concat().as_bytes())?;
        exchange.end_body()
    }),
    ("oversize-then-close", |exchange, _| {
        send_sse_head(exchange, &[])?;
        exchange.send_body(META.as_bytes())?;
        send_long_token(exchange, 2 * MIB)?;
        exchange.end_body()
    }),
    ("million-events", |exchange, _| {
        const EVENTS: usize = 1_000_000;
        const PER_WRITE: usize = 10_000;
        let batch = token("x").repeat(PER_WRITE);
        send_sse_head(exchange, &[])?;
        exchange.send_body(META.as_bytes())?;
        for _ in 0..EVENTS / PER_WRITE {
            exchange.send_body(batch.as_bytes())?;
        }
        exchange.send_body(DONE.as_bytes())?;
        exchange.end_body()
    }),
    // Framing lies.
    ("sse-as-json", |exchange, _| {
        exchange.send_whole(200, &[JSON], reply_sse().as_bytes())
    }),
    ("json-as-html", |exchange, _| {
        exchange.send_whole(200, &[HTML], b"<html>not json</html>")
    }),
    ("cl-short", |exchange, _| {
        exchange.send_head(200, &[JSON], Framing::Length(10))?;
        exchange.send_body(REPLY_JSON.as_bytes())
    }),
    ("cl-long", |exchange, _| {
        exchange.send_head(200, &[JSON], Framing::Length(1000))?;
        exchange.send_body(REPLY_JSON.as_bytes())
    }),
    ("chunked-truncated", |exchange, _| {
        exchange.send_head(200, &[JSON], Framing::Chunked)?;
        exchange.send_raw(&chunk_header(0x100))?;
        exchange.send_raw(&REPLY_JSON.as_bytes()[..20])
    }),
    ("sse-chunked-truncated", |exchange, _| {
        send_sse_head(exchange, &[])?;
        exchange.send_body(META.as_bytes())?;
        exchange.send_raw(&chunk_header(0x40))?;
        exchange.send_raw(&token("a").as_bytes()[..10])
    }),
    ("not-http", |exchange, _| {
        exchange.send_raw(b"SSH-2.0-OpenSSH_9.6\r\n")
    }),
    ("garbage-status", |exchange, _| {
        exchange.send_raw(b"HTTP/1.1 abc Nope\r\n\r\n")
    }),
    ("reset-before-headers", |exchange, _| {
        exchange.reset_on_close()
    }),
    ("reset-mid-sse", |exchange, _| {
        send_sse_head(exchange, &[])?;
        exchange.send_body(first_events().as_bytes())?;
        exchange.wait(RESET_GRACE)?;
        exchange.reset_on_close()
    }),
    ("reset-mid-json", |exchange, _| {
        exchange.send_head(200, &[JSON], Framing::Length(1000))?;
        exchange.send_body(&REPLY_JSON.as_bytes()[..20])?;
        exchange.wait(RESET_GRACE)?;
        exchange.reset_on_close()
    }),
    // Retries.
    ("retry-after-zero", |exchange, _| {
        exchange.send_whole(503, &[JSON, ("Retry-After", "0")], BUSY.as_bytes())
    }),
    ("retry-after-ms-zero", |exchange, _| {
        exchange.send_whole(503, &[JSON, ("retry-after-ms", "0")], BUSY.as_bytes())
    }),
    // Content encodings the client never asked for.
    ("gzip-json", |exchange, _| {
        exchange.send_whole(200, &[JSON, GZIP], &gzip(REPLY_JSON.as_bytes()))
    }),
    ("deflate-json", |exchange, _| {
        let deflate = ("Content-Encoding", "deflate");
        exchange.send_whole(200, &[JSON, deflate], &zlib(REPLY_JSON.as_bytes()))
    }),
    ("br-json", |exchange, _| {
        exchange.send_whole(200, &[JSON, BROTLI], REPLY_JSON.as_bytes())
    }),
    ("gzip-sse", |exchange, _| {
        send_sse(exchange, &[GZIP], &gzip(reply_sse().as_bytes()))
    }),
    ("br-sse", |exchange, _| {
        send_sse(exchange, &[BROTLI], reply_sse().as_bytes())
    }),
    ("gzip-bomb", |exchange, _| {
        send_sse(exchange, &[GZIP], gzip_bomb())
    }),
    ("gzip-error", |exchange, _| {
        let body = gzip(br#"{"error":"internal","message":"gzipped"}"#);
        exchange.send_whole(500, &[JSON, GZIP], &body)
    }),
];

/// `redirect-STATUS-TARGET` exists for these statuses…
const REDIRECT_STATUSES: [u16; 5] = [301, 302, 303, 307, 308];

/// …and these targets.
const REDIRECT_TARGETS: &[(&str, Locate)] = &[
    ("port", |context, rest| {
        format!("{}/{rest}", context.trap_url)
    }),
    ("host", |context, rest| {
        format!("http://localhost:{}/trap/{rest}", context.main_port)
    }),
    ("scheme", |context, rest| {
        format!("https://127.0.0.1:{}/trap/{rest}", context.main_port)
    }),
    ("same", |_, rest| format!("/reply-json/{rest}")),
    ("same-absolute", |context, rest| {
        format!("http://127.0.0.1:{}/reply-json/{rest}", context.main_port)
    }),
    ("same-sse", |_, rest| format!("/reply-sse/{rest}")),
];

enum Scenario {
    Fixed(Play),
    Redirect { status: u16, locate: Locate },
    Status(u16),
}

impl Scenario {
    fn named(name: &str) -> Option<Scenario> {
        if let Some((_, play)) = SCENARIOS.iter().find(|(fixed, _)| *fixed == name) {
            return Some(Scenario::Fixed(*play));
        }
        if let Some(family) = name.strip_prefix("redirect-") {
            let (status, target) = family.split_once('-')?;
            let status = status
                .parse()
                .ok()
                .filter(|s| REDIRECT_STATUSES.contains(s))?;
            let (_, locate) = REDIRECT_TARGETS
                .iter()
                .find(|(known, _)| *known == target)?;
            return Some(Scenario::Redirect {
                status,
                locate: *locate,
            });
        }
        let status = name.strip_prefix("status-")?;
        if status.len() != 3 || !status.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        status
            .parse()
            .ok()
            .filter(|&s| s >= 100)
            .map(Scenario::Status)
    }
}

/// Plays scenario `name`, or answers 404 for a name no scenario has.
pub(crate) fn play(exchange: &mut Exchange, name: &str, call: &Call) -> Step {
    match Scenario::named(name) {
        Some(Scenario::Fixed(play)) => play(exchange, call),
        Some(Scenario::Redirect { status, locate }) => {
            let location = locate(&exchange.context, &call.rest);
            redirect(exchange, status, &location)
        }
        Some(Scenario::Status(status)) => {
            let body = json!({
                "error": format!("status_{status}"),
                "message": format!("scripted {status}"),
            });
            let request_id = format!("req_hostile_{status}");
            let headers = [JSON, ("x-request-id", &request_id)];
            exchange.send_whole(status, &headers, body.to_string().as_bytes())
        }
        None => exchange.send_whole(404, &[JSON], br#"{"error":"unknown_scenario"}"#),
    }
}

/// What the trap listener (and the `trap` scenario) answers to everything.
pub(crate) fn answer_trapped(exchange: &mut Exchange) -> Step {
    exchange.send_whole(200, &[JSON], TRAPPED_JSON.as_bytes())
}

fn redirect(exchange: &mut Exchange, status: u16, location: &str) -> Step {
    let body = json!({ "redirect": location }).to_string();
    exchange.send_whole(status, &[JSON, ("Location", location)], body.as_bytes())
}

/// `200`, `text/event-stream`, chunked, with `headers` beside the content type.
fn send_sse_head(exchange: &mut Exchange, headers: &[(&str, &str)]) -> Step {
    let headers = [&[EVENT_STREAM], headers].concat();
    exchange.send_head(200, &headers, Framing::Chunked)
}

/// A complete SSE response in one chunk.
fn send_sse(exchange: &mut Exchange, headers: &[(&str, &str)], body: &[u8]) -> Step {
    send_sse_head(exchange, headers)?;
    exchange.send_body(body)?;
    exchange.end_body()
}

/// META then TOKEN("a"): where the stalled and reset streams stop.
fn first_events() -> String {
    [META, &token("a")].concat()
}

/// A head, the start of a body, then nothing until the client leaves or time runs out.
fn stall_after(
    exchange: &mut Exchange,
    status: u16,
    content_type: (&str, &str),
    framing: Framing,
    partial: &[u8],
) -> Step {
    exchange.send_head(status, &[content_type], framing)?;
    exchange.send_body(partial)?;
    exchange.stall()
}

/// A JSON head announcing all of `body`, then the body one byte per [`PACE`].
fn send_slowly(exchange: &mut Exchange, status: u16, body: &str) -> Step {
    exchange.send_head(status, &[JSON], Framing::Length(body.len()))?;
    exchange.send_paced(body.as_bytes().chunks(1), PACE)
}

/// `prefix`, then `x` up to `length` bytes with the closing `"}`: one JSON object of that size.
fn padded_json(prefix: &str, length: usize) -> String {
    let suffix = r#""}"#;
    let filler = "x".repeat(length - prefix.len() - suffix.len());
    [prefix, &filler, suffix].concat()
}

/// A `token` event whose data line is `size` bytes of `x` (and not JSON).
fn send_long_token(exchange: &mut Exchange, size: usize) -> Step {
    exchange.send_body(b"event: token\ndata: ")?;
    exchange.send_body_repeated(b'x', size, PIECE)?;
    exchange.send_body(b"\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_parse_and_strangers_do_not() {
        assert!(matches!(
            Scenario::named("reply-json"),
            Some(Scenario::Fixed(_))
        ));
        assert!(matches!(
            Scenario::named("redirect-308-same-absolute"),
            Some(Scenario::Redirect { status: 308, .. })
        ));
        assert!(matches!(
            Scenario::named("status-429"),
            Some(Scenario::Status(429))
        ));
        for stranger in [
            "redirect-300-port",
            "redirect-307-elsewhere",
            "status-42",
            "status-4299",
            "status-abc",
            "nope",
        ] {
            assert!(Scenario::named(stranger).is_none(), "{stranger}");
        }
    }

    #[test]
    fn padded_json_has_the_length_asked_for() {
        let body = padded_json(r#"{"error":"slow","message":""#, SLOW_LENGTH);
        assert_eq!(body.len(), SLOW_LENGTH);
        serde_json::from_str::<serde_json::Value>(&body).unwrap();
    }

    /// README.md's scenario tables name every scenario, and only those.
    #[test]
    fn readme_lists_every_scenario() {
        let readme = include_str!("../README.md");
        let section = readme
            .split("\n## Scenarios\n")
            .nth(1)
            .expect("a Scenarios section");
        let section = section.split("\n## ").next().unwrap_or_default();
        let mut listed: Vec<&str> = section
            .lines()
            .filter_map(|line| line.strip_prefix("| `"))
            .filter_map(|line| line.split('`').next())
            .collect();
        let mut expected: Vec<String> =
            SCENARIOS.iter().map(|(name, _)| name.to_string()).collect();
        expected.extend(
            REDIRECT_TARGETS
                .iter()
                .map(|(target, _)| format!("redirect-STATUS-{target}")),
        );
        expected.push("status-STATUS".into());
        listed.sort_unstable();
        expected.sort_unstable();
        assert_eq!(listed, expected);
    }
}
