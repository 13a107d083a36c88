'use strict'
// The provider-neutral calls of every client against the mock: reply() (the API's one-shot call,
// or its stream read whole), and conversation(): turns streamed and whole in one session, the
// ids the server assigns kept as replies pass, the history where the API keeps one, and a
// conversation resumed from its ids.

const { test, before, after, beforeEach } = require('node:test')
const assert = require('node:assert/strict')
const chatwire = require('chatwire')
const { T, HOURS, REFUND, MockServer, clients, collect, expectError, textOf } = require('./helpers.js')

let mock, f, c

before(async () => {
  mock = await MockServer.start({ relaxedRateLimits: true })
  f = mock.fixtures
})
after(() => mock.stop())
beforeEach(() => {
  mock.reset()
  c = clients(mock)
})

/** Each provider: the path its replies take (stream, one-shot), and how a body names its session. */
const PROVIDERS = {
  mevichat: { stream: '/api/chat/', whole: '/api/chat/', session: (body) => body.session_id },
  vexar: { stream: '/api/v1/chat/stream', whole: '/api/v1/chat/stream', session: (body) => body.session_id },
  devapi: { stream: '/api/v1/chat', whole: '/api/v1/chat', session: (body) => body.session_id },
  widgetkey: { stream: '/v1/chat/stream', whole: '/v1/chat', session: (body) => body.sessionId },
}

/** The chat requests the mock logged (no export, history or listing), their bodies parsed. */
function turns() {
  const paths = new Set(Object.values(PROVIDERS).flatMap((p) => [p.stream, p.whole]))
  return mock
    .requests()
    .filter((r) => r.method === 'POST' && paths.has(r.path))
    .map((r) => ({ path: r.path, body: JSON.parse(r.body) }))
}

test('reply() answers the whole reply on each of the four, through the API\'s own call', T, async () => {
  const sessions = { mevichat: f.seededSessionId, vexar: 'sess_reply', devapi: 'sess_reply', widgetkey: 'reply-1' }
  for (const [name, provider] of Object.entries(PROVIDERS)) {
    mock.reset()
    const reply = await c[name].reply({ sessionId: sessions[name], message: 'What are your hours?' })
    assert.equal(reply.text, HOURS, name)
    assert.equal(typeof reply.finish, 'object', name)
    const [sent, ...more] = turns()
    assert.deepEqual(more, [], name)
    assert.equal(sent.path, provider.whole, name)
    assert.equal(provider.session(sent.body), sessions[name], name)
    assert.equal(sent.body.message, 'What are your hours?', name)
  }
  // The Developer API's one-shot call is its non-streamed chat.
  assert.equal(turns()[0].body.stream, undefined)
})

test('reply() refuses bad params before any request, and takes call options', T, async () => {
  for (const [name, client] of Object.entries(c)) {
    const missing = await expectError(chatwire.ValidationError, () => client.reply({ message: 'hi' }))
    assert.equal(missing.field, 'sessionId', name)
    const unknown = await expectError(chatwire.ValidationError, () => client.reply({ sessionId: 's', mesage: 'hi' }))
    assert.match(unknown.message, /did you mean message/, name)
  }
  assert.deepEqual(mock.requests(), [])
  const aborted = AbortSignal.abort()
  await expectError(chatwire.APIUserAbortError, () => c.vexar.reply({ sessionId: 's', message: 'hi' }, { signal: aborted }))
})

test('a conversation sends every turn, streamed or whole, in one session, on each of the four', T, async () => {
  for (const [name, provider] of Object.entries(PROVIDERS)) {
    mock.reset()
    const conversation = c[name].conversation()
    assert.ok(conversation instanceof chatwire[`${c[name].constructor.name}Conversation`], name)
    const first = conversation.send('What is your refund policy?')
    assert.ok(first instanceof chatwire[`${c[name].constructor.name}ChatStream`], `${name}: the chatStream class`)
    assert.ok((await textOf(first)).startsWith(REFUND), name)
    const second = await conversation.reply('What are your hours?')
    assert.equal(second.text, HOURS, name)
    const [one, two, ...more] = turns()
    assert.deepEqual(more, [], name)
    assert.equal(one.path, provider.stream, name)
    assert.equal(two.path, provider.whole, name)
    const session = conversation.sessionId
    assert.equal(typeof session, 'string', name)
    assert.equal(provider.session(two.body), session, `${name}: the second turn's session`)
    if (name === 'devapi') {
      // The server assigns the session with the first reply; the second turn carries it.
      assert.equal(provider.session(one.body), undefined)
    } else {
      assert.equal(provider.session(one.body), session, `${name}: the first turn's session`)
    }
  }
})

