//! What a user sees of each call, over real HTTP against the mock: the status, headers and
//! request id of every non-stream operation and of every stream, the log records of
//! `chatwire::log::forward`, and the User-Agent.

use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use chatwire::log::LogRecord;
use chatwire::{devapi, mevichat, vexar, widgetkey, ResponseHead};
use chatwire_mock::{fixtures, Config, Fault, FaultKind, MockServer};
use serde_json::{json, Value};

/// Every record forwarded in this test binary; each test picks its client's by `client`.
fn records() -> &'static Mutex<Vec<LogRecord>> {
    static RECORDS: OnceLock<Mutex<Vec<LogRecord>>> = OnceLock::new();
    RECORDS.get_or_init(|| {
        chatwire::log::forward(|record| RECORDS.get().unwrap().lock().unwrap().push(record))
            .expect("this binary has no other subscriber");
        chatwire::log::set_max_level(Some(tracing::Level::TRACE));
        Mutex::new(Vec::new())
    })
}

fn records_of(client_id: u64) -> Vec<LogRecord> {
    let records = records().lock().unwrap();
    records
        .iter()
        .filter(|record| record.fields["client"] == client_id)
        .cloned()
        .collect()
}

/// The head answers the mock's last request: 200, and the request id it sent.
fn assert_answers_last_request(server: &MockServer, head: &ResponseHead, operation: &str) {
    let last = server.requests().last().cloned().expect("a request");
    let expected = chatwire_mock::request_id(last.id);
    assert_eq!(head.status, 200, "{operation}");
    assert_eq!(
        head.request_id.as_deref(),
        Some(expected.as_str()),
        "{operation}"
    );
    assert_eq!(
        head.headers["x-request-id"],
        expected.as_str(),
        "{operation}"
    );
    assert!(head.headers.contains_key("content-type"), "{operation}");
}

async fn mock() -> MockServer {
    MockServer::start(Config::default()).await.unwrap()
}

#[tokio::test]
async fn every_mevichat_and_devapi_answer_has_its_head() {
    let server = mock().await;
    let mevichat = mevichat::Client::builder(fixtures::MEVICHAT_PUBLIC_KEY, "https://example.com")
        .base_url(server.base_url())
        .export_token(fixtures::EXPORT_JWT)
        .build()
        .unwrap();
    let config = mevichat.get_widget_config_with_response().await.unwrap();
    assert_answers_last_request(&server, &config.head, "get_widget_config");
    let cached = mevichat.get_widget_config_with_response().await.unwrap();
    assert_eq!(cached.head, config.head, "a cached config keeps its head");
    let export = mevichat
        .export_conversation_with_response(fixtures::SEEDED_SESSION_ID)
        .await
        .unwrap();
    assert_answers_last_request(&server, &export.head, "export_conversation");
    assert!(export.data.file_name.is_some());
    let stream = mevichat
        .chat_stream(&mevichat::ChatRequest::new(
            fixtures::SEEDED_SESSION_ID,
            "hello",
        ))
        .await
        .unwrap();
    assert_answers_last_request(&server, stream.head(), "mevichat chat_stream");
    assert_eq!(
        (stream.status(), stream.request_id()),
        (200, stream.head().request_id.as_deref())
    );
    drop(stream);

    let devapi = devapi::Client::builder(fixtures::DEVAPI_KEY)
        .base_url(server.base_url())
        .build()
        .unwrap();
    let chat = devapi
        .chat_with_response(&devapi::ChatRequest::new("hi"))
        .await
        .unwrap();
    assert_answers_last_request(&server, &chat.head, "devapi chat");
    let usage = devapi
        .get_usage_with_response(&devapi::UsageQuery::default())
        .await
        .unwrap();
    assert_answers_last_request(&server, &usage.head, "get_usage");
    let sessions = devapi
        .list_sessions_with_response(&devapi::SessionsQuery::default())
        .await
        .unwrap();
    assert_answers_last_request(&server, &sessions.head, "list_sessions");
    assert_eq!(sessions.status(), 200);
    let stream = devapi
        .chat_stream(&devapi::ChatRequest::new("hi"))
        .await
        .unwrap();
    assert_answers_last_request(&server, stream.head(), "devapi chat_stream");
}

