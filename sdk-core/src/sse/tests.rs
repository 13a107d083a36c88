//! Cases from the HTML standard and from web-platform-tests' `eventsource/format-*.htm`, chunked
//! every way that matters, and a property test against a whole-input reading of the standard.

use super::*;
use proptest::prelude::*;

/// What a stream decodes to: events as (type, data, last event id), `None` for a size error,
/// and whether `finish` found an unfinished event.
type Outcome = (Vec<Option<(String, String, String)>>, bool);

fn decode_chunks(chunks: &[&[u8]], cap: usize) -> Outcome {
    let mut decoder = Decoder::with_max_event_size(cap);
    let mut out = Vec::new();
    for chunk in chunks {
        decoder.feed_owned(chunk, &mut out);
    }
    let unfinished = decoder.finish();
    let events = out
        .into_iter()
        .map(|item| item.ok().map(|e| (e.event, e.data, e.last_event_id)))
        .collect();
    (events, unfinished)
}

/// Decodes `input` whole, split at every single position, and byte by byte, and checks that all
/// agree before answering the events.
fn decode(input: &[u8]) -> Vec<(String, String, String)> {
    let whole = decode_chunks(&[input], DEFAULT_MAX_EVENT_SIZE);
    for split in 0..=input.len() {
        let (a, b) = input.split_at(split);
        assert_eq!(
            decode_chunks(&[a, b], DEFAULT_MAX_EVENT_SIZE),
            whole,
            "split at {split}"
        );
    }
    let bytes: Vec<&[u8]> = input.chunks(1).collect();
    assert_eq!(
        decode_chunks(&bytes, DEFAULT_MAX_EVENT_SIZE),
        whole,
        "byte by byte"
    );
    whole
        .0
        .into_iter()
        .map(|e| e.expect("no size error"))
        .collect()
}

fn data_of(input: &[u8]) -> Vec<String> {
    decode(input).into_iter().map(|(_, data, _)| data).collect()
}

fn ev(event: &str, data: &str, id: &str) -> (String, String, String) {
    (event.to_owned(), data.to_owned(), id.to_owned())
}

#[test]
fn bom_is_dropped_once_at_the_start_only() {
    // format-bom.htm: the second BOM makes "\u{FEFF}data" an unknown field.
    assert_eq!(
        data_of("\u{FEFF}data:1\n\n\u{FEFF}data:2\n\ndata:3\n\n".as_bytes()),
        ["1", "3"]
    );
    // format-bom-2.htm: of two leading BOMs, only the first is dropped.
    assert_eq!(
        data_of("\u{FEFF}\u{FEFF}data:1\n\ndata:2\n\ndata:3\n\n".as_bytes()),
        ["2", "3"]
    );
}

#[test]
fn bom_split_across_chunks_is_still_dropped() {
    let input = "\u{FEFF}data:x\n\n".as_bytes();
    for (a, b, c) in [(1, 2, 3), (1, 1, 1), (2, 1, 0), (3, 0, 0)] {
        let parts = [
            &input[..a],
            &input[a..a + b],
            &input[a + b..a + b + c],
            &input[a + b + c..],
        ];
        let (events, _) = decode_chunks(&parts, DEFAULT_MAX_EVENT_SIZE);
        assert_eq!(
            events,
            [Some(ev("message", "x", ""))],
            "BOM cut {a}/{b}/{c}"
        );
    }
}

#[test]
fn a_partial_bom_is_ordinary_input() {
    // "\xEF\xBB" then "d": not a BOM, so the field name is "\xEF\xBBdata", which is unknown.
    let (events, _) = decode_chunks(
        &[b"\xEF\xBB", b"data:1\n\ndata:2\n\n"],
        DEFAULT_MAX_EVENT_SIZE,
    );
    assert_eq!(events, [Some(ev("message", "2", ""))]);
    assert_eq!(data_of(b"\xEF\ndata:1\n\n"), ["1"]);
}