test('each provider makes its own kind of session id; Vexar and the widget-key API name the conversation', T, async () => {
  const ids = {}
  for (const name of Object.keys(PROVIDERS)) {
    const conversation = c[name].conversation()
    ids[name] = { before: conversation.sessionId }
    assert.equal(conversation.conversationId, null, name)
    await collect(conversation.send('hi'))
    ids[name].after = conversation.sessionId
    ids[name].conversation = conversation.conversationId
  }
  assert.match(ids.mevichat.before, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  assert.match(ids.vexar.before, /^sess_[0-9a-f]+$/)
  assert.match(ids.widgetkey.before, /^chatwire-/)
  assert.equal(ids.devapi.before, null)
  assert.equal(typeof ids.devapi.after, 'string')
  assert.equal(typeof ids.vexar.conversation, 'string')
  assert.equal(typeof ids.widgetkey.conversation, 'string')
  assert.equal(ids.mevichat.conversation, null)
  assert.equal(ids.devapi.conversation, null)
})

test('history(): the turns so far where the API keeps them; the widget-key API keeps none', T, async () => {
  for (const name of ['mevichat', 'vexar', 'devapi']) {
    mock.reset()
    const conversation = c[name].conversation()
    if (name === 'devapi') {
      // No session before the server assigns one: no history, and no request for it.
      assert.deepEqual(await conversation.history(), [])
      assert.deepEqual(mock.requests(), [])
    }
    await conversation.reply('What is your refund policy?')
    await conversation.reply('What are your hours?')
    const history = await conversation.history()
    const texts = history.map((entry) => entry.text)
    assert.ok(texts.includes('What is your refund policy?'), `${name}: ${JSON.stringify(texts)}`)
    assert.ok(texts.includes('What are your hours?'), name)
    assert.ok(texts.includes(HOURS), name)
    for (const entry of history) {
      assert.equal(typeof entry.text, 'string', name)
      if (entry.role !== undefined) assert.equal(typeof entry.role, 'string', name)
      if (entry.createdAt !== undefined) assert.equal(typeof entry.createdAt, 'string', name)
    }
    assert.ok(history.some((entry) => entry.role === 'user'), name)
  }
  const widget = c.widgetkey.conversation()
  const error = await expectError(chatwire.ValidationError, () => widget.history())
  assert.equal(error.field, 'history')
})

test('a conversation resumed from its ids goes on in the same session', T, async () => {
  for (const [name, provider] of Object.entries(PROVIDERS)) {
    mock.reset()
    const first = c[name].conversation()
    await first.reply('What is your refund policy?')
    const ids = { sessionId: first.sessionId, conversationId: first.conversationId ?? undefined }
    const resumed = c[name].conversation(ids)
    assert.equal(resumed.sessionId, first.sessionId, name)
    assert.equal(resumed.conversationId, first.conversationId, name)
    await textOf(resumed.send('What are your hours?'))
    const [, again] = turns()
    assert.equal(provider.session(again.body), first.sessionId, name)
  }
  // A session given without a conversation id is used as it is.
  mock.reset()
  const given = c.vexar.conversation({ sessionId: 'sess_given' })
  assert.equal(given.sessionId, 'sess_given')
  await given.reply('hi')
  assert.equal(turns()[0].body.session_id, 'sess_given')
})

test('conversation() and its calls refuse bad input before any request', T, async () => {
  const bad = await expectError(chatwire.ValidationError, () => c.vexar.conversation({ session: 's' }))
  assert.match(bad.message, /did you mean sessionId/)
  await expectError(chatwire.ValidationError, () => c.vexar.conversation({ sessionId: 5 }))
  const conversation = c.vexar.conversation()
  const text = await expectError(chatwire.ValidationError, () => conversation.send(42))
  assert.equal(text.field, 'text')
  await expectError(chatwire.ValidationError, () => conversation.reply(undefined))
  // Mevichat's session id must be a UUID; the core says so before any request.
  const notUuid = c.mevichat.conversation({ sessionId: 'not-a-uuid' })
  await expectError(chatwire.ValidationError, () => notUuid.reply('hi'))
  assert.deepEqual(mock.requests(), [])
})

test('a conversation of a client made withOptions uses its settings', T, async () => {
  const copy = c.devapi.withOptions({ extraHeaders: { 'x-trace': 'conversation' } })
  await copy.conversation().reply('hi')
  const [sent] = mock.requests()
  assert.equal(sent.headers['x-trace'], 'conversation')
})

test("a turn's options apply to that turn only, and the ids stay shared", T, async () => {
  const conversation = c.devapi.conversation()
  await conversation.reply('hi', { extraHeaders: { 'x-turn': 'first' } })
  const assigned = conversation.sessionId
  assert.ok(assigned, 'the server assigned the session')
  await conversation.send('and then?', { timeout: 5000 }).text()
  const history = await conversation.history({ extraHeaders: { 'x-turn': 'history' } })
  assert.ok(history.length > 0)
  const [first, second, listing] = mock.requests()
  assert.equal(first.headers['x-turn'], 'first')
  assert.equal(second.headers['x-turn'], undefined, 'the second turn has its own options')
  assert.equal(JSON.parse(second.body).session_id, assigned, 'the turn with options kept the ids')
  assert.equal(listing.headers['x-turn'], 'history')
  // A turn's signal aborts that turn; an aborted one sends nothing.
  mock.reset()
  const aborted = AbortSignal.abort()
  await expectError(chatwire.APIUserAbortError, () => conversation.reply('hi', { signal: aborted }))
  await expectError(chatwire.ValidationError, () => conversation.reply('hi', { timeout: 'soon' }))
  assert.deepEqual(mock.requests(), [])
})