#[tokio::test]
async fn every_vexar_and_widgetkey_answer_has_its_head() {
    let server = mock().await;
    let vexar = vexar::Client::builder(fixtures::VEXAR_SITE_KEY)
        .base_url(server.base_url())
        .build()
        .unwrap();
    let session = || "sess_heads".to_owned();
    // Each head answers the request made just before it is checked.
    macro_rules! check {
        ($name:literal, $call:expr) => {{
            let response = $call.await.unwrap();
            assert_answers_last_request(&server, &response.head, $name);
        }};
    }
    check!("get_history", vexar.get_history_with_response("sess_heads"));
    check!(
        "save_email",
        vexar.save_email_with_response(&vexar::EmailRequest {
            session_id: session(),
            email: "sam@example.com".into(),
        })
    );
    check!(
        "save_contact",
        vexar.save_contact_with_response(&vexar::ContactRequest {
            session_id: session(),
            email: None,
            phone: Some("+15550100".into()),
            name: None,
        })
    );
    check!(
        "get_operator_messages",
        vexar.get_operator_messages_with_response("sess_heads")
    );
    check!(
        "get_block_status",
        vexar.get_block_status_with_response("sess_heads")
    );
    check!(
        "get_pending_proactive",
        vexar.get_pending_proactive_with_response("sess_heads")
    );
    check!(
        "upload_image",
        vexar.upload_image_with_response(&vexar::UploadImageRequest::from_bytes(
            "sess_heads",
            b"\x89PNG\r\n\x1a\n".to_vec(),
            "a.png",
            "image/png",
        ))
    );
    check!(
        "rate_conversation",
        vexar.rate_conversation_with_response(&vexar::RateRequest {
            session_id: session(),
            score: 5,
        })
    );
    check!(
        "comment_rating",
        vexar.comment_rating_with_response(&vexar::RateCommentRequest {
            session_id: session(),
            comment: "quick".into(),
        })
    );
    let stream = vexar
        .chat_stream(&vexar::ChatRequest::new("sess_heads", "hi"))
        .await
        .unwrap();
    assert_answers_last_request(&server, stream.head(), "vexar chat_stream");
    drop(stream);

    let widgetkey = widgetkey::Client::builder(fixtures::WIDGET_KEY)
        .base_url(server.base_url())
        .build()
        .unwrap();
    let request = widgetkey::ChatRequest::new("sess_heads_1", "hi");
    check!("widgetkey chat", widgetkey.chat_with_response(&request));
    let stream = widgetkey.chat_stream(&request).await.unwrap();
    assert_answers_last_request(&server, stream.head(), "widgetkey chat_stream");
}

