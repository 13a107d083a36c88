'use strict'
// Every Developer API operation against the mock: chat, chatStream, getUsage, listSessions,
// sessions, and withOptions.

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

const CHAT = '/api/v1/chat'
const SESSIONS = '/api/v1/sessions'
let mock, f, devapi

before(async () => {
  mock = await MockServer.start({ relaxedRateLimits: true })
  f = mock.fixtures
})
after(() => mock.stop())
beforeEach(() => {
  mock.reset()
  devapi = clients(mock).devapi
})

test('chat answers the whole reply in its session, or in a new one', T, async () => {
  const reply = await devapi.chat({ message: 'refund please', sessionId: 'sess_9Rna21' })
  assert.equal(reply.success, true)
  assert.equal(reply.sessionId, 'sess_9Rna21')
  assert.ok(reply.content.startsWith(REFUND))
  assert.deepEqual(reply.extra, {})
  const [sent] = requestsTo(mock, CHAT)
  assert.equal(sent.headers.authorization, `Bearer ${f.devapiKey}`)
  const body = JSON.parse(sent.body)
  assert.equal(body.message, 'refund please')
  assert.equal(body.session_id, 'sess_9Rna21')
  assert.notEqual(body.stream, true)
  const fresh = await devapi.chat({ message: 'hi' })
  assert.match(fresh.sessionId, /^sess_[A-Za-z0-9]{6}$/)
})

test('chatStream: message events, then end with the session id', T, async () => {
  const stream = devapi.chatStream({ message: 'hours?' })
  assert.ok(stream instanceof chatwire.DevApiChatStream)
  const events = await collect(stream)
  const messages = events.filter((e) => e.type === 'message')
  assert.equal(messages.length, events.length - 1)
  assert.equal(messages.map((m) => m.content).join(''), HOURS)
  const end = events[events.length - 1]
  assert.equal(end.type, 'end')
  assert.match(end.sessionId, /^sess_/)
  assert.equal(JSON.parse(requestsTo(mock, CHAT)[0].body).stream, true)
})

test('text(), finalMessage() and neutral()', T, async () => {
  assert.equal(await textOf(devapi.chatStream({ message: 'hours?', sessionId: 'sess_x' })), HOURS)
  const final = await finalOf(devapi.chatStream({ message: 'hours?', sessionId: 'sess_x' }))
  assert.equal(final.text, HOURS)
  assert.equal(final.finish.sessionId, 'sess_x')
  const neutral = await collect(devapi.chatStream({ message: 'hours?' }).neutral())
  assert.equal(
    neutral
      .filter((e) => e.type === 'delta')
      .map((e) => e.text)
      .join(''),
    HOURS,
  )
  const last = neutral[neutral.length - 1]
  assert.equal(last.type, 'finished')
  assert.match(last.finish.sessionId, /^sess_/)
})

test('getUsage counts what was sent, in all and by model', T, async () => {
  await devapi.chat({ message: 'one two' })
  for (let i = 0; i < 2; i++) await devapi.chat({ message: `a b ${i}`, sessionId: `sess_${i}` })
  const usage = await devapi.getUsage()
  assert.equal(usage.success, true)
  assert.equal(usage.usage.totalRequests, 3)
  assert.equal(usage.usage.totalInputTokens, 2 + 3 + 3)
  assert.ok(usage.usage.totalOutputTokens > 0)
  assert.equal(
    usage.usage.totalTokens,
    usage.usage.totalInputTokens + usage.usage.totalOutputTokens,
  )
  assert.equal(typeof usage.usage.totalCost, 'number')
  assert.equal(usage.byModel.length, 1)
  assert.equal(usage.byModel[0].model, f.model)
  assert.deepEqual(usage.byModel[0].usage, usage.usage)
  const later = await devapi.getUsage({ startDate: '2999-01-01' })
  assert.equal(later.usage.totalRequests, 0)
  const logged = requestsTo(mock, '/api/v1/usage')
  assert.equal(logged.length, 2)
  assert.match(logged[1].query, /start_date=2999-01-01/)
})

test('listSessions pages the sessions, newest first, with their messages on request', T, async () => {
  for (let i = 0; i < 5; i++) await devapi.chat({ message: `message ${i}`, sessionId: `sess_${i}` })
  const first = await devapi.listSessions({ perPage: 2 })
  assert.equal(first.success, true)
  assert.deepEqual(
    first.sessions.map((s) => s.sessionId),
    ['sess_4', 'sess_3'],
  )
  assert.deepEqual(first.meta, { currentPage: 1, perPage: 2, hasMore: true, extra: {} })
  assert.equal(first.sessions[0].messages, undefined)
  assert.ok(first.sessions[0].totalTokens > 0)
  assert.equal(typeof first.sessions[0].lastAt, 'string')
  assert.equal(typeof first.sessions[0].preview, 'string')
  const last = await devapi.listSessions({ perPage: 2, page: 3, includeAll: true })
  assert.deepEqual(
    last.sessions.map((s) => s.sessionId),
    ['sess_0'],
  )
  assert.equal(last.meta.hasMore, false)
  assert.equal(last.meta.currentPage, 3)
  const messages = last.sessions[0].messages
  assert.equal(messages[0].role, 'user')
  assert.equal(messages[0].content, 'message 0')
  assert.equal(messages[1].role, 'assistant')
  // No params at all: the default page.
  const all = await devapi.listSessions()
  assert.equal(all.sessions.length, 5)
  assert.equal(all.meta.perPage, 20)
})

