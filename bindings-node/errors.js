'use strict'
// The errors chatwire throws, all under `ChatwireError`. The Rust core decides which one
// applies and builds it through these classes; they only carry what it found.

/** The base of every chatwire error. `code` is stable: the provider's code for API errors, or
 * a kind such as `'stream_idle_timeout'`. */
class ChatwireError extends Error {
  constructor(message, fields = {}) {
    super(message)
    this.name = new.target.name
    this.code = fields.code ?? 'unknown_error'
    this.status = fields.status
    this.requestId = fields.requestId
    this.body = fields.body
    for (const [key, value] of Object.entries(fields)) {
      if (!(key in this)) this[key] = value
    }
  }
}

/** The server answered with an error status, or a stream reported an error that a helper
 * (`text()`, `finalMessage()`) could not read past; then `status` is undefined. */
class APIError extends ChatwireError {}
/** 400. */
class BadRequestError extends APIError {}
/** 401. */
class AuthenticationError extends APIError {}
/** 403. */
class PermissionDeniedError extends APIError {}
/** 404. */
class NotFoundError extends APIError {}
/** 405. */
class MethodNotAllowedError extends APIError {}
/** 409. */
class ConflictError extends APIError {}
/** 422. */
class UnprocessableEntityError extends APIError {}
/** 429; `retryAfter` is the wait in seconds the server asked for, when it sent `Retry-After`. */
class RateLimitError extends APIError {}
/** 5xx. */
class InternalServerError extends APIError {}
/** The server answered with a redirect that was not followed (`status`, `location`, `reason`):
 * to another origin, where the client's keys must not go, or past the cap on redirects. */
class RedirectError extends ChatwireError {}
/** No response: the connection was refused or reset, or broke off mid-body. */
class APIConnectionError extends ChatwireError {}
/** No response within the timeout (`timeoutMs`): a connection error, of its own kind. */
class APITimeoutError extends APIConnectionError {}
/** A stream ran past its whole-stream deadline (`streamTimeout`, in `timeoutMs`) and was
 * closed. */
class StreamDeadlineError extends APITimeoutError {}
/** A stream sent no event for its idle timeout (`timeoutMs`) and was closed. */
class StreamIdleTimeoutError extends ChatwireError {}
/** A stream ended before its terminal event, after `events` events. */
class StreamEndedError extends ChatwireError {}
/** A response body or an event could not be decoded; `raw` holds what came. */
class DecodeError extends ChatwireError {}
/** The input was refused before any request was sent; `field` names it. */
class ValidationError extends ChatwireError {}
/** The call's `AbortSignal` fired. */
class APIUserAbortError extends ChatwireError {}
/** A human operator answers the session (`sessionId`): a Vexar watcher with
 * `pauseAiInOperatorMode` holds the AI's `chatStream` back while it sees operator mode. */
class OperatorModeError extends ChatwireError {}
/** A file or directory (`path`) could not be made, read or written (`action`), as in a bulk
 * export. */
class FileError extends ChatwireError {}

module.exports = {
  ChatwireError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  MethodNotAllowedError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  RedirectError,
  APIConnectionError,
  APITimeoutError,
  StreamDeadlineError,
  StreamIdleTimeoutError,
  StreamEndedError,
  DecodeError,
  ValidationError,
  APIUserAbortError,
  OperatorModeError,
  FileError,
}