#[tokio::test]
async fn a_retried_call_logs_each_attempt_with_no_secret() {
    records();
    let server = mock().await;
    let client = devapi::Client::builder(fixtures::DEVAPI_KEY)
        .base_url(server.base_url())
        .retry_policy(chatwire::retry::RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(1),
            ..Default::default()
        })
        .build()
        .unwrap();
    server.push_fault(Fault {
        kind: FaultKind::Status {
            status: 503,
            retry_after: None,
            retry_after_ms: None,
            body: None,
        },
        times: 1,
        path: None,
        key: None,
    });
    client
        .chat(&devapi::ChatRequest::new("hello"))
        .await
        .unwrap();
    let ids: Vec<String> = server
        .requests()
        .iter()
        .map(|entry| chatwire_mock::request_id(entry.id))
        .collect();
    let attempts: Vec<LogRecord> = records_of(client.log_id())
        .into_iter()
        .filter(|record| record.message == "request")
        .collect();
    assert_eq!(attempts.len(), 2, "{attempts:?}");
    let field = |record: &LogRecord, name: &str| record.fields.get(name).cloned();
    let first = &attempts[0];
    assert_eq!(first.target, "chatwire::http");
    assert_eq!(first.level, tracing::Level::INFO);
    for (name, value) in [
        ("provider", json!("devapi")),
        ("operation", json!("chat")),
        ("method", json!("POST")),
        ("path", json!("/api/v1/chat")),
        ("attempt", json!(1)),
        ("status", json!(503)),
        ("request_id", json!(ids[0])),
        ("retry_reason", json!("status 503")),
    ] {
        assert_eq!(field(first, name), Some(value), "{name} of {first:?}");
    }
    assert!(field(first, "retry_in_ms").is_some_and(|ms| ms.is_u64()));
    assert!(field(first, "elapsed_ms").is_some_and(|ms| ms.is_u64()));
    let second = &attempts[1];
    assert_eq!(field(second, "attempt"), Some(json!(2)));
    assert_eq!(field(second, "status"), Some(json!(200)));
    assert_eq!(field(second, "request_id"), Some(json!(ids[1])));
    assert_eq!(field(second, "retry_in_ms"), None);
    assert!(
        first.line().starts_with("request client="),
        "{}",
        first.line()
    );
    assert_no_secret(&records_of(client.log_id()));
}

