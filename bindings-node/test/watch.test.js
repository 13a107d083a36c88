'use strict'
// Vexar's watcher against a session the mock scripts over time: each kind of event, each message
// once, a back-off on a 429 that honours Retry-After, the typed error after maxFailures, and
// every way to stop it (break, close(), an AbortSignal, asyncDispose), after which nothing more
// is sent; and pauseAiInOperatorMode, which holds chatStream back while an operator answers.

const { test, before, after, beforeEach } = require('node:test')
const assert = require('node:assert/strict')
const chatwire = require('chatwire')
const { T, MockServer, clients, expectError, requestsTo, sleep, textOf, waitFor, control } = require('./helpers.js')

const OPERATOR = '/api/v1/chat/operator-messages'
const WATCHED = ['/api/v1/chat/operator-messages', '/api/v1/chat/pending-proactive', '/api/v1/chat/block-status']

let mock, f, vexar

before(async () => {
  mock = await MockServer.start({ relaxedRateLimits: true })
  f = mock.fixtures
})
after(() => mock.stop())
beforeEach(() => {
  mock.reset()
  vexar = clients(mock).vexar
})

/** Scripts the session: `kind` is `operator-messages`, `pending-proactive` or `block`. */
function script(kind, sessionId, body) {
  return control(mock, 'POST', `/__mock/vexar/${kind}`, { site_key: f.vexarSiteKey, session_id: sessionId, ...body })
}

/** The watcher's polls the mock has logged. */
const polls = () => mock.requests().filter((r) => WATCHED.includes(r.path)).length

/** Reads `watch` in the background: its events as they come, and how the loop ended. */
function reading(watch) {
  const events = []
  const ended = (async () => {
    try {
      for await (const event of watch) events.push(event)
      return { error: undefined }
    } catch (error) {
      return { error }
    }
  })()
  return { events, ended }
}

/** Whether nothing was sent for `ms` (the watcher's interval several times over). */
async function quietFor(ms) {
  const before = mock.requests().length
  await sleep(ms)
  return mock.requests().length === before
}

test('each kind of event, as the session changes over time', T, async () => {
  const s = 'sess_watch_kinds'
  await script('operator-messages', s, { mode: 'operator', messages: [{ content: 'Hi, Sam here.' }], after_ms: 100 })
  await script('pending-proactive', s, { messages: [{ content: 'Need a hand?' }], after_ms: 250 })
  await script('block', s, { blocked: true, after_ms: 400 })
  // A mode-only body: the mode changes with no message.
  await script('operator-messages', s, { mode: 'ai', after_ms: 550 })
  await script('block', s, { blocked: false, after_ms: 700 })
  const watch = vexar.watch({ sessionId: s, intervalMs: 50 })
  assert.ok(watch instanceof chatwire.VexarWatch)
  const events = []
  for await (const event of watch) {
    events.push(event)
    if (events.length === 6) break
  }
  const byType = (type) => events.filter((e) => e.type === type)
  assert.deepEqual(byType('mode_changed'), [
    { type: 'mode_changed', from: 'ai', to: 'operator' },
    { type: 'mode_changed', from: 'operator', to: 'ai' },
  ])
  const [operator] = byType('operator_message')
  assert.equal(operator.message.content, 'Hi, Sam here.')
  assert.equal(typeof operator.message.createdAt, 'string')
  assert.deepEqual(operator.message.extra, {})
  assert.equal(byType('proactive_message')[0].message.content, 'Need a hand?')
  assert.deepEqual(byType('visitor_blocked'), [{ type: 'visitor_blocked' }])
  assert.deepEqual(byType('visitor_unblocked'), [{ type: 'visitor_unblocked' }])
  assert.ok(events.indexOf(byType('visitor_blocked')[0]) < events.indexOf(byType('visitor_unblocked')[0]))
  // Each poll asks all three, with the site key and the session.
  const [first] = requestsTo(mock, OPERATOR)
  assert.match(first.query, new RegExp(`session_id=${s}`))
})

test('a session already blocked and in operator mode yields both changes first', T, async () => {
  const s = 'sess_watch_start'
  await script('operator-messages', s, { mode: 'operator' })
  await script('block', s, { blocked: true })
  const watch = vexar.watch({ sessionId: s, intervalMs: 50 })
  const iterator = watch[Symbol.asyncIterator]()
  assert.deepEqual((await iterator.next()).value, { type: 'mode_changed', from: 'ai', to: 'operator' })
  assert.deepEqual((await iterator.next()).value, { type: 'visitor_blocked' })
  await iterator.return()
})

