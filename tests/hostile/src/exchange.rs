//! One connection's response side: every byte a scenario sends goes through [`Exchange`], which
//! keeps the connection under one deadline, notices the client leaving (on a failed write, or a
//! read of 0 bytes or a reset while waiting), and records who closed the connection and when.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use socket2::SockRef;

use crate::http::{self, chunk_header, response_head, Framing, ReadError, Request, LAST_CHUNK};
use crate::records::{ClosedBy, ConnectionId};
use crate::server::Context;

/// The longest any connection lives, from accept to close; stalls end here at the latest.
pub const STALL_MAX: Duration = Duration::from_secs(30);
/// How often a waiting connection looks for the client's close.
const WATCH_SLICE: Duration = Duration::from_millis(20);
/// After the server's FIN, how long it keeps reading so that unread client bytes do not turn the
/// close into a reset.
const LINGER: Duration = Duration::from_secs(1);
/// Large bodies go out in writes of at most this size, so the deadline is checked between them.
const WRITE_SLICE: usize = 1 << 20;
/// The longest one blocked write waits before the deadline is checked again. Linux overshoots a
/// send timeout by a few percent, so one long timeout would end well past the deadline.
const WRITE_WAIT: Duration = Duration::from_millis(250);

/// Why a scenario stopped before its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Interrupted {
    /// The client closed or reset the connection (already recorded).
    ClientClosed,
    /// The connection reached [`STALL_MAX`]; the server closes it.
    DeadlinePassed,
}

/// What every sending or waiting step returns.
pub(crate) type Step = Result<(), Interrupted>;

pub(crate) struct Exchange {
    stream: TcpStream,
    pub(crate) context: Arc<Context>,
    /// When the connection was accepted, on the records' clock.
    opened_ms: u64,
    /// [`STALL_MAX`] after it was accepted.
    deadline: Instant,
    /// `None` for connections that are not recorded (control API, trap listener).
    connection: Option<ConnectionId>,
    /// Whether [`Exchange::send_body`] frames its bytes as chunks.
    chunked: bool,
    /// Whether the server ends the connection with a reset instead of a FIN.
    reset: bool,
}

impl Exchange {
    /// Takes over a connection just accepted.
    pub(crate) fn new(stream: TcpStream, context: Arc<Context>) -> Self {
        Exchange {
            stream,
            opened_ms: context.records.now_ms(),
            deadline: Instant::now() + STALL_MAX,
            context,
            connection: None,
            chunked: false,
            reset: false,
        }
    }

    /// Reads the request, within the connection's deadline.
    pub(crate) fn read_request(&mut self) -> Result<Request, ReadError> {
        http::read_request(&mut self.stream, self.deadline)
    }

    /// Reads a request head only: its text and the bytes that came after it.
    pub(crate) fn read_head(&mut self) -> Result<(String, Vec<u8>), ReadError> {
        http::read_head(&mut self.stream, self.deadline)
    }

    /// [`STALL_MAX`] after the connection was accepted.
    pub(crate) fn deadline(&self) -> Instant {
        self.deadline
    }

    /// Hands the connection over to a relay, which closes it.
    pub(crate) fn into_stream(self) -> TcpStream {
        self.stream
    }

    /// From now on, the connection's close is recorded in the connection log.
    pub(crate) fn record_connection(&mut self, scenario: &str) {
        let records = &self.context.records;
        self.connection = Some(records.open_connection(scenario, self.opened_ms));
    }

