//! The widget-key client against the mock server, over real HTTP.

use std::time::{Duration, Instant};

use chatwire::widgetkey::{ChatRequest, Client, KeyHeader};
use chatwire::{Error, RequestOptions};
use chatwire_mock::{fixtures, Config, Fault, FaultKind, MockServer, Outcome};

async fn setup() -> (MockServer, Client) {
    let server = MockServer::start(Config::default()).await.unwrap();
    let client = Client::builder(fixtures::WIDGET_KEY)
        .base_url(server.base_url())
        .timeout(Duration::from_secs(5))
        .idle_timeout(Duration::from_secs(2))
        .retry_policy(chatwire::retry::RetryPolicy {
            initial_backoff: Duration::from_millis(10),
            ..Default::default()
        })
        .build()
        .unwrap();
    (server, client)
}

fn fault(kind: FaultKind, times: usize) -> Fault {
    Fault {
        kind,
        times,
        path: None,
        key: None,
    }
}

#[tokio::test]
async fn chat_answers_the_whole_reply() {
    let (server, client) = setup().await;
    let reply = client
        .chat(&ChatRequest::new(
            "user-123",
            "What are your business hours?",
        ))
        .await
        .unwrap();
    assert_eq!(
        reply.message,
        "Our business hours are Monday through Friday, 9 AM to 5 PM EST."
    );
    assert_eq!(reply.conversation_id.len(), 32);
    let sent = &server.requests()[0];
    assert_eq!(sent.headers["x-api-key"], fixtures::WIDGET_KEY);
    assert!(sent.headers["user-agent"].starts_with(concat!(
        "chatwire-rust/",
        env!("CARGO_PKG_VERSION"),
        " (rustc "
    )));
}

#[tokio::test]
async fn the_alternative_key_header_works() {
    let (server, _) = setup().await;
    let client = Client::builder(fixtures::WIDGET_KEY)
        .base_url(server.base_url())
        .key_header(KeyHeader::XWidgetApiKey)
        .build()
        .unwrap();
    client
        .chat(&ChatRequest::new("user-123", "hi"))
        .await
        .unwrap();
    assert!(server.requests()[0]
        .headers
        .contains_key("x-widget-api-key"));
}

#[tokio::test]
async fn chat_stream_yields_raw_events_until_the_connection_ends() {
    let (_server, client) = setup().await;
    let mut stream = client
        .chat_stream(&ChatRequest::new("user-123", "refund?"))
        .await
        .unwrap();
    let mut text = String::new();
    let mut last = None;
    while let Some(event) = stream.next().await {
        let event = event.unwrap();
        if event.event == "delta" {
            text.push_str(event.json().unwrap()["content"].as_str().unwrap());
        }
        last = Some(event);
    }
    assert!(text.starts_with("Our refund policy is 30 days"));
    assert_eq!(last.unwrap().event, "done");
}

#[tokio::test]
async fn documented_errors_become_api_errors() {
    let (server, client) = setup().await;
    let unauthorized = Client::builder("wk_wrong")
        .base_url(server.base_url())
        .build()
        .unwrap();
    let error = unauthorized
        .chat(&ChatRequest::new("a", "hi"))
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.code()),
        (Some(401), Some("Unauthorized"))
    );

    server.push_fault(fault(
        FaultKind::Status {
            status: 500,
            retry_after: None,
            retry_after_ms: None,
            body: None,
        },
        3,
    ));
    let error = client.chat(&ChatRequest::new("a", "hi")).await.unwrap_err();
    assert_eq!(
        (error.status(), error.code()),
        (Some(500), Some("Internal server error"))
    );
    assert_eq!(
        server.requests().len(),
        1 + 3,
        "two retries after the first 500"
    );
}

#[tokio::test]
async fn invalid_input_is_refused_before_any_request() {
    let (server, client) = setup().await;
    let error = client
        .chat(&ChatRequest::new("bad id", "hi"))
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        Error::Validation {
            field: "sessionId",
            ..
        }
    ));
    let error = client
        .chat_stream(&ChatRequest::new("ok", ""))
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        Error::Validation {
            field: "message",
            ..
        }
    ));
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn rate_limits_are_retried_after_the_servers_delay_with_one_idempotency_key() {
    let (server, client) = setup().await;
    server.push_fault(fault(
        FaultKind::Status {
            status: 429,
            retry_after: None,
            retry_after_ms: Some(150),
            body: None,
        },
        2,
    ));
    let started = Instant::now();
    client.chat(&ChatRequest::new("a", "hi")).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
    let keys: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.headers["idempotency-key"].clone())
        .collect();
    assert_eq!(keys.len(), 3);
    assert!(keys.iter().all(|k| k == &keys[0]), "{keys:?}");
}

