//! Every scripted fault, triggered over real HTTP, checked as a client sees it.

mod common;

use std::time::{Duration, Instant};

use chatwire_mock::{fixtures, Outcome};
use common::{client, events, eventually, script, start, ChatApi, ALL_APIS};
use serde_json::json;

#[tokio::test]
async fn normal_streams_end_with_their_terminal_event() {
    let server = start().await;
    let client = client();
    for api in ALL_APIS {
        let response = api
            .request(&client, &server.base_url(), "refund?")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{}", api.path());
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        let events = events(&response.text().await.unwrap());
        let text: String = events.iter().filter_map(|e| api.token_text(e)).collect();
        assert!(
            text.starts_with("Our refund policy is 30 days"),
            "{}: {text}",
            api.path()
        );
        assert!(api.is_terminal(events.last().unwrap()), "{}", api.path());
        assert_eq!(events.iter().filter(|e| api.is_terminal(e)).count(), 1);
    }
}

#[tokio::test]
async fn status_fault_answers_n_times_with_retry_after_then_succeeds() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    script(&client, &base, json!({"fault": "status", "status": 429, "retry_after": "1", "retry_after_ms": 1000, "times": 2, "path": "/v1/chat"})).await;
    let send = || {
        client
            .post(format!("{base}/v1/chat"))
            .header("x-api-key", fixtures::WIDGET_KEY)
            .json(&json!({"sessionId": "s", "message": "hi"}))
            .send()
    };
    for _ in 0..2 {
        let response = send().await.unwrap();
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers()["retry-after"], "1");
        assert_eq!(response.headers()["retry-after-ms"], "1000");
        assert_eq!(
            response.json::<serde_json::Value>().await.unwrap(),
            json!({"error": "Too many requests"})
        );
    }
    assert_eq!(send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn status_fault_uses_each_apis_error_shape_and_a_given_body() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    script(&client, &base, json!({"fault": "status", "status": 503})).await;
    let response = ChatApi::Mevichat
        .request(&client, &base, "hi")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 503);
    assert!(response.headers().get("retry-after").is_none());
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap()["error"],
        "service_unavailable"
    );

    script(
        &client,
        &base,
        json!({"fault": "status", "status": 500, "body": {"anything": true}}),
    )
    .await;
    let response = ChatApi::Vexar
        .request(&client, &base, "hi")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 500);
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap(),
        json!({"anything": true})
    );
}

#[tokio::test]
async fn faults_match_only_their_path_and_key() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    script(
        &client,
        &base,
        json!({"fault": "status", "status": 502, "key": "mvc_pk_test_quota"}),
    )
    .await;
    assert_eq!(
        ChatApi::Mevichat
            .request(&client, &base, "hi")
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    script(
        &client,
        &base,
        json!({"fault": "end_without_terminal", "path": "/v1/chat/stream"}),
    )
    .await;
    let body = ChatApi::Vexar
        .request(&client, &base, "hi")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        ChatApi::Vexar.is_terminal(events(&body).last().unwrap()),
        "another path keeps its terminal"
    );
    let queued: serde_json::Value = client
        .get(format!("{base}/__mock/faults"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        queued["faults"].as_array().unwrap().len(),
        2,
        "neither fault was used: {queued}"
    );
}

#[tokio::test]
async fn stall_before_headers_delays_the_whole_answer() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    script(
        &client,
        &base,
        json!({"fault": "stall_before_headers", "ms": 400}),
    )
    .await;
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(150))
        .build()
        .unwrap();
    let error = ChatApi::WidgetKey
        .request(&impatient, &base, "hi")
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");

    script(
        &client,
        &base,
        json!({"fault": "stall_before_headers", "ms": 300}),
    )
    .await;
    let started = Instant::now();
    let response = ChatApi::Mevichat
        .request(&client, &base, "hi")
        .send()
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn reset_fault_resets_the_connection() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    for api in ALL_APIS {
        script(&client, &base, json!({"fault": "reset"})).await;
        let error = api.request(&client, &base, "hi").send().await.unwrap_err();
        let io_kind = std::iter::successors(Some(&error as &dyn std::error::Error), |e| e.source())
            .find_map(|e| e.downcast_ref::<std::io::Error>())
            .map(std::io::Error::kind);
        assert_eq!(
            io_kind,
            Some(std::io::ErrorKind::ConnectionReset),
            "{}: {error:?}",
            api.path()
        );
    }
    let log = server.requests();
    assert!(log
        .iter()
        .all(|e| e.status == 0 && e.outcome == Outcome::Aborted));
}

