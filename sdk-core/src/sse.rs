//! A server-sent events decoder that follows the HTML standard's event-stream interpretation
//! (<https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation>)
//! exactly, byte for byte, however the input is chunked.
//!
//! - A leading UTF-8 BOM is dropped, once, even when split across chunks.
//! - Lines end at CR, LF or CRLF; a CRLF split across chunks counts once, and a CR-terminated
//!   line is processed at once, without waiting to see whether an LF follows.
//! - Comments are skipped; `id` persists across events and is ignored when it holds a NUL;
//!   `retry` is taken only when it is all ASCII digits; an unfinished event at the end of the
//!   stream is discarded.
//! - Invalid UTF-8 becomes U+FFFD.
//! - Work is linear in the input: each byte is scanned once and copied once into the event's
//!   buffer (a split line other than `data` is copied twice: into the pending line first). Events
//!   are handed out borrowed from reused buffers, so decoding allocates nothing per event.
//! - An event larger than the size cap is reported as [`EventTooLarge`] and skipped up to its
//!   end, so memory stays bounded by the cap.

use std::borrow::Cow;
use std::time::Duration;

/// The default cap on one event: its data so far plus the whole line being read (field name
/// included). The same rule holds however the lines are chunked, and it bounds what is held.
pub const DEFAULT_MAX_EVENT_SIZE: usize = 1024 * 1024;

const BOM: &[u8; 3] = b"\xEF\xBB\xBF";

const DATA_FIELD: &[u8] = b"data:";

/// One dispatched event, borrowed from the decoder until the next call into it. Parse it where it
/// stands, or keep it with [`EventRef::to_owned`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventRef<'a> {
    /// The event type: the last `event` field, or `"message"` when there was none or it was empty.
    pub event: &'a str,
    /// The data: the `data` fields joined by LF.
    pub data: &'a str,
    /// The last event ID in force when the event was dispatched (`""` when none was set).
    pub last_event_id: &'a str,
}

impl EventRef<'_> {
    /// An owned copy.
    pub fn to_owned(&self) -> Event {
        Event {
            event: self.event.to_owned(),
            data: self.data.to_owned(),
            last_event_id: self.last_event_id.to_owned(),
        }
    }
}

/// One dispatched event, owned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// The event type: the last `event` field, or `"message"` when there was none or it was empty.
    pub event: String,
    /// The data: the `data` fields joined by LF.
    pub data: String,
    /// The last event ID in force when the event was dispatched (`""` when none was set).
    pub last_event_id: String,
}

/// An event grew past the decoder's size cap. The decoder skips the rest of that event and goes
/// on with the next one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("server-sent event larger than the {limit}-byte cap")]
pub struct EventTooLarge {
    /// The cap, in bytes.
    pub limit: usize,
}

/// What one chunk of input yields, owned: events in order, and size errors where they happened.
pub type Decoded = Result<Event, EventTooLarge>;

/// Where the decoder hands what it decodes: each event, borrowed, and each size error.
pub trait Emit: for<'a> FnMut(Result<EventRef<'a>, EventTooLarge>) {}

impl<F: for<'a> FnMut(Result<EventRef<'a>, EventTooLarge>)> Emit for F {}

