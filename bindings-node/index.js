'use strict'
// chatwire for Node: the native clients, plus the two things JS idioms need: error classes the
// native code throws through, and async iteration over a stream's batches.

const native = require('./native.js')
const errors = require('./errors.js')

native.__registerErrorClasses(errors)

/** Yields every event of `stream`, one native batch at a time; leaving the loop closes it. */
async function* drain(stream, nextBatch) {
  try {
    for (;;) {
      const batch = await nextBatch.call(stream)
      if (batch === null) return
      yield* batch
    }
  } finally {
    stream.close()
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
      return drain(this, this._nextBatch)
    },
  })
  Object.defineProperty(Stream.prototype, 'neutral', {
    value: function () {
      return { [Symbol.asyncIterator]: () => drain(this, this._nextNeutralBatch) }
    },
  })
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
