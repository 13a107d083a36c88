//! Vexar quickstart: a streamed answer, the history, a rating, and the visitor's email.
//!
//! `cargo run --example vexar` (against the bundled mock; see `common/mod.rs` for a real server).

#[path = "common/mod.rs"]
mod common;

use chatwire::vexar::{ChatRequest, Client, EmailRequest, RateRequest};
use chatwire_mock::fixtures;

#[tokio::main]
async fn main() -> chatwire::Result<()> {
    let target = common::target().await;
    let client = Client::builder(target.key("VEXAR_SITE_KEY", fixtures::VEXAR_SITE_KEY))
        .base_url(&target.base_url)
        .build()?;
    let session = "sess_quickstart";

    let reply = client
        .chat_stream(&ChatRequest::new(session, "Do you ship to Canada?"))
        .await?
        .final_message()
        .await?;
    println!(
        "{} (conversation {})",
        reply.text,
        reply.finish.conversation_id.unwrap_or_default()
    );

    let history = client.get_history(session).await?;
    println!("history: {} messages", history.messages.len());
    client
        .rate_conversation(&RateRequest {
            session_id: session.into(),
            score: 5,
        })
        .await?;
    let saved = client
        .save_email(&EmailRequest {
            session_id: session.into(),
            email: "jane@example.com".into(),
        })
        .await?;
    println!("{}", saved.message.unwrap_or_default());
    println!(
        "operator mode: {}",
        client.get_operator_messages(session).await?.mode
    );
    Ok(())
}