#[test]
fn line_ends_cr_lf_and_crlf() {
    // format-newlines.htm
    assert_eq!(
        data_of(b"data:test\r\ndata\ndata:test\r\n\r"),
        ["test\n\ntest"]
    );
    assert_eq!(data_of(b"data:a\rdata:b\r\rdata:c\n\n"), ["a\nb", "c"]);
}

#[test]
fn crlf_split_across_chunks_ends_one_line() {
    let (events, _) = decode_chunks(&[b"data:a\r", b"\ndata:b\r\n\r\n"], DEFAULT_MAX_EVENT_SIZE);
    assert_eq!(events, [Some(ev("message", "a\nb", ""))]);
    let (events, _) = decode_chunks(
        &[b"data:a\r", b"", b"\n", b"\r", b"\n"],
        DEFAULT_MAX_EVENT_SIZE,
    );
    assert_eq!(events, [Some(ev("message", "a", ""))]);
}

#[test]
fn cr_terminated_event_at_end_of_stream_is_dispatched_without_more_input() {
    let mut decoder = Decoder::new();
    let mut out = Vec::new();
    decoder.feed_owned(b"data: last\r\r", &mut out);
    assert_eq!(out.len(), 1, "dispatched before finish");
    assert_eq!(out[0].as_ref().unwrap().data, "last");
    assert!(!decoder.finish());
}

#[test]
fn unfinished_event_at_end_of_stream_is_discarded() {
    // format-data-before-final-empty-line.htm
    let (events, unfinished) = decode_chunks(
        &[b"retry:1000\ndata:test1\n\nid:test\ndata:test2"],
        DEFAULT_MAX_EVENT_SIZE,
    );
    assert_eq!(events, [Some(ev("message", "test1", ""))]);
    assert!(unfinished);
    let (_, unfinished) = decode_chunks(&[b"data:x\n"], DEFAULT_MAX_EVENT_SIZE);
    assert!(unfinished, "data without its blank line");
    let (_, unfinished) = decode_chunks(&[b"data:x\n\n: bye\n"], DEFAULT_MAX_EVENT_SIZE);
    assert!(!unfinished);
}

#[test]
fn comments_are_skipped() {
    // format-comments.htm
    let input = "data:1\r:\0\n:\r\ndata:2\n:".to_owned()
        + &"x".repeat(2049)
        + "\rdata:3\n:data:fail\r:"
        + "\ndata:4\n\n";
    assert_eq!(data_of(input.as_bytes()), ["1\n2\n3\n4"]);
}

#[test]
fn data_field_forms() {
    // format-field-data.htm
    assert_eq!(
        data_of(b"data:\n\ndata\ndata\n\ndata:test\n\n"),
        ["", "\n", "test"]
    );
    // format-null-character.htm
    assert_eq!(data_of(b"data:\0\n\n\n\n"), ["\0"]);
    // format-leading-space.htm: one space is dropped, not two.
    assert_eq!(
        data_of(b"data:\x20test\n\ndata:  test\n\n"),
        ["test", " test"]
    );
}

#[test]
fn field_parsing_is_exact() {
    // format-field-parsing.htm
    let input = b"data:\0\ndata:  2\rData:1\ndata\0:2\ndata:1\r\0data:4\nda-ta:3\rdata_5\ndata:3\rdata:\r\n data:32\ndata:4\n\n";
    assert_eq!(data_of(input), ["\0\n 2\n1\n3\n\n4"]);
}

#[test]
fn event_field_names_the_type() {
    // format-field-event.htm, format-field-event-empty.htm
    let events = decode(b"event:test\ndata:x\n\ndata:x\n\nevent: \ndata:y\n\n");
    assert_eq!(
        events,
        [
            ev("test", "x", ""),
            ev("message", "x", ""),
            ev("message", "y", "")
        ]
    );
}

