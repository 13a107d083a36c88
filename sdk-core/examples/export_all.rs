//! Bulk export: many transcripts into one directory, resumable, within the export rate limit.
//!
//! `cargo run --example export_all -- [directory] [session-id ...]` (against the mock: its seeded
//! session and one that does not exist, into a temporary directory).

#[path = "common/mod.rs"]
mod common;

use chatwire::mevichat::{Client, ExportAllOptions};
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
    .build()?;
    let mut args = std::env::args().skip(1);
    let directory = args
        .next()
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("chatwire-export-example"));
    let mut sessions: Vec<String> = args.collect();
    if sessions.is_empty() {
        sessions = vec![
            fixtures::SEEDED_SESSION_ID.to_owned(),
            "00000000-0000-4000-8000-000000000000".to_owned(),
        ];
    }

    let options = ExportAllOptions::default().concurrency(4).on_progress(|p| {
        println!(
            "[{}/{}] {} {}",
            p.done,
            p.total,
            p.status.as_str(),
            p.session_id
        )
    });
    let summary = client.export_all(&sessions, &directory, options).await?;
    for file in &summary.written {
        println!("wrote {}", file.path.display());
    }
    for failure in &summary.failed {
        println!("failed {}: {}", failure.session_id, failure.error);
    }
    println!(
        "{} written, {} skipped, {} failed",
        summary.written.len(),
        summary.skipped.len(),
        summary.failed.len()
    );
    Ok(())
}
