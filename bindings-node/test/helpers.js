'use strict'
// Shared helpers of the Node suite: the mock, a client of each provider pointed at it, and small
// utilities to read streams, catch errors and poll the mock's request log.
//
// `node --test test/` runs every .js file under test/ as a test file, this one included; run that
// way (it is then the main module), it checks the `chatwire/testing` helpers it relies on, so it
// counts for something rather than as an empty pass.

const assert = require('node:assert/strict')
const chatwire = require('chatwire')
const { MockServer } = require('chatwire/testing')

/** Every test's bound: no test may hang the suite. */
const T = { timeout: 20000 }

const REFUND = 'Our refund policy is 30 days from purchase.'
const CANADA = 'Yes, we ship to Canada'
const HOURS = 'Our business hours are Monday through Friday, 9 AM to 5 PM EST.'
/** A Mevichat session id (a UUID) that the mock does not know. */
const OTHER_UUID = '6a2f41a3-c54c-4c01-9f2e-1d3a6b7c8d9e'

// A tiny valid PNG (1x1 transparent pixel), as in the Python suite.
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082',
  'hex',
)

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** A client of each provider pointed at `mock`, with no retries unless `common` says so. */
function clients(mock, common = {}) {
  const f = mock.fixtures
  const base = { baseUrl: mock.baseUrl, maxRetries: 0, ...common }
  return {
    mevichat: new chatwire.Mevichat({
      publicKey: f.mevichatPublicKey,
      origin: f.origin,
      exportToken: f.exportJwt,
      ...base,
    }),
    vexar: new chatwire.Vexar({ siteKey: f.vexarSiteKey, ...base }),
    devapi: new chatwire.DevApi({ apiKey: f.devapiKey, ...base }),
    widgetkey: new chatwire.WidgetKey({ apiKey: f.widgetKey, ...base }),
  }
}

/** A Mevichat client of `mock`, with these options over the working fixtures. */
function mevichatClient(mock, options = {}) {
  const f = mock.fixtures
  return new chatwire.Mevichat({
    publicKey: f.mevichatPublicKey,
    origin: f.origin,
    baseUrl: mock.baseUrl,
    maxRetries: 0,
    ...options,
  })
}

/** A stream opener per provider, each on its streaming endpoint, taking call options. */
function streamOpeners(mock) {
  const c = clients(mock)
  const s = mock.fixtures.seededSessionId
  return {
    mevichat: (o) => c.mevichat.chatStream({ sessionId: s, message: 'hi' }, o),
    vexar: (o) => c.vexar.chatStream({ sessionId: 's1', message: 'hi' }, o),
    devapi: (o) => c.devapi.chatStream({ message: 'hi' }, o),
    widgetkey: (o) => c.widgetkey.chatStream({ sessionId: 's1', message: 'hi' }, o),
  }
}

/** The streaming path of each provider, as the mock logs it. */
const STREAM_PATHS = {
  mevichat: '/api/chat/',
  vexar: '/api/v1/chat/stream',
  devapi: '/api/v1/chat',
  widgetkey: '/v1/chat/stream',
}

/**
 * `stream.text()`, with the stream kept referenced until it settles. A pending `text()` or
 * `finalMessage()` survives its stream's collection (lifecycle.test.js checks that on its own);
 * the rest of the suite reads streams through these two helpers so that no other test depends on
 * when a GC runs.
 */
async function textOf(stream) {
  try {
    return await stream.text()
  } finally {
    keepAlive(stream)
  }
}

/** `stream.finalMessage()`, with the stream kept referenced until it settles (see `textOf`). */
async function finalOf(stream) {
  try {
    return await stream.finalMessage()
  } finally {
    keepAlive(stream)
  }
}

let kept = null
/** Uses `value`, so that it is live until this call. */
function keepAlive(value) {
  kept = value
  kept = null
}

/** Every event of an async iterable. */
async function collect(iterable) {
  const events = []
  for await (const event of iterable) events.push(event)
  return events
}

/** The events of an async iterable up to the error that ended it (`error` is undefined if none). */
async function collectUntilError(iterable) {
  const events = []
  try {
    for await (const event of iterable) events.push(event)
  } catch (error) {
    return { events, error }
  }
  return { events, error: undefined }
}

