//! The SSE decoder on any bytes in any chunking: no panic, memory within the cap, and the same
//! events as when the stream comes in one piece.

#![no_main]

use chatwire_fuzz::{decode_checked, Input};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(input) = Input::read(data) else {
        return;
    };
    let whole = decode_checked(&[input.bytes], input.cap);
    let chunked = decode_checked(&input.chunks, input.cap);
    assert_eq!(whole, chunked, "the chunking changed what was decoded");
});
