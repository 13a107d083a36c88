'use strict'
// Client-side rate limits: with `rateLimit: 'wait'`, calls past a limit wait for a slot rather
// than draw a 429; a client's copies share its budget; every bad value of `rateLimit` and
// `rateLimits` is a ValidationError naming the option, before any request.

const { test, before, after, beforeEach } = require('node:test')
const assert = require('node:assert/strict')
const chatwire = require('chatwire')
const { T, MockServer, expectError, requestsTo, setRateLimits } = require('./helpers.js')

let mock, f

before(async () => {
  mock = await MockServer.start()
  f = mock.fixtures
})
after(() => mock.stop())
beforeEach(() => mock.reset())

/** A Mevichat client that exports, with these options. */
function exporter(options = {}) {
  return new chatwire.Mevichat({
    publicKey: f.mevichatPublicKey,
    origin: f.origin,
    exportToken: f.exportJwt,
    baseUrl: mock.baseUrl,
    maxRetries: 0,
    ...options,
  })
}

const EXPORT_PATH = () => `/api/conversations/${f.seededSessionId}/export.json`

/** The statuses the mock answered the exports with. */
const exportStatuses = () => requestsTo(mock, EXPORT_PATH()).map((r) => r.status)

test("rateLimit 'wait': more exports than the limit take at least one window, and none is refused", T, async () => {
  await setRateLimits(mock, { mevichat_export: { limit: 3, window_ms: 500 } })
  const client = exporter({ rateLimit: 'wait', rateLimits: { exportConversation: { requests: 3, perMs: 500 } } })
  const started = Date.now()
  const exports = await Promise.all(
    Array.from({ length: 7 }, () => client.exportConversation({ sessionId: f.seededSessionId })),
  )
  const elapsed = Date.now() - started
  assert.equal(exports.length, 7)
  // 7 calls at 3 per window: the last goes out in the third window.
  assert.ok(elapsed >= 1000, `7 exports in ${elapsed} ms`)
  assert.deepEqual(exportStatuses(), Array(7).fill(200))
})

test('without rateLimit, the same calls draw a 429 from the server', T, async () => {
  await setRateLimits(mock, { mevichat_export: { limit: 3, window_ms: 500 } })
  const client = exporter()
  const results = await Promise.allSettled(
    Array.from({ length: 5 }, () => client.exportConversation({ sessionId: f.seededSessionId })),
  )
  const refused = results.filter((r) => r.status === 'rejected')
  assert.ok(refused.length >= 1)
  for (const { reason } of refused) assert.ok(reason instanceof chatwire.RateLimitError, reason.message)
  assert.ok(exportStatuses().includes(429))
})

test("a client's copies share its budget; the spec's snake_case name is taken too", T, async () => {
  await setRateLimits(mock, { mevichat_export: { limit: 3, window_ms: 500 } })
  const client = exporter({ rateLimit: 'wait', rateLimits: { export_conversation: { requests: 3, perMs: 500 } } })
  const copy = client.withOptions({ timeout: 10000 })
  const started = Date.now()
  await Promise.all(
    Array.from({ length: 6 }, (_, i) => (i % 2 ? copy : client).exportConversation({ sessionId: f.seededSessionId })),
  )
  const elapsed = Date.now() - started
  assert.ok(elapsed >= 500, `6 exports through two copies in ${elapsed} ms`)
  assert.deepEqual(exportStatuses(), Array(6).fill(200))
})

