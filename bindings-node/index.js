'use strict'
// chatwire for Node: the native clients, plus what JS idioms need: error classes the native
// code throws through, the documented codes as constants, async iteration over a stream's
// batches, over sessions and over a Vexar watcher's events, and the routing of log records to
// each client's logger (logging.js).

const native = require('./native.js')
const errors = require('./errors.js')
const codes = require('./codes.js')
const logging = require('./logging.js')

native.__registerErrorClasses(errors)
logging.install(native)

/** Streams whose events were iterated: `text()` and `finalMessage()` read a whole stream, and
 * events already handed to JS would be missing from what they answer. */
const iterated = new WeakSet()

/** Each stream's one reader: the iterator reading it, or the name of the helper that took it
 * (`'text()'`, `'finalMessage()'`). A second reader would take events from under the first. */
const readers = new WeakMap()

/** The refusal of a second reader of a stream that `reader` already reads. */
function alreadyRead(reader) {
  const by = typeof reader === 'string' ? reader : reader.by
  const reason = `is already being read by ${by}; a stream has one reader, so iterate it once (or read it whole once)`
  return new errors.ValidationError(`invalid stream: ${reason}`, { code: 'validation_error', field: 'stream' })
}

/** The event object of a plain delta, which a batch carries as its text alone (a string in the
 * array), for each stream class: the same object as the typed event the native code would
 * otherwise write. The neutral delta is the same for every provider. */
const plainDelta = new Map([
  [native.MevichatChatStream, (text) => ({ type: 'token', text, extra: {} })],
  [native.VexarChatStream, (content) => ({ type: 'chunk', content, extra: {} })],
  [native.DevApiChatStream, (content) => ({ type: 'message', content, extra: {} })],
  // The widget-key stream has no documented delta: its events are never plain deltas.
  [native.WidgetKeyChatStream, null],
])
const neutralDelta = (text) => ({ type: 'delta', text })

/** Iterates a stream's events, one native batch (a JSON array) at a time; leaving the loop
 * early (`break`, `return`) closes the stream. A `DecodeError` (one bad event) leaves it open:
 * iterating again, with this iterator or a new loop, reads on past that event. A stream has one
 * reader: an iterator made while another reads the stream (or after `text()`) rejects its first
 * `next()` with a ValidationError, and leaves the stream to its reader. A plain iterator object
 * rather than an async generator: it runs once per event, and a generator costs several times
 * more per step. */
class BatchIterator {
  constructor(stream, nextBatch, delta, by) {
    this.stream = stream
    this.nextBatch = nextBatch
    /** Makes the event object of a plain delta's text. */
    this.delta = delta
    /** What reads, in messages: `'a for await loop'`, `'neutral()'`. */
    this.by = by
    this.batch = []
    this.index = 0
    this.done = false
    /** The next batch, asked for as soon as the one before came, so that the network is read
     * while JS uses the events it has. */
    this.pending = null
    /** Set when the stream already had a reader: the first `next()` rejects with it. */
    this.refused = null
    const reader = readers.get(stream)
    /** Whether this iterator was the stream's reader (it may have let it go at a DecodeError). */
    this.reader = reader === undefined
    if (this.reader) {
      readers.set(stream, this)
      iterated.add(stream)
    } else {
      this.refused = alreadyRead(reader)
    }
  }

  async next() {
    if (this.refused) {
      const refused = this.refused
      this.refused = null
      this.done = true
      throw refused
    }
    while (this.index >= this.batch.length) {
      if (this.done) return { value: undefined, done: true }
      if (readers.get(this.stream) !== this) {
        // This iterator let the stream go at a DecodeError: it reads on unless another has.
        const reader = readers.get(this.stream)
        if (reader !== undefined) {
          this.done = true
          throw alreadyRead(reader)
        }
        readers.set(this.stream, this)
        this.reader = true
      }
      let json
      try {
        json = await (this.pending ?? this.read())
      } catch (error) {
        this.pending = null
        // One event that did not decode ends this step only: the next call, or a new loop
        // (a `for await` loop ends at the throw), reads on, as in Rust and Python. Anything
        // else ends the stream.
        if (error instanceof errors.DecodeError) {
          readers.delete(this.stream)
        } else {
          this.finish()
        }
        throw error
      }
      this.pending = null
      if (json === null) {
        this.finish()
        return { value: undefined, done: true }
      }
      this.pending = this.read()
      this.batch = JSON.parse(json)
      this.index = 0
    }
    const event = this.batch[this.index++]
    return { value: typeof event === 'string' ? this.delta(event) : event, done: false }
  }

  read() {
    const batch = this.nextBatch.call(this.stream)
    // Awaited later, or never when the loop ends first: either way not an unhandled rejection.
    batch.catch(() => {})
    return batch
  }

  async return(value) {
    // A refused iterator leaves the stream to its reader; one that let it go at a DecodeError
    // closes it unless another loop took it on.
    const reader = readers.get(this.stream)
    if (reader === this || (reader === undefined && this.reader)) this.finish()
    this.refused = null
    this.done = true
    return { value, done: true }
  }

  finish() {
    this.done = true
    this.batch = []
    this.stream.close()
  }

  [Symbol.asyncIterator]() {
    return this
  }
}

