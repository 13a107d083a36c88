'use strict'
// No key or JWT shows in what chatwire hands a program: an error's message, stack, inspect and
// JSON forms, nor the inspect form of a client, a stream or an answer. Each text is also printed,
// so that scripts/test's scan of every suite's output looks at it too.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const util = require('node:util')
const chatwire = require('chatwire')
const { T, MockServer, clients, failure, collectUntilError } = require('./helpers.js')

let mock, f, c

before(async () => {
  mock = await MockServer.start({ relaxedRateLimits: true })
  f = mock.fixtures
  c = clients(mock)
})
after(() => mock.stop())

/** Every fixture that is a credential: the keys and the JWTs. */
function secrets() {
  return Object.entries(f)
    .filter(([name]) => /Key$|Jwt/.test(name))
    .map(([, value]) => value)
}

/** The forms a program may print of `value`. */
function shown(value) {
  const forms = [util.inspect(value, { depth: 6, showHidden: true }), String(value)]
  if (value instanceof Error) forms.push(value.stack, JSON.stringify(value))
  return forms
}

/** Rejects with the error that ends `stream`. */
async function firstError(stream) {
  const { error } = await collectUntilError(stream)
  throw error
}

function assertNoSecret(label, value) {
  for (const text of shown(value)) {
    console.log(`${label}: ${text}`)
    for (const secret of secrets()) assert.ok(!text.includes(secret), `${label} shows a credential`)
  }
}

test('the fixture credentials are what this test looks for', T, () => {
  assert.ok(secrets().length >= 9, String(secrets().length))
})

test('errors of every kind show no credential', T, async () => {
  const revoked = new chatwire.Mevichat({ publicKey: f.mevichatRevokedKey, origin: f.origin, baseUrl: mock.baseUrl })
  const otherWorkspace = new chatwire.Mevichat({
    publicKey: f.mevichatPublicKey,
    origin: f.origin,
    exportToken: f.exportJwtOtherWorkspace,
    baseUrl: mock.baseUrl,
  })
  const badBearer = new chatwire.DevApi({ apiKey: `${f.devapiKey}x`, baseUrl: mock.baseUrl, maxRetries: 0 })
  const calls = {
    authentication: () => revoked.chatStream({ sessionId: f.seededSessionId, message: 'hi' }),
    permission: () => otherWorkspace.exportConversation({ sessionId: f.seededSessionId }),
    bearer: () => badBearer.chat({ message: 'hi' }),
    validation: () => c.widgetkey.chat({ sessionId: 'has space', message: 'hi' }),
    connection: () => {
      mock.pushFault({ fault: 'reset' })
      return c.vexar.getHistory({ sessionId: 's' })
    },
    timeout: () => {
      mock.pushFault({ fault: 'stall_before_headers', ms: 500 })
      return c.devapi.getUsage(undefined, { timeout: 100 })
    },
    ended: () => {
      mock.pushFault({ fault: 'close_after_events', events: 2 })
      return c.mevichat.chatStream({ sessionId: f.seededSessionId, message: 'hi' }).text()
    },
    decode: () => {
      mock.pushFault({ fault: 'malformed_json' })
      return firstError(c.devapi.chatStream({ message: 'hi' }))
    },
    aborted: () => c.widgetkey.chat({ sessionId: 's', message: 'hi' }, { signal: AbortSignal.abort() }),
  }
  for (const [label, call] of Object.entries(calls)) {
    const { error } = await failure(call)
    assert.ok(error instanceof chatwire.ChatwireError, `${label}: ${error}`)
    assertNoSecret(label, error)
  }
})

test('clients, streams and answers show no credential', T, async () => {
  for (const [name, client] of Object.entries(c)) assertNoSecret(`client ${name}`, client)
  const stream = c.mevichat.chatStream({ sessionId: f.seededSessionId, message: 'hi' })
  assertNoSecret('stream', stream)
  assertNoSecret('final message', await stream.finalMessage())
  assertNoSecret('export', await c.mevichat.exportConversation({ sessionId: f.seededSessionId }))
  assertNoSecret('chat answer', await c.devapi.chat({ message: 'hi' }))
})

test('raw answers, their views, an open stream\'s headers and a client with a logger show no credential', T, async () => {
  for (const [name, client] of Object.entries(c)) assertNoSecret(`${name}.withRawResponse`, client.withRawResponse)
  assertNoSecret('raw export', await c.mevichat.withRawResponse.exportConversation({ sessionId: f.seededSessionId }))
  assertNoSecret('raw usage', await c.devapi.withRawResponse.getUsage())
  const stream = c.vexar.chatStream({ sessionId: 's1', message: 'hi' })
  await stream.text()
  assertNoSecret('stream headers', { status: stream.status, headers: stream.headers, requestId: stream.requestId })
  const ignore = () => {}
  const logger = { debug: ignore, info: ignore, warn: ignore, error: ignore }
  assertNoSecret('client with a logger', new chatwire.DevApi({ apiKey: f.devapiKey, baseUrl: mock.baseUrl, logger, logLevel: 'info' }))
})