#[tokio::test]
async fn close_after_events_cuts_the_body_after_that_many_events() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    for api in ALL_APIS {
        script(
            &client,
            &base,
            json!({"fault": "close_after_events", "events": 2}),
        )
        .await;
        let mut response = api.request(&client, &base, "hi").send().await.unwrap();
        let mut received = Vec::new();
        let error = loop {
            match response.chunk().await {
                Ok(Some(chunk)) => received.extend_from_slice(&chunk),
                Ok(None) => panic!("{}: body ended cleanly", api.path()),
                Err(error) => break error,
            }
        };
        assert!(error.is_body() || error.is_decode(), "{error:?}");
        assert_eq!(
            events(&String::from_utf8(received).unwrap()).len(),
            2,
            "{}",
            api.path()
        );
    }
}

#[tokio::test]
async fn end_without_terminal_ends_cleanly_with_no_terminal_event() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    for api in ALL_APIS {
        script(&client, &base, json!({"fault": "end_without_terminal"})).await;
        let body = api
            .request(&client, &base, "refund")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let events = events(&body);
        assert!(
            events.iter().any(|e| api.token_text(e).is_some()),
            "{}: tokens still come",
            api.path()
        );
        assert!(!events.iter().any(|e| api.is_terminal(e)), "{}", api.path());
    }
}

#[tokio::test]
async fn malformed_json_breaks_the_first_token_only() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    for api in ALL_APIS {
        script(&client, &base, json!({"fault": "malformed_json"})).await;
        let body = api
            .request(&client, &base, "refund")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let events = events(&body);
        let broken: Vec<_> = events
            .iter()
            .filter(|e| serde_json::from_str::<serde_json::Value>(&e.data).is_err())
            .collect();
        assert_eq!(broken.len(), 1, "{}: {events:?}", api.path());
        assert!(
            api.is_terminal(events.last().unwrap()),
            "{}: the stream goes on",
            api.path()
        );
    }
}

#[tokio::test]
async fn unknown_event_adds_an_undocumented_event_before_the_first_token() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    let documented = [
        "meta", "token", "blocked", "error", "done", "message", "end", "delta",
    ];
    for api in ALL_APIS {
        script(&client, &base, json!({"fault": "unknown_event"})).await;
        let body = api
            .request(&client, &base, "refund")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let events = events(&body);
        let first_token = events
            .iter()
            .position(|e| api.token_text(e).is_some())
            .unwrap();
        let unknown = &events[first_token - 1];
        let is_unknown = match &unknown.event {
            Some(name) => !documented.contains(&name.as_str()),
            None => !["chunk", "done"].contains(&unknown.json()["type"].as_str().unwrap()),
        };
        assert!(is_unknown, "{}: {unknown:?}", api.path());
        assert!(api.is_terminal(events.last().unwrap()));
    }
}

#[tokio::test]
async fn oversize_event_sends_an_event_of_at_least_that_size() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    for api in ALL_APIS {
        script(
            &client,
            &base,
            json!({"fault": "oversize_event", "bytes": 2_000_000}),
        )
        .await;
        let body = api
            .request(&client, &base, "hi")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let events = events(&body);
        let largest = events.iter().map(|e| e.data.len()).max().unwrap();
        assert!(largest >= 2_000_000, "{}: {largest}", api.path());
        assert!(api.is_terminal(events.last().unwrap()));
    }
}

