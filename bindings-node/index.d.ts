// The types of chatwire: `native.d.ts` is generated from the Rust types (`npm run types`); this
// file adds what the package's JS adds to them.

import type { ErrorCode } from './codes'
import type {
  CallOptions,
  ChatEvent,
  DevApiConversation,
  DevApiEvent,
  DevApiSession,
  MevichatConversation,
  MevichatEvent,
  MevichatExportAllParams,
  MevichatExportedFile,
  VexarConversation,
  VexarEvent,
  VexarWatchEvent,
  WidgetKeyConversation,
  WidgetKeyStreamEvent,
} from './native'

export * from './native'
export * from './codes'

declare module './native' {
  /**
   * What each method of `client.withRawResponse` answers: the typed answer (which carries its
   * `requestId` too) and the HTTP response it came in, whose `headers` are a plain object of
   * lowercased names.
   *
   * ```ts
   * const { data, response } = await client.withRawResponse.getUsage()
   * console.log(response.status, response.headers['content-type'], response.requestId)
   * ```
   */
  interface RawResponse<T> {
    /** The typed answer, as the method without `withRawResponse` answers it. */
    data: T
    /** The status, headers and request id of the HTTP response the answer came in. */
    response: ResponseHead
  }
}

// A stream has one reader: one `for await` loop, `neutral()`, `text()` or `finalMessage()`.
// Another is refused with a ValidationError (field `stream`); after a DecodeError, a new loop
// reads on past the bad event.
declare module './native' {
  /**
   * Iterates the reply's events (`for await`); `await using` closes the stream at the end of
   * the block.
   */
  interface MevichatChatStream extends AsyncIterable<MevichatEvent>, AsyncDisposable {
    /** The same stream as provider-neutral events, in place of its own (a stream has one reader). */
    neutral(): AsyncIterable<ChatEvent>
  }
  /**
   * Iterates the answer's events (`for await`); `await using` closes the stream at the end of
   * the block.
   */
  interface VexarChatStream extends AsyncIterable<VexarEvent>, AsyncDisposable {
    /** The same stream as provider-neutral events, in place of its own (a stream has one reader). */
    neutral(): AsyncIterable<ChatEvent>
  }
  /**
   * Iterates the answer's events (`for await`); `await using` closes the stream at the end of
   * the block.
   */
  interface DevApiChatStream extends AsyncIterable<DevApiEvent>, AsyncDisposable {
    /** The same stream as provider-neutral events, in place of its own (a stream has one reader). */
    neutral(): AsyncIterable<ChatEvent>
  }
  /**
   * Iterates the events as sent (`for await`); `await using` closes the stream at the end of
   * the block.
   */
  interface WidgetKeyChatStream extends AsyncIterable<WidgetKeyStreamEvent>, AsyncDisposable {
    /** The same stream as provider-neutral events, in place of its own (a stream has one reader). */
    neutral(): AsyncIterable<ChatEvent>
  }
}

// `for await (const session of client.sessions())`: one page fetched at a time, as the loop
// reaches it; `break` fetches no more.
declare module './native' {
  /** Every session across pages: `for await (const session of client.sessions())`. */
  interface DevApiSessionIterator extends AsyncIterable<DevApiSession> {}
}

// `for await (const event of vexar.watch({ sessionId }))`: the watcher polls while the loop
// waits; `break`, `close()` and the signal stop it, and nothing more is sent.
declare module './native' {
  /**
   * Iterates a session's events as they happen (`for await`); `break` closes the watcher, and
   * `await using` closes it at the end of the block. A signal that fires rejects the pending
   * `next()` with an `APIUserAbortError`; a watcher whose polls failed `maxFailures` times in a
   * row rejects with the last error.
   */
  interface VexarWatch extends AsyncIterable<WatchEvent>, AsyncDisposable {}

  /** Mevichat's bulk export, typed here, where chatwire's error classes are declared. */
  interface Mevichat {
    /**
     * Exports each session's transcript into `params.directory` (made if missing), each in
     * the file the server names (`session-<uuid>.json`), `params.concurrency` at a time, and
     * within the export rate limit: the client's, with `rateLimit: 'wait'`, else the
     * documented 30 a minute. A session whose file is already there and whole is skipped, so a
     * run that stopped resumes. A session that fails is in the summary's `failed`, with its
     * error; the others go on. It needs `exportToken`; the promise rejects as a whole (before
     * any request) without it, with a `concurrency` of 0, or with a `FileError` when the
     * directory cannot be made. `options.signal` stops the run (the files written stay).
     *
     * ```ts
     * const summary = await client.exportAll({
     *   sessionIds,
     *   directory: 'exports',
     *   onProgress: (p) => console.log(`${p.done}/${p.total} ${p.sessionId} ${p.status}`),
     * })
     * ```
     */
    exportAll(params: MevichatExportAllParams, options?: CallOptions | undefined | null): Promise<MevichatExportSummary>
  }
}

/** What a Vexar watcher yields (`vexar.watch()`), discriminated by `type`. */
export type WatchEvent = VexarWatchEvent

/** A conversation of any of the four clients (`client.conversation()`). */
export type Conversation = MevichatConversation | VexarConversation | DevApiConversation | WidgetKeyConversation

