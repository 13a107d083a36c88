//! The six listeners: the main port (scenarios and control API), the trap, the TLS listener, the
//! proxy, the blackhole and the closed port; and what a connection to the main port and the trap
//! goes through.

use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use socket2::{Domain, Protocol, SockAddr, Socket, Type};

use crate::exchange::Exchange;
use crate::http::{ReadError, Request};
use crate::records::{RecordedRequest, Records};
use crate::scenarios::{self, Call};
use crate::{control, proxy, tls};

/// What every connection thread shares.
pub(crate) struct Context {
    pub(crate) records: Records,
    pub(crate) main_port: u16,
    /// `http://127.0.0.1:T`, the trap listener.
    pub(crate) trap_url: String,
    /// What the TLS listener presents.
    pub(crate) tls_config: Arc<rustls::ServerConfig>,
    /// Set when the server is dropped: the accept loops end at their next connection.
    pub(crate) stopping: AtomicBool,
}

/// The scenario name recorded for everything the trap listener receives.
const TRAP: &str = "trap";

/// What a connection thread runs on a connection just accepted.
type Serve = fn(TcpStream, Arc<Context>);

pub(crate) fn loopback_listener() -> io::Result<TcpListener> {
    TcpListener::bind("127.0.0.1:0")
}

pub(crate) fn spawn_main(listener: TcpListener, context: Arc<Context>) -> io::Result<()> {
    spawn_accept_loop(listener, context, |stream, context| {
        serve_main(Exchange::new(stream, context));
    })
}

pub(crate) fn spawn_trap(listener: TcpListener, context: Arc<Context>) -> io::Result<()> {
    spawn_accept_loop(listener, context, |stream, context| {
        serve_trap(Exchange::new(stream, context));
    })
}

pub(crate) fn spawn_tls(listener: TcpListener, context: Arc<Context>) -> io::Result<()> {
    spawn_accept_loop(listener, context, tls::serve)
}

pub(crate) fn spawn_proxy(listener: TcpListener, context: Arc<Context>) -> io::Result<()> {
    spawn_accept_loop(listener, context, |stream, context| {
        proxy::serve(Exchange::new(stream, context));
    })
}

/// Accepts until the server stops, one thread per connection.
fn spawn_accept_loop(listener: TcpListener, context: Arc<Context>, serve: Serve) -> io::Result<()> {
    thread::Builder::new()
        .name("hostile-accept".into())
        .spawn(move || {
            for stream in listener.incoming() {
                if context.stopping.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(stream) = stream else {
                    // Out of descriptors, most likely: give connections time to end.
                    thread::sleep(Duration::from_millis(10));
                    continue;
                };
                // Small writes (a byte of a slow body, a keep-alive) go out at once.
                let _ = stream.set_nodelay(true);
                let context = Arc::clone(&context);
                let _ = thread::Builder::new()
                    .name("hostile-connection".into())
                    .spawn(move || serve(stream, context));
            }
        })?;
    Ok(())
}

/// Main port: the control API, or the scenario the first path segment names.
fn serve_main(mut exchange: Exchange) {
    let request = match exchange.read_request() {
        Ok(request) => request,
        Err(error) => return refuse(exchange, error),
    };
    let (scenario, rest) = split_target(&request.target);
    if scenario == control::SEGMENT {
        let outcome = control::answer(&mut exchange, &request);
        return exchange.finish(outcome);
    }
    let recorded = record(&exchange, scenario, &request);
    exchange.context.records.add_request(recorded.clone());
    exchange.record_connection(scenario);
    let call = Call {
        rest: rest.to_owned(),
        request: recorded,
    };
    let outcome = scenarios::play(&mut exchange, scenario, &call);
    exchange.finish(outcome);
}

/// Trap listener: record, answer "trapped".
fn serve_trap(mut exchange: Exchange) {
    let request = match exchange.read_request() {
        Ok(request) => request,
        Err(error) => return refuse(exchange, error),
    };
    let recorded = record(&exchange, TRAP, &request);
    exchange.context.records.add_trap_request(recorded);
    let outcome = scenarios::answer_trapped(&mut exchange);
    exchange.finish(outcome);
}

