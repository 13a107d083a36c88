//! A conversation: two turns in one session, the ids the server assigns kept between them.
//!
//! `cargo run --example conversation` (the Developer API, whose server assigns the session).

#[path = "common/mod.rs"]
mod common;

use chatwire::devapi::Client;
use chatwire::Converse;
use chatwire_mock::fixtures;

#[tokio::main]
async fn main() -> chatwire::Result<()> {
    let target = common::target().await;
    let client = Client::builder(target.key("DEVAPI_API_KEY", fixtures::DEVAPI_KEY))
        .base_url(&target.base_url)
        .build()?;
    let conversation = client.conversation(None);

    let first = conversation
        .send("Do you ship to Canada?")
        .await?
        .text()
        .await?;
    println!("1: {first}");
    println!("session: {:?}", conversation.session_id());
    let second = conversation.reply("And how long does it take?").await?;
    println!("2: {}", second.text);
    println!("history: {} messages", conversation.history().await?.len());
    Ok(())
}
