//! Bulk export: many sessions' transcripts into one directory, each in the file the server names
//! (`session-<uuid>.json`), several at a time and within the export rate limit.
//!
//! A session whose file is already there and whole is skipped, so that a run stopped half-way
//! resumes where it stopped: each file is written beside its final name and renamed into place,
//! so a file under its final name is always whole. One session's failure (a `404`, a `401`) is
//! reported and the others go on.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use futures_util::StreamExt;

use super::{export_file_name, Client, ExportResponse, DOCUMENTED_RATE_LIMITS, OPERATIONS};
use crate::error::{Error, Result};
use crate::rate::RateLimiter;
use crate::transport::decode_json;

/// A progress callback: called once per session, as it is done.
pub type ProgressCallback = Arc<dyn Fn(&ExportProgress) + Send + Sync>;

/// How [`Client::export_all`] runs.
#[derive(Clone)]
pub struct ExportAllOptions {
    /// Exports in flight at once (default 4).
    pub concurrency: usize,
    /// Called as each session is done.
    pub on_progress: Option<ProgressCallback>,
}

impl Default for ExportAllOptions {
    fn default() -> Self {
        Self {
            concurrency: 4,
            on_progress: None,
        }
    }
}

impl std::fmt::Debug for ExportAllOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExportAllOptions")
            .field("concurrency", &self.concurrency)
            .field(
                "on_progress",
                &self.on_progress.as_ref().map(|_| "<callback>"),
            )
            .finish()
    }
}

impl ExportAllOptions {
    /// `concurrency` exports in flight at once.
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency;
        self
    }

    /// Calls `callback` as each session is done.
    pub fn on_progress(
        mut self,
        callback: impl Fn(&ExportProgress) + Send + Sync + 'static,
    ) -> Self {
        self.on_progress = Some(Arc::new(callback));
        self
    }
}

/// What became of one session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportStatus {
    /// Its transcript was written.
    Written,
    /// Its file was already there, whole.
    Skipped,
    /// It failed; the summary has the error.
    Failed,
}

impl ExportStatus {
    /// `written`, `skipped` or `failed`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Written => "written",
            Self::Skipped => "skipped",
            Self::Failed => "failed",
        }
    }
}

/// One session done, as the progress callback hears it.
#[derive(Clone, Debug)]
pub struct ExportProgress {
    /// The session.
    pub session_id: String,
    /// What became of it.
    pub status: ExportStatus,
    /// Why it failed, in words.
    pub reason: Option<String>,
    /// Sessions done so far, this one included.
    pub done: usize,
    /// Sessions in all.
    pub total: usize,
}

/// A transcript in its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportedFile {
    /// The session.
    pub session_id: String,
    /// Its file.
    pub path: PathBuf,
}

/// A session that could not be exported.
#[derive(Debug)]
pub struct ExportFailure {
    /// The session.
    pub session_id: String,
    /// Why.
    pub error: Error,
}

/// What [`Client::export_all`] did, each list in the order the sessions were given.
#[derive(Debug, Default)]
pub struct ExportSummary {
    /// Transcripts written.
    pub written: Vec<ExportedFile>,
    /// Files already there, whole.
    pub skipped: Vec<ExportedFile>,
    /// Sessions that failed, with their errors.
    pub failed: Vec<ExportFailure>,
}

/// What became of one session, before it joins the summary.
enum Outcome {
    Written(PathBuf),
    Skipped(PathBuf),
    Failed(Error),
}

impl Client {
    /// Exports each session's transcript into `directory` (made if missing), as the server
    /// names it (`session-<uuid>.json`), `options.concurrency` at a time. A session whose file
    /// is already there and whole is skipped. The exports keep to the export rate limit: the
    /// client's, with [`RateLimitMode::Wait`](crate::rate::RateLimitMode::Wait), else the
    /// documented 30 a minute. A session that fails is reported in the summary; the others go
    /// on.
    ///
    /// Fails as a whole, before any request, without an export token, with a concurrency of 0,
    /// or when the directory cannot be made.
    pub async fn export_all<S: AsRef<str>>(
        &self,
        session_ids: impl IntoIterator<Item = S>,
        directory: impl AsRef<Path>,
        options: ExportAllOptions,
    ) -> Result<ExportSummary> {
        self.export_auth()?;
        if options.concurrency == 0 {
            return Err(Error::validation("concurrency", "must be at least 1"));
        }
        let directory = directory.as_ref().to_path_buf();
        if let Err(source) = tokio::fs::create_dir_all(&directory).await {
            return Err(Error::File {
                action: "make the directory",
                path: directory,
                source,
            });
        }
        // Each session once, in the order given.
        let mut unique = HashSet::new();
        let session_ids: Vec<String> = session_ids
            .into_iter()
            .map(|id| id.as_ref().to_owned())
            .filter(|id| unique.insert(id.clone()))
            .collect();
        // Without limits of the client's own, the exports keep to the documented ones, through
        // the transport as every call does, so that each attempt counts.
        let client = if self.transport.keeps_rate_limits() {
            self.clone()
        } else {
            let documented = RateLimiter::new(OPERATIONS, DOCUMENTED_RATE_LIMITS, &[])?;
            Client {
                transport: self
                    .transport
                    .clone()
                    .rate_limited(Some(Arc::new(documented))),
                ..self.clone()
            }
        };
        let total = session_ids.len();
        let mut done = 0;
        let mut outcomes: Vec<Option<Outcome>> = (0..total).map(|_| None).collect();
        // Each export owns what it uses, so that the whole future is `Send` and can be spawned.
        let exports = session_ids
            .iter()
            .cloned()
            .enumerate()
            .map(|(index, session_id)| {
                let (client, directory) = (client.clone(), directory.clone());
                async move {
                    let outcome = client.export_one(&session_id, &directory).await;
                    (index, outcome)
                }
            });
        let mut exports = futures_util::stream::iter(exports).buffer_unordered(options.concurrency);
        while let Some((index, outcome)) = exports.next().await {
            done += 1;
            if let Some(callback) = &options.on_progress {
                let (status, reason) = match &outcome {
                    Outcome::Written(_) => (ExportStatus::Written, None),
                    Outcome::Skipped(_) => (ExportStatus::Skipped, None),
                    Outcome::Failed(error) => (ExportStatus::Failed, Some(error.to_string())),
                };
                callback(&ExportProgress {
                    session_id: session_ids[index].clone(),
                    status,
                    reason,
                    done,
                    total,
                });
            }
            outcomes[index] = Some(outcome);
        }
        drop(exports);
        let mut summary = ExportSummary::default();
        for (session_id, outcome) in session_ids.into_iter().zip(outcomes) {
            match outcome.expect("every export answers") {
                Outcome::Written(path) => summary.written.push(ExportedFile { session_id, path }),
                Outcome::Skipped(path) => summary.skipped.push(ExportedFile { session_id, path }),
                Outcome::Failed(error) => summary.failed.push(ExportFailure { session_id, error }),
            }
        }
        tracing::info!(
            target: "chatwire::http",
            client = self.log_id(),
            provider = "mevichat",
            operation = "export_all",
            written = summary.written.len(),
            skipped = summary.skipped.len(),
            failed = summary.failed.len(),
            "bulk export done"
        );
        Ok(summary)
    }