/** The `page` query of each `GET /api/v1/sessions` the mock saw, in order. */
function pagesRequested() {
  return requestsTo(mock, SESSIONS).map((r) => new URLSearchParams(r.query).get('page'))
}

test('sessions() yields every session across pages, fetching each page when the loop needs it', T, async () => {
  for (let i = 0; i < 5; i++) await devapi.chat({ message: `message ${i}`, sessionId: `sess_${i}` })
  const sessions = devapi.sessions({ perPage: 2 })
  assert.ok(sessions instanceof chatwire.DevApiSessionIterator)
  // Nothing is fetched before the first read.
  assert.deepEqual(pagesRequested(), [])
  const seen = []
  for await (const session of sessions) {
    seen.push(session.sessionId)
    // Page n is asked for only when its first session is read.
    assert.equal(pagesRequested().length, Math.ceil(seen.length / 2), `after ${seen.length} sessions`)
  }
  assert.deepEqual(seen, ['sess_4', 'sess_3', 'sess_2', 'sess_1', 'sess_0'])
  // Page 3 said has_more: false, so no page 4 was asked for.
  assert.deepEqual(pagesRequested(), ['1', '2', '3'])
  for (const r of requestsTo(mock, SESSIONS)) assert.match(r.query, /per_page=2/)
})

test('sessions(): break stops the pages; the params and options apply to each page', T, async () => {
  for (let i = 0; i < 5; i++) await devapi.chat({ message: `message ${i}`, sessionId: `sess_${i}` })
  const seen = []
  for await (const session of devapi.sessions({ perPage: 2, page: 2, includeAll: true }, { extraHeaders: { 'x-page': 'y' } })) {
    seen.push(session)
    if (seen.length === 3) break
  }
  assert.deepEqual(
    seen.map((s) => s.sessionId),
    ['sess_2', 'sess_1', 'sess_0'],
  )
  assert.equal(seen[0].messages[0].content, 'message 2')
  assert.deepEqual(pagesRequested(), ['2', '3'])
  for (const r of requestsTo(mock, SESSIONS)) {
    assert.match(r.query, /include_all=true/)
    assert.equal(r.headers['x-page'], 'y')
  }

  const early = []
  for await (const session of devapi.sessions({ perPage: 2 })) {
    early.push(session.sessionId)
    break
  }
  assert.deepEqual(early, ['sess_4'])
  assert.deepEqual(pagesRequested(), ['2', '3', '1'], 'one page for one session, then no more')
})

test('sessions(): no session is an empty loop after one page; a failed page rejects the loop', T, async () => {
  const none = []
  for await (const session of devapi.sessions()) none.push(session)
  assert.deepEqual(none, [])
  assert.deepEqual(pagesRequested(), ['1'])

  await devapi.chat({ message: 'one', sessionId: 'sess_x' })
  mock.pushFault({ fault: 'status', status: 401, path: SESSIONS })
  await assert.rejects(async () => {
    for await (const _ of devapi.sessions()) assert.fail('no session reads past a failed page')
  }, chatwire.AuthenticationError)
  await assert.rejects(async () => {
    for await (const _ of devapi.sessions({ perPage: 101 })) assert.fail('per_page is refused')
  }, (error) => error instanceof chatwire.ValidationError && error.field === 'perPage')
  assert.throws(() => devapi.sessions({ perPage: 2, pages: 1 }), /unknown parameter pages; did you mean page/)
})

test('sessions(): an aborted signal ends the loop with APIUserAbortError', T, async () => {
  await devapi.chat({ message: 'one', sessionId: 'sess_x' })
  const controller = new AbortController()
  controller.abort()
  await assert.rejects(async () => {
    for await (const _ of devapi.sessions({}, { signal: controller.signal })) assert.fail('aborted')
  }, chatwire.APIUserAbortError)
})

test('withOptions answers a new DevApi; an origin, when given, is sent', T, async () => {
  const other = devapi.withOptions({ extraHeaders: { 'x-opt': 'o' } })
  assert.ok(other instanceof chatwire.DevApi)
  await other.getUsage()
  assert.equal(requestsTo(mock, '/api/v1/usage')[0].headers['x-opt'], 'o')
  assert.equal(requestsTo(mock, '/api/v1/usage')[0].headers.origin, undefined)
  const bound = new chatwire.DevApi({ apiKey: f.devapiKey, origin: f.origin, baseUrl: mock.baseUrl })
  assert.equal((await bound.chat({ message: 'hi' })).success, true)
  assert.equal(requestsTo(mock, CHAT)[0].headers.origin, f.origin)
})
