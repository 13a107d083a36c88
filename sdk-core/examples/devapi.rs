//! Developer API quickstart: a whole reply, a streamed one, usage, and every session.
//!
//! `cargo run --example devapi` (against the bundled mock; see `common/mod.rs` for a real server).

#[path = "common/mod.rs"]
mod common;

use chatwire::devapi::{ChatRequest, Client, SessionsQuery, UsageQuery};
use chatwire_mock::fixtures;
use futures_util::TryStreamExt;

#[tokio::main]
async fn main() -> chatwire::Result<()> {
    let target = common::target().await;
    let client = Client::builder(target.key("DEVAPI_KEY", fixtures::DEVAPI_KEY))
        .base_url(&target.base_url)
        .build()?;

    let reply = client
        .chat(&ChatRequest::new("Summarize the outage playbook"))
        .await?;
    let session = reply.session_id.unwrap_or_default();
    println!("{session}: {}", reply.content.unwrap_or_default());

    let text = client
        .chat_stream(&ChatRequest::new("And your hours?").in_session(&session))
        .await?
        .text()
        .await?;
    println!("{text}");

    let usage = client.get_usage(&UsageQuery::default()).await?;
    println!(
        "{} requests, {} tokens",
        usage.usage.total_requests, usage.usage.total_tokens
    );
    let sessions: Vec<_> = client
        .sessions(SessionsQuery::default())
        .try_collect()
        .await?;
    println!("{} sessions", sessions.len());
    Ok(())
}