#[tokio::test]
async fn a_stream_logs_its_end_and_bodies_only_redacted() {
    records();
    let server = mock().await;
    let client = mevichat::Client::builder(fixtures::MEVICHAT_PUBLIC_KEY, "https://example.com")
        .base_url(server.base_url())
        .build()
        .unwrap();
    let mut stream = client
        .chat_stream(&mevichat::ChatRequest::new(
            fixtures::SEEDED_SESSION_ID,
            "hello",
        ))
        .await
        .unwrap();
    let mut events = 0;
    while let Some(event) = stream.next().await {
        event.unwrap();
        events += 1;
    }
    let request_id = stream.request_id().map(str::to_owned);
    drop(stream);
    let logged = records_of(client.log_id());
    let ends: Vec<&LogRecord> = logged
        .iter()
        .filter(|r| r.message == "stream ended")
        .collect();
    assert_eq!(ends.len(), 1, "one line per stream: {logged:?}");
    let end = &ends[0].fields;
    assert_eq!(ends[0].target, "chatwire::stream");
    assert_eq!(end["events"], json!(events));
    assert_eq!(end["end"], json!("terminal event"));
    assert_eq!(end["operation"], json!("chat_stream"));
    assert_eq!(end["request_id"], json!(request_id));
    assert!(end["first_event_ms"].is_u64());
    let body = logged
        .iter()
        .find(|r| r.message == "request body")
        .expect("the request body at TRACE");
    assert_eq!(body.level, tracing::Level::TRACE);
    assert!(body.fields["body"]
        .as_str()
        .unwrap()
        .contains(r#""public_key":"<redacted>""#));
    assert_no_secret(&logged);

    // A stream its reader drops early says so.
    let stream = client
        .chat_stream(&mevichat::ChatRequest::new(
            fixtures::SEEDED_SESSION_ID,
            "again",
        ))
        .await
        .unwrap();
    drop(stream);
    let dropped = records_of(client.log_id())
        .into_iter()
        .filter(|r| r.message == "stream ended")
        .nth(1)
        .expect("a second stream end");
    assert_eq!(dropped.fields["end"], json!("closed by the reader"));
    assert_eq!(dropped.fields["events"], json!(0));
}

fn assert_no_secret(records: &[LogRecord]) {
    let secrets = [
        fixtures::MEVICHAT_PUBLIC_KEY,
        fixtures::EXPORT_JWT,
        fixtures::VEXAR_SITE_KEY,
        fixtures::DEVAPI_KEY,
        fixtures::WIDGET_KEY,
    ];
    for record in records {
        let text = format!("{} {}", record.line(), Value::Object(record.fields.clone()));
        for secret in secrets {
            assert!(!text.contains(secret), "{text}");
        }
    }
}

#[tokio::test]
async fn the_user_agent_names_rust_and_the_version() {
    let server = mock().await;
    let client = widgetkey::Client::builder(fixtures::WIDGET_KEY)
        .base_url(server.base_url())
        .build()
        .unwrap();
    client
        .chat(&widgetkey::ChatRequest::new("sess_ua_1", "hi"))
        .await
        .unwrap();
    let agent = server.requests()[0].headers["user-agent"].clone();
    let expected = format!("chatwire-rust/{} (rustc ", chatwire::VERSION);
    assert!(agent.starts_with(&expected), "{agent}");
    assert!(agent.ends_with(&format!(
        "; {} {})",
        std::env::consts::OS,
        std::env::consts::ARCH
    )));
    assert_eq!(chatwire::VERSION, env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn waits_for_a_rate_limit_slot_failed_watch_polls_and_bulk_exports_are_logged() {
    let server = mock().await;
    let mevichat = mevichat::Client::builder(fixtures::MEVICHAT_PUBLIC_KEY, "https://example.com")
        .base_url(server.base_url())
        .export_token(fixtures::EXPORT_JWT)
        .rate_limit(chatwire::rate::RateLimitMode::Wait)
        .rate_limit_for(
            "export_conversation",
            chatwire::rate::RateLimit::new(1, Duration::from_millis(50)),
        )
        .build()
        .unwrap();
    let directory = std::env::temp_dir().join(format!("chatwire-log-{}", std::process::id()));
    let ids = [
        fixtures::SEEDED_SESSION_ID,
        "00000000-0000-4000-8000-000000000000",
    ];
    mevichat
        .export_all(
            ids,
            &directory,
            chatwire::mevichat::ExportAllOptions::default(),
        )
        .await
        .unwrap();
    std::fs::remove_dir_all(&directory).unwrap();
    let logged = records_of(mevichat.log_id());
    let waited = logged
        .iter()
        .find(|r| r.message == "waited for a rate-limit slot")
        .expect("the second export waited");
    assert_eq!(waited.target, "chatwire::http");
    assert_eq!(waited.fields["operation"], "export_conversation");
    let done = logged
        .iter()
        .find(|r| r.message == "bulk export done")
        .expect("the export's end is logged");
    assert_eq!(
        (&done.fields["written"], &done.fields["failed"]),
        (&json!(1), &json!(1))
    );

    let vexar = vexar::Client::builder(fixtures::VEXAR_SITE_KEY)
        .base_url(server.base_url())
        .build()
        .unwrap();
    server.push_fault(Fault {
        kind: FaultKind::Status {
            status: 503,
            retry_after: None,
            retry_after_ms: Some(10),
            body: None,
        },
        times: 1,
        path: Some("/api/v1/chat/operator-messages".into()),
        key: None,
    });
    let options = vexar::WatchOptions::every(Duration::from_millis(20));
    let mut watch = vexar.watch("sess_logged", options).unwrap();
    // The first poll fails and is retried; the second goes through and yields nothing, so the
    // watcher is waiting on a third by the time this gives up on it.
    let _ = tokio::time::timeout(Duration::from_millis(300), watch.next()).await;
    let failed = records_of(vexar.log_id())
        .into_iter()
        .find(|r| r.message == "watch poll failed")
        .expect("the failed poll is logged");
    assert_eq!(failed.level, tracing::Level::WARN);
    assert_eq!(failed.target, "chatwire::http");
    assert_eq!(failed.fields["failures"], 1);
    assert_no_secret(&records().lock().unwrap());
}
