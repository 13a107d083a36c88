'use strict'
// Every Mevichat operation against the mock: chatStream (events, text, finalMessage, neutral),
// getWidgetConfig, exportConversation, headers and withOptions.

const { test, before, after, beforeEach } = require('node:test')
const assert = require('node:assert/strict')
const chatwire = require('chatwire')
const {
  T,
  REFUND,
  CANADA,
  HOURS,
  MockServer,
  clients,
  mevichatClient,
  collect,
  textOf,
  finalOf,
  requestsTo,
} = require('./helpers.js')

const CHAT = '/api/chat/'
let mock, f, mevichat

before(async () => {
  mock = await MockServer.start({ relaxedRateLimits: true })
  f = mock.fixtures
})
after(() => mock.stop())
beforeEach(() => {
  mock.reset()
  mevichat = clients(mock).mevichat
})

test('chatStream answers a stream at once, and its events in order with typed fields', T, async () => {
  const stream = mevichat.chatStream({ sessionId: f.seededSessionId, message: 'refund policy' })
  assert.ok(stream instanceof chatwire.MevichatChatStream)
  assert.equal(typeof stream.then, 'undefined', 'a stream, not a promise')
  const events = await collect(stream)
  const [first, last] = [events[0], events[events.length - 1]]
  assert.equal(first.type, 'meta')
  assert.equal(first.sessionId, f.seededSessionId)
  assert.equal(typeof first.messageId, 'number')
  assert.ok(Number.isInteger(first.messageId))
  const tokens = events.filter((e) => e.type === 'token')
  assert.equal(tokens.length, events.length - 2)
  for (const token of tokens) assert.equal(typeof token.text, 'string')
  assert.ok(tokens.map((t) => t.text).join('').startsWith(REFUND))
  assert.equal(last.type, 'done')
  assert.equal(last.finishReason, 'stop')
  assert.equal(last.model, f.model)
  assert.equal(last.tokensOut, tokens.length)
  assert.equal(last.tokensIn, 2, 'two words sent')
  assert.equal(typeof last.latencyMs, 'number')

  const [sent] = requestsTo(mock, CHAT)
  assert.equal(sent.method, 'POST')
  assert.equal(sent.headers.origin, f.origin)
  assert.equal(sent.outcome, 'complete')
  assert.equal(sent.events_sent, events.length)
  const body = JSON.parse(sent.body)
  assert.equal(body.public_key, f.mevichatPublicKey)
  assert.equal(body.message, 'refund policy')
  assert.equal(body.session_id, f.seededSessionId)
})

test('text() and finalMessage() read the whole reply', T, async () => {
  const text = await textOf(mevichat.chatStream({ sessionId: f.seededSessionId, message: 'refund' }))
  assert.ok(text.startsWith(REFUND))
  const final = await finalOf(
    mevichat.chatStream({ sessionId: f.seededSessionId, message: 'refund' }),
  )
  assert.equal(final.text, text)
  assert.match(final.messageId, /^\d+$/)
  assert.equal(final.blockedReason, undefined)
  assert.equal(final.finish.finishReason, 'stop')
  assert.equal(final.finish.model, f.model)
  assert.deepEqual(final.finish.usage, { tokensIn: 1, tokensOut: text.split(' ').filter(Boolean).length })
  assert.equal(typeof final.finish.latencyMs, 'number')
})

test('text() after a partial iteration is refused: events already handed out would be missing', T, async () => {
  const stream = mevichat.chatStream({ sessionId: f.seededSessionId, message: 'hours' })
  const iterator = stream[Symbol.asyncIterator]()
  assert.equal((await iterator.next()).value.type, 'meta')
  await assert.rejects(stream.text(), (error) => error instanceof chatwire.ValidationError && error.field === 'stream')
  await assert.rejects(stream.finalMessage(), chatwire.ValidationError)
  assert.deepEqual((await iterator.next()).value, { type: 'token', text: 'Our ', extra: {} })
  await iterator.return()
})

test('neutral() yields provider-neutral events', T, async () => {
  const stream = mevichat.chatStream({ sessionId: f.seededSessionId, message: 'refund' })
  const events = await collect(stream.neutral())
  const [first, last] = [events[0], events[events.length - 1]]
  assert.equal(first.type, 'started')
  assert.equal(first.sessionId, f.seededSessionId)
  assert.match(first.messageId, /^\d+$/)
  const deltas = events.filter((e) => e.type === 'delta')
  assert.equal(deltas.length, events.length - 2)
  assert.ok(deltas.map((d) => d.text).join('').startsWith(REFUND))
  assert.equal(last.type, 'finished')
  assert.equal(last.finish.finishReason, 'stop')
  assert.equal(last.finish.usage.tokensOut, deltas.length)
})

