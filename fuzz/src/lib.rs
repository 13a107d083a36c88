//! What the fuzz targets share: how an input becomes a cap and a chunking, and the checks that
//! hold for any bytes a server could send. `sdk-core/tests/fuzz_replay.rs` runs the same checks
//! on stable, over the seeds and the kept regression inputs.

use chatwire::devapi::DevApiEvents;
use chatwire::mevichat::MevichatEvents;
use chatwire::sse::{Decoded, Decoder};
use chatwire::stream::ProviderEvents;
use chatwire::vexar::VexarEvents;
use chatwire::widgetkey::WidgetKeyEvents;
use chatwire::Error;

/// The check a target runs on one input; it panics where the input breaks a rule.
pub type Check = fn(&[u8]);

/// Every target, by the name `cargo fuzz` knows it by, and its check.
pub const TARGETS: [(&str, Check); 5] = [
    ("sse_decoder", sse_decoder),
    ("mevichat_events", |data| {
        provider_events(MevichatEvents, data)
    }),
    ("vexar_events", |data| provider_events(VexarEvents, data)),
    ("devapi_events", |data| provider_events(DevApiEvents, data)),
    ("widgetkey_events", |data| {
        provider_events(WidgetKeyEvents, data)
    }),
];

/// Raw data kept in a decode error is cut to 4 KiB, plus the `…` that marks the cut.
const RAW_LIMIT: usize = 4096 + '…'.len_utf8();

/// An input read as: one byte for the event cap, one for the chunking, then the stream's bytes.
pub struct Input<'a> {
    /// The decoder's event cap, small so the discard path is taken often.
    pub cap: usize,
    /// The stream, in the pieces a network might deliver it in.
    pub chunks: Vec<&'a [u8]>,
    /// The stream whole.
    pub bytes: &'a [u8],
}

impl<'a> Input<'a> {
    pub fn read(data: &'a [u8]) -> Option<Self> {
        let (&cap, rest) = data.split_first()?;
        let (&seed, bytes) = rest.split_first()?;
        Some(Self {
            cap: 1 + usize::from(cap) * 4,
            chunks: chunked(bytes, seed),
            bytes,
        })
    }
}

/// Cuts `bytes` into pieces of 1 to 16 bytes whose sizes follow from `seed` (an LCG), so each
/// seed is one reproducible chunking.
fn chunked(mut bytes: &[u8], seed: u8) -> Vec<&[u8]> {
    let mut state = u32::from(seed) | 1;
    let mut chunks = Vec::new();
    while !bytes.is_empty() {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let size = (1 + (state >> 16) as usize % 16).min(bytes.len());
        let (chunk, rest) = bytes.split_at(size);
        chunks.push(chunk);
        bytes = rest;
    }
    chunks
}

/// The decoder on any bytes in any chunking: no panic, memory within the cap, and the same events
/// as when the stream comes in one piece.
pub fn sse_decoder(data: &[u8]) {
    let Some(input) = Input::read(data) else {
        return;
    };
    let whole = decode_checked(&[input.bytes], input.cap);
    let chunked = decode_checked(&input.chunks, input.cap);
    assert_eq!(whole, chunked, "the chunking changed what was decoded");
}

/// Decodes `chunks` with `cap`, checking after every chunk that what is held stays within the cap.
pub fn decode_checked(chunks: &[&[u8]], cap: usize) -> (Vec<Decoded>, bool) {
    let mut decoder = Decoder::with_max_event_size(cap);
    let mut out = Vec::new();
    for chunk in chunks {
        decoder.feed_owned(chunk, &mut out);
        assert!(
            decoder.buffered() <= cap,
            "the decoder holds more than its cap"
        );
    }
    let unfinished = decoder.finish();
    // The cap counts raw bytes; each character of the data, U+FFFD for invalid UTF-8 included,
    // came from at least one of them.
    for event in out.iter().flatten() {
        assert!(
            event.data.chars().count() <= cap,
            "an event above the cap was dispatched"
        );
    }
    (out, unfinished)
}

/// Runs every event of the input through a provider's decoding, as a stream would: typed event,
/// terminal check and neutral form. Nothing may panic, and a decode error keeps its raw data cut.
pub fn provider_events<P: ProviderEvents>(mut events: P, data: &[u8]) {
    let Some(input) = Input::read(data) else {
        return;
    };
    let mut decoder = Decoder::with_max_event_size(input.cap);
    for chunk in &input.chunks {
        decoder.feed(chunk, |raw| {
            let Ok(raw) = raw else { return };
            match events.decode(raw) {
                Ok(event) => {
                    events.is_terminal(&event);
                    P::neutral(&event);
                }
                Err(Error::Decode { raw, .. }) => assert!(raw.len() <= RAW_LIMIT),
                Err(other) => panic!("decoding an event gave {other:?}, not a decode error"),
            }
        });
    }
    decoder.finish();
}
