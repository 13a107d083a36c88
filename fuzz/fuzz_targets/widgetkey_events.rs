//! The widget-key API's event decoding, on whatever events any bytes in any chunking decode to.

#![no_main]

use chatwire::widgetkey::WidgetKeyEvents;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| chatwire_fuzz::provider_events(WidgetKeyEvents, data));
