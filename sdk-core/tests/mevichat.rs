//! The Mevichat client against the mock server, over real HTTP: every operation, every
//! documented error code, and every stream outcome.

use std::time::Duration;

use chatwire::mevichat::{
    ChatEvent, ChatRequest, Client, FinishReason, MessageRole, StreamErrorCode,
};
use chatwire::Error;
use chatwire_mock::{fixtures, Config, Fault, FaultKind, MockServer};

const SESSION: &str = "0b8e8f4e-3c52-4f0e-9d7e-2f0b8c7a1d11";

fn client_for(server: &MockServer, key: &str, origin: &str) -> Client {
    Client::builder(key, origin)
        .base_url(server.base_url())
        .export_token(fixtures::EXPORT_JWT)
        .timeout(Duration::from_secs(5))
        .max_retries(0)
        .build()
        .unwrap()
}

async fn setup() -> (MockServer, Client) {
    let server = MockServer::start(Config::default()).await.unwrap();
    let client = client_for(
        &server,
        fixtures::MEVICHAT_PUBLIC_KEY,
        "https://example.com",
    );
    (server, client)
}

async fn events(client: &Client, request: &ChatRequest) -> Vec<ChatEvent> {
    let mut stream = client.chat_stream(request).await.unwrap();
    let mut events = Vec::new();
    while let Some(event) = stream.next().await {
        events.push(event.unwrap());
    }
    events
}

#[tokio::test]
async fn a_reply_streams_meta_tokens_done() {
    let (server, client) = setup().await;
    let events = events(
        &client,
        &ChatRequest::new(SESSION, "What is your refund policy?"),
    )
    .await;
    assert!(matches!(&events[0], ChatEvent::Meta(meta) if meta.session_id == SESSION));
    let text: String = events
        .iter()
        .filter_map(|e| {
            if let ChatEvent::Token(token) = e {
                Some(token.text.as_str())
            } else {
                None
            }
        })
        .collect();
    assert!(text.starts_with("Our refund policy is 30 days"));
    let ChatEvent::Done(done) = events.last().unwrap() else {
        panic!("{events:?}")
    };
    assert_eq!(done.finish_reason, FinishReason::Stop);
    assert_eq!(done.model.as_deref(), Some(fixtures::MODEL));
    let sent = &server.requests()[0];
    assert_eq!(sent.headers["origin"], "https://example.com");
    assert!(sent.body.contains(fixtures::MEVICHAT_PUBLIC_KEY));
}

#[tokio::test]
async fn blocked_and_error_events_come_as_events_then_done() {
    let (server, client) = setup().await;
    let blocked = events(&client, &ChatRequest::new(SESSION, "something forbidden")).await;
    assert!(
        matches!(&blocked[1], ChatEvent::Blocked(b) if b.fallback == "I can't help with that.")
    );
    assert!(matches!(&blocked[2], ChatEvent::Done(d) if d.finish_reason == FinishReason::Blocked));

    let quota = events(
        &client_for(&server, fixtures::MEVICHAT_QUOTA_KEY, "https://example.com"),
        &ChatRequest::new(SESSION, "hi"),
    )
    .await;
    let ChatEvent::Error(error) = &quota[1] else {
        panic!("{quota:?}")
    };
    assert_eq!(
        (&error.code, error.plan.as_deref(), error.used, error.cap),
        (
            &StreamErrorCode::QuotaExceeded,
            Some("free"),
            Some(100),
            Some(100)
        )
    );
    assert!(
        matches!(&quota[2], ChatEvent::Done(d) if d.finish_reason == FinishReason::QuotaExceeded)
    );

    let failed = events(
        &client_for(
            &server,
            fixtures::MEVICHAT_LLM_ERROR_KEY,
            "https://example.com",
        ),
        &ChatRequest::new(SESSION, "hi"),
    )
    .await;
    assert!(
        matches!(&failed[1], ChatEvent::Error(e) if e.code == StreamErrorCode::ProviderAuthFailed)
    );
    assert!(matches!(&failed[2], ChatEvent::Done(d) if d.finish_reason == FinishReason::Error));
}

#[tokio::test]
async fn each_pre_stream_code_is_an_api_error() {
    let (server, client) = setup().await;
    let revoked = client_for(
        &server,
        fixtures::MEVICHAT_REVOKED_KEY,
        "https://example.com",
    );
    let error = revoked
        .chat_stream(&ChatRequest::new(SESSION, "hi"))
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.code()),
        (Some(401), Some("invalid_api_key"))
    );
    let elsewhere = client_for(
        &server,
        fixtures::MEVICHAT_PUBLIC_KEY,
        "https://evil.example",
    );
    let error = elsewhere
        .chat_stream(&ChatRequest::new(SESSION, "hi"))
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.code()),
        (Some(403), Some("origin_not_allowed"))
    );
    for (status, code) in [
        (400, "invalid_json"),
        (400, "message_too_long"),
        (405, "method_not_allowed"),
        (429, "rate_limited"),
    ] {
        let body = serde_json::json!({"error": code, "message": "scripted"});
        server.push_fault(Fault {
            kind: FaultKind::Status {
                status,
                retry_after: None,
                retry_after_ms: None,
                body: Some(body),
            },
            times: 1,
            path: None,
            key: None,
        });
        let error = client
            .chat_stream(&ChatRequest::new(SESSION, "hi"))
            .await
            .unwrap_err();
        assert_eq!((error.status(), error.code()), (Some(status), Some(code)));
    }
}

