//! The control API under `/__hostile/` on the main port: the records as JSON, the clock, reset.

use serde_json::{json, Value};

use crate::exchange::{Exchange, Step};
use crate::http::Request;

/// The first path segment that selects the control API instead of a scenario.
pub(crate) const SEGMENT: &str = "__hostile";

pub(crate) fn answer(exchange: &mut Exchange, request: &Request) -> Step {
    let records = &exchange.context.records;
    let endpoint = request
        .path()
        .strip_prefix("/__hostile/")
        .unwrap_or_default();
    let (status, body) = match (request.method.as_str(), endpoint) {
        ("GET", "requests") => (200, array(records.requests().iter().map(|r| r.to_json()))),
        ("GET", "trap") => (
            200,
            array(records.trap_requests().iter().map(|r| r.to_json())),
        ),
        ("GET", "connections") => (
            200,
            array(records.connections().iter().map(|c| c.to_json())),
        ),
        ("GET", "tls") => (
            200,
            array(records.tls_connections().iter().map(|c| c.to_json())),
        ),
        ("GET", "proxy") => (
            200,
            array(records.proxy_requests().iter().map(|r| r.to_json())),
        ),
        ("GET", "now") => (200, json!({ "now_ms": records.now_ms() })),
        ("POST", "reset") => {
            records.reset();
            (200, json!({}))
        }
        (_, "requests" | "trap" | "connections" | "tls" | "proxy" | "now" | "reset") => {
            (405, json!({ "error": "method_not_allowed" }))
        }
        _ => (404, json!({ "error": "unknown_control" })),
    };
    let headers = [("Content-Type", "application/json")];
    exchange.send_whole(status, &headers, body.to_string().as_bytes())
}

fn array(items: impl Iterator<Item = Value>) -> Value {
    Value::Array(items.collect())
}
