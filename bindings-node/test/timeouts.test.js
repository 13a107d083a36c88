'use strict'
// The timeouts a call sets over its client's: a connect timeout (against the hostile server's
// address that never accepts), and a whole-stream deadline (`streamTimeout`, per call and per
// client), which ends a stream that runs past it with a StreamDeadlineError.

const { test, before, after, beforeEach } = require('node:test')
const assert = require('node:assert/strict')
const chatwire = require('chatwire')
const { T, MockServer, clients, collectUntilError, failure, textOf, collect } = require('./helpers.js')
const { HostileServer } = require('./hostile.js')

let mock, hostile
before(async () => {
  mock = await MockServer.start({ relaxedRateLimits: true })
  hostile = await HostileServer.start()
})
after(() => {
  mock.stop()
  hostile.stop()
})
beforeEach(() => mock.reset())

/** A reply that sends one event, then stalls for 3 s before the rest. */
function stallAfterFirstEvent() {
  mock.pushFault({ fault: 'stall_between_events', ms: 3000, afterEvents: 1 })
}

/** Asserts `error` is the deadline of `ms` that ran out, `elapsed` ms after the call began. */
function assertDeadline(error, ms, elapsed) {
  assert.ok(error instanceof chatwire.StreamDeadlineError, `${error?.constructor?.name}: ${error?.message}`)
  assert.ok(error instanceof chatwire.APITimeoutError)
  assert.ok(error instanceof chatwire.APIConnectionError)
  assert.equal(error.code, 'stream_deadline')
  assert.equal(error.timeoutMs, ms)
  assert.match(error.message, /deadline/)
  assert.ok(elapsed >= ms - 20 && elapsed < ms + 700, `ended after ${elapsed} ms`)
}

test('a per-call connectTimeout replaces the client\'s', T, async () => {
  const widgetkey = new chatwire.WidgetKey({ apiKey: 'wk', baseUrl: hostile.blackhole, connectTimeout: 30000, maxRetries: 0 })
  for (const ms of [200, 300]) {
    const started = performance.now()
    const { error } = await failure(() => widgetkey.chat({ sessionId: 's1', message: 'hi' }, { connectTimeout: ms }))
    const took = performance.now() - started
    assert.ok(error instanceof chatwire.APITimeoutError, `${error?.constructor?.name}: ${error?.message}`)
    assert.ok(error instanceof chatwire.APIConnectionError)
    assert.equal(error.timeoutMs, ms)
    assert.ok(took >= ms - 20 && took < 3000, `timed out after ${took} ms`)
  }
  // withOptions takes it too, and a call to a live server goes through under it.
  const quick = clients(mock).widgetkey.withOptions({ connectTimeout: 1000 })
  assert.equal(typeof (await quick.chat({ sessionId: 's1', message: 'hi' })).message, 'string')
})

test('a stream past its 500 ms streamTimeout ends with StreamDeadlineError near 0.5 s', T, async () => {
  stallAfterFirstEvent()
  const started = performance.now()
  const { events, error } = await collectUntilError(clients(mock).devapi.chatStream({ message: 'hours' }, { streamTimeout: 500 }))
  assertDeadline(error, 500, performance.now() - started)
  assert.equal(events.length, 1)
  // The connection was closed, as the mock saw it.
  const [logged] = mock.requests()
  assert.notEqual(logged.outcome, 'complete')
})

test('a client-wide streamTimeout bounds each of its streams; a call may set its own', T, async () => {
  const { mevichat } = clients(mock, { streamTimeout: 400 })
  const sessionId = mock.fixtures.seededSessionId
  stallAfterFirstEvent()
  let started = performance.now()
  const { error } = await failure(() => textOf(mevichat.chatStream({ sessionId, message: 'hours' })))
  assertDeadline(error, 400, performance.now() - started)

  stallAfterFirstEvent()
  started = performance.now()
  const longer = await collectUntilError(mevichat.chatStream({ sessionId, message: 'hours' }, { streamTimeout: 700 }))
  assertDeadline(longer.error, 700, performance.now() - started)

  stallAfterFirstEvent()
  started = performance.now()
  const copy = mevichat.withOptions({ streamTimeout: 300 })
  const viaCopy = await collectUntilError(copy.chatStream({ sessionId, message: 'hours' }))
  assertDeadline(viaCopy.error, 300, performance.now() - started)
})

test('a stream that ends within its streamTimeout is whole', T, async () => {
  const events = await collect(clients(mock).devapi.chatStream({ message: 'hours' }, { streamTimeout: 10000 }))
  assert.equal(events.at(-1).type, 'end')
})

test('the timeouts are refused unless positive numbers, and a misspelt option is named', T, async () => {
  const { devapi } = clients(mock)
  for (const bad of [0, -1, NaN, '500']) {
    for (const key of ['connectTimeout', 'streamTimeout']) {
      const { error } = await failure(() => devapi.getUsage({}, { [key]: bad }))
      assert.ok(error instanceof chatwire.ValidationError, `${key}: ${bad}`)
      assert.equal(error.field, key)
    }
  }
  assert.throws(() => new chatwire.DevApi({ apiKey: 'k', streamTimeout: -5 }), chatwire.ValidationError)
  const { error } = await failure(() => devapi.chatStream({ message: 'hi' }, { streamTimeOut: 500 }))
  assert.ok(error instanceof chatwire.ValidationError)
  assert.match(error.message, /unknown option streamTimeOut; did you mean streamTimeout\?/)
  assert.deepEqual(mock.requests(), [], 'nothing was sent')
})
