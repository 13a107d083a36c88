//! Every documented error code and in-stream outcome is reachable, with its documented status
//! and body.

mod common;

use chatwire_mock::fixtures;
use common::{client, event_names, events, start, ChatApi};
use serde_json::{json, Value};

const SESSION: &str = "0b8e8f4e-3c52-4f0e-9d7e-2f0b8c7a1d11";

async fn body_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap()
        },
    )
}

fn mevichat_chat(
    client: &reqwest::Client,
    base: &str,
    body: Value,
    origin: &str,
) -> reqwest::RequestBuilder {
    client
        .post(format!("{base}/api/chat/"))
        .header("Origin", origin)
        .json(&body)
}

#[tokio::test]
async fn mevichat_chat_answers_each_documented_pre_stream_code() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    let ok_origin = "https://example.com";
    let valid = |message: &str| json!({"public_key": fixtures::MEVICHAT_PUBLIC_KEY, "session_id": SESSION, "message": message});
    let cases: Vec<(reqwest::RequestBuilder, u16, &str)> = vec![
        (
            client
                .post(format!("{base}/api/chat/"))
                .header("Origin", ok_origin)
                .body("{not json"),
            400,
            "invalid_json",
        ),
        (
            mevichat_chat(
                &client,
                &base,
                json!({"public_key": fixtures::MEVICHAT_PUBLIC_KEY, "session_id": SESSION}),
                ok_origin,
            ),
            400,
            "invalid_message",
        ),
        (
            mevichat_chat(&client, &base, valid(&"é".repeat(4001)), ok_origin),
            400,
            "message_too_long",
        ),
        (
            mevichat_chat(
                &client,
                &base,
                json!({"public_key": fixtures::MEVICHAT_PUBLIC_KEY, "session_id": "sess_1", "message": "hi"}),
                ok_origin,
            ),
            400,
            "invalid_session_id",
        ),
        (
            mevichat_chat(
                &client,
                &base,
                json!({"public_key": fixtures::MEVICHAT_REVOKED_KEY, "session_id": SESSION, "message": "hi"}),
                ok_origin,
            ),
            401,
            "invalid_api_key",
        ),
        (
            mevichat_chat(&client, &base, valid("hi"), "https://evil.example"),
            403,
            "origin_not_allowed",
        ),
        (
            client.get(format!("{base}/api/chat/")),
            405,
            "method_not_allowed",
        ),
        (
            client.put(format!("{base}/api/chat/")),
            405,
            "method_not_allowed",
        ),
    ];
    for (request, status, code) in cases {
        let (got_status, body) = body_of(request.send().await.unwrap()).await;
        assert_eq!(
            (got_status, body["error"].as_str()),
            (status, Some(code)),
            "{body}"
        );
        assert!(body["message"].is_string());
    }
    // 4000 characters, not bytes, is the limit.
    let response = mevichat_chat(&client, &base, valid(&"é".repeat(4000)), ok_origin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn rate_limits_answer_429_with_retry_after_in_each_apis_shape() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    let limits = json!({
        "mevichat_chat": {"limit": 1, "window_ms": 60000}, "mevichat_export": {"limit": 1, "window_ms": 60000},
        "widgetkey_chat": {"limit": 1, "window_ms": 60000}, "vexar": {"limit": 1, "window_ms": 60000},
        "devapi": {"limit": 1, "window_ms": 60000},
    });
    let answer = client
        .put(format!("{base}/__mock/rate-limits"))
        .json(&limits)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    for (api, code_field, code) in [
        (ChatApi::Mevichat, "error", "rate_limited"),
        (ChatApi::Vexar, "error", "rate_limited"),
        (ChatApi::DevApi, "error", "rate_limited"),
        (ChatApi::WidgetKey, "error", "Too many requests"),
    ] {
        assert_eq!(
            api.request(&client, &base, "hi")
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
        let response = api.request(&client, &base, "hi").send().await.unwrap();
        let retry_after: u64 = response.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&retry_after));
        let (status, body) = body_of(response).await;
        assert_eq!(
            (status, body[code_field].as_str()),
            (429, Some(code)),
            "{}",
            api.path()
        );
    }
    let export = |jwt: &str| {
        client
            .get(format!(
                "{base}/api/conversations/{}/export.json",
                fixtures::SEEDED_SESSION_ID
            ))
            .bearer_auth(jwt)
    };
    assert_eq!(
        export(fixtures::EXPORT_JWT).send().await.unwrap().status(),
        200
    );
    let (status, body) = body_of(export(fixtures::EXPORT_JWT).send().await.unwrap()).await;
    assert_eq!(status, 429);
    assert!(body["detail"].as_str().unwrap().contains("throttled"));
    // The export limit is per user: another user still gets through.
    assert_eq!(
        export(fixtures::EXPORT_JWT_OTHER_WORKSPACE)
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

#[tokio::test]
async fn the_documented_default_limit_is_60_a_minute() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    let request = || client.post(format!("{base}/api/chat/")).body("{");
    for _ in 0..60 {
        assert_eq!(request().send().await.unwrap().status(), 400);
    }
    assert_eq!(request().send().await.unwrap().status(), 429);
}

