//! The server does what README.md says, seen from a plain `TcpStream`.

use std::fmt::Debug;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use chatwire_hostile::{ClosedBy, ConnectionRecord, HostileServer, TlsHandshake};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, ClientConnection, RootCertStore, StreamOwned};
use serde_json::{json, Value};

const REPLY_JSON: &str =
    r#"{"conversationId":"conv_hostile","message":"hello from the hostile server"}"#;
const META: &str = "event: meta\n\
    data: {\"session_id\":\"5f3e8c7c-5d4a-4a91-9a4e-c9a7e6d2b0f1\",\"message_id\":1}\n\n";
/// Long enough for any scenario used here to answer, short enough to fail fast.
const PATIENCE: Duration = Duration::from_secs(5);

fn addr(url: &str) -> SocketAddr {
    let (_scheme, address) = url.split_once("://").expect("a URL");
    address.parse().expect("an address")
}

fn connect(url: &str) -> TcpStream {
    let stream = TcpStream::connect_timeout(&addr(url), PATIENCE).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(header, _)| header.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

/// Sends `request` as is and reads the response up to the server's close.
fn exchange(url: &str, request: &[u8]) -> Reply {
    let mut stream = connect(url);
    stream.write_all(request).unwrap();
    read_reply(&mut stream)
}

/// Reads a response up to the server's close.
fn read_reply(stream: &mut impl Read) -> Reply {
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .expect("a response ended by close");
    let split = response
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .expect("a complete head");
    let head = String::from_utf8(response[..split].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .map(|line| {
            let (name, value) = line.split_once(": ").unwrap();
            (name.to_owned(), value.to_owned())
        })
        .collect();
    Reply {
        status,
        headers,
        body: response[split + 4..].to_vec(),
    }
}

fn get(url: &str, path: &str) -> Reply {
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    exchange(url, request.as_bytes())
}

/// Polls `records` until `check` passes, or fails after [`PATIENCE`].
fn wait_for<T: Debug>(records: impl Fn() -> T, check: impl Fn(&T) -> bool) -> T {
    let started = Instant::now();
    loop {
        let seen = records();
        if check(&seen) {
            return seen;
        }
        assert!(started.elapsed() < PATIENCE, "the records stayed {seen:?}");
        thread::sleep(Duration::from_millis(10));
    }
}

/// Polls until `check` passes on the connection records, or fails after [`PATIENCE`].
fn wait_for_connections(
    server: &HostileServer,
    check: impl Fn(&[ConnectionRecord]) -> bool,
) -> Vec<ConnectionRecord> {
    wait_for(|| server.connections(), |connections| check(connections))
}

/// A TLS client that trusts `ca_pem`, or nothing at all.
fn tls_config(ca_pem: Option<&str>) -> Arc<ClientConfig> {
    let mut roots = RootCertStore::empty();
    if let Some(pem) = ca_pem {
        let ca = CertificateDer::from_pem_slice(pem.as_bytes()).expect("a PEM certificate");
        roots.add(ca).unwrap();
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    Arc::new(config)
}

/// Opens TLS over `stream` (for the server name `name`), sends `request` and reads the response
/// up to the server's close_notify.
fn tls_exchange(
    stream: TcpStream,
    config: Arc<ClientConfig>,
    name: &str,
    request: &[u8],
) -> io::Result<Reply> {
    let name = ServerName::try_from(name.to_owned()).expect("a server name");
    let connection = ClientConnection::new(config, name).unwrap();
    let mut tls = StreamOwned::new(connection, stream);
    tls.write_all(request)?;
    tls.flush()?;
    Ok(read_reply(&mut tls))
}

/// Reads a response head byte by byte, so that nothing after it is taken from the stream.
fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let mut byte = [0u8; 1];
        let read = stream.read(&mut byte).expect("a response head");
        assert_eq!(read, 1, "the head ended early: {head:?}");
        head.push(byte[0]);
    }
    String::from_utf8(head).unwrap()
}

fn post(url: &str, path: &str) -> Reply {
    let request = format!("POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    exchange(url, request.as_bytes())
}

#[test]
fn startup_line_names_every_url_and_the_ca() {
    let server = HostileServer::start().unwrap();
    let line: Value = serde_json::from_str(&server.startup_line()).unwrap();
    assert_eq!(line["base"], server.base_url());
    assert_eq!(line["trap"], server.trap_url());
    assert_eq!(line["tls"], server.tls_url());
    assert_eq!(line["proxy"], server.proxy_url());
    assert_eq!(line["blackhole"], server.blackhole_url());
    assert_eq!(line["closed"], server.closed_url());
    assert_eq!(line["tls_ca_pem"], server.tls_ca_pem());
    assert_eq!(line.as_object().unwrap().len(), 7);
    assert!(server.tls_url().starts_with("https://127.0.0.1:"));
    assert!(server.proxy_url().starts_with("http://127.0.0.1:"));
    assert!(server
        .tls_ca_pem()
        .starts_with("-----BEGIN CERTIFICATE-----"));
    assert_eq!(
        server.scenario_url("reply-json"),
        format!("{}/reply-json/", server.base_url())
    );

    // Dropped, it stops accepting.
    let base = addr(&server.base_url());
    drop(server);
    let started = Instant::now();
    while TcpStream::connect_timeout(&base, PATIENCE).is_ok() {
        assert!(started.elapsed() < PATIENCE, "still accepting");
        thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn requests_are_recorded_and_served_by_the_control_api() {
    let server = HostileServer::start().unwrap();
    let base = server.base_url();
    let body = r#"{"message":"hi"}"#;
    let request = format!(
        "POST /reply-json/v1/chat?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: k\r\n\
         Accept: a\r\naccept: b\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let reply = exchange(&base, request.as_bytes());
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("connection"), Some("close"));
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(reply.body, REPLY_JSON.as_bytes());

    // A chunked request body is decoded before it is recorded.
    let chunked = "POST /reply-sse/api/chat/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\
                   Transfer-Encoding: chunked\r\n\r\n4\r\nab\r\n\r\n2;ext=1\r\ncd\r\n0\r\n\r\n";
    assert_eq!(exchange(&base, chunked.as_bytes()).status, 200);

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].scenario, "reply-json");
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].path, "/reply-json/v1/chat?x=1");
    assert_eq!(requests[0].header("x-api-key").as_deref(), Some("k"));
    assert_eq!(requests[0].body, body);
    assert_eq!(requests[1].scenario, "reply-sse");
    assert_eq!(requests[1].body, "ab\r\ncd");

    let served = get(&base, "/__hostile/requests").json();
    assert_eq!(
        served.as_array().unwrap().len(),
        2,
        "control requests are not recorded"
    );
    assert_eq!(served[0]["headers"]["x-api-key"], "k");
    assert_eq!(served[0]["headers"]["accept"], "a, b");
    assert_eq!(served[0]["body"], body);
    assert!(served[1]["at_ms"].as_u64().unwrap() >= served[0]["at_ms"].as_u64().unwrap());

    let connections = wait_for_connections(&server, |connections| {
        connections.len() == 2 && connections.iter().all(|c| c.closed_by.is_some())
    });
    assert!(connections
        .iter()
        .all(|c| c.closed_by == Some(ClosedBy::Server)));
    let served = get(&base, "/__hostile/connections").json();
    assert_eq!(served[0]["scenario"], "reply-json");
    assert_eq!(served[0]["closed_by"], "server");

    let now = get(&base, "/__hostile/now").json()["now_ms"]
        .as_u64()
        .unwrap();
    assert!(now >= requests[1].at_ms);
    let reset = exchange(&base, b"POST /__hostile/reset HTTP/1.1\r\nHost: h\r\n\r\n");
    assert_eq!(reset.json(), serde_json::json!({}));
    assert!(server.requests().is_empty());
    assert!(server.connections().is_empty());
}

