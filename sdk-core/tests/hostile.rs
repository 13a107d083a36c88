//! The hostile server's cases (`tests/hostile/cases.json`) through the public API: a raw-socket
//! server that redirects, stalls, lies and truncates, and careless input. Each test asserts the
//! typed outcome and a time bound, then records the case as held for `tests/hostile/report.py`.

use std::future::Future;
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chatwire::mevichat::{self, ChatEvent};
use chatwire::{devapi, vexar, widgetkey, ClientBuilder, Error, RedirectRefusal, RequestOptions};
use chatwire_hostile::{ClosedBy, HostileServer};
use futures_util::future::BoxFuture;
use http::header::{HeaderName, HeaderValue};

const MEVICHAT_KEY: &str = "mvc_pk_hostile_secret_1";
const ORIGIN: &str = "https://example.com";
const EXPORT_JWT: &str = "eyJhbGciOiJIUzI1NiJ9.hostile_secret_2.sig";
const VEXAR_KEY: &str = "vx_hostile_secret_3";
const DEVAPI_KEY: &str = "dk_hostile_secret_4";
const WIDGET_KEY: &str = "wk_hostile_secret_5";
const SECRETS: [&str; 5] = [MEVICHAT_KEY, EXPORT_JWT, VEXAR_KEY, DEVAPI_KEY, WIDGET_KEY];
const SESSION: &str = "5f3e8c7c-5d4a-4a91-9a4e-c9a7e6d2b0f1";

/// The timeouts the cases wait out: short, so that the suite is quick, and far apart from the
/// scenarios' own pace (stalls of 30 s, a byte every 100 ms).
const TIMEOUT: Duration = Duration::from_secs(1);
/// What a wait may take past its timeout.
const SLACK: Duration = Duration::from_secs(1);
const REDIRECT_STATUSES: [u16; 5] = [301, 302, 303, 307, 308];

/// Records that `case` held, with what came out and how long it took.
fn record(case: &str, outcome: impl std::fmt::Display, took: Duration) {
    let dir = std::env::var_os("CHATWIRE_HOSTILE_RESULTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/hostile-results")
        });
    std::fs::create_dir_all(&dir).unwrap();
    let line = serde_json::json!({
        "case": case,
        "outcome": outcome.to_string(),
        "ms": took.as_secs_f64() * 1000.0,
    });
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("rust.jsonl"))
        .unwrap();
    writeln!(file, "{line}").unwrap();
}

/// `future`'s output and how long it took.
async fn timed<T>(future: impl Future<Output = T>) -> (T, Duration) {
    let started = Instant::now();
    let output = future.await;
    (output, started.elapsed())
}

/// `builder` pointed at `base`, with the suite's timeouts and no retries.
fn pointed_at<B: ClientBuilder>(builder: B, base: &str) -> B::Client {
    builder
        .base_url(base.to_owned())
        .timeout(TIMEOUT)
        .connect_timeout(TIMEOUT)
        .idle_timeout(TIMEOUT)
        .max_retries(0)
        .build()
        .unwrap()
}

fn mevichat_client(base: &str) -> mevichat::Client {
    pointed_at(
        mevichat::Client::builder(MEVICHAT_KEY, ORIGIN).export_token(EXPORT_JWT),
        base,
    )
}

fn widgetkey_client(base: &str) -> widgetkey::Client {
    pointed_at(widgetkey::Client::builder(WIDGET_KEY), base)
}

