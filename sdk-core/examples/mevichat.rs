//! Mevichat quickstart: the widget config, a streamed reply, and the conversation's export.
//!
//! `cargo run --example mevichat` (against the bundled mock; see `common/mod.rs` for a real server).

#[path = "common/mod.rs"]
mod common;

use chatwire::mevichat::{ChatEvent, ChatRequest, Client};
use chatwire_mock::fixtures;

#[tokio::main]
async fn main() -> chatwire::Result<()> {
    let target = common::target().await;
    let client = Client::builder(
        target.key("MEVICHAT_PUBLIC_KEY", fixtures::MEVICHAT_PUBLIC_KEY),
        "https://example.com",
    )
    .base_url(&target.base_url)
    .export_token(target.key("MEVICHAT_JWT", fixtures::EXPORT_JWT))
    .build()?;

    let config = client.get_widget_config().await?;
    println!("bot: {}", config.bot.name.unwrap_or_default());

    let session = uuid::Uuid::new_v4().to_string();
    let mut stream = client
        .chat_stream(&ChatRequest::new(&session, "What is your refund policy?"))
        .await?;
    while let Some(event) = stream.next().await {
        match event? {
            ChatEvent::Token(token) => print!("{}", token.text),
            ChatEvent::Done(done) => println!(
                "\n[{} · {} tokens out]",
                done.finish_reason, done.tokens_out
            ),
            other => println!("{other:?}"),
        }
    }

    let export = client.export_conversation(&session).await?;
    println!(
        "export {}: {} messages",
        export.file_name.unwrap_or_default(),
        export.messages.len()
    );
    Ok(())
}
