//! Many concurrent chat streams from one process, against the mock server in a child process,
//! side by side with a raw `reqwest` client that finds the first event by hand.
//!
//! `cargo bench -p chatwire --bench load -- [--streams 10000] [--rounds 2] [--one-at-a-time 200] [--cancellations 200]`
//!
//! Each round runs the raw client, then chatwire: every stream is opened (at most `OPENING` at a
//! time, so that the listener's backlog does not overflow), its first event is read, and the
//! stream waits until all are open; then the process's RSS is read, and every stream is read to
//! its end. It reports completed streams, errors, RSS per open stream, and the time from sending
//! the request to the first event (p50 and p99), and the difference of chatwire's to the raw one.
//! Then it measures the time to first event again, one stream at a time, raw and chatwire
//! alternating (`--one-at-a-time 200` each): the SDK's own cost, without the queueing of
//! thousands of streams on a few cores. Then it measures cancellation: streams dropped after their third event, one at a time, and the
//! time from the drop until the mock saw the connection close (its log's `ended_at_us`, on the
//! same clock). The last line, `RESULT {...}`, is the same numbers as JSON, for `scripts/bench`.
//! A bench, not a test: it stops by itself and is not part of CI.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chatwire::mevichat::{ChatRequest, Client};
use chatwire_mock::fixtures;
use futures_util::StreamExt;
use tokio::sync::{watch, Semaphore};

/// Streams that may be connecting at once.
const OPENING: usize = 256;
/// Tokens in each reply; the mock pauses between them, so every stream lasts a while.
const TOKEN_DELAY_MS: &str = "5";

/// Holds every stream after its first event until all are open (or failed), so that they are all
/// open at once when the RSS is read.
#[derive(Clone)]
struct Gate {
    settled: Arc<AtomicUsize>,
    open: watch::Receiver<bool>,
}

impl Gate {
    /// This stream is open (or failed): wait for the others.
    async fn arrive(mut self) {
        self.settled.fetch_add(1, Ordering::Relaxed);
        let _ = self.open.wait_for(|open| *open).await;
    }
}

struct Outcome {
    completed: usize,
    errors: usize,
    first_event: Vec<Duration>,
    rss_per_stream: f64,
    seconds: f64,
}

fn rss_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    pages * 4096
}

/// Raises the soft limit of open files to the hard one: each stream holds a socket.
fn raise_open_file_limit(needed: u64) {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain calls on a local struct.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
    if limit.rlim_cur < needed {
        eprintln!(
            "warning: {} open files allowed, {needed} wanted",
            limit.rlim_cur
        );
    }
}

/// The mock server in a child process (this same binary, with `--serve`), so that its memory
/// is not counted as the client's.
fn start_mock() -> (std::process::Child, String) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .arg("--serve")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start the mock");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (child, line.trim().to_owned())
}

fn serve() {
    raise_open_file_limit(0);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let config = chatwire_mock::Config {
            port: 0,
            token_delay: Duration::from_millis(TOKEN_DELAY_MS.parse().unwrap()),
            relaxed_rate_limits: true,
        };
        let server = chatwire_mock::MockServer::start(config).await.unwrap();
        println!("{}", server.base_url());
        std::future::pending::<()>().await;
    });
}

fn body() -> serde_json::Value {
    serde_json::json!({
        "public_key": fixtures::MEVICHAT_PUBLIC_KEY,
        "session_id": fixtures::SEEDED_SESSION_ID,
        "message": "What are your hours?",
    })
}

/// One stream by hand: the request, then bytes until the first blank line ends an event.
async fn raw_stream(
    http: reqwest::Client,
    url: String,
    opening: Arc<Semaphore>,
    gate: Gate,
) -> Result<Duration, String> {
    let permit = opening.acquire().await.unwrap();
    let started = Instant::now();
    let response = http
        .post(format!("{url}/api/chat/"))
        .header("origin", fixtures::ALLOWED_ORIGINS[0])
        .json(&body())
        .send()
        .await
        .map_err(|e| describe(&e))?;
    if !response.status().is_success() {
        return Err(format!("status {}", response.status()));
    }
    let mut body = response.bytes_stream();
    let mut seen = Vec::new();
    let first_event = loop {
        let chunk = body
            .next()
            .await
            .ok_or("ended before an event")?
            .map_err(|e| describe(&e))?;
        seen.extend_from_slice(&chunk);
        if seen.windows(2).any(|w| w == b"\n\n") {
            break started.elapsed();
        }
    };
    drop(permit);
    gate.arrive().await;
    let mut rest = seen;
    while let Some(chunk) = body.next().await {
        rest.extend_from_slice(&chunk.map_err(|e| describe(&e))?);
    }
    if !rest.windows(11).any(|w| w == b"event: done") {
        return Err("no done event".into());
    }
    Ok(first_event)
}

