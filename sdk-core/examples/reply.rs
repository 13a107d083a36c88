//! One-shot replies on any API, chosen by configuration: `cargo run --example reply -- vexar`
//! (`mevichat`, `vexar`, `devapi` or `widgetkey`; all four when none is named).

#[path = "common/mod.rs"]
mod common;

use chatwire::{devapi, mevichat, vexar, widgetkey, Chat};
use chatwire_mock::fixtures;

#[tokio::main]
async fn main() -> chatwire::Result<()> {
    let target = common::target().await;
    let base = &target.base_url;
    let chosen: Vec<String> = match std::env::args().nth(1) {
        Some(name) => vec![name],
        None => ["mevichat", "vexar", "devapi", "widgetkey"]
            .map(String::from)
            .to_vec(),
    };
    for name in chosen {
        let (client, session): (Box<dyn Chat>, &str) = match name.as_str() {
            "mevichat" => (
                Box::new(
                    mevichat::Client::builder(
                        target.key("MEVICHAT_PUBLIC_KEY", fixtures::MEVICHAT_PUBLIC_KEY),
                        target.key("MEVICHAT_ORIGIN", fixtures::ALLOWED_ORIGINS[0]),
                    )
                    .base_url(base)
                    .build()?,
                ),
                fixtures::SEEDED_SESSION_ID,
            ),
            "vexar" => (
                Box::new(
                    vexar::Client::builder(target.key("VEXAR_SITE_KEY", fixtures::VEXAR_SITE_KEY))
                        .base_url(base)
                        .build()?,
                ),
                "sess_reply",
            ),
            "devapi" => (
                Box::new(
                    devapi::Client::builder(target.key("DEVAPI_API_KEY", fixtures::DEVAPI_KEY))
                        .base_url(base)
                        .build()?,
                ),
                "sess_reply",
            ),
            "widgetkey" => (
                Box::new(
                    widgetkey::Client::builder(
                        target.key("WIDGETKEY_API_KEY", fixtures::WIDGET_KEY),
                    )
                    .base_url(base)
                    .build()?,
                ),
                "sess_reply",
            ),
            other => panic!("unknown provider {other:?}"),
        };
        let reply = client.reply(session, "What is your refund policy?").await?;
        println!("{name}: {}", reply.text);
    }
    Ok(())
}