test('a message the server sends on every poll is yielded once', T, async () => {
  const s = 'sess_watch_repeat'
  await script('operator-messages', s, { messages: [{ content: 'Still here.' }], repeat: true })
  await script('pending-proactive', s, { messages: [{ content: 'Ten percent off today.' }], repeat: true })
  const watch = vexar.watch({ sessionId: s, intervalMs: 50 })
  const { events, ended } = reading(watch)
  assert.ok(await waitFor(() => requestsTo(mock, OPERATOR).length >= 5, 5000), 'five polls')
  watch.close()
  assert.deepEqual(await ended, { error: undefined })
  assert.deepEqual(
    events.map((e) => [e.type, e.message.content]),
    [
      ['operator_message', 'Still here.'],
      ['proactive_message', 'Ten percent off today.'],
    ],
  )
})

test('a 429 is waited out as its Retry-After says, then polling goes on', T, async () => {
  const s = 'sess_watch_retry_after'
  mock.pushFault({ fault: 'status', status: 429, retryAfter: '1', path: OPERATOR })
  await script('operator-messages', s, { messages: [{ content: 'Hello.' }] })
  const started = Date.now()
  const watch = vexar.watch({ sessionId: s, intervalMs: 50 })
  for await (const event of watch) {
    assert.equal(event.type, 'operator_message')
    break
  }
  const elapsed = Date.now() - started
  assert.ok(elapsed >= 950, `the message came ${elapsed} ms after a 429 asking for 1 s`)
  assert.deepEqual(
    requestsTo(mock, OPERATOR).map((r) => r.status),
    [429, 200],
  )
})

test('after maxFailures failed polls in a row, the loop throws the typed error and polling stops', T, async () => {
  mock.pushFault({ fault: 'status', status: 500, retryAfterMs: 20, path: OPERATOR, times: 100 })
  const watch = vexar.watch({ sessionId: 'sess_watch_500', intervalMs: 50, maxFailures: 2 })
  const { events, ended } = reading(watch)
  const { error } = await ended
  assert.ok(error instanceof chatwire.InternalServerError, String(error))
  assert.equal(error.status, 500)
  assert.deepEqual(events, [])
  // The first failure and maxFailures retries of it.
  assert.equal(requestsTo(mock, OPERATOR).length, 3)
  assert.ok(await quietFor(300), 'nothing is sent after the end')
  // A later read answers the end.
  assert.deepEqual(await watch[Symbol.asyncIterator]().next(), { value: undefined, done: true })
})

test('a non-retryable error ends the watcher at once', T, async () => {
  const stranger = new chatwire.Vexar({ siteKey: 'vx_unknown', baseUrl: mock.baseUrl })
  const watch = stranger.watch({ sessionId: 's', intervalMs: 50 })
  const { error } = await reading(watch).ended
  assert.ok(error instanceof chatwire.AuthenticationError, String(error))
  assert.equal(requestsTo(mock, OPERATOR).length, 1)
})

test('break stops polling: the request log stops growing', T, async () => {
  const s = 'sess_watch_break'
  await script('operator-messages', s, { messages: [{ content: 'One.' }] })
  const watch = vexar.watch({ sessionId: s, intervalMs: 50 })
  for await (const event of watch) {
    assert.equal(event.type, 'operator_message')
    break
  }
  const after = polls()
  assert.ok(await quietFor(400), 'no poll after break')
  assert.equal(polls(), after)
})

test('close() ends a pending read and sends nothing after', T, async () => {
  const watch = vexar.watch({ sessionId: 'sess_watch_close', intervalMs: 50 })
  const { events, ended } = reading(watch)
  assert.ok(await waitFor(() => polls() >= 6, 5000), 'a few polls')
  watch.close()
  assert.deepEqual(await ended, { error: undefined })
  assert.deepEqual(events, [])
  await sleep(50)
  assert.ok(await quietFor(300), 'no poll after close()')
  watch.close()
})

test('an AbortSignal rejects the pending read with an APIUserAbortError and stops polling', T, async () => {
  const controller = new AbortController()
  const watch = vexar.watch({ sessionId: 'sess_watch_abort', intervalMs: 50, signal: controller.signal })
  const { ended } = reading(watch)
  assert.ok(await waitFor(() => polls() >= 3, 5000))
  controller.abort()
  const { error } = await ended
  assert.ok(error instanceof chatwire.APIUserAbortError, String(error))
  assert.equal(error.code, 'aborted')
  await sleep(50)
  assert.ok(await quietFor(300), 'no poll after the abort')
  assert.deepEqual(await watch[Symbol.asyncIterator]().next(), { value: undefined, done: true })
})

