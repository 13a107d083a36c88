//! Networks as users have them: a TLS server whose certificate comes from a CA made for the
//! test, trusted through `ca_file` or the system store (`SSL_CERT_FILE`), and a proxy that logs
//! what passes through it, set on the builder or by `HTTPS_PROXY` / `HTTP_PROXY`. One test, as
//! the environment is the process's.

use std::time::Duration;

use chatwire::{devapi, mevichat, widgetkey, Error};
use chatwire_hostile::{HostileServer, TlsHandshake};
use chatwire_mock::{fixtures, Config, MockServer};

const PROXY_VARIABLES: [&str; 8] = [
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
];

fn widgetkey_at(base_url: String) -> widgetkey::Builder {
    widgetkey::Client::builder(fixtures::WIDGET_KEY)
        .base_url(base_url)
        .timeout(Duration::from_secs(5))
        .max_retries(0)
}

async fn chat(builder: widgetkey::Builder) -> chatwire::Result<widgetkey::ChatResponse> {
    builder
        .build()?
        .chat(&widgetkey::ChatRequest::new("sess_tls_1", "hi"))
        .await
}

#[tokio::test]
async fn tls_with_a_test_ca_and_proxies() {
    for name in PROXY_VARIABLES
        .into_iter()
        .chain(["SSL_CERT_FILE", "SSL_CERT_DIR"])
    {
        std::env::remove_var(name);
    }
    let hostile = HostileServer::start().unwrap();
    let scratch = std::env::temp_dir().join(format!("chatwire-tls-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    let ca_file = scratch.join("ca.pem");
    std::fs::write(&ca_file, hostile.tls_ca_pem()).unwrap();
    let reply_json = format!("{}/reply-json/", hostile.tls_url());

    // A CA the system does not know is refused, and the server saw the handshake fail.
    let error = chat(widgetkey_at(reply_json.clone())).await.unwrap_err();
    assert!(matches!(error, Error::Connection { .. }), "{error:?}");
    assert!(error.to_string().contains("certificate"), "{error}");
    // The server records the handshake when it has read the client's alert, which may come
    // after the client has given up.
    let recorded = async {
        while hostile.tls_connections().is_empty() {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        hostile.tls_connections()[0].handshake
    };
    let handshake = tokio::time::timeout(Duration::from_secs(5), recorded).await;
    assert_eq!(
        handshake.expect("a recorded handshake"),
        TlsHandshake::Failed
    );

    // Trusted through ca_file: a reply, and a stream.
    let reply = chat(widgetkey_at(reply_json.clone()).ca_file(&ca_file))
        .await
        .unwrap();
    assert_eq!(reply.conversation_id, "conv_hostile");
    let client = mevichat::Client::builder(fixtures::MEVICHAT_PUBLIC_KEY, "https://example.com")
        .base_url(format!("{}/reply-sse/", hostile.tls_url()))
        .ca_file(&ca_file)
        .build()
        .unwrap();
    let text = client
        .chat_stream(&mevichat::ChatRequest::new(
            fixtures::SEEDED_SESSION_ID,
            "hi",
        ))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(text, "abc");

    // A file that is no PEM bundle is refused before anything is sent.
    let not_pem = scratch.join("not.pem");
    std::fs::write(&not_pem, "not a certificate").unwrap();
    let error = widgetkey_at(reply_json.clone())
        .ca_file(&not_pem)
        .build()
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::Validation {
                field: "ca_file",
                ..
            }
        ),
        "{error:?}"
    );

    // Trusted through the system store, which SSL_CERT_FILE replaces.
    std::env::set_var("SSL_CERT_FILE", &ca_file);
    chat(widgetkey_at(reply_json.clone())).await.unwrap();
    std::env::remove_var("SSL_CERT_FILE");

    let mock = MockServer::start(Config::default()).await.unwrap();
    let usage = |builder: devapi::Builder| async move {
        builder
            .max_retries(0)
            .build()?
            .get_usage(&devapi::UsageQuery::default())
            .await
    };
    let devapi_at_mock = || devapi::Client::builder(fixtures::DEVAPI_KEY).base_url(mock.base_url());

    // An explicit proxy sees plain requests in absolute form, and TLS ones as CONNECT.
    usage(devapi_at_mock().proxy(hostile.proxy_url()))
        .await
        .unwrap();
    chat(
        widgetkey_at(reply_json.clone())
            .ca_file(&ca_file)
            .proxy(hostile.proxy_url()),
    )
    .await
    .unwrap();
    let tls_authority = hostile.tls_url().trim_start_matches("https://").to_owned();
    let seen: Vec<(String, String)> = hostile
        .proxy_requests()
        .into_iter()
        .map(|record| (record.method, record.target))
        .collect();
    assert_eq!(
        seen,
        [
            (
                "GET".to_owned(),
                format!("{}/api/v1/usage", mock.base_url())
            ),
            ("CONNECT".to_owned(), tls_authority.clone()),
        ]
    );
    assert_eq!(mock.requests().len(), 1, "the proxy passed the request on");

    // Proxy credentials travel as Proxy-Authorization, and hosts in no_proxy go direct.
    let with_login = hostile
        .proxy_url()
        .replace("http://", "http://user:proxy-password@");
    usage(devapi_at_mock().proxy(with_login)).await.unwrap();
    assert!(hostile.proxy_requests()[2].proxy_authorization);
    usage(
        devapi_at_mock()
            .proxy(hostile.proxy_url())
            .no_proxy("127.0.0.1"),
    )
    .await
    .unwrap();
    assert_eq!(hostile.proxy_requests().len(), 3, "no_proxy went direct");
    assert_eq!(mock.requests().len(), 3);

    // The environment's proxies, when none is given.
    std::env::set_var("HTTPS_PROXY", hostile.proxy_url());
    chat(widgetkey_at(reply_json.clone()).ca_file(&ca_file))
        .await
        .unwrap();
    std::env::remove_var("HTTPS_PROXY");
    std::env::set_var("HTTP_PROXY", hostile.proxy_url());
    usage(devapi_at_mock()).await.unwrap();
    std::env::remove_var("HTTP_PROXY");
    let methods: Vec<String> = hostile
        .proxy_requests()
        .into_iter()
        .skip(3)
        .map(|record| record.method)
        .collect();
    assert_eq!(methods, ["CONNECT", "GET"]);

    // A proxy URL that is not one is refused before anything is sent.
    for not_a_proxy in ["not a url", "localhost:3128", "ftp://127.0.0.1:21"] {
        let error = devapi_at_mock().proxy(not_a_proxy).build().unwrap_err();
        assert!(
            matches!(error, Error::Validation { field: "proxy", .. }),
            "{not_a_proxy}: {error:?}"
        );
    }
    std::fs::remove_dir_all(&scratch).unwrap();
}
