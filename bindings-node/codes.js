'use strict'
// The codes chatwire's errors and events carry, as frozen objects of the documented values by
// name (`MevichatErrorCode.RATE_LIMITED === 'rate_limited'`). The providers' codes come from the
// Rust core's enums, so they are the ones it matches; `codes.d.ts` types them as unions.

const native = require('./native.js')

/** `'Too many requests'` → `'TOO_MANY_REQUESTS'`, `'rate_limited'` → `'RATE_LIMITED'`. */
function constantName(value) {
  return value.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '')
}

/** The frozen object of `values` by their constant names. */
function constants(values) {
  return Object.freeze(Object.fromEntries(values.map((value) => [constantName(value), value])))
}

const known = native.__knownCodes()

module.exports = {
  /** The codes of the errors chatwire raises itself, with no provider code to carry. */
  ChatwireErrorCode: constants([
    'api_error',
    'validation_error',
    'connection_error',
    'timeout',
    'stream_idle_timeout',
    'stream_deadline',
    'stream_ended',
    'decode_error',
    'redirect_not_followed',
    'aborted',
    'operator_mode',
    'file_error',
    'internal_error',
    'unknown_error',
  ]),
  MevichatErrorCode: constants(known.MevichatErrorCode),
  MevichatExportErrorCode: constants(known.MevichatExportErrorCode),
  MevichatStreamErrorCode: constants(known.MevichatStreamErrorCode),
  MevichatFinishReason: constants(known.MevichatFinishReason),
  VexarErrorCode: constants(known.VexarErrorCode),
  DevApiErrorCode: constants(known.DevApiErrorCode),
  WidgetKeyErrorCode: constants(known.WidgetKeyErrorCode),
}