#[test]
fn event_type_without_data_is_not_dispatched_and_does_not_leak() {
    assert_eq!(
        decode(b"event:lonely\n\ndata:x\n\n"),
        [ev("message", "x", "")]
    );
}

#[test]
fn id_persists_and_resets() {
    // format-field-id.htm, format-field-id-2.htm
    let events = decode(b"id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\n");
    assert_eq!(
        events,
        [
            ev("message", "a", "1"),
            ev("message", "b", "1"),
            ev("message", "c", "")
        ]
    );
}

#[test]
fn id_with_nul_is_ignored() {
    // format-field-id-null.htm
    assert_eq!(decode(b"id:a\0b\ndata:x\n\n"), [ev("message", "x", "")]);
    assert_eq!(
        decode(b"id:1\ndata:x\n\nid:2\0\ndata:y\n\n"),
        [ev("message", "x", "1"), ev("message", "y", "1")]
    );
}

#[test]
fn id_is_kept_even_by_a_blank_event() {
    let mut decoder = Decoder::new();
    let mut out = Vec::new();
    decoder.feed_owned(b"id: 7\n\n", &mut out);
    assert!(out.is_empty());
    assert_eq!(decoder.last_event_id(), "7");
}

#[test]
fn retry_takes_digits_only() {
    for (input, expected) in [
        (&b"retry: 5\n"[..], Some(5)),
        (b"retry:03000\n", Some(3000)),
        (b"retry: +5\n", None),
        (b"retry: -5\n", None),
        (b"retry: 5 \n", None),
        (b"retry: 1.5\n", None),
        (b"retry:\n", None),
        (b"retry\n", None),
        (b"retry: 99999999999999999999999\n", None),
    ] {
        let mut decoder = Decoder::new();
        let mut out = Vec::new();
        decoder.feed_owned(input, &mut out);
        let input = String::from_utf8_lossy(input);
        assert_eq!(
            decoder.reconnection_time(),
            expected.map(Duration::from_millis),
            "{input:?}"
        );
    }
    // format-field-retry-empty.htm: a bad retry does not stop the event.
    assert_eq!(data_of(b"retry\ndata:test\n\n"), ["test"]);
}

#[test]
fn unknown_fields_are_ignored() {
    // format-field-unknown.htm
    assert_eq!(
        data_of(b"data:test\n field\n field: 2\nfield\nunknown: x\n\n"),
        ["test"]
    );
}

#[test]
fn utf8_is_decoded_and_invalid_bytes_become_replacement_characters() {
    // format-utf-8.htm
    assert_eq!(data_of("data:ok\u{2026}\n\n".as_bytes()), ["ok\u{2026}"]);
    assert_eq!(data_of(b"data: \xFF\xFEok\n\n"), ["\u{FFFD}\u{FFFD}ok"]);
    assert_eq!(
        data_of(b"data: \xE2\x82\n\n"),
        ["\u{FFFD}"],
        "a truncated sequence is one U+FFFD"
    );
    assert_eq!(data_of(b"event: t\xC3\n data\ndata: x\n\n"), ["x"]);
    let events = decode(b"event: \xC3(\ndata: x\n\n");
    assert_eq!(events[0].0, "\u{FFFD}(");
}

#[test]
fn a_character_split_across_chunks_survives() {
    let (events, _) = decode_chunks(
        &[b"data: \xE2", b"\x82", b"\xAC\n\n"],
        DEFAULT_MAX_EVENT_SIZE,
    );
    assert_eq!(events, [Some(ev("message", "\u{20AC}", ""))]);
}

#[test]
fn oversize_event_is_an_error_then_the_stream_goes_on() {
    let input = format!("data: {}\n\ndata: small\n\n", "x".repeat(100));
    for chunk_size in [1, 7, 64, input.len()] {
        let chunks: Vec<&[u8]> = input.as_bytes().chunks(chunk_size).collect();
        let (events, unfinished) = decode_chunks(&chunks, 32);
        assert_eq!(
            events,
            [None, Some(ev("message", "small", ""))],
            "chunks of {chunk_size}"
        );
        assert!(!unfinished);
    }
}

