//! The contract between `openapi/*.yaml` and the Rust models.
//!
//! Every component of every spec is a Rust model (same properties, same required flags), an enum
//! (same values), a stream event (which decodes to its variant), or on the short list of
//! components represented otherwise, with the reason. Every operation has its client method, and
//! every example decodes and re-encodes to the same JSON. Removing a property, a required flag,
//! an enum value or an operation on either side without the other fails here.

use std::collections::BTreeSet;

use chatwire::sse::{Decoder, EventRef};
use chatwire::stream::ProviderEvents;
use chatwire::{devapi, mevichat, vexar, widgetkey};
use schemars::{schema_for, JsonSchema};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

const SPECS: [&str; 4] = ["mevichat", "vexar", "devapi", "widgetkey"];

struct Spec {
    name: &'static str,
    doc: Value,
}

impl Spec {
    fn load(name: &'static str) -> Self {
        let path = format!("{}/../openapi/{name}.yaml", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        Self {
            name,
            doc: serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}")),
        }
    }

    fn resolve<'a>(&'a self, mut node: &'a Value) -> &'a Value {
        while let Some(reference) = node.get("$ref").and_then(Value::as_str) {
            node = self
                .doc
                .pointer(reference.trim_start_matches('#'))
                .unwrap_or_else(|| panic!("{}: no {reference}", self.name));
        }
        node
    }

    fn components(&self) -> BTreeSet<String> {
        self.doc["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    }

    fn component(&self, name: &str) -> &Value {
        let schema = &self.doc["components"]["schemas"][name];
        assert!(!schema.is_null(), "{}: no component {name}", self.name);
        schema
    }

    fn operation_ids(&self) -> BTreeSet<String> {
        let paths = self.doc["paths"].as_object().unwrap();
        paths
            .values()
            .flat_map(|item| item.as_object().unwrap().values())
            .filter_map(|op| op.get("operationId")?.as_str().map(str::to_owned))
            .collect()
    }

    /// Every example of a component: its own `examples`, and those of the media types whose
    /// schema is that component.
    fn examples_of(&self, name: &str) -> Vec<Value> {
        let mut examples: Vec<Value> = self
            .component(name)
            .get("examples")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let target = format!("#/components/schemas/{name}");
        let mut visit = vec![&self.doc["paths"], &self.doc["components"]];
        while let Some(node) = visit.pop() {
            match node {
                Value::Object(map) => {
                    if map
                        .get("schema")
                        .and_then(|s| s.get("$ref"))
                        .and_then(Value::as_str)
                        == Some(target.as_str())
                    {
                        let named = map
                            .get("examples")
                            .and_then(Value::as_object)
                            .into_iter()
                            .flat_map(|e| e.values());
                        examples
                            .extend(named.filter_map(|e| self.resolve(e).get("value").cloned()));
                        examples.extend(map.get("example").cloned());
                    }
                    visit.extend(map.values());
                }
                Value::Array(items) => visit.extend(items),
                _ => {}
            }
        }
        examples
    }

    /// Every `serializedValue` of an event-stream media type.
    fn stream_examples(&self) -> Vec<String> {
        let mut found = Vec::new();
        let mut visit = vec![&self.doc["paths"]];
        while let Some(node) = visit.pop() {
            match node {
                Value::Object(map) => {
                    if let Some(Value::Object(stream)) = map.get("text/event-stream") {
                        let examples = stream
                            .get("examples")
                            .and_then(Value::as_object)
                            .into_iter()
                            .flat_map(|e| e.values());
                        found.extend(examples.filter_map(|e| {
                            self.resolve(e)
                                .get("serializedValue")?
                                .as_str()
                                .map(str::to_owned)
                        }));
                    }
                    visit.extend(map.values());
                }
                Value::Array(items) => visit.extend(items),
                _ => {}
            }
        }
        found
    }

    fn enum_values(&self, schema: &Value) -> BTreeSet<String> {
        let schema = self.resolve(schema);
        let direct = schema.get("enum").and_then(Value::as_array);
        let nested = schema
            .get("anyOf")
            .and_then(Value::as_array)
            .and_then(|branches| branches.iter().find_map(|b| b.get("enum")?.as_array()));
        let values = direct
            .or(nested)
            .unwrap_or_else(|| panic!("{}: {schema} has no enum", self.name));
        values
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    }
}

fn keys(schema: &Value, field: &str) -> BTreeSet<String> {
    match &schema[field] {
        Value::Object(map) => map.keys().cloned().collect(),
        Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect(),
        _ => BTreeSet::new(),
    }
}

/// A Rust model and the component it stands for.
struct Model {
    spec: &'static str,
    component: &'static str,
    schema: Value,
    roundtrip: fn(&Value) -> Result<Value, String>,
    /// Properties of the component the model leaves to something else, with the reason.
    elsewhere: &'static [&'static str],
}

fn model<T: JsonSchema + Serialize + DeserializeOwned>(
    spec: &'static str,
    component: &'static str,
    elsewhere: &'static [&'static str],
) -> Model {
    fn roundtrip<T: Serialize + DeserializeOwned>(value: &Value) -> Result<Value, String> {
        let decoded: T = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
        Ok(serde_json::to_value(decoded).unwrap())
    }
    Model {
        spec,
        component,
        schema: serde_json::to_value(schema_for!(T)).unwrap(),
        roundtrip: roundtrip::<T>,
        elsewhere,
    }
}