/// An incremental event-stream decoder. Feed it chunks with [`Decoder::feed`] (borrowed events,
/// no allocation per event) or [`Decoder::feed_owned`], and call [`Decoder::finish`] at the end of
/// the stream.
#[derive(Debug)]
pub struct Decoder {
    max_event_size: usize,
    /// Bytes of the BOM matched so far at the start of the stream; `None` once decided.
    bom_matched: Option<usize>,
    /// The previous chunk ended in CR: an LF at the start of the next one ends no line.
    skip_lf: bool,
    /// The line begun in an earlier chunk and not finished yet.
    pending_line: Vec<u8>,
    /// The pending line is a `data` field whose value goes straight into `data`, so that a
    /// long line split across many chunks is copied once, not twice.
    streaming_data: bool,
    /// The bytes of a streamed data line that are not in `data` (its `data:` and the space
    /// dropped after it), which the cap counts all the same; zero when not streaming.
    streamed_prefix: usize,
    /// Skipping the rest of an event that grew past the cap, up to its blank line.
    discarding: bool,
    /// Whether the discarded event's current line has any byte (a blank line ends the discard).
    discarding_line_started: bool,
    data: Vec<u8>,
    event_type: Vec<u8>,
    id_buffer: Vec<u8>,
    id_changed: bool,
    last_event_id: String,
    reconnection_time: Option<u64>,
    /// The type of the last event dispatched, already checked as UTF-8: a stream repeats a few
    /// types, so most events reuse it.
    last_type: String,
}

impl Default for Decoder {
    fn default() -> Self {
        Self::new()
    }
}

impl Decoder {
    /// A decoder with the default 1 MiB event cap.
    pub fn new() -> Self {
        Self::with_max_event_size(DEFAULT_MAX_EVENT_SIZE)
    }

    /// A decoder whose events may hold at most `max_event_size` bytes.
    pub fn with_max_event_size(max_event_size: usize) -> Self {
        Self {
            max_event_size,
            bom_matched: Some(0),
            skip_lf: false,
            pending_line: Vec::new(),
            streaming_data: false,
            streamed_prefix: 0,
            discarding: false,
            discarding_line_started: false,
            data: Vec::new(),
            event_type: Vec::new(),
            id_buffer: Vec::new(),
            id_changed: false,
            last_event_id: String::new(),
            reconnection_time: None,
            last_type: String::from("message"),
        }
    }

    /// The last event ID of the stream so far.
    pub fn last_event_id(&self) -> &str {
        &self.last_event_id
    }

    /// Bytes held for the event being read: never more than the event cap.
    pub fn buffered(&self) -> usize {
        self.pending_line.len() + self.data.len()
    }

    /// The reconnection time the stream last set with `retry`, if any.
    pub fn reconnection_time(&self) -> Option<Duration> {
        self.reconnection_time.map(Duration::from_millis)
    }

