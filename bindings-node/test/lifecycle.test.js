'use strict'
// Stream and connection lifecycle, as the mock sees it: `break`, `close()`, `Symbol.asyncDispose`,
// garbage collection (also while the iterator's read-ahead waits on a stalled server) and an
// AbortSignal (before the call, while waiting for headers, mid-stream) each close the HTTP
// connection; the event loop keeps turning while a stream stalls; and a
// long-lived AbortSignal does not collect listeners.

const { test, before, after, beforeEach } = require('node:test')
const assert = require('node:assert/strict')
const { getEventListeners } = require('node:events')
const v8 = require('node:v8')
const vm = require('node:vm')
const chatwire = require('chatwire')
const {
  T,
  HOURS,
  REFUND,
  STREAM_PATHS,
  MockServer,
  clients,
  mevichatClient,
  streamOpeners,
  collect,
  collectUntilError,
  textOf,
  expectError,
  requestsTo,
  lastOutcome,
  closedByClient,
  waitFor,
  sleep,
} = require('./helpers.js')
const { held } = require('./hostile.js')

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc')

const CHAT = STREAM_PATHS.mevichat
let mock, f, c

before(async () => {
  mock = await MockServer.start({ relaxedRateLimits: true })
  f = mock.fixtures
})
after(() => mock.stop())
beforeEach(() => {
  mock.reset()
  c = clients(mock)
})

/** The mock with a pause between tokens, so that a reply is still streaming when a test leaves. */
function slow() {
  mock.setTokenDelay(50)
}

/**
 * A mock server of its own, so that no other test's pooled connection is counted: `fn(server)`,
 * then it stops.
 */
async function withOwnServer(fn) {
  const server = await MockServer.start({ relaxedRateLimits: true })
  try {
    return await fn(server)
  } finally {
    server.stop()
  }
}

/** Whether `server` has no open connection within ~2 s. */
const allClosed = (server) => waitFor(() => server.stats().connections_open === 0)

// --- leaving a stream ---------------------------------------------------------------------------

test('break in for await closes the connection', T, async () => {
  slow()
  const stream = c.mevichat.chatStream({ sessionId: f.seededSessionId, message: 'refund' })
  for await (const event of stream) {
    assert.equal(event.type, 'meta')
    break
  }
  assert.ok(await closedByClient(mock, CHAT), lastOutcome(mock, CHAT))
  const [logged] = requestsTo(mock, CHAT)
  assert.ok(logged.events_sent < 20, `${logged.events_sent} events were sent`)
  // Leaving the loop closed the stream even though it is still referenced; and it had its
  // reader: a second loop is refused.
  await assert.rejects(collect(stream), (error) => error instanceof chatwire.ValidationError && error.field === 'stream')
})

test('break closes every provider\'s stream, and the neutral iteration too', T, async () => {
  slow()
  const open = streamOpeners(mock)
  for (const provider of ['vexar', 'devapi', 'widgetkey']) {
    for await (const event of open[provider]()) {
      assert.ok(event)
      break
    }
    assert.ok(await closedByClient(mock, STREAM_PATHS[provider]), provider)
  }
  for await (const event of open.mevichat().neutral()) {
    assert.equal(event.type, 'started')
    break
  }
  assert.ok(await closedByClient(mock, CHAT))
})

test('an exception thrown in the loop closes the connection', T, async () => {
  slow()
  await assert.rejects(async () => {
    for await (const event of c.vexar.chatStream({ sessionId: 's', message: 'shipping' })) {
      throw new RangeError(`boom at ${event.type}`)
    }
  }, RangeError)
  assert.ok(await closedByClient(mock, STREAM_PATHS.vexar))
})

test('close() closes the connection; it is idempotent and ends the iteration', T, async () => {
  slow()
  const stream = c.mevichat.chatStream({ sessionId: f.seededSessionId, message: 'refund' })
  const iterator = stream[Symbol.asyncIterator]()
  assert.equal((await iterator.next()).value.type, 'meta')
  stream.close()
  assert.ok(await closedByClient(mock, CHAT), lastOutcome(mock, CHAT))
  stream.close()
  assert.deepEqual(await iterator.next(), { value: undefined, done: true })
  assert.deepEqual(await iterator.next(), { value: undefined, done: true })
  // An iterated stream cannot be read whole.
  await assert.rejects(stream.text(), chatwire.ValidationError)
  // A closed stream has no reply to tell: text() cannot succeed.
  const unread = c.mevichat.chatStream({ sessionId: f.seededSessionId, message: 'refund' })
  unread.close()
  await assert.rejects(unread.text(), chatwire.StreamEndedError)
})