/// The client adds the credential; the method decides `stream`; the `type` tag picks the variant.
const SITE_KEY: &[&str] = &["site_key"];

fn models() -> Vec<Model> {
    vec![
        model::<mevichat::ChatRequest>("mevichat", "ChatRequest", &["public_key"]),
        model::<mevichat::MetaData>("mevichat", "MetaData", &[]),
        model::<mevichat::TokenData>("mevichat", "TokenData", &[]),
        model::<mevichat::BlockedData>("mevichat", "BlockedData", &[]),
        model::<mevichat::ErrorData>("mevichat", "ErrorData", &[]),
        model::<mevichat::DoneData>("mevichat", "DoneData", &[]),
        model::<mevichat::WidgetConfigResponse>("mevichat", "WidgetConfigResponse", &[]),
        model::<mevichat::Bot>("mevichat", "Bot", &[]),
        model::<mevichat::ExportResponse>("mevichat", "ExportResponse", &[]),
        model::<mevichat::ExportSession>("mevichat", "ExportSession", &[]),
        model::<mevichat::ExportMessage>("mevichat", "ExportMessage", &[]),
        model::<vexar::ChatRequest>("vexar", "ChatRequest", SITE_KEY),
        model::<vexar::ChunkData>("vexar", "ChunkData", &["type"]),
        model::<vexar::DoneData>("vexar", "DoneData", &["type"]),
        model::<vexar::DoneMeta>("vexar", "DoneMeta", &[]),
        model::<vexar::HistoryResponse>("vexar", "HistoryResponse", &[]),
        model::<vexar::HistoryMessage>("vexar", "HistoryMessage", &[]),
        model::<vexar::OperatorMessage>("vexar", "OperatorMessage", &[]),
        model::<vexar::ProactiveMessage>("vexar", "ProactiveMessage", &[]),
        model::<vexar::EmailRequest>("vexar", "EmailRequest", SITE_KEY),
        model::<vexar::ContactRequest>("vexar", "ContactRequest", SITE_KEY),
        model::<vexar::SaveResponse>("vexar", "SaveResponse", &[]),
        model::<vexar::OperatorMessagesResponse>("vexar", "OperatorMessagesResponse", &[]),
        model::<vexar::BlockStatusResponse>("vexar", "BlockStatusResponse", &[]),
        model::<vexar::PendingProactiveResponse>("vexar", "PendingProactiveResponse", &[]),
        model::<vexar::UploadImageResponse>("vexar", "UploadImageResponse", &[]),
        model::<vexar::RateRequest>("vexar", "RateRequest", SITE_KEY),
        model::<vexar::RateCommentRequest>("vexar", "RateCommentRequest", SITE_KEY),
        model::<vexar::SuccessResponse>("vexar", "SuccessResponse", &[]),
        model::<devapi::ChatRequest>("devapi", "ChatRequest", &["api_key", "stream"]),
        model::<devapi::ChatResponse>("devapi", "ChatResponse", &[]),
        model::<devapi::MessageData>("devapi", "MessageData", &[]),
        model::<devapi::EndData>("devapi", "EndData", &[]),
        model::<devapi::UsageResponse>("devapi", "UsageResponse", &[]),
        model::<devapi::Usage>("devapi", "Usage", &[]),
        model::<devapi::ModelUsage>("devapi", "ModelUsage", &[]),
        model::<devapi::SessionsResponse>("devapi", "SessionsResponse", &[]),
        model::<devapi::Session>("devapi", "Session", &[]),
        model::<devapi::SessionMessage>("devapi", "SessionMessage", &[]),
        model::<devapi::PageMeta>("devapi", "PageMeta", &[]),
        model::<widgetkey::ChatRequest>("widgetkey", "ChatRequest", &[]),
        model::<widgetkey::ChatResponse>("widgetkey", "ChatResponse", &[]),
    ]
}

