//! The HTTP/1.1 wire format, both ways: reading a request (head, then a body framed by
//! `Content-Length` or chunked) and writing a response head.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::Instant;

/// A request head longer than this ends the connection.
pub(crate) const MAX_HEAD: usize = 1 << 20;
/// A request body longer than this ends the connection.
pub(crate) const MAX_BODY: usize = 16 << 20;
/// A chunk-size line or trailer line longer than this is not HTTP.
const MAX_LINE: usize = 4096;

pub(crate) struct Request {
    pub(crate) method: String,
    pub(crate) target: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Request {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(header, _)| header == name)
            .map(|(_, value)| value.as_str())
    }

    /// The target's path without the query.
    pub(crate) fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }
}

/// Why no request could be read.
pub(crate) enum ReadError {
    /// Not HTTP: worth a 400.
    Malformed,
    /// Too big, too slow, or the client went away: the connection just ends.
    Abandoned,
}

impl From<io::Error> for ReadError {
    fn from(_: io::Error) -> Self {
        ReadError::Abandoned
    }
}

/// Reads one request, giving up at `deadline`.
pub(crate) fn read_request(
    stream: &mut TcpStream,
    deadline: Instant,
) -> Result<Request, ReadError> {
    let mut input = Input {
        stream,
        buffer: Vec::new(),
        deadline,
    };
    let head = input.take_through(b"\r\n\r\n", MAX_HEAD)?;
    let head = std::str::from_utf8(&head).map_err(|_| ReadError::Malformed)?;
    let mut request = parse_head(head).ok_or(ReadError::Malformed)?;
    let chunked = request
        .header("transfer-encoding")
        .is_some_and(|coding| coding.to_ascii_lowercase().contains("chunked"));
    let length = match request.header("content-length") {
        Some(value) => value.trim().parse().map_err(|_| ReadError::Malformed)?,
        None => 0,
    };
    if length > MAX_BODY {
        return Err(ReadError::Abandoned);
    }
    let expects_body = chunked || length > 0;
    if expects_body
        && request
            .header("expect")
            .is_some_and(|expect| expect.eq_ignore_ascii_case("100-continue"))
    {
        input.stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
    }
    request.body = if chunked {
        input.take_chunked()?
    } else {
        input.take(length)?
    };
    Ok(request)
}

/// Reads a request head only, giving up at `deadline`: its text (through the blank line that ends
/// it) and the bytes that came after it. The proxy passes a body on as it comes.
pub(crate) fn read_head(
    stream: &mut TcpStream,
    deadline: Instant,
) -> Result<(String, Vec<u8>), ReadError> {
    let mut input = Input {
        stream,
        buffer: Vec::new(),
        deadline,
    };
    let head = input.take_through(b"\r\n\r\n", MAX_HEAD)?;
    let head = String::from_utf8(head).map_err(|_| ReadError::Malformed)?;
    Ok((head, input.buffer))
}

