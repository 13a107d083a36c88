//! chatwire-hostile: an HTTP/1.1 server on raw TCP that lies, stalls, redirects and truncates, so
//! that the SDK's tests (Rust, Python, Node) can check that chatwire survives such servers.
//!
//! Every byte it sends is written by hand (no HTTP library), so a scenario can send exactly the
//! broken response it names. The first path segment picks the scenario; the SDK is pointed at
//! [`HostileServer::scenario_url`] and appends its provider path. README.md lists the scenarios,
//! the control API under `/__hostile/` and what a correct client does with each.
//!
//! ```no_run
//! let server = chatwire_hostile::HostileServer::start()?;
//! let base = server.scenario_url("stall-headers"); // "http://127.0.0.1:PORT/stall-headers/"
//! // … point a client at `base`, let it time out …
//! let connection = &server.connections()[0];
//! assert_eq!(connection.closed_by, Some(chatwire_hostile::ClosedBy::Client));
//! # Ok::<(), std::io::Error>(())
//! ```

mod bodies;
mod control;
mod exchange;
mod http;
mod proxy;
mod records;
mod relay;
mod scenarios;
mod server;
mod tls;

use std::io;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub use exchange::STALL_MAX;
pub use records::{
    ClosedBy, ConnectionRecord, ProxyRequestRecord, RecordedRequest, TlsConnectionRecord,
    TlsHandshake,
};

use records::Records;
use server::{Blackhole, Context};

/// A running server: the main port, the trap, the TLS listener, the proxy, the blackhole and the
/// closed port, all on 127.0.0.1. Dropping it stops accepting; connections already open end by
/// [`STALL_MAX`].
pub struct HostileServer {
    context: Arc<Context>,
    main_addr: SocketAddr,
    trap_addr: SocketAddr,
    tls_addr: SocketAddr,
    proxy_addr: SocketAddr,
    tls_ca_pem: String,
    blackhole: Blackhole,
    closed_port: u16,
}

impl HostileServer {
    /// Makes a fresh test CA and certificate, binds every listener on a free port and starts
    /// serving in background threads.
    pub fn start() -> io::Result<HostileServer> {
        let identity = tls::make_identity()?;
        let main = server::loopback_listener()?;
        let trap = server::loopback_listener()?;
        let tls = server::loopback_listener()?;
        let proxy = server::loopback_listener()?;
        let main_addr = main.local_addr()?;
        let trap_addr = trap.local_addr()?;
        let tls_addr = tls.local_addr()?;
        let proxy_addr = proxy.local_addr()?;
        let context = Arc::new(Context {
            records: Records::new(),
            main_port: main_addr.port(),
            trap_url: url(trap_addr.port()),
            tls_config: identity.config,
            stopping: AtomicBool::new(false),
        });
        let blackhole = Blackhole::open()?;
        let closed_port = server::closed_port()?;
        server::spawn_main(main, Arc::clone(&context))?;
        server::spawn_trap(trap, Arc::clone(&context))?;
        server::spawn_tls(tls, Arc::clone(&context))?;
        server::spawn_proxy(proxy, Arc::clone(&context))?;
        Ok(HostileServer {
            context,
            main_addr,
            trap_addr,
            tls_addr,
            proxy_addr,
            tls_ca_pem: identity.ca_pem,
            blackhole,
            closed_port,
        })
    }

    /// `http://127.0.0.1:PORT`: scenarios and the control API.
    pub fn base_url(&self) -> String {
        url(self.main_addr.port())
    }

    /// `{base}/{name}/`: a base URL for an SDK client, which appends its provider path.
    pub fn scenario_url(&self, name: &str) -> String {
        format!("{}/{name}/", self.base_url())
    }

    /// Another origin: it records and answers every request, and a correct client never gets here.
    pub fn trap_url(&self) -> String {
        self.context.trap_url.clone()
    }

    /// `https://127.0.0.1:PORT`: every scenario and the control API over TLS, with a certificate
    /// for 127.0.0.1 and `localhost` that [`HostileServer::tls_ca_pem`] signed.
    pub fn tls_url(&self) -> String {
        format!("https://127.0.0.1:{}", self.tls_addr.port())
    }

    /// The PEM of the test CA made at start, which a client must trust to reach
    /// [`HostileServer::tls_url`].
    pub fn tls_ca_pem(&self) -> &str {
        &self.tls_ca_pem
    }

    /// `http://127.0.0.1:PORT`: a forward proxy (`CONNECT` and absolute-form requests) to
    /// 127.0.0.1 and `localhost` only, which records every request.
    pub fn proxy_url(&self) -> String {
        url(self.proxy_addr.port())
    }

    /// A port where connect() hangs (the SYN goes unanswered).
    pub fn blackhole_url(&self) -> String {
        url(self.blackhole.addr.port())
    }

    /// A port where nothing listens, so connect() is refused.
    pub fn closed_url(&self) -> String {
        url(self.closed_port)
    }

    /// The requests scenarios received, oldest first (control API requests are not recorded).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.context.records.requests()
    }

    /// The requests the trap listener and the `trap` scenario received.
    pub fn trap_requests(&self) -> Vec<RecordedRequest> {
        self.context.records.trap_requests()
    }

    /// One record per scenario connection, oldest first.
    pub fn connections(&self) -> Vec<ConnectionRecord> {
        self.context.records.connections()
    }

    /// One record per connection to the TLS listener, oldest first: how its handshake ended.
    pub fn tls_connections(&self) -> Vec<TlsConnectionRecord> {
        self.context.records.tls_connections()
    }

    /// The requests the proxy received, oldest first.
    pub fn proxy_requests(&self) -> Vec<ProxyRequestRecord> {
        self.context.records.proxy_requests()
    }

    /// Forgets everything recorded so far: requests, connections, TLS handshakes, proxy requests.
    pub fn reset(&self) {
        self.context.records.reset();
    }

    /// Milliseconds since the server started, on the clock the records use.
    pub fn now_ms(&self) -> u64 {
        self.context.records.now_ms()
    }

    /// The one line of JSON the binary prints: `{"base":…,"trap":…,"tls":…,"proxy":…,
    /// "blackhole":…,"closed":…,"tls_ca_pem":…}`.
    pub fn startup_line(&self) -> String {
        serde_json::json!({
            "base": self.base_url(),
            "trap": self.trap_url(),
            "tls": self.tls_url(),
            "proxy": self.proxy_url(),
            "blackhole": self.blackhole_url(),
            "closed": self.closed_url(),
            "tls_ca_pem": self.tls_ca_pem(),
        })
        .to_string()
    }
}

impl Drop for HostileServer {
    fn drop(&mut self) {
        self.context.stopping.store(true, Ordering::SeqCst);
        server::poke(self.main_addr);
        server::poke(self.trap_addr);
        server::poke(self.tls_addr);
        server::poke(self.proxy_addr);
    }
}

fn url(port: u16) -> String {
    format!("http://127.0.0.1:{port}")
}
