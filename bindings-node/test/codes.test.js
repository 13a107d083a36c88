'use strict'
// The code constants (`MevichatErrorCode`, `MevichatFinishReason` …): frozen, built from the
// core's enums, and declared in codes.d.ts with exactly the same values, as a union and as a
// constant; the errors and events the mock causes carry those values.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const chatwire = require('chatwire')
const native = require('../native.js')
const { T, MockServer, clients, collect, expectError } = require('./helpers.js')

const DECLARED = fs.readFileSync(path.join(__dirname, '..', 'codes.d.ts'), 'utf8')
const CONSTANTS = ['ChatwireErrorCode', ...Object.keys(native.__knownCodes())]

/** The string literals of `export type NAME = | 'a' | 'b' | (string & {})`. */
function unionValues(name) {
  const union = new RegExp(`^export type ${name} =\\n((?:  \\| .*\\n)+)`, 'm').exec(DECLARED)
  assert.ok(union, `codes.d.ts declares the type ${name}`)
  return [...union[1].matchAll(/\| '([^']*)'/g)].map((m) => m[1])
}

/** The `readonly KEY: 'value'` entries of `export declare const NAME: { … }`. */
function constantEntries(name) {
  const body = new RegExp(`^export declare const ${name}: \\{\\n([\\s\\S]*?)^\\}`, 'm').exec(DECLARED)
  assert.ok(body, `codes.d.ts declares the constant ${name}`)
  return Object.fromEntries([...body[1].matchAll(/readonly (\w+): '([^']*)'/g)].map((m) => [m[1], m[2]]))
}

test('each code constant is frozen, and holds what the core knows', T, () => {
  const known = native.__knownCodes()
  for (const name of CONSTANTS) {
    const constant = chatwire[name]
    assert.ok(Object.isFrozen(constant), name)
    if (name in known) assert.deepEqual(Object.values(constant), known[name], name)
    for (const [key, value] of Object.entries(constant)) assert.match(key, /^[A-Z][A-Z0-9_]*$/, `${name}.${key} = ${value}`)
  }
  assert.equal(chatwire.MevichatErrorCode.RATE_LIMITED, 'rate_limited')
  assert.equal(chatwire.WidgetKeyErrorCode.TOO_MANY_REQUESTS, 'Too many requests')
  assert.equal(chatwire.MevichatFinishReason.STOP, 'stop')
  assert.throws(() => {
    'use strict'
    chatwire.DevApiErrorCode.RATE_LIMITED = 'x'
  }, TypeError)
})

test('codes.d.ts declares each constant with the same values, as a union and an object', T, () => {
  for (const name of CONSTANTS) {
    const values = Object.values(chatwire[name])
    assert.deepEqual(unionValues(name), values, `the union ${name}`)
    assert.deepEqual(constantEntries(name), { ...chatwire[name] }, `the constant ${name}`)
  }
  // Every code chatwire raises itself is in ChatwireErrorCode.
  for (const code of ['validation_error', 'timeout', 'stream_deadline', 'stream_idle_timeout', 'aborted']) {
    assert.ok(Object.values(chatwire.ChatwireErrorCode).includes(code), code)
  }
})

test('errors and events carry the documented codes', T, async () => {
  const mock = await MockServer.start({ relaxedRateLimits: true })
  try {
    const f = mock.fixtures
    const c = clients(mock)
    const revoked = new chatwire.Mevichat({ publicKey: f.mevichatRevokedKey, origin: f.origin, baseUrl: mock.baseUrl, maxRetries: 0 })
    const error = await expectError(chatwire.AuthenticationError, () => revoked.getWidgetConfig())
    assert.equal(error.code, chatwire.MevichatErrorCode.INVALID_API_KEY)
    const vexar = new chatwire.Vexar({ siteKey: 'vx_unknown', baseUrl: mock.baseUrl, maxRetries: 0 })
    const vexarError = await expectError(chatwire.AuthenticationError, () => vexar.getHistory({ sessionId: 's' }))
    assert.equal(vexarError.code, chatwire.VexarErrorCode.INVALID_SITE_KEY)
    const widget = new chatwire.WidgetKey({ apiKey: 'wk_unknown', baseUrl: mock.baseUrl, maxRetries: 0 })
    const widgetError = await expectError(chatwire.AuthenticationError, () => widget.chat({ sessionId: 's', message: 'hi' }))
    assert.equal(widgetError.code, chatwire.WidgetKeyErrorCode.UNAUTHORIZED)

    const done = (await collect(c.mevichat.chatStream({ sessionId: f.seededSessionId, message: 'hours' }))).at(-1)
    assert.equal(done.finishReason, chatwire.MevichatFinishReason.STOP)
    const quota = new chatwire.Mevichat({ publicKey: f.mevichatQuotaKey, origin: f.origin, baseUrl: mock.baseUrl, maxRetries: 0 })
    const events = await collect(quota.chatStream({ sessionId: f.seededSessionId, message: 'hours' }))
    const failed = events.find((event) => event.type === 'error')
    assert.equal(failed.code, chatwire.MevichatStreamErrorCode.QUOTA_EXCEEDED)
    assert.equal(events.at(-1).finishReason, chatwire.MevichatFinishReason.QUOTA_EXCEEDED)
  } finally {
    mock.stop()
  }
})