/// Splits `METHOD target HTTP/1.x` and the header lines (names lowercased); the body is read
/// after.
fn parse_head(head: &str) -> Option<Request> {
    let mut lines = head.split("\r\n").filter(|line| !line.is_empty());
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?;
    let target = request_line.next()?;
    let version = request_line.next()?;
    if method.is_empty() || !target.starts_with('/') || !version.starts_with("HTTP/1.") {
        return None;
    }
    let headers = lines
        .map(|line| {
            let (name, value) = line.split_once(':')?;
            Some((name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Request {
        method: method.to_owned(),
        target: target.to_owned(),
        headers,
        body: Vec::new(),
    })
}

/// Buffered reading from the client with one deadline over the whole request.
struct Input<'a> {
    stream: &'a mut TcpStream,
    buffer: Vec<u8>,
    deadline: Instant,
}

impl Input<'_> {
    /// Reads more bytes into the buffer; end of stream or the deadline is an error.
    fn fill(&mut self) -> io::Result<()> {
        let remaining = self.deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(remaining))?;
        let mut scratch = [0u8; 64 * 1024];
        match self.stream.read(&mut scratch)? {
            0 => Err(io::ErrorKind::UnexpectedEof.into()),
            read => {
                self.buffer.extend_from_slice(&scratch[..read]);
                Ok(())
            }
        }
    }

    /// Takes bytes up to and including `delimiter`, which must come within `cap` bytes.
    fn take_through(&mut self, delimiter: &[u8], cap: usize) -> Result<Vec<u8>, ReadError> {
        let mut searched = 0;
        loop {
            if let Some(at) = find(&self.buffer[searched..], delimiter) {
                let end = searched + at + delimiter.len();
                return Ok(self.buffer.drain(..end).collect());
            }
            searched = self.buffer.len().saturating_sub(delimiter.len() - 1);
            if self.buffer.len() > cap {
                return Err(ReadError::Abandoned);
            }
            self.fill()?;
        }
    }

    fn take(&mut self, count: usize) -> Result<Vec<u8>, ReadError> {
        while self.buffer.len() < count {
            self.fill()?;
        }
        Ok(self.buffer.drain(..count).collect())
    }

    fn take_chunked(&mut self) -> Result<Vec<u8>, ReadError> {
        let mut body = Vec::new();
        loop {
            let line = self.take_through(b"\r\n", MAX_LINE)?;
            let line = std::str::from_utf8(&line).map_err(|_| ReadError::Malformed)?;
            let size = line.split(';').next().unwrap_or_default().trim();
            let size = usize::from_str_radix(size, 16).map_err(|_| ReadError::Malformed)?;
            if size == 0 {
                // Trailer fields, if any, end with an empty line.
                while self.take_through(b"\r\n", MAX_LINE)? != b"\r\n" {}
                return Ok(body);
            }
            if body.len() + size > MAX_BODY {
                return Err(ReadError::Abandoned);
            }
            body.extend(self.take(size)?);
            if self.take(2)? != b"\r\n" {
                return Err(ReadError::Malformed);
            }
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// How the body after a head is delimited.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Framing {
    /// `Content-Length: n`; what is then sent need not be n bytes.
    Length(usize),
    /// `Transfer-Encoding: chunked`.
    Chunked,
}

/// The one place a response head is written. Every response carries `Connection: close`.
pub(crate) fn response_head(status: u16, headers: &[(&str, &str)], framing: Framing) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    match framing {
        Framing::Length(length) => head.push_str(&format!("Content-Length: {length}\r\n")),
        Framing::Chunked => head.push_str("Transfer-Encoding: chunked\r\n"),
    }
    head.push_str("Connection: close\r\n\r\n");
    head.into_bytes()
}

/// `{size:x}\r\n`, the line that opens a chunk of `size` bytes.
pub(crate) fn chunk_header(size: usize) -> Vec<u8> {
    format!("{size:x}\r\n").into_bytes()
}

/// Closes a chunked body.
pub(crate) const LAST_CHUNK: &[u8] = b"0\r\n\r\n";

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Content Too Large",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Scripted",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_lowercases_names_and_keeps_the_target() {
        let request = parse_head("POST /a/b?c=1 HTTP/1.1\r\nX-Key: v\r\nHost: h\r\n\r\n").unwrap();
        assert_eq!(request.method, "POST");
        assert_eq!(request.target, "/a/b?c=1");
        assert_eq!(request.path(), "/a/b");
        let expected = [("x-key".into(), "v".into()), ("host".into(), "h".into())];
        assert_eq!(request.headers, expected);
    }

    #[test]
    fn a_head_without_version_is_malformed() {
        assert!(parse_head("GET /\r\n\r\n").is_none());
        assert!(parse_head("GET / HTTP/1.1\r\nno colon\r\n\r\n").is_none());
    }

    #[test]
    fn response_head_always_closes() {
        let head = response_head(503, &[("Retry-After", "0")], Framing::Length(2));
        assert_eq!(
            String::from_utf8(head).unwrap(),
            "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\nContent-Length: 2\r\n\
             Connection: close\r\n\r\n"
        );
    }
}
