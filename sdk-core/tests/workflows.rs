//! What integrators otherwise write by hand, against the mock over real HTTP: the Vexar
//! watcher, conversations, the one-shot reply on every API, rate-aware calls and bulk export.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chatwire::mevichat::{ExportAllOptions, ExportStatus};
use chatwire::rate::{RateLimit, RateLimitMode};
use chatwire::vexar::{ChatMode, ChatRequest, WatchEvent, WatchOptions};
use chatwire::{devapi, mevichat, vexar, widgetkey, Chat, Converse, Error};
use chatwire_mock::{fixtures, Config, Fault, FaultKind, MockServer};
use serde_json::{json, Value};

async fn mock() -> MockServer {
    MockServer::start(Config::default()).await.unwrap()
}

async fn control(server: &MockServer, method: reqwest::Method, path: &str, body: Value) {
    let response = reqwest::Client::new()
        .request(method, format!("{}{path}", server.base_url()))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
}

async fn post(server: &MockServer, path: &str, body: Value) {
    control(server, reqwest::Method::POST, path, body).await;
}

fn vexar_client(server: &MockServer) -> vexar::Client {
    vexar::Client::builder(fixtures::VEXAR_SITE_KEY)
        .base_url(server.base_url())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

fn mevichat_client(server: &MockServer) -> mevichat::Builder {
    mevichat::Client::builder(fixtures::MEVICHAT_PUBLIC_KEY, fixtures::ALLOWED_ORIGINS[0])
        .base_url(server.base_url())
        .export_token(fixtures::EXPORT_JWT)
        .timeout(Duration::from_secs(5))
}

/// The requests the mock saw to `path`.
fn requests_to(server: &MockServer, path: &str) -> Vec<chatwire_mock::LogEntry> {
    server
        .requests()
        .into_iter()
        .filter(|entry| entry.path == path)
        .collect()
}

const OPERATOR_MESSAGES: &str = "/api/v1/chat/operator-messages";

fn fast() -> WatchOptions {
    WatchOptions::every(Duration::from_millis(30))
}

async fn next_event(watch: &mut vexar::Watch) -> WatchEvent {
    tokio::time::timeout(Duration::from_secs(5), watch.next())
        .await
        .expect("an event within 5 s")
        .expect("the watcher goes on")
        .expect("no error")
}

#[tokio::test]
async fn the_watcher_yields_each_kind_of_change_as_it_happens() {
    let server = mock().await;
    let client = vexar_client(&server);
    let scope = json!({ "site_key": fixtures::VEXAR_SITE_KEY, "session_id": "sess_watch" });
    let mut watch = client.watch("sess_watch", fast()).unwrap();
    let with = |fields: Value| {
        let mut body = scope.clone();
        body.as_object_mut()
            .unwrap()
            .extend(fields.as_object().unwrap().clone());
        body
    };
    post(
        &server,
        "/__mock/vexar/operator-messages",
        with(json!({ "mode": "operator", "messages": [{ "content": "Hi, Sam here." }], "after_ms": 100 })),
    )
    .await;
    assert_eq!(
        next_event(&mut watch).await,
        WatchEvent::ModeChanged {
            from: ChatMode::Ai,
            to: ChatMode::Operator
        }
    );
    match next_event(&mut watch).await {
        WatchEvent::OperatorMessage(message) => {
            assert_eq!(message.content.as_deref(), Some("Hi, Sam here."))
        }
        other => panic!("{other:?}"),
    }
    post(
        &server,
        "/__mock/vexar/pending-proactive",
        with(json!({ "messages": [{ "content": "Need a hand?" }] })),
    )
    .await;
    match next_event(&mut watch).await {
        WatchEvent::ProactiveMessage(message) => {
            assert_eq!(message.content.as_deref(), Some("Need a hand?"))
        }
        other => panic!("{other:?}"),
    }
    post(
        &server,
        "/__mock/vexar/block",
        with(json!({ "blocked": true })),
    )
    .await;
    assert_eq!(next_event(&mut watch).await, WatchEvent::VisitorBlocked);
    post(
        &server,
        "/__mock/vexar/block",
        with(json!({ "blocked": false })),
    )
    .await;
    assert_eq!(next_event(&mut watch).await, WatchEvent::VisitorUnblocked);
    post(
        &server,
        "/__mock/vexar/operator-messages",
        with(json!({ "mode": "ai" })),
    )
    .await;
    assert_eq!(
        next_event(&mut watch).await,
        WatchEvent::ModeChanged {
            from: ChatMode::Operator,
            to: ChatMode::Ai
        }
    );
}

#[tokio::test]
async fn a_message_sent_again_is_yielded_once() {
    let server = mock().await;
    let client = vexar_client(&server);
    post(
        &server,
        "/__mock/vexar/operator-messages",
        json!({
            "site_key": fixtures::VEXAR_SITE_KEY, "session_id": "sess_dedup", "repeat": true,
            "messages": [{ "id": 7, "content": "one" }, { "content": "two" }],
        }),
    )
    .await;
    let mut watch = client.watch("sess_dedup", fast()).unwrap();
    let mut seen = Vec::new();
    // Several polls, each answering both messages again.
    let until = Instant::now() + Duration::from_millis(400);
    while Instant::now() < until {
        if let Ok(Some(event)) = tokio::time::timeout(Duration::from_millis(50), watch.next()).await
        {
            seen.push(event.unwrap());
        }
    }
    assert!(requests_to(&server, OPERATOR_MESSAGES).len() >= 3);
    let texts: Vec<_> = seen
        .iter()
        .map(|event| match event {
            WatchEvent::OperatorMessage(message) => message.content.clone().unwrap(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(texts, ["one", "two"]);
}

#[tokio::test]
async fn the_watcher_backs_off_as_told_and_ends_with_the_error_past_its_budget() {
    let server = mock().await;
    let client = vexar_client(&server);
    server.push_fault(Fault {
        kind: FaultKind::Status {
            status: 429,
            retry_after: Some("1".into()),
            retry_after_ms: None,
            body: None,
        },
        times: 1,
        path: Some(OPERATOR_MESSAGES.into()),
        key: None,
    });
    post(
        &server,
        "/__mock/vexar/block",
        json!({ "site_key": fixtures::VEXAR_SITE_KEY, "session_id": "sess_429", "blocked": true }),
    )
    .await;
    let started = Instant::now();
    let mut watch = client.watch("sess_429", fast()).unwrap();
    assert_eq!(next_event(&mut watch).await, WatchEvent::VisitorBlocked);
    // The second poll waited the second the server asked for.
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    let polls = requests_to(&server, OPERATOR_MESSAGES);
    assert_eq!(polls[0].status, 429);
    assert_eq!(polls[1].status, 200);
    drop(watch);

    // A poll that stalls past its timeout is a failure like another, and is retried.
    server.push_fault(Fault {
        kind: FaultKind::StallBeforeHeaders { ms: 3_000 },
        times: 1,
        path: Some("/api/v1/chat/block-status".into()),
        key: None,
    });
    post(
        &server,
        "/__mock/vexar/block",
        json!({ "site_key": fixtures::VEXAR_SITE_KEY, "session_id": "sess_stall", "blocked": true }),
    )
    .await;
    let started = Instant::now();
    let options = fast().poll_timeout(Duration::from_millis(200));
    let mut watch = client.watch("sess_stall", options).unwrap();
    assert_eq!(next_event(&mut watch).await, WatchEvent::VisitorBlocked);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    drop(watch);

    server.push_fault(Fault {
        kind: FaultKind::Status {
            status: 500,
            retry_after: None,
            retry_after_ms: Some(10),
            body: None,
        },
        times: 100,
        path: Some(OPERATOR_MESSAGES.into()),
        key: None,
    });
    let before = requests_to(&server, OPERATOR_MESSAGES).len();
    let mut watch = client.watch("sess_500", fast().max_failures(2)).unwrap();
    let error = tokio::time::timeout(Duration::from_secs(5), watch.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap_err();
    assert_eq!(error.status(), Some(500), "{error}");
    assert!(watch.next().await.is_none(), "it ends after the error");
    // The first poll and two retries, each one request (no retries inside a poll).
    assert_eq!(requests_to(&server, OPERATOR_MESSAGES).len() - before, 3);

    // An error no retry mends ends it at once.
    control(
        &server,
        reqwest::Method::DELETE,
        "/__mock/faults",
        json!({}),
    )
    .await;
    let stranger = vexar::Client::builder("sk_unknown")
        .base_url(server.base_url())
        .build()
        .unwrap();
    let mut watch = stranger.watch("sess_x", fast()).unwrap();
    let error = watch.next().await.unwrap().unwrap_err();
    assert!(matches!(error.status(), Some(401 | 403 | 404)), "{error}");
    assert!(watch.next().await.is_none());
}

#[tokio::test]
async fn dropping_or_closing_the_watcher_stops_its_requests() {
    let server = mock().await;
    let client = vexar_client(&server);
    // The mock logs a request as it answers, so a poll abandoned mid-flight may still be
    // logged just after the stop: the count is taken once that has settled.
    let settled = || async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        server.requests().len()
    };
    let mut watch = client.watch("sess_stop", fast()).unwrap();
    // Let it poll a few times, then drop it.
    let _ = tokio::time::timeout(Duration::from_millis(150), watch.next()).await;
    drop(watch);
    let after_drop = settled().await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(after_drop > 0);
    assert_eq!(
        server.requests().len(),
        after_drop,
        "no request after the drop"
    );

    let mut watch = client.watch("sess_close", fast()).unwrap();
    let _ = tokio::time::timeout(Duration::from_millis(100), watch.next()).await;
    watch.close();
    assert!(watch.next().await.is_none());
    let after_close = settled().await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        server.requests().len(),
        after_close,
        "no request after close"
    );
    // An interval past what the clock can count polls once, without a panic.
    post(
        &server,
        "/__mock/vexar/block",
        json!({ "site_key": fixtures::VEXAR_SITE_KEY, "session_id": "sess_once", "blocked": true }),
    )
    .await;
    let mut watch = client
        .watch("sess_once", WatchOptions::every(Duration::MAX))
        .unwrap();
    assert_eq!(next_event(&mut watch).await, WatchEvent::VisitorBlocked);
    assert!(
        tokio::time::timeout(Duration::from_millis(100), watch.next())
            .await
            .is_err(),
        "the next poll is out of reach"
    );
    assert!(client.watch("", fast()).is_err());
    assert!(client
        .watch("s", WatchOptions::every(Duration::ZERO))
        .is_err());
}

#[tokio::test]
async fn operator_mode_pauses_the_ai_while_the_watcher_sees_it() {
    let server = mock().await;
    let client = vexar_client(&server);
    post(
        &server,
        "/__mock/vexar/operator-messages",
        json!({ "site_key": fixtures::VEXAR_SITE_KEY, "session_id": "sess_pause", "mode": "operator" }),
    )
    .await;
    let mut watch = client
        .watch("sess_pause", fast().pause_ai_in_operator_mode(true))
        .unwrap();
    assert!(matches!(
        next_event(&mut watch).await,
        WatchEvent::ModeChanged { .. }
    ));
    let request = ChatRequest::new("sess_pause", "Hello?");
    let before = server.requests().len();
    let refused = client.clone().chat_stream(&request).await.unwrap_err();
    assert!(
        matches!(&refused, Error::OperatorMode { session_id } if session_id == "sess_pause"),
        "{refused}"
    );
    assert!(
        !server.requests()[before..]
            .iter()
            .any(|entry| entry.path == "/api/v1/chat/stream"),
        "nothing was sent"
    );
    // Other sessions are not paused.
    client
        .chat_stream(&ChatRequest::new("sess_other", "Hello?"))
        .await
        .unwrap();
    post(
        &server,
        "/__mock/vexar/operator-messages",
        json!({ "site_key": fixtures::VEXAR_SITE_KEY, "session_id": "sess_pause", "mode": "ai" }),
    )
    .await;
    assert!(matches!(
        next_event(&mut watch).await,
        WatchEvent::ModeChanged { .. }
    ));
    client
        .chat_stream(&request)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // Dropping a watcher in operator mode lifts its pause.
    post(
        &server,
        "/__mock/vexar/operator-messages",
        json!({ "site_key": fixtures::VEXAR_SITE_KEY, "session_id": "sess_pause", "mode": "operator" }),
    )
    .await;
    next_event(&mut watch).await;
    assert!(client.chat_stream(&request).await.is_err());
    drop(watch);
    assert!(client.chat_stream(&request).await.is_ok());
}

/// The session id of each chat request the mock saw to `path`, as its body or headers name it.
fn sessions_sent(server: &MockServer, path: &str, field: &str) -> Vec<Option<String>> {
    requests_to(server, path)
        .iter()
        .map(|entry| {
            let body: Value = serde_json::from_str(&entry.body).unwrap_or(Value::Null);
            body.get(field).and_then(Value::as_str).map(str::to_owned)
        })
        .collect()
}

#[tokio::test]
async fn a_conversation_keeps_one_session_across_turns_on_every_api() {
    let server = mock().await;

    let mevichat = mevichat_client(&server).build().unwrap();
    let talk = mevichat.conversation(None);
    let session = talk.session_id().unwrap();
    assert!(uuid::Uuid::parse_str(&session).is_ok(), "{session}");
    assert!(!talk
        .send("Hello")
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .is_empty());
    assert!(!talk.reply("And then?").await.unwrap().text.is_empty());
    assert_eq!(
        sessions_sent(&server, "/api/chat/", "session_id"),
        [Some(session.clone()), Some(session.clone())]
    );
    assert_eq!(talk.history().await.unwrap().len(), 4);

    let vexar = vexar_client(&server);
    let talk = vexar.conversation(None);
    let session = talk.session_id().unwrap();
    assert!(session.starts_with("sess_"), "{session}");
    talk.send("Hello").await.unwrap().text().await.unwrap();
    assert!(talk.ids().conversation_id.is_some(), "taken from done");
    talk.reply("And then?").await.unwrap();
    assert_eq!(
        sessions_sent(&server, "/api/v1/chat/stream", "session_id"),
        [Some(session.clone()), Some(session.clone())]
    );
    let history = talk.history().await.unwrap();
    assert_eq!(history.len(), 4);
    assert_eq!(history[0].text, "Hello");

    let devapi = devapi::Client::builder(fixtures::DEVAPI_KEY)
        .base_url(server.base_url())
        .build()
        .unwrap();
    let talk = devapi.conversation(None);
    assert_eq!(talk.session_id(), None, "the server assigns it");
    talk.send("Hello").await.unwrap().text().await.unwrap();
    let assigned = talk.session_id().expect("taken from end");
    let reply = talk.reply("And then?").await.unwrap();
    assert_eq!(reply.finish.session_id.as_deref(), Some(assigned.as_str()));
    assert_eq!(
        sessions_sent(&server, "/api/v1/chat", "session_id"),
        [None, Some(assigned.clone())]
    );
    assert!(!talk.history().await.unwrap().is_empty());
    // Resumed from its ids, it goes on in the same session.
    let resumed = chatwire::Conversation::resume(devapi.clone(), talk.ids());
    resumed.reply("Still there?").await.unwrap();
    assert_eq!(
        sessions_sent(&server, "/api/v1/chat", "session_id").last(),
        Some(&Some(assigned))
    );

    let widgetkey = widgetkey::Client::builder(fixtures::WIDGET_KEY)
        .base_url(server.base_url())
        .build()
        .unwrap();
    let talk = widgetkey.conversation(None);
    let session = talk.session_id().unwrap();
    talk.reply("Hello").await.unwrap();
    assert!(talk.ids().conversation_id.is_some(), "taken from the reply");
    talk.send("And then?").await.unwrap().text().await.unwrap();
    assert_eq!(
        sessions_sent(&server, "/v1/chat", "sessionId")
            .into_iter()
            .chain(sessions_sent(&server, "/v1/chat/stream", "sessionId"))
            .collect::<Vec<_>>(),
        [Some(session.clone()), Some(session)]
    );
    assert!(matches!(
        talk.history().await.unwrap_err(),
        Error::Validation {
            field: "history",
            ..
        }
    ));
}

#[tokio::test]
async fn reply_answers_a_final_message_on_every_api() {
    let server = mock().await;
    let providers: Vec<(&str, Box<dyn Chat>, &str)> = vec![
        (
            "mevichat",
            Box::new(mevichat_client(&server).build().unwrap()),
            fixtures::SEEDED_SESSION_ID,
        ),
        ("vexar", Box::new(vexar_client(&server)), "sess_reply"),
        (
            "devapi",
            Box::new(
                devapi::Client::builder(fixtures::DEVAPI_KEY)
                    .base_url(server.base_url())
                    .build()
                    .unwrap(),
            ),
            "sess_reply",
        ),
        (
            "widgetkey",
            Box::new(
                widgetkey::Client::builder(fixtures::WIDGET_KEY)
                    .base_url(server.base_url())
                    .build()
                    .unwrap(),
            ),
            "sess_reply",
        ),
    ];
    for (name, client, session) in providers {
        let reply = client.reply(session, "What is your refund policy?").await;
        let reply = reply.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!reply.text.is_empty(), "{name}");
    }
    // Devapi and widgetkey answered through their one-shot endpoints, not a stream.
    let paths: BTreeSet<String> = server.requests().into_iter().map(|e| e.path).collect();
    assert!(
        paths.contains("/v1/chat") && !paths.contains("/v1/chat/stream"),
        "{paths:?}"
    );
}

#[tokio::test]
async fn with_rate_limits_kept_calls_wait_for_their_slot_instead_of_drawing_a_429() {
    let server = mock().await;
    control(
        &server,
        reqwest::Method::PUT,
        "/__mock/rate-limits",
        json!({ "mevichat_export": { "limit": 3, "window_ms": 400 } }),
    )
    .await;
    let client = mevichat_client(&server)
        .max_retries(0)
        .rate_limit(RateLimitMode::Wait)
        .rate_limit_for(
            "export_conversation",
            RateLimit::new(3, Duration::from_millis(400)),
        )
        .build()
        .unwrap();
    // A copy draws on the same budget.
    let copy =
        client.with_options(&chatwire::RequestOptions::new().timeout(Duration::from_secs(5)));
    let started = Instant::now();
    for turn in 0..7 {
        let client = if turn % 2 == 0 { &client } else { &copy };
        client
            .export_conversation(fixtures::SEEDED_SESSION_ID)
            .await
            .unwrap();
    }
    // Seven calls at three per window need two waits of a window each.
    assert!(
        started.elapsed() >= Duration::from_millis(800),
        "{:?}",
        started.elapsed()
    );
    assert!(server.requests().iter().all(|entry| entry.status == 200));

    // Without the limiter, the same calls draw a 429.
    let unlimited = mevichat_client(&server).max_retries(0).build().unwrap();
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(
            unlimited
                .export_conversation(fixtures::SEEDED_SESSION_ID)
                .await
                .err()
                .and_then(|e| e.status()),
        );
    }
    assert!(statuses.contains(&Some(429)), "{statuses:?}");

    for builder in [
        mevichat_client(&server).rate_limit_for("export", RateLimit::per_minute(1)),
        mevichat_client(&server).rate_limit_for("export_conversation", RateLimit::per_minute(1)),
        mevichat_client(&server)
            .rate_limit(RateLimitMode::Wait)
            .rate_limit_for("*", RateLimit::per_minute(0)),
    ] {
        assert!(matches!(
            builder.build().unwrap_err(),
            Error::Validation {
                field: "rate_limits",
                ..
            }
        ));
    }
}

#[tokio::test]
async fn export_all_writes_what_exists_reports_what_does_not_and_resumes() {
    let server = mock().await;
    let seeded: Vec<String> = (0..95).map(|_| uuid::Uuid::new_v4().to_string()).collect();
    post(
        &server,
        "/__mock/mevichat/sessions",
        json!({ "session_ids": seeded }),
    )
    .await;
    control(
        &server,
        reqwest::Method::PUT,
        "/__mock/rate-limits",
        json!({ "mevichat_export": { "limit": 30, "window_ms": 1000 } }),
    )
    .await;
    let missing: Vec<String> = (0..5).map(|_| uuid::Uuid::new_v4().to_string()).collect();
    let mut all = seeded.clone();
    for (index, id) in missing.iter().enumerate() {
        all.insert(index * 20, id.clone());
    }
    let client = mevichat_client(&server)
        .rate_limit(RateLimitMode::Wait)
        .rate_limit_for(
            "export_conversation",
            RateLimit::new(30, Duration::from_secs(1)),
        )
        .build()
        .unwrap();
    let directory = std::env::temp_dir().join(format!("chatwire-export-{}", uuid::Uuid::new_v4()));
    let progress = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&progress);
    let options = ExportAllOptions::default()
        .concurrency(8)
        .on_progress(move |p| {
            assert_eq!(p.total, 100);
            assert_eq!(p.status == ExportStatus::Failed, p.reason.is_some());
            seen.fetch_add(1, Ordering::SeqCst);
        });
    let summary = client
        .export_all(&all, &directory, options.clone())
        .await
        .unwrap();
    assert_eq!(progress.load(Ordering::SeqCst), 100);
    assert_eq!(summary.written.len(), 95);
    assert!(summary.skipped.is_empty());
    let failed: Vec<_> = summary
        .failed
        .iter()
        .map(|f| f.session_id.clone())
        .collect();
    assert_eq!(failed, missing);
    assert!(summary.failed.iter().all(|f| f.error.status() == Some(404)));
    let exports = requests_to_prefix(&server, "/api/conversations/");
    assert_eq!(exports.len(), 100);
    assert!(exports.iter().all(|e| e.status != 429), "no 429");
    for file in &summary.written {
        let name = file.path.file_name().unwrap().to_str().unwrap();
        assert_eq!(name, format!("session-{}.json", file.session_id));
        let body: Value = serde_json::from_slice(&std::fs::read(&file.path).unwrap()).unwrap();
        assert_eq!(body["session"]["id"], file.session_id.as_str());
    }

    // Rerun: the 95 are skipped without a request; the 5 are tried again.
    let rerun = client.export_all(&all, &directory, options).await.unwrap();
    assert_eq!(
        (rerun.written.len(), rerun.skipped.len(), rerun.failed.len()),
        (0, 95, 5)
    );
    assert_eq!(
        requests_to_prefix(&server, "/api/conversations/").len(),
        105
    );
    std::fs::remove_dir_all(&directory).unwrap();
}