#[tokio::test]
async fn mevichat_stream_outcomes_quota_provider_error_and_blocked() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    let chat = |key: &str, message: &str| {
        mevichat_chat(
            &client,
            &base,
            json!({"public_key": key, "session_id": SESSION, "message": message}),
            "http://localhost:3000",
        )
    };
    let body = chat(fixtures::MEVICHAT_QUOTA_KEY, "hi")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let stream = events(&body);
    assert_eq!(event_names(&stream), ["meta", "error", "done"]);
    assert_eq!(
        stream[1].json(),
        json!({"code": "quota_exceeded", "plan": "free", "used": 100, "cap": 100, "message": stream[1].json()["message"]})
    );
    assert_eq!(stream[2].json()["finish_reason"], "quota_exceeded");

    let body = chat(fixtures::MEVICHAT_LLM_ERROR_KEY, "hi")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let stream = events(&body);
    assert_eq!(event_names(&stream), ["meta", "error", "done"]);
    assert_eq!(stream[1].json()["code"], "provider_auth_failed");
    assert_eq!(stream[2].json()["finish_reason"], "error");

    let body = chat(fixtures::MEVICHAT_PUBLIC_KEY, "Tell me something FORBIDDEN")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let stream = events(&body);
    assert_eq!(event_names(&stream), ["meta", "blocked", "done"]);
    assert_eq!(
        stream[1].json(),
        json!({"reason": "blocked_pattern", "fallback": "I can't help with that."})
    );
    assert_eq!(stream[2].json()["finish_reason"], "blocked");

    let body = chat(fixtures::MEVICHAT_PUBLIC_KEY, "refund?")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let done = events(&body).pop().unwrap().json();
    let keys: Vec<&str> = done
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "finish_reason",
            "tokens_in",
            "tokens_out",
            "latency_ms",
            "model"
        ]
    );
    assert_eq!(done["finish_reason"], "stop");
}