    /// Writes bytes exactly as given.
    pub(crate) fn send_raw(&mut self, mut bytes: &[u8]) -> Step {
        while !bytes.is_empty() {
            let remaining = self.deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(Interrupted::DeadlinePassed);
            }
            let wait = remaining.min(WRITE_WAIT);
            if self.stream.set_write_timeout(Some(wait)).is_err() {
                return Err(self.client_closed());
            }
            let slice = &bytes[..bytes.len().min(WRITE_SLICE)];
            match self.stream.write(slice) {
                Ok(0) => return Err(self.client_closed()),
                Ok(written) => bytes = &bytes[written..],
                // The loop looks at the deadline again.
                Err(error) if is_timeout(&error) || error.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return Err(self.client_closed()),
            }
        }
        Ok(())
    }

    /// Writes a response head; later body bytes are framed to match it.
    pub(crate) fn send_head(
        &mut self,
        status: u16,
        headers: &[(&str, &str)],
        framing: Framing,
    ) -> Step {
        self.chunked = matches!(framing, Framing::Chunked);
        self.send_raw(&response_head(status, headers, framing))
    }

    /// Writes body bytes: as one chunk after a chunked head, as they are otherwise.
    pub(crate) fn send_body(&mut self, bytes: &[u8]) -> Step {
        if !self.chunked {
            return self.send_raw(bytes);
        }
        if bytes.is_empty() {
            // An empty chunk would end the body.
            return Ok(());
        }
        self.send_raw(&chunk_header(bytes.len()))?;
        self.send_raw(bytes)?;
        self.send_raw(b"\r\n")
    }

    /// Writes `count` copies of `byte` as body, in writes (and chunks) of `piece` bytes.
    pub(crate) fn send_body_repeated(&mut self, byte: u8, count: usize, piece: usize) -> Step {
        let block = vec![byte; piece.min(count)];
        let mut left = count;
        while left > 0 {
            let size = left.min(block.len());
            self.send_body(&block[..size])?;
            left -= size;
        }
        Ok(())
    }

    /// Closes a chunked body; nothing to do for a body with a length.
    pub(crate) fn end_body(&mut self) -> Step {
        if self.chunked {
            self.send_raw(LAST_CHUNK)?;
        }
        Ok(())
    }

    /// A complete response with a `Content-Length` body.
    pub(crate) fn send_whole(
        &mut self,
        status: u16,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Step {
        self.send_head(status, headers, Framing::Length(body.len()))?;
        self.send_body(body)
    }

    /// Sends one piece of body, waits `every`, and so on until the pieces run out.
    pub(crate) fn send_paced<'a>(
        &mut self,
        pieces: impl IntoIterator<Item = &'a [u8]>,
        every: Duration,
    ) -> Step {
        for piece in pieces {
            self.send_body(piece)?;
            self.wait(every)?;
        }
        Ok(())
    }

    /// Sends nothing for `duration` (cut short by the deadline) while watching for the client's
    /// close. Bytes the client sends meanwhile are read and ignored.
    pub(crate) fn wait(&mut self, duration: Duration) -> Step {
        let until = Instant::now() + duration;
        let mut scratch = [0u8; 4096];
        loop {
            let now = Instant::now();
            if now >= self.deadline {
                return Err(Interrupted::DeadlinePassed);
            }
            if now >= until {
                return Ok(());
            }
            let slice = WATCH_SLICE.min(until - now).min(self.deadline - now);
            if self.stream.set_read_timeout(Some(slice)).is_err() {
                return Err(self.client_closed());
            }
            match self.stream.read(&mut scratch) {
                Ok(0) => return Err(self.client_closed()),
                Ok(_) => {}
                Err(error) if is_timeout(&error) || error.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return Err(self.client_closed()),
            }
        }
    }

    /// Sends nothing until the client leaves or the deadline passes.
    pub(crate) fn stall(&mut self) -> Step {
        self.wait(STALL_MAX)
    }

    /// Ends the connection with a reset (`SO_LINGER` 0) instead of a FIN.
    pub(crate) fn reset_on_close(&mut self) -> Step {
        self.reset = true;
        Ok(())
    }

    /// Ends the connection after a scenario: a client that left has been recorded already;
    /// otherwise the server closes (FIN, or RST if asked) and records that.
    pub(crate) fn finish(mut self, outcome: Step) {
        if outcome == Err(Interrupted::ClientClosed) {
            return;
        }
        self.record_close(ClosedBy::Server);
        if self.reset {
            // Dropping a socket whose linger time is zero sends RST and discards unsent data.
            let _ = SockRef::from(&self.stream).set_linger(Some(Duration::ZERO));
            return;
        }
        let _ = self.stream.shutdown(Shutdown::Write);
        self.drain(Instant::now() + LINGER);
    }

    /// Reads and drops whatever the client still sends, until its EOF or `until`.
    fn drain(&mut self, until: Instant) {
        let mut scratch = [0u8; 4096];
        loop {
            let remaining = until.saturating_duration_since(Instant::now());
            if remaining.is_zero() || self.stream.set_read_timeout(Some(remaining)).is_err() {
                return;
            }
            match self.stream.read(&mut scratch) {
                Ok(0) => return,
                Ok(_) => {}
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return,
            }
        }
    }

    fn client_closed(&mut self) -> Interrupted {
        self.record_close(ClosedBy::Client);
        Interrupted::ClientClosed
    }

    fn record_close(&self, by: ClosedBy) {
        if let Some(connection) = self.connection {
            self.context.records.close_connection(connection, by);
        }
    }
}

fn is_timeout(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}