#[test]
fn oversize_over_several_data_lines_is_caught() {
    let line = format!("data: {}\n", "y".repeat(10));
    let input = line.repeat(5) + "\ndata: next\n\n";
    let (events, _) = decode_chunks(&[input.as_bytes()], 40);
    assert_eq!(events, [None, Some(ev("message", "next", ""))]);
}

#[test]
fn oversize_event_type_or_id_is_caught() {
    let input = format!(
        "event: {0}\ndata: a\n\nid: {0}\ndata: b\n\ndata: c\n\n",
        "t".repeat(50)
    );
    let (events, _) = decode_chunks(&[input.as_bytes()], 40);
    assert_eq!(events, [None, None, Some(ev("message", "c", ""))]);
}

/// Found by `cargo fuzz` (target `sse_decoder`): a line over the cap was refused when it came
/// in two chunks and let through when it came in one. The cap now counts the whole line either way.
#[test]
fn a_line_over_the_cap_is_refused_however_it_is_chunked() {
    let input = b"\xF2\xDB\n\r\r";
    let whole = decode_chunks(&[input], 1);
    assert_eq!(whole, (vec![None], false));
    assert_eq!(decode_chunks(&[&input[..1], &input[1..]], 1), whole);
    // A comment or an unknown field counts too, at the cap's edge exactly.
    let line = b": 1234567\n\ndata: a\n\n";
    assert_eq!(decode_chunks(&[line], 9).0, [Some(ev("message", "a", ""))]);
    assert_eq!(
        decode_chunks(&[line], 8).0,
        [None, Some(ev("message", "a", ""))]
    );
    assert_eq!(
        decode_chunks(&[&line[..4], &line[4..]], 8).0,
        [None, Some(ev("message", "a", ""))]
    );
}

/// Found by `cargo fuzz` (target `sse_decoder`): the first bytes of a BOM that turned out not
/// to be one went back into the line without counting against the cap.
#[test]
fn bytes_that_only_looked_like_a_bom_count_against_the_cap() {
    let mut decoder = Decoder::with_max_event_size(1);
    let mut out = Vec::new();
    decoder.feed_owned(b"\xEF", &mut out);
    decoder.feed_owned(b":", &mut out);
    assert!(decoder.buffered() <= 1);
    assert_eq!(out, [Err(EventTooLarge { limit: 1 })]);
    assert_eq!(decode_chunks(&[b"\xEF:\n\n"], 1).0, [None]);
}

#[test]
fn memory_stays_within_the_cap_on_an_endless_line() {
    let mut decoder = Decoder::with_max_event_size(1024);
    let mut out = Vec::new();
    let chunk = [b'x'; 4096];
    decoder.feed_owned(b"data: ", &mut out);
    for _ in 0..256 {
        decoder.feed_owned(&chunk, &mut out);
    }
    assert_eq!(out.len(), 1, "one error for the one event");
    assert!(out[0].is_err());
    assert!(decoder.pending_line.capacity() <= 1024 && decoder.data.capacity() <= 1024);
    decoder.feed_owned(b"\n\ndata: after\n\n", &mut out);
    assert_eq!(out.last().unwrap().as_ref().unwrap().data, "after");
}

#[test]
fn borrowed_events_match_owned_ones() {
    let input = b"event: token\ndata: a\n\nid: 3\ndata: b\ndata: \xFF\n\n";
    let mut borrowed = Vec::new();
    Decoder::new().feed(input, |item| borrowed.push(item.unwrap().to_owned()));
    let mut owned = Vec::new();
    Decoder::new().feed_owned(input, &mut owned);
    assert_eq!(
        owned.into_iter().map(Result::unwrap).collect::<Vec<_>>(),
        borrowed
    );
    assert_eq!(borrowed[1].data, "b\n\u{FFFD}");
}