#[tokio::test]
async fn mevichat_widget_config_and_its_errors() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    let config = |key: &str, origin: &str| {
        client
            .get(format!("{base}/api/widget/config/"))
            .query(&[("public_key", key)])
            .header("Origin", origin)
    };
    let response = config(fixtures::MEVICHAT_PUBLIC_KEY, "https://example.com")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["cache-control"], "public, max-age=60");
    let (status, body) = body_of(response).await;
    assert_eq!(status, 200);
    assert_eq!(
        body["bot"]["quick_replies"],
        json!(["Talk to a human", "Return an item"])
    );
    let (status, body) = body_of(
        config("mvc_pk_nope", "https://example.com")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_api_key"))
    );
    let (status, body) = body_of(
        config(fixtures::MEVICHAT_PUBLIC_KEY, "https://evil.example")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (403, Some("origin_not_allowed"))
    );
    let (status, body) = body_of(
        client
            .post(format!("{base}/api/widget/config/"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (405, Some("method_not_allowed"))
    );
}

#[tokio::test]
async fn mevichat_export_auth_workspace_and_not_found() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    let export =
        |session: &str| client.get(format!("{base}/api/conversations/{session}/export.json"));
    let seeded = fixtures::SEEDED_SESSION_ID;

    let response = export(seeded)
        .bearer_auth(fixtures::EXPORT_JWT)
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["content-disposition"],
        format!("attachment; filename=\"session-{seeded}.json\"")
    );
    assert_eq!(response.headers()["content-type"], "application/json");
    let (status, body) = body_of(response).await;
    assert_eq!(status, 200);
    assert_eq!(body["session"]["id"], seeded);
    assert_eq!(body["messages"].as_array().unwrap().len(), 2);

    for (request, status, detail) in [
        (
            export(seeded),
            401,
            json!({"detail": "authentication_required"}),
        ),
        (
            export(seeded).bearer_auth("not.a.jwt"),
            401,
            json!({"detail": "authentication_required"}),
        ),
        (
            export(seeded).bearer_auth(fixtures::EXPORT_JWT_NO_WORKSPACE),
            401,
            json!({"detail": "no_workspace"}),
        ),
        (
            export(seeded).bearer_auth(fixtures::EXPORT_JWT_OTHER_WORKSPACE),
            404,
            Value::Null,
        ),
        (
            export(SESSION).bearer_auth(fixtures::EXPORT_JWT),
            404,
            Value::Null,
        ),
        (
            export("not-a-uuid").bearer_auth(fixtures::EXPORT_JWT),
            404,
            Value::Null,
        ),
    ] {
        assert_eq!(
            body_of(request.send().await.unwrap()).await,
            (status, detail)
        );
    }
}

#[tokio::test]
async fn export_reports_what_was_really_sent() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    let body = json!({"public_key": fixtures::MEVICHAT_PUBLIC_KEY, "session_id": SESSION, "message": "Do you ship to Canada?", "visitor_id": "v-7", "visitor_metadata": {"plan": "pro"}});
    mevichat_chat(&client, &base, body, "https://example.com")
        .header("User-Agent", "chatwire-test")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let (status, export) = body_of(
        client
            .get(format!("{base}/api/conversations/{SESSION}/export.json"))
            .bearer_auth(fixtures::EXPORT_JWT)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(export["session"]["visitor_id"], "v-7");
    assert_eq!(
        export["session"]["visitor_metadata"],
        json!({"plan": "pro"})
    );
    assert_eq!(export["session"]["user_agent"], "chatwire-test");
    let messages = export["messages"].as_array().unwrap();
    assert_eq!(messages[0]["content"], "Do you ship to Canada?");
    assert_eq!(messages[1]["role"], "assistant");
    assert!(messages[1]["content"]
        .as_str()
        .unwrap()
        .starts_with("Yes, we ship to Canada"));
    assert_eq!(messages[1]["rag_chunks_used"], json!([43]));
}