#[test]
fn unknown_and_scripted_statuses() {
    let server = HostileServer::start().unwrap();
    let unknown = get(&server.base_url(), "/no-such-scenario/v1/chat");
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.json()["error"], "unknown_scenario");

    let scripted = get(&server.base_url(), "/status-429/v1/chat");
    assert_eq!(scripted.status, 429);
    assert_eq!(scripted.header("x-request-id"), Some("req_hostile_429"));
    assert_eq!(scripted.json()["error"], "status_429");
    assert_eq!(scripted.json()["message"], "scripted 429");
}

#[test]
fn redirects_point_where_the_readme_says() {
    let server = HostileServer::start().unwrap();
    let base = server.base_url();
    let port = addr(&base).port();

    let other_port = get(&base, "/redirect-307-port/v1/chat");
    assert_eq!(other_port.status, 307);
    let location = format!("{}/v1/chat", server.trap_url());
    assert_eq!(other_port.header("location"), Some(location.as_str()));
    assert_eq!(
        other_port.header("content-length"),
        Some(other_port.body.len().to_string().as_str())
    );

    let cases = [
        (
            "/redirect-301-host/api/chat/",
            format!("http://localhost:{port}/trap/api/chat/"),
        ),
        (
            "/redirect-308-scheme/v1/chat",
            format!("https://127.0.0.1:{port}/trap/v1/chat"),
        ),
        (
            "/redirect-302-same/v1/chat",
            "/reply-json/v1/chat".to_owned(),
        ),
        (
            "/redirect-303-same-absolute/v1/chat",
            format!("{base}/reply-json/v1/chat"),
        ),
        (
            "/redirect-307-same-sse/v1/chat",
            "/reply-sse/v1/chat".to_owned(),
        ),
        (
            "/redirect-loop/v1/chat",
            "/redirect-loop/v1/chat".to_owned(),
        ),
    ];
    for (path, location) in cases {
        let reply = get(&base, path);
        assert!((301..=308).contains(&reply.status), "{path}");
        assert_eq!(reply.header("location"), Some(location.as_str()), "{path}");
    }
    assert!(server.trap_requests().is_empty());

    // What a client that did follow would find.
    let trapped = get(&server.trap_url(), "/v1/chat");
    assert_eq!(trapped.json()["conversationId"], "trapped");
    get(&base, "/trap/v1/chat");
    let trap_requests = server.trap_requests();
    assert_eq!(trap_requests.len(), 2);
    assert!(trap_requests
        .iter()
        .all(|request| request.scenario == "trap"));
    assert_eq!(trap_requests[1].path, "/trap/v1/chat");
}

