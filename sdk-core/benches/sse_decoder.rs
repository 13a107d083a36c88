//! Decoder throughput, side by side with `eventsource-stream` 0.2.3 in the same run.
//!
//! `cargo bench -p chatwire --bench sse_decoder` decodes 40,000 small events (about 1.1 MB) in
//! 1-byte, 1460-byte and 64 KiB chunks, and one 4 MiB line in 1 and in 4096 chunks, with each
//! decoder, and prints the median of several runs in MB/s and the ratio between them. The last
//! line, `RESULT {...}`, is the same numbers as JSON, for `scripts/bench`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chatwire::sse::Decoder;
use eventsource_stream::Eventsource;
use futures_util::StreamExt;

const SMALL_EVENTS: usize = 40_000;
const LONG_LINE: usize = 4 * 1024 * 1024;
const RUNS: usize = 7;

fn small_events() -> Vec<u8> {
    (0..SMALL_EVENTS)
        .map(|i| format!("event: token\ndata: {{\"t\":\"{}\"}}\n\n", i % 10))
        .collect::<String>()
        .into_bytes()
}

fn long_line() -> Vec<u8> {
    let mut input = b"data: ".to_vec();
    input.resize(LONG_LINE + 6, b'x');
    input.extend_from_slice(b"\n\n");
    input
}

/// Decodes with chatwire's decoder, borrowing each event (the path the SDK's streams take: the
/// event is parsed where it stands). Answers the events seen, so nothing is optimized away.
fn chatwire_borrowed(chunks: &[&[u8]]) -> usize {
    let mut decoder = Decoder::with_max_event_size(8 * 1024 * 1024);
    let mut events = 0;
    for chunk in chunks {
        decoder.feed(chunk, |event| {
            black_box(event.ok());
            events += 1;
        });
    }
    events
}

/// Decodes with chatwire's decoder into owned events.
fn chatwire_owned(chunks: &[&[u8]]) -> usize {
    let mut decoder = Decoder::with_max_event_size(8 * 1024 * 1024);
    let mut out = Vec::new();
    let mut events = 0;
    for chunk in chunks {
        decoder.feed_owned(chunk, &mut out);
        events += out.len();
        out.clear();
    }
    events
}

/// Decodes with eventsource-stream, driven by a stream of the same chunks.
fn eventsource_stream(chunks: &[&[u8]]) -> usize {
    let stream =
        futures_util::stream::iter(chunks.iter().map(|c| Ok::<_, std::convert::Infallible>(*c)));
    futures_executor::block_on(
        stream
            .eventsource()
            .filter(|e| std::future::ready(e.is_ok()))
            .count(),
    )
}

fn median_time(decode: fn(&[&[u8]]) -> usize, chunks: &[&[u8]], expected: usize) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            let events = black_box(decode(black_box(chunks)));
            let elapsed = started.elapsed();
            assert_eq!(events, expected, "every event decoded");
            elapsed
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

fn megabytes_per_second(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / 1e6 / time.as_secs_f64()
}

fn main() {
    let small = small_events();
    let long = long_line();
    let cases: Vec<(String, &[u8], usize, usize)> = vec![
        (
            "40,000 small events, 1-byte chunks".into(),
            &small,
            1,
            SMALL_EVENTS,
        ),
        (
            "40,000 small events, 1460-byte chunks".into(),
            &small,
            1460,
            SMALL_EVENTS,
        ),
        (
            "40,000 small events, 64 KiB chunks".into(),
            &small,
            64 * 1024,
            SMALL_EVENTS,
        ),
        ("4 MiB line, 1 chunk".into(), &long, long.len(), 1),
        (
            "4 MiB line, 4096 chunks".into(),
            &long,
            long.len().div_ceil(4096),
            1,
        ),
    ];
    println!(
        "input sizes: small events {} bytes, long line {} bytes; median of {RUNS} runs",
        small.len(),
        long.len()
    );
    println!("| case | chatwire, borrowed events MB/s | chatwire, owned events MB/s | eventsource-stream MB/s | ratio borrowed | ratio owned |");
    println!("|---|---:|---:|---:|---:|---:|");
    let mut results = Vec::new();
    for (name, input, chunk_size, expected) in cases {
        let chunks: Vec<&[u8]> = input.chunks(chunk_size).collect();
        let borrowed = median_time(chatwire_borrowed, &chunks, expected);
        let owned = median_time(chatwire_owned, &chunks, expected);
        let reference = median_time(eventsource_stream, &chunks, expected);
        let speed = |time: Duration| megabytes_per_second(input.len(), time);
        let ratio = |time: Duration| reference.as_secs_f64() / time.as_secs_f64();
        println!(
            "| {name} | {:.0} | {:.0} | {:.1} | {:.1}x | {:.1}x |",
            speed(borrowed),
            speed(owned),
            speed(reference),
            ratio(borrowed),
            ratio(owned),
        );
        results.push(serde_json::json!({
            "case": name,
            "borrowed_mb_s": speed(borrowed),
            "owned_mb_s": speed(owned),
            "eventsource_stream_mb_s": speed(reference),
        }));
    }
    let result = serde_json::json!({ "bench": "decoder", "runs": RUNS, "cases": results });
    println!("RESULT {result}");
}