#[tokio::test]
async fn vexar_errors_and_stateful_endpoints() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    let scope = [
        ("site_key", fixtures::VEXAR_SITE_KEY),
        ("session_id", "sess_42"),
    ];
    let post = |path: &str, body: Value| {
        client
            .post(format!("{base}/api/v1/chat/{path}"))
            .json(&body)
    };
    let get = |path: &str, query: &[(&str, &str)]| {
        client
            .get(format!("{base}/api/v1/chat/{path}"))
            .query(query)
    };
    let with_scope = |extra: Value| {
        let mut body = json!({"site_key": fixtures::VEXAR_SITE_KEY, "session_id": "sess_42"});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        body
    };

    for (request, status, code) in [
        (
            post("rate", with_scope(json!({"score": 6}))),
            400,
            "invalid_request",
        ),
        (
            post("rate", with_scope(json!({"score": 0}))),
            400,
            "invalid_request",
        ),
        (
            post("email", with_scope(json!({"email": "nope"}))),
            400,
            "invalid_request",
        ),
        (
            post("contact", with_scope(json!({"name": "Jane"}))),
            400,
            "invalid_request",
        ),
        (
            post(
                "stream",
                json!({"site_key": "sk_other", "session_id": "s", "message": "hi"}),
            ),
            401,
            "invalid_site_key",
        ),
        (
            post(
                "stream",
                json!({"site_key": fixtures::VEXAR_SITE_KEY, "session_id": fixtures::VEXAR_BLOCKED_SESSION, "message": "hi"}),
            ),
            403,
            "visitor_blocked",
        ),
        (
            get("history", &[("site_key", fixtures::VEXAR_SITE_KEY)]),
            400,
            "invalid_request",
        ),
    ] {
        let (got, body) = body_of(request.send().await.unwrap()).await;
        assert_eq!(
            (got, body["error"].as_str(), &body["success"]),
            (status, Some(code), &json!(false)),
            "{body}"
        );
    }

    let ok = |body: Value| assert_eq!(body["success"], true, "{body}");
    post(
        "stream",
        with_scope(json!({"message": "When are you open?", "lang": "en", "message_id": "m_1"})),
    )
    .send()
    .await
    .unwrap()
    .text()
    .await
    .unwrap();
    let (_, history) = body_of(get("history", &scope).send().await.unwrap()).await;
    assert_eq!(history["messages"][0]["content"], "When are you open?");
    assert_eq!(history["messages"][1]["role"], "assistant");

    let (_, body) = body_of(
        post("email", with_scope(json!({"email": "jane@example.com"})))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(body, json!({"success": true, "message": "Email saved"}));
    let (_, body) = body_of(
        post(
            "contact",
            with_scope(json!({"phone": "+15550100", "name": "Jane"})),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(body, json!({"success": true, "message": "Contact saved"}));
    ok(body_of(
        post("rate", with_scope(json!({"score": 5})))
            .send()
            .await
            .unwrap(),
    )
    .await
    .1);
    ok(body_of(
        post("rate/comment", with_scope(json!({"comment": "Great!"})))
            .send()
            .await
            .unwrap(),
    )
    .await
    .1);
    let saved: Value = client
        .get(format!("{base}/__mock/vexar/conversation"))
        .query(&scope)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (&saved["email"], &saved["score"], &saved["comment"]),
        (&json!("jane@example.com"), &json!(5), &json!("Great!"))
    );
    assert_eq!(saved["contact"]["phone"], "+15550100");

    let (_, body) = body_of(get("operator-messages", &scope).send().await.unwrap()).await;
    assert_eq!(body, json!({"success": true, "messages": [], "mode": "ai"}));
    client
        .post(format!("{base}/__mock/vexar/operator-messages"))
        .json(&json!({"site_key": fixtures::VEXAR_SITE_KEY, "session_id": "sess_42", "messages": [{"content": "Hi, Sam here."}], "mode": "operator"}))
        .send()
        .await
        .unwrap();
    let (_, body) = body_of(get("operator-messages", &scope).send().await.unwrap()).await;
    assert_eq!(
        (body["mode"].as_str(), &body["messages"][0]["content"]),
        (Some("operator"), &json!("Hi, Sam here."))
    );
    let (_, body) = body_of(get("operator-messages", &scope).send().await.unwrap()).await;
    assert_eq!(
        body["messages"],
        json!([]),
        "new messages are delivered once"
    );

    client
        .post(format!("{base}/__mock/vexar/pending-proactive"))
        .json(&json!({"site_key": fixtures::VEXAR_SITE_KEY, "session_id": "sess_42", "messages": [{"content": "Need help?"}]}))
        .send()
        .await
        .unwrap();
    let (_, body) = body_of(get("pending-proactive", &scope).send().await.unwrap()).await;
    assert_eq!(body["messages"][0]["content"], "Need help?");

    let (_, body) = body_of(get("block-status", &scope).send().await.unwrap()).await;
    assert_eq!(body, json!({"success": true, "blocked": false}));
    let blocked = [
        ("site_key", fixtures::VEXAR_SITE_KEY),
        ("session_id", fixtures::VEXAR_BLOCKED_SESSION),
    ];
    assert_eq!(
        body_of(get("block-status", &blocked).send().await.unwrap())
            .await
            .1["blocked"],
        true
    );
}

#[tokio::test]
async fn vexar_upload_image_stores_the_image() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    let png = vec![0x89, b'P', b'N', b'G', 1, 2, 3];
    let form = |image: Option<reqwest::multipart::Part>| {
        let form = reqwest::multipart::Form::new()
            .text("site_key", fixtures::VEXAR_SITE_KEY)
            .text("session_id", "sess_1");
        match image {
            Some(part) => form.part("image", part),
            None => form,
        }
    };
    let part = reqwest::multipart::Part::bytes(png.clone())
        .file_name("a.png")
        .mime_str("image/png")
        .unwrap();
    let (status, body) = body_of(
        client
            .post(format!("{base}/api/v1/chat/upload-image"))
            .multipart(form(Some(part)))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let url = body["url"].as_str().unwrap();
    assert_eq!(
        client
            .get(url)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap()
            .to_vec(),
        png
    );

    let not_multipart = client
        .post(format!("{base}/api/v1/chat/upload-image"))
        .body("x")
        .send()
        .await
        .unwrap();
    let (status, body) = body_of(not_multipart).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_request")),
        "a JSON 400, as documented"
    );

    let text = reqwest::multipart::Part::text("hello")
        .mime_str("text/plain")
        .unwrap();
    for form in [form(None), form(Some(text))] {
        let (status, body) = body_of(
            client
                .post(format!("{base}/api/v1/chat/upload-image"))
                .multipart(form)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_request"))
        );
    }
}

