//! Settings from the environment: every client built from its documented variables alone, and
//! each missing one refused before any request, with a message that names the builder method
//! and the variable. One test, as the environment is the process's.

use chatwire::{devapi, mevichat, vexar, widgetkey, Error};
use chatwire_mock::{fixtures, Config, MockServer};

const VARIABLES: [&str; 10] = [
    "MEVICHAT_PUBLIC_KEY",
    "MEVICHAT_ORIGIN",
    "MEVICHAT_EXPORT_TOKEN",
    "MEVICHAT_BASE_URL",
    "VEXAR_SITE_KEY",
    "VEXAR_BASE_URL",
    "DEVAPI_API_KEY",
    "DEVAPI_BASE_URL",
    "WIDGETKEY_API_KEY",
    "WIDGETKEY_BASE_URL",
];

fn set_all(base_url: &str) {
    for (name, value) in [
        ("MEVICHAT_PUBLIC_KEY", fixtures::MEVICHAT_PUBLIC_KEY),
        ("MEVICHAT_ORIGIN", "https://example.com"),
        ("MEVICHAT_EXPORT_TOKEN", fixtures::EXPORT_JWT),
        ("MEVICHAT_BASE_URL", base_url),
        ("VEXAR_SITE_KEY", fixtures::VEXAR_SITE_KEY),
        ("VEXAR_BASE_URL", base_url),
        ("DEVAPI_API_KEY", fixtures::DEVAPI_KEY),
        ("DEVAPI_BASE_URL", base_url),
        ("WIDGETKEY_API_KEY", fixtures::WIDGET_KEY),
        ("WIDGETKEY_BASE_URL", base_url),
    ] {
        std::env::set_var(name, value);
    }
}

/// Builds one client, for what the build says.
type Build = fn() -> chatwire::Result<()>;

/// The error of a build with `variable` unset (or empty) and the others set.
fn missing(variable: &str, empty: bool, build: Build) -> Error {
    set_all("http://127.0.0.1:9");
    match empty {
        true => std::env::set_var(variable, ""),
        false => std::env::remove_var(variable),
    }
    build().expect_err(variable)
}

#[tokio::test]
async fn clients_come_from_the_environment_alone() {
    let server = MockServer::start(Config::default()).await.unwrap();
    set_all(&server.base_url());

    let config = mevichat::Client::from_env()
        .unwrap()
        .get_widget_config()
        .await
        .unwrap();
    assert!(config.bot.name.is_some());
    let export = mevichat::Client::from_env()
        .unwrap()
        .export_conversation(fixtures::SEEDED_SESSION_ID)
        .await
        .unwrap();
    assert_eq!(export.session.id, fixtures::SEEDED_SESSION_ID);
    vexar::Client::from_env()
        .unwrap()
        .get_block_status("sess_env")
        .await
        .unwrap();
    devapi::Client::from_env()
        .unwrap()
        .get_usage(&devapi::UsageQuery::default())
        .await
        .unwrap();
    widgetkey::Client::from_env()
        .unwrap()
        .chat(&widgetkey::ChatRequest::new("sess_env_1", "hi"))
        .await
        .unwrap();
    let sent = server.requests();
    assert_eq!(sent.len(), 5);
    assert_eq!(
        sent[3].headers["authorization"],
        format!("Bearer {}", fixtures::DEVAPI_KEY)
    );
    assert_eq!(sent[4].headers["x-api-key"], fixtures::WIDGET_KEY);

    // What the builder is given wins over the environment.
    let other = MockServer::start(Config::default()).await.unwrap();
    devapi::Client::builder(fixtures::DEVAPI_KEY)
        .base_url(other.base_url())
        .build()
        .unwrap()
        .get_usage(&devapi::UsageQuery::default())
        .await
        .unwrap();
    assert_eq!((server.requests().len(), other.requests().len()), (5, 1));

    let cases: [(&str, &str, Build); 9] = [
        ("MEVICHAT_PUBLIC_KEY", "public_key", || {
            mevichat::Client::from_env().map(drop)
        }),
        ("MEVICHAT_ORIGIN", "origin", || {
            mevichat::Client::from_env().map(drop)
        }),
        ("VEXAR_SITE_KEY", "site_key", || {
            vexar::Client::from_env().map(drop)
        }),
        ("VEXAR_BASE_URL", "base_url", || {
            vexar::Client::from_env().map(drop)
        }),
        ("DEVAPI_API_KEY", "api_key", || {
            devapi::Client::from_env().map(drop)
        }),
        ("DEVAPI_BASE_URL", "base_url", || {
            devapi::Client::from_env().map(drop)
        }),
        ("WIDGETKEY_API_KEY", "api_key", || {
            widgetkey::Client::from_env().map(drop)
        }),
        ("WIDGETKEY_BASE_URL", "base_url", || {
            widgetkey::Client::from_env().map(drop)
        }),
        ("DEVAPI_API_KEY", "api_key", || {
            devapi::Builder::from_env()
                .base_url("http://127.0.0.1:9")
                .build()
                .map(drop)
        }),
    ];
    for (variable, field, build) in cases {
        for empty in [false, true] {
            let error = missing(variable, empty, build);
            match &error {
                Error::Validation { field: got, reason } => {
                    assert_eq!(*got, field, "{variable}");
                    assert_eq!(*reason, format!("missing: give {field} or set {variable}"));
                }
                other => panic!("{variable}: {other:?}"),
            }
        }
    }

    // Mevichat has a hosted default origin, and the export token is optional until an export.
    set_all("http://127.0.0.1:9");
    std::env::remove_var("MEVICHAT_BASE_URL");
    std::env::remove_var("MEVICHAT_EXPORT_TOKEN");
    let client = mevichat::Client::from_env().unwrap();
    let error = client
        .export_conversation(fixtures::SEEDED_SESSION_ID)
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("MEVICHAT_EXPORT_TOKEN"),
        "{error}"
    );
    for name in VARIABLES {
        std::env::remove_var(name);
    }
}