#[tokio::test]
async fn export_all_reports_a_refused_token_per_session_and_refuses_bad_settings_up_front() {
    let server = mock().await;
    let directory = std::env::temp_dir().join(format!("chatwire-export-{}", uuid::Uuid::new_v4()));
    let client = mevichat_client(&server)
        .export_token("not.a.valid-token")
        .build()
        .unwrap();
    let summary = client
        .export_all(
            [fixtures::SEEDED_SESSION_ID, "not-a-uuid"],
            &directory,
            ExportAllOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(summary.failed.len(), 2);
    assert_eq!(summary.failed[0].error.status(), Some(401));
    assert!(matches!(
        summary.failed[1].error,
        Error::Validation {
            field: "session_id",
            ..
        }
    ));
    let without_token =
        mevichat::Client::builder(fixtures::MEVICHAT_PUBLIC_KEY, "https://example.com")
            .base_url(server.base_url())
            .build()
            .unwrap();
    let before = server.requests().len();
    assert!(without_token
        .export_all(["x"], &directory, ExportAllOptions::default())
        .await
        .is_err());
    assert!(client
        .export_all(
            ["x"],
            &directory,
            ExportAllOptions::default().concurrency(0)
        )
        .await
        .is_err());
    assert_eq!(server.requests().len(), before, "nothing was sent");
    std::fs::remove_dir_all(&directory).unwrap();
}

fn requests_to_prefix(server: &MockServer, prefix: &str) -> Vec<chatwire_mock::LogEntry> {
    server
        .requests()
        .into_iter()
        .filter(|entry| entry.path.starts_with(prefix))
        .collect()
}
