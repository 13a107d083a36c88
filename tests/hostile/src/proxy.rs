//! The logging forward proxy: one request per connection, either `CONNECT host:port` (a tunnel)
//! or an absolute-form request (forwarded in origin form), to 127.0.0.1 or `localhost` only.
//! Every request is recorded, with whether it carried `Proxy-Authorization` but never its value.

use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::exchange::Exchange;
use crate::http::ReadError;
use crate::records::ProxyRequestRecord;
use crate::relay::{self, Plain};
use crate::server;

const ESTABLISHED: &[u8] = b"HTTP/1.1 200 Connection established\r\n\r\n";
/// Headers for the proxy or for this hop, which the origin does not get; `Connection: close` is
/// sent instead, since the proxy handles one request per connection.
const HOP_HEADERS: &[&str] = &["proxy-authorization", "proxy-connection", "connection"];
/// The one host the proxy connects to, whichever loopback name the client used.
const LOOPBACK: [u8; 4] = [127, 0, 0, 1];

/// A request head as the proxy reads it.
struct ProxyHead<'a> {
    method: &'a str,
    target: &'a str,
    version: &'a str,
    /// The header lines as sent.
    header_lines: Vec<&'a str>,
}

/// Where a request goes.
#[derive(Debug, PartialEq, Eq)]
enum Destination {
    /// `CONNECT`: a tunnel to this port.
    Tunnel(u16),
    /// An absolute-form request, sent to `port` with `path` (origin form) as its target.
    Forward { port: u16, path: String },
}

/// Why a request is not passed on.
#[derive(Debug, PartialEq, Eq)]
enum Refusal {
    /// The host is not 127.0.0.1 or `localhost`.
    NotLoopback,
    /// Not `CONNECT host:port` nor `http://host[:port]/path`.
    BadTarget,
}

pub(crate) fn serve(mut exchange: Exchange) {
    let (head, early_bytes) = match exchange.read_head() {
        Ok(read) => read,
        Err(error) => return server::refuse(exchange, error),
    };
    let Some(head) = ProxyHead::parse(&head) else {
        return server::refuse(exchange, ReadError::Malformed);
    };
    let records = &exchange.context.records;
    records.add_proxy_request(ProxyRequestRecord {
        method: head.method.to_owned(),
        target: head.target.to_owned(),
        proxy_authorization: head.has_header("proxy-authorization"),
        at_ms: records.now_ms(),
    });
    let destination = match destination(head.method, head.target) {
        Ok(destination) => destination,
        Err(Refusal::NotLoopback) => {
            let body = json!({
                "error": "forbidden_target",
                "message": "this proxy connects to 127.0.0.1 and localhost only",
            });
            return answer(exchange, 403, &body);
        }
        Err(Refusal::BadTarget) => {
            let body = json!({
                "error": "bad_target",
                "message": "expected CONNECT host:port or an absolute http:// URL",
            });
            return answer(exchange, 400, &body);
        }
    };
    let port = match destination {
        Destination::Tunnel(port) | Destination::Forward { port, .. } => port,
    };
    let deadline = exchange.deadline();
    let Some(upstream) = connect(port, deadline) else {
        let body = json!({ "error": "upstream_unreachable", "port": port });
        return answer(exchange, 502, &body);
    };
    let mut first_bytes = match &destination {
        Destination::Tunnel(_) => {
            if exchange.send_raw(ESTABLISHED).is_err() {
                return;
            }
            Vec::new()
        }
        Destination::Forward { path, .. } => head.origin_form(path).into_bytes(),
    };
    // Bytes that came with the head: the start of a body, or of a TLS handshake.
    first_bytes.extend_from_slice(&early_bytes);
    if relay::write_all_until(&upstream, &first_bytes, deadline).is_err() {
        return;
    }
    let client = Plain {
        socket: exchange.into_stream(),
        deadline,
    };
    let upstream = Plain {
        socket: upstream,
        deadline,
    };
    relay::relay(&client, &upstream, deadline);
}

impl<'a> ProxyHead<'a> {
    /// `METHOD target HTTP/1.x`, then header lines; `None` if it is not HTTP.
    fn parse(head: &'a str) -> Option<Self> {
        let mut lines = head.split("\r\n").filter(|line| !line.is_empty());
        let mut request_line = lines.next()?.split(' ');
        let method = request_line.next()?;
        let target = request_line.next()?;
        let version = request_line.next()?;
        if request_line.next().is_some()
            || method.is_empty()
            || target.is_empty()
            || !version.starts_with("HTTP/1.")
        {
            return None;
        }
        let header_lines: Vec<&str> = lines.collect();
        if !header_lines.iter().all(|line| line.contains(':')) {
            return None;
        }
        Some(ProxyHead {
            method,
            target,
            version,
            header_lines,
        })
    }

    fn has_header(&self, name: &str) -> bool {
        self.header_lines
            .iter()
            .any(|line| header_name(line).eq_ignore_ascii_case(name))
    }

