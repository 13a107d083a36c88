'use strict'
// The hostile server's cases (`tests/hostile/cases.json`) through the Node API: a raw-socket
// server that redirects, stalls, lies and truncates. Each test asserts the error class and a
// time bound, then records the case as held for `tests/hostile/report.py`.

const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { after, before, beforeEach, test } = require('node:test')
const chatwire = require('chatwire')
const { HostileServer, record } = require('./hostile.js')

const MEVICHAT_KEY = 'mvc_pk_hostile_secret_1'
const ORIGIN = 'https://example.com'
const EXPORT_JWT = 'eyJhbGciOiJIUzI1NiJ9.hostile_secret_2.sig'
const VEXAR_KEY = 'vx_hostile_secret_3'
const DEVAPI_KEY = 'dk_hostile_secret_4'
const WIDGET_KEY = 'wk_hostile_secret_5'
const SECRETS = [MEVICHAT_KEY, EXPORT_JWT, VEXAR_KEY, DEVAPI_KEY, WIDGET_KEY]
const SESSION = '5f3e8c7c-5d4a-4a91-9a4e-c9a7e6d2b0f1'
const REDIRECT_STATUSES = [301, 302, 303, 307, 308]

// Short timeouts keep the suite quick, and are far from the scenarios' own pace (stalls of 30 s,
// a byte every 100 ms). A wait may take SLACK past its timeout.
const TIMEOUT = 1000
const SLACK = 1000
const SETTINGS = { timeout: TIMEOUT, connectTimeout: TIMEOUT, idleTimeout: TIMEOUT, maxRetries: 0 }
const T = { timeout: 60000 }

let hostile
before(async () => {
  hostile = await HostileServer.start()
})
after(() => hostile.stop())
beforeEach(() => hostile.reset())

const mevichat = (base, settings = {}) =>
  new chatwire.Mevichat({
    publicKey: MEVICHAT_KEY,
    origin: ORIGIN,
    exportToken: EXPORT_JWT,
    baseUrl: base,
    ...SETTINGS,
    ...settings,
  })
const widgetkey = (base, settings = {}) =>
  new chatwire.WidgetKey({ apiKey: WIDGET_KEY, baseUrl: base, ...SETTINGS, ...settings })
const widgetkeyChat = (base) => widgetkey(base).chat({ sessionId: 'user-1', message: 'hi' })
const openStream = (base) =>
  mevichat(base).chatStream({ sessionId: SESSION, message: 'hi', visitorMetadata: { plan: 'pro' } })

/** What `call()` fails with (a rejection, or a stream's first read), and how long it took. */
async function failure(call) {
  const started = performance.now()
  try {
    const answer = call()
    if (typeof answer?.then === 'function') {
      await answer
    } else {
      await answer[Symbol.asyncIterator]().next()
      answer.close()
    }
  } catch (error) {
    return { error, took: performance.now() - started }
  }
  assert.fail('nothing was raised')
}

/** Every item of a stream: its events, then the error that ended it, if any. A DecodeError
 * (one bad event) does not end it: the stream reads on. */