#[test]
fn stall_headers_records_the_clients_close() {
    let server = HostileServer::start().unwrap();
    let mut stream = connect(&server.base_url());
    stream
        .write_all(
            b"POST /stall-headers/v1/chat HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n{}",
        )
        .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    let error = stream.read(&mut [0u8; 16]).expect_err("nothing is sent");
    assert!(matches!(
        error.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    ));
    let dropped_ms = server.now_ms();
    drop(stream);

    let connections =
        wait_for_connections(&server, |connections| connections[0].closed_by.is_some());
    let connection = &connections[0];
    assert_eq!(connection.scenario, "stall-headers");
    assert_eq!(connection.closed_by, Some(ClosedBy::Client));
    let closed_ms = connection.closed_ms.unwrap();
    assert!(closed_ms >= connection.opened_ms + 300, "{connection:?}");
    assert!(
        (dropped_ms..dropped_ms + 200).contains(&closed_ms),
        "seen at {closed_ms}, dropped at {dropped_ms}"
    );
}

#[test]
fn a_client_leaving_a_huge_body_ends_it() {
    let server = HostileServer::start().unwrap();
    let mut stream = connect(&server.base_url());
    stream
        .write_all(b"GET /huge-error-body/ HTTP/1.1\r\nHost: h\r\n\r\n")
        .unwrap();
    let mut first = vec![0u8; 1 << 20];
    stream.read_exact(&mut first).unwrap();
    assert!(first.starts_with(b"HTTP/1.1 500 "));
    drop(stream);
    let connections =
        wait_for_connections(&server, |connections| connections[0].closed_by.is_some());
    assert_eq!(connections[0].closed_by, Some(ClosedBy::Client));
}