    /// The head the origin gets: `path` as the target, without the hop headers, with
    /// `Connection: close`.
    fn origin_form(&self, path: &str) -> String {
        let mut head = format!("{} {path} {}\r\n", self.method, self.version);
        for line in &self.header_lines {
            let name = header_name(line);
            if !HOP_HEADERS.iter().any(|hop| name.eq_ignore_ascii_case(hop)) {
                head.push_str(line);
                head.push_str("\r\n");
            }
        }
        head.push_str("Connection: close\r\n\r\n");
        head
    }
}

fn header_name(line: &str) -> &str {
    line.split(':').next().unwrap_or_default().trim()
}

fn destination(method: &str, target: &str) -> Result<Destination, Refusal> {
    if method == "CONNECT" {
        return loopback_port(target, None).map(Destination::Tunnel);
    }
    let scheme = "http://";
    let rest = match target.get(..scheme.len()) {
        Some(prefix) if prefix.eq_ignore_ascii_case(scheme) => &target[scheme.len()..],
        _ => return Err(Refusal::BadTarget),
    };
    let (authority, path) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
    let port = loopback_port(authority, Some(80))?;
    let path = if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("/{path}")
    };
    Ok(Destination::Forward { port, path })
}

/// The port of `host[:port]` when the host is 127.0.0.1 or `localhost`.
fn loopback_port(authority: &str, default_port: Option<u16>) -> Result<u16, Refusal> {
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    if host != "127.0.0.1" && !host.eq_ignore_ascii_case("localhost") {
        return Err(Refusal::NotLoopback);
    }
    match port {
        Some(port) => port.parse().map_err(|_| Refusal::BadTarget),
        None => default_port.ok_or(Refusal::BadTarget),
    }
}

/// Connects to 127.0.0.1:`port`, waiting as long as the connection may live (the blackhole port
/// stalls through the proxy as it does without it).
fn connect(port: u16, deadline: Instant) -> Option<TcpStream> {
    let remaining = deadline.saturating_duration_since(Instant::now());
    let wait = remaining.max(Duration::from_millis(1));
    let upstream = TcpStream::connect_timeout(&SocketAddr::from((LOOPBACK, port)), wait).ok()?;
    let _ = upstream.set_nodelay(true);
    Some(upstream)
}

fn answer(mut exchange: Exchange, status: u16, body: &serde_json::Value) {
    let headers = [("Content-Type", "application/json")];
    let outcome = exchange.send_whole(status, &headers, body.to_string().as_bytes());
    exchange.finish(outcome);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_go_to_loopback_only() {
        assert_eq!(
            destination("CONNECT", "127.0.0.1:8443"),
            Ok(Destination::Tunnel(8443))
        );
        assert_eq!(
            destination("CONNECT", "LocalHost:1"),
            Ok(Destination::Tunnel(1))
        );
        assert_eq!(
            destination("POST", "http://127.0.0.1:9/a/b?c=1"),
            Ok(Destination::Forward {
                port: 9,
                path: "/a/b?c=1".into()
            })
        );
        assert_eq!(
            destination("GET", "HTTP://localhost?q"),
            Ok(Destination::Forward {
                port: 80,
                path: "/?q".into()
            })
        );
        for (method, target) in [
            ("CONNECT", "example.com:443"),
            ("CONNECT", "[::1]:443"),
            ("CONNECT", "127.0.0.2:443"),
            ("GET", "http://example.com/"),
            ("GET", "http://user@127.0.0.1:9/"),
        ] {
            assert_eq!(
                destination(method, target),
                Err(Refusal::NotLoopback),
                "{target}"
            );
        }
        for (method, target) in [
            ("CONNECT", "127.0.0.1"),
            ("CONNECT", "127.0.0.1:http"),
            ("GET", "/reply-json/"),
            ("GET", "https://127.0.0.1:9/"),
        ] {
            assert_eq!(
                destination(method, target),
                Err(Refusal::BadTarget),
                "{target}"
            );
        }
    }

    #[test]
    fn the_origin_gets_origin_form_without_hop_headers() {
        let head = "GET http://127.0.0.1:9/x?y HTTP/1.1\r\nHost: 127.0.0.1:9\r\n\
                    Proxy-Authorization: Basic dTpw\r\nproxy-connection: keep-alive\r\n\
                    Connection: keep-alive\r\nX-Key: v\r\n\r\n";
        let head = ProxyHead::parse(head).unwrap();
        assert!(head.has_header("proxy-authorization"));
        assert_eq!(
            head.origin_form("/x?y"),
            "GET /x?y HTTP/1.1\r\nHost: 127.0.0.1:9\r\nX-Key: v\r\nConnection: close\r\n\r\n"
        );
        assert!(ProxyHead::parse("GET http://127.0.0.1/ HTTP/1.1\r\nno colon\r\n\r\n").is_none());
        assert!(ProxyHead::parse("GET http://127.0.0.1/\r\n\r\n").is_none());
    }
}
