//! The codes each provider documents, from the core's open enums, for the package's frozen
//! constants (`codes.js`): `MevichatErrorCode.RATE_LIMITED` is `'rate_limited'`.

use chatwire::{devapi, mevichat, vexar, widgetkey};
use napi_derive::napi;
use serde_json::{json, Value};

/// Each constant's name and the codes it holds, as the core knows them.
#[napi(js_name = "__knownCodes", skip_typescript, catch_unwind)]
#[allow(dead_code)] // called from JS only, through napi's registration
pub fn known_codes() -> Value {
    json!({
        "MevichatErrorCode": mevichat::ErrorCode::KNOWN,
        "MevichatExportErrorCode": mevichat::ExportErrorCode::KNOWN,
        "MevichatStreamErrorCode": mevichat::StreamErrorCode::KNOWN,
        "MevichatFinishReason": mevichat::FinishReason::KNOWN,
        "VexarErrorCode": vexar::ErrorCode::KNOWN,
        "DevApiErrorCode": devapi::ErrorCode::KNOWN,
        "WidgetKeyErrorCode": widgetkey::ErrorCode::KNOWN,
    })
}
