'use strict'
// Every widget-key operation against the mock: chat, chatStream (raw SSE events), the alternative
// key header, and withOptions.

const { test, before, after, beforeEach } = require('node:test')
const assert = require('node:assert/strict')
const chatwire = require('chatwire')
const {
  T,
  REFUND,
  HOURS,
  MockServer,
  clients,
  collect,
  textOf,
  finalOf,
  requestsTo,
} = require('./helpers.js')

let mock, f, widgetkey

before(async () => {
  mock = await MockServer.start({ relaxedRateLimits: true })
  f = mock.fixtures
})
after(() => mock.stop())
beforeEach(() => {
  mock.reset()
  widgetkey = clients(mock).widgetkey
})

test('chat answers the whole reply and its conversation id', T, async () => {
  const reply = await widgetkey.chat({ sessionId: 'abc', message: 'refund' })
  assert.ok(reply.message.startsWith(REFUND))
  assert.equal(typeof reply.conversationId, 'string')
  assert.ok(reply.conversationId.length > 0)
  assert.deepEqual(reply.extra, {})
  const [sent] = requestsTo(mock, '/v1/chat')
  assert.equal(sent.headers['x-api-key'], f.widgetKey)
  assert.deepEqual(JSON.parse(sent.body), { sessionId: 'abc', message: 'refund' })
})

test('keyHeader x-widget-api-key carries the key in that header only', T, async () => {
  const client = new chatwire.WidgetKey({
    apiKey: f.widgetKey,
    keyHeader: 'x-widget-api-key',
    baseUrl: mock.baseUrl,
  })
  assert.equal((await client.chat({ sessionId: 'abc', message: 'hours' })).message, HOURS)
  const { headers } = requestsTo(mock, '/v1/chat')[0]
  assert.equal(headers['x-widget-api-key'], f.widgetKey)
  assert.equal(headers['x-api-key'], undefined)
})

test('chatStream yields the SSE events as sent: delta events, then done', T, async () => {
  const stream = widgetkey.chatStream({ sessionId: 'abc', message: 'hours' })
  assert.ok(stream instanceof chatwire.WidgetKeyChatStream)
  const events = await collect(stream)
  for (const event of events) {
    assert.deepEqual(Object.keys(event).sort(), ['data', 'event', 'lastEventId'])
    assert.equal(event.lastEventId, '')
  }
  const deltas = events.slice(0, -1)
  assert.ok(deltas.every((e) => e.event === 'delta'))
  assert.equal(deltas.map((e) => JSON.parse(e.data).content).join(''), HOURS)
  const done = events[events.length - 1]
  assert.equal(done.event, 'done')
  const payload = JSON.parse(done.data)
  assert.equal(payload.message, HOURS)
  assert.equal(typeof payload.conversationId, 'string')
  const [sent] = requestsTo(mock, '/v1/chat/stream')
  assert.equal(sent.method, 'POST')
  assert.equal(sent.headers['x-api-key'], f.widgetKey)
})

test('text(), finalMessage() and neutral()', T, async () => {
  assert.equal(await textOf(widgetkey.chatStream({ sessionId: 'abc', message: 'hours' })), HOURS)
  const final = await finalOf(widgetkey.chatStream({ sessionId: 'abc', message: 'hours' }))
  assert.equal(final.text, HOURS)
  assert.equal(typeof final.finish.conversationId, 'string')
  assert.ok(final.finish.conversationId.length > 0)
  const neutral = await collect(widgetkey.chatStream({ sessionId: 'abc', message: 'hours' }).neutral())
  const deltas = neutral.filter((e) => e.type === 'delta')
  assert.equal(deltas.map((e) => e.text).join(''), HOURS)
  const last = neutral[neutral.length - 1]
  assert.equal(last.type, 'finished')
  assert.equal(last.finish.conversationId, final.finish.conversationId, 'one conversation per session')
})

test('withOptions answers a new WidgetKey with its headers', T, async () => {
  const other = widgetkey.withOptions({ extraHeaders: { 'x-opt': 'o' }, timeout: 5000 })
  assert.ok(other instanceof chatwire.WidgetKey)
  await other.chat({ sessionId: 'abc', message: 'hi' })
  await textOf(other.chatStream({ sessionId: 'abc', message: 'hi' }))
  for (const path of ['/v1/chat', '/v1/chat/stream']) {
    assert.equal(requestsTo(mock, path)[0].headers['x-opt'], 'o', path)
  }
  await widgetkey.chat({ sessionId: 'abc', message: 'hi' })
  assert.equal(requestsTo(mock, '/v1/chat')[1].headers['x-opt'], undefined)
})