/// Enum components and the values their Rust enums know.
fn enums() -> Vec<(&'static str, &'static str, &'static [&'static str])> {
    vec![
        ("mevichat", "FinishReason", mevichat::FinishReason::KNOWN),
        (
            "mevichat",
            "StreamErrorCode",
            mevichat::StreamErrorCode::KNOWN,
        ),
        ("mevichat", "ErrorCode", mevichat::ErrorCode::KNOWN),
        ("mevichat", "MessageRole", mevichat::MessageRole::KNOWN),
        ("mevichat", "MessageRating", mevichat::MessageRating::KNOWN),
        ("mevichat", "MessageStatus", mevichat::MessageStatus::KNOWN),
        ("vexar", "ChatMode", vexar::ChatMode::KNOWN),
        ("vexar", "ErrorCode", vexar::ErrorCode::KNOWN),
        ("devapi", "ErrorCode", devapi::ErrorCode::KNOWN),
        ("widgetkey", "ErrorCode", widgetkey::ErrorCode::KNOWN),
    ]
}

/// Components with no model of their own, and what stands for them instead.
const REPRESENTED_OTHERWISE: &[(&str, &str, &str)] = &[
    (
        "mevichat",
        "SessionId",
        "a UUID string, checked by ChatRequest::validate",
    ),
    (
        "mevichat",
        "ErrorResponse",
        "error bodies become chatwire::ApiError; ErrorCode holds the codes",
    ),
    (
        "mevichat",
        "ExportAuthError",
        "an ApiError; ExportErrorCode holds the codes",
    ),
    (
        "mevichat",
        "ExportRateLimitError",
        "an ApiError with status 429",
    ),
    (
        "vexar",
        "ErrorResponse",
        "error bodies become chatwire::ApiError; ErrorCode holds the codes",
    ),
    (
        "vexar",
        "UploadImageRequest",
        "a multipart form built from vexar::UploadImageRequest",
    ),
    (
        "devapi",
        "ErrorResponse",
        "error bodies become chatwire::ApiError; ErrorCode holds the codes",
    ),
    (
        "widgetkey",
        "ErrorResponse",
        "error bodies become chatwire::ApiError; ErrorCode holds the texts",
    ),
    (
        "widgetkey",
        "StreamEvent",
        "undocumented events: widgetkey::StreamEvent keeps each as sent",
    ),
];

/// The event components of a spec: the stream union and its branches.
fn event_components(spec: &Spec) -> BTreeSet<String> {
    let mut events = BTreeSet::new();
    for union in ["ChatEvent"] {
        if let Some(schema) = spec.doc["components"]["schemas"].get(union) {
            events.insert(union.to_owned());
            for branch in schema["oneOf"].as_array().into_iter().flatten() {
                events.insert(
                    branch["$ref"]
                        .as_str()
                        .unwrap()
                        .rsplit('/')
                        .next()
                        .unwrap()
                        .to_owned(),
                );
            }
        }
    }
    events
}

#[test]
fn every_component_has_its_rust_counterpart_and_the_reverse() {
    let models = models();
    let enums = enums();
    for name in SPECS {
        let spec = Spec::load(name);
        let mut covered: BTreeSet<String> = event_components(&spec);
        covered.extend(
            models
                .iter()
                .filter(|m| m.spec == name)
                .map(|m| m.component.to_owned()),
        );
        covered.extend(enums.iter().filter(|e| e.0 == name).map(|e| e.1.to_owned()));
        covered.extend(
            REPRESENTED_OTHERWISE
                .iter()
                .filter(|r| r.0 == name)
                .map(|r| r.1.to_owned()),
        );
        let components = spec.components();
        assert_eq!(
            components.difference(&covered).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "{name}: components with no Rust counterpart"
        );
        assert_eq!(
            covered.difference(&components).collect::<Vec<_>>(),
            Vec::<&String>::new(),
            "{name}: Rust counterparts of no component"
        );
    }
}

