//! The bytes scenarios send: the JSON and Mevichat-format SSE replies, and their compressed forms.

use std::io::Write;
use std::sync::OnceLock;

use flate2::write::{DeflateEncoder, GzEncoder, ZlibEncoder};
use flate2::{Compression, Crc};

pub(crate) const REPLY_JSON: &str =
    r#"{"conversationId":"conv_hostile","message":"hello from the hostile server"}"#;
/// What the trap answers: a client that shows this to its caller followed a redirect it must not.
pub(crate) const TRAPPED_JSON: &str = r#"{"conversationId":"trapped","message":"trapped"}"#;

pub(crate) const META: &str = "event: meta\n\
    data: {\"session_id\":\"5f3e8c7c-5d4a-4a91-9a4e-c9a7e6d2b0f1\",\"message_id\":1}\n\n";
pub(crate) const DONE: &str = "event: done\n\
    data: {\"finish_reason\":\"stop\",\"tokens_in\":1,\"tokens_out\":3,\"latency_ms\":1,\"model\":\"hostile\"}\n\n";
/// An SSE comment: it must not count as an event (nor reset an idle timeout).
pub(crate) const KEEP_ALIVE: &str = ": keep-alive\n\n";

/// A Mevichat `token` event carrying `text`.
pub(crate) fn token(text: &str) -> String {
    let data = serde_json::json!({ "text": text });
    format!("event: token\ndata: {data}\n\n")
}

/// META, the tokens "a", "b", "c", DONE: a complete Mevichat stream.
pub(crate) fn reply_sse() -> String {
    [META, &token("a"), &token("b"), &token("c"), DONE].concat()
}

/// A complete gzip member holding `bytes`.
pub(crate) fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).expect(IN_MEMORY);
    encoder.finish().expect(IN_MEMORY)
}

/// A zlib stream (what `Content-Encoding: deflate` means) holding `bytes`.
pub(crate) fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).expect(IN_MEMORY);
    encoder.finish().expect(IN_MEMORY)
}

/// Compressing into a `Vec` cannot fail.
const IN_MEMORY: &str = "compressing into memory";

/// What the gzip bomb inflates to.
pub(crate) const BOMB_INFLATED: usize = 1 << 30;
/// The bomb is compressed in blocks of this size, each ended by a sync flush.
const BOMB_BLOCK: usize = 1 << 20;

/// A real gzip stream of about 1 MiB inflating to [`BOMB_INFLATED`] bytes: META, then one SSE
/// comment line `: xxx…` that never ends. Built on first use and kept.
pub(crate) fn gzip_bomb() -> &'static [u8] {
    static BOMB: OnceLock<Vec<u8>> = OnceLock::new();
    BOMB.get_or_init(build_gzip_bomb)
}

/// Compressing 1 GiB would take far too long, so only the first few blocks are compressed.
/// A sync flush leaves the deflate stream byte-aligned, and every block after the first only
/// refers back into a window that is all `x`; so once two blocks of `x` compress to the same
/// bytes, every later block compresses to them too, and they are copied. The CRC is likewise
/// combined from the CRC of one block.
fn build_gzip_bomb() -> Vec<u8> {
    let mut first_block = format!("{META}: ").into_bytes();
    first_block.resize(BOMB_BLOCK, b'x');
    let filler = vec![b'x'; BOMB_BLOCK];
    let mut filler_crc = Crc::new();
    filler_crc.update(&filler);

    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
    let mut deflate_block = |block: &[u8]| -> Vec<u8> {
        encoder.write_all(block).expect(IN_MEMORY);
        encoder.flush().expect(IN_MEMORY);
        std::mem::take(encoder.get_mut())
    };

    let mut bomb = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]; // gzip header: deflate, no name, no mtime
    bomb.extend(deflate_block(&first_block));
    let mut crc = Crc::new();
    crc.update(&first_block);
    let mut last = Vec::new();
    let mut steady = false;
    for _ in 1..BOMB_INFLATED / BOMB_BLOCK {
        if !steady {
            let block = deflate_block(&filler);
            steady = block == last;
            last = block;
        }
        bomb.extend_from_slice(&last);
        crc.combine(&filler_crc);
    }
    // An empty final block with fixed codes: BFINAL=1, BTYPE=01, end-of-block.
    bomb.extend_from_slice(&[0x03, 0x00]);
    bomb.extend_from_slice(&crc.sum().to_le_bytes());
    let inflated = u32::try_from(BOMB_INFLATED).expect("the bomb inflates to under 4 GiB");
    bomb.extend_from_slice(&inflated.to_le_bytes());
    bomb
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn token_escapes_its_text() {
        assert_eq!(
            token("a\"b"),
            "event: token\ndata: {\"text\":\"a\\\"b\"}\n\n"
        );
    }

    #[test]
    fn the_bomb_is_small_and_starts_with_meta() {
        let started = std::time::Instant::now();
        let bomb = gzip_bomb();
        eprintln!("gzip bomb: {} bytes in {:?}", bomb.len(), started.elapsed());
        assert!(bomb.len() < 2 << 20, "{} bytes", bomb.len());
        let size = u32::from_le_bytes(bomb[bomb.len() - 4..].try_into().unwrap());
        assert_eq!(size as usize, BOMB_INFLATED);

        let mut start = vec![0u8; 3 * BOMB_BLOCK];
        flate2::read::GzDecoder::new(bomb)
            .read_exact(&mut start)
            .unwrap();
        assert!(start.starts_with(format!("{META}: xxx").as_bytes()));
        assert!(start[META.len() + 2..].iter().all(|&byte| byte == b'x'));
    }

    /// Inflates the whole GiB, which checks the gzip trailer (length and CRC) too.
    #[test]
    fn the_bomb_inflates_to_one_gib_with_a_valid_trailer() {
        let mut decoder = flate2::read::GzDecoder::new(gzip_bomb());
        let inflated = std::io::copy(&mut decoder, &mut std::io::sink()).unwrap();
        assert_eq!(inflated as usize, BOMB_INFLATED);
    }
}