async function readAll(stream) {
  const items = []
  const iterator = stream[Symbol.asyncIterator]()
  for (;;) {
    try {
      const { value, done } = await iterator.next()
      if (done) return items
      items.push(value)
    } catch (error) {
      items.push(error)
      if (!(error instanceof chatwire.DecodeError)) return items
    }
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Whether every connection to `scenario` was closed by the client within `deadline` ms. */
async function closedByClient(scenario, deadline = 2000) {
  const stop = Date.now() + deadline
  for (;;) {
    const connections = (await hostile.connections()).filter((c) => c.scenario === scenario)
    if (connections.length && connections.every((c) => c.closed_by === 'client')) return true
    if (Date.now() > stop) return false
    await sleep(20)
  }
}

// --- Redirects ---------------------------------------------------------------------------------

/** Every call that carries a credential: Mevichat's public key (body and query) and export JWT,
 * Vexar's site key (body and query), the bearer key, and the widget key in either header. */
function credentialCalls(base) {
  const m = mevichat(base)
  const v = new chatwire.Vexar({ siteKey: VEXAR_KEY, baseUrl: base, ...SETTINGS })
  const d = new chatwire.DevApi({ apiKey: DEVAPI_KEY, baseUrl: base, ...SETTINGS })
  const w = widgetkey(base)
  const w2 = widgetkey(base, { keyHeader: 'x-widget-api-key' })
  return [
    ['mevichat chatStream', () => openStream(base)],
    ['mevichat getWidgetConfig', () => m.getWidgetConfig()],
    ['mevichat exportConversation', () => m.exportConversation({ sessionId: SESSION })],
    ['vexar chatStream', () => v.chatStream({ sessionId: 'sess-1', message: 'hi' })],
    ['vexar getHistory', () => v.getHistory({ sessionId: 'sess-1' })],
    ['devapi chat', () => d.chat({ message: 'hi' })],
    ['widgetkey chat', () => w.chat({ sessionId: 'user-1', message: 'hi' })],
    ['widgetkey chatStream', () => w2.chatStream({ sessionId: 'user-1', message: 'hi' })],
  ]
}

for (const [caseId, kind] of [
  ['redirect-other-port', 'port'],
  ['redirect-other-host', 'host'],
  ['redirect-other-scheme', 'scheme'],
]) {
  test(`${caseId}: every redirect status, every credential, is refused`, T, async () => {
    const leadsTo = { port: `${hostile.trap}/`, host: 'http://localhost:', scheme: 'https://' }[kind]
    let slowest = 0
    for (const status of REDIRECT_STATUSES) {
      for (const [name, call] of credentialCalls(hostile.url(`redirect-${status}-${kind}`))) {
        const { error, took } = await failure(call)
        assert.ok(error instanceof chatwire.RedirectError, `${name} after ${status}: ${error}`)
        assert.equal(error.status, status, name)
        assert.equal(error.reason, 'it leads to another origin', name)
        assert.equal(error.code, 'redirect_not_followed')
        assert.ok(error.location.startsWith(leadsTo), `${name}: ${error.location}`)
        const shown = `${error.message} ${error.stack} ${JSON.stringify(error)}`
        assert.ok(SECRETS.every((secret) => !shown.includes(secret)), shown)
        slowest = Math.max(slowest, took)
      }
    }
    assert.deepEqual(await hostile.trapRequests(), [], 'nothing reaches the other origin')
    assert.equal((await hostile.requests()).length, REDIRECT_STATUSES.length * 8)
    record(caseId, 'RedirectError, the other origin got nothing', slowest)
  })
}

test('redirect-same-origin: a redirect within the origin is followed', T, async () => {
  let slowest = 0
  for (const status of REDIRECT_STATUSES) {
    for (const kind of ['same', 'same-absolute']) {
      const started = performance.now()
      const reply = await widgetkeyChat(hostile.url(`redirect-${status}-${kind}`))
      slowest = Math.max(slowest, performance.now() - started)
      assert.equal(reply.conversationId, 'conv_hostile', `${status} ${kind}`)
    }
    const started = performance.now()
    const events = await readAll(openStream(hostile.url(`redirect-${status}-same-sse`)))
    slowest = Math.max(slowest, performance.now() - started)
    assert.deepEqual(
      events.map((e) => e.type),
      ['meta', 'token', 'token', 'token', 'done'],
    )
  }
  record('redirect-same-origin', 'followed: the answer after it', slowest)
})

test('redirect-loop: stops at the cap and is not retried', T, async () => {
  const client = widgetkey(hostile.url('redirect-loop'), { maxRetries: 3 })
  const { error, took } = await failure(() => client.chat({ sessionId: 'u', message: 'hi' }))
  assert.ok(error instanceof chatwire.RedirectError, String(error))
  assert.equal(error.status, 302)
  assert.equal(error.reason, 'too many redirects')
  assert.equal((await hostile.requests()).length, 6)
  record('redirect-loop', 'RedirectError after 6 requests', took)
})

// --- Every wait is bounded ---------------------------------------------------------------------

async function assertEndsInTime(caseId, scenario, { error, took }, Class) {
  assert.ok(error instanceof Class, `${caseId}: ${error?.constructor?.name}: ${error?.message}`)
  assert.ok(took >= TIMEOUT - 50 && took <= TIMEOUT + SLACK, `${caseId}: ${took} ms`)
  if (scenario) assert.ok(await closedByClient(scenario), JSON.stringify(await hostile.connections()))
  record(caseId, Class.name, took)
}

for (const [caseId, scenario, call, Class] of [
  ['stalled-headers', 'stall-headers', 'json', chatwire.APITimeoutError],
  ['slow-headers', 'slow-headers', 'json', chatwire.APITimeoutError],
  ['stalled-error-body', 'stall-error-body', 'json', chatwire.InternalServerError],
  ['stalled-error-body-chunked', 'stall-error-body-chunked', 'json', chatwire.InternalServerError],
  ['slow-error-body', 'slow-error-body', 'json', chatwire.InternalServerError],
  ['stalled-wrong-type-body', 'stall-wrong-type', 'stream', chatwire.DecodeError],
  ['stalled-success-body', 'stall-json-body', 'json', chatwire.APITimeoutError],
  ['slow-success-body', 'slow-json-body', 'json', chatwire.APITimeoutError],
]) {
  test(`${caseId}: ends within its timeout`, T, async () => {
    const base = hostile.url(scenario)
    const outcome = await failure(() => (call === 'json' ? widgetkeyChat(base) : openStream(base)))
    await assertEndsInTime(caseId, scenario, outcome, Class)
  })
}

test('stalled-connect: a connect that hangs times out', T, async () => {
  const outcome = await failure(() => widgetkeyChat(hostile.blackhole))
  await assertEndsInTime('stalled-connect', null, outcome, chatwire.APITimeoutError)
})

for (const [caseId, scenario, beforeIt] of [
  ['stalled-before-first-event', 'stall-sse-before-first', []],
  ['stalled-between-events', 'stall-sse-silent', ['meta', 'token']],
  ['keepalive-only-between-events', 'stall-sse-keepalive', ['meta', 'token']],
]) {
  test(`${caseId}: silence ends the stream after the idle timeout`, T, async () => {
    // The scenarios answer at once, so the idle timeout is all the time the stream takes.
    const started = performance.now()
    const items = await readAll(openStream(hostile.url(scenario)))
    const took = performance.now() - started
    const last = items.at(-1)
    assert.deepEqual(items.slice(0, -1).map((e) => e.type), beforeIt)
    assert.ok(last instanceof chatwire.StreamIdleTimeoutError, String(last))
    assert.equal(last.timeoutMs, TIMEOUT)
    assert.ok(took >= TIMEOUT && took <= TIMEOUT + SLACK, `${took} ms`)
    assert.ok(await closedByClient(scenario))
    record(caseId, 'StreamIdleTimeoutError', took)
  })
}

test('huge-error-body, huge-error-message: error bodies are read only up to the cap', T, async () => {
  let { error, took } = await failure(() => widgetkeyChat(hostile.url('huge-error-body')))
  assert.ok(error instanceof chatwire.InternalServerError, String(error))
  assert.ok(error.body.length <= 4096 + '… (truncated)'.length, `${error.body.length}`)
  assert.ok(error.body.endsWith('… (truncated)'))
  assert.match(error.providerMessage, /not read whole/)
  assert.ok(took < 2000, `${took} ms`)
  assert.ok(await closedByClient('huge-error-body'))
  record('huge-error-body', 'InternalServerError, body cut to 4 KiB', took)
  ;({ error, took } = await failure(() => widgetkeyChat(hostile.url('huge-error-message'))))
  assert.ok(error instanceof chatwire.BadRequestError, String(error))
  assert.ok(error.message.length < 2048 && error.message.includes('not read whole'), error.message)
  record('huge-error-message', 'BadRequestError with a short message', took)
})

// --- Careless input ----------------------------------------------------------------------------

test('framing-headers: refused before anything is sent', T, async () => {
  const base = hostile.url('reply-json')
  const started = performance.now()
  for (const name of ['Content-Length', 'Transfer-Encoding', 'Host', 'Connection']) {
    assert.throws(
      () => widgetkey(base, { defaultHeaders: { [name]: '2' } }),
      (error) => error instanceof chatwire.ValidationError && error.field === 'defaultHeaders',
    )
    const { error } = await failure(() =>
      widgetkey(base).chat({ sessionId: 'u', message: 'hi' }, { extraHeaders: { [name]: '2' } }),
    )
    assert.ok(error instanceof chatwire.ValidationError, String(error))
    assert.equal(error.field, 'extraHeaders')
  }
  assert.deepEqual(await hostile.requests(), [])
  record('framing-headers', 'ValidationError', performance.now() - started)
})

test('base-url-userinfo, base-url-query-or-fragment: refused, never echoing the password', T, async () => {
  const port = hostile.base.split(':').at(-1)
  let started = performance.now()
  for (const base of [
    `http://user:pa55word@127.0.0.1:${port}/reply-json/`,
    `http://pa55word@127.0.0.1:${port}/`,
    'http://user:pa55word@[::1',
  ]) {
    assert.throws(
      () => widgetkey(base),
      (error) => {
        assert.ok(error instanceof chatwire.ValidationError, String(error))
        assert.equal(error.field, 'baseUrl')
        assert.ok(!`${error.message} ${error.stack}`.includes('pa55word'), error.message)
        return true
      },
    )
  }
  record('base-url-userinfo', 'ValidationError without the password', performance.now() - started)
  started = performance.now()
  for (const base of [`http://127.0.0.1:${port}/reply-json/?tenant=1`, `http://127.0.0.1:${port}/#top`]) {
    assert.throws(() => widgetkey(base), chatwire.ValidationError)
  }
  assert.deepEqual(await hostile.requests(), [])
  record('base-url-query-or-fragment', 'ValidationError', performance.now() - started)
})

test('retry-after-zero: attempts stay the backoff apart', T, async () => {
  let slowest = 0
  for (const scenario of ['retry-after-zero', 'retry-after-ms-zero']) {
    await hostile.reset()
    const controller = new AbortController()
    const client = widgetkey(hostile.url(scenario), { maxRetries: 200, timeout: 10000 })
    const started = performance.now()
    const call = client.chat({ sessionId: 'u', message: 'hi' }, { signal: controller.signal })
    setTimeout(() => controller.abort(), 1600)
    await assert.rejects(call, chatwire.APIUserAbortError)
    slowest = Math.max(slowest, performance.now() - started)
    const times = (await hostile.requests()).map((r) => r.at_ms)
    // The backoff is 0.5 s, then 1 s, less a quarter at most: 3 attempts fit in 1.6 s.
    assert.ok(times.length >= 2 && times.length <= 3, `${scenario}: ${times}`)
    assert.ok(times.slice(1).every((t, i) => t - times[i] >= 370), `${times}`)
  }
  record('retry-after-zero', 'attempts at least the backoff apart', slowest)
})

test('extreme-durations: accepted or a ValidationError, never an internal error', T, async () => {
  const started = performance.now()
  let accepted = 0
  for (const ms of [Infinity, 1e300, 1e22, 1e15, Number.MAX_SAFE_INTEGER, 2 ** 64, 1e-6, 500]) {
    let client
    try {
      client = mevichat(hostile.url('reply-sse'), { timeout: ms, connectTimeout: ms, idleTimeout: ms })
    } catch (error) {
      assert.ok(error instanceof chatwire.ValidationError, String(error))
      continue
    }
    if (ms >= 500) {
      const events = await readAll(client.chatStream({ sessionId: SESSION, message: 'hi' }))
      assert.equal(events.length, 5, String(events.at(-1)))
      accepted++
    }
  }
  assert.ok(accepted >= 3)
  for (const bad of [0, -1, -1e300, NaN, -Infinity]) {
    assert.throws(
      () => mevichat(hostile.url('reply-sse'), { idleTimeout: bad }),
      (error) => error instanceof chatwire.ValidationError && error.field === 'idleTimeout',
    )
  }
  record('extreme-durations', 'accepted, or ValidationError', performance.now() - started)
})

// --- Encodings, truncations, lies --------------------------------------------------------------

for (const [caseId, encoding, call] of [
  ['gzip-json', 'gzip', 'json'],
  ['deflate-json', 'deflate', 'json'],
  ['br-json', 'br', 'json'],
  ['gzip-sse', 'gzip', 'stream'],
  ['br-sse', 'br', 'stream'],
  ['gzip-bomb', 'gzip', 'stream'],
]) {
  test(`${caseId}: an unrequested encoding is refused, naming it`, T, async () => {
    const base = hostile.url(caseId)
    const { error, took } = await failure(() => (call === 'json' ? widgetkeyChat(base) : openStream(base)))
    assert.ok(error instanceof chatwire.DecodeError, String(error))
    assert.ok(error.message.includes(`${encoding}-encoded`), error.message)
    assert.ok(took < 2000, `${took} ms`)
    record(caseId, 'DecodeError naming the encoding', took)
  })
}

test('gzip-error-body: an encoded error body is not read', T, async () => {
  const { error, took } = await failure(() => widgetkeyChat(hostile.url('gzip-error')))
  assert.ok(error instanceof chatwire.InternalServerError, String(error))
  assert.ok(error.message.includes('gzip'), error.message)
  record('gzip-error-body', 'InternalServerError naming gzip', took)
})

test('oversize-line-not-counted: meta, DecodeError, StreamEndedError after 1 event', T, async () => {
  const started = performance.now()
  const items = await readAll(openStream(hostile.url('oversize-then-close')))
  const took = performance.now() - started
  assert.equal(items.length, 3)
  assert.equal(items[0].type, 'meta')
  assert.ok(items[1] instanceof chatwire.DecodeError && items[1].message.includes('cap'), String(items[1]))
  assert.ok(items[2] instanceof chatwire.StreamEndedError, String(items[2]))
  assert.equal(items[2].events, 1)
  record('oversize-line-not-counted', 'meta, DecodeError, StreamEndedError after 1', took)
})

for (const [caseId, scenario, Class] of [
  ['json-as-html', 'json-as-html', chatwire.DecodeError],
  ['content-length-short', 'cl-short', chatwire.DecodeError],
  ['content-length-long', 'cl-long', chatwire.APIConnectionError],
  ['chunked-truncated', 'chunked-truncated', chatwire.APIConnectionError],
  ['huge-headers', 'huge-headers', chatwire.APIConnectionError],
  ['not-http', 'not-http', chatwire.APIConnectionError],
  ['garbage-status', 'garbage-status', chatwire.APIConnectionError],
  ['reset-before-headers', 'reset-before-headers', chatwire.APIConnectionError],
  ['reset-mid-json', 'reset-mid-json', chatwire.APIConnectionError],
]) {
  test(`${caseId}: a typed error`, T, async () => {
    const { error, took } = await failure(() => widgetkeyChat(hostile.url(scenario)))
    assert.ok(error instanceof Class, `${caseId}: ${error?.constructor?.name}: ${error?.message}`)
    assert.ok(took < 3000, `${took} ms`)
    record(caseId, Class.name, took)
  })
}

test('connection-refused, sse-as-json: typed errors', T, async () => {
  let { error, took } = await failure(() => widgetkeyChat(hostile.closed))
  assert.ok(error instanceof chatwire.APIConnectionError, String(error))
  record('connection-refused', 'APIConnectionError', took)
  ;({ error, took } = await failure(() => openStream(hostile.url('sse-as-json'))))
  assert.ok(error instanceof chatwire.DecodeError && error.message.includes('application/json'), String(error))
  record('sse-as-json', 'DecodeError', took)
})

for (const [caseId, scenario, events] of [
  ['sse-chunked-truncated', 'sse-chunked-truncated', 1],
  ['reset-mid-stream', 'reset-mid-sse', 2],
]) {
  test(`${caseId}: a stream cut short ends after its events`, T, async () => {
    const started = performance.now()
    const items = await readAll(openStream(hostile.url(scenario)))
    const took = performance.now() - started
    assert.equal(items.length, events + 1)
    assert.ok(items.at(-1) instanceof chatwire.StreamEndedError, String(items.at(-1)))
    assert.equal(items.at(-1).events, events)
    record(caseId, 'StreamEndedError', took)
  })
}

test('huge-line: a 64 MiB line is skipped and the stream goes on', T, async () => {
  const started = performance.now()
  const items = await readAll(openStream(hostile.url('huge-line')))
  const took = performance.now() - started
  assert.ok(items[1] instanceof chatwire.DecodeError, String(items[1]))
  assert.deepEqual(
    items.slice(2).map((e) => e.type),
    ['token', 'done'],
  )
  assert.equal(items[2].text, 'after')
  record('huge-line', 'DecodeError, then the events after it', took)
})

test('million-events: all of them, in order', T, async () => {
  const started = performance.now()
  const counts = {}
  let last
  for await (const event of openStream(hostile.url('million-events'))) {
    counts[event.type] = (counts[event.type] ?? 0) + 1
    last = event
  }
  const took = performance.now() - started
  assert.deepEqual(counts, { meta: 1, token: 1_000_000, done: 1 })
  assert.equal(last.type, 'done')
  record('million-events', '1,000,002 events in order', took)
})

test('cache-forever: a cache lifetime past any clock is held to a day', T, async () => {
  const client = mevichat(hostile.url('cache-forever'))
  const started = performance.now()
  await client.getWidgetConfig()
  const took = performance.now() - started
  await client.getWidgetConfig()
  assert.equal((await hostile.requests()).length, 1, 'the second call is answered from the cache')
  record('cache-forever', 'cached, no panic', took)
})

// --- Free-form JSON that would crash a recursive converter --------------------------------------

const containsItself = () => {
  const metadata = {}
  metadata.self = metadata
  return metadata
}
const nested5000Deep = () => {
  let metadata = {}
  for (let level = 1; level < 5000; level++) metadata = { a: metadata }
  return metadata
}

for (const [caseId, make] of [
  ['metadata-contains-itself', containsItself],
  ['metadata-nested-5000-deep', nested5000Deep],
]) {
  test(`${caseId}: a ValidationError naming visitorMetadata, nothing sent`, T, async () => {
    const client = mevichat(hostile.url('reply-sse'))
    const { error, took } = await failure(() =>
      client.chatStream({ sessionId: SESSION, message: 'hi', visitorMetadata: make() }),
    )
    assert.ok(error instanceof chatwire.ValidationError, String(error))
    assert.equal(error.field, 'visitorMetadata')
    assert.deepEqual(await hostile.requests(), [], 'nothing was sent')
    const events = await readAll(client.chatStream({ sessionId: SESSION, message: 'hi' }))
    assert.equal(events.length, 5, 'the client goes on')
    record(caseId, `ValidationError: ${error.message}`, took)
  })
}

// A watcher and a bulk export against it.

/** What a watcher polls, stalled, lied to, cut short, reset or redirected elsewhere. */
const WATCH_SCENARIOS = [
  'stall-headers',
  'slow-json-body',
  'json-as-html',
  'garbage-status',
  'not-http',
  'cl-short',
  'reset-mid-json',
  'huge-error-body',
  'gzip-json',
  'redirect-302-host',
  'redirect-307-port',
  'redirect-loop',
]
/** Where a bulk export reads a lie (a body that is no export, one cut short) or a redirect. */
const EXPORT_SCENARIOS = ['json-as-html', 'reply-json', 'cl-short', 'redirect-302-port']

const shownWithoutSecrets = (error) => SECRETS.every((secret) => !`${error} ${error.stack}`.includes(secret))

test('watch-hostile-server: a typed error, then the end, whatever the server does', T, async () => {
  let slowest = 0
  for (const scenario of WATCH_SCENARIOS) {
    const client = new chatwire.Vexar({ siteKey: VEXAR_KEY, baseUrl: hostile.url(scenario) })
    const watch = client.watch({ sessionId: 'sess_hostile', intervalMs: 30, maxFailures: 1, pollTimeoutMs: TIMEOUT })
    const iterator = watch[Symbol.asyncIterator]()
    const { error, took } = await failure(() => iterator.next())
    assert.ok(error instanceof chatwire.ChatwireError, `${scenario}: ${error}`)
    assert.ok(shownWithoutSecrets(error), scenario)
    assert.deepEqual(await iterator.next(), { done: true, value: undefined }, `${scenario}: it ends after the error`)
    // A poll timeout and one back-off (0.5 s, with its jitter) at the most, per request.
    assert.ok(took < 2 * TIMEOUT + SLACK + 1000, `${scenario}: ${took} ms`)
    slowest = Math.max(slowest, took)
  }
  assert.deepEqual(await hostile.trapRequests(), [], 'the key reached another origin')
  record('watch-hostile-server', 'a typed error, then the end; nothing to the other origin', slowest)
})

test('export-hostile-server: each lie is a failed session, and nothing is written', T, async () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'chatwire-hostile-'))
  let slowest = 0
  try {
    for (const scenario of EXPORT_SCENARIOS) {
      const started = performance.now()
      const summary = await mevichat(hostile.url(scenario)).exportAll({ sessionIds: [SESSION], directory })
      const took = performance.now() - started
      assert.deepEqual([summary.written.length, summary.failed.length], [0, 1], scenario)
      const { error } = summary.failed[0]
      assert.ok(error instanceof chatwire.ChatwireError, `${scenario}: ${error}`)
      assert.ok(shownWithoutSecrets(error), scenario)
      assert.ok(took < TIMEOUT + SLACK, `${scenario}: ${took} ms`)
      slowest = Math.max(slowest, took)
    }
    assert.deepEqual(fs.readdirSync(directory), [], 'no file written')
  } finally {
    fs.rmSync(directory, { recursive: true, force: true })
  }
  assert.deepEqual(await hostile.trapRequests(), [], 'the token reached another origin')
  record('export-hostile-server', 'each session failed, no file written, nothing to the other origin', slowest)
})