    /// Decodes one chunk, appending owned copies of what it completes to `out`.
    pub fn feed_owned(&mut self, chunk: &[u8], out: &mut Vec<Decoded>) {
        self.feed(chunk, |item: Result<EventRef<'_>, EventTooLarge>| {
            out.push(item.map(|event| event.to_owned()));
        });
    }

    /// Decodes one chunk, handing each event it completes (and each size error) to `emit`.
    pub fn feed(&mut self, mut chunk: &[u8], mut emit: impl Emit) {
        let out = &mut emit;
        if let Some(matched) = self.bom_matched {
            let (not_a_bom, rest) = self.strip_bom(matched, chunk);
            if self.bom_matched.is_some() {
                return; // all of the chunk was a prefix of the BOM
            }
            self.extend_pending(not_a_bom, out);
            chunk = rest;
        }
        if chunk.is_empty() {
            return;
        }
        if self.skip_lf {
            self.skip_lf = false;
            if chunk[0] == b'\n' {
                chunk = &chunk[1..];
            }
        }
        while let Some(end) = find_line_end(chunk) {
            if !self.streaming_data && self.pending_line.is_empty() {
                self.line(&chunk[..end], out);
            } else {
                // The rest of a line begun earlier; it may turn out to be a streamed data line.
                self.extend_pending(&chunk[..end], out);
                if self.streaming_data {
                    self.end_streamed_data_line();
                } else {
                    let line = std::mem::take(&mut self.pending_line);
                    self.line(&line, out);
                    self.pending_line = line;
                    self.pending_line.clear();
                }
            }
            let after = end + 1;
            if chunk[end] == b'\r' {
                match chunk.get(after) {
                    Some(b'\n') => chunk = &chunk[after + 1..],
                    Some(_) => chunk = &chunk[after..],
                    None => {
                        // It may be the first half of a CRLF split across chunks.
                        self.skip_lf = true;
                        return;
                    }
                }
            } else {
                chunk = &chunk[after..];
            }
        }
        self.extend_pending(chunk, out);
    }

    /// Ends the stream. An event without its closing blank line is discarded, as the standard
    /// requires; the answer says whether there was one.
    pub fn finish(&mut self) -> bool {
        let unfinished = !self.data.is_empty()
            || !self.pending_line.is_empty()
            || self.streaming_data
            || (self.discarding && self.discarding_line_started);
        self.pending_line.clear();
        self.streamed_prefix = 0;
        self.streaming_data = false;
        self.data.clear();
        self.event_type.clear();
        self.discarding = false;
        self.discarding_line_started = false;
        unfinished
    }

    /// Consumes the BOM's bytes from the start of the stream. Answers the bytes held back that
    /// turned out not to be a BOM, and the rest of the chunk.
    fn strip_bom<'a>(&mut self, mut matched: usize, chunk: &'a [u8]) -> (&'static [u8], &'a [u8]) {
        let mut taken = 0;
        while matched < BOM.len() {
            match chunk.get(taken) {
                None => {
                    self.bom_matched = Some(matched);
                    return (&[], &[]);
                }
                Some(&byte) if byte == BOM[matched] => {
                    matched += 1;
                    taken += 1;
                }
                Some(_) => {
                    // Not a BOM after all: the bytes taken so far are ordinary input. None of
                    // them is CR or LF, so they can only begin the pending line.
                    self.bom_matched = None;
                    return (&BOM[..matched], &chunk[taken..]);
                }
            }
        }
        self.bom_matched = None;
        (&[], &chunk[taken..])
    }

    /// Adds part of a line that has not ended yet, within the size cap.
    fn extend_pending(&mut self, part: &[u8], out: &mut impl Emit) {
        if part.is_empty() {
            return;
        }
        if self.discarding {
            self.discarding_line_started = true;
            return;
        }
        // The event's data so far plus the whole line being read, as `line` counts a whole one.
        let held = self.data.len() + self.pending_line.len() + self.streamed_prefix;
        if held + part.len() > self.max_event_size {
            self.start_discarding(out);
            self.discarding_line_started = true;
            return;
        }
        if self.streaming_data {
            self.data.extend_from_slice(part);
            return;
        }
        self.pending_line.extend_from_slice(part);
        // Once the byte after `data:` is known (it may be the one space to drop), the value can
        // go straight to the event.
        if self.pending_line.len() > DATA_FIELD.len() && self.pending_line.starts_with(DATA_FIELD) {
            let value = &self.pending_line[DATA_FIELD.len()..];
            let value = value.strip_prefix(b" ").unwrap_or(value);
            self.data.extend_from_slice(value);
            self.streamed_prefix = self.pending_line.len() - value.len();
            self.pending_line.clear();
            self.streaming_data = true;
        }
    }

    /// Ends a `data` line whose value was streamed into `data`, as [`Decoder::line`] ends one.
    /// The cap needs no check here: the line's LF is smaller than the `data:` it was counted with.
    fn end_streamed_data_line(&mut self) {
        self.streaming_data = false;
        self.streamed_prefix = 0;
        if self.discarding {
            self.discarding_line_started = false;
            return;
        }
        self.data.push(b'\n');
    }

    fn start_discarding(&mut self, out: &mut impl Emit) {
        out(Err(EventTooLarge {
            limit: self.max_event_size,
        }));
        self.discarding = true;
        self.streaming_data = false;
        self.pending_line.clear();
        self.streamed_prefix = 0;
        self.data.clear();
        self.event_type.clear();
    }

    /// Processes one whole line.
    fn line(&mut self, line: &[u8], out: &mut impl Emit) {
        if self.discarding {
            if line.is_empty() && !self.discarding_line_started {
                self.discarding = false;
            }
            self.discarding_line_started = false;
            return;
        }
        if line.is_empty() {
            self.dispatch(out);
            return;
        }
        // The rule `extend_pending` applies to a split line, for a whole one; it also keeps
        // `data` within the cap, as a data line's value and LF are shorter than the line.
        if self.data.len() + line.len() > self.max_event_size {
            self.start_discarding(out);
            return;
        }
        if line[0] == b':' {
            return;
        }
        // Field names are short, so a plain scan finds the colon sooner than a vectorized search.
        let (name, value) = match line.iter().position(|&b| b == b':') {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &[][..]),
        };
        match name {
            b"data" => {
                self.data.extend_from_slice(value);
                self.data.push(b'\n');
            }
            b"event" => {
                self.event_type.clear();
                self.event_type.extend_from_slice(value);
            }
            b"id" if !value.contains(&0) => {
                self.id_buffer.clear();
                self.id_buffer.extend_from_slice(value);
                self.id_changed = true;
            }
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                // Digits only, so it is valid UTF-8; a value past u64 is ignored.
                let parsed = std::str::from_utf8(value).ok().and_then(|v| v.parse().ok());
                self.reconnection_time = parsed.or(self.reconnection_time);
            }
            _ => {}
        }
    }

    fn dispatch(&mut self, out: &mut impl Emit) {
        if self.id_changed {
            self.last_event_id.clear();
            self.last_event_id.push_str(&text(&self.id_buffer));
            self.id_changed = false;
        }
        if self.data.is_empty() {
            self.event_type.clear();
            return;
        }
        let data = text(&self.data[..self.data.len() - 1]);
        let name: &[u8] = if self.event_type.is_empty() {
            b"message"
        } else {
            &self.event_type
        };
        if name != self.last_type.as_bytes() {
            self.last_type.clear();
            self.last_type.push_str(&text(name));
        }
        out(Ok(EventRef {
            event: &self.last_type,
            data: &data,
            last_event_id: &self.last_event_id,
        }));
        self.data.clear();
        self.event_type.clear();
    }
}

