//! A streaming chat CLI: prints the reply token by token as it arrives.
//!
//! ```sh
//! cargo run --example chat -- [--provider mevichat|vexar|devapi|widgetkey] [message]
//! ```
//!
//! With no setup it talks to the bundled mock server. To use a real server, set
//! `CHATWIRE_BASE_URL` and the provider's key (`MEVICHAT_PUBLIC_KEY` with `MEVICHAT_ORIGIN`,
//! `VEXAR_SITE_KEY`, `DEVAPI_KEY`, `WIDGET_KEY`).

#[path = "common/mod.rs"]
mod common;

use std::io::Write;

use chatwire::{devapi, mevichat, vexar, widgetkey, Chat, ChatEvent};
use chatwire_mock::fixtures;
use futures_util::StreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1).peekable();
    let mut provider = "mevichat".to_owned();
    if args.peek().map(String::as_str) == Some("--provider") {
        args.next();
        provider = args.next().ok_or("--provider needs a name")?;
    }
    let message = args.collect::<Vec<_>>().join(" ");
    let message = if message.is_empty() {
        "What is your refund policy?".to_owned()
    } else {
        message
    };

    let target = common::target().await;
    let (client, session): (Box<dyn Chat>, String) = match provider.as_str() {
        "mevichat" => {
            let origin =
                std::env::var("MEVICHAT_ORIGIN").unwrap_or_else(|_| "https://example.com".into());
            let key = target.key("MEVICHAT_PUBLIC_KEY", fixtures::MEVICHAT_PUBLIC_KEY);
            (
                Box::new(
                    mevichat::Client::builder(key, origin)
                        .base_url(&target.base_url)
                        .build()?,
                ),
                uuid::Uuid::new_v4().to_string(),
            )
        }
        "vexar" => {
            let key = target.key("VEXAR_SITE_KEY", fixtures::VEXAR_SITE_KEY);
            (
                Box::new(
                    vexar::Client::builder(key)
                        .base_url(&target.base_url)
                        .build()?,
                ),
                "sess_cli".into(),
            )
        }
        "devapi" => {
            let key = target.key("DEVAPI_KEY", fixtures::DEVAPI_KEY);
            (
                Box::new(
                    devapi::Client::builder(key)
                        .base_url(&target.base_url)
                        .build()?,
                ),
                "sess_cli".into(),
            )
        }
        "widgetkey" => {
            let key = target.key("WIDGET_KEY", fixtures::WIDGET_KEY);
            (
                Box::new(
                    widgetkey::Client::builder(key)
                        .base_url(&target.base_url)
                        .build()?,
                ),
                "cli-user".into(),
            )
        }
        other => return Err(format!("unknown provider {other:?}").into()),
    };

    println!("[{provider} at {}] > {message}", target.base_url);
    let mut stream = client.chat(&session, &message).await?;
    let mut out = std::io::stdout();
    while let Some(event) = stream.next().await {
        match event? {
            ChatEvent::Delta { text } => {
                write!(out, "{text}")?;
                out.flush()?;
            }
            ChatEvent::Blocked { fallback, .. } => write!(out, "{fallback}")?,
            ChatEvent::Failed { code, message } => {
                eprintln!("\n[error {code}: {}]", message.unwrap_or_default())
            }
            ChatEvent::Finished(finish) => {
                let reason = finish.finish_reason.unwrap_or_else(|| "done".into());
                println!("\n[{reason}]");
            }
            _ => {}
        }
    }
    Ok(())
}
