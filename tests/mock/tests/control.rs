//! The control API that scripts a live session over time: Vexar changes scheduled for later and
//! cancelled by a reset, messages that every poll answers again, a mode change with no message,
//! and Mevichat sessions seeded without chats.

mod common;

use std::time::{Duration, Instant};

use chatwire_mock::fixtures;
use common::{client, start};
use serde_json::{json, Value};

const SESSION: &str = "sess_live";

/// The fields that scope every Vexar change and poll to one visitor.
fn scoped(extra: Value) -> Value {
    let mut body = json!({"site_key": fixtures::VEXAR_SITE_KEY, "session_id": SESSION});
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    body
}

/// Posts a control body; answers the status and the JSON body (`null` when empty).
async fn control(client: &reqwest::Client, base: &str, path: &str, body: Value) -> (u16, Value) {
    let response = client
        .post(format!("{base}/__mock/{path}"))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap()
    };
    (status, body)
}

/// One Vexar poll (`operator-messages`, `pending-proactive` or `block-status`).
async fn poll(client: &reqwest::Client, base: &str, endpoint: &str) -> Value {
    let response = client
        .get(format!("{base}/api/v1/chat/{endpoint}"))
        .query(&[
            ("site_key", fixtures::VEXAR_SITE_KEY),
            ("session_id", SESSION),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn contents(poll: &Value) -> Vec<String> {
    poll["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["content"].as_str().unwrap().to_owned())
        .collect()
}

const DELAY_MS: u64 = 150;

/// Polls `endpoint` until `applied` holds, for at most half a second past the delay. `since` is
/// taken before the change was sent, so the answer that shows it cannot arrive sooner than the
/// delay after `since`.
async fn wait_until_applied(
    client: &reqwest::Client,
    base: &str,
    endpoint: &str,
    since: Instant,
    applied: impl Fn(&Value) -> bool,
) {
    let deadline = since + Duration::from_millis(DELAY_MS + 500);
    loop {
        let body = poll(client, base, endpoint).await;
        if applied(&body) {
            let elapsed = since.elapsed();
            assert!(
                elapsed >= Duration::from_millis(DELAY_MS),
                "{endpoint} changed {elapsed:?} after it was scheduled for {DELAY_MS} ms"
            );
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{endpoint} not changed {DELAY_MS} ms + 500 ms after scheduling"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn a_change_with_after_ms_applies_that_much_later() {
    let server = start().await;
    let client = client();
    let base = server.base_url();

    let since = Instant::now();
    for (path, body) in [
        (
            "vexar/operator-messages",
            scoped(
                json!({"messages": [{"content": "Sam here."}], "mode": "operator", "after_ms": DELAY_MS}),
            ),
        ),
        (
            "vexar/pending-proactive",
            scoped(json!({"messages": [{"content": "Need help?"}], "after_ms": DELAY_MS})),
        ),
        (
            "vexar/block",
            scoped(json!({"blocked": true, "after_ms": DELAY_MS})),
        ),
    ] {
        assert_eq!(
            control(&client, &base, path, body).await,
            (202, json!({"scheduled_in_ms": DELAY_MS})),
            "{path}"
        );
    }

    // Right away, nothing has changed yet.
    let operator = poll(&client, &base, "operator-messages").await;
    assert_eq!(
        (contents(&operator), &operator["mode"]),
        (vec![], &json!("ai"))
    );
    assert!(contents(&poll(&client, &base, "pending-proactive").await).is_empty());
    assert_eq!(poll(&client, &base, "block-status").await["blocked"], false);
    let early = since.elapsed();
    assert!(
        early < Duration::from_millis(DELAY_MS),
        "the early polls took {early:?}, so they proved nothing"
    );

    wait_until_applied(&client, &base, "operator-messages", since, |body| {
        body["mode"] == "operator" && contents(body) == ["Sam here."]
    })
    .await;
    wait_until_applied(&client, &base, "pending-proactive", since, |body| {
        contents(body) == ["Need help?"]
    })
    .await;
    wait_until_applied(&client, &base, "block-status", since, |body| {
        body["blocked"] == true
    })
    .await;

    // Applied once: the scheduled messages are then delivered like any others.
    assert!(contents(&poll(&client, &base, "operator-messages").await).is_empty());
    assert!(contents(&poll(&client, &base, "pending-proactive").await).is_empty());
}

#[tokio::test]
async fn without_after_ms_a_change_applies_at_once_with_204() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    assert_eq!(
        control(
            &client,
            &base,
            "vexar/block",
            scoped(json!({"blocked": true}))
        )
        .await,
        (204, Value::Null)
    );
    assert_eq!(poll(&client, &base, "block-status").await["blocked"], true);
    for after_ms in [json!(-1), json!(1.5), json!("100")] {
        let body = scoped(json!({"blocked": false, "after_ms": after_ms}));
        let (status, error) = control(&client, &base, "vexar/block", body).await;
        assert_eq!(status, 400, "after_ms {after_ms}: {error}");
    }
    assert_eq!(
        poll(&client, &base, "block-status").await["blocked"],
        true,
        "a refused change does nothing"
    );
}

#[tokio::test]
async fn a_reset_cancels_the_changes_still_scheduled() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    let after_ms = 100;
    for (path, body) in [
        (
            "vexar/operator-messages",
            scoped(
                json!({"messages": [{"content": "too late"}], "mode": "operator", "after_ms": after_ms}),
            ),
        ),
        (
            "vexar/pending-proactive",
            scoped(json!({"messages": [{"content": "too late"}], "after_ms": after_ms})),
        ),
        (
            "vexar/block",
            scoped(json!({"blocked": true, "after_ms": after_ms})),
        ),
    ] {
        assert_eq!(control(&client, &base, path, body).await.0, 202, "{path}");
    }
    assert_eq!(control(&client, &base, "reset", Value::Null).await.0, 204);
    // A change scheduled after the reset still applies.
    let (status, _) = control(
        &client,
        &base,
        "vexar/pending-proactive",
        scoped(json!({"messages": [{"content": "after the reset"}], "after_ms": after_ms})),
    )
    .await;
    assert_eq!(status, 202);

    tokio::time::sleep(Duration::from_millis(after_ms + 200)).await;
    let operator = poll(&client, &base, "operator-messages").await;
    assert_eq!(
        (contents(&operator), &operator["mode"]),
        (vec![], &json!("ai"))
    );
    assert_eq!(
        contents(&poll(&client, &base, "pending-proactive").await),
        ["after the reset"]
    );
    assert_eq!(poll(&client, &base, "block-status").await["blocked"], false);
}

#[tokio::test]
async fn repeated_messages_are_answered_by_every_poll_until_reset() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    for (messages, repeat) in [("again", true), ("once", false), ("again too", true)] {
        let (status, _) = control(
            &client,
            &base,
            "vexar/operator-messages",
            scoped(json!({"messages": [{"content": messages}], "repeat": repeat})),
        )
        .await;
        assert_eq!(status, 204);
    }
    let first = poll(&client, &base, "operator-messages").await;
    assert_eq!(contents(&first), ["again", "once", "again too"]);
    let second = poll(&client, &base, "operator-messages").await;
    assert_eq!(contents(&second), ["again", "again too"]);
    assert_eq!(
        first["messages"][0], second["messages"][0],
        "a repeated message is the same message, created_at included"
    );
    assert_eq!(
        contents(&poll(&client, &base, "operator-messages").await),
        ["again", "again too"]
    );

    control(
        &client,
        &base,
        "vexar/pending-proactive",
        scoped(json!({"messages": [{"content": "Still there?"}], "repeat": true})),
    )
    .await;
    control(
        &client,
        &base,
        "vexar/pending-proactive",
        scoped(json!({"messages": [{"content": "Need help?"}]})),
    )
    .await;
    assert_eq!(
        contents(&poll(&client, &base, "pending-proactive").await),
        ["Still there?", "Need help?"]
    );
    assert_eq!(
        contents(&poll(&client, &base, "pending-proactive").await),
        ["Still there?"]
    );

    control(&client, &base, "reset", Value::Null).await;
    assert!(contents(&poll(&client, &base, "operator-messages").await).is_empty());
    assert!(contents(&poll(&client, &base, "pending-proactive").await).is_empty());
}

#[tokio::test]
async fn the_mode_changes_without_a_message() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    assert_eq!(
        control(
            &client,
            &base,
            "vexar/operator-messages",
            scoped(json!({"mode": "operator"}))
        )
        .await,
        (204, Value::Null)
    );
    let body = poll(&client, &base, "operator-messages").await;
    assert_eq!(
        body,
        json!({"success": true, "messages": [], "mode": "operator"})
    );

    let (status, error) = control(
        &client,
        &base,
        "vexar/operator-messages",
        scoped(json!({"mode": "human"})),
    )
    .await;
    assert_eq!(status, 400);
    assert!(error["error"].as_str().unwrap().contains("mode"), "{error}");
    let (status, _) = control(&client, &base, "vexar/pending-proactive", scoped(json!({}))).await;
    assert_eq!(status, 400, "proactive messages still need messages");
    assert_eq!(
        poll(&client, &base, "operator-messages").await["mode"],
        "operator"
    );
}

async fn export(client: &reqwest::Client, base: &str, session_id: &str) -> reqwest::Response {
    client
        .get(format!("{base}/api/conversations/{session_id}/export.json"))
        .bearer_auth(fixtures::EXPORT_JWT)
        .send()
        .await
        .unwrap()
}

/// The field names of an object, sorted.
fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

#[tokio::test]
async fn seeded_mevichat_sessions_export_like_chatted_ones() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    let ids: Vec<String> = (0..100)
        .map(|n| format!("00000000-0000-4000-8000-{n:012}"))
        .collect();
    assert_eq!(
        control(
            &client,
            &base,
            "mevichat/sessions",
            json!({ "session_ids": ids })
        )
        .await,
        (201, json!({"created": 100}))
    );

    // A session that a chat made, to compare shapes with.
    let chatted = "0b8e8f4e-3c52-4f0e-9d7e-2f0b8c7a1d11";
    client
        .post(format!("{base}/api/chat/"))
        .header("Origin", "https://example.com")
        .json(&json!({"public_key": fixtures::MEVICHAT_PUBLIC_KEY, "session_id": chatted, "message": "Hello"}))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let reference: Value = export(&client, &base, chatted).await.json().await.unwrap();

    for id in [&ids[0], &ids[41], &ids[99]] {
        let response = export(&client, &base, id).await;
        assert_eq!(response.status(), 200, "{id}");
        assert_eq!(
            response.headers()["content-disposition"],
            format!("attachment; filename=\"session-{id}.json\"").as_str()
        );
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["session"]["id"], id.as_str());
        assert_eq!(keys(&body["session"]), keys(&reference["session"]));
        let messages = body["messages"].as_array().unwrap();
        assert_eq!(messages.len(), 2, "{body}");
        assert_eq!(
            (&messages[0]["role"], &messages[1]["role"]),
            (&json!("user"), &json!("assistant"))
        );
        for (seeded, chat) in messages
            .iter()
            .zip(reference["messages"].as_array().unwrap())
        {
            assert_eq!(keys(seeded), keys(chat));
        }
        assert!(!messages[1]["content"].as_str().unwrap().is_empty());
        assert_eq!(messages[1]["status"], "done");
    }

    // An id that exists gets one more exchange, and is not counted as created.
    let another = "22222222-3333-4444-8555-666666666666";
    assert_eq!(
        control(
            &client,
            &base,
            "mevichat/sessions",
            json!({ "session_ids": [&ids[1], another] })
        )
        .await,
        (201, json!({"created": 1}))
    );
    let again: Value = export(&client, &base, &ids[1]).await.json().await.unwrap();
    assert_eq!(again["messages"].as_array().unwrap().len(), 4);

    // Ids that are not UUIDs are refused, named, and nothing is created.
    let fresh = "11111111-2222-4333-8444-555555555555";
    let (status, error) = control(
        &client,
        &base,
        "mevichat/sessions",
        json!({"session_ids": [fresh, "sess_1"]}),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        error["error"].as_str().unwrap().contains("\"sess_1\""),
        "{error}"
    );
    assert_eq!(export(&client, &base, fresh).await.status(), 404);
    let (status, _) = control(&client, &base, "mevichat/sessions", json!({"ids": [fresh]})).await;
    assert_eq!(status, 400);

    // A reset drops the seeded sessions.
    control(&client, &base, "reset", Value::Null).await;
    assert_eq!(export(&client, &base, &ids[0]).await.status(), 404);
}