/// The index of the first CR or LF in `bytes`.
///
/// Most lines of an event stream are short, where a vectorized search's setup outweighs the few
/// bytes it scans; so the first 32 bytes are looked at a word at a time, and longer lines go to
/// `memchr`.
#[inline]
fn find_line_end(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    /// A high bit set in each byte of `word` that is zero. Borrows can flag bytes above a true
    /// zero, never below it, so the lowest flag is exact.
    fn zero_bytes(word: u64) -> u64 {
        word.wrapping_sub(ONES) & !word & HIGH_BITS
    }
    let mut offset = 0;
    while offset < 32 {
        let Some(chunk) = bytes.get(offset..offset + 8) else {
            break;
        };
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let found = zero_bytes(word ^ (ONES * u64::from(b'\n')))
            | zero_bytes(word ^ (ONES * u64::from(b'\r')));
        if found != 0 {
            return Some(offset + (found.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    memchr::memchr2(b'\r', b'\n', &bytes[offset..]).map(|i| offset + i)
}

/// Bytes as text, with each invalid UTF-8 sequence replaced by U+FFFD; borrowed when valid.
fn text(bytes: &[u8]) -> Cow<'_, str> {
    // Event data is short and mostly ASCII, where `is_ascii` is several times cheaper than a
    // full UTF-8 check; the lossy path is kept for input that needs it.
    if bytes.is_ascii() {
        // SAFETY: every byte is ASCII, and ASCII is valid UTF-8.
        return Cow::Borrowed(unsafe { std::str::from_utf8_unchecked(bytes) });
    }
    match std::str::from_utf8(bytes) {
        Ok(valid) => Cow::Borrowed(valid),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

#[cfg(test)]
mod tests;