#[tokio::test]
async fn limits_are_checked_before_sending() {
    let (server, client) = setup().await;
    let cases = [
        (ChatRequest::new("sess_1", "hi"), "session_id"),
        (ChatRequest::new(SESSION, ""), "message"),
        (ChatRequest::new(SESSION, "é".repeat(4001)), "message"),
    ];
    for (request, field) in cases {
        let error = client.chat_stream(&request).await.unwrap_err();
        assert!(
            matches!(error, Error::Validation { field: f, .. } if f == field),
            "{error}"
        );
    }
    assert!(server.requests().is_empty());
    assert!(client
        .chat_stream(&ChatRequest::new(SESSION, "é".repeat(4000)))
        .await
        .is_ok());
}

#[tokio::test]
async fn widget_config_is_cached_for_max_age() {
    let (server, client) = setup().await;
    let config = client.get_widget_config().await.unwrap();
    assert_eq!(config.bot.name.as_deref(), Some("Support"));
    assert_eq!(
        config.bot.quick_replies,
        ["Talk to a human", "Return an item"]
    );
    assert_eq!(config.bot.border_radius, Some(12));
    client.clone().get_widget_config().await.unwrap();
    assert_eq!(
        server.requests().len(),
        1,
        "the second call is served from the cache"
    );
    // A cached answer refuses what a call would refuse.
    let framing = chatwire::RequestOptions::new().header(
        http::header::HOST,
        http::HeaderValue::from_static("elsewhere"),
    );
    let error = client
        .with_options(&framing)
        .get_widget_config()
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
        "{error}"
    );
    let error = client_for(&server, "mvc_pk_nope", "https://example.com")
        .get_widget_config()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("invalid_api_key"));
}

#[tokio::test]
async fn visitor_metadata_too_deep_for_the_body_is_refused() {
    let (server, client) = setup().await;
    let nested = |depth: usize| {
        let inner = (2..depth).fold(
            serde_json::json!({}),
            |inner, _| serde_json::json!({ "a": inner }),
        );
        serde_json::Map::from_iter([("a".to_owned(), inner)])
    };
    let request = ChatRequest {
        visitor_metadata: Some(nested(127)),
        ..ChatRequest::new(SESSION, "hi")
    };
    let error = client.chat_stream(&request).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Validation {
                field: "visitor_metadata",
                ..
            }
        ),
        "{error}"
    );
    assert!(server.requests().is_empty());
    let request = ChatRequest {
        visitor_metadata: Some(nested(126)),
        ..ChatRequest::new(SESSION, "hi")
    };
    events(&client, &request).await;
}

#[tokio::test]
async fn export_gives_the_transcript_and_the_file_name() {
    let (server, client) = setup().await;
    events(
        &client,
        &ChatRequest {
            visitor_id: Some("v-9".into()),
            ..ChatRequest::new(SESSION, "Do you ship to Canada?")
        },
    )
    .await;
    let export = client.export_conversation(SESSION).await.unwrap();
    assert_eq!(
        export.file_name.as_deref(),
        Some(format!("session-{SESSION}.json").as_str())
    );
    assert_eq!(export.session.visitor_id.as_deref(), Some("v-9"));
    assert_eq!(export.messages[1].role, MessageRole::Assistant);
    assert_eq!(export.messages[1].rag_chunks_used, [serde_json::json!(43)]);

    let seeded = client
        .export_conversation(fixtures::SEEDED_SESSION_ID)
        .await
        .unwrap();
    assert_eq!(seeded.messages.len(), 2);

    let no_workspace = Client::builder(fixtures::MEVICHAT_PUBLIC_KEY, "https://example.com")
        .base_url(server.base_url())
        .export_token(fixtures::EXPORT_JWT_NO_WORKSPACE)
        .build()
        .unwrap();
    let error = no_workspace.export_conversation(SESSION).await.unwrap_err();
    assert_eq!(
        (error.status(), error.code()),
        (Some(401), Some("no_workspace"))
    );
    let bad_jwt = Client::builder(fixtures::MEVICHAT_PUBLIC_KEY, "https://example.com")
        .base_url(server.base_url())
        .export_token("a.b.c")
        .build()
        .unwrap();
    assert_eq!(
        bad_jwt
            .export_conversation(SESSION)
            .await
            .unwrap_err()
            .code(),
        Some("authentication_required")
    );
    let error = client
        .export_conversation("6a2f41a3-c54c-4c01-9f2e-1d3a6b7c8d9e")
        .await
        .unwrap_err();
    assert_eq!((error.status(), error.code()), (Some(404), None));
    let without_token = Client::builder(fixtures::MEVICHAT_PUBLIC_KEY, "https://example.com")
        .base_url(server.base_url())
        .build()
        .unwrap();
    assert!(matches!(
        without_token
            .export_conversation(SESSION)
            .await
            .unwrap_err(),
        Error::Validation {
            field: "export_token",
            ..
        }
    ));
}

#[tokio::test]
async fn debug_shows_no_secret() {
    let (_server, client) = setup().await;
    let shown = format!("{client:?}");
    assert!(
        !shown.contains(fixtures::MEVICHAT_PUBLIC_KEY) && !shown.contains(fixtures::EXPORT_JWT),
        "{shown}"
    );
}

#[tokio::test]
async fn the_default_base_url_is_the_hosted_origin() {
    let client = Client::builder("mvc_pk_live_x", "https://example.com")
        .build()
        .unwrap();
    assert!(format!("{client:?}").contains("app.mevichat.com"));
}