    async fn export_one(&self, session_id: &str, directory: &Path) -> Outcome {
        // Checked first: the id goes into a file name.
        if let Err(error) = crate::validate::uuid("session_id", session_id) {
            return Outcome::Failed(error);
        }
        let expected = directory.join(default_file_name(session_id));
        if is_whole_export(&expected).await {
            return Outcome::Skipped(expected);
        }
        let response = match self.export_body(session_id).await {
            Ok(response) => response,
            Err(error) => return Outcome::Failed(error),
        };
        let file_name = export_file_name(response.headers())
            .filter(|name| is_plain_json_file_name(name))
            .unwrap_or_else(|| default_file_name(session_id));
        let body = response.into_data();
        // What is written is the body as sent; it is decoded only to check it is an export.
        if let Err(error) = decode_json::<ExportResponse>("export", &body) {
            return Outcome::Failed(error);
        }
        let path = directory.join(file_name);
        match write_whole(&path, body).await {
            Ok(()) => Outcome::Written(path),
            Err(source) => Outcome::Failed(Error::File {
                action: "write",
                path,
                source,
            }),
        }
    }
}

/// The name the server gives a session's export.
fn default_file_name(session_id: &str) -> String {
    format!("session-{session_id}.json")
}

/// Whether a name the server sent is a plain `.json` file name: no directory, no parent, not
/// hidden, nothing a shell or a terminal would read as more. Any other is replaced by the
/// default, so that a server cannot write outside the directory.
fn is_plain_json_file_name(name: &str) -> bool {
    (6..=255).contains(&name.len())
        && name.ends_with(".json")
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

/// Whether `path` holds a whole export (a run stopped mid-write leaves no file under its name,
/// but a file from elsewhere may be anything).
async fn is_whole_export(path: &Path) -> bool {
    match tokio::fs::read(path).await {
        Ok(body) => decode_json::<ExportResponse>("export", &body).is_ok(),
        Err(_) => false,
    }
}

/// Writes `body` beside `path` and renames it into place.
async fn write_whole(path: &Path, body: Bytes) -> std::io::Result<()> {
    let partial = path.with_extension(format!("json.{}.part", uuid::Uuid::new_v4().simple()));
    if let Err(error) = tokio::fs::write(&partial, &body).await {
        let _ = tokio::fs::remove_file(&partial).await;
        return Err(error);
    }
    tokio::fs::rename(&partial, path).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_export_can_be_spawned() {
        fn spawnable<T: Send + 'static>(_: T) {}
        let client = Client::builder("mvc_pk", "https://example.com")
            .base_url("http://127.0.0.1:1")
            .build()
            .unwrap();
        let ids = vec!["5f3e8c7c-5d4a-4a91-9a4e-c9a7e6d2b0f1".to_owned()];
        spawnable(async move {
            let _ = client
                .export_all(ids, "exports", ExportAllOptions::default())
                .await;
        });
    }

    #[test]
    fn only_a_plain_json_name_from_the_server_is_used() {
        assert!(is_plain_json_file_name(
            "session-6f1c1b8e-6a43-4c1e-9a7e-2b1f0c3d4e5f.json"
        ));
        for name in [
            "../session.json",
            "/etc/passwd.json",
            "a/b.json",
            ".hidden.json",
            "session.txt",
            "with space.json",
            "sess\u{202e}ion.json",
            "..json",
            ".json",
        ] {
            assert!(!is_plain_json_file_name(name), "{name:?}");
        }
    }
}
