//! The SSE decoder on any bytes in any chunking: no panic, memory within the cap, and the same
//! events as when the stream comes in one piece.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| chatwire_fuzz::sse_decoder(data));