/// The standard read literally over a whole input: decode, drop the BOM, split lines, process.
fn reference(input: &[u8]) -> Vec<(String, String, String)> {
    let input = input.strip_prefix(BOM).unwrap_or(input);
    let text = String::from_utf8_lossy(input);
    let mut lines: Vec<&str> = Vec::new();
    let mut rest: &str = &text;
    while let Some(end) = rest.find(['\r', '\n']) {
        lines.push(&rest[..end]);
        let skip = if rest[end..].starts_with("\r\n") {
            2
        } else {
            1
        };
        rest = &rest[end + skip..];
    }
    let (mut events, mut data, mut event_type, mut id_buffer) =
        (Vec::new(), String::new(), String::new(), String::new());
    for line in lines {
        if line.is_empty() {
            if !data.is_empty() {
                data.pop();
                let name = if event_type.is_empty() {
                    "message".to_owned()
                } else {
                    event_type.clone()
                };
                events.push((name, std::mem::take(&mut data), id_buffer.clone()));
            }
            event_type.clear();
            continue;
        }
        if line.starts_with(':') {
            continue;
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line, ""),
        };
        match field {
            "data" => {
                data.push_str(value);
                data.push('\n');
            }
            "event" => event_type = value.to_owned(),
            "id" if !value.contains('\0') => id_buffer = value.to_owned(),
            _ => {}
        }
    }
    events
}

/// Inputs made mostly of the bytes the format gives meaning to.
fn stream_bytes() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop_oneof![
        Just(b"data".to_vec()),
        Just(b"event".to_vec()),
        Just(b"id".to_vec()),
        Just(b"retry".to_vec()),
        Just(b":".to_vec()),
        Just(b" ".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\0".to_vec()),
        Just(BOM.to_vec()),
        Just("\u{20AC}".as_bytes().to_vec()),
        Just(b"\xE2\x82".to_vec()),
        Just(b"\xFF".to_vec()),
        "[a-z0-9]{1,4}".prop_map(String::into_bytes),
        any::<u8>().prop_map(|b| vec![b]),
    ];
    prop::collection::vec(pieces, 0..60).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_chunking_gives_the_events_of_one_chunk(
        input in stream_bytes(),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
    ) {
        let mut cuts: Vec<usize> = cuts.iter().map(|i| i.index(input.len() + 1)).collect();
        cuts.sort_unstable();
        let mut chunks = Vec::new();
        let mut start = 0;
        for cut in cuts {
            chunks.push(&input[start..cut]);
            start = cut;
        }
        chunks.push(&input[start..]);
        let whole = decode_chunks(&[&input], DEFAULT_MAX_EVENT_SIZE);
        prop_assert_eq!(decode_chunks(&chunks, DEFAULT_MAX_EVENT_SIZE), whole.clone());
        let expected: Vec<_> = reference(&input).into_iter().map(Some).collect();
        prop_assert_eq!(whole.0, expected);
    }

    #[test]
    fn any_input_and_cap_keeps_memory_bounded_and_the_same_events_in_any_chunking(
        input in prop_oneof![stream_bytes(), prop::collection::vec(any::<u8>(), 0..2000)],
        cap in 1usize..64,
        chunk in 1usize..50,
    ) {
        let mut decoder = Decoder::with_max_event_size(cap);
        let mut out = Vec::new();
        for part in input.chunks(chunk) {
            decoder.feed_owned(part, &mut out);
            prop_assert!(decoder.buffered() <= cap);
        }
        let unfinished = decoder.finish();
        // The cap counts raw bytes, each of which gives at most one character (U+FFFD included).
        for event in out.iter().flatten() {
            prop_assert!(event.data.chars().count() <= cap);
        }
        let chunked = decode_chunks(&input.chunks(chunk).collect::<Vec<_>>(), cap);
        prop_assert_eq!(chunked.1, unfinished);
        prop_assert_eq!(chunked, decode_chunks(&[&input], cap));
    }
}
