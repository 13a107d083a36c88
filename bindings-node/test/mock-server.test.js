'use strict'
// `@chatwire/testing`'s MockServer as a user's tests drive it: `control()` (the mock's
// `/__mock/` API) and every fault `pushFault` takes, each seen through a real client, as
// Python's `chatwire_testing.MockServer` offers them.

const { test, before, after, beforeEach } = require('node:test')
const assert = require('node:assert/strict')
const chatwire = require('chatwire')
const {
  T,
  MockServer,
  clients,
  streamOpeners,
  collect,
  collectUntilError,
  expectError,
  requestsTo,
  STREAM_PATHS,
} = require('./helpers.js')

let mock
before(async () => {
  mock = await MockServer.start({ relaxedRateLimits: true })
})
after(() => mock.stop())
beforeEach(() => mock.reset())

/** A Developer API stream's events, as the mock's reply of `message` streams them. */
const devapiStream = (options) => clients(mock).devapi.chatStream({ message: 'hours' }, options)

test('control() answers the JSON of the mock control API and null for an empty answer', T, async () => {
  mock.pushFault({ fault: 'status', status: 502, path: '/api/v1/usage', times: 2 })
  const { faults } = await mock.control('GET', '/__mock/faults')
  assert.equal(faults.length, 1)
  assert.equal(faults[0].fault, 'status')
  assert.equal(faults[0].status, 502)
  assert.equal(faults[0].path, '/api/v1/usage')
  assert.equal(await mock.control('DELETE', '/__mock/faults'), null)
  assert.deepEqual((await mock.control('GET', '/__mock/faults')).faults, [])

  const { id } = await mock.control('POST', '/__mock/faults', { fault: 'status', status: 418 })
  assert.equal(typeof id, 'number')
  const error = await expectError(chatwire.APIError, () => clients(mock).devapi.getUsage())
  assert.equal(error.status, 418)
})

test('control() sets rate limits that the next calls meet', T, async () => {
  const limits = await mock.control('PUT', '/__mock/rate-limits', { devapi: { limit: 1, window_ms: 60000 } })
  assert.equal(limits.devapi.limit, 1)
  const { devapi } = clients(mock)
  await devapi.getUsage()
  await expectError(chatwire.RateLimitError, () => devapi.getUsage())
})

test('control() rejects with the status and body of a refused control call', T, async () => {
  await assert.rejects(
    mock.control('PUT', '/__mock/rate-limits', { no_such_limit: { limit: 1, window_ms: 1 } }),
    (error) => /PUT \/__mock\/rate-limits: the mock answered 400/.test(error.message) && /no_such_limit/.test(error.message),
  )
})

test('status: the scripted status and body', T, async () => {
  mock.pushFault({ fault: 'status', status: 503, body: { error: 'scripted', message: 'down' } })
  const error = await expectError(chatwire.InternalServerError, () => clients(mock).devapi.getUsage())
  assert.equal(error.status, 503)
  assert.equal(error.code, 'scripted')
  assert.match(error.body, /"down"/)
  const [logged] = requestsTo(mock, '/api/v1/usage')
  assert.equal(logged.status, 503)
})

test('stall_before_headers: nothing comes for ms, then the answer', T, async () => {
  mock.pushFault({ fault: 'stall_before_headers', ms: 300 })
  const started = Date.now()
  const usage = await clients(mock).devapi.getUsage()
  assert.equal(usage.success, true)
  assert.ok(Date.now() - started >= 250, `answered after ${Date.now() - started} ms`)
})

test('reset: the connection resets before any byte', T, async () => {
  mock.pushFault({ fault: 'reset' })
  await expectError(chatwire.APIConnectionError, () => clients(mock).devapi.getUsage())
})

test('close_after_events: the stream breaks off after that many events', T, async () => {
  mock.pushFault({ fault: 'close_after_events', events: 2 })
  const { events, error } = await collectUntilError(devapiStream())
  assert.equal(events.length, 2)
  assert.ok(error instanceof chatwire.ChatwireError, `${error}`)
})

test('end_without_terminal: the whole reply comes, its end event does not', T, async () => {
  mock.pushFault({ fault: 'end_without_terminal' })
  const { events, error } = await collectUntilError(devapiStream())
  assert.ok(events.length > 1)
  assert.ok(events.every((event) => event.type === 'message'))
  assert.ok(error instanceof chatwire.StreamEndedError, `${error}`)
  assert.equal(error.events, events.length)
})

test('malformed_json: the first token does not decode, the rest does', T, async () => {
  mock.pushFault({ fault: 'malformed_json' })
  const stream = devapiStream()
  const { events, error } = await collectUntilError(stream)
  assert.deepEqual(events, [])
  assert.ok(error instanceof chatwire.DecodeError, `${error}`)
  const rest = await collect(stream)
  assert.equal(rest.at(-1).type, 'end')
})

test('unknown_event: an undocumented event comes before the first token', T, async () => {
  mock.pushFault({ fault: 'unknown_event' })
  const events = await collect(devapiStream())
  assert.equal(events[0].type, 'unknown')
  assert.equal(events[1].type, 'message')
  assert.equal(events.at(-1).type, 'end')
})

test('oversize_event: a token of at least that many bytes comes first', T, async () => {
  mock.pushFault({ fault: 'oversize_event', bytes: 50000 })
  const events = await collect(devapiStream())
  assert.equal(events[0].type, 'message')
  assert.ok(events[0].content.length >= 40000, `${events[0].content.length} characters`)
  assert.equal(events.at(-1).type, 'end')
})

