//! Per-call connect timeouts, whole-stream deadlines, and the details of errors a caller
//! matches on (`retry_after`, the export's throttling), against the mock and the hostile server
//! over real HTTP.

use std::time::{Duration, Instant};

use chatwire::mevichat::{self, ChatEvent, ChatRequest};
use chatwire::{vexar, widgetkey, Error, RequestOptions};
use chatwire_hostile::HostileServer;
use chatwire_mock::{fixtures, Config, Fault, FaultKind, MockServer};

const SESSION: &str = "0b8e8f4e-3c52-4f0e-9d7e-2f0b8c7a1d11";

fn mevichat_client(base_url: &str) -> mevichat::Client {
    mevichat::Client::builder(fixtures::MEVICHAT_PUBLIC_KEY, "https://example.com")
        .base_url(base_url)
        .export_token(fixtures::EXPORT_JWT)
        .timeout(Duration::from_secs(5))
        .max_retries(0)
        .build()
        .unwrap()
}

fn fault(kind: FaultKind) -> Fault {
    Fault {
        kind,
        times: 1,
        path: None,
        key: None,
    }
}

#[tokio::test]
async fn a_per_call_connect_timeout_replaces_the_clients() {
    let hostile = HostileServer::start().unwrap();
    let client = widgetkey::Client::builder(fixtures::WIDGET_KEY)
        .base_url(hostile.blackhole_url())
        .connect_timeout(Duration::from_secs(30))
        .max_retries(0)
        .build()
        .unwrap();
    for connect in [Duration::from_millis(200), Duration::from_millis(300)] {
        let quick = client.with_options(&RequestOptions::new().connect_timeout(connect));
        let started = Instant::now();
        let error = quick
            .chat(&widgetkey::ChatRequest::new("u", "hi"))
            .await
            .unwrap_err();
        let took = started.elapsed();
        assert!(
            matches!(error, Error::Timeout { after } if after == connect),
            "{error}"
        );
        assert!(took >= connect && took < Duration::from_secs(3), "{took:?}");
    }
}

#[tokio::test]
async fn a_per_call_connect_timeout_leaves_calls_to_a_live_server_working() {
    let server = MockServer::start(Config::default()).await.unwrap();
    let client = mevichat_client(&server.base_url());
    let patient =
        client.with_options(&RequestOptions::new().connect_timeout(Duration::from_secs(9)));
    let config = patient.get_widget_config().await.unwrap();
    assert!(config.bot.name.is_some());
}

#[tokio::test]
async fn a_client_given_its_own_http_client_refuses_a_per_call_connect_timeout() {
    let server = MockServer::start(Config::default()).await.unwrap();
    let client = mevichat::Client::builder(fixtures::MEVICHAT_PUBLIC_KEY, "https://example.com")
        .base_url(server.base_url())
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    let refusing =
        client.with_options(&RequestOptions::new().connect_timeout(Duration::from_secs(1)));
    let error = refusing.get_widget_config().await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Validation {
                field: "connect_timeout",
                ..
            }
        ),
        "{error}"
    );
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_stream_of_keep_alives_ends_at_its_deadline() {
    let server = MockServer::start(Config::default()).await.unwrap();
    server.push_fault(fault(FaultKind::KeepaliveOnly {
        interval_ms: 50,
        count: 100,
    }));
    let client = mevichat::Client::builder(fixtures::MEVICHAT_PUBLIC_KEY, "https://example.com")
        .base_url(server.base_url())
        .stream_timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let started = Instant::now();
    let mut stream = client
        .chat_stream(&ChatRequest::new(SESSION, "hi"))
        .await
        .unwrap();
    let error = stream.next().await.unwrap().unwrap_err();
    let took = started.elapsed();
    assert!(
        matches!(error, Error::StreamDeadline { after } if after == Duration::from_millis(500)),
        "{error}"
    );
    assert!(!error.is_retryable());
    assert!(error.is_timeout());
    assert!(
        took >= Duration::from_millis(500) && took < Duration::from_millis(1500),
        "{took:?}"
    );
    assert!(stream.next().await.is_none(), "the stream is over");
}