#[tokio::test]
async fn stall_between_events_pauses_after_the_given_event() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    script(
        &client,
        &base,
        json!({"fault": "stall_between_events", "ms": 300, "after_events": 2}),
    )
    .await;
    let mut response = ChatApi::DevApi
        .request(&client, &base, "refund")
        .send()
        .await
        .unwrap();
    let started = Instant::now();
    let mut arrivals = Vec::new();
    let mut body = String::new();
    while let Some(chunk) = response.chunk().await.unwrap() {
        body.push_str(std::str::from_utf8(&chunk).unwrap());
        arrivals.push((events(&body).len(), started.elapsed()));
    }
    let before = arrivals.iter().find(|(n, _)| *n >= 2).unwrap().1;
    let after = arrivals.iter().find(|(n, _)| *n >= 3).unwrap().1;
    assert!(
        after - before >= Duration::from_millis(290),
        "gap {:?}",
        after - before
    );
    assert!(ChatApi::DevApi.is_terminal(events(&body).last().unwrap()));
}

#[tokio::test]
async fn stall_between_events_lets_a_client_idle_timeout_fire() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    script(
        &client,
        &base,
        json!({"fault": "stall_between_events", "ms": 2000, "after_events": 1}),
    )
    .await;
    let mut response = ChatApi::Mevichat
        .request(&client, &base, "refund")
        .send()
        .await
        .unwrap();
    assert!(response.chunk().await.unwrap().is_some());
    let idle = tokio::time::timeout(Duration::from_millis(200), response.chunk()).await;
    assert!(idle.is_err(), "no event for 200 ms after the first");
}

#[tokio::test]
async fn keepalive_only_sends_comments_and_no_event() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    script(
        &client,
        &base,
        json!({"fault": "keepalive_only", "interval_ms": 20, "count": 5}),
    )
    .await;
    let started = Instant::now();
    let body = ChatApi::WidgetKey
        .request(&client, &base, "hi")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(body, ": keep-alive\n\n".repeat(5));
    assert!(started.elapsed() >= Duration::from_millis(100));
    assert!(events(&body).is_empty());
}

#[tokio::test]
async fn long_reply_streams_that_many_tokens() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    script(
        &client,
        &base,
        json!({"fault": "long_reply", "tokens": 10_000}),
    )
    .await;
    let body = ChatApi::Vexar
        .request(&client, &base, "hi")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let events = events(&body);
    assert_eq!(
        events
            .iter()
            .filter(|e| ChatApi::Vexar.token_text(e).is_some())
            .count(),
        10_000
    );
    assert!(ChatApi::Vexar.is_terminal(events.last().unwrap()));
}

#[tokio::test]
async fn the_log_sees_a_client_that_drops_a_stream_mid_reply() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    client
        .put(format!("{base}/__mock/config"))
        .json(&json!({"token_delay_ms": 20}))
        .send()
        .await
        .unwrap();
    let mut response = ChatApi::Mevichat
        .request(&client, &base, "refund")
        .send()
        .await
        .unwrap();
    assert!(response.chunk().await.unwrap().is_some());
    drop(response);
    let closed =
        eventually(|| server.requests().last().unwrap().outcome == Outcome::ClientClosed).await;
    assert!(closed, "{:?}", server.requests().last());
    assert!(
        eventually(|| server.stats().connections_open == 0).await,
        "{:?}",
        server.stats()
    );
}

#[tokio::test]
async fn request_log_reads_back_over_http() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    ChatApi::WidgetKey
        .request(&client, &base, "hello")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let log: serde_json::Value = client
        .get(format!("{base}/__mock/requests"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let entry = &log["requests"][0];
    assert_eq!(entry["method"], "POST");
    assert_eq!(entry["path"], "/v1/chat/stream");
    assert_eq!(entry["headers"]["x-api-key"], fixtures::WIDGET_KEY);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(entry["body"].as_str().unwrap()).unwrap()
            ["message"],
        "hello"
    );
    assert_eq!(entry["status"], 200);
    assert_eq!(entry["outcome"], "complete");
    assert!(entry["events_sent"].as_u64().unwrap() > 1);
    client
        .delete(format!("{base}/__mock/requests"))
        .send()
        .await
        .unwrap();
    assert!(server.requests().is_empty());
}
