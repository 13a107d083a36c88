//! Mevichat's bulk export: `exportAll`'s params, its progress calls (a threadsafe function, called
//! without blocking the export), and its summary, whose failures carry the same error objects a
//! call rejects with.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use chatwire::mevichat;
use napi::bindgen_prelude::{Function, Object, ToNapiValue};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{sys, Env, JsValue};
use napi_derive::napi;

use crate::convert::FromCore;
use crate::errors::{validation, Failure};
use crate::from_js::Callback;

/// `exportAll`'s params.
#[napi(object, object_from_js = false, object_to_js = false)]
pub struct MevichatExportAllParams<'a> {
    /// The sessions (UUIDs) to export; each once, whatever how often it is given.
    pub session_ids: Vec<String>,
    /// Where the transcripts go, each in the file the server names (`session-<uuid>.json`);
    /// made if missing.
    pub directory: String,
    /// Exports in flight at once (default 4).
    pub concurrency: Option<u32>,
    /// Called as each session is done, on the JS thread, while the export goes on; what it
    /// throws is an uncaught exception, as an event listener's is.
    #[napi(ts_type = "(progress: MevichatExportProgress) => void")]
    pub on_progress: Option<Callback<'a>>,
}

from_js!(MevichatExportAllParams<'_> as "parameter" {
    session_ids, directory, concurrency, on_progress
});

/// One session done, as `onProgress` hears it.
#[napi(object, object_from_js = false)]
pub struct MevichatExportProgress {
    /// The session.
    pub session_id: String,
    /// What became of it: `'written'`, `'skipped'` (its file was already there, whole) or
    /// `'failed'`.
    #[napi(ts_type = "'written' | 'skipped' | 'failed'")]
    pub status: String,
    /// Why it failed, in words.
    pub reason: Option<String>,
    /// Sessions done so far, this one included.
    pub done: u32,
    /// Sessions in all.
    pub total: u32,
}

impl FromCore<&mevichat::ExportProgress> for MevichatExportProgress {
    fn from_core(core: &mevichat::ExportProgress) -> Self {
        Self {
            session_id: core.session_id.clone(),
            status: core.status.as_str().to_owned(),
            reason: core.reason.clone(),
            done: u32::try_from(core.done).unwrap_or(u32::MAX),
            total: u32::try_from(core.total).unwrap_or(u32::MAX),
        }
    }
}

/// A transcript in its file.
#[napi(object, object_from_js = false)]
pub struct MevichatExportedFile {
    /// The session.
    pub session_id: String,
    /// Its file.
    pub path: String,
}

impl FromCore<mevichat::ExportedFile> for MevichatExportedFile {
    fn from_core(core: mevichat::ExportedFile) -> Self {
        Self {
            session_id: core.session_id,
            path: core.path.to_string_lossy().into_owned(),
        }
    }
}

type ProgressFunction =
    ThreadsafeFunction<mevichat::ExportProgress, (), MevichatExportProgress, napi::Status, false>;

/// The progress calls of one export: each handed to the JS thread without waiting, and
/// counted there, so that the export answers only once every call it made has run.
pub struct Progress {
    function: Arc<ProgressFunction>,
    sent: Arc<AtomicUsize>,
    delivered: tokio::sync::watch::Receiver<usize>,
}

impl Progress {
    /// The progress calls of `callback`.
    pub fn new(callback: Callback<'_>) -> Result<Self, Failure> {
        let (count, delivered) = tokio::sync::watch::channel(0);
        let function: Function<MevichatExportProgress, ()> =
            unsafe { callback.0.cast() }.map_err(|error| validation("onProgress", error.reason))?;
        let function = function
            .build_threadsafe_function::<mevichat::ExportProgress>()
            .callee_handled::<false>()
            .build_callback(move |context| {
                // On the JS thread, just before the call: the export's answer, which also
                // settles on this thread, comes after it.
                count.send_modify(|delivered| *delivered += 1);
                Ok(MevichatExportProgress::from_core(&context.value))
            })
            .map_err(|error| validation("onProgress", error.reason))?;
        Ok(Self {
            function: Arc::new(function),
            sent: Arc::new(AtomicUsize::new(0)),
            delivered,
        })
    }

    /// The core's options, calling back through this.
    pub fn options(&self, options: mevichat::ExportAllOptions) -> mevichat::ExportAllOptions {
        let (function, sent) = (self.function.clone(), self.sent.clone());
        options.on_progress(move |progress| {
            let status = function.call(progress.clone(), ThreadsafeFunctionCallMode::NonBlocking);
            if status == napi::Status::Ok {
                sent.fetch_add(1, Ordering::SeqCst);
            }
        })
    }

    /// Waits until every call made has reached the JS thread (or the function is gone, as the
    /// environment closes).
    pub async fn delivered(mut self) {
        let sent = self.sent.load(Ordering::SeqCst);
        // The function goes with this; the calls already queued still run.
        drop(self.function);
        let _ = self
            .delivered
            .wait_for(|delivered| *delivered >= sent)
            .await;
    }
}

/// What `exportAll` answers: the core's summary, made a JS object on the JS thread, where its
/// failures become error objects.
pub struct ExportSummary(pub mevichat::ExportSummary);

impl FromCore<ExportSummary> for ExportSummary {
    fn from_core(core: ExportSummary) -> Self {
        core
    }
}

impl ToNapiValue for ExportSummary {
    unsafe fn to_napi_value(raw: sys::napi_env, summary: Self) -> napi::Result<sys::napi_value> {
        let env = Env::from_raw(raw);
        let mevichat::ExportSummary {
            written,
            skipped,
            failed,
        } = summary.0;
        let mut object = Object::new(&env)?;
        object.set("written", Vec::<MevichatExportedFile>::from_core(written))?;
        object.set("skipped", Vec::<MevichatExportedFile>::from_core(skipped))?;
        let mut failures = Vec::with_capacity(failed.len());
        for failure in failed {
            let mut entry = Object::new(&env)?;
            entry.set("sessionId", failure.session_id)?;
            match Failure::Core(failure.error).instance(&env)? {
                Ok(error) => entry.set("error", error)?,
                Err(message) => entry.set("error", message)?,
            }
            failures.push(entry);
        }
        object.set("failed", failures)?;
        Ok(object.raw())
    }
}