test('a blocked message: blocked event, fallback text, neutral blocked', T, async () => {
  const s = f.seededSessionId
  const events = await collect(mevichat.chatStream({ sessionId: s, message: `a ${f.blockedWord} x` }))
  assert.deepEqual(
    events.map((e) => e.type),
    ['meta', 'blocked', 'done'],
  )
  assert.deepEqual(events[1], {
    type: 'blocked',
    reason: 'blocked_pattern',
    fallback: "I can't help with that.",
    extra: {},
  })
  assert.equal(events[2].finishReason, 'blocked')
  const final = await finalOf(
    mevichat.chatStream({ sessionId: s, message: f.blockedWord.toUpperCase() }),
  )
  assert.equal(final.text, "I can't help with that.")
  assert.equal(final.blockedReason, 'blocked_pattern')
  assert.equal(
    await textOf(mevichat.chatStream({ sessionId: s, message: f.blockedWord })),
    "I can't help with that.",
  )
  const neutral = await collect(mevichat.chatStream({ sessionId: s, message: f.blockedWord }).neutral())
  assert.deepEqual(
    neutral.map((e) => e.type),
    ['started', 'blocked', 'finished'],
  )
  assert.equal(neutral[1].reason, 'blocked_pattern')
  assert.equal(neutral[1].fallback, "I can't help with that.")
})

test('in-stream errors are error events: quota_exceeded and provider_auth_failed', T, async () => {
  const s = f.seededSessionId
  const quota = mevichatClient(mock, { publicKey: f.mevichatQuotaKey })
  const events = await collect(quota.chatStream({ sessionId: s, message: 'hi' }))
  assert.deepEqual(
    events.map((e) => e.type),
    ['meta', 'error', 'done'],
  )
  const error = events[1]
  assert.equal(error.code, 'quota_exceeded')
  assert.equal(error.plan, 'free')
  assert.equal(error.used, 100)
  assert.equal(error.cap, 100)
  assert.equal(typeof error.message, 'string')
  assert.deepEqual(error.extra, {})
  assert.equal(events[2].finishReason, 'quota_exceeded')
  const neutral = await collect(quota.chatStream({ sessionId: s, message: 'hi' }).neutral())
  const failed = neutral.find((e) => e.type === 'failed')
  assert.equal(failed.code, 'quota_exceeded')
  assert.equal(typeof failed.message, 'string')

  const llm = mevichatClient(mock, { publicKey: f.mevichatLlmErrorKey })
  const llmEvents = await collect(llm.chatStream({ sessionId: s, message: 'hi' }))
  assert.equal(llmEvents[1].type, 'error')
  assert.equal(llmEvents[1].code, 'provider_auth_failed')
  assert.equal(llmEvents[2].type, 'done')
  assert.equal(llmEvents[2].finishReason, 'error')
})

test('getWidgetConfig answers the typed configuration, then serves it from its cache', T, async () => {
  const config = await mevichat.getWidgetConfig()
  const bot = config.bot
  assert.equal(bot.name, 'Support')
  assert.equal(bot.welcomeMessage, 'Hi! How can I help?')
  assert.equal(bot.primaryColor, '#4F46E5')
  assert.equal(bot.position, 'right')
  assert.equal(bot.themeMode, 'light')
  assert.equal(bot.fontFamily, 'Inter')
  assert.equal(bot.borderRadius, 12)
  assert.equal(bot.logoUrl, 'https://cdn.example.com/logo.png')
  assert.deepEqual(bot.quickReplies, ['Talk to a human', 'Return an item'])
  assert.deepEqual(bot.customCssVars, { '--mvc-bg': '#ffffff' })
  assert.deepEqual(bot.extra, {})
  const logged = requestsTo(mock, '/api/widget/config/')
  assert.equal(logged.length, 1)
  assert.equal(logged[0].method, 'GET')
  assert.ok(logged[0].query.includes(f.mevichatPublicKey))
  assert.equal(logged[0].headers.origin, f.origin)
  // Cached per max-age: a second call sends nothing, even with a fault queued.
  mock.pushFault({ fault: 'status', status: 500 })
  assert.equal((await mevichat.getWidgetConfig()).bot.name, 'Support')
  assert.equal(requestsTo(mock, '/api/widget/config/').length, 1)
})