test('close() before any read closes the connection', T, async () => {
  slow()
  const stream = c.vexar.chatStream({ sessionId: 's1', message: 'shipping' })
  assert.ok(await waitFor(() => requestsTo(mock, STREAM_PATHS.vexar).length === 1))
  stream.close()
  assert.ok(await closedByClient(mock, STREAM_PATHS.vexar), lastOutcome(mock, STREAM_PATHS.vexar))
  assert.deepEqual(await collect(stream), [])
})

test('close() while the response headers are awaited ends a pending read at once', T, async () => {
  await withOwnServer(async (server) => {
    server.pushFault({ fault: 'stall_before_headers', ms: 5000 })
    const stream = mevichatClient(server).chatStream({
      sessionId: server.fixtures.seededSessionId,
      message: 'hi',
    })
    const reading = collect(stream)
    assert.ok(await waitFor(() => server.stats().connections_open === 1), 'the request is open')
    const started = Date.now()
    stream.close()
    assert.deepEqual(await reading, [], 'a close is an end, not an error')
    assert.ok(Date.now() - started < 1000)
    assert.ok(await allClosed(server), JSON.stringify(server.stats()))
  })
})

test('Symbol.asyncDispose closes the connection', T, async () => {
  slow()
  const stream = c.devapi.chatStream({ message: 'refund' })
  const iterator = stream[Symbol.asyncIterator]()
  assert.equal((await iterator.next()).value.type, 'message')
  assert.equal(typeof stream[Symbol.asyncDispose], 'function')
  await stream[Symbol.asyncDispose]()
  assert.ok(await closedByClient(mock, STREAM_PATHS.devapi))
  assert.deepEqual(await iterator.next(), { value: undefined, done: true })
})

test('garbage collection of an unreferenced stream closes its connection', T, async () => {
  slow()
  await (async () => {
    const stream = c.mevichat.chatStream({ sessionId: f.seededSessionId, message: 'refund' })
    const iterator = stream[Symbol.asyncIterator]()
    assert.equal((await iterator.next()).value.type, 'meta')
  })()
  const closed = await waitFor(() => {
    gc()
    return lastOutcome(mock, CHAT) !== 'in_progress'
  })
  assert.ok(closed)
  assert.equal(lastOutcome(mock, CHAT), 'client_closed')
})

test('a stream dropped while its read-ahead waits on a stalled server is closed when collected', T, held('abandoned-stream-collected', async () => {
  await withOwnServer(async (server) => {
    // One event, then nothing for 15 s: the iterator's read-ahead of the next batch waits,
    // well inside the default idle timeout (60 s).
    server.pushFault({ fault: 'stall_between_events', ms: 15000, afterEvents: 1 })
    const client = mevichatClient(server)
    await (async () => {
      const stream = client.chatStream({ sessionId: server.fixtures.seededSessionId, message: 'hours' })
      const iterator = stream[Symbol.asyncIterator]()
      assert.equal((await iterator.next()).value.type, 'meta')
    })()
    assert.equal(server.stats().connections_open, 1, 'the stream is open while referenced')
    const started = Date.now()
    const closed = await waitFor(() => {
      gc()
      return server.stats().connections_open === 0
    }, 5000, 50)
    assert.ok(closed, `still open after ${Date.now() - started} ms: ${JSON.stringify(server.stats())}`)
    const [logged] = server.requests()
    assert.ok(await waitFor(() => server.requests()[0].outcome !== 'in_progress'))
    assert.equal(server.requests()[0].outcome, 'client_closed')
    assert.equal(logged.events_sent, 1)
  })
}))

test('a stream read to its end is complete, as the mock sees it', T, async () => {
  const text = await textOf(c.mevichat.chatStream({ sessionId: f.seededSessionId, message: 'refund' }))
  assert.ok(text.startsWith(REFUND))
  const [logged] = requestsTo(mock, CHAT)
  assert.equal(logged.outcome, 'complete')
  assert.equal(logged.events_sent, text.split(' ').filter(Boolean).length + 2)
})

// --- an AbortSignal ---------------------------------------------------------------------------

test('a signal aborted before the call: APIUserAbortError, and no request at all', T, async () => {
  await withOwnServer(async (server) => {
    const { mevichat, vexar } = clients(server)
    const signal = AbortSignal.abort()
    await expectError(chatwire.APIUserAbortError, () => vexar.getHistory({ sessionId: 's' }, { signal }))
    await expectError(chatwire.APIUserAbortError, () =>
      mevichat.chatStream({ sessionId: server.fixtures.seededSessionId, message: 'hi' }, { signal }),
    )
    const stream = mevichat.chatStream(
      { sessionId: server.fixtures.seededSessionId, message: 'hi' },
      { signal },
    )
    const error = await expectError(chatwire.APIUserAbortError, () => textOf(stream))
    assert.equal(error.code, 'aborted')
    await sleep(50)
    assert.deepEqual(server.requests(), [])
    assert.equal(server.stats().connections_total, 0)
  })
})