#[test]
fn reset_mid_sse_sends_events_then_a_reset() {
    let server = HostileServer::start().unwrap();
    let mut stream = connect(&server.base_url());
    stream
        .write_all(b"GET /reset-mid-sse/ HTTP/1.1\r\nHost: h\r\n\r\n")
        .unwrap();
    let mut received = Vec::new();
    let error = loop {
        let mut buffer = [0u8; 4096];
        match stream.read(&mut buffer) {
            Ok(0) => panic!("closed without a reset"),
            Ok(read) => received.extend_from_slice(&buffer[..read]),
            Err(error) => break error,
        }
    };
    assert_eq!(error.kind(), io::ErrorKind::ConnectionReset);
    let received = String::from_utf8(received).unwrap();
    assert!(received.contains("Transfer-Encoding: chunked\r\n"));
    assert!(received.contains(META));
    assert!(received.contains("event: token\ndata: {\"text\":\"a\"}\n\n"));
}

#[test]
fn blackhole_connect_times_out() {
    let server = HostileServer::start().unwrap();
    let started = Instant::now();
    let error =
        TcpStream::connect_timeout(&addr(&server.blackhole_url()), Duration::from_millis(500))
            .expect_err("the blackhole never answers");
    assert_eq!(error.kind(), io::ErrorKind::TimedOut);
    assert!(started.elapsed() >= Duration::from_millis(450));
}

#[test]
fn closed_port_refuses() {
    let server = HostileServer::start().unwrap();
    let error = TcpStream::connect_timeout(&addr(&server.closed_url()), PATIENCE)
        .expect_err("nothing listens");
    assert_eq!(error.kind(), io::ErrorKind::ConnectionRefused);
}

#[test]
fn gzip_json_inflates_to_the_reply() {
    let server = HostileServer::start().unwrap();
    let reply = get(&server.base_url(), "/gzip-json/v1/chat");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-encoding"), Some("gzip"));
    assert_eq!(
        reply.header("content-length"),
        Some(reply.body.len().to_string().as_str())
    );
    let mut inflated = String::new();
    flate2::read::GzDecoder::new(&reply.body[..])
        .read_to_string(&mut inflated)
        .unwrap();
    assert_eq!(inflated, REPLY_JSON);
}

#[test]
fn tls_relays_the_scenarios_to_the_main_port() {
    let server = HostileServer::start().unwrap();
    let config = tls_config(Some(server.tls_ca_pem()));
    let request = b"GET /reply-json/v1/chat HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    let plain = get(&server.base_url(), "/reply-json/v1/chat");
    // The certificate names both.
    for name in ["127.0.0.1", "localhost"] {
        let stream = connect(&server.tls_url());
        let reply = tls_exchange(stream, Arc::clone(&config), name, request).expect(name);
        assert_eq!(reply.status, 200, "{name}");
        assert_eq!(reply.headers, plain.headers, "{name}");
        assert_eq!(reply.body, REPLY_JSON.as_bytes(), "{name}");
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| r.path == "/reply-json/v1/chat"));

    let tls_connections = server.tls_connections();
    assert_eq!(tls_connections.len(), 2);
    assert!(tls_connections
        .iter()
        .all(|c| c.handshake == TlsHandshake::Ok && c.error.is_none()));
    let served = get(&server.base_url(), "/__hostile/tls").json();
    assert_eq!(served[0]["handshake"], "ok");
    assert_eq!(served[0]["error"], Value::Null);
    assert!(served[0]["at_ms"].is_u64());
}