fn chat_request() -> mevichat::ChatRequest {
    let mut request = mevichat::ChatRequest::new(SESSION, "hi");
    request.visitor_metadata = Some(serde_json::from_str(r#"{"plan":"pro"}"#).unwrap());
    request
}

async fn mevichat_stream(base: String) -> chatwire::Result<mevichat::ChatStream> {
    mevichat_client(&base).chat_stream(&chat_request()).await
}

async fn widgetkey_chat(base: String) -> chatwire::Result<widgetkey::ChatResponse> {
    widgetkey_client(&base)
        .chat(&widgetkey::ChatRequest::new("user-1", "hi"))
        .await
}

/// Every item of a stream, errors as their messages.
async fn collect(mut stream: mevichat::ChatStream) -> Vec<Result<ChatEvent, Error>> {
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        items.push(item);
    }
    items
}

type Call = BoxFuture<'static, chatwire::Result<()>>;

/// Every call that carries a credential, against `base`: Mevichat's public key (body and query)
/// and export JWT, Vexar's site key (body and query), the Developer API's bearer key, and the
/// widget key in either header.
fn credential_calls(base: &str) -> Vec<(&'static str, Call)> {
    let mevichat = mevichat_client(base);
    let vexar = pointed_at(vexar::Client::builder(VEXAR_KEY), base);
    let devapi = pointed_at(devapi::Client::builder(DEVAPI_KEY), base);
    let widgetkey = widgetkey_client(base);
    let widget_header = pointed_at(
        widgetkey::Client::builder(WIDGET_KEY).key_header(widgetkey::KeyHeader::XWidgetApiKey),
        base,
    );
    let (m1, m2, m3) = (mevichat.clone(), mevichat.clone(), mevichat);
    let (v1, v2) = (vexar.clone(), vexar);
    vec![
        (
            "mevichat chat_stream",
            Box::pin(async move { m1.chat_stream(&chat_request()).await.map(drop) }),
        ),
        (
            "mevichat get_widget_config",
            Box::pin(async move { m2.get_widget_config().await.map(drop) }),
        ),
        (
            "mevichat export_conversation",
            Box::pin(async move { m3.export_conversation(SESSION).await.map(drop) }),
        ),
        (
            "vexar chat_stream",
            Box::pin(async move {
                let request = vexar::ChatRequest::new("sess-1", "hi");
                v1.chat_stream(&request).await.map(drop)
            }),
        ),
        (
            "vexar get_history",
            Box::pin(async move { v2.get_history("sess-1").await.map(drop) }),
        ),
        (
            "devapi chat",
            Box::pin(async move { devapi.chat(&devapi::ChatRequest::new("hi")).await.map(drop) }),
        ),
        (
            "widgetkey chat (x-api-key)",
            Box::pin(async move {
                let request = widgetkey::ChatRequest::new("user-1", "hi");
                widgetkey.chat(&request).await.map(drop)
            }),
        ),
        (
            "widgetkey chat_stream (x-widget-api-key)",
            Box::pin(async move {
                let request = widgetkey::ChatRequest::new("user-1", "hi");
                widget_header.chat_stream(&request).await.map(drop)
            }),
        ),
    ]
}

/// Every credential call, for every redirect status, to where `kind` leads: each fails with
/// a redirect to another origin, names no secret, and the other origin gets nothing.
async fn redirects_to_another_origin_are_refused(case: &str, kind: &str) {
    let server = HostileServer::start().unwrap();
    let leads_to = match kind {
        "port" => format!("{}/", server.trap_url()),
        "host" => "http://localhost:".to_owned(),
        _ => "https://127.0.0.1:".to_owned(),
    };
    let mut slowest = Duration::ZERO;
    for status in REDIRECT_STATUSES {
        let base = server.scenario_url(&format!("redirect-{status}-{kind}"));
        for (name, call) in credential_calls(&base) {
            let (outcome, took) = timed(call).await;
            let error = outcome.unwrap_err();
            let Error::Redirect {
                status: got,
                location,
                reason,
            } = &error
            else {
                panic!("{name} after a {status}: {error}");
            };
            assert_eq!(
                (*got, *reason),
                (status, RedirectRefusal::OtherOrigin),
                "{name}"
            );
            assert!(location.starts_with(&leads_to), "{name}: {location}");
            let shown = format!("{error} {error:?}");
            assert!(
                SECRETS.iter().all(|secret| !shown.contains(secret)),
                "{shown}"
            );
            slowest = slowest.max(took);
        }
    }
    let trapped = server.trap_requests();
    assert!(trapped.is_empty(), "the other origin got {trapped:?}");
    let requests = server.requests();
    assert_eq!(
        requests.len(),
        REDIRECT_STATUSES.len() * 8,
        "each call once"
    );
    record(case, "RedirectError, the other origin got nothing", slowest);
}

#[tokio::test]
async fn a_redirect_to_another_port_is_not_followed() {
    redirects_to_another_origin_are_refused("redirect-other-port", "port").await;
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed() {
    redirects_to_another_origin_are_refused("redirect-other-host", "host").await;
}

#[tokio::test]
async fn a_redirect_to_another_scheme_is_not_followed() {
    redirects_to_another_origin_are_refused("redirect-other-scheme", "scheme").await;
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed() {
    let server = HostileServer::start().unwrap();
    let mut slowest = Duration::ZERO;
    for status in REDIRECT_STATUSES {
        for kind in ["same", "same-absolute"] {
            let base = server.scenario_url(&format!("redirect-{status}-{kind}"));
            let (reply, took) = timed(widgetkey_chat(base.clone())).await;
            assert_eq!(
                reply.unwrap().conversation_id,
                "conv_hostile",
                "{status} {kind}"
            );
            slowest = slowest.max(took);
        }
        let base = server.scenario_url(&format!("redirect-{status}-same-sse"));
        let (stream, took) = timed(mevichat_stream(base.clone())).await;
        let items = collect(stream.unwrap()).await;
        assert!(
            matches!(items.last(), Some(Ok(ChatEvent::Done(_)))),
            "{items:?}"
        );
        slowest = slowest.max(took);
    }
    record(
        "redirect-same-origin",
        "followed: the answer after it",
        slowest,
    );
}

#[tokio::test]
async fn a_redirect_loop_stops_at_the_cap_and_is_not_retried() {
    let server = HostileServer::start().unwrap();
    let client = widgetkey::Client::builder(WIDGET_KEY)
        .base_url(server.scenario_url("redirect-loop"))
        .max_retries(3)
        .build()
        .unwrap();
    let (outcome, took) = timed(client.chat(&widgetkey::ChatRequest::new("u", "hi"))).await;
    let error = outcome.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Redirect {
                status: 302,
                reason: RedirectRefusal::TooMany,
                ..
            }
        ),
        "{error}"
    );
    assert_eq!(server.requests().len(), 1 + chatwire::MAX_REDIRECTS);
    record("redirect-loop", "RedirectError after 6 requests", took);
}

/// A call ends within its timeout (and the slack) with an error that `expected` accepts; the
/// server then sees the connection closed by the client, where one was made.
async fn ends_in_time<T: std::fmt::Debug>(
    server: &HostileServer,
    case: &str,
    connected: bool,
    call: impl Future<Output = chatwire::Result<T>>,
    expected: impl Fn(&Error) -> bool,
) {
    let (outcome, took) = timed(call).await;
    let error = outcome.unwrap_err();
    assert!(expected(&error), "{case}: {error}");
    assert!(took <= TIMEOUT + SLACK, "{case}: {took:?}");
    assert!(
        took >= TIMEOUT - Duration::from_millis(50),
        "{case}: {took:?}"
    );
    if connected {
        closed_by_the_client(server, case).await;
    }
    record(case, kind_of(&error), took);
}

/// The scenario's connections were all closed by the client, soon after the call ended.
async fn closed_by_the_client(server: &HostileServer, case: &str) {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let connections = server.connections();
        assert!(!connections.is_empty(), "{case}: no connection");
        if connections
            .iter()
            .all(|c| c.closed_by == Some(ClosedBy::Client))
        {
            return;
        }
        assert!(Instant::now() < deadline, "{case}: {connections:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The name of the error's Python and Node class.
fn kind_of(error: &Error) -> &'static str {
    match error {
        Error::Connection { .. } => "APIConnectionError",
        Error::Timeout { .. } => "APITimeoutError",
        Error::IdleTimeout { .. } => "StreamIdleTimeoutError",
        Error::Api(api) if api.status >= 500 => "InternalServerError",
        Error::Api(api) if api.status == 400 => "BadRequestError",
        Error::Api(_) => "APIError",
        Error::Redirect { .. } => "RedirectError",
        Error::Decode { .. } => "DecodeError",
        Error::Validation { .. } => "ValidationError",
        Error::StreamEnded { .. } => "StreamEndedError",
        _ => "ChatwireError",
    }
}

fn is_timeout(error: &Error) -> bool {
    matches!(error, Error::Timeout { after } if *after == TIMEOUT)
}

fn is_server_error(error: &Error) -> bool {
    error.status().is_some_and(|status| status >= 500)
}

fn is_html_refused(error: &Error) -> bool {
    matches!(error, Error::Decode { reason, raw, .. }
        if reason.contains("text/html") && raw.starts_with("<html>"))
}

/// The call a wait case makes.
#[derive(Clone, Copy)]
enum Waiting {
    /// The widget-key API's JSON chat.
    Json,
    /// Opening a Mevichat stream.
    Stream,
}

#[tokio::test]
async fn every_wait_of_a_call_ends_within_its_timeout() {
    type Expected = fn(&Error) -> bool;
    // `None` as the scenario: the blackhole, where connect() hangs.
    let waits: [(&str, Option<&str>, Waiting, Expected); 9] = [
        ("stalled-connect", None, Waiting::Json, is_timeout),
        (
            "stalled-headers",
            Some("stall-headers"),
            Waiting::Json,
            is_timeout,
        ),
        (
            "slow-headers",
            Some("slow-headers"),
            Waiting::Json,
            is_timeout,
        ),
        (
            "stalled-error-body",
            Some("stall-error-body"),
            Waiting::Json,
            is_server_error,
        ),
        (
            "stalled-error-body-chunked",
            Some("stall-error-body-chunked"),
            Waiting::Json,
            is_server_error,
        ),
        (
            "slow-error-body",
            Some("slow-error-body"),
            Waiting::Json,
            is_server_error,
        ),
        (
            "stalled-wrong-type-body",
            Some("stall-wrong-type"),
            Waiting::Stream,
            is_html_refused,
        ),
        (
            "stalled-success-body",
            Some("stall-json-body"),
            Waiting::Json,
            is_timeout,
        ),
        (
            "slow-success-body",
            Some("slow-json-body"),
            Waiting::Json,
            is_timeout,
        ),
    ];
    // Each case on a server of its own, all at once.
    let cases = waits.map(|(case, scenario, waiting, expected)| async move {
        let server = HostileServer::start().unwrap();
        let base =
            scenario.map_or_else(|| server.blackhole_url(), |name| server.scenario_url(name));
        let call = async move {
            match waiting {
                Waiting::Json => widgetkey_chat(base).await.map(drop),
                Waiting::Stream => mevichat_stream(base).await.map(drop),
            }
        };
        ends_in_time(&server, case, scenario.is_some(), call, expected).await;
    });
    futures_util::future::join_all(cases).await;
}

#[tokio::test]
async fn silence_between_events_ends_the_stream_after_the_idle_timeout() {
    for (case, scenario, events_before) in [
        ("stalled-before-first-event", "stall-sse-before-first", 0),
        ("stalled-between-events", "stall-sse-silent", 2),
        ("keepalive-only-between-events", "stall-sse-keepalive", 2),
    ] {
        let server = HostileServer::start().unwrap();
        let stream = mevichat_stream(server.scenario_url(scenario))
            .await
            .unwrap();
        let (items, took) = timed(collect(stream)).await;
        assert_eq!(items.len(), events_before + 1, "{case}: {items:?}");
        assert!(items[..events_before].iter().all(Result::is_ok), "{case}");
        let error = items.last().unwrap().as_ref().unwrap_err();
        assert!(
            matches!(error, Error::IdleTimeout { after } if *after == TIMEOUT),
            "{case}: {error}"
        );
        assert!(
            took <= TIMEOUT + SLACK && took >= TIMEOUT,
            "{case}: {took:?}"
        );
        closed_by_the_client(&server, case).await;
        record(case, "StreamIdleTimeoutError", took);
    }
}

#[tokio::test]
async fn a_huge_error_body_is_read_only_up_to_the_cap() {
    let server = HostileServer::start().unwrap();
    let (outcome, took) = timed(widgetkey_chat(server.scenario_url("huge-error-body"))).await;
    let Error::Api(api) = outcome.unwrap_err() else {
        panic!("not an API error")
    };
    assert_eq!(api.status, 500);
    assert!(
        api.body.len() <= 4096 + "… (truncated)".len(),
        "{}",
        api.body.len()
    );
    assert!(api.body.ends_with("… (truncated)"));
    assert!(api.message.contains("not read whole"), "{}", api.message);
    assert!(took < Duration::from_secs(2), "{took:?}");
    closed_by_the_client(&server, "huge-error-body").await;
    record(
        "huge-error-body",
        "InternalServerError, body cut to 4 KiB",
        took,
    );

    let (outcome, took) = timed(widgetkey_chat(server.scenario_url("huge-error-message"))).await;
    let error = outcome.unwrap_err();
    let shown = error.to_string();
    assert_eq!(error.status(), Some(400));
    assert!(shown.len() < 2048, "{}", shown.len());
    assert!(shown.contains("not read whole"), "{shown}");
    record(
        "huge-error-message",
        "BadRequestError with a short message",
        took,
    );
}

#[tokio::test]
async fn framing_headers_are_refused_before_anything_is_sent() {
    let server = HostileServer::start().unwrap();
    let base = server.scenario_url("reply-json");
    let started = Instant::now();
    for name in ["content-length", "transfer-encoding", "host", "connection"] {
        let name = HeaderName::from_static(name);
        let value = HeaderValue::from_static("2");
        let error = widgetkey::Client::builder(WIDGET_KEY)
            .base_url(&base)
            .header(name.clone(), value.clone())
            .build()
            .unwrap_err();
        assert!(
            matches!(
                error,
                Error::Validation {
                    field: "default_headers",
                    ..
                }
            ),
            "{error}"
        );
        let client = widgetkey_client(&base)
            .with_options(&RequestOptions::new().header(name.clone(), value));
        let error = client
            .chat(&widgetkey::ChatRequest::new("u", "hi"))
            .await
            .unwrap_err();
        assert!(
            matches!(
                error,
                Error::Validation {
                    field: "extra_headers",
                    ..
                }
            ),
            "{name}: {error}"
        );
    }
    assert!(server.requests().is_empty(), "nothing was sent");
    record("framing-headers", "ValidationError", started.elapsed());
}

#[tokio::test]
async fn a_base_url_with_a_password_query_or_fragment_is_refused_without_echoing_it() {
    let server = HostileServer::start().unwrap();
    let port = server.base_url().rsplit(':').next().unwrap().to_owned();
    let started = Instant::now();
    let with_password = [
        format!("http://user:pa55word@127.0.0.1:{port}/reply-json/"),
        format!("http://pa55word@127.0.0.1:{port}/"),
        "http://user:pa55word@[::1".to_owned(),
        "http://user:pa55word@exa mple.com/".to_owned(),
    ];
    for base in &with_password {
        let error = widgetkey::Client::builder(WIDGET_KEY)
            .base_url(base)
            .build()
            .unwrap_err();
        let shown = format!("{error} {error:?}");
        assert!(
            matches!(
                error,
                Error::Validation {
                    field: "base_url",
                    ..
                }
            ),
            "{shown}"
        );
        assert!(!shown.contains("pa55word"), "{shown}");
    }
    record(
        "base-url-userinfo",
        "ValidationError without the password",
        started.elapsed(),
    );

    let started = Instant::now();
    for base in [
        format!("http://127.0.0.1:{port}/reply-json/?tenant=1"),
        format!("http://127.0.0.1:{port}/reply-json/#top"),
    ] {
        let error = widgetkey::Client::builder(WIDGET_KEY)
            .base_url(&base)
            .build()
            .unwrap_err();
        assert!(
            matches!(
                error,
                Error::Validation {
                    field: "base_url",
                    ..
                }
            ),
            "{error}"
        );
    }
    assert!(server.requests().is_empty(), "nothing was sent");
    record(
        "base-url-query-or-fragment",
        "ValidationError",
        started.elapsed(),
    );
}

#[tokio::test]
async fn a_zero_retry_after_does_not_make_the_retries_a_burst() {
    let mut slowest = Duration::ZERO;
    for scenario in ["retry-after-zero", "retry-after-ms-zero"] {
        let server = HostileServer::start().unwrap();
        let client = widgetkey::Client::builder(WIDGET_KEY)
            .base_url(server.scenario_url(scenario))
            .max_retries(200)
            .build()
            .unwrap();
        let window = Duration::from_millis(1600);
        let request = widgetkey::ChatRequest::new("u", "hi");
        let (outcome, took) = timed(tokio::time::timeout(window, client.chat(&request))).await;
        assert!(outcome.is_err(), "still retrying when cut off");
        let times: Vec<u64> = server.requests().iter().map(|r| r.at_ms).collect();
        // The backoff is 0.5 s, then 1 s, less a quarter at most: 3 attempts fit in 1.6 s.
        assert!((2..=3).contains(&times.len()), "{scenario}: {times:?}");
        assert!(
            times.windows(2).all(|pair| pair[1] - pair[0] >= 370),
            "{times:?}"
        );
        slowest = slowest.max(took);
    }
    record(
        "retry-after-zero",
        "attempts at least the backoff apart",
        slowest,
    );
}

#[tokio::test]
async fn any_duration_is_accepted_and_nothing_panics() {
    let server = HostileServer::start().unwrap();
    let started = Instant::now();
    for duration in [
        Duration::MAX,
        Duration::from_secs(u64::MAX / 2),
        Duration::from_secs(1e19 as u64),
    ] {
        let client = mevichat::Client::builder(MEVICHAT_KEY, ORIGIN)
            .base_url(server.scenario_url("reply-sse"))
            .timeout(duration)
            .connect_timeout(duration)
            .idle_timeout(duration)
            .build()
            .unwrap();
        let items = collect(client.chat_stream(&chat_request()).await.unwrap()).await;
        assert!(
            matches!(items.last(), Some(Ok(ChatEvent::Done(_)))),
            "{items:?}"
        );
        let per_call = RequestOptions::new()
            .timeout(duration)
            .idle_timeout(duration);
        let stream = client
            .with_options(&per_call)
            .chat_stream(&chat_request())
            .await
            .unwrap();
        assert_eq!(collect(stream).await.len(), 5);
    }
    for tiny in [Duration::ZERO, Duration::from_nanos(1)] {
        let client = widgetkey::Client::builder(WIDGET_KEY)
            .base_url(server.scenario_url("stall-headers"))
            .timeout(tiny)
            .max_retries(0)
            .build()
            .unwrap();
        let error = client
            .chat(&widgetkey::ChatRequest::new("u", "hi"))
            .await
            .unwrap_err();
        assert!(matches!(error, Error::Timeout { .. }), "{error}");
    }
    record(
        "extreme-durations",
        "accepted; a zero timeout times out",
        started.elapsed(),
    );
}

#[tokio::test]
async fn an_encoded_body_that_was_not_asked_for_is_refused_naming_its_encoding() {
    let server = HostileServer::start().unwrap();
    let names_encoding = |encoding: &'static str| move |error: &Error| matches!(error, Error::Decode { reason, .. } if reason.contains(encoding));
    for (case, scenario, encoding) in [
        ("gzip-json", "gzip-json", "gzip"),
        ("deflate-json", "deflate-json", "deflate"),
        ("br-json", "br-json", "br"),
    ] {
        let (outcome, took) = timed(widgetkey_chat(server.scenario_url(scenario))).await;
        let error = outcome.unwrap_err();
        assert!(names_encoding(encoding)(&error), "{case}: {error}");
        record(case, "DecodeError naming the encoding", took);
    }
    for (case, scenario, encoding) in [
        ("gzip-sse", "gzip-sse", "gzip"),
        ("br-sse", "br-sse", "br"),
        ("gzip-bomb", "gzip-bomb", "gzip"),
    ] {
        let (outcome, took) = timed(mevichat_stream(server.scenario_url(scenario))).await;
        let error = outcome.unwrap_err();
        assert!(names_encoding(encoding)(&error), "{case}: {error}");
        assert!(took < Duration::from_secs(2), "{case}: {took:?}");
        record(case, "DecodeError naming the encoding", took);
    }
    let (outcome, took) = timed(widgetkey_chat(server.scenario_url("gzip-error"))).await;
    let error = outcome.unwrap_err();
    assert_eq!(error.status(), Some(500));
    assert!(error.to_string().contains("gzip"), "{error}");
    record("gzip-error-body", "InternalServerError naming gzip", took);
}

#[tokio::test]
async fn an_oversize_line_is_an_error_that_does_not_count_as_an_event() {
    let server = HostileServer::start().unwrap();
    let stream = mevichat_stream(server.scenario_url("oversize-then-close"))
        .await
        .unwrap();
    let (items, took) = timed(collect(stream)).await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(matches!(items[0], Ok(ChatEvent::Meta(_))));
    assert!(matches!(&items[1], Err(Error::Decode { reason, .. }) if reason.contains("cap")));
    assert!(
        matches!(items[2], Err(Error::StreamEnded { events: 1, .. })),
        "{items:?}"
    );
    record(
        "oversize-line-not-counted",
        "meta, DecodeError, StreamEndedError after 1",
        took,
    );
}

/// What a scenario that already held before gives: (case, scenario, stream call?, expected).
#[tokio::test]
async fn lies_and_truncations_give_typed_errors() {
    let server = HostileServer::start().unwrap();
    let is_decode = |error: &Error| matches!(error, Error::Decode { .. });
    let is_connection = |error: &Error| matches!(error, Error::Connection { .. });
    type Expected = fn(&Error) -> bool;
    let json_cases: [(&str, &str, Expected); 8] = [
        ("json-as-html", "json-as-html", is_decode),
        ("content-length-short", "cl-short", is_decode),
        ("content-length-long", "cl-long", is_connection),
        ("chunked-truncated", "chunked-truncated", is_connection),
        ("huge-headers", "huge-headers", is_connection),
        ("not-http", "not-http", is_connection),
        ("garbage-status", "garbage-status", is_connection),
        (
            "reset-before-headers",
            "reset-before-headers",
            is_connection,
        ),
    ];
    for (case, scenario, expected) in json_cases {
        let (outcome, took) = timed(widgetkey_chat(server.scenario_url(scenario))).await;
        let error = outcome.unwrap_err();
        assert!(expected(&error), "{case}: {error}");
        assert!(took < Duration::from_secs(3), "{case}: {took:?}");
        record(case, kind_of(&error), took);
    }
    let (outcome, took) = timed(widgetkey_chat(server.scenario_url("reset-mid-json"))).await;
    let error = outcome.unwrap_err();
    assert!(is_connection(&error), "{error}");
    record("reset-mid-json", kind_of(&error), took);

    let (outcome, took) = timed(widgetkey_chat(server.closed_url())).await;
    let error = outcome.unwrap_err();
    assert!(is_connection(&error), "{error}");
    record("connection-refused", kind_of(&error), took);

    let (outcome, took) = timed(mevichat_stream(server.scenario_url("sse-as-json"))).await;
    let error = outcome.unwrap_err();
    assert!(
        matches!(&error, Error::Decode { reason, .. } if reason.contains("application/json")),
        "{error}"
    );
    record("sse-as-json", kind_of(&error), took);
}

#[tokio::test]
async fn a_stream_cut_short_ends_with_stream_ended_after_its_events() {
    let server = HostileServer::start().unwrap();
    for (case, scenario, events) in [
        ("sse-chunked-truncated", "sse-chunked-truncated", 1),
        ("reset-mid-stream", "reset-mid-sse", 2),
    ] {
        let stream = mevichat_stream(server.scenario_url(scenario))
            .await
            .unwrap();
        let (items, took) = timed(collect(stream)).await;
        assert_eq!(items.len(), events + 1, "{case}: {items:?}");
        let ended = items.last().unwrap().as_ref().unwrap_err();
        assert!(
            matches!(ended, Error::StreamEnded { events: n, .. } if *n == events),
            "{case}: {ended}"
        );
        record(case, "StreamEndedError", took);
    }
}

#[tokio::test]
async fn a_64_mib_line_is_skipped_and_the_stream_goes_on() {
    let server = HostileServer::start().unwrap();
    let stream = mevichat_stream(server.scenario_url("huge-line"))
        .await
        .unwrap();
    let (items, took) = timed(collect(stream)).await;
    assert_eq!(items.len(), 4, "{items:?}");
    assert!(matches!(items[1], Err(Error::Decode { .. })));
    assert!(matches!(&items[2], Ok(ChatEvent::Token(token)) if token.text == "after"));
    assert!(matches!(items[3], Ok(ChatEvent::Done(_))));
    record("huge-line", "DecodeError, then the events after it", took);
}

#[tokio::test]
async fn a_million_events_all_arrive_in_order() {
    let server = HostileServer::start().unwrap();
    let mut stream = mevichat_stream(server.scenario_url("million-events"))
        .await
        .unwrap();
    let started = Instant::now();
    let (mut tokens, mut last) = (0, None);
    while let Some(event) = stream.next().await {
        match event.unwrap() {
            ChatEvent::Token(token) => {
                assert_eq!(token.text, "x");
                tokens += 1;
            }
            other => last = Some(other),
        }
    }
    assert_eq!(tokens, 1_000_000);
    assert!(matches!(last, Some(ChatEvent::Done(_))));
    assert_eq!(stream.delivered(), 1_000_002);
    record(
        "million-events",
        "1,000,002 events in order",
        started.elapsed(),
    );
}

#[tokio::test]
async fn a_cache_lifetime_past_any_clock_is_held_to_a_day() {
    let server = HostileServer::start().unwrap();
    let client = mevichat_client(&server.scenario_url("cache-forever"));
    let (config, took) = timed(client.get_widget_config()).await;
    config.unwrap();
    client.get_widget_config().await.unwrap();
    assert_eq!(
        server.requests().len(),
        1,
        "the second call is answered from the cache"
    );
    record("cache-forever", "cached, no panic", took);
}

/// What a watcher polls, stalled, lied to, cut short, reset or redirected elsewhere.
const WATCH_SCENARIOS: [&str; 12] = [
    "stall-headers",
    "slow-json-body",
    "json-as-html",
    "garbage-status",
    "not-http",
    "cl-short",
    "reset-mid-json",
    "huge-error-body",
    "gzip-json",
    "redirect-302-host",
    "redirect-307-port",
    "redirect-loop",
];

/// Where a bulk export reads a lie (a body that is no export, one cut short) or a redirect.
const EXPORT_SCENARIOS: [&str; 4] = [
    "json-as-html",
    "reply-json",
    "cl-short",
    "redirect-302-port",
];

#[tokio::test]
async fn watch_hostile_server() {
    let server = HostileServer::start().unwrap();
    let mut slowest = Duration::ZERO;
    for scenario in WATCH_SCENARIOS {
        let client = vexar::Client::builder(VEXAR_KEY)
            .base_url(server.scenario_url(scenario))
            .build()
            .unwrap();
        let options = vexar::WatchOptions::every(Duration::from_millis(30))
            .max_failures(1)
            .poll_timeout(TIMEOUT);
        let mut watch = client.watch("sess_hostile", options).unwrap();
        let (first, took) =
            timed(tokio::time::timeout(Duration::from_secs(10), watch.next())).await;
        let error = match first.unwrap_or_else(|_| panic!("{scenario}: still watching")) {
            Some(Err(error)) => error,
            other => panic!("{scenario}: {other:?} before any error"),
        };
        assert!(
            SECRETS
                .iter()
                .all(|secret| !format!("{error} {error:?}").contains(secret)),
            "{scenario}: {error}"
        );
        assert!(
            watch.next().await.is_none(),
            "{scenario}: it ends after the error"
        );
        // A poll timeout and one back-off (0.5 s, with its jitter) at the most, per request.
        assert!(
            took < 2 * TIMEOUT + SLACK + Duration::from_secs(1),
            "{scenario}: {took:?}"
        );
        slowest = slowest.max(took);
    }
    assert!(
        server.trap_requests().is_empty(),
        "the key reached another origin"
    );
    record(
        "watch-hostile-server",
        "a typed error, then the end; nothing to the other origin",
        slowest,
    );
}

#[tokio::test]
async fn export_hostile_server() {
    let server = HostileServer::start().unwrap();
    let directory = std::env::temp_dir().join(format!("chatwire-hostile-{}", std::process::id()));
    let mut slowest = Duration::ZERO;
    for scenario in EXPORT_SCENARIOS {
        let client = mevichat::Client::builder(MEVICHAT_KEY, ORIGIN)
            .base_url(server.scenario_url(scenario))
            .export_token(EXPORT_JWT)
            .max_retries(0)
            .timeout(TIMEOUT)
            .build()
            .unwrap();
        let options = mevichat::ExportAllOptions::default();
        let (summary, took) = timed(client.export_all([SESSION], &directory, options)).await;
        let summary = summary.unwrap();
        assert_eq!(summary.failed.len(), 1, "{scenario}");
        assert!(summary.written.is_empty(), "{scenario}");
        let error = &summary.failed[0].error;
        assert!(
            SECRETS
                .iter()
                .all(|secret| !format!("{error} {error:?}").contains(secret)),
            "{scenario}: {error}"
        );
        assert!(took < TIMEOUT + SLACK, "{scenario}: {took:?}");
        slowest = slowest.max(took);
    }
    assert_eq!(
        std::fs::read_dir(&directory).unwrap().count(),
        0,
        "no file written"
    );
    assert!(
        server.trap_requests().is_empty(),
        "the token reached another origin"
    );
    std::fs::remove_dir_all(&directory).unwrap();
    record(
        "export-hostile-server",
        "each session failed, no file written, nothing to the other origin",
        slowest,
    );
}
