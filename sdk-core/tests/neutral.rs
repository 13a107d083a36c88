//! The provider-neutral model: one event loop over all four APIs, and the whole-reply helpers.

use chatwire::{devapi, mevichat, vexar, widgetkey, Chat, ChatEvent, Error};
use chatwire_mock::{fixtures, Config, MockServer};

const SESSION: &str = "0b8e8f4e-3c52-4f0e-9d7e-2f0b8c7a1d11";

fn providers(base: &str) -> Vec<(&'static str, Box<dyn Chat>, &'static str)> {
    vec![
        (
            "mevichat",
            Box::new(
                mevichat::Client::builder(fixtures::MEVICHAT_PUBLIC_KEY, "https://example.com")
                    .base_url(base)
                    .build()
                    .unwrap(),
            ),
            SESSION,
        ),
        (
            "vexar",
            Box::new(
                vexar::Client::builder(fixtures::VEXAR_SITE_KEY)
                    .base_url(base)
                    .build()
                    .unwrap(),
            ),
            "sess_1",
        ),
        (
            "devapi",
            Box::new(
                devapi::Client::builder(fixtures::DEVAPI_KEY)
                    .base_url(base)
                    .build()
                    .unwrap(),
            ),
            "sess_1",
        ),
        (
            "widgetkey",
            Box::new(
                widgetkey::Client::builder(fixtures::WIDGET_KEY)
                    .base_url(base)
                    .build()
                    .unwrap(),
            ),
            "user-1",
        ),
    ]
}

#[tokio::test]
async fn one_event_loop_serves_every_provider() {
    let server = MockServer::start(Config::default()).await.unwrap();
    for (name, chat, session) in providers(&server.base_url()) {
        let mut stream = chat
            .chat(session, "What is your refund policy?")
            .await
            .unwrap();
        let mut text = String::new();
        let mut finished = None;
        while let Some(event) = futures_util::StreamExt::next(&mut stream).await {
            match event.unwrap() {
                ChatEvent::Delta { text: piece } => text.push_str(&piece),
                ChatEvent::Finished(finish) => finished = Some(finish),
                ChatEvent::Started { .. } => {}
                other => panic!("{name}: {other:?}"),
            }
        }
        assert!(
            text.starts_with("Our refund policy is 30 days"),
            "{name}: {text}"
        );
        assert!(finished.is_some(), "{name}: no Finished");
    }
}

#[tokio::test]
async fn final_message_and_text_read_the_whole_reply() {
    let server = MockServer::start(Config::default()).await.unwrap();
    let client = |key: &str| {
        mevichat::Client::builder(key, "https://example.com")
            .base_url(server.base_url())
            .build()
            .unwrap()
    };
    let stream = client(fixtures::MEVICHAT_PUBLIC_KEY)
        .chat_stream(&mevichat::ChatRequest::new(SESSION, "hours?"))
        .await
        .unwrap();
    let message = stream.final_message().await.unwrap();
    assert!(message.text.contains("business hours"));
    assert_eq!(message.finish.finish_reason.as_deref(), Some("stop"));
    assert_eq!(message.finish.model.as_deref(), Some(fixtures::MODEL));
    assert!(message.finish.usage.unwrap().tokens_out > 5);
    assert!(message.message_id.is_some());

    let blocked = client(fixtures::MEVICHAT_PUBLIC_KEY)
        .chat_stream(&mevichat::ChatRequest::new(SESSION, "forbidden"))
        .await
        .unwrap();
    let blocked = blocked.final_message().await.unwrap();
    assert_eq!(
        (blocked.text.as_str(), blocked.blocked_reason.as_deref()),
        ("I can't help with that.", Some("blocked_pattern"))
    );

    let quota = client(fixtures::MEVICHAT_QUOTA_KEY)
        .chat_stream(&mevichat::ChatRequest::new(SESSION, "hi"))
        .await
        .unwrap();
    let error = quota.text().await.unwrap_err();
    assert!(
        matches!(&error, Error::StreamError { code, .. } if code == "quota_exceeded"),
        "{error}"
    );
    assert_eq!(error.code(), Some("quota_exceeded"));
}
