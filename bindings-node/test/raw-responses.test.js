'use strict'
// Status, headers and request ids: `client.withRawResponse.<method>()` for every non-stream
// operation of the four APIs answers `{ data, response: { status, headers, requestId } }`, the
// plain call's answer carries `requestId`, and a stream has `status`, `headers` and `requestId`
// once open. Each request id is checked against the mock's `req_mock_<id>` of that request.

const { test, before, after, beforeEach } = require('node:test')
const assert = require('node:assert/strict')
const chatwire = require('chatwire')
const { T, PNG, MockServer, clients, streamOpeners, textOf, collect, requestIdOf, expectError, OTHER_UUID } = require('./helpers.js')

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

/** Every non-stream operation: its client, its method and valid arguments. */
function operations() {
  const s = f.seededSessionId
  return [
    ['mevichat', 'getWidgetConfig', []],
    ['mevichat', 'exportConversation', [{ sessionId: s }]],
    ['vexar', 'getHistory', [{ sessionId: 's1' }]],
    ['vexar', 'saveEmail', [{ sessionId: 's1', email: 'a@example.com' }]],
    ['vexar', 'saveContact', [{ sessionId: 's1', phone: '+15550100' }]],
    ['vexar', 'getOperatorMessages', [{ sessionId: 's1' }]],
    ['vexar', 'getBlockStatus', [{ sessionId: 's1' }]],
    ['vexar', 'getPendingProactive', [{ sessionId: 's1' }]],
    ['vexar', 'uploadImage', [{ sessionId: 's1', image: PNG, fileName: 'pixel.png', contentType: 'image/png' }]],
    ['vexar', 'rateConversation', [{ sessionId: 's1', score: 5 }]],
    ['vexar', 'commentRating', [{ sessionId: 's1', comment: 'good' }]],
    ['devapi', 'chat', [{ message: 'hours?' }]],
    ['devapi', 'getUsage', []],
    ['devapi', 'listSessions', [{ perPage: 5 }]],
    ['widgetkey', 'chat', [{ sessionId: 's1', message: 'hi' }]],
  ]
}

/** The methods of a class's prototype (not its getters). */
function methodsOf(object) {
  const prototype = Object.getPrototypeOf(object)
  return Object.getOwnPropertyNames(prototype).filter(
    (name) => name !== 'constructor' && typeof Object.getOwnPropertyDescriptor(prototype, name).value === 'function',
  )
}

/** The last request the mock logged. */
function lastRequest() {
  const logged = mock.requests()
  return logged[logged.length - 1]
}

test('the operations above are every method of every withRawResponse, and every non-stream method', T, () => {
  const byClient = {}
  for (const [client, method] of operations()) (byClient[client] ??= []).push(method)
  for (const [client, object] of Object.entries(c)) {
    assert.deepEqual(methodsOf(object.withRawResponse).sort(), byClient[client].sort(), `${client}.withRawResponse`)
    // `sessions()` answers an iterator of pages, not one response; `reply()` (a stream read
    // whole on some APIs) and `exportAll()` (many requests) answer no one response either, and
    // `conversation()` and `watch()` answer objects that make calls of their own.
    const notOneResponse = ['chatStream', 'withOptions', 'sessions', 'reply', 'exportAll', 'conversation', 'watch']
    const plain = methodsOf(object).filter((name) => !notOneResponse.includes(name))
    assert.deepEqual(plain.sort(), byClient[client].sort(), client)
    assert.ok(object.withRawResponse instanceof chatwire[`${object.constructor.name}WithRawResponse`])
  }
})

test('withRawResponse: every operation answers its data with the status, headers and request id', T, async (t) => {
  for (const [client, method, args] of operations()) {
    const label = `${client}.withRawResponse.${method}`
    const { data, response } = await c[client].withRawResponse[method](...args)
    const logged = lastRequest()
    t.diagnostic(`${label}: ${response.status} ${response.requestId} ${response.headers['content-type']}`)
    assert.deepEqual(Object.keys(response).sort(), ['headers', 'requestId', 'status'], label)
    assert.equal(response.status, 200, label)
    assert.equal(response.status, logged.status, label)
    assert.equal(response.requestId, requestIdOf(logged), label)
    assert.equal(response.headers['x-request-id'], requestIdOf(logged), label)
    assert.match(response.headers['content-type'], /^application\/json/, label)
    assert.equal(Object.getPrototypeOf(response.headers), Object.prototype, `${label}: a plain object`)
    for (const name of Object.keys(response.headers)) assert.equal(name, name.toLowerCase(), label)
    assert.equal(data.requestId, response.requestId, `${label}: the data carries it too`)
    // The same call, plain, answers the same typed value with its own request id (a cached
    // widget config, the id of the response it was cached from).
    const plain = await c[client][method](...args)
    assert.equal(plain.requestId, requestIdOf(lastRequest()), `${client}.${method}`)
    const { requestId: _, ...body } = plain
    const { requestId: __, ...rawBody } = data
    // A chat starts a session and an upload stores a file, each with a new id: the same shape.
    if (['chat', 'uploadImage'].includes(method)) assert.deepEqual(Object.keys(body).sort(), Object.keys(rawBody).sort(), label)
    else assert.deepEqual(body, rawBody, `${client}.${method}: the same data`)
  }
})