#[test]
fn a_tls_client_leaving_is_the_clients_close() {
    let server = HostileServer::start().unwrap();
    let name = ServerName::try_from("127.0.0.1").unwrap();
    let connection = ClientConnection::new(tls_config(Some(server.tls_ca_pem())), name).unwrap();
    let mut tls = StreamOwned::new(connection, connect(&server.tls_url()));
    tls.write_all(b"GET /stall-headers/ HTTP/1.1\r\nHost: h\r\n\r\n")
        .unwrap();
    tls.flush().unwrap();
    wait_for_connections(&server, |connections| connections.len() == 1);
    thread::sleep(Duration::from_millis(100));
    let dropped_ms = server.now_ms();
    drop(tls);
    let connections =
        wait_for_connections(&server, |connections| connections[0].closed_by.is_some());
    assert_eq!(connections[0].scenario, "stall-headers");
    assert_eq!(connections[0].closed_by, Some(ClosedBy::Client));
    let closed_ms = connections[0].closed_ms.unwrap();
    assert!(
        (dropped_ms..dropped_ms + 200).contains(&closed_ms),
        "seen at {closed_ms}, dropped at {dropped_ms}"
    );
}

#[test]
fn a_tls_client_that_does_not_trust_the_ca_fails_and_is_recorded() {
    let server = HostileServer::start().unwrap();
    let request = b"GET /reply-json/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    let stream = connect(&server.tls_url());
    let error = tls_exchange(stream, tls_config(None), "127.0.0.1", request)
        .err()
        .expect("an untrusted certificate");
    let cause = error.get_ref().and_then(|inner| inner.downcast_ref());
    assert!(
        matches!(cause, Some(rustls::Error::InvalidCertificate(_))),
        "{error}"
    );

    let tls_connections = wait_for(|| server.tls_connections(), |c| !c.is_empty());
    assert_eq!(tls_connections[0].handshake, TlsHandshake::Failed);
    let reason = tls_connections[0].error.as_deref().unwrap();
    assert!(reason.contains("UnknownCA"), "{reason}");
    assert!(server.requests().is_empty(), "nothing reached a scenario");
    let served = get(&server.base_url(), "/__hostile/tls").json();
    assert_eq!(served[0]["handshake"], "failed");
    assert_eq!(served[0]["error"], reason);

    // Plain HTTP to the TLS port is a failed handshake too.
    let mut stream = connect(&server.tls_url());
    stream.write_all(b"GET / HTTP/1.1\r\n\r\n").unwrap();
    let _ = stream.read_to_end(&mut Vec::new());
    wait_for(|| server.tls_connections(), |c| c.len() == 2);

    post(&server.base_url(), "/__hostile/reset");
    assert!(server.tls_connections().is_empty());
}

#[test]
fn connect_through_the_proxy_reaches_the_tls_port() {
    let server = HostileServer::start().unwrap();
    let target = server.tls_url().replace("https://", "");
    let mut stream = connect(&server.proxy_url());
    let connect_request = format!(
        "CONNECT {target} HTTP/1.1\r\nHost: {target}\r\nProxy-Authorization: Basic dTpw\r\n\r\n"
    );
    stream.write_all(connect_request.as_bytes()).unwrap();
    assert_eq!(
        read_head(&mut stream),
        "HTTP/1.1 200 Connection established\r\n\r\n"
    );
    let config = tls_config(Some(server.tls_ca_pem()));
    let request = b"GET /reply-json/v1/chat HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    let reply = tls_exchange(stream, config, "localhost", request).unwrap();
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, REPLY_JSON.as_bytes());
    assert_eq!(server.requests()[0].path, "/reply-json/v1/chat");

    let proxied = server.proxy_requests();
    assert_eq!(proxied.len(), 1);
    assert_eq!(proxied[0].method, "CONNECT");
    assert_eq!(proxied[0].target, target);
    assert!(proxied[0].proxy_authorization);
    let served = get(&server.base_url(), "/__hostile/proxy").json();
    assert_eq!(served[0]["method"], "CONNECT");
    assert_eq!(served[0]["target"], target);
    assert_eq!(served[0]["proxy_authorization"], true);
    assert!(
        !served.to_string().contains("dTpw"),
        "the credential is never kept"
    );
    assert_eq!(server.tls_connections()[0].handshake, TlsHandshake::Ok);
}