/**
 * What `call()` fails with: a synchronous throw, a rejected promise, or, for a stream, the error of
 * its first read. `how` says which. Fails the test if it does not fail.
 */
async function failure(call) {
  let answer
  try {
    answer = call()
  } catch (error) {
    return { error, how: 'sync' }
  }
  try {
    if (answer && typeof answer.then === 'function') {
      await answer
    } else if (answer && typeof answer[Symbol.asyncIterator] === 'function') {
      await answer[Symbol.asyncIterator]().next()
      answer.close()
    } else {
      assert.fail(`not a promise nor a stream: ${answer}`)
    }
  } catch (error) {
    return { error, how: answer && typeof answer.then === 'function' ? 'rejected' : 'stream' }
  }
  assert.fail('expected the call to fail, but it succeeded')
}

/**
 * `call()` fails with exactly `Class` (not a subclass), which is a ChatwireError and an Error;
 * `raised`, when given, records it. Answers the error.
 */
async function expectError(Class, call, raised) {
  const { error } = await failure(call)
  assert.equal(
    error?.constructor,
    Class,
    `expected ${Class.name}, got ${error?.constructor?.name}: ${error?.message}`,
  )
  assert.ok(error instanceof chatwire.ChatwireError)
  assert.ok(error instanceof Error)
  assert.equal(error.name, Class.name)
  assert.equal(typeof error.message, 'string')
  assert.ok(error.message.length > 0)
  raised?.add(Class)
  return error
}

/** The logged requests to `path`, oldest first. */
function requestsTo(mock, path) {
  return mock.requests().filter((r) => r.path === path)
}

/** The `x-request-id` the mock sent with the answer to its logged request `entry`. */
function requestIdOf(entry) {
  return `req_mock_${entry.id}`
}

/**
 * `answer`, which must carry the request id of the last request the mock logged, without it
 * and without its `extra` (the fields the docs do not name, which must be none): the body as
 * the server sent it, for a `deepEqual`.
 */
function answered(mock, answer) {
  const logged = mock.requests()
  assert.ok(logged.length > 0, 'the mock logged no request')
  const { requestId, extra, ...body } = answer
  assert.equal(requestId, requestIdOf(logged[logged.length - 1]), 'the answer carries its request id')
  assert.deepEqual(extra, {}, 'the mock sends no field the docs do not name')
  return body
}

/** The outcome of the last logged request to `path`, or '<none>'. */
function lastOutcome(mock, path) {
  const logged = requestsTo(mock, path)
  return logged.length ? logged[logged.length - 1].outcome : '<none>'
}

/** Polls `predicate` every `step` ms until it holds or `deadline` ms pass; its last answer. */
async function waitFor(predicate, deadline = 2000, step = 20) {
  const stop = Date.now() + deadline
  for (;;) {
    if (await predicate()) return true
    if (Date.now() > stop) return false
    await sleep(step)
  }
}

/** Whether the last stream on `path` was closed by the client, as the mock saw it, within ~2 s. */
async function closedByClient(mock, path) {
  await waitFor(() => lastOutcome(mock, path) !== 'in_progress')
  return lastOutcome(mock, path) === 'client_closed'
}

/** A call to the mock's control API (`/__mock/…`): rate limits, vectors to replay and
 * Vexar's server-side state. The mock never logs, limits or faults these. */
function control(mock, method, path, body) {
  return mock.control(method, path, body)
}

/** Sets the mock's rate limits: `{ mevichat_chat: { limit: 1, window_ms: 60000 } }` … */
function setRateLimits(mock, limits) {
  return control(mock, 'PUT', '/__mock/rate-limits', limits)
}

module.exports = {
  T,
  REFUND,
  CANADA,
  HOURS,
  OTHER_UUID,
  PNG,
  STREAM_PATHS,
  sleep,
  clients,
  mevichatClient,
  streamOpeners,
  textOf,
  finalOf,
  collect,
  collectUntilError,
  failure,
  expectError,
  requestsTo,
  requestIdOf,
  answered,
  lastOutcome,
  waitFor,
  closedByClient,
  control,
  setRateLimits,
  MockServer,
}

