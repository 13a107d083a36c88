'use strict'
// chatwire for Node: the native clients, plus the two things JS idioms need: error classes the
// native code throws through, and async iteration over a stream's batches.

const native = require('./native.js')
const errors = require('./errors.js')

native.__registerErrorClasses(errors)

/** Streams whose events were iterated: `text()` and `finalMessage()` read a whole stream, and
 * events already handed to JS would be missing from what they answer. */
const iterated = new WeakSet()

/** Iterates a stream's events, one native batch (a JSON array) at a time; leaving the loop
 * early (`break`, `return`) closes the stream. A `DecodeError` (one bad event) leaves it open:
 * iterating again reads on past that event. A plain iterator object rather than an
 * async generator: it runs once per event, and a generator costs several times more per step. */
class BatchIterator {
  constructor(stream, nextBatch) {
    iterated.add(stream)
    this.stream = stream
    this.nextBatch = nextBatch
    this.batch = []
    this.index = 0
    this.done = false
    /** The next batch, asked for as soon as the one before came, so that the network is read
     * while JS uses the events it has. */
    this.pending = null
  }

  async next() {
    while (this.index >= this.batch.length) {
      if (this.done) return { value: undefined, done: true }
      let json
      try {
        json = await (this.pending ?? this.read())
      } catch (error) {
        this.pending = null
        // One event that did not decode ends this step only: the next call reads on, as in
        // Rust and Python. Anything else ends the stream.
        if (!(error instanceof errors.DecodeError)) this.finish()
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
    return { value: this.batch[this.index++], done: false }
  }

  read() {
    const batch = this.nextBatch.call(this.stream)
    // Awaited later, or never when the loop ends first: either way not an unhandled rejection.
    batch.catch(() => {})
    return batch
  }

  async return(value) {
    this.finish()
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

for (const Stream of [
  native.MevichatChatStream,
  native.VexarChatStream,
  native.DevApiChatStream,
  native.WidgetKeyChatStream,
]) {
  Object.defineProperty(Stream.prototype, Symbol.asyncIterator, {
    value: function () {
      return new BatchIterator(this, this._nextBatch)
    },
  })
  Object.defineProperty(Stream.prototype, 'neutral', {
    value: function () {
      return { [Symbol.asyncIterator]: () => new BatchIterator(this, this._nextNeutralBatch) }
    },
  })
  for (const name of ['text', 'finalMessage']) {
    const readWhole = Stream.prototype[name]
    Object.defineProperty(Stream.prototype, name, {
      value: function () {
        if (iterated.has(this)) {
          const reason = `${name}() reads a whole stream, and this one is already being iterated`
          return Promise.reject(new errors.ValidationError(`invalid stream: ${reason}`, { code: 'validation_error', field: 'stream' }))
        }
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

module.exports = {
  Mevichat: native.Mevichat,
  Vexar: native.Vexar,
  DevApi: native.DevApi,
  WidgetKey: native.WidgetKey,
  MevichatChatStream: native.MevichatChatStream,
  VexarChatStream: native.VexarChatStream,
  DevApiChatStream: native.DevApiChatStream,
  WidgetKeyChatStream: native.WidgetKeyChatStream,
  ...errors,
}