test('exportConversation answers the typed transcript, which grows with each chat', T, async () => {
  const s = f.seededSessionId
  const seeded = await mevichat.exportConversation({ sessionId: s })
  assert.equal(seeded.fileName, `session-${s}.json`)
  assert.equal(seeded.session.id, s)
  assert.equal(seeded.session.botSlug, 'support')
  assert.equal(seeded.session.visitorId, 'user-1842')
  assert.deepEqual(seeded.session.visitorMetadata, { plan: 'enterprise' })
  assert.equal(typeof seeded.session.startedAt, 'string')
  assert.deepEqual(
    seeded.messages.map((m) => m.role),
    ['user', 'assistant'],
  )
  const answer = seeded.messages[1]
  assert.equal(answer.content, REFUND)
  assert.equal(answer.rating, 'up')
  assert.equal(answer.model, f.model)
  assert.equal(answer.tokensIn, 184)
  assert.equal(answer.tokensOut, 47)
  assert.equal(answer.latencyMs, 1823)
  assert.equal(answer.status, 'done')
  assert.deepEqual(answer.ragChunksUsed, [41, 42])
  assert.deepEqual(answer.toolsCalled, [])
  assert.equal(typeof answer.id, 'string')

  await textOf(mevichat.chatStream({ sessionId: s, message: 'Do you ship to Canada?' }))
  const after = await mevichat.exportConversation({ sessionId: s })
  assert.equal(after.messages.length, 4)
  assert.equal(after.messages[2].content, 'Do you ship to Canada?')
  assert.ok(after.messages[3].content.startsWith(CANADA))
  const [sent] = requestsTo(mock, `/api/conversations/${s}/export.json`)
  assert.equal(sent.headers.authorization, `Bearer ${f.exportJwt}`)
})

test('visitor fields and extraHeaders are sent', T, async () => {
  await textOf(
    mevichat.chatStream(
      {
        sessionId: f.seededSessionId,
        message: 'hi',
        visitorId: 'v-9',
        visitorMetadata: { plan: 'pro', n: 3 },
      },
      { extraHeaders: { 'x-test': 'yes' } },
    ),
  )
  const [sent] = requestsTo(mock, CHAT)
  const body = JSON.parse(sent.body)
  assert.equal(body.visitor_id, 'v-9')
  assert.deepEqual(body.visitor_metadata, { plan: 'pro', n: 3 })
  assert.equal(sent.headers['x-test'], 'yes')
})

test('withOptions answers a new Mevichat whose calls carry its settings over the defaults', T, async () => {
  const client = mevichatClient(mock, { defaultHeaders: { 'x-default': 'd' } })
  const other = client.withOptions({ extraHeaders: { 'x-opt': 'o' }, maxRetries: 1 })
  assert.ok(other instanceof chatwire.Mevichat)
  assert.notEqual(other, client)
  mock.pushFault({ fault: 'status', status: 502, retryAfterMs: 10 })
  const config = await other.getWidgetConfig({ extraHeaders: { 'x-call': 'c' } })
  assert.equal(config.bot.name, 'Support')
  const logged = requestsTo(mock, '/api/widget/config/')
  assert.deepEqual(
    logged.map((r) => r.status),
    [502, 200],
    'withOptions({ maxRetries: 1 }) retried once',
  )
  const headers = logged[1].headers
  assert.equal(headers['x-default'], 'd')
  assert.equal(headers['x-opt'], 'o')
  assert.equal(headers['x-call'], 'c')
  // The original client is unchanged: no x-opt, and no retry.
  await textOf(client.chatStream({ sessionId: f.seededSessionId, message: 'hi' }))
  const chat = requestsTo(mock, CHAT)[0]
  assert.equal(chat.headers['x-default'], 'd')
  assert.equal(chat.headers['x-opt'], undefined)
  mock.pushFault({ fault: 'status', status: 502 })
  await assert.rejects(
    textOf(client.chatStream({ sessionId: f.seededSessionId, message: 'hi' })),
    chatwire.InternalServerError,
  )
})

test('concurrent streams each get their own reply', T, async () => {
  const one = (message) =>
    textOf(mevichat.chatStream({ sessionId: f.seededSessionId, message }))
  const texts = await Promise.all([one('refund'), one('hours'), one('shipping to Canada')])
  assert.ok(texts[0].startsWith(REFUND))
  assert.equal(texts[1], HOURS)
  assert.ok(texts[2].startsWith(CANADA))
  assert.equal(requestsTo(mock, CHAT).length, 3)
})

test('a stream iterates once: a second loop, after the first, is a ValidationError', T, async () => {
  const stream = mevichat.chatStream({ sessionId: f.seededSessionId, message: 'hi' })
  assert.ok((await collect(stream)).length > 2)
  const refused = (error) =>
    error instanceof chatwire.ValidationError && error.field === 'stream' && /already being read/.test(error.message)
  await assert.rejects(collect(stream), refused)
  await assert.rejects(collect(stream.neutral()), refused)
  assert.equal(requestsTo(mock, CHAT).length, 1)
})

test('the message limit is 4000 characters, not bytes', T, async () => {
  const text = await textOf(
    mevichat.chatStream({ sessionId: f.seededSessionId, message: 'é'.repeat(4000) }),
  )
  assert.ok(text.length > 0)
  const [sent] = requestsTo(mock, CHAT)
  assert.equal(JSON.parse(sent.body).message.length, 4000)
})