#[tokio::test]
async fn a_long_retry_after_is_not_waited_for() {
    let (server, client) = setup().await;
    server.push_fault(fault(
        FaultKind::Status {
            status: 429,
            retry_after: Some("120".into()),
            retry_after_ms: None,
            body: None,
        },
        1,
    ));
    let started = Instant::now();
    let error = client.chat(&ChatRequest::new("a", "hi")).await.unwrap_err();
    assert_eq!(error.status(), Some(429));
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn per_call_options_override_the_client() {
    let (server, client) = setup().await;
    server.push_fault(fault(FaultKind::StallBeforeHeaders { ms: 1000 }, 1));
    let quick = client.with_options(
        &RequestOptions::new()
            .timeout(Duration::from_millis(200))
            .max_retries(0),
    );
    let started = Instant::now();
    let error = quick.chat(&ChatRequest::new("a", "hi")).await.unwrap_err();
    assert!(
        matches!(error, Error::Timeout { after } if after == Duration::from_millis(200)),
        "{error}"
    );
    assert!(started.elapsed() < Duration::from_millis(900));
}

#[tokio::test]
async fn a_reset_connection_is_retried_then_reported() {
    let (server, client) = setup().await;
    server.push_fault(fault(FaultKind::Reset {}, 3));
    let error = client.chat(&ChatRequest::new("a", "hi")).await.unwrap_err();
    assert!(matches!(error, Error::Connection { .. }), "{error}");
    assert_eq!(server.requests().len(), 3);
    server.push_fault(fault(FaultKind::Reset {}, 1));
    client.chat(&ChatRequest::new("a", "hi")).await.unwrap();
}

#[tokio::test]
async fn a_stall_between_events_ends_in_the_idle_timeout() {
    let (server, client) = setup().await;
    server.push_fault(fault(
        FaultKind::StallBetweenEvents {
            ms: 5000,
            after_events: 2,
        },
        1,
    ));
    let client =
        client.with_options(&RequestOptions::new().idle_timeout(Duration::from_millis(300)));
    let mut stream = client
        .chat_stream(&ChatRequest::new("a", "hi"))
        .await
        .unwrap();
    assert!(stream.next().await.unwrap().is_ok());
    assert!(stream.next().await.unwrap().is_ok());
    let started = Instant::now();
    let error = stream.next().await.unwrap().unwrap_err();
    assert!(matches!(error, Error::IdleTimeout { .. }), "{error}");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn keep_alives_do_not_reset_the_idle_timeout() {
    let (server, client) = setup().await;
    server.push_fault(fault(
        FaultKind::KeepaliveOnly {
            interval_ms: 50,
            count: 100,
        },
        1,
    ));
    let client =
        client.with_options(&RequestOptions::new().idle_timeout(Duration::from_millis(400)));
    let mut stream = client
        .chat_stream(&ChatRequest::new("a", "hi"))
        .await
        .unwrap();
    let error = stream.next().await.unwrap().unwrap_err();
    assert!(matches!(error, Error::IdleTimeout { .. }), "{error}");
}

#[tokio::test]
async fn dropping_a_stream_closes_the_connection() {
    let (server, client) = setup().await;
    server.set_token_delay(Duration::from_millis(20));
    let mut stream = client
        .chat_stream(&ChatRequest::new("a", "hi"))
        .await
        .unwrap();
    stream.next().await.unwrap().unwrap();
    drop(stream);
    for _ in 0..100 {
        if server.requests()[0].outcome == Outcome::ClientClosed {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!(
        "the mock never saw the close: {:?} {:?}",
        server.requests()[0],
        server.stats()
    );
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_a_connection_error() {
    // A port that was free a moment ago, with nothing listening now.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder(fixtures::WIDGET_KEY)
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry_policy(chatwire::retry::RetryPolicy {
            initial_backoff: Duration::from_millis(10),
            ..Default::default()
        })
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.chat(&ChatRequest::new("a", "hi")).await.unwrap_err();
    assert!(matches!(&error, Error::Connection { .. }), "{error:?}");
    assert!(error.is_retryable());
    assert!(
        started.elapsed() >= Duration::from_millis(20),
        "two backoffs were waited"
    );
    assert!(!error.to_string().contains(fixtures::WIDGET_KEY));
}