for (const [Stream, delta] of plainDelta) {
  Object.defineProperty(Stream.prototype, Symbol.asyncIterator, {
    value: function () {
      return new BatchIterator(this, this._nextBatch, delta, 'a for await loop')
    },
  })
  Object.defineProperty(Stream.prototype, 'neutral', {
    value: function () {
      return {
        [Symbol.asyncIterator]: () => new BatchIterator(this, this._nextNeutralBatch, neutralDelta, 'neutral()'),
      }
    },
  })
  for (const name of ['text', 'finalMessage']) {
    const readWhole = Stream.prototype[name]
    Object.defineProperty(Stream.prototype, name, {
      value: function () {
        const reader = readers.get(this)
        if (reader !== undefined) return Promise.reject(alreadyRead(reader))
        if (iterated.has(this)) {
          // As the core refuses it: the events already handed out are missing from the reply.
          const reason =
            `was iterated already, and ${name}() needs the whole stream; ` +
            'call it before iterating, or gather the events yourself'
          return Promise.reject(new errors.ValidationError(`invalid stream: ${reason}`, { code: 'validation_error', field: 'stream' }))
        }
        readers.set(this, `${name}()`)
        return readWhole.call(this)
      },
      writable: true,
      configurable: true,
    })
  }
  // `await using stream = client.chatStream(...)` closes it at the end of the block.
  if (Symbol.asyncDispose) {
    Object.defineProperty(Stream.prototype, Symbol.asyncDispose, {
      value: async function () {
        this.close()
      },
    })
  }
}

/** `DevApi.sessions()` as an async iterator: each `next()` reads one session (its page fetched
 * when needed); leaving the loop early (`break`, `return`) stops it. */
Object.defineProperty(native.DevApiSessionIterator.prototype, Symbol.asyncIterator, {
  value: function () {
    const sessions = this
    return {
      async next() {
        const session = await sessions._next()
        return session === null ? { value: undefined, done: true } : { value: session, done: false }
      },
      async return(value) {
        sessions.close()
        return { value, done: true }
      },
      [Symbol.asyncIterator]() {
        return this
      },
    }
  },
})

/** `Vexar.watch()` as an async iterator: each `next()` waits for the next event (the watcher
 * polls only while one waits); leaving the loop early (`break`, `return`) closes the watcher,
 * and with it the poll in flight. An aborted signal rejects the pending `next()` with an
 * `APIUserAbortError`; after it, and after `close()`, the iteration ends. */
Object.defineProperty(native.VexarWatch.prototype, Symbol.asyncIterator, {
  value: function () {
    const watch = this
    return {
      async next() {
        const event = await watch._next()
        return event === null ? { value: undefined, done: true } : { value: event, done: false }
      },
      async return(value) {
        watch.close()
        return { value, done: true }
      },
      [Symbol.asyncIterator]() {
        return this
      },
    }
  },
})
// `await using watch = vexar.watch(...)` closes it at the end of the block.
if (Symbol.asyncDispose) {
  Object.defineProperty(native.VexarWatch.prototype, Symbol.asyncDispose, {
    value: async function () {
      this.close()
    },
  })
}

/** A promise of `params` with its `image`, given as an `ArrayBuffer` or a `Blob` (a `File`
 * too), as a Buffer, the `File`'s name and the `Blob`'s type standing in for a `fileName` and
 * `contentType` not given; `null` when `params` is for the native side to read (and refuse) as
 * it is. Not async: a promise resolved with `params` itself would probe it for a `then`. */
function withImageBytes(params) {
  let image, isBlob
  try {
    image = params?.image
    isBlob = typeof Blob !== 'undefined' && image instanceof Blob
    if (!(image instanceof ArrayBuffer) && !isBlob) return null
  } catch {
    // A getter or a proxy that throws: the native side reads it again and names the failure.
    return null
  }
  const read = isBlob ? image.arrayBuffer() : Promise.resolve(image)
  return read.then(
    (bytes) => {
      const given = { ...params, image: Buffer.from(bytes) }
      if (isBlob && given.fileName === undefined && typeof image.name === 'string') given.fileName = image.name
      if (isBlob && given.contentType === undefined && image.type) given.contentType = image.type
      return given
    },
    (error) => {
      throw new errors.ValidationError(`invalid image: reading it threw ${error}`, { code: 'validation_error', field: 'image' })
    },
  )
}

for (const Class of [native.Vexar, native.VexarWithRawResponse]) {
  const uploadImage = Class.prototype.uploadImage
  Object.defineProperty(Class.prototype, 'uploadImage', {
    value: function (params, options) {
      const converted = withImageBytes(params)
      if (converted === null) return uploadImage.call(this, params, options)
      return converted.then((given) => uploadImage.call(this, given, options))
    },
    writable: true,
    configurable: true,
  })
}

module.exports = {
  VERSION: native.VERSION,
  Mevichat: native.Mevichat,
  Vexar: native.Vexar,
  DevApi: native.DevApi,
  WidgetKey: native.WidgetKey,
  MevichatWithRawResponse: native.MevichatWithRawResponse,
  VexarWithRawResponse: native.VexarWithRawResponse,
  DevApiWithRawResponse: native.DevApiWithRawResponse,
  WidgetKeyWithRawResponse: native.WidgetKeyWithRawResponse,
  MevichatChatStream: native.MevichatChatStream,
  VexarChatStream: native.VexarChatStream,
  DevApiChatStream: native.DevApiChatStream,
  WidgetKeyChatStream: native.WidgetKeyChatStream,
  DevApiSessionIterator: native.DevApiSessionIterator,
  MevichatConversation: native.MevichatConversation,
  VexarConversation: native.VexarConversation,
  DevApiConversation: native.DevApiConversation,
  WidgetKeyConversation: native.WidgetKeyConversation,
  VexarWatch: native.VexarWatch,
  ...errors,
  ...codes,
}
