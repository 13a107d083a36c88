// The codes chatwire's errors and events carry: each a union of the documented values that
// still takes any other string (a provider may send one the docs do not name), and a frozen
// object of the documented values by name, which `codes.js` builds from the Rust core's enums.

/**
 * The `code` of an error chatwire itself raises (no provider code): a timeout, a refused input, a
 * stream cut short …; `'api_error'` is an error status that came with no code.
 */
export type ChatwireErrorCode =
  | 'api_error'
  | 'validation_error'
  | 'connection_error'
  | 'timeout'
  | 'stream_idle_timeout'
  | 'stream_deadline'
  | 'stream_ended'
  | 'decode_error'
  | 'redirect_not_followed'
  | 'aborted'
  | 'operator_mode'
  | 'file_error'
  | 'internal_error'
  | 'unknown_error'
  | (string & {})
/**
 * `ChatwireErrorCode`'s values by name: `ChatwireErrorCode.STREAM_DEADLINE` is
 * `'stream_deadline'`.
 */
export declare const ChatwireErrorCode: {
  /** `'api_error'`. */
  readonly API_ERROR: 'api_error'
  /** `'validation_error'`. */
  readonly VALIDATION_ERROR: 'validation_error'
  /** `'connection_error'`. */
  readonly CONNECTION_ERROR: 'connection_error'
  /** `'timeout'`. */
  readonly TIMEOUT: 'timeout'
  /** `'stream_idle_timeout'`. */
  readonly STREAM_IDLE_TIMEOUT: 'stream_idle_timeout'
  /** `'stream_deadline'`. */
  readonly STREAM_DEADLINE: 'stream_deadline'
  /** `'stream_ended'`. */
  readonly STREAM_ENDED: 'stream_ended'
  /** `'decode_error'`. */
  readonly DECODE_ERROR: 'decode_error'
  /** `'redirect_not_followed'`. */
  readonly REDIRECT_NOT_FOLLOWED: 'redirect_not_followed'
  /** `'aborted'`. */
  readonly ABORTED: 'aborted'
  /** `'operator_mode'`. */
  readonly OPERATOR_MODE: 'operator_mode'
  /** `'file_error'`. */
  readonly FILE_ERROR: 'file_error'
  /** `'internal_error'`. */
  readonly INTERNAL_ERROR: 'internal_error'
  /** `'unknown_error'`. */
  readonly UNKNOWN_ERROR: 'unknown_error'
}

/**
 * The `error` of a Mevichat error body, sent before a stream opens (`ErrorCode` in
 * `openapi/mevichat.yaml`); other strings may come.
 */
export type MevichatErrorCode =
  | 'invalid_json'
  | 'invalid_message'
  | 'message_too_long'
  | 'invalid_session_id'
  | 'invalid_api_key'
  | 'origin_not_allowed'
  | 'method_not_allowed'
  | 'rate_limited'
  | (string & {})
/** The documented values of `MevichatErrorCode`, by name. */
export declare const MevichatErrorCode: {
  /** `'invalid_json'`. */
  readonly INVALID_JSON: 'invalid_json'
  /** `'invalid_message'`. */
  readonly INVALID_MESSAGE: 'invalid_message'
  /** `'message_too_long'`. */
  readonly MESSAGE_TOO_LONG: 'message_too_long'
  /** `'invalid_session_id'`. */
  readonly INVALID_SESSION_ID: 'invalid_session_id'
  /** `'invalid_api_key'`. */
  readonly INVALID_API_KEY: 'invalid_api_key'
  /** `'origin_not_allowed'`. */
  readonly ORIGIN_NOT_ALLOWED: 'origin_not_allowed'
  /** `'method_not_allowed'`. */
  readonly METHOD_NOT_ALLOWED: 'method_not_allowed'
  /** `'rate_limited'`. */
  readonly RATE_LIMITED: 'rate_limited'
}

/** The `detail` of a Mevichat export's `401` body (`ExportAuthError`); other strings may come. */
export type MevichatExportErrorCode =
  | 'authentication_required'
  | 'no_workspace'
  | (string & {})
/** The documented values of `MevichatExportErrorCode`, by name. */
export declare const MevichatExportErrorCode: {
  /** `'authentication_required'`. */
  readonly AUTHENTICATION_REQUIRED: 'authentication_required'
  /** `'no_workspace'`. */
  readonly NO_WORKSPACE: 'no_workspace'
}