/** A session `exportAll` could not export. */
export interface MevichatExportFailure {
  /** The session. */
  sessionId: string
  /** Why: the error a call would have rejected with (`NotFoundError` for a session the
   * workspace does not have, a `ValidationError` for an id that is not a UUID …). */
  error: ChatwireError
}

/** What `exportAll` did, each list in the order the sessions were given. */
export interface MevichatExportSummary {
  /** Transcripts written. */
  written: MevichatExportedFile[]
  /** Files already there, whole. */
  skipped: MevichatExportedFile[]
  /** Sessions that failed, with their errors. */
  failed: MevichatExportFailure[]
}

/** What every chatwire error may carry besides its message. */
export interface ChatwireErrorFields {
  /** The error's stable code (default `'unknown_error'`). */
  code?: ErrorCode | undefined
  /** The HTTP status, for API errors. */
  status?: number | undefined
  /** The request id the server sent. */
  requestId?: string | undefined
  /** The raw body of the error response. */
  body?: string | undefined
  [field: string]: unknown
}

/** The base of every chatwire error. */
export declare class ChatwireError extends Error {
  /** An error with this message; each of `fields` becomes a property of it. */
  constructor(message: string, fields?: ChatwireErrorFields)
  /**
   * Stable: the provider's error code for API errors (`MevichatErrorCode`, `DevApiErrorCode` …),
   * or a kind such as `'stream_idle_timeout'` (`ChatwireErrorCode`).
   */
  readonly code: ErrorCode
  /** The HTTP status, for API errors. */
  readonly status: number | undefined
  /** The request id the server sent, when it sent one. */
  readonly requestId: string | undefined
  /** The raw body of an error response (cut to 4 KiB). */
  readonly body: string | undefined
}
/** The server answered with an error status, or a stream reported an error a helper needed past. */
export declare class APIError extends ChatwireError {
  /** The provider's own message. */
  readonly providerMessage: string | undefined
}
/** 400. */
export declare class BadRequestError extends APIError {}
/** 401. */
export declare class AuthenticationError extends APIError {}
/** 403. */
export declare class PermissionDeniedError extends APIError {}
/** 404. */
export declare class NotFoundError extends APIError {}
/** 405. */
export declare class MethodNotAllowedError extends APIError {}
/** 409. */
export declare class ConflictError extends APIError {}
/** 422. */
export declare class UnprocessableEntityError extends APIError {}
/** 429. */
export declare class RateLimitError extends APIError {
  /** The wait the server asked for (`Retry-After`, as seconds or a date), in seconds. */
  readonly retryAfter: number | undefined
}
/** 5xx. */
export declare class InternalServerError extends APIError {}
/** The server answered with a redirect that was not followed: to another origin (scheme, host
 * or port), where the client's keys must not go, or past the cap on redirects. */
export declare class RedirectError extends ChatwireError {
  /** The redirect's status (301, 302, 303, 307 or 308). */
  readonly status: number
  /** Where it pointed, as sent. */
  readonly location: string
  /** Why it was not followed. */
  readonly reason: string
}
/** No response: the connection was refused or reset, or broke off mid-body. */
export declare class APIConnectionError extends ChatwireError {}
/** No response within the timeout: a connection error of its own kind. */
export declare class APITimeoutError extends APIConnectionError {
  /** The timeout that ran out, in ms. */
  readonly timeoutMs: number
}
/**
 * A stream ran past its whole-stream deadline (`streamTimeout`, counted from the start of the
 * call that opened it) and was closed.
 */
export declare class StreamDeadlineError extends APITimeoutError {}
/** A stream sent no event for its idle timeout and was closed. */
export declare class StreamIdleTimeoutError extends ChatwireError {
  /** The idle timeout that ran out, in ms. */
  readonly timeoutMs: number
}
/** A stream ended before its terminal event. */
export declare class StreamEndedError extends ChatwireError {
  /** Events received before the end (errors, such as an event that did not decode, not counted). */
  readonly events: number
}
/** A response body or an event could not be decoded. In a stream it stands for that one
 * event: the stream stays open, and iterating it again reads on past the event. */
export declare class DecodeError extends ChatwireError {
  /** What was being decoded (`'event token'`, `'response body'`). */
  readonly what: string
  /** The raw text, as received (cut to 4 KiB). */
  readonly raw: string
}
/** The input was refused before any request was sent. */
export declare class ValidationError extends ChatwireError {
  /** The offending field. */
  readonly field: string
}
/** The call's `AbortSignal` fired. */
export declare class APIUserAbortError extends ChatwireError {}
/** A human operator answers the session: a Vexar watcher with `pauseAiInOperatorMode` holds the
 * AI's `chatStream` of that session back while it sees operator mode. */
export declare class OperatorModeError extends ChatwireError {
  /** The session in operator mode. */
  readonly sessionId: string
}
/** A file or directory could not be made, read or written (a bulk export's). */
export declare class FileError extends ChatwireError {
  /** What was being done (`'write'`, `'make the directory'`). */
  readonly action: string
  /** The file or directory. */
  readonly path: string
}