test('aborting a call while its headers are awaited drops the connection at once', T, async () => {
  await withOwnServer(async (server) => {
    server.pushFault({ fault: 'stall_before_headers', ms: 5000 })
    const controller = new AbortController()
    const pending = clients(server).vexar.getHistory({ sessionId: 's' }, { signal: controller.signal })
    assert.ok(await waitFor(() => server.stats().connections_open === 1))
    const started = Date.now()
    controller.abort()
    const error = await expectError(chatwire.APIUserAbortError, () => pending)
    assert.equal(error.code, 'aborted')
    assert.ok(Date.now() - started < 1000, 'it did not wait for the server')
    assert.ok(await allClosed(server), JSON.stringify(server.stats()))
    assert.ok(Date.now() - started < 3000, 'the connection outlived the aborted call')
  })
})

test('aborting a stream while its headers are awaited drops the connection at once', T, async () => {
  await withOwnServer(async (server) => {
    server.pushFault({ fault: 'stall_before_headers', ms: 5000 })
    const controller = new AbortController()
    const stream = mevichatClient(server).chatStream(
      { sessionId: server.fixtures.seededSessionId, message: 'hi' },
      { signal: controller.signal },
    )
    const reading = collectUntilError(stream)
    assert.ok(await waitFor(() => server.stats().connections_open === 1))
    const started = Date.now()
    controller.abort()
    const { events, error } = await reading
    assert.equal(error?.constructor, chatwire.APIUserAbortError, String(error))
    assert.deepEqual(events, [])
    assert.ok(Date.now() - started < 1000)
    assert.ok(await allClosed(server), JSON.stringify(server.stats()))
  })
})

test('aborting mid-stream ends the loop with APIUserAbortError and closes the connection', T, async () => {
  slow()
  const controller = new AbortController()
  const stream = c.mevichat.chatStream(
    { sessionId: f.seededSessionId, message: 'refund' },
    { signal: controller.signal },
  )
  const seen = []
  const error = await expectError(chatwire.APIUserAbortError, async () => {
    for await (const event of stream) {
      seen.push(event)
      if (seen.length === 3) controller.abort()
    }
  })
  assert.equal(error.code, 'aborted')
  assert.ok(seen.length >= 3 && seen.length < 10, `${seen.length} events`)
  assert.ok(await closedByClient(mock, CHAT), lastOutcome(mock, CHAT))
  assert.ok(requestsTo(mock, CHAT)[0].events_sent < 20)
})

test('aborting a pending text() rejects it and closes the connection', T, async () => {
  mock.pushFault({ fault: 'stall_between_events', ms: 5000, afterEvents: 2 })
  const controller = new AbortController()
  const stream = c.devapi.chatStream({ message: 'hours' }, { signal: controller.signal })
  const reading = textOf(stream)
  assert.ok(await waitFor(() => requestsTo(mock, STREAM_PATHS.devapi)[0]?.events_sent === 2))
  const started = Date.now()
  controller.abort()
  await expectError(chatwire.APIUserAbortError, () => reading)
  assert.ok(Date.now() - started < 1000)
  assert.ok(await closedByClient(mock, STREAM_PATHS.devapi), lastOutcome(mock, STREAM_PATHS.devapi))
})

test('aborting after the call is over changes nothing, and leaves no listener', T, async () => {
  const controller = new AbortController()
  const { signal } = controller
  const history = await c.vexar.getHistory({ sessionId: 's' }, { signal })
  const text = await textOf(c.vexar.chatStream({ sessionId: 's', message: 'hours' }, { signal }))
  assert.equal(history.success, true)
  assert.equal(text, HOURS)
  assert.equal(getEventListeners(signal, 'abort').length, 0)
  controller.abort()
  assert.deepEqual(
    mock.requests().map((r) => r.outcome),
    ['complete', 'complete'],
  )
})

// --- the event loop -------------------------------------------------------------------------

