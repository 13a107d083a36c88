//! The Developer API client against the mock server, over real HTTP.

use std::time::Duration;

use chatwire::devapi::{ChatEvent, ChatRequest, Client, SessionsQuery, UsageQuery};
use chatwire::Error;
use chatwire_mock::{fixtures, Config, MockServer};
use futures_util::TryStreamExt;

async fn setup() -> (MockServer, Client) {
    let server = MockServer::start(Config::default()).await.unwrap();
    let client = Client::builder(fixtures::DEVAPI_KEY)
        .base_url(server.base_url())
        .timeout(Duration::from_secs(5))
        .max_retries(0)
        .build()
        .unwrap();
    (server, client)
}

#[tokio::test]
async fn chat_whole_and_streamed() {
    let (server, client) = setup().await;
    let reply = client
        .chat(&ChatRequest::new("refund please").in_session("sess_9Rna21"))
        .await
        .unwrap();
    assert_eq!(reply.session_id.as_deref(), Some("sess_9Rna21"));
    assert!(reply.content.unwrap().starts_with("Our refund policy"));
    assert_eq!(
        server.requests()[0].headers["authorization"],
        format!("Bearer {}", fixtures::DEVAPI_KEY)
    );

    let mut stream = client
        .chat_stream(&ChatRequest::new("hours?"))
        .await
        .unwrap();
    let mut text = String::new();
    let mut session = None;
    while let Some(event) = stream.next().await {
        match event.unwrap() {
            ChatEvent::Message(message) => text.push_str(&message.content),
            ChatEvent::End(end) => session = Some(end.session_id),
            other => panic!("{other:?}"),
        }
    }
    assert!(text.contains("business hours"));
    assert!(session.unwrap().starts_with("sess_"));
}

#[tokio::test]
async fn usage_counts_what_was_sent() {
    let (_server, client) = setup().await;
    client.chat(&ChatRequest::new("one two")).await.unwrap();
    let usage = client.get_usage(&UsageQuery::default()).await.unwrap();
    assert_eq!(usage.usage.total_requests, 1);
    assert_eq!(usage.usage.total_input_tokens, 2);
    assert_eq!(usage.by_model[0].model.as_deref(), Some(fixtures::MODEL));
    let later = client
        .get_usage(&UsageQuery {
            start_date: Some("2999-01-01".into()),
        })
        .await
        .unwrap();
    assert_eq!(later.usage.total_requests, 0);
    let error = client
        .get_usage(&UsageQuery {
            start_date: Some("01/01/2024".into()),
        })
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        Error::Validation {
            field: "start_date",
            ..
        }
    ));
}

/// Chats once in each of `count` sessions, `sess_0` first.
async fn start_sessions(client: &Client, count: usize) {
    for i in 0..count {
        client
            .chat(&ChatRequest::new(format!("message {i}")).in_session(format!("sess_{i}")))
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn sessions_are_fetched_a_page_at_a_time_as_they_are_read() {
    let (server, client) = setup().await;
    start_sessions(&client, 5).await;
    let pages_asked = || {
        server
            .requests()
            .into_iter()
            .filter(|entry| entry.path.ends_with("/sessions"))
            .map(|entry| entry.query)
            .collect::<Vec<_>>()
    };
    let query = SessionsQuery {
        per_page: Some(2),
        ..Default::default()
    };
    let mut sessions = Box::pin(client.sessions(query));
    assert!(
        pages_asked().is_empty(),
        "nothing is fetched before the first read"
    );
    let mut read = Vec::new();
    for _ in 0..3 {
        read.push(sessions.try_next().await.unwrap().unwrap().session_id);
    }
    assert_eq!(read, ["sess_4", "sess_3", "sess_2"]);
    assert_eq!(pages_asked(), ["page=1&per_page=2", "page=2&per_page=2"]);
    drop(sessions);
    let all: Vec<_> = client.sessions(query).try_collect().await.unwrap();
    assert_eq!(all.len(), 5);
    assert_eq!(
        pages_asked().len(),
        2 + 3,
        "a last page with has_more false ends it"
    );
}

#[tokio::test]
async fn sessions_page_by_hand_and_automatically() {
    let (server, client) = setup().await;
    start_sessions(&client, 5).await;
    let first = client
        .list_sessions(&SessionsQuery {
            per_page: Some(2),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!((first.sessions.len(), first.meta.has_more), (2, true));
    assert_eq!(first.sessions[0].session_id, "sess_4", "most recent first");
    let before = server.requests().len();
    let all: Vec<_> = client
        .sessions(SessionsQuery {
            per_page: Some(2),
            include_all: Some(true),
            page: None,
        })
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = all.iter().map(|s| s.session_id.as_str()).collect();
    assert_eq!(ids, ["sess_4", "sess_3", "sess_2", "sess_1", "sess_0"]);
    assert_eq!(server.requests().len() - before, 3, "three pages");
    assert_eq!(
        all[4].messages.as_ref().unwrap()[0].content.as_deref(),
        Some("message 0")
    );
    let error = client
        .list_sessions(&SessionsQuery {
            per_page: Some(101),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        Error::Validation {
            field: "per_page",
            ..
        }
    ));
}

#[tokio::test]
async fn documented_errors() {
    let (server, client) = setup().await;
    let wrong = Client::builder("dk_wrong")
        .base_url(server.base_url())
        .build()
        .unwrap();
    let error = wrong.get_usage(&UsageQuery::default()).await.unwrap_err();
    assert_eq!(
        (error.status(), error.code()),
        (Some(401), Some("invalid_api_key"))
    );
    let elsewhere = Client::builder(fixtures::DEVAPI_KEY)
        .base_url(server.base_url())
        .origin("https://evil.example")
        .build()
        .unwrap();
    let error = elsewhere.chat(&ChatRequest::new("hi")).await.unwrap_err();
    assert_eq!(
        (error.status(), error.code()),
        (Some(403), Some("origin_not_allowed"))
    );
    let allowed = Client::builder(fixtures::DEVAPI_KEY)
        .base_url(server.base_url())
        .origin("https://example.com")
        .build()
        .unwrap();
    assert!(allowed.chat(&ChatRequest::new("hi")).await.is_ok());
    assert!(matches!(
        client.chat(&ChatRequest::new("")).await.unwrap_err(),
        Error::Validation {
            field: "message",
            ..
        }
    ));
    assert!(!format!("{client:?}").contains(fixtures::DEVAPI_KEY));
}
