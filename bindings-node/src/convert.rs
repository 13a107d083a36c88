//! How a core value becomes the object Node sees: [`FromCore`] per field, and [`from_core!`]
//! per model.

use serde_json::{Map, Value};

/// A core value as its JS-facing twin.
pub trait FromCore<Core> {
    fn from_core(core: Core) -> Self;
}

macro_rules! same_in_js {
    ($($ty:ty),* $(,)?) => {$(
        impl FromCore<$ty> for $ty {
            fn from_core(core: $ty) -> Self {
                core
            }
        }
    )*};
}

same_in_js!(String, bool, i64, u32, f64, Value, Map<String, Value>);

impl<Core, Js: FromCore<Core>> FromCore<Option<Core>> for Option<Js> {
    fn from_core(core: Option<Core>) -> Self {
        core.map(Js::from_core)
    }
}

impl<Core, Js: FromCore<Core>> FromCore<Vec<Core>> for Vec<Js> {
    fn from_core(core: Vec<Core>) -> Self {
        core.into_iter().map(Js::from_core).collect()
    }
}

/// The core's open enums reach JS as their wire strings.
macro_rules! open_enum_as_string {
    ($($ty:ty),* $(,)?) => {$(
        impl FromCore<$ty> for String {
            fn from_core(core: $ty) -> Self {
                core.as_str().to_owned()
            }
        }
    )*};
}

open_enum_as_string!(
    chatwire::mevichat::FinishReason,
    chatwire::mevichat::StreamErrorCode,
    chatwire::mevichat::MessageRole,
    chatwire::mevichat::MessageRating,
    chatwire::mevichat::MessageStatus,
    chatwire::vexar::ChatMode,
);

/// Converts a core model into its JS object field by field. The core value is destructured
/// whole, so a field added to the core and not to the JS object fails to compile.
macro_rules! from_core {
    // A call's answer: the same, with a `request_id` that the call's response fills in.
    (answer $js:ident from $core:path { $($field:ident),* $(,)? }) => {
        impl $crate::convert::FromCore<$core> for $js {
            fn from_core(core: $core) -> Self {
                let $core { $($field),* } = core;
                Self {
                    $($field: $crate::convert::FromCore::from_core($field),)*
                    request_id: None,
                }
            }
        }

        impl $crate::response::Answer for $js {
            fn set_request_id(&mut self, request_id: Option<String>) {
                self.request_id = request_id;
            }
        }
    };
    ($js:ident from $core:path { $($field:ident),* $(,)? }) => {
        impl $crate::convert::FromCore<$core> for $js {
            fn from_core(core: $core) -> Self {
                let $core { $($field),* } = core;
                Self {
                    $($field: $crate::convert::FromCore::from_core($field),)*
                }
            }
        }
    };
}