/// A Mevichat client of the mock at `url`, with a connection pool of its own.
fn chatwire_client(url: &str) -> Client {
    Client::builder(fixtures::MEVICHAT_PUBLIC_KEY, fixtures::ALLOWED_ORIGINS[0])
        .base_url(url)
        .build()
        .unwrap()
}

/// One stream through chatwire: its first event, then the rest to its terminal event.
async fn chatwire_stream(
    client: Client,
    opening: Arc<Semaphore>,
    gate: Gate,
) -> Result<Duration, String> {
    let permit = opening.acquire().await.unwrap();
    let started = Instant::now();
    let request = ChatRequest::new(fixtures::SEEDED_SESSION_ID, "What are your hours?");
    let mut stream = client
        .chat_stream(&request)
        .await
        .map_err(|e| describe(&e))?;
    stream
        .next()
        .await
        .ok_or("ended before an event")?
        .map_err(|e| describe(&e))?;
    let first_event = started.elapsed();
    drop(permit);
    gate.arrive().await;
    while let Some(event) = stream.next().await {
        event.map_err(|e| describe(&e))?;
    }
    Ok(first_event)
}

async fn run<F>(streams: usize, start: impl Fn(Arc<Semaphore>, Gate) -> F) -> Outcome
where
    F: std::future::Future<Output = Result<Duration, String>> + Send + 'static,
{
    let opening = Arc::new(Semaphore::new(OPENING));
    let (release, open) = watch::channel(false);
    let gate = Gate {
        settled: Arc::new(AtomicUsize::new(0)),
        open,
    };
    let errors = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let before = rss_bytes();
    let tasks: Vec<_> = (0..streams)
        .map(|_| {
            let stream = start(opening.clone(), gate.clone());
            let (errors, settled) = (errors.clone(), gate.settled.clone());
            tokio::spawn(async move {
                let outcome = stream.await;
                if let Err(error) = &outcome {
                    if errors.fetch_add(1, Ordering::Relaxed) < 3 {
                        eprintln!("stream failed: {error}");
                    }
                    // Whether it failed before or after its gate, it is settled either way.
                    settled.fetch_add(1, Ordering::Relaxed);
                }
                outcome.ok()
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(120);
    while gate.settled.load(Ordering::Relaxed) < streams && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let rss_per_stream = (rss_bytes().saturating_sub(before)) as f64 / streams as f64;
    let _ = release.send(true);
    let mut first_event = Vec::new();
    for task in tasks {
        if let Ok(Some(duration)) = task.await {
            first_event.push(duration);
        }
    }
    first_event.sort();
    Outcome {
        completed: first_event.len(),
        errors: errors.load(Ordering::Relaxed),
        first_event,
        rss_per_stream,
        seconds: started.elapsed().as_secs_f64(),
    }
}

/// An error with its causes, which reqwest keeps apart.
fn describe(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn report(name: &str, outcome: &Outcome) -> (f64, f64) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let (p50, p99) = (
        ms(percentile(&outcome.first_event, 0.5)),
        ms(percentile(&outcome.first_event, 0.99)),
    );
    println!(
        "| {name} | {} | {} | {:.1} | {p50:.2} | {p99:.2} | {:.1} |",
        outcome.completed,
        outcome.errors,
        outcome.rss_per_stream / 1024.0,
        outcome.seconds
    );
    (p50, p99)
}

/// Time to first event one stream at a time, raw and chatwire alternating: the SDK's own cost,
/// without thousands of streams queueing for two cores.
async fn one_at_a_time(
    url: &str,
    client: &Client,
    trials: usize,
) -> (Vec<Duration>, Vec<Duration>) {
    let opening = Arc::new(Semaphore::new(1));
    let (_release, open) = watch::channel(true);
    let gate = Gate {
        settled: Arc::new(AtomicUsize::new(0)),
        open,
    };
    let http = reqwest::Client::new();
    let (mut raw, mut ours) = (Vec::new(), Vec::new());
    for _ in 0..trials {
        let url = url.to_owned();
        raw.extend(raw_stream(http.clone(), url, opening.clone(), gate.clone()).await);
        ours.extend(chatwire_stream(client.clone(), opening.clone(), gate.clone()).await);
    }
    raw.sort();
    ours.sort();
    (raw, ours)
}

/// Microseconds since the Unix epoch, the clock of the mock's `ended_at_us`.
fn now_us() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_micros() as u64
}

/// Streams dropped after their third event: from each drop until the mock saw the close.
async fn cancellation(url: &str, trials: usize) -> Vec<Duration> {
    let control = reqwest::Client::new();
    let client = chatwire_client(url);
    let request = ChatRequest::new(fixtures::SEEDED_SESSION_ID, "What are your hours?");
    let mut latencies = Vec::new();
    for _ in 0..trials {
        control
            .delete(format!("{url}/__mock/requests"))
            .send()
            .await
            .unwrap();
        let fault =
            serde_json::json!({ "fault": "long_reply", "tokens": 100_000, "path": "/api/chat/" });
        control
            .post(format!("{url}/__mock/faults"))
            .json(&fault)
            .send()
            .await
            .unwrap();
        let mut stream = client.chat_stream(&request).await.unwrap();
        for _ in 0..3 {
            stream.next().await.unwrap().unwrap();
        }
        let dropped_at = now_us();
        drop(stream);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            let log: serde_json::Value = control
                .get(format!("{url}/__mock/requests"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            if let Some(ended) = log["requests"][0]["ended_at_us"].as_u64() {
                latencies.push(Duration::from_micros(ended.saturating_sub(dropped_at)));
                break;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }
    latencies.sort();
    latencies
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--serve") {
        return serve();
    }
    let value = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let streams = value("--streams", 10_000);
    let rounds = value("--rounds", 2);
    let trials = value("--cancellations", 200);
    let sequential = value("--one-at-a-time", 200);
    raise_open_file_limit(streams as u64 + 100);
    let (mut mock, url) = start_mock();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    println!("{streams} concurrent streams a round, {rounds} rounds, mock at {url} (another process), token delay {TOKEN_DELAY_MS} ms");
    println!("| client | completed | errors | RSS per open stream KiB | first event p50 ms | p99 ms | seconds |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let mut differences = Vec::new();
    let mut results = Vec::new();
    let cancelled = runtime.block_on(async {
        for _ in 0..rounds {
            let http = reqwest::Client::new();
            let raw = run(streams, |opening, gate| {
                raw_stream(http.clone(), url.clone(), opening, gate)
            })
            .await;
            let (raw_p50, raw_p99) = report("raw reqwest", &raw);
            drop(http);
            let client = chatwire_client(&url);
            let ours = run(streams, |opening, gate| {
                chatwire_stream(client.clone(), opening, gate)
            })
            .await;
            let (p50, p99) = report("chatwire", &ours);
            differences.push((p50 - raw_p50, p99 - raw_p99));
            results.push(serde_json::json!({
                "chatwire": outcome_json(&ours),
                "raw": outcome_json(&raw),
            }));
        }
        let alone = one_at_a_time(&url, &chatwire_client(&url), sequential).await;
        (alone, cancellation(&url, trials).await)
    });
    let ((raw_alone, ours_alone), cancelled) = cancelled;
    for (round, (p50, p99)) in differences.iter().enumerate() {
        println!("round {}: chatwire's first event minus raw reqwest's: p50 {p50:+.2} ms, p99 {p99:+.2} ms", round + 1);
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let alone = |sorted: &[Duration]| {
        serde_json::json!({
            "completed": sorted.len(),
            "first_event_p50_ms": ms(percentile(sorted, 0.5)),
            "first_event_p99_ms": ms(percentile(sorted, 0.99)),
        })
    };
    let (raw_p50, ours_p50) = (
        ms(percentile(&raw_alone, 0.5)),
        ms(percentile(&ours_alone, 0.5)),
    );
    println!(
        "one stream at a time, {sequential} each, alternating: first event p50 raw reqwest {raw_p50:.3} ms, chatwire {ours_p50:.3} ms, difference {:+.3} ms",
        ours_p50 - raw_p50
    );
    let (cancel_p50, cancel_p99) = (
        ms(percentile(&cancelled, 0.5)),
        ms(percentile(&cancelled, 0.99)),
    );
    println!(
        "cancellation (drop after 3 events, until the mock saw the close), {} of {trials} seen: p50 {cancel_p50:.2} ms, p99 {cancel_p99:.2} ms, max {:.2} ms",
        cancelled.len(),
        ms(cancelled.last().copied().unwrap_or_default()),
    );
    let result = serde_json::json!({
        "bench": "load-rust",
        "streams": streams,
        "rounds": results,
        "one_at_a_time": { "chatwire": alone(&ours_alone), "raw": alone(&raw_alone) },
        "cancellation": {
            "trials": trials,
            "drop": { "seen": cancelled.len(), "p50_ms": cancel_p50, "p99_ms": cancel_p99 },
        },
    });
    println!("RESULT {result}");
    let _ = mock.kill();
}

fn outcome_json(outcome: &Outcome) -> serde_json::Value {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    serde_json::json!({
        "completed": outcome.completed,
        "errors": outcome.errors,
        "rss_kib_per_stream": outcome.rss_per_stream / 1024.0,
        "first_event_p50_ms": ms(percentile(&outcome.first_event, 0.5)),
        "first_event_p99_ms": ms(percentile(&outcome.first_event, 0.99)),
    })
}
