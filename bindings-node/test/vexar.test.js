'use strict'
// Every Vexar operation against the mock: chatStream, getHistory, saveEmail, saveContact,
// getOperatorMessages, getBlockStatus, getPendingProactive, uploadImage (a path or bytes),
// rateConversation, commentRating, and withOptions.

const { test, before, after, beforeEach } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const chatwire = require('chatwire')
const {
  T,
  CANADA,
  HOURS,
  PNG,
  MockServer,
  clients,
  collect,
  textOf,
  finalOf,
  requestsTo,
  answered,
  control,
} = require('./helpers.js')

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

/** What the mock stored for a Vexar session. */
function stored(sessionId) {
  return control(
    mock,
    'GET',
    `/__mock/vexar/conversation?site_key=${f.vexarSiteKey}&session_id=${sessionId}`,
  )
}

test('chatStream: chunk events, then done with its conversation id; the body sent', T, async () => {
  const stream = vexar.chatStream({
    sessionId: 'sess_1',
    message: 'Do you ship to Canada?',
    lang: 'en',
    messageId: 'm_abc',
  })
  assert.ok(stream instanceof chatwire.VexarChatStream)
  const events = await collect(stream)
  const chunks = events.filter((e) => e.type === 'chunk')
  assert.equal(chunks.length, events.length - 1)
  for (const chunk of chunks) assert.equal(typeof chunk.content, 'string')
  assert.ok(chunks.map((c) => c.content).join('').startsWith(CANADA))
  assert.deepEqual(events[events.length - 1], {
    type: 'done',
    meta: { conversationId: 50, extra: {} },
    extra: {},
  })
  const [sent] = requestsTo(mock, '/api/v1/chat/stream')
  assert.deepEqual(JSON.parse(sent.body), {
    session_id: 'sess_1',
    message: 'Do you ship to Canada?',
    lang: 'en',
    message_id: 'm_abc',
    site_key: f.vexarSiteKey,
  })
})

test('text(), finalMessage() and neutral()', T, async () => {
  assert.equal(await textOf(vexar.chatStream({ sessionId: 'sess_1', message: 'hours?' })), HOURS)
  const final = await finalOf(vexar.chatStream({ sessionId: 'sess_1', message: 'hours?' }))
  assert.equal(final.text, HOURS)
  assert.equal(final.finish.conversationId, '50')
  assert.equal(final.blockedReason, undefined)
  const neutral = await collect(vexar.chatStream({ sessionId: 'sess_1', message: 'hours?' }).neutral())
  const deltas = neutral.filter((e) => e.type === 'delta')
  assert.equal(deltas.map((d) => d.text).join(''), HOURS)
  const last = neutral[neutral.length - 1]
  assert.equal(last.type, 'finished')
  assert.equal(last.finish.conversationId, '50')
  // A conversation id is stable for a session, and differs between sessions.
  const other = await finalOf(vexar.chatStream({ sessionId: 'sess_other', message: 'hours?' }))
  assert.notEqual(other.finish.conversationId, '50')
})

test('getHistory answers the conversation so far', T, async () => {
  const empty = await vexar.getHistory({ sessionId: 'sess_2' })
  assert.deepEqual(answered(mock, empty), { success: true, messages: [] })
  await textOf(vexar.chatStream({ sessionId: 'sess_2', message: 'When are you open?' }))
  const history = await vexar.getHistory({ sessionId: 'sess_2' })
  assert.equal(history.success, true)
  assert.deepEqual(
    history.messages.map((m) => m.role),
    ['user', 'assistant'],
  )
  assert.equal(history.messages[0].content, 'When are you open?')
  assert.equal(history.messages[1].content, HOURS)
  assert.equal(typeof history.messages[0].createdAt, 'string')
  assert.deepEqual(history.messages[0].extra, {})
  const [sent] = requestsTo(mock, '/api/v1/chat/history')
  assert.equal(sent.method, 'GET')
  assert.match(sent.query, /site_key=sk_test_chatwire/)
  assert.match(sent.query, /session_id=sess_2/)
})

