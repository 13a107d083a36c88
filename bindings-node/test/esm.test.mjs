// The ES module face of chatwire: named and default imports of 'chatwire' and 'chatwire/testing'
// are the very objects require() answers, and they work.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
// Each name must resolve, or this module fails to link: the named-import form works for all.
import chatwireDefault, {
  Mevichat,
  Vexar,
  DevApi,
  WidgetKey,
  MevichatChatStream,
  VexarChatStream,
  DevApiChatStream,
  WidgetKeyChatStream,
  ChatwireError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  RateLimitError,
  InternalServerError,
  RedirectError,
  APIConnectionError,
  APITimeoutError,
  StreamIdleTimeoutError,
  StreamEndedError,
  DecodeError,
  ValidationError,
  APIUserAbortError,
} from 'chatwire'
import * as chatwireNamespace from 'chatwire'
import testingDefault, { MockServer } from 'chatwire/testing'

const require = createRequire(import.meta.url)
const cjs = require('chatwire')
const cjsTesting = require('chatwire/testing')

const T = { timeout: 20000 }

test('every named export of chatwire is the CommonJS export', T, () => {
  const named = Object.keys(chatwireNamespace).filter((name) => name !== 'default')
  assert.deepEqual(named.sort(), Object.keys(cjs).sort(), 'the same names')
  for (const name of named) {
    // The code constants (`MevichatErrorCode`, `MevichatFinishReason` …) are frozen objects.
    const kind = name === 'VERSION' ? 'string' : /(Code|Reason)$/.test(name) ? 'object' : 'function'
    assert.equal(typeof chatwireNamespace[name], kind, name)
    assert.equal(chatwireNamespace[name], cjs[name], name)
  }
  assert.equal(chatwireDefault, cjs, 'the default export is the CommonJS module')
})

test('chatwire/testing exports the CommonJS MockServer', T, () => {
  assert.equal(typeof MockServer, 'function')
  assert.equal(MockServer, cjsTesting.MockServer)
  assert.equal(testingDefault, cjsTesting)
})

test('the ES module exports work: a call, a stream, and an error class', T, async () => {
  const mock = await MockServer.start({ relaxedRateLimits: true })
  try {
    const f = mock.fixtures
    const client = new Mevichat({ publicKey: f.mevichatPublicKey, origin: f.origin, baseUrl: mock.baseUrl, maxRetries: 0 })
    assert.ok(client instanceof cjs.Mevichat)
    assert.equal((await client.getWidgetConfig()).bot.name, 'Support')
    const stream = client.chatStream({ sessionId: f.seededSessionId, message: 'hours' })
    assert.ok(stream instanceof MevichatChatStream)
    const events = []
    for await (const event of stream) events.push(event)
    assert.equal(events[0].type, 'meta')
    assert.equal(events[events.length - 1].type, 'done')
    const revoked = new Mevichat({ publicKey: f.mevichatRevokedKey, origin: f.origin, baseUrl: mock.baseUrl, maxRetries: 0 })
    await assert.rejects(revoked.getWidgetConfig(), (error) => {
      assert.ok(error instanceof AuthenticationError)
      assert.ok(error instanceof cjs.APIError)
      assert.ok(error instanceof ChatwireError)
      assert.equal(error.status, 401)
      assert.equal(error.code, 'invalid_api_key')
      return true
    })
    assert.throws(() => new Vexar({ siteKey: f.vexarSiteKey }), ValidationError)
  } finally {
    mock.stop()
  }
})