#[test]
fn an_absolute_form_request_through_the_proxy_arrives_in_origin_form() {
    let server = HostileServer::start().unwrap();
    let url = format!("{}/reply-json/v1/chat?x=1", server.base_url());
    let body = r#"{"message":"hi"}"#;
    let request = format!(
        "POST {url} HTTP/1.1\r\nHost: {host}\r\nProxy-Authorization: Basic dTpw\r\n\
         Proxy-Connection: keep-alive\r\nConnection: keep-alive\r\nX-Api-Key: k\r\n\
         Content-Length: {length}\r\n\r\n{body}",
        host = server.base_url().replace("http://", ""),
        length = body.len(),
    );
    let reply = exchange(&server.proxy_url(), request.as_bytes());
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, REPLY_JSON.as_bytes());

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].scenario, "reply-json");
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].path, "/reply-json/v1/chat?x=1");
    assert_eq!(requests[0].body, body);
    assert_eq!(requests[0].header("x-api-key").as_deref(), Some("k"));
    assert_eq!(requests[0].header("connection").as_deref(), Some("close"));
    assert_eq!(requests[0].header("proxy-authorization"), None);
    assert_eq!(requests[0].header("proxy-connection"), None);

    let proxied = server.proxy_requests();
    assert_eq!(proxied.len(), 1);
    assert_eq!(proxied[0].method, "POST");
    assert_eq!(proxied[0].target, url);
    assert!(proxied[0].proxy_authorization);

    let plain = format!("GET {url} HTTP/1.1\r\nHost: h\r\n\r\n");
    assert_eq!(exchange(&server.proxy_url(), plain.as_bytes()).status, 200);
    let served = get(&server.base_url(), "/__hostile/proxy").json();
    assert_eq!(served.as_array().unwrap().len(), 2);
    assert_eq!(served[1]["method"], "GET");
    assert_eq!(served[1]["proxy_authorization"], false);
    assert!(served[1]["at_ms"].as_u64().unwrap() >= served[0]["at_ms"].as_u64().unwrap());

    post(&server.base_url(), "/__hostile/reset");
    assert!(server.proxy_requests().is_empty());
}

#[test]
fn the_proxy_refuses_targets_off_loopback() {
    let server = HostileServer::start().unwrap();
    let refused = [
        "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
        "GET http://192.0.2.1/v1/chat HTTP/1.1\r\nHost: 192.0.2.1\r\n\r\n",
    ];
    for request in refused {
        let reply = exchange(&server.proxy_url(), request.as_bytes());
        assert_eq!(reply.status, 403, "{request}");
        assert_eq!(reply.json()["error"], "forbidden_target", "{request}");
    }
    let not_a_proxy_request = get(&server.proxy_url(), "/reply-json/");
    assert_eq!(not_a_proxy_request.status, 400);

    let proxied = server.proxy_requests();
    let targets: Vec<&str> = proxied.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(
        targets,
        [
            "example.com:443",
            "http://192.0.2.1/v1/chat",
            "/reply-json/"
        ]
    );
    assert!(server.requests().is_empty());
    assert_eq!(
        get(&server.base_url(), "/__hostile/proxy").json()[0],
        json!({
            "method": "CONNECT",
            "target": "example.com:443",
            "proxy_authorization": false,
            "at_ms": proxied[0].at_ms,
        })
    );
}