#[tokio::test]
async fn a_stream_whose_events_keep_coming_still_ends_at_its_deadline() {
    let server = MockServer::start(Config::default()).await.unwrap();
    server.set_token_delay(Duration::from_millis(20));
    server.push_fault(fault(FaultKind::LongReply { tokens: 200 }));
    let client = mevichat_client(&server.base_url());
    let per_call = RequestOptions::new().stream_timeout(Duration::from_millis(500));
    let started = Instant::now();
    let mut stream = client
        .with_options(&per_call)
        .chat_stream(&ChatRequest::new(SESSION, "hi"))
        .await
        .unwrap();
    let mut tokens = 0;
    let error = loop {
        match stream.next().await.expect("the stream ends with an error") {
            Ok(ChatEvent::Token(_)) => tokens += 1,
            Ok(_) => {}
            Err(error) => break error,
        }
    };
    let took = started.elapsed();
    assert!(matches!(error, Error::StreamDeadline { .. }), "{error}");
    assert!(tokens > 5 && tokens < 200, "{tokens} tokens");
    assert!(took < Duration::from_millis(1500), "{took:?}");
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn a_deadline_that_runs_out_before_the_headers_ends_the_call() {
    let server = MockServer::start(Config::default()).await.unwrap();
    server.push_fault(fault(FaultKind::StallBeforeHeaders { ms: 3000 }));
    let client = mevichat_client(&server.base_url());
    let per_call = RequestOptions::new().stream_timeout(Duration::from_millis(300));
    let started = Instant::now();
    let error = client
        .with_options(&per_call)
        .chat_stream(&ChatRequest::new(SESSION, "hi"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::StreamDeadline { .. }), "{error}");
    assert!(started.elapsed() < Duration::from_millis(1500));
}

#[tokio::test]
async fn a_stream_within_its_deadline_is_untouched() {
    let server = MockServer::start(Config::default()).await.unwrap();
    let client = mevichat_client(&server.base_url());
    let per_call = RequestOptions::new().stream_timeout(Duration::from_secs(10));
    let text = client
        .with_options(&per_call)
        .chat_stream(&ChatRequest::new(SESSION, "hi"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!text.is_empty());
}

#[tokio::test]
async fn a_rate_limit_carries_the_wait_the_server_asked_for() {
    let server = MockServer::start(Config::default()).await.unwrap();
    let client = mevichat_client(&server.base_url());
    server.push_fault(fault(FaultKind::Status {
        status: 429,
        retry_after: Some("7".into()),
        retry_after_ms: None,
        body: None,
    }));
    let error = client
        .chat_stream(&ChatRequest::new(SESSION, "hi"))
        .await
        .unwrap_err();
    let Error::Api(api) = &error else {
        panic!("{error}")
    };
    assert_eq!(
        (api.status, api.code.as_deref(), api.retry_after),
        (429, Some("rate_limited"), Some(Duration::from_secs(7)))
    );
    assert_eq!(
        error.code_as::<mevichat::ErrorCode>(),
        Some(mevichat::ErrorCode::RateLimited)
    );
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
    assert!(!error.is_timeout());
    server.push_fault(fault(FaultKind::Status {
        status: 503,
        retry_after: None,
        retry_after_ms: None,
        body: None,
    }));
    let Error::Api(api) = client.get_widget_config().await.unwrap_err() else {
        panic!("not an API error")
    };
    assert_eq!((api.status, api.retry_after), (503, None));
}

#[tokio::test]
async fn the_exports_throttling_text_is_the_message_of_code_rate_limited() {
    let server = MockServer::start(Config::default()).await.unwrap();
    let client = mevichat_client(&server.base_url());
    let throttled = "Request was throttled. Expected available in 3 seconds.";
    server.push_fault(fault(FaultKind::Status {
        status: 429,
        retry_after: Some("3".into()),
        retry_after_ms: None,
        body: Some(serde_json::json!({ "detail": throttled })),
    }));
    let Error::Api(api) = client.export_conversation(SESSION).await.unwrap_err() else {
        panic!("not an API error")
    };
    assert_eq!(api.code.as_deref(), Some("rate_limited"));
    assert_eq!(api.message, throttled);
    assert_eq!(api.retry_after, Some(Duration::from_secs(3)));
}

#[tokio::test]
async fn text_after_events_were_read_is_refused_rather_than_partial() {
    let server = MockServer::start(Config::default()).await.unwrap();
    let client = mevichat_client(&server.base_url());
    let mut stream = client
        .chat_stream(&ChatRequest::new(SESSION, "hi"))
        .await
        .unwrap();
    assert!(matches!(stream.next().await, Some(Ok(ChatEvent::Meta(_)))));
    let error = stream.text().await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Validation {
                field: "stream",
                ..
            }
        ),
        "{error}"
    );
}

#[tokio::test]
async fn an_image_of_a_type_given_is_uploaded_whatever_its_extension() {
    let server = MockServer::start(Config::default()).await.unwrap();
    let client = vexar::Client::builder(fixtures::VEXAR_SITE_KEY)
        .base_url(server.base_url())
        .build()
        .unwrap();
    let path = std::env::temp_dir().join(format!("chatwire-photo-{}.heic", std::process::id()));
    std::fs::write(&path, b"heic bytes").unwrap();
    let refused = vexar::UploadImageRequest::from_path("sess_1", &path).unwrap_err();
    assert!(
        matches!(&refused, Error::Validation { field: "image", reason } if reason.contains("content type")),
        "{refused}"
    );
    let request =
        vexar::UploadImageRequest::from_path_with_type("sess_1", &path, "image/heic").unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(
        (request.file_name.as_str(), request.content_type.as_str()),
        (path.file_name().unwrap().to_str().unwrap(), "image/heic")
    );
    let uploaded = client.upload_image(&request).await.unwrap();
    assert!(uploaded.success);
    let named =
        vexar::UploadImageRequest::from_named_bytes("sess_1", &b"gif"[..], "a.GIF").unwrap();
    assert_eq!(named.content_type, "image/gif");
    assert!(vexar::UploadImageRequest::from_named_bytes("sess_1", &b"?"[..], "notes.txt").is_err());
}