#[tokio::test]
async fn devapi_errors_and_what_usage_and_sessions_report() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    let chat = |body: Value| client.post(format!("{base}/api/v1/chat")).json(&body);
    for (request, status, code) in [
        (chat(json!({"message": "hi"})), 401, "invalid_api_key"),
        (
            chat(json!({"message": "hi", "api_key": "dk_wrong"})),
            401,
            "invalid_api_key",
        ),
        (
            chat(json!({"message": "hi"}))
                .bearer_auth(fixtures::DEVAPI_KEY)
                .header("Origin", "https://evil.example"),
            403,
            "origin_not_allowed",
        ),
        (
            chat(json!({"stream": true})).bearer_auth(fixtures::DEVAPI_KEY),
            400,
            "invalid_request",
        ),
        (
            chat(json!({"message": "hi", "stream": "yes"})).bearer_auth(fixtures::DEVAPI_KEY),
            400,
            "invalid_request",
        ),
        (
            client.get(format!(
                "{base}/api/v1/sessions?api_key={}&per_page=101",
                fixtures::DEVAPI_KEY
            )),
            400,
            "invalid_request",
        ),
        (
            client.get(format!(
                "{base}/api/v1/usage?api_key={}&start_date=yesterday",
                fixtures::DEVAPI_KEY
            )),
            400,
            "invalid_request",
        ),
    ] {
        let (got, body) = body_of(request.send().await.unwrap()).await;
        assert_eq!(
            (got, body["error"].as_str()),
            (status, Some(code)),
            "{body}"
        );
    }

    let (status, reply) = body_of(chat(json!({"message": "refund please", "api_key": fixtures::DEVAPI_KEY, "session_id": "sess_9Rna21"})).send().await.unwrap()).await;
    assert_eq!(status, 200);
    assert_eq!(reply["session_id"], "sess_9Rna21");
    assert!(reply["content"]
        .as_str()
        .unwrap()
        .starts_with("Our refund policy"));
    for _ in 0..2 {
        chat(json!({"message": "hours", "stream": true}))
            .bearer_auth(fixtures::DEVAPI_KEY)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
    }

    let usage: Value = client
        .get(format!("{base}/api/v1/usage"))
        .bearer_auth(fixtures::DEVAPI_KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(usage["usage"]["total_requests"], 3);
    let (input, output) = (
        usage["usage"]["total_input_tokens"].as_u64().unwrap(),
        usage["usage"]["total_output_tokens"].as_u64().unwrap(),
    );
    assert_eq!(input, 2 + 1 + 1);
    assert_eq!(
        usage["usage"]["total_tokens"].as_u64().unwrap(),
        input + output
    );
    assert_eq!(usage["by_model"][0]["model"], fixtures::MODEL);
    let future: Value = client
        .get(format!("{base}/api/v1/usage?start_date=2999-01-01"))
        .bearer_auth(fixtures::DEVAPI_KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(future["usage"]["total_requests"], 0);

    let page = |n: u32| {
        client.get(format!("{base}/api/v1/sessions")).query(&[
            ("api_key", fixtures::DEVAPI_KEY),
            ("per_page", "2"),
            ("page", &n.to_string()),
        ])
    };
    let first: Value = page(1).send().await.unwrap().json().await.unwrap();
    assert_eq!(
        first["meta"],
        json!({"current_page": 1, "per_page": 2, "has_more": true})
    );
    assert_eq!(first["sessions"].as_array().unwrap().len(), 2);
    let second: Value = page(2).send().await.unwrap().json().await.unwrap();
    assert_eq!(second["meta"]["has_more"], false);
    assert_eq!(
        second["sessions"][0]["session_id"], "sess_9Rna21",
        "oldest last"
    );
    assert_eq!(
        second["sessions"][0]["preview"],
        "Our refund policy is 30..."
    );
    let all: Value = client
        .get(format!("{base}/api/v1/sessions?include_all=true"))
        .bearer_auth(fixtures::DEVAPI_KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        all["sessions"][2]["messages"][0]["content"],
        "refund please"
    );
}

#[tokio::test]
async fn widgetkey_documented_errors() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    let chat = |header: &str, body: Value| {
        client
            .post(format!("{base}/v1/chat"))
            .header(header, fixtures::WIDGET_KEY)
            .json(&body)
    };
    let invalid = json!({"error": "Invalid request payload"});
    for (request, status, body) in [
        (
            chat(
                "x-widget-api-key",
                json!({"sessionId": "user-123", "message": "hi"}),
            ),
            200,
            None,
        ),
        (
            chat("x-api-key", json!({"message": "hi"})),
            400,
            Some(invalid.clone()),
        ),
        (
            chat(
                "x-api-key",
                json!({"sessionId": "has space", "message": "hi"}),
            ),
            400,
            Some(invalid.clone()),
        ),
        (
            chat(
                "x-api-key",
                json!({"sessionId": "a".repeat(129), "message": "hi"}),
            ),
            400,
            Some(invalid.clone()),
        ),
        (
            chat("x-api-key", json!({"sessionId": "a", "message": ""})),
            400,
            Some(invalid.clone()),
        ),
        (
            chat(
                "x-api-key",
                json!({"sessionId": "a", "message": "ü".repeat(4001)}),
            ),
            400,
            Some(invalid.clone()),
        ),
        (
            chat("x-other", json!({"sessionId": "a", "message": "hi"})),
            401,
            Some(json!({"error": "Unauthorized"})),
        ),
    ] {
        let (got, answer) = body_of(request.send().await.unwrap()).await;
        assert_eq!(got, status, "{answer}");
        if let Some(body) = body {
            assert_eq!(answer, body);
        }
    }
    let (status, answer) = body_of(
        chat(
            "x-api-key",
            json!({"sessionId": "a.b:c-d_e", "message": "ü".repeat(4000)}),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(answer["conversationId"].as_str().unwrap().len(), 32);
    let response = client
        .post(format!("{base}/__mock/faults"))
        .json(&json!({"fault": "status", "status": 500}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let (status, answer) = body_of(
        chat("x-api-key", json!({"sessionId": "a", "message": "hi"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, answer),
        (500, json!({"error": "Internal server error"}))
    );
}

#[tokio::test]
async fn control_api_rejects_bad_input_and_resets() {
    let server = start().await;
    let client = client();
    let base = server.base_url();
    for (path, body) in [
        ("/__mock/faults", json!({"fault": "explode"})),
        ("/__mock/faults", json!({"fault": "reset", "times": 0})),
    ] {
        let response = client
            .post(format!("{base}{path}"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{body}");
    }
    let response = client
        .put(format!("{base}/__mock/rate-limits"))
        .json(&json!({"nope": null}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    ChatApi::Vexar
        .request(&client, &base, "hi")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    client
        .post(format!("{base}/__mock/faults"))
        .json(&json!({"fault": "reset"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        client
            .post(format!("{base}/__mock/reset"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert!(server.requests().is_empty(), "the log is cleared");
    let response = ChatApi::Vexar.request(&client, &base, "hi").send().await;
    assert_eq!(response.unwrap().status(), 200, "the queued reset is gone");
}
