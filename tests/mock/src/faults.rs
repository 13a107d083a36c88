//! Faults a test scripts for its next requests through `POST /__mock/faults`.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// What a fault does. The serde tag `fault` is the name used by the control API.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(tag = "fault", rename_all = "snake_case", deny_unknown_fields)]
pub enum FaultKind {
    /// Answer `status` (with the provider's error body unless `body` is given).
    Status {
        status: u16,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        retry_after_ms: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        body: Option<Value>,
    },
    /// Send nothing for `ms`, then answer normally.
    StallBeforeHeaders { ms: u64 },
    /// Reset the TCP connection before any byte of response.
    Reset {},
    /// Close the connection mid-body after `events` events.
    CloseAfterEvents { events: usize },
    /// Send the whole reply but not its terminal event, then end cleanly.
    EndWithoutTerminal {},
    /// Make the first token event's data invalid JSON.
    MalformedJson {},
    /// Add an event of an undocumented type before the first token.
    UnknownEvent {},
    /// Add a token event of at least `bytes` bytes of data before the first token.
    OversizeEvent { bytes: usize },
    /// Pause `ms` after `after_events` events.
    StallBetweenEvents {
        ms: u64,
        #[serde(default = "one")]
        after_events: usize,
    },
    /// Send only `count` keep-alive comments, `interval_ms` apart, then end with no event.
    KeepaliveOnly {
        #[serde(default = "default_keepalive_interval")]
        interval_ms: u64,
        #[serde(default = "default_keepalive_count")]
        count: usize,
    },
    /// Stream a reply of `tokens` one-word tokens (a load script).
    LongReply { tokens: usize },
    /// Answer a stream with these bytes verbatim, in pieces of these sizes (the rest last), in
    /// place of the provider's reply: a conformance vector (`POST /__mock/replay` queues one).
    Replay {
        body_base64: String,
        #[serde(default)]
        chunks: Vec<usize>,
        #[serde(default)]
        end: ReplayEnd,
    },
}

/// How a replayed body ends.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ReplayEnd {
    /// The body ends cleanly.
    #[default]
    Close,
    /// The connection breaks after the last byte, before the body's end.
    Break,
}

fn one() -> usize {
    1
}
fn default_keepalive_interval() -> u64 {
    100
}
fn default_keepalive_count() -> usize {
    50
}

impl FaultKind {
    /// Whether the fault shapes a response body, so it only matches streaming endpoints.
    pub fn is_stream_only(&self) -> bool {
        !matches!(
            self,
            Self::Status { .. } | Self::StallBeforeHeaders { .. } | Self::Reset {}
        )
    }
}

/// A fault with the requests it applies to.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Fault {
    #[serde(flatten)]
    pub kind: FaultKind,
    /// How many matching requests it applies to.
    pub times: usize,
    /// Only requests to this exact path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Only requests carrying this credential.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

impl<'de> Deserialize<'de> for Fault {
    /// Takes the matching fields off, then reads the rest as a [`FaultKind`] that refuses unknown
    /// fields (which `#[serde(flatten)]` would let through), so a misspelt script is an error.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut fields = Map::deserialize(deserializer)?;
        let mut take = |name: &str| fields.remove(name).filter(|v| !v.is_null());
        let times = take("times")
            .map(serde_json::from_value)
            .transpose()
            .map_err(D::Error::custom)?;
        let path = take("path")
            .map(serde_json::from_value)
            .transpose()
            .map_err(D::Error::custom)?;
        let key = take("key")
            .map(serde_json::from_value)
            .transpose()
            .map_err(D::Error::custom)?;
        let kind = FaultKind::deserialize(Value::Object(fields)).map_err(D::Error::custom)?;
        Ok(Self {
            kind,
            times: times.unwrap_or(1),
            path,
            key,
        })
    }
}

/// A queued fault and its id.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct QueuedFault {
    pub id: u64,
    #[serde(flatten)]
    pub fault: Fault,
}

/// Faults waiting for their requests, first queued first applied.
#[derive(Default)]
pub(crate) struct FaultQueue {
    next_id: u64,
    queued: Vec<QueuedFault>,
}

/// What is known of a request when a fault is chosen for it.
pub(crate) struct RequestTarget<'a> {
    pub path: &'a str,
    pub credential: Option<&'a str>,
    pub streaming: bool,
}

impl FaultQueue {
    pub fn push(&mut self, fault: Fault) -> u64 {
        self.next_id += 1;
        self.queued.push(QueuedFault {
            id: self.next_id,
            fault,
        });
        self.next_id
    }

    pub fn list(&self) -> Vec<QueuedFault> {
        self.queued.clone()
    }

    pub fn clear(&mut self) {
        self.queued.clear();
    }

    /// Takes one use of the first fault that matches `target`.
    pub fn take(&mut self, target: &RequestTarget<'_>) -> Option<FaultKind> {
        let index = self.queued.iter().position(|q| q.fault.matches(target))?;
        let entry = &mut self.queued[index];
        entry.fault.times -= 1;
        let kind = entry.fault.kind.clone();
        if entry.fault.times == 0 {
            self.queued.remove(index);
        }
        Some(kind)
    }
}

impl Fault {
    fn matches(&self, target: &RequestTarget<'_>) -> bool {
        self.times > 0
            && (target.streaming || !self.kind.is_stream_only())
            && self.path.as_deref().is_none_or(|p| p == target.path)
            && self
                .key
                .as_deref()
                .is_none_or(|k| Some(k) == target.credential)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(json: &str) -> Fault {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn parses_every_documented_field() {
        let f = fault(
            r#"{"fault":"status","status":429,"retry_after":"1","times":2,"path":"/api/chat/"}"#,
        );
        assert_eq!(f.times, 2);
        assert_eq!(f.path.as_deref(), Some("/api/chat/"));
        assert!(matches!(f.kind, FaultKind::Status { status: 429, .. }));
        assert_eq!(fault(r#"{"fault":"reset"}"#).times, 1);
        for misspelt in [
            r#"{"fault":"reset","bogus":1}"#,
            r#"{"fault":"close_after_events","event":2}"#,
            r#"{"fault":"reset","times":"2"}"#,
        ] {
            assert!(
                serde_json::from_str::<Fault>(misspelt).is_err(),
                "{misspelt}"
            );
        }
    }

    #[test]
    fn applies_times_then_is_gone_and_respects_filters() {
        let mut queue = FaultQueue::default();
        queue.push(fault(
            r#"{"fault":"end_without_terminal","times":2,"key":"k1"}"#,
        ));
        let json_request = RequestTarget {
            path: "/v1/chat",
            credential: Some("k1"),
            streaming: false,
        };
        let other_key = RequestTarget {
            path: "/v1/chat/stream",
            credential: Some("k2"),
            streaming: true,
        };
        let stream = RequestTarget {
            path: "/v1/chat/stream",
            credential: Some("k1"),
            streaming: true,
        };
        assert_eq!(
            queue.take(&json_request),
            None,
            "stream faults skip JSON endpoints"
        );
        assert_eq!(queue.take(&other_key), None);
        assert_eq!(queue.take(&stream), Some(FaultKind::EndWithoutTerminal {}));
        assert_eq!(queue.take(&stream), Some(FaultKind::EndWithoutTerminal {}));
        assert_eq!(queue.take(&stream), None);
    }
}