// --- run as a test file: the testing helpers this suite relies on ---------------------------

if (require.main === module) {
  const { test } = require('node:test')

  test('MockServer.start answers a running mock on 127.0.0.1 with its fixtures', T, async () => {
    const mock = await MockServer.start({ relaxedRateLimits: true })
    try {
      assert.match(mock.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/)
      const f = mock.fixtures
      assert.equal(f.mevichatPublicKey, 'mvc_pk_test_chatwire')
      assert.equal(f.seededSessionId, '5f3e8c7c-5d4a-4a91-9a4e-c9a7e6d2b0f1')
      assert.equal(f.origin, 'https://example.com')
      for (const [name, value] of Object.entries(f)) {
        assert.equal(typeof value, 'string', name)
        assert.ok(value.length > 0, name)
      }
      assert.deepEqual(mock.requests(), [])
      assert.deepEqual(Object.keys(mock.stats()).sort(), ['connections_open', 'connections_total'])
    } finally {
      mock.stop()
    }
  })

  test('tokenDelay paces streamed tokens; setTokenDelay changes it; reset restores it', T, async () => {
    const mock = await MockServer.start({ tokenDelay: 30 })
    try {
      const { devapi } = clients(mock)
      const timed = async () => {
        const started = Date.now()
        const stream = devapi.chatStream({ message: 'hours' })
        let events = 0
        for await (const _ of stream) events++
        return { ms: Date.now() - started, events }
      }
      const paced = await timed()
      assert.ok(paced.events > 10)
      assert.ok(paced.ms >= 10 * 30 * 0.8, `${paced.events} events in ${paced.ms} ms`)
      mock.setTokenDelay(0)
      const fast = await timed()
      assert.ok(fast.ms < paced.ms / 2, `${fast.ms} ms, paced ${paced.ms} ms`)
      mock.reset()
      const again = await timed()
      assert.ok(again.ms >= 10 * 30 * 0.8, `after reset: ${again.ms} ms`)
      assert.throws(() => mock.setTokenDelay(-1), /delay/)
    } finally {
      mock.stop()
    }
  })

  test('pushFault answers increasing ids and refuses a fault the mock does not know', T, async () => {
    const mock = await MockServer.start()
    try {
      const first = mock.pushFault({ fault: 'reset' })
      const second = mock.pushFault({ fault: 'status', status: 503, times: 2 })
      assert.equal(typeof first, 'number')
      assert.ok(second > first)
      assert.throws(() => mock.pushFault({ fault: 'no_such_fault' }), /not a fault the mock knows/)
      // reset() drops the queued faults: the next call succeeds.
      mock.reset()
      const { vexar } = clients(mock)
      assert.equal((await vexar.getBlockStatus({ sessionId: 's' })).success, true)
      assert.deepEqual(
        mock.requests().map((r) => r.status),
        [200],
      )
    } finally {
      mock.stop()
    }
  })

  test('the request log records method, path, headers, body, status and outcome', T, async () => {
    const mock = await MockServer.start()
    try {
      const { devapi } = clients(mock)
      await devapi.chat({ message: 'hello there' })
      const [entry] = mock.requests()
      assert.equal(entry.method, 'POST')
      assert.equal(entry.path, '/api/v1/chat')
      assert.equal(entry.status, 200)
      assert.equal(entry.outcome, 'complete')
      assert.equal(typeof entry.headers, 'object')
      assert.equal(JSON.parse(entry.body).message, 'hello there')
      mock.reset()
      assert.deepEqual(mock.requests(), [])
    } finally {
      mock.stop()
    }
  })

  test('a stopped mock refuses to be used and its port refuses connections', T, async () => {
    const mock = await MockServer.start()
    const { vexar } = clients(mock)
    mock.stop()
    assert.throws(() => mock.requests(), /stopped/)
    assert.throws(() => mock.reset(), /stopped/)
    await expectError(chatwire.APIConnectionError, () => vexar.getHistory({ sessionId: 's' }))
  })
}