test('withRawResponse answers a response header as sent, and a download its file name', T, async () => {
  const { data, response } = await c.mevichat.withRawResponse.exportConversation({ sessionId: f.seededSessionId })
  assert.match(response.headers['content-disposition'], /attachment/)
  assert.equal(typeof data.fileName, 'string')
  assert.ok(response.headers['content-disposition'].includes(data.fileName))
})

test('withRawResponse rejects as the plain call does, with the request id of the error', T, async () => {
  const error = await expectError(chatwire.NotFoundError, () =>
    c.mevichat.withRawResponse.exportConversation({ sessionId: OTHER_UUID }),
  )
  assert.equal(error.status, 404)
  assert.equal(error.requestId, requestIdOf(lastRequest()))
  // Input is refused before any request, as the plain call refuses it.
  await expectError(chatwire.ValidationError, () => c.devapi.withRawResponse.chat({ message: '' }))
  await expectError(chatwire.ValidationError, () => c.vexar.withRawResponse.getHistory({ sessionId: 's1' }, { timeout: -1 }))
  assert.equal(mock.requests().length, 1)
})

test('withRawResponse keeps the client\'s options, and a withOptions copy has its own view', T, async () => {
  const headers = { 'x-trace': 'raw' }
  const copy = c.widgetkey.withOptions({ extraHeaders: headers })
  const { response } = await copy.withRawResponse.chat({ sessionId: 's1', message: 'hi' })
  assert.equal(lastRequest().headers['x-trace'], 'raw')
  assert.equal(response.requestId, requestIdOf(lastRequest()))
  await c.widgetkey.withRawResponse.chat({ sessionId: 's1', message: 'hi' })
  assert.equal(lastRequest().headers['x-trace'], undefined)
})

test('a retried call answers the request id of the attempt that succeeded', T, async () => {
  mock.pushFault({ fault: 'status', status: 503 })
  const { response } = await c.vexar.withRawResponse.getBlockStatus({ sessionId: 's1' }, { maxRetries: 1 })
  const [failed, answered] = mock.requests()
  assert.equal(failed.status, 503)
  assert.equal(response.requestId, requestIdOf(answered))
})

test('every stream has its status, headers and request id once open (null until then)', T, async (t) => {
  for (const [provider, open] of Object.entries(streamOpeners(mock))) {
    const stream = open()
    // The request runs on Rust's threads from here, so the head may already have come.
    assert.ok(stream.status === null || stream.status === 200, provider)
    const iterator = stream[Symbol.asyncIterator]()
    await iterator.next()
    const logged = lastRequest()
    t.diagnostic(`${provider}: ${stream.status} ${stream.requestId} ${stream.headers['content-type']}`)
    assert.equal(stream.status, 200, provider)
    assert.equal(stream.requestId, requestIdOf(logged), provider)
    assert.match(stream.headers['content-type'], /^text\/event-stream/, provider)
    assert.equal(stream.headers['x-request-id'], stream.requestId, provider)
    await iterator.return()
    // They stay once the stream is over.
    assert.equal(stream.status, 200, provider)
  }
})

test('a stream read whole by text() has them too; one refused at its status has none', T, async () => {
  const stream = c.devapi.chatStream({ message: 'hours' })
  await textOf(stream)
  assert.equal(stream.requestId, requestIdOf(lastRequest()))
  mock.pushFault({ fault: 'status', status: 500 })
  const refused = c.devapi.chatStream({ message: 'hours' })
  const error = await expectError(chatwire.InternalServerError, () => collect(refused))
  assert.equal(error.requestId, requestIdOf(lastRequest()))
  assert.equal(refused.status, null)
  assert.equal(refused.requestId, null)
})