test("'*' limits every call of a client, on each of the four", T, async () => {
  const limited = { baseUrl: mock.baseUrl, maxRetries: 0, rateLimit: 'wait', rateLimits: { '*': { requests: 2, perMs: 300 } } }
  const mevichat = exporter(limited)
  const vexar = new chatwire.Vexar({ siteKey: f.vexarSiteKey, ...limited })
  const devapi = new chatwire.DevApi({ apiKey: f.devapiKey, ...limited })
  const widgetkey = new chatwire.WidgetKey({ apiKey: f.widgetKey, ...limited })
  const calls = {
    mevichat: () => mevichat.exportConversation({ sessionId: f.seededSessionId }),
    vexar: () => vexar.getBlockStatus({ sessionId: 's1' }),
    devapi: () => devapi.getUsage(),
    widgetkey: () => widgetkey.chat({ sessionId: 's1', message: 'hi' }),
  }
  for (const [name, call] of Object.entries(calls)) {
    const started = Date.now()
    for (let i = 0; i < 3; i++) await call()
    const elapsed = Date.now() - started
    assert.ok(elapsed >= 300, `${name}: 3 calls at 2 per 300 ms in ${elapsed} ms`)
  }
})

test('bad rateLimit and rateLimits values are ValidationErrors naming the option, on every client', T, () => {
  const makers = [
    (o) => new chatwire.Mevichat({ publicKey: f.mevichatPublicKey, origin: f.origin, baseUrl: mock.baseUrl, ...o }),
    (o) => new chatwire.Vexar({ siteKey: f.vexarSiteKey, baseUrl: mock.baseUrl, ...o }),
    (o) => new chatwire.DevApi({ apiKey: f.devapiKey, baseUrl: mock.baseUrl, ...o }),
    (o) => new chatwire.WidgetKey({ apiKey: f.widgetKey, baseUrl: mock.baseUrl, ...o }),
  ]
  const wait = (rateLimits) => ({ rateLimit: 'wait', rateLimits })
  const bad = [
    [{ rateLimit: 'sometimes' }, 'rateLimit', /'wait' or 'off'/],
    [{ rateLimit: true }, 'rateLimit', /must be a string/],
    [wait([]), 'rateLimits', /plain object/],
    [wait({ '*': 30 }), 'rateLimits', /requests, perMs/],
    [wait({ '*': { requests: 0, perMs: 1000 } }), 'rateLimits', /at least one request/],
    [wait({ '*': { requests: 1.5, perMs: 1000 } }), 'rateLimits', /\*\.requests: must be a whole number/],
    [wait({ '*': { requests: 1, perMs: 0 } }), 'rateLimits', /\*\.perMs: must be a positive number/],
    [wait({ '*': { requests: 1, perMs: '1000' } }), 'rateLimits', /\*\.perMs: must be a number/],
    [wait({ '*': { requests: 1 } }), 'rateLimits', /\*\.perMs: is required/],
    [wait({ '*': { requests: 1, per: 1000 } }), 'rateLimits', /unknown key "per"/],
    [wait({ noSuchCall: { requests: 1, perMs: 1000 } }), 'rateLimits', /"noSuchCall" is not an operation of this API; known: (chat, )?chatStream, /],
    [{ rateLimits: { '*': { requests: 1, perMs: 1000 } } }, 'rateLimits', /apply only with rateLimit/],
  ]
  for (const make of makers) {
    for (const [options, field, message] of bad) {
      const label = JSON.stringify(options)
      assert.throws(
        () => make(options),
        (error) => {
          assert.ok(error instanceof chatwire.ValidationError, `${label}: ${error}`)
          assert.equal(error.field, field, label)
          assert.match(error.message, message, label)
          assert.doesNotMatch(error.message, /\b[a-z][a-z0-9]*_[a-z0-9_]+\b/, `${label}: JS names, not the spec's`)
          return true
        },
      )
    }
    // What is well-formed builds.
    make({ rateLimit: 'off' })
    make({ rateLimit: 'wait', rateLimits: { '*': { requests: 10, perMs: 1000 } } })
  }
  assert.deepEqual(mock.requests(), [])
})

test('an operation of another API is refused with the operations this one has', T, async () => {
  const error = await expectError(chatwire.ValidationError, () =>
    new chatwire.DevApi({ apiKey: f.devapiKey, rateLimit: 'wait', rateLimits: { exportConversation: { requests: 1, perMs: 1 } } }),
  )
  assert.equal(error.field, 'rateLimits')
  assert.match(error.message, /"exportConversation" is not an operation of this API; known: chat, chatStream, getUsage, listSessions/)
})