test('a timer keeps firing while a stream stalls between events', T, async () => {
  mock.pushFault({ fault: 'stall_between_events', ms: 500, afterEvents: 1 })
  let ticks = 0
  const timer = setInterval(() => ticks++, 10)
  try {
    const stream = c.mevichat.chatStream(
      { sessionId: f.seededSessionId, message: 'hours' },
      { idleTimeout: 5000 },
    )
    const iterator = stream[Symbol.asyncIterator]()
    assert.equal((await iterator.next()).value.type, 'meta')
    const before = ticks
    const started = Date.now()
    const next = await iterator.next() // waits ~500 ms in the stall
    const waited = Date.now() - started
    const during = ticks - before
    assert.equal(next.value.type, 'token')
    assert.ok(waited >= 400, `waited ${waited} ms`)
    assert.ok(during >= 15, `the timer fired ${during} times during a ${waited} ms wait`)
    await iterator.return()
  } finally {
    clearInterval(timer)
  }
})

test('a timer keeps firing while a call waits for its response', T, async () => {
  mock.pushFault({ fault: 'stall_before_headers', ms: 500 })
  let ticks = 0
  const timer = setInterval(() => ticks++, 10)
  let usage
  const started = Date.now()
  try {
    usage = await c.devapi.getUsage()
  } finally {
    clearInterval(timer)
  }
  const waited = Date.now() - started
  assert.equal(usage.success, true)
  assert.ok(waited >= 400, `waited ${waited} ms`)
  assert.ok(ticks >= 15, `the timer fired ${ticks} times during a ${waited} ms wait`)
})

// --- listeners on a long-lived signal -----------------------------------------------------------

/** Runs `fn` and answers the MaxListenersExceededWarnings emitted meanwhile. */
async function warningsDuring(fn) {
  const warnings = []
  const listener = (warning) => {
    if (warning.name === 'MaxListenersExceededWarning') warnings.push(warning.message)
  }
  process.on('warning', listener)
  try {
    await fn()
    // Warnings are emitted on a later tick.
    await new Promise((resolve) => setImmediate(resolve))
    await sleep(10)
  } finally {
    process.off('warning', listener)
  }
  return warnings
}

test('a long-lived AbortSignal passed to 50 calls collects no listeners', T, async () => {
  const { signal } = new AbortController()
  const warnings = await warningsDuring(async () => {
    for (let i = 0; i < 50; i++) {
      switch (i % 5) {
        case 0:
          await c.vexar.getHistory({ sessionId: 's' }, { signal })
          break
        case 1:
          await textOf(c.devapi.chatStream({ message: 'hi' }, { signal }))
          break
        case 2:
          for await (const event of c.widgetkey.chatStream({ sessionId: 's', message: 'hi' }, { signal })) {
            assert.ok(event)
            break
          }
          break
        case 3:
          mock.pushFault({ fault: 'status', status: 500 })
          await assert.rejects(c.devapi.getUsage(undefined, { signal }), chatwire.InternalServerError)
          break
        default:
          c.mevichat.chatStream({ sessionId: f.seededSessionId, message: 'hi' }, { signal }).close()
      }
      assert.ok(getEventListeners(signal, 'abort').length <= 1, `call ${i}`)
    }
  })
  assert.deepEqual(warnings, [])
  assert.equal(getEventListeners(signal, 'abort').length, 0)
  assert.equal(mock.requests().length >= 40, true)
})

test(
  'a refused call leaves no listener on its signal',
  T,
  async () => {
    const { signal } = new AbortController()
    const warnings = await warningsDuring(async () => {
      for (let i = 0; i < 12; i++) {
        await assert.rejects(
          c.vexar.getHistory({ sessionId: 's' }, { signal, timeout: -1 }),
          chatwire.ValidationError,
        )
        await assert.rejects(
          c.vexar.rateConversation({ sessionId: 's', score: 2.5 }, { signal }),
          chatwire.ValidationError,
        )
        assert.throws(
          () => c.vexar.chatStream({ sessionId: 's', message: 'hi' }, { signal, timeout: -1 }),
          chatwire.ValidationError,
        )
      }
    })
    assert.equal(getEventListeners(signal, 'abort').length, 0)
    assert.deepEqual(warnings, [])
  },
)

test(
  'a pending text() keeps its stream alive through garbage collection',
  T,
  async () => {
    mock.setTokenDelay(10)
    const reading = c.mevichat.chatStream({ sessionId: f.seededSessionId, message: 'hours' }).text()
    const finishing = c.vexar.chatStream({ sessionId: 's', message: 'hours' }).finalMessage()
    await sleep(30)
    gc()
    const [text, final] = await Promise.allSettled([reading, finishing])
    assert.equal(text.value, HOURS, text.reason?.message)
    assert.equal(final.value?.text, HOURS, final.reason?.message)
  },
)