/// Answers 400 to a request that is not HTTP; one that was too big, too slow or abandoned just
/// ends the connection.
pub(crate) fn refuse(mut exchange: Exchange, error: ReadError) {
    if let ReadError::Malformed = error {
        let headers = [("Content-Type", "application/json")];
        let outcome = exchange.send_whole(400, &headers, br#"{"error":"bad_request"}"#);
        exchange.finish(outcome);
    }
}

fn record(exchange: &Exchange, scenario: &str, request: &Request) -> RecordedRequest {
    RecordedRequest {
        scenario: scenario.to_owned(),
        method: request.method.clone(),
        path: request.target.clone(),
        headers: request.headers.clone(),
        body: String::from_utf8_lossy(&request.body).into_owned(),
        at_ms: exchange.context.records.now_ms(),
    }
}

/// `/reply-json/v1/chat?x=1` → (`reply-json`, `v1/chat?x=1`).
fn split_target(target: &str) -> (&str, String) {
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (target, None),
    };
    let path = path.strip_prefix('/').unwrap_or(path);
    let (scenario, rest) = path.split_once('/').unwrap_or((path, ""));
    let rest = match query {
        Some(query) => format!("{rest}?{query}"),
        None => rest.to_owned(),
    };
    (scenario, rest)
}

/// Wakes an accept loop so that it sees `stopping`.
pub(crate) fn poke(addr: SocketAddr) {
    let _ = TcpStream::connect_timeout(&addr, Duration::from_millis(100));
}

/// A listener whose accept queue is full and never drained, so a new connect() gets no answer to
/// its SYN and hangs until the client's connect timeout.
pub(crate) struct Blackhole {
    pub(crate) addr: SocketAddr,
    _listener: Socket,
    /// Connections that fill the queue; dropping them would free it.
    _fillers: Vec<Socket>,
}

/// How long a filler may take to connect before the queue counts as full. Loopback handshakes
/// take microseconds.
const FILLER_PROBE: Duration = Duration::from_millis(30);
/// With backlog 0, Linux queues one connection; other systems may queue a few more.
const MAX_FILLERS: usize = 16;

impl Blackhole {
    pub(crate) fn open() -> io::Result<Blackhole> {
        let listener = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP))?;
        listener.bind(&SockAddr::from(SocketAddr::from(([127, 0, 0, 1], 0))))?;
        listener.listen(0)?;
        let addr = listener
            .local_addr()?
            .as_socket()
            .ok_or_else(|| io::Error::other("the blackhole has no IP address"))?;
        let mut fillers = Vec::new();
        while fillers.len() < MAX_FILLERS {
            let filler = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP))?;
            let connected = filler.connect_timeout(&SockAddr::from(addr), FILLER_PROBE);
            // A filler still connecting is kept too: should its SYN get through later, it takes
            // a place in the queue instead of leaving one free.
            fillers.push(filler);
            if connected.is_err() {
                break;
            }
        }
        Ok(Blackhole {
            addr,
            _listener: listener,
            _fillers: fillers,
        })
    }
}

/// A port on 127.0.0.1 where nothing listens: bound once to find it free, then released.
pub(crate) fn closed_port() -> io::Result<u16> {
    Ok(loopback_listener()?.local_addr()?.port())
}

#[cfg(test)]
mod tests {
    use super::split_target;

    #[test]
    fn the_first_segment_is_the_scenario() {
        assert_eq!(
            split_target("/reply-json/v1/chat"),
            ("reply-json", "v1/chat".into())
        );
        assert_eq!(
            split_target("/reply-json/api/chat/"),
            ("reply-json", "api/chat/".into())
        );
        assert_eq!(
            split_target("/status-500/a?b=1/c"),
            ("status-500", "a?b=1/c".into())
        );
        assert_eq!(split_target("/reply-json?x"), ("reply-json", "?x".into()));
        assert_eq!(split_target("/"), ("", String::new()));
    }
}