test('saveEmail, saveContact, rateConversation and commentRating reach the server', T, async () => {
  assert.deepEqual(answered(mock, await vexar.saveEmail({ sessionId: 'sess_2', email: 'jane@example.com' })), {
    success: true,
    message: 'Email saved',
  })
  assert.deepEqual(answered(mock, await vexar.saveContact({ sessionId: 'sess_2', phone: '+15550100', name: 'Jane' })), {
    success: true,
    message: 'Contact saved',
  })
  assert.deepEqual(answered(mock, await vexar.rateConversation({ sessionId: 'sess_2', score: 4 })), { success: true })
  assert.deepEqual(answered(mock, await vexar.commentRating({ sessionId: 'sess_2', comment: 'Great!' })), {
    success: true,
  })
  const conversation = await stored('sess_2')
  assert.equal(conversation.email, 'jane@example.com')
  assert.deepEqual(conversation.contact, { email: null, phone: '+15550100', name: 'Jane' })
  assert.equal(conversation.score, 4)
  assert.equal(conversation.comment, 'Great!')
  // A contact with an email only, and the lowest score.
  await vexar.saveContact({ sessionId: 'sess_3', email: 'j@example.com' })
  await vexar.rateConversation({ sessionId: 'sess_3', score: 1 })
  const other = await stored('sess_3')
  assert.deepEqual(other.contact, { email: 'j@example.com', phone: null, name: null })
  assert.equal(other.score, 1)
  assert.deepEqual(
    mock.requests().map((r) => [r.method, r.path]),
    [
      ['POST', '/api/v1/chat/email'],
      ['POST', '/api/v1/chat/contact'],
      ['POST', '/api/v1/chat/rate'],
      ['POST', '/api/v1/chat/rate/comment'],
      ['POST', '/api/v1/chat/contact'],
      ['POST', '/api/v1/chat/rate'],
    ],
  )
})

test('getOperatorMessages: none, then what an operator sent, with its extra fields', T, async () => {
  const empty = await vexar.getOperatorMessages({ sessionId: 'sess_3' })
  assert.deepEqual(answered(mock, empty), { success: true, messages: [], mode: 'ai' })
  await control(mock, 'POST', '/__mock/vexar/operator-messages', {
    site_key: f.vexarSiteKey,
    session_id: 'sess_3',
    messages: [{ content: 'Hi, Sam here.', operator: 'Sam' }],
    mode: 'operator',
  })
  const news = await vexar.getOperatorMessages({ sessionId: 'sess_3' })
  assert.equal(news.success, true)
  assert.equal(news.mode, 'operator')
  assert.equal(news.messages.length, 1)
  assert.equal(news.messages[0].content, 'Hi, Sam here.')
  assert.equal(news.messages[0].extra.operator, 'Sam')
})

test('getPendingProactive: none, then the queued nudges', T, async () => {
  assert.deepEqual(answered(mock, await vexar.getPendingProactive({ sessionId: 'sess_3' })), {
    success: true,
    messages: [],
  })
  await control(mock, 'POST', '/__mock/vexar/pending-proactive', {
    site_key: f.vexarSiteKey,
    session_id: 'sess_3',
    messages: [{ content: 'Need help?' }, { content: 'Psst' }],
  })
  const pending = await vexar.getPendingProactive({ sessionId: 'sess_3' })
  assert.equal(pending.success, true)
  assert.deepEqual(
    pending.messages.map((m) => m.content),
    ['Need help?', 'Psst'],
  )
})

test('getBlockStatus: the fixture visitor is blocked, others once blocked', T, async () => {
  assert.deepEqual(answered(mock, await vexar.getBlockStatus({ sessionId: 'sess_3' })), {
    success: true,
    blocked: false,
  })
  assert.equal((await vexar.getBlockStatus({ sessionId: f.vexarBlockedSession })).blocked, true)
  await control(mock, 'POST', '/__mock/vexar/block', {
    site_key: f.vexarSiteKey,
    session_id: 'sess_3',
    blocked: true,
  })
  assert.equal((await vexar.getBlockStatus({ sessionId: 'sess_3' })).blocked, true)
})

test('uploadImage from a Buffer: a URL that serves the same bytes', T, async () => {
  const uploaded = await vexar.uploadImage({
    sessionId: 'sess_4',
    image: PNG,
    fileName: 'a.png',
    contentType: 'image/png',
  })
  assert.equal(uploaded.success, true)
  assert.ok(uploaded.url.startsWith(mock.baseUrl), uploaded.url)
  const served = await fetch(uploaded.url)
  assert.equal(served.headers.get('content-type'), 'image/png')
  assert.deepEqual(Buffer.from(await served.arrayBuffer()), PNG)
  const [sent] = requestsTo(mock, '/api/v1/chat/upload-image')
  assert.ok(sent.body.startsWith('<multipart'), sent.body)
  assert.ok(sent.headers['content-type'].startsWith('multipart/form-data'))
})