test('a signal that fired already: the first read rejects, and nothing is sent', T, async () => {
  const watch = vexar.watch({ sessionId: 's', intervalMs: 50, signal: AbortSignal.abort() })
  await expectError(chatwire.APIUserAbortError, () => watch[Symbol.asyncIterator]().next())
  assert.deepEqual(mock.requests(), [])
})

test('asyncDispose closes the watcher', T, async (t) => {
  if (!Symbol.asyncDispose) return t.skip('no Symbol.asyncDispose in this Node')
  const watch = vexar.watch({ sessionId: 'sess_watch_dispose', intervalMs: 50 })
  const iterator = watch[Symbol.asyncIterator]()
  const pending = iterator.next()
  assert.ok(await waitFor(() => polls() >= 3, 5000))
  await watch[Symbol.asyncDispose]()
  assert.deepEqual(await pending, { value: undefined, done: true })
  await sleep(50)
  assert.ok(await quietFor(300))
})

test('pauseAiInOperatorMode: chatStream is refused while an operator answers, and works again after', T, async () => {
  const s = 'sess_watch_pause'
  await script('operator-messages', s, { mode: 'operator' })
  await script('operator-messages', s, { mode: 'ai', after_ms: 400 })
  const watch = vexar.watch({ sessionId: s, intervalMs: 50, pauseAiInOperatorMode: true })
  const iterator = watch[Symbol.asyncIterator]()
  assert.deepEqual((await iterator.next()).value, { type: 'mode_changed', from: 'ai', to: 'operator' })
  const refused = await expectError(chatwire.OperatorModeError, () => textOf(vexar.chatStream({ sessionId: s, message: 'hi' })))
  assert.equal(refused.sessionId, s)
  // The hold is the client's and its copies', for that session only.
  await expectError(chatwire.OperatorModeError, () =>
    textOf(vexar.withOptions({ timeout: 5000 }).chatStream({ sessionId: s, message: 'hi' })),
  )
  assert.equal(typeof (await textOf(vexar.chatStream({ sessionId: 'sess_other', message: 'hi' }))), 'string')
  assert.deepEqual((await iterator.next()).value, { type: 'mode_changed', from: 'operator', to: 'ai' })
  assert.equal(typeof (await textOf(vexar.chatStream({ sessionId: s, message: 'hi' }))), 'string')
  await iterator.return()
})

test('without pauseAiInOperatorMode, or once the watcher is closed, chatStream goes through', T, async () => {
  const s = 'sess_watch_nopause'
  await script('operator-messages', s, { mode: 'operator' })
  const plain = vexar.watch({ sessionId: s, intervalMs: 50 })
  await plain[Symbol.asyncIterator]().next()
  assert.equal(typeof (await textOf(vexar.chatStream({ sessionId: s, message: 'hi' }))), 'string')
  plain.close()
  const pausing = vexar.watch({ sessionId: s, intervalMs: 50, pauseAiInOperatorMode: true })
  await pausing[Symbol.asyncIterator]().next()
  await expectError(chatwire.OperatorModeError, () => textOf(vexar.chatStream({ sessionId: s, message: 'hi' })))
  pausing.close()
  assert.ok(await waitFor(async () => {
    try {
      await textOf(vexar.chatStream({ sessionId: s, message: 'hi' }))
      return true
    } catch (error) {
      if (!(error instanceof chatwire.OperatorModeError)) throw error
      return false
    }
  }, 2000), 'the hold ends with the watcher')
})

test('watch() refuses bad params at once, before any request', T, () => {
  const refusals = [
    [{}, 'sessionId'],
    [{ sessionId: 's', intervalMs: 0 }, 'intervalMs'],
    [{ sessionId: 's', intervalMs: '50' }, 'intervalMs'],
    [{ sessionId: 's', maxFailures: -1 }, 'maxFailures'],
    [{ sessionId: 's', pollTimeoutMs: 0 }, 'pollTimeoutMs'],
    [{ sessionId: 's', pauseAiInOperatorMode: 'yes' }, 'pauseAiInOperatorMode'],
    [{ sessionId: 's', signal: {} }, 'signal'],
    [{ sessionId: 's', interval: 50 }, 'interval'],
    [{ sessionId: '' }, 'sessionId'],
  ]
  for (const [params, field] of refusals) {
    assert.throws(
      () => vexar.watch(params),
      (error) => error instanceof chatwire.ValidationError && error.field === field,
      JSON.stringify(params),
    )
  }
  assert.throws(() => vexar.watch(), chatwire.ValidationError)
  assert.deepEqual(mock.requests(), [])
})
