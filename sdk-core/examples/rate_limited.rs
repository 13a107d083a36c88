//! Rate-aware calls: with `RateLimitMode::Wait`, a call waits for its slot under the documented
//! limits (and any set here) instead of drawing a 429.
//!
//! `cargo run --example rate_limited` (three exports a second, seven calls).

#[path = "common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use chatwire::mevichat::Client;
use chatwire::rate::{RateLimit, RateLimitMode};
use chatwire_mock::fixtures;

#[tokio::main]
async fn main() -> chatwire::Result<()> {
    let target = common::target().await;
    let client = Client::builder(
        target.key("MEVICHAT_PUBLIC_KEY", fixtures::MEVICHAT_PUBLIC_KEY),
        target.key("MEVICHAT_ORIGIN", fixtures::ALLOWED_ORIGINS[0]),
    )
    .base_url(&target.base_url)
    .export_token(target.key("MEVICHAT_EXPORT_TOKEN", fixtures::EXPORT_JWT))
    .rate_limit(RateLimitMode::Wait)
    .rate_limit_for(
        "export_conversation",
        RateLimit::new(3, Duration::from_secs(1)),
    )
    .build()?;
    let session = std::env::var("CHATWIRE_SESSION_ID")
        .unwrap_or_else(|_| fixtures::SEEDED_SESSION_ID.to_owned());

    let started = Instant::now();
    for call in 1..=7 {
        let export = client.export_conversation(&session).await?;
        println!(
            "export {call}: {} messages at {:.1} s",
            export.messages.len(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