test('uploadImage from a path: a URL that serves the file', T, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatwire-test-'))
  try {
    const file = path.join(dir, 'pixel.png')
    fs.writeFileSync(file, PNG)
    const first = await vexar.uploadImage({ sessionId: 'sess_4', image: file })
    const second = await vexar.uploadImage({ sessionId: 'sess_4', image: file })
    assert.equal(first.success, true)
    assert.notEqual(first.url, second.url)
    for (const { url } of [first, second]) {
      const served = await fetch(url)
      assert.equal(served.headers.get('content-type'), 'image/png')
      assert.deepEqual(Buffer.from(await served.arrayBuffer()), PNG)
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

/** The upload the mock keeps at `url`: its type and bytes, as it serves them. */
async function served(url) {
  const response = await fetch(url)
  return { type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) }
}

test('uploadImage takes the bytes users have: Buffer, Uint8Array, ArrayBuffer, Blob and File', T, async () => {
  const view = new Uint8Array(PNG.length + 4)
  view.set(PNG, 2)
  const cases = [
    ['Buffer', PNG],
    ['Uint8Array', new Uint8Array(PNG)],
    ['a Uint8Array over part of its buffer', view.subarray(2, 2 + PNG.length)],
    ['ArrayBuffer', PNG.buffer.slice(PNG.byteOffset, PNG.byteOffset + PNG.length)],
    ['Blob', new Blob([PNG], { type: 'image/png' })],
  ]
  for (const [label, image] of cases) {
    const uploaded = await vexar.uploadImage({ sessionId: 'sess_5', image, fileName: 'pixel.png' })
    assert.equal(uploaded.success, true, label)
    assert.deepEqual(await served(uploaded.url), { type: 'image/png', bytes: PNG }, label)
  }
  // A File brings its name and type; the raw view takes the same.
  const file = new File([PNG], 'photo.webp', { type: 'image/webp' })
  const fromFile = await vexar.withRawResponse.uploadImage({ sessionId: 'sess_5', image: file })
  assert.equal(fromFile.response.status, 200)
  assert.deepEqual(await served(fromFile.data.url), { type: 'image/webp', bytes: PNG })
  // A Blob with no type: the file name's extension says it.
  const untyped = await vexar.uploadImage({ sessionId: 'sess_5', image: new Blob([PNG]), fileName: 'a.gif' })
  assert.equal((await served(untyped.url)).type, 'image/gif')
  assert.equal(requestsTo(mock, '/api/v1/chat/upload-image').length, cases.length + 2)
})

test('uploadImage: an explicit contentType is taken as given, whatever the extension', T, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatwire-test-'))
  try {
    const heic = path.join(dir, 'photo.heic')
    fs.writeFileSync(heic, PNG)
    // By its extension alone, a .heic is refused before any request.
    await assert.rejects(vexar.uploadImage({ sessionId: 'sess_6', image: heic }), (error) =>
      error instanceof chatwire.ValidationError && error.field === 'image')
    assert.equal(requestsTo(mock, '/api/v1/chat/upload-image').length, 0)
    const fromPath = await vexar.uploadImage({ sessionId: 'sess_6', image: heic, contentType: 'image/heic' })
    assert.deepEqual(await served(fromPath.url), { type: 'image/heic', bytes: PNG })
    const fromBytes = await vexar.uploadImage({ sessionId: 'sess_6', image: PNG, fileName: 'photo.heic', contentType: 'image/heic' })
    assert.equal((await served(fromBytes.url)).type, 'image/heic')
    // A File's own type stands in for contentType; one given overrides it.
    const file = new File([PNG], 'scan.bin', { type: 'image/png' })
    const overridden = await vexar.uploadImage({ sessionId: 'sess_6', image: file, contentType: 'image/avif' })
    assert.equal((await served(overridden.url)).type, 'image/avif')
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})

test('uploadImage refuses bytes without a name, and what is not bytes, before any request', T, async () => {
  for (const image of [PNG, new Blob([PNG], { type: 'image/png' }), new ArrayBuffer(4)]) {
    await assert.rejects(vexar.uploadImage({ sessionId: 's', image }), (error) =>
      error instanceof chatwire.ValidationError && error.field === 'image' && /needs a fileName/.test(error.message))
  }
  for (const image of [42, { bytes: PNG }, [1, 2, 3]]) {
    await assert.rejects(vexar.uploadImage({ sessionId: 's', image, fileName: 'a.png' }), (error) =>
      error instanceof chatwire.ValidationError && error.field === 'image' && /a path or bytes/.test(error.message))
  }
  await assert.rejects(vexar.uploadImage({ sessionId: 's', image: PNG, fileName: 'a.png', contentType: 'text/plain' }), (error) =>
    error instanceof chatwire.ValidationError && error.field === 'contentType')
  assert.equal(requestsTo(mock, '/api/v1/chat/upload-image').length, 0)
})

test('withOptions answers a new Vexar with its headers and retries', T, async () => {
  const other = vexar.withOptions({ extraHeaders: { 'x-opt': 'o' }, maxRetries: 1 })
  assert.ok(other instanceof chatwire.Vexar)
  mock.pushFault({ fault: 'status', status: 503, retryAfterMs: 10 })
  assert.equal((await other.getHistory({ sessionId: 's' })).success, true)
  const logged = requestsTo(mock, '/api/v1/chat/history')
  assert.deepEqual(
    logged.map((r) => r.status),
    [503, 200],
  )
  assert.equal(logged[1].headers['x-opt'], 'o')
  // The original keeps no retries.
  mock.pushFault({ fault: 'status', status: 503 })
  await assert.rejects(vexar.getHistory({ sessionId: 's' }), chatwire.InternalServerError)
})