test('stall_between_events: the stream pauses after afterEvents events', T, async () => {
  mock.pushFault({ fault: 'stall_between_events', ms: 2000, afterEvents: 2 })
  const { events, error } = await collectUntilError(devapiStream({ idleTimeout: 200 }))
  assert.equal(events.length, 2)
  assert.ok(error instanceof chatwire.StreamIdleTimeoutError, `${error}`)
})

test('keepalive_only: comments only, then an end with no event', T, async () => {
  mock.pushFault({ fault: 'keepalive_only', intervalMs: 10, count: 3 })
  const { events, error } = await collectUntilError(devapiStream())
  assert.deepEqual(events, [])
  assert.ok(error instanceof chatwire.StreamEndedError, `${error}`)
  assert.equal(error.events, 0)
})

test('long_reply: a reply of that many tokens', T, async () => {
  mock.pushFault({ fault: 'long_reply', tokens: 300 })
  const events = await collect(devapiStream())
  assert.equal(events.filter((event) => event.type === 'message').length, 300)
  assert.equal(events.at(-1).type, 'end')
})

const REPLAYED = 'event: message\ndata: {"content":"Hé"}\n\nevent: end\ndata: {"session_id":"s9"}\n\n'

test('replay: a body given as text goes out as sent, in its chunks', T, async () => {
  mock.pushFault({ fault: 'replay', body: REPLAYED, chunks: [1, 3, 7], path: STREAM_PATHS.devapi })
  const events = await collect(devapiStream())
  assert.deepEqual(events, [
    { type: 'message', content: 'Hé', extra: {} },
    { type: 'end', sessionId: 's9', extra: {} },
  ])
})

test('replay: a body given as bodyBase64 goes out byte for byte', T, async () => {
  const bytes = Buffer.concat([Buffer.from('event: message\ndata: {"content":"a'), Buffer.from([0xff]), Buffer.from('"}\n\n')])
  mock.pushFault({ fault: 'replay', bodyBase64: bytes.toString('base64'), path: STREAM_PATHS.devapi })
  const { events, error } = await collectUntilError(devapiStream())
  // The invalid byte arrives as U+FFFD, and the stream ends without its end event.
  assert.deepEqual(events, [{ type: 'message', content: 'a\ufffd', extra: {} }])
  assert.ok(error instanceof chatwire.StreamEndedError, `${error}`)
})

test('replay: end "break" breaks the connection after the last byte', T, async () => {
  mock.pushFault({ fault: 'replay', body: 'event: message\ndata: {"content":"x"}\n\n', end: 'break' })
  const { events, error } = await collectUntilError(devapiStream())
  assert.deepEqual(events, [{ type: 'message', content: 'x', extra: {} }])
  assert.ok(error instanceof chatwire.APIConnectionError || error instanceof chatwire.StreamEndedError, `${error}`)
})

test('replay: the bytes are given once, as text or base64', T, async () => {
  assert.throws(
    () => mock.pushFault({ fault: 'replay', body: 'data: x\n\n', bodyBase64: 'ZGF0YTogeAoK' }),
    /as body \(a string\) or as bodyBase64/,
  )
  assert.throws(() => mock.pushFault({ fault: 'replay', body: { not: 'text' } }), /as body \(a string\)/)
  assert.throws(() => mock.pushFault({ fault: 'replay' }), /not a fault the mock knows/)
})

test('a fault limited by path and key applies to those requests only, times times', T, async () => {
  const f = mock.fixtures
  mock.pushFault({ fault: 'status', status: 500, path: '/api/v1/usage', key: f.devapiKey, times: 2 })
  const { devapi, vexar } = clients(mock)
  assert.equal((await vexar.getBlockStatus({ sessionId: 's' })).success, true)
  await expectError(chatwire.InternalServerError, () => devapi.getUsage())
  await expectError(chatwire.InternalServerError, () => devapi.getUsage())
  assert.equal((await devapi.getUsage()).success, true)
})

test('a stream fault limited by path leaves the other providers\' streams whole', T, async () => {
  mock.pushFault({ fault: 'end_without_terminal', path: STREAM_PATHS.vexar })
  const opened = streamOpeners(mock)
  assert.equal((await collect(opened.devapi())).at(-1).type, 'end')
  const { error } = await collectUntilError(opened.vexar())
  assert.ok(error instanceof chatwire.StreamEndedError, `${error}`)
})

test('a misspelt key of a fault or of the options is refused, naming it and the keys known', T, async () => {
  assert.throws(() => mock.pushFault({ fault: 'status', stauts: 503 }), /not a fault the mock knows: unknown field `stauts`, expected one of .*`status`/)
  assert.throws(() => mock.pushFault({ fault: 'no_such_fault' }), /unknown variant `no_such_fault`/)
  assert.throws(() => mock.pushFault({ fault: 'status', status: 503, times: 0 }), /times must be at least 1/)
  assert.deepEqual((await mock.control('GET', '/__mock/faults')).faults, [], 'none was queued')
  // An undefined value is an absent key, as in chatwire's own options.
  assert.equal(typeof mock.pushFault({ fault: 'status', status: 503, retryAfter: undefined }), 'number')
  await assert.rejects(MockServer.start({ tokenDelayy: 5 }), /unknown field `tokenDelayy`, expected one of `port`, `tokenDelay`/)
  await assert.rejects(MockServer.start({ port: 70000 }), /port must be at most 65535/)
})

test('Symbol.dispose stops the server', T, async () => {
  const own = await MockServer.start()
  own[Symbol.dispose]()
  assert.throws(() => own.requests(), /stopped/)
})