#[test]
fn models_have_the_same_properties_and_required_flags() {
    let mut mismatches = Vec::new();
    for model in models() {
        let spec = Spec::load(model.spec);
        let component = spec.resolve(spec.component(model.component));
        let elsewhere: BTreeSet<String> = model.elsewhere.iter().map(|s| (*s).to_owned()).collect();
        let where_ = format!("{} {}", model.spec, model.component);
        for field in ["properties", "required"] {
            let expected: BTreeSet<String> = keys(component, field)
                .difference(&elsewhere)
                .cloned()
                .collect();
            let actual = keys(&model.schema, field);
            if actual != expected {
                let only_rust: Vec<_> = actual.difference(&expected).collect();
                let only_spec: Vec<_> = expected.difference(&actual).collect();
                mismatches.push(format!(
                    "{where_} {field}: only in Rust {only_rust:?}, only in the spec {only_spec:?}"
                ));
            }
        }
        for property in &elsewhere {
            if !keys(component, "properties").contains(property) {
                mismatches.push(format!("{where_}: {property} is not in the spec"));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "spec and Rust disagree:\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn enums_know_exactly_the_spec_values() {
    for (name, component, known) in enums() {
        let spec = Spec::load(name);
        let expected = spec.enum_values(spec.component(component));
        let known: BTreeSet<String> = known.iter().map(|v| (*v).to_owned()).collect();
        assert_eq!(known, expected, "{name} {component}");
    }
    let spec = Spec::load("mevichat");
    let detail = &spec.component("ExportAuthError")["properties"]["detail"];
    let known: BTreeSet<String> = mevichat::ExportErrorCode::KNOWN
        .iter()
        .map(|v| (*v).to_owned())
        .collect();
    assert_eq!(
        known,
        spec.enum_values(detail),
        "mevichat ExportAuthError.detail"
    );
}

#[test]
fn every_example_decodes_and_re_encodes_unchanged() {
    let mut checked = 0;
    for model in models() {
        let spec = Spec::load(model.spec);
        for example in spec.examples_of(model.component) {
            let mut expected = example.clone();
            if let Value::Object(fields) = &mut expected {
                fields.retain(|k, _| !model.elsewhere.contains(&k.as_str()));
            }
            // The properties kept elsewhere (a `type` tag) are taken off before the model sees
            // the rest, as on the wire.
            let again = (model.roundtrip)(&expected).unwrap_or_else(|e| {
                panic!(
                    "{} {}: {example} does not decode: {e}",
                    model.spec, model.component
                )
            });
            assert_eq!(again, expected, "{} {}", model.spec, model.component);
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} examples checked");
}

/// Decodes a serialized stream with a provider's event decoding; answers the events' debug forms.
fn decode_stream<P: ProviderEvents>(mut events: P, text: &str) -> Vec<String>
where
    P::Event: std::fmt::Debug,
{
    let mut decoded = Vec::new();
    Decoder::new().feed(text.as_bytes(), |raw| {
        let raw: EventRef<'_> = raw.expect("within the size cap");
        let event = events
            .decode(raw)
            .unwrap_or_else(|e| panic!("{raw:?}: {e}"));
        decoded.push(format!("{event:?}"));
    });
    decoded
}

/// Decodes a serialized stream with one provider's decoding.
type StreamDecoding = fn(&str) -> Vec<String>;

#[test]
fn every_stream_example_decodes_to_known_events() {
    let cases: [(&str, StreamDecoding); 3] = [
        ("mevichat", |t| decode_stream(mevichat::MevichatEvents, t)),
        ("vexar", |t| decode_stream(vexar::VexarEvents, t)),
        ("devapi", |t| decode_stream(devapi::DevApiEvents, t)),
    ];
    for (name, decode) in cases {
        let spec = Spec::load(name);
        let examples = spec.stream_examples();
        assert!(!examples.is_empty(), "{name}: no stream example");
        for example in examples {
            let events = decode(&example);
            assert!(!events.is_empty(), "{name}: {example:?} holds no event");
            assert!(
                events.iter().all(|e| !e.starts_with("Unknown")),
                "{name}: {events:?}"
            );
        }
    }
}

#[test]
fn every_event_component_decodes_to_its_variant() {
    for (name, decode) in [
        (
            "mevichat",
            (|raw: EventRef<'_>| format!("{:?}", mevichat::MevichatEvents.decode(raw)))
                as fn(EventRef<'_>) -> String,
        ),
        ("vexar", |raw| {
            format!("{:?}", vexar::VexarEvents.decode(raw))
        }),
        ("devapi", |raw| {
            format!("{:?}", devapi::DevApiEvents.decode(raw))
        }),
    ] {
        let spec = Spec::load(name);
        let union = spec.component("ChatEvent");
        for branch in union["oneOf"].as_array().unwrap() {
            let component = spec.resolve(branch);
            let event = component["properties"]
                .get("event")
                .and_then(|e| e["const"].as_str())
                .unwrap_or("message");
            let data = spec.resolve(&component["properties"]["data"]["contentSchema"]);
            let examples = data["examples"]
                .as_array()
                .unwrap_or_else(|| panic!("{name} {branch}: no data example"));
            for example in examples {
                let text = example.to_string();
                let decoded = decode(EventRef {
                    event,
                    data: &text,
                    last_event_id: "",
                });
                assert!(
                    decoded.starts_with("Ok(") && !decoded.starts_with("Ok(Unknown"),
                    "{name} {event}: {decoded}"
                );
            }
        }
    }
}

/// Each operation, as the client method of the same name: it must exist to compile.
macro_rules! operations {
    ($($spec:literal => $client:ty: [$($method:ident),+];)+) => {
        vec![$($({
            let _ = <$client>::$method;
            ($spec, stringify!($method))
        }),+),+]
    };
}

#[test]
fn every_operation_has_its_method_and_the_reverse() {
    let methods: Vec<(&str, &str)> = operations! {
        "mevichat" => mevichat::Client: [chat_stream, get_widget_config, export_conversation];
        "vexar" => vexar::Client: [chat_stream, get_history, save_email, save_contact, get_operator_messages, get_block_status, get_pending_proactive, upload_image, rate_conversation, comment_rating];
        "devapi" => devapi::Client: [chat, get_usage, list_sessions];
        "widgetkey" => widgetkey::Client: [chat, chat_stream];
    };
    for name in SPECS {
        let rust: BTreeSet<String> = methods
            .iter()
            .filter(|(s, _)| *s == name)
            .map(|(_, m)| (*m).to_owned())
            .collect();
        assert_eq!(rust, Spec::load(name).operation_ids(), "{name}: operations");
    }
}

/// The operation names that logs and rate limits use are the spec's `operationId`s (and the
/// Developer API's `chat` with `stream: true`, which is logged apart as `chat_stream`), and each
/// documented limit names one of them.
#[test]
fn the_operations_logs_and_rate_limits_name_are_the_specs() {
    let apis = [
        (
            "mevichat",
            mevichat::OPERATIONS,
            mevichat::DOCUMENTED_RATE_LIMITS,
        ),
        ("vexar", vexar::OPERATIONS, vexar::DOCUMENTED_RATE_LIMITS),
        ("devapi", devapi::OPERATIONS, devapi::DOCUMENTED_RATE_LIMITS),
        (
            "widgetkey",
            widgetkey::OPERATIONS,
            widgetkey::DOCUMENTED_RATE_LIMITS,
        ),
    ];
    for (name, operations, limits) in apis {
        let ours: BTreeSet<String> = operations.iter().map(|o| o.to_string()).collect();
        let mut spec = Spec::load(name).operation_ids();
        if name == "devapi" {
            spec.insert("chat_stream".to_owned());
        }
        assert_eq!(ours, spec, "{name}: operations");
        for (operation, _) in limits {
            assert!(
                operations.contains(operation),
                "{name}: limit of {operation}"
            );
        }
    }
}

/// What the server sends may grow fields before the docs do: every model of an open schema
/// (one without `additionalProperties: false`) keeps them in `extra` (a flattened map, which its
/// JSON Schema shows as `additionalProperties: true`), and gives them back as they came. The
/// schemas the client sends are named `…Request`.
#[test]
fn every_open_schema_the_server_sends_keeps_unknown_fields() {
    let mut dropping = Vec::new();
    let mut checked = 0;
    for model in models() {
        if model.component.ends_with("Request") {
            continue;
        }
        let spec = Spec::load(model.spec);
        let component = spec.resolve(spec.component(model.component));
        if component["additionalProperties"] == Value::Bool(false) {
            continue;
        }
        let where_ = format!("{} {}", model.spec, model.component);
        if model.schema["additionalProperties"] != Value::Bool(true) {
            dropping.push(format!("{where_}: its model has no `extra`"));
            continue;
        }
        for example in spec.examples_of(model.component) {
            let Value::Object(mut fields) = example else {
                continue;
            };
            fields.retain(|k, _| !model.elsewhere.contains(&k.as_str()));
            let probe = serde_json::json!({"nested": [1, null, "two"]});
            fields.insert("x_undocumented".into(), probe.clone());
            let again = (model.roundtrip)(&Value::Object(fields))
                .unwrap_or_else(|e| panic!("{where_}: {e}"));
            if again["x_undocumented"] != probe {
                dropping.push(format!(
                    "{where_}: an unknown field was not given back: {again}"
                ));
            }
            checked += 1;
        }
    }
    assert!(
        dropping.is_empty(),
        "models that drop unknown fields:\n{}",
        dropping.join("\n")
    );
    assert!(
        checked >= 20,
        "only {checked} examples carried an unknown field"
    );
}