/**
 * The `code` of a Mevichat `error` event (`StreamErrorCode`): the docs name `quota_exceeded`, and
 * other strings may come.
 */
export type MevichatStreamErrorCode =
  | 'quota_exceeded'
  | 'provider_auth_failed'
  | (string & {})
/** The documented values of `MevichatStreamErrorCode`, by name. */
export declare const MevichatStreamErrorCode: {
  /** `'quota_exceeded'`. */
  readonly QUOTA_EXCEEDED: 'quota_exceeded'
  /** `'provider_auth_failed'`. */
  readonly PROVIDER_AUTH_FAILED: 'provider_auth_failed'
}

/**
 * How a Mevichat turn ended (`FinishReason`, the `done` event's `finish_reason`); `stop` is a
 * clean completion, and other strings may come.
 */
export type MevichatFinishReason =
  | 'stop'
  | 'error'
  | 'blocked'
  | 'quota_exceeded'
  | (string & {})
/** The documented values of `MevichatFinishReason`, by name. */
export declare const MevichatFinishReason: {
  /** `'stop'`. */
  readonly STOP: 'stop'
  /** `'error'`. */
  readonly ERROR: 'error'
  /** `'blocked'`. */
  readonly BLOCKED: 'blocked'
  /** `'quota_exceeded'`. */
  readonly QUOTA_EXCEEDED: 'quota_exceeded'
}

/**
 * The `error` of a Vexar error body (`ErrorCode` in `openapi/vexar.yaml`); other strings may come.
 */
export type VexarErrorCode =
  | 'invalid_request'
  | 'invalid_site_key'
  | 'visitor_blocked'
  | 'rate_limited'
  | (string & {})
/** The documented values of `VexarErrorCode`, by name. */
export declare const VexarErrorCode: {
  /** `'invalid_request'`. */
  readonly INVALID_REQUEST: 'invalid_request'
  /** `'invalid_site_key'`. */
  readonly INVALID_SITE_KEY: 'invalid_site_key'
  /** `'visitor_blocked'`. */
  readonly VISITOR_BLOCKED: 'visitor_blocked'
  /** `'rate_limited'`. */
  readonly RATE_LIMITED: 'rate_limited'
}

/**
 * The `error` of a Developer API error body (`ErrorCode` in `openapi/devapi.yaml`); other strings
 * may come.
 */
export type DevApiErrorCode =
  | 'invalid_request'
  | 'invalid_api_key'
  | 'origin_not_allowed'
  | 'rate_limited'
  | (string & {})
/** The documented values of `DevApiErrorCode`, by name. */
export declare const DevApiErrorCode: {
  /** `'invalid_request'`. */
  readonly INVALID_REQUEST: 'invalid_request'
  /** `'invalid_api_key'`. */
  readonly INVALID_API_KEY: 'invalid_api_key'
  /** `'origin_not_allowed'`. */
  readonly ORIGIN_NOT_ALLOWED: 'origin_not_allowed'
  /** `'rate_limited'`. */
  readonly RATE_LIMITED: 'rate_limited'
}

/**
 * The `error` of a widget-key error body: the documented texts, which serve as codes (`ErrorCode`
 * in `openapi/widgetkey.yaml`); other strings may come.
 */
export type WidgetKeyErrorCode =
  | 'Invalid request payload'
  | 'Unauthorized'
  | 'Too many requests'
  | 'Internal server error'
  | (string & {})
/** The documented values of `WidgetKeyErrorCode`, by name. */
export declare const WidgetKeyErrorCode: {
  /** `'Invalid request payload'`. */
  readonly INVALID_REQUEST_PAYLOAD: 'Invalid request payload'
  /** `'Unauthorized'`. */
  readonly UNAUTHORIZED: 'Unauthorized'
  /** `'Too many requests'`. */
  readonly TOO_MANY_REQUESTS: 'Too many requests'
  /** `'Internal server error'`. */
  readonly INTERNAL_SERVER_ERROR: 'Internal server error'
}

/** Every provider's API error code, and the codes of chatwire's own errors: an error's `code`. */
export type ErrorCode =
  | ChatwireErrorCode
  | MevichatErrorCode
  | MevichatExportErrorCode
  | MevichatStreamErrorCode
  | VexarErrorCode
  | DevApiErrorCode
  | WidgetKeyErrorCode
