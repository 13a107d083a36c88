//! The Vexar client against the mock server, over real HTTP: every operation and its errors.

use std::time::Duration;

use chatwire::vexar::{
    ChatEvent, ChatMode, ChatRequest, Client, ContactRequest, EmailRequest, RateCommentRequest,
    RateRequest, UploadImageRequest,
};
use chatwire::Error;
use chatwire_mock::{fixtures, Config, Fault, FaultKind, MockServer};
use serde_json::json;

async fn setup() -> (MockServer, Client) {
    let server = MockServer::start(Config::default()).await.unwrap();
    let client = Client::builder(fixtures::VEXAR_SITE_KEY)
        .base_url(server.base_url())
        .timeout(Duration::from_secs(5))
        .max_retries(0)
        .build()
        .unwrap();
    (server, client)
}

async fn control(server: &MockServer, path: &str, body: serde_json::Value) {
    let response = reqwest::Client::new()
        .post(format!("{}{path}", server.base_url()))
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

#[tokio::test]
async fn chat_stream_gives_chunks_then_done() {
    let (server, client) = setup().await;
    let request = ChatRequest {
        lang: Some("en".into()),
        message_id: Some("m_abc".into()),
        ..ChatRequest::new("sess_1", "Do you ship to Canada?")
    };
    let mut stream = client.chat_stream(&request).await.unwrap();
    let mut text = String::new();
    let mut events = Vec::new();
    while let Some(event) = stream.next().await {
        let event = event.unwrap();
        if let ChatEvent::Chunk(chunk) = &event {
            text.push_str(&chunk.content);
        }
        events.push(event);
    }
    assert!(text.starts_with("Yes, we ship to Canada"));
    assert!(
        matches!(events.last(), Some(ChatEvent::Done(done)) if done.meta.conversation_id == 50)
    );
    let sent: serde_json::Value = serde_json::from_str(&server.requests()[0].body).unwrap();
    assert_eq!(
        sent,
        json!({"session_id": "sess_1", "message": "Do you ship to Canada?", "lang": "en", "message_id": "m_abc", "site_key": fixtures::VEXAR_SITE_KEY})
    );
}

#[tokio::test]
async fn history_email_contact_rate_and_comment_are_saved() {
    let (server, client) = setup().await;
    let stream = client
        .chat_stream(&ChatRequest::new("sess_2", "When are you open?"))
        .await
        .unwrap();
    drop(stream);
    let history = client.get_history("sess_2").await.unwrap();
    assert_eq!(
        history.messages[0].content.as_deref(),
        Some("When are you open?")
    );
    assert_eq!(history.messages[1].role.as_deref(), Some("assistant"));

    let saved = client
        .save_email(&EmailRequest {
            session_id: "sess_2".into(),
            email: "jane@example.com".into(),
        })
        .await
        .unwrap();
    assert_eq!(saved.message.as_deref(), Some("Email saved"));
    let contact = ContactRequest {
        session_id: "sess_2".into(),
        phone: Some("+15550100".into()),
        name: Some("Jane".into()),
        ..Default::default()
    };
    assert_eq!(
        client
            .save_contact(&contact)
            .await
            .unwrap()
            .message
            .as_deref(),
        Some("Contact saved")
    );
    assert!(
        client
            .rate_conversation(&RateRequest {
                session_id: "sess_2".into(),
                score: 5
            })
            .await
            .unwrap()
            .success
    );
    assert!(
        client
            .comment_rating(&RateCommentRequest {
                session_id: "sess_2".into(),
                comment: "Great!".into()
            })
            .await
            .unwrap()
            .success
    );

    let stored: serde_json::Value = reqwest::get(format!(
        "{}/__mock/vexar/conversation?site_key={}&session_id=sess_2",
        server.base_url(),
        fixtures::VEXAR_SITE_KEY
    ))
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(
        (&stored["email"], &stored["score"], &stored["comment"]),
        (&json!("jane@example.com"), &json!(5), &json!("Great!"))
    );
}

#[tokio::test]
async fn operator_messages_proactive_messages_and_block_status() {
    let (server, client) = setup().await;
    let empty = client.get_operator_messages("sess_3").await.unwrap();
    assert_eq!((empty.messages.len(), empty.mode), (0, ChatMode::Ai));
    control(&server, "/__mock/vexar/operator-messages", json!({"site_key": fixtures::VEXAR_SITE_KEY, "session_id": "sess_3", "messages": [{"content": "Hi, Sam here.", "operator": "Sam"}], "mode": "operator"})).await;
    let new = client.get_operator_messages("sess_3").await.unwrap();
    assert_eq!(new.mode, ChatMode::Operator);
    assert_eq!(new.messages[0].content.as_deref(), Some("Hi, Sam here."));
    assert_eq!(
        new.messages[0].extra["operator"], "Sam",
        "fields the docs do not name are kept"
    );

    control(&server, "/__mock/vexar/pending-proactive", json!({"site_key": fixtures::VEXAR_SITE_KEY, "session_id": "sess_3", "messages": [{"content": "Need help?"}]})).await;
    assert_eq!(
        client
            .get_pending_proactive("sess_3")
            .await
            .unwrap()
            .messages[0]
            .content
            .as_deref(),
        Some("Need help?")
    );

    assert!(!client.get_block_status("sess_3").await.unwrap().blocked);
    assert!(
        client
            .get_block_status(fixtures::VEXAR_BLOCKED_SESSION)
            .await
            .unwrap()
            .blocked
    );
}

#[tokio::test]
async fn upload_image_from_bytes_and_from_a_path() {
    let (_server, client) = setup().await;
    let png = b"\x89PNG\r\n\x1a\nfake".to_vec();
    let uploaded = client
        .upload_image(&UploadImageRequest::from_bytes(
            "sess_4",
            png.clone(),
            "a.png",
            "image/png",
        ))
        .await
        .unwrap();
    assert_eq!(
        reqwest::get(&uploaded.url)
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap()
            .to_vec(),
        png
    );

    let path = std::env::temp_dir().join(format!("chatwire-upload-{}.png", std::process::id()));
    std::fs::write(&path, &png).unwrap();
    let request = UploadImageRequest::from_path("sess_4", &path).unwrap();
    assert_eq!(
        (request.content_type.as_str(), request.image.len()),
        ("image/png", png.len())
    );
    assert!(client.upload_image(&request).await.unwrap().success);
    std::fs::remove_file(&path).unwrap();
    assert!(matches!(
        UploadImageRequest::from_path("s", "notes.txt"),
        Err(Error::Validation { field: "image", .. })
    ));
}

#[tokio::test]
async fn documented_errors_and_checks_before_sending() {
    let (server, client) = setup().await;
    let wrong = Client::builder("sk_wrong")
        .base_url(server.base_url())
        .build()
        .unwrap();
    let error = wrong.get_history("s").await.unwrap_err();
    assert_eq!(
        (error.status(), error.code()),
        (Some(401), Some("invalid_site_key"))
    );
    let error = client
        .chat_stream(&ChatRequest::new(fixtures::VEXAR_BLOCKED_SESSION, "hi"))
        .await
        .unwrap_err();
    assert_eq!(
        (error.status(), error.code()),
        (Some(403), Some("visitor_blocked"))
    );
    server.push_fault(Fault {
        kind: FaultKind::Status {
            status: 429,
            retry_after: Some("1".into()),
            retry_after_ms: None,
            body: None,
        },
        times: 1,
        path: None,
        key: None,
    });
    let error = client.get_block_status("s").await.unwrap_err();
    assert_eq!(
        (error.status(), error.code()),
        (Some(429), Some("rate_limited"))
    );

    let before = server.requests().len();
    let checks = [
        client
            .rate_conversation(&RateRequest {
                session_id: "s".into(),
                score: 6,
            })
            .await
            .unwrap_err(),
        client
            .rate_conversation(&RateRequest {
                session_id: "s".into(),
                score: 0,
            })
            .await
            .unwrap_err(),
        client
            .save_email(&EmailRequest {
                session_id: "s".into(),
                email: "nope".into(),
            })
            .await
            .unwrap_err(),
        client
            .save_contact(&ContactRequest {
                session_id: "s".into(),
                ..Default::default()
            })
            .await
            .unwrap_err(),
        client
            .chat_stream(&ChatRequest::new("s", ""))
            .await
            .unwrap_err(),
        client.get_history("").await.unwrap_err(),
    ];
    assert!(
        checks.iter().all(|e| matches!(e, Error::Validation { .. })),
        "{checks:?}"
    );
    assert_eq!(server.requests().len(), before, "nothing was sent");
}

#[tokio::test]
async fn unknown_and_malformed_events_and_an_early_end() {
    let (server, client) = setup().await;
    let fault = |kind| Fault {
        kind,
        times: 1,
        path: None,
        key: None,
    };
    server.push_fault(fault(FaultKind::UnknownEvent {}));
    let mut stream = client
        .chat_stream(&ChatRequest::new("s", "hi"))
        .await
        .unwrap();
    assert!(
        matches!(stream.next().await.unwrap().unwrap(), ChatEvent::Unknown { data } if data["type"] == "typing")
    );

    server.push_fault(fault(FaultKind::MalformedJson {}));
    let mut stream = client
        .chat_stream(&ChatRequest::new("s", "hi"))
        .await
        .unwrap();
    let error = stream.next().await.unwrap().unwrap_err();
    assert!(
        matches!(&error, Error::Decode { raw, .. } if raw.starts_with("{\"type\":\"chunk\"")),
        "{error:?}"
    );
    assert!(
        matches!(stream.next().await.unwrap().unwrap(), ChatEvent::Chunk(_)),
        "the stream goes on"
    );

    server.push_fault(fault(FaultKind::CloseAfterEvents { events: 2 }));
    let mut stream = client
        .chat_stream(&ChatRequest::new("s", "hi"))
        .await
        .unwrap();
    stream.next().await.unwrap().unwrap();
    stream.next().await.unwrap().unwrap();
    let dropped = stream.next().await.unwrap().unwrap_err();
    assert!(
        matches!(
            &dropped,
            Error::StreamEnded {
                events: 2,
                source: Some(_)
            }
        ),
        "a dropped connection ends the stream before its terminal event: {dropped:?}"
    );
    assert!(stream.next().await.is_none());

    server.push_fault(fault(FaultKind::EndWithoutTerminal {}));
    let mut stream = client
        .chat_stream(&ChatRequest::new("s", "hi"))
        .await
        .unwrap();
    let mut last = None;
    while let Some(item) = stream.next().await {
        last = Some(item);
    }
    assert!(
        matches!(last, Some(Err(Error::StreamEnded { events, source: None })) if events > 3),
        "{last:?}"
    );

    server.push_fault(fault(FaultKind::OversizeEvent {
        bytes: 2 * 1024 * 1024,
    }));
    let mut stream = client
        .chat_stream(&ChatRequest::new("s", "hi"))
        .await
        .unwrap();
    assert!(matches!(
        stream.next().await.unwrap().unwrap_err(),
        Error::Decode { .. }
    ));
    assert!(
        matches!(stream.next().await.unwrap().unwrap(), ChatEvent::Chunk(_)),
        "the decoder skips it and goes on"
    );
}

#[tokio::test]
async fn a_url_too_long_to_send_is_refused_and_not_retried() {
    let (server, client) = setup().await;
    let client = client.with_options(&chatwire::RequestOptions::new().max_retries(5));
    let started = std::time::Instant::now();
    let error = client.get_history(&"x".repeat(70_000)).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Validation {
                field: "request",
                ..
            }
        ),
        "{error}"
    );
    assert!(
        started.elapsed() < Duration::from_millis(200),
        "not retried"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn an_image_name_that_could_break_the_form_is_refused() {
    let (server, client) = setup().await;
    for name in ["a\r\nX-Injected: 1.png", "a\nb.png", "a\0b.png", ""] {
        let request = UploadImageRequest::from_bytes("s1", vec![1, 2, 3], name, "image/png");
        let error = client.upload_image(&request).await.unwrap_err();
        assert!(
            matches!(
                error,
                Error::Validation {
                    field: "file_name",
                    ..
                }
            ),
            "{name:?}: {error}"
        );
    }
    let request = UploadImageRequest::from_bytes("s1", vec![1, 2, 3], "a.png", "text/plain");
    let error = client.upload_image(&request).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Validation {
                field: "content_type",
                ..
            }
        ),
        "{error}"
    );
    assert!(server.requests().is_empty());
}
