//! The conformance vectors of `tests/vectors/`, each replayed by the mock server and read through
//! the public streaming API; what the stream yields must be what the vector expects. The Python
//! and Node suites run the same files and compare the same canonical form (see the folder's
//! README), so a vector added there is checked in all three languages.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use chatwire::stream::{DeltaOr, EventStream, ProviderEvents};
use chatwire::{devapi, mevichat, vexar, widgetkey, ClientBuilder, Error};
use chatwire_mock::{fixtures, Config, MockServer};
use serde::Serialize;
use serde_json::{json, Value};

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

/// Every vector file, by name, as it stands.
fn vectors() -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(vectors_dir())
        .expect("tests/vectors exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

/// One client of each provider, pointed at the mock.
struct Clients {
    mevichat: mevichat::Client,
    vexar: vexar::Client,
    devapi: devapi::Client,
    widgetkey: widgetkey::Client,
}

/// A client of `builder`'s provider pointed at the mock, which fails fast and never retries.
fn pointed_at<B: ClientBuilder>(builder: B, base_url: &str) -> B::Client {
    builder
        .base_url(base_url.to_owned())
        .timeout(Duration::from_secs(10))
        .max_retries(0)
        .build()
        .unwrap()
}

impl Clients {
    fn new(base_url: &str) -> Self {
        let mevichat =
            mevichat::Client::builder(fixtures::MEVICHAT_PUBLIC_KEY, fixtures::ALLOWED_ORIGINS[0]);
        Self {
            mevichat: pointed_at(mevichat, base_url),
            vexar: pointed_at(vexar::Client::builder(fixtures::VEXAR_SITE_KEY), base_url),
            devapi: pointed_at(devapi::Client::builder(fixtures::DEVAPI_KEY), base_url),
            widgetkey: pointed_at(widgetkey::Client::builder(fixtures::WIDGET_KEY), base_url),
        }
    }

    /// Opens `provider`'s stream (the mock answers it with the queued vector) and reads it as
    /// `reading` says, in canonical form.
    async fn replayed(&self, provider: &str, reading: Reading) -> Replayed {
        match provider {
            "mevichat" => {
                let request = mevichat::ChatRequest::new(fixtures::SEEDED_SESSION_ID, "hi");
                read(
                    self.mevichat.chat_stream(&request).await,
                    mevichat_event,
                    reading,
                )
                .await
            }
            "vexar" => {
                let request = vexar::ChatRequest::new("sess_vectors", "hi");
                read(self.vexar.chat_stream(&request).await, vexar_event, reading).await
            }
            "devapi" => {
                let request = devapi::ChatRequest::new("hi");
                read(
                    self.devapi.chat_stream(&request).await,
                    devapi_event,
                    reading,
                )
                .await
            }
            "widgetkey" => {
                let request = widgetkey::ChatRequest::new("sess_vectors", "hi");
                read(
                    self.widgetkey.chat_stream(&request).await,
                    widgetkey_event,
                    reading,
                )
                .await
            }
            other => panic!("unknown provider {other:?}"),
        }
    }
}

/// How a vector has its stream read: to its end, or `text_after_events` items and then
/// `text()`; as typed events, or with plain deltas as their text.
#[derive(Clone, Copy, Debug)]
struct Reading {
    text_after: Option<usize>,
    plain_deltas: bool,
}

/// How many plain deltas the vectors held, read as the bindings read them.
static PLAIN_DELTAS: AtomicUsize = AtomicUsize::new(0);

/// What the stream yielded, and what `text()` answered when the vector called it.
struct Replayed {
    items: Vec<Value>,
    text: Option<Value>,
}

/// The stream's items, as `{"event": …}` and `{"error": …}`, up to its end or as many as
/// `reading` takes before `text()`, whose answer is `{"text": …}` or `{"error": …}`. With plain
/// deltas, the stream is read as the bindings read it ([`EventStream::with_plain_deltas`]),
/// each delta's text standing for its typed event.
async fn read<P: ProviderEvents>(
    opened: chatwire::Result<EventStream<P>>,
    canonical: impl Fn(P::Event) -> Value,
    reading: Reading,
) -> Replayed {
    if reading.plain_deltas {
        let canonical = |item| match item {
            DeltaOr::Delta(text) => {
                PLAIN_DELTAS.fetch_add(1, Ordering::Relaxed);
                canonical(P::delta_event(text))
            }
            DeltaOr::Event(event) => canonical(*event),
        };
        let opened = opened.map(EventStream::with_plain_deltas);
        return read_as(opened, canonical, reading.text_after).await;
    }
    read_as(opened, canonical, reading.text_after).await
}

async fn read_as<P: ProviderEvents>(
    opened: chatwire::Result<EventStream<P>>,
    canonical: impl Fn(P::Event) -> Value,
    text_after: Option<usize>,
) -> Replayed {
    let mut stream = match opened {
        Ok(stream) => stream,
        Err(error) => {
            return Replayed {
                items: vec![json!({ "error": error_form(&error) })],
                text: None,
            }
        }
    };
    let take = match text_after {
        None => usize::MAX,
        Some(count) => count,
    };
    let mut items = Vec::new();
    while items.len() < take {
        let Some(item) = stream.next().await else {
            break;
        };
        items.push(match item {
            Ok(event) => json!({ "event": canonical(event) }),
            Err(error) => json!({ "error": error_form(&error) }),
        });
    }
    let text = match text_after {
        None => None,
        Some(_) => Some(match stream.text().await {
            Ok(text) => json!({ "text": text }),
            Err(error) => json!({ "error": error_form(&error) }),
        }),
    };
    Replayed { items, text }
}

/// An event's data in its wire form, with its kind as `type`.
fn data(kind: &str, data: impl Serialize) -> Value {
    let mut value = serde_json::to_value(data).unwrap();
    value
        .as_object_mut()
        .expect("event data is an object")
        .insert("type".into(), kind.into());
    value
}

fn mevichat_event(event: mevichat::ChatEvent) -> Value {
    use mevichat::ChatEvent::*;
    match event {
        Meta(d) => data("meta", d),
        Token(d) => data("token", d),
        Blocked(d) => data("blocked", d),
        Error(d) => data("error", d),
        Done(d) => data("done", d),
        Unknown { event, data } => json!({ "type": "unknown", "event": event, "data": data }),
    }
}

fn vexar_event(event: vexar::ChatEvent) -> Value {
    use vexar::ChatEvent::*;
    match event {
        Chunk(d) => data("chunk", d),
        Done(d) => data("done", d),
        Unknown { data } => json!({ "type": "unknown", "data": data }),
    }
}

fn devapi_event(event: devapi::ChatEvent) -> Value {
    use devapi::ChatEvent::*;
    match event {
        Message(d) => data("message", d),
        End(d) => data("end", d),
        Unknown { event, data } => json!({ "type": "unknown", "event": event, "data": data }),
    }
}

/// The widget-key API's events are untyped: name, data and id as they came.
fn widgetkey_event(event: widgetkey::StreamEvent) -> Value {
    json!({ "event": event.event, "data": event.data, "last_event_id": event.last_event_id })
}

/// An error by the name the Python and Node classes give it, with the fields all three share.
fn error_form(error: &Error) -> Value {
    match error {
        Error::Decode { what, raw, .. } => {
            json!({ "type": "DecodeError", "what": what, "raw": raw })
        }
        Error::StreamEnded { events, .. } => {
            json!({ "type": "StreamEndedError", "events": events })
        }
        Error::Connection { .. } => json!({ "type": "APIConnectionError" }),
        Error::IdleTimeout { .. } => json!({ "type": "StreamIdleTimeoutError" }),
        Error::Timeout { .. } => json!({ "type": "APITimeoutError" }),
        Error::StreamDeadline { .. } => json!({ "type": "StreamDeadlineError" }),
        Error::Api(api) => json!({ "type": "APIError", "status": api.status }),
        Error::Validation { field, .. } => json!({ "type": "ValidationError", "field": field }),
        other => json!({ "type": format!("{other:?}") }),
    }
}

#[tokio::test]
async fn every_vector_streams_as_it_expects() {
    let server = MockServer::start(Config::default()).await.unwrap();
    let base_url = server.base_url();
    let clients = Clients::new(&base_url);
    let control = reqwest::Client::new();
    let vectors = vectors();
    assert!(
        vectors.len() >= 40,
        "tests/vectors holds {} vectors",
        vectors.len()
    );
    let mut failures = Vec::new();
    for ((name, text), plain_deltas) in vectors
        .iter()
        .flat_map(|vector| [(vector, false), (vector, true)])
    {
        let name = match plain_deltas {
            true => format!("{name} (plain deltas)"),
            false => name.clone(),
        };
        let vector: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let replay = control
            .post(format!("{base_url}/__mock/replay"))
            .body(text.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(
            replay.status(),
            201,
            "{name}: {}",
            replay.text().await.unwrap()
        );
        let reading = Reading {
            text_after: vector["text_after_events"].as_u64().map(|n| n as usize),
            plain_deltas,
        };
        let got = clients
            .replayed(vector["provider"].as_str().unwrap(), reading)
            .await;
        let expected = vector["expect"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: no expect"));
        if &got.items != expected {
            failures.push(format!(
                "{name}:\n  expected {}\n  got      {}",
                Value::from(expected.clone()),
                Value::from(got.items)
            ));
        }
        if let Some(text) = got.text {
            if text != vector["text_expect"] {
                failures.push(format!(
                    "{name}: text()\n  expected {}\n  got      {text}",
                    vector["text_expect"]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} vectors disagree:\n{}",
        failures.len(),
        vectors.len(),
        failures.join("\n")
    );
    let plain_deltas = PLAIN_DELTAS.load(Ordering::Relaxed);
    assert!(plain_deltas >= 50, "only {plain_deltas} plain deltas");
    println!(
        "{} vectors agree, typed and with their {plain_deltas} plain deltas as text",
        vectors.len()
    );
}
