//! Bytes both ways between a client and an upstream connection: the TLS listener relays the
//! decrypted client to the main port, the proxy relays a plain client to the port it asked for.
//! Each direction has its own thread. A close on one side is passed on to the other (a FIN as a
//! FIN, a reset as a reset), which then has [`LINGER`] to close too; everything ends at the
//! connection's deadline.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

use socket2::SockRef;

/// How often a direction waiting for bytes looks at the deadline and at the other direction.
const WATCH_SLICE: Duration = Duration::from_millis(20);
/// After one side has closed, how long the other has to close too, so that bytes still in
/// flight are delivered rather than turned into a reset.
const LINGER: Duration = Duration::from_secs(1);
/// The longest one blocked write waits before the deadline is checked again.
const WRITE_WAIT: Duration = Duration::from_millis(250);
/// The most one read takes from a socket.
const READ_SIZE: usize = 64 * 1024;

/// One side of a relay: one thread receives from it while the other sends to it.
pub(crate) trait End: Sync {
    fn socket(&self) -> &TcpStream;

    /// Appends what the peer sent to `into` and returns how much; `Ok(0)` once the peer has
    /// closed. A read timeout set on [`End::socket`] comes back as a `WouldBlock` or `TimedOut`
    /// error.
    fn receive(&self, into: &mut Vec<u8>) -> io::Result<usize>;

    /// Sends all of `bytes`, or fails at the connection's deadline.
    fn send(&self, bytes: &[u8]) -> io::Result<()>;

    /// Tells the peer that nothing more comes.
    fn close_sending(&self) {
        let _ = self.socket().shutdown(Shutdown::Write);
    }

    /// Makes the socket's close a reset (`SO_LINGER` 0) instead of a FIN.
    fn reset_on_close(&self) {
        let _ = SockRef::from(self.socket()).set_linger(Some(Duration::ZERO));
    }
}

/// A TCP connection relayed as it is.
pub(crate) struct Plain {
    pub(crate) socket: TcpStream,
    pub(crate) deadline: Instant,
}

impl End for Plain {
    fn socket(&self) -> &TcpStream {
        &self.socket
    }

    fn receive(&self, into: &mut Vec<u8>) -> io::Result<usize> {
        let start = into.len();
        into.resize(start + READ_SIZE, 0);
        let read = (&self.socket).read(&mut into[start..]);
        into.truncate(start + read.as_ref().map_or(0, |read| *read));
        read
    }

    fn send(&self, bytes: &[u8]) -> io::Result<()> {
        write_all_until(&self.socket, bytes, self.deadline)
    }
}

/// Relays until both sides have closed, a side resets or fails, one side has been closed for
/// [`LINGER`], or `deadline` passes. The ends close when they are dropped.
pub(crate) fn relay(client: &dyn End, upstream: &dyn End, deadline: Instant) {
    let state = State {
        deadline,
        first_close: OnceLock::new(),
        cut: AtomicBool::new(false),
    };
    thread::scope(|scope| {
        let back = thread::Builder::new()
            .name("hostile-relay".into())
            .spawn_scoped(scope, || pump(upstream, client, &state));
        if back.is_ok() {
            pump(client, upstream, &state);
        }
    });
}

/// What the two directions of one relay share.
struct State {
    deadline: Instant,
    /// When the first side closed.
    first_close: OnceLock<Instant>,
    /// Set when a side reset or failed: both directions stop.
    cut: AtomicBool,
}

impl State {
    /// How long a direction may still wait for bytes; `None` once the relay is over.
    fn time_left(&self) -> Option<Duration> {
        if self.cut.load(Ordering::SeqCst) {
            return None;
        }
        let end = match self.first_close.get() {
            Some(closed) => self.deadline.min(*closed + LINGER),
            None => self.deadline,
        };
        let left = end.saturating_duration_since(Instant::now());
        (!left.is_zero()).then_some(left)
    }

    fn cut(&self) {
        self.cut.store(true, Ordering::SeqCst);
    }
}

/// Copies `from` to `to` until `from` closes, resets or fails, or the relay's time is up.
fn pump(from: &dyn End, to: &dyn End, state: &State) {
    let mut buffer = Vec::with_capacity(READ_SIZE);
    while let Some(left) = state.time_left() {
        if from
            .socket()
            .set_read_timeout(Some(left.min(WATCH_SLICE)))
            .is_err()
        {
            return state.cut();
        }
        buffer.clear();
        match from.receive(&mut buffer) {
            Ok(0) => {
                to.close_sending();
                let _ = state.first_close.set(Instant::now());
                return;
            }
            Ok(_) => {
                if to.send(&buffer).is_err() {
                    return state.cut();
                }
            }
            Err(error) if is_timeout(&error) || error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => {
                if error.kind() == io::ErrorKind::ConnectionReset {
                    to.reset_on_close();
                }
                return state.cut();
            }
        }
    }
}

/// Writes all of `bytes`, or fails at `deadline`.
pub(crate) fn write_all_until(
    mut socket: &TcpStream,
    mut bytes: &[u8],
    deadline: Instant,
) -> io::Result<()> {
    while !bytes.is_empty() {
        set_write_wait(socket, deadline)?;
        match socket.write(bytes) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(written) => bytes = &bytes[written..],
            Err(error) if is_timeout(&error) || error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

/// Sets a write timeout that ends by `deadline`; once it has passed, a `TimedOut` error. Linux
/// overshoots a send timeout by a few percent, so writes wait [`WRITE_WAIT`] at a time.
pub(crate) fn set_write_wait(socket: &TcpStream, deadline: Instant) -> io::Result<()> {
    let remaining = deadline.saturating_duration_since(Instant::now());
    if remaining.is_zero() {
        return Err(io::ErrorKind::TimedOut.into());
    }
    socket.set_write_timeout(Some(remaining.min(WRITE_WAIT)))
}

pub(crate) fn is_timeout(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}
