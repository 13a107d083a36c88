'use strict'
// Every argument of every constructor and method of the four clients, refused before anything is
// sent: for each field in turn, a wrong type, a missing value (where one is required) and values
// out of what the field can hold, each a ValidationError whose `field` is that key, thrown by a
// constructor, withOptions and chatStream (or, for what the core checks as the stream opens, by
// its first read), and rejected by a method that answers a promise. A misspelt key is refused
// naming the key meant. Each valid input is accepted, so that each refusal is the field's doing.

const { test, before, after, beforeEach } = require('node:test')
const assert = require('node:assert/strict')
const chatwire = require('chatwire')
const { T, PNG, MockServer, clients, failure, textOf } = require('./helpers.js')
const { held } = require('./hostile.js')

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

/** A string no Rust string can hold: a lone surrogate. */
const LONE = 'a\ud800b'

function nested(depth) {
  let value = {}
  for (let i = 0; i < depth; i++) value = { d: value }
  return value
}

function cyclic() {
  const value = { plan: 'pro' }
  value.self = value
  return value
}

/** Shaped as an AbortSignal, but its addEventListener throws. */
function throwingSignal() {
  return {
    aborted: false,
    addEventListener() {
      throw new Error('no listeners here')
    },
    removeEventListener() {},
  }
}

/** A logger that keeps nothing. */
function quietLogger() {
  const ignore = () => {}
  return { debug: ignore, info: ignore, warn: ignore, error: ignore }
}

/** Per kind of field: values of a wrong type, and values out of what the field can hold. */
const KINDS = {
  string: { wrong: [42, true, {}, ['a']] },
  ms: { wrong: ['100', 100n], out: [-1, 0, -0, NaN, Infinity, -Infinity] },
  count: { wrong: ['2', 2n], out: [-1, 1.5, 2 ** 32, NaN, Infinity] },
  score: { wrong: ['5', 5n], out: [2.5, 256, -1, 0, 9, NaN] },
  page: { wrong: ['1', true], out: [0, 1.5, -2, 2 ** 32, NaN] },
  bool: { wrong: ['yes', 1, {}], none: 'a boolean has no value out of range' },
  logger: { wrong: ['console', 42, true, ['a'], () => {}], out: [{}, { debug() {}, info() {}, warn() {} }, { ...quietLogger(), error: 'no' }] },
  level: { wrong: [42, true, {}], out: ['verbose', 'DEBUG', '', 'trace', LONE] },
  headers: { wrong: ['x-a: b', 42, [['x-a', 'b']], new Map([['x-a', 'b']])], out: [{ 'a b': 'c' }, { a: 'x\ny' }, { a: 1 }, { a: LONE }] },
  json: { wrong: ['{"plan":"pro"}', 42, [1, 2], new Map(), () => {}], out: [cyclic(), nested(200), nested(5000), { n: 1n }, new Date(0), { toJSON: () => [] }, { bad: { toJSON() { throw new Error('no JSON') } } }] },
  image: { wrong: [42, true, {}, [1, 2]] },
  signal: { wrong: ['abort', 42, {}, { aborted: 'no' }], out: [throwingSignal()] },
}

/** A field of a params or options object: its kind, whether it is required, and the values out
 * of range that its own limits add (what the core checks, such as a message's length). */
const field = (kind, required, out = []) => ({ kind, required, out })
const req = (kind, out) => field(kind, true, out)
const opt = (kind, out) => field(kind, false, out)

/** What every constructor takes besides its credentials. */
function common() {
  return {
    valid: {
      baseUrl: mock.baseUrl,
      timeout: 5000,
      connectTimeout: 5000,
      idleTimeout: 5000,
      streamTimeout: 60000,
      maxRetries: 0,
      defaultHeaders: { 'x-a': 'b' },
      noProxy: '127.0.0.1',
      logger: quietLogger(),
      logLevel: 'debug',
    },
    fields: {
      baseUrl: opt('string', [LONE, 'not a url', 'ftp://127.0.0.1/', 'http://user:secret@127.0.0.1:1/', `${mock.baseUrl}/?q=1`, `${mock.baseUrl}/#top`]),
      timeout: opt('ms'),
      connectTimeout: opt('ms'),
      idleTimeout: opt('ms'),
      streamTimeout: opt('ms'),
      maxRetries: opt('count'),
      defaultHeaders: opt('headers', [{ 'content-length': '1' }, { host: 'elsewhere' }, { 'transfer-encoding': 'chunked' }]),
      caFile: opt('string', [LONE, '/nonexistent/ca.pem', __filename]),
      proxy: opt('string', [LONE, 'not a proxy url', 'http://']),
      noProxy: opt('string', [LONE]),
      logger: opt('logger'),
      logLevel: opt('level'),
    },
  }
}

/** The per-call options every method takes. */
function callOptions() {
  return {
    valid: {
      timeout: 5000,
      connectTimeout: 5000,
      idleTimeout: 5000,
      streamTimeout: 60000,
      maxRetries: 0,
      extraHeaders: { 'x-b': 'c' },
      signal: new AbortController().signal,
    },
    fields: {
      timeout: opt('ms'),
      connectTimeout: opt('ms'),
      idleTimeout: opt('ms'),
      streamTimeout: opt('ms'),
      maxRetries: opt('count'),
      // Framing headers are refused by the core as the call starts.
      extraHeaders: opt('headers', [{ 'content-length': '1' }, { connection: 'close' }]),
      signal: opt('signal'),
    },
  }
}

/** Every constructor, as an argument spec: the valid options and their fields. */
function constructors() {
  const { valid, fields } = common()
  return [
    {
      name: 'new Mevichat',
      firstCredential: 'publicKey',
      call: (o) => new chatwire.Mevichat(o),
      valid: { publicKey: f.mevichatPublicKey, origin: f.origin, exportToken: f.exportJwt, ...valid },
      fields: { publicKey: req('string', [LONE, '']), origin: req('string', [LONE, 'a\nb']), exportToken: opt('string', [LONE, 'a\nb']), ...fields },
    },
    {
      name: 'new Vexar',
      firstCredential: 'siteKey',
      call: (o) => new chatwire.Vexar(o),
      valid: { siteKey: f.vexarSiteKey, ...valid },
      fields: { siteKey: req('string', [LONE, '']), ...fields },
    },
    {
      name: 'new DevApi',
      firstCredential: 'apiKey',
      call: (o) => new chatwire.DevApi(o),
      valid: { apiKey: f.devapiKey, origin: f.origin, ...valid },
      fields: { apiKey: req('string', [LONE, 'a\nb']), origin: opt('string', [LONE, 'a\nb']), ...fields },
    },
    {
      name: 'new WidgetKey',
      firstCredential: 'apiKey',
      call: (o) => new chatwire.WidgetKey(o),
      valid: { apiKey: f.widgetKey, keyHeader: 'x-widget-api-key', ...valid },
      fields: { apiKey: req('string', [LONE, 'a\nb']), keyHeader: opt('string', [LONE, 'x-nope', 'X-API-KEY ']), ...fields },
    },
  ]
}

/** Every method that takes params and call options: its params spec (`null` for none), whether
 * the params are required, and whether it answers a stream. */
function methods() {
  const s = f.seededSessionId
  const { mevichat: m, vexar: v, devapi: d, widgetkey: w } = c
  const session = { sessionId: req('string', [LONE, '']) }
  const vexarSession = (name) => ({
    name: `Vexar.${name}`,
    call: (p, o) => v[name](p, o),
    valid: { sessionId: 's1' },
    fields: session,
  })
  return [
    {
      name: 'Mevichat.chatStream',
      stream: true,
      call: (p, o) => m.chatStream(p, o),
      valid: { sessionId: s, message: 'hi', visitorId: 'v-1', visitorMetadata: { plan: 'pro', at: new Date(0) } },
      fields: {
        sessionId: req('string', [LONE, 'not-a-uuid']),
        message: req('string', [LONE, '', 'x'.repeat(4001)]),
        visitorId: opt('string', [LONE]),
        visitorMetadata: opt('json'),
      },
    },
    { name: 'Mevichat.getWidgetConfig', call: (p, o) => m.getWidgetConfig(o), valid: null },
    {
      name: 'Mevichat.exportConversation',
      call: (p, o) => m.exportConversation(p, o),
      valid: { sessionId: s },
      fields: { sessionId: req('string', [LONE, 'not-a-uuid']) },
    },
    {
      name: 'Vexar.chatStream',
      stream: true,
      call: (p, o) => v.chatStream(p, o),
      valid: { sessionId: 's1', message: 'hi', lang: 'en', messageId: 'm1' },
      fields: { ...session, message: req('string', [LONE, '']), lang: opt('string', [LONE]), messageId: opt('string', [LONE]) },
    },
    vexarSession('getHistory'),
    vexarSession('getOperatorMessages'),
    vexarSession('getBlockStatus'),
    vexarSession('getPendingProactive'),
    {
      name: 'Vexar.saveEmail',
      call: (p, o) => v.saveEmail(p, o),
      valid: { sessionId: 's1', email: 'a@example.com' },
      fields: { ...session, email: req('string', [LONE, 'nope']) },
    },
    {
      name: 'Vexar.saveContact',
      call: (p, o) => v.saveContact(p, o),
      valid: { sessionId: 's1', email: 'a@example.com', phone: '+1 555 0100', name: 'Ada' },
      fields: { ...session, email: opt('string', [LONE]), phone: opt('string', [LONE]), name: opt('string', [LONE]) },
    },
    {
      name: 'Vexar.uploadImage',
      call: (p, o) => v.uploadImage(p, o),
      valid: { sessionId: 's1', image: PNG, fileName: 'pixel.png', contentType: 'image/png' },
      fields: {
        ...session,
        image: req('image', [LONE, Buffer.alloc(0), '/nonexistent/pixel.png', 'notes.txt']),
        fileName: opt('string', [LONE]),
        contentType: opt('string', [LONE]),
      },
    },
    {
      name: 'Vexar.rateConversation',
      call: (p, o) => v.rateConversation(p, o),
      valid: { sessionId: 's1', score: 5 },
      fields: { ...session, score: req('score') },
    },
    {
      name: 'Vexar.commentRating',
      call: (p, o) => v.commentRating(p, o),
      valid: { sessionId: 's1', comment: 'good' },
      fields: { ...session, comment: req('string', [LONE, '']) },
    },
    {
      name: 'DevApi.chat',
      call: (p, o) => d.chat(p, o),
      valid: { message: 'hi', sessionId: 'sess_1' },
      fields: { message: req('string', [LONE, '']), sessionId: opt('string', [LONE]) },
    },
    {
      name: 'DevApi.chatStream',
      stream: true,
      call: (p, o) => d.chatStream(p, o),
      valid: { message: 'hi', sessionId: 'sess_1' },
      fields: { message: req('string', [LONE, '']), sessionId: opt('string', [LONE]) },
    },
    {
      name: 'DevApi.getUsage',
      optionalParams: true,
      call: (p, o) => d.getUsage(p, o),
      valid: { startDate: '2024-01-01' },
      fields: { startDate: opt('string', [LONE, '01/01/2024', 'yesterday']) },
    },
    {
      name: 'DevApi.listSessions',
      optionalParams: true,
      call: (p, o) => d.listSessions(p, o),
      valid: { includeAll: true, page: 1, perPage: 10 },
      fields: { includeAll: opt('bool'), page: opt('page'), perPage: opt('page', [101]) },
    },
    {
      name: 'WidgetKey.chat',
      call: (p, o) => w.chat(p, o),
      valid: { sessionId: 's1', message: 'hi' },
      fields: { sessionId: req('string', [LONE, 'bad id', 'x'.repeat(129)]), message: req('string', [LONE, '', 'x'.repeat(4001)]) },
    },
    {
      name: 'WidgetKey.chatStream',
      stream: true,
      call: (p, o) => w.chatStream(p, o),
      valid: { sessionId: 's1', message: 'hi' },
      fields: { sessionId: req('string', [LONE, 'bad id']), message: req('string', [LONE, '']) },
    },
  ]
}

/** Each client's withOptions: its options are a CallOptions but for `signal`, which is per call. */
function withOptionsSpecs() {
  const { valid, fields } = callOptions()
  delete valid.signal
  // What the copy's calls send is checked as they start (framing headers): not here.
  const own = { ...fields, extraHeaders: opt('headers'), signal: opt('signal', [new AbortController().signal]) }
  return Object.entries(c).map(([provider, client]) => ({
    name: `${provider}.withOptions`,
    call: (o) => client.withOptions(o),
    valid,
    fields: own,
  }))
}

/** Each value `fields[key]` must refuse, with what it is (for messages). */
function badValues(spec) {
  const kind = KINDS[spec.kind]
  const values = []
  for (const value of kind.wrong) values.push(['a wrong type', value])
  if (spec.required) {
    values.push(['missing', undefined])
    values.push(['null', null])
  }
  for (const value of [...(kind.out ?? []), ...spec.out]) values.push(['out of range', value])
  return values
}

function describeValue(value) {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (typeof value === 'bigint') return `${value}n`
  if (typeof value === 'function') return 'a function'
  if (value instanceof Map) return 'a Map'
  if (Buffer.isBuffer(value)) return `a Buffer of ${value.length} bytes`
  return Object.prototype.toString.call(value)
}

/** `call()` fails, `how` is one of `hows`, with a ValidationError naming `key`; nothing was sent. */
async function expectRefused(label, key, hows, call) {
  const { error, how } = await failure(call)
  assert.equal(error?.constructor, chatwire.ValidationError, `${label}: ${error?.constructor?.name}: ${error?.message}`)
  assert.equal(error.field, key, `${label}: ${error.message}`)
  assert.equal(error.code, 'validation_error', label)
  assert.ok(error.message.includes(key), `${label}: ${error.message}`)
  assert.ok(hows.includes(how), `${label}: ${how}, not ${hows.join(' or ')}`)
  assert.deepEqual(mock.requests(), [], `${label} reached the server`)
}

/** The field `key` of `valid` set to `value` (left out when `undefined`). */
function withField(valid, key, value) {
  const copy = { ...valid }
  if (value === undefined) delete copy[key]
  else copy[key] = value
  return copy
}

/** Sweeps one object argument: each field of `spec` with each of its bad values. */
async function sweepFields(t, label, spec, hows, call) {
  let cases = 0
  const optional = Object.keys(spec.fields).filter((key) => !spec.fields[key].required)
  if (optional.length) t.diagnostic(`${label}: ${optional.join(', ')} may be missing (not swept for it)`)
  for (const [key, fieldSpec] of Object.entries(spec.fields)) {
    const kind = KINDS[fieldSpec.kind]
    if (kind.none && !fieldSpec.out.length) t.diagnostic(`${label} ${key}: ${kind.none} (not swept for it)`)
    for (const [what, value] of badValues(fieldSpec)) {
      await expectRefused(`${label} ${key} ${what} (${describeValue(value)})`, key, hows, () =>
        call(withField(spec.valid, key, value)),
      )
      cases++
    }
  }
  return cases
}

const NOT_OBJECTS = ['params', 42, true, ['a'], 1n, () => {}]

test('every constructor refuses each bad option, synchronously, naming it', T, held('bad-arguments', async (t) => {
  let cases = 0
  for (const spec of constructors()) {
    cases += await sweepFields(t, spec.name, spec, ['sync'], spec.call)
    for (const value of NOT_OBJECTS) {
      await expectRefused(`${spec.name}(${describeValue(value)})`, 'options', ['sync'], () => spec.call(value))
      cases++
    }
    // No options at all are the environment's, which has none of the credentials here.
    for (const value of [undefined, null]) {
      await expectRefused(`${spec.name}(${describeValue(value)})`, spec.firstCredential, ['sync'], () => spec.call(value))
      cases++
    }
  }
  t.diagnostic(`${cases} refused constructions`)
  assert.ok(cases > 150, String(cases))
}))

test('every method refuses each bad param: a promise rejects, chatStream throws or fails its first read', T, held('bad-arguments', async (t) => {
  let cases = 0
  const { valid: options } = callOptions()
  for (const spec of methods()) {
    if (spec.valid === null) {
      t.diagnostic(`${spec.name}: takes no params`)
      continue
    }
    // A stream opens in the background: the core's own checks of the request come with its
    // first read; the binding's come at once.
    const hows = spec.stream ? ['sync', 'stream'] : ['rejected']
    cases += await sweepFields(t, spec.name, spec, hows, (params) => spec.call(params, options))
    const notObjects = spec.optionalParams ? NOT_OBJECTS : [undefined, null, ...NOT_OBJECTS]
    for (const value of notObjects) {
      const sync = spec.stream ? ['sync'] : ['rejected']
      await expectRefused(`${spec.name}(${describeValue(value)})`, 'params', sync, () => spec.call(value, options))
      cases++
    }
  }
  t.diagnostic(`${cases} refused calls`)
  assert.ok(cases > 250, String(cases))
}))

test('every method refuses each bad call option: a promise rejects, chatStream throws or fails its first read', T, held('bad-arguments', async (t) => {
  let cases = 0
  for (const spec of methods()) {
    const options = callOptions()
    const hows = spec.stream ? ['sync', 'stream'] : ['rejected']
    cases += await sweepFields(t, `${spec.name} options`, options, hows, (o) => spec.call(spec.valid, o))
    for (const value of NOT_OBJECTS) {
      const sync = spec.stream ? ['sync'] : ['rejected']
      await expectRefused(`${spec.name}(params, ${describeValue(value)})`, 'options', sync, () => spec.call(spec.valid, value))
      cases++
    }
  }
  t.diagnostic(`${cases} refused calls`)
  assert.ok(cases > 400, String(cases))
}))

test('every withOptions refuses each bad option, synchronously, and a signal', T, async (t) => {
  let cases = 0
  for (const spec of withOptionsSpecs()) {
    cases += await sweepFields(t, spec.name, spec, ['sync'], spec.call)
    for (const value of [undefined, null, ...NOT_OBJECTS]) {
      await expectRefused(`${spec.name}(${describeValue(value)})`, 'options', ['sync'], () => spec.call(value))
      cases++
    }
  }
  assert.ok(cases > 80, String(cases))
})

test('each valid input above is accepted, so that each refusal is its field\'s', T, async () => {
  for (const spec of constructors()) {
    assert.ok(spec.call(spec.valid), spec.name)
    // null is an absent optional field.
    const nulls = Object.fromEntries(
      Object.entries(spec.fields).map(([key, s]) => [key, s.required ? spec.valid[key] : null]),
    )
    assert.ok(spec.call({ ...nulls, baseUrl: mock.baseUrl }), `${spec.name} with nulls`)
  }
  for (const spec of withOptionsSpecs()) assert.ok(spec.call(spec.valid), spec.name)
  for (const spec of methods()) {
    const { valid: options } = callOptions()
    const answer = spec.call(spec.valid, options)
    const settled = spec.stream ? await textOf(answer) : await answer
    assert.ok(settled, spec.name)
    if (spec.optionalParams) {
      assert.ok(await spec.call(undefined, undefined), `${spec.name}()`)
      assert.ok(await spec.call(null, null), `${spec.name}(null, null)`)
    }
  }
  assert.ok(mock.requests().length >= methods().length)
  assert.ok(mock.requests().every((r) => r.status === 200), JSON.stringify(mock.requests().map((r) => [r.path, r.status])))
})

// --- misspelt keys ---------------------------------------------------------------------------

/** `call()` fails with a ValidationError naming `typo` as its field and `meant` in its message. */
async function expectTypo(typo, meant, hows, call) {
  const { error, how } = await failure(call)
  assert.equal(error?.constructor, chatwire.ValidationError, `${typo}: ${error}`)
  assert.equal(error.field, typo)
  assert.match(error.message, new RegExp(`unknown \\w+ ${typo}; did you mean ${meant}\\?`), error.message)
  assert.ok(hows.includes(how), `${typo}: ${how}`)
  assert.deepEqual(mock.requests(), [], `${typo} reached the server`)
}

test('a misspelt constructor option is refused, naming the option meant: no client for the wrong origin', T, held('misspelt-option', async () => {
  const m = { publicKey: f.mevichatPublicKey, origin: f.origin }
  const cases = [
    ['baseURL', 'baseUrl', () => new chatwire.Mevichat({ ...m, baseURL: mock.baseUrl })],
    ['base_url', 'baseUrl', () => new chatwire.Mevichat({ ...m, base_url: mock.baseUrl })],
    ['maxRetires', 'maxRetries', () => new chatwire.Mevichat({ ...m, baseUrl: mock.baseUrl, maxRetires: 5 })],
    ['timout', 'timeout', () => new chatwire.Vexar({ siteKey: 'k', baseUrl: mock.baseUrl, timout: 10 })],
    ['idleTimout', 'idleTimeout', () => new chatwire.DevApi({ apiKey: 'k', baseUrl: mock.baseUrl, idleTimout: 10 })],
    ['connectTimeOut', 'connectTimeout', () => new chatwire.DevApi({ apiKey: 'k', baseUrl: mock.baseUrl, connectTimeOut: 10 })],
    ['defaultHeader', 'defaultHeaders', () => new chatwire.WidgetKey({ apiKey: 'k', baseUrl: mock.baseUrl, defaultHeader: {} })],
    ['apikey', 'apiKey', () => new chatwire.WidgetKey({ apikey: 'k', baseUrl: mock.baseUrl })],
    ['keyHeaders', 'keyHeader', () => new chatwire.WidgetKey({ apiKey: 'k', baseUrl: mock.baseUrl, keyHeaders: 'x-api-key' })],
    ['publicKy', 'publicKey', () => new chatwire.Mevichat({ publicKy: 'k', origin: f.origin })],
    ['exportJwt', 'exportToken', () => new chatwire.Mevichat({ ...m, baseUrl: mock.baseUrl, exportJwt: f.exportJwt })],
  ]
  for (const [typo, meant, call] of cases) {
    if (typo === 'exportJwt') {
      // Too far from every option for a guess: the message lists them all instead.
      const { error } = await failure(call)
      assert.equal(error.field, 'exportJwt')
      assert.match(error.message, /unknown option exportJwt; the options are publicKey, origin, exportToken, baseUrl/)
      continue
    }
    await expectTypo(typo, meant, ['sync'], call)
  }
}))

test('a misspelt param is refused, naming the param meant', T, held('misspelt-option', async () => {
  const s = f.seededSessionId
  const cases = [
    ['sessionID', 'sessionId', ['sync'], () => c.mevichat.chatStream({ sessionID: s, message: 'hi' })],
    ['session_id', 'sessionId', ['rejected'], () => c.mevichat.exportConversation({ session_id: s })],
    ['mesage', 'message', ['rejected'], () => c.devapi.chat({ mesage: 'hi' })],
    ['visitorMetaData', 'visitorMetadata', ['sync'], () => c.mevichat.chatStream({ sessionId: s, message: 'hi', visitorMetaData: {} })],
    ['scores', 'score', ['rejected'], () => c.vexar.rateConversation({ sessionId: 's', scores: 5 })],
    ['filename', 'fileName', ['rejected'], () => c.vexar.uploadImage({ sessionId: 's', image: PNG, filename: 'a.png', contentType: 'image/png' })],
    ['per_page', 'perPage', ['rejected'], () => c.devapi.listSessions({ per_page: 5 })],
    ['startdate', 'startDate', ['rejected'], () => c.devapi.getUsage({ startdate: '2024-01-01' })],
    ['sesionId', 'sessionId', ['sync'], () => c.widgetkey.chatStream({ sesionId: 's', message: 'hi' })],
  ]
  for (const [typo, meant, hows, call] of cases) await expectTypo(typo, meant, hows, call)
}))

test('a misspelt call option is refused, naming the option meant, in calls and withOptions', T, held('misspelt-option', async () => {
  const s = f.seededSessionId
  const cases = [
    ['maxRetires', 'maxRetries', ['rejected'], () => c.vexar.getHistory({ sessionId: 's' }, { maxRetires: 0 })],
    ['timeOut', 'timeout', ['rejected'], () => c.mevichat.getWidgetConfig({ timeOut: 10 })],
    ['idle_timeout', 'idleTimeout', ['sync'], () => c.mevichat.chatStream({ sessionId: s, message: 'hi' }, { idle_timeout: 10 })],
    ['extraHeader', 'extraHeaders', ['rejected'], () => c.widgetkey.chat({ sessionId: 's', message: 'hi' }, { extraHeader: {} })],
    ['signl', 'signal', ['rejected'], () => c.devapi.getUsage(undefined, { signl: AbortSignal.abort() })],
    ['maxRetry', 'maxRetries', ['sync'], () => c.devapi.withOptions({ maxRetry: 1 })],
    ['headers', 'extraHeaders', ['sync'], () => c.vexar.withOptions({ headers: { a: 'b' } })],
  ]
  for (const [typo, meant, hows, call] of cases) {
    if (typo === 'headers') {
      // A guess too far to make: every option is listed instead.
      const { error } = await failure(call)
      assert.equal(error.field, 'headers')
      assert.match(error.message, /unknown option headers; the options are timeout, connectTimeout, idleTimeout, streamTimeout, maxRetries, extraHeaders, signal/)
      continue
    }
    await expectTypo(typo, meant, hows, call)
  }
}))

test('only own enumerable string keys count: symbols, inherited and hidden keys are not unknown', T, async () => {
  const params = Object.create({ inherited: 1 })
  params.sessionId = 's1'
  Object.defineProperty(params, 'hidden', { value: 1, enumerable: false })
  params[Symbol('tag')] = 1
  assert.equal((await c.vexar.getHistory(params)).success, true)
  // An inherited field is read as any other.
  const derived = Object.create({ sessionId: 's1' })
  assert.equal((await c.vexar.getBlockStatus(derived)).success, true)
  assert.equal(mock.requests().length, 2)
})

// --- durations and numbers past what a field holds ----------------------------------------------

test('a huge duration is accepted and means "never", at every place a duration goes', T, async () => {
  for (const huge of [1e22, Number.MAX_VALUE, 2 ** 64]) {
    const client = clients(mock, { timeout: huge, connectTimeout: huge, idleTimeout: huge }).vexar
    assert.equal((await client.getHistory({ sessionId: 's' }, { timeout: huge, idleTimeout: huge })).success, true)
    const text = await textOf(client.chatStream({ sessionId: 's', message: 'hi' }, { timeout: huge, idleTimeout: huge }))
    assert.ok(text.length > 0)
    assert.ok(client.withOptions({ timeout: huge, idleTimeout: huge }))
  }
  // A duration shorter than a nanosecond is a nanosecond: the call times out, and says so.
  mock.pushFault({ fault: 'stall_before_headers', ms: 200 })
  const error = await failure(() => c.vexar.getHistory({ sessionId: 's' }, { timeout: Number.MIN_VALUE }))
  assert.equal(error.error?.constructor, chatwire.APITimeoutError, String(error.error))
  assert.equal(error.how, 'rejected')
})

test('the binding names what a number field holds; the core names the documented range', T, async () => {
  const score = async (value) => (await failure(() => c.vexar.rateConversation({ sessionId: 's', score: value }))).error.message
  assert.match(await score(2.5), /invalid score: must be a whole number from 0 to 255, not 2.5/)
  assert.match(await score(300), /not 300/)
  assert.match(await score(9), /invalid score: must be from 1 to 5, not 9/)
  const retries = (await failure(() => c.vexar.getHistory({ sessionId: 's' }, { maxRetries: NaN }))).error.message
  assert.match(retries, /invalid maxRetries: must be a whole number from 0 to 4294967295, not NaN/)
  const timeout = (await failure(() => c.vexar.getHistory({ sessionId: 's' }, { timeout: -Infinity }))).error.message
  assert.match(timeout, /invalid timeout: must be a positive number of milliseconds, not -Infinity/)
  const typed = (await failure(() => c.vexar.rateConversation({ sessionId: 's', score: '5' }))).error.message
  assert.equal(typed, 'invalid score: must be a number, not string')
  assert.deepEqual(mock.requests(), [])
})

test('a getter or a proxy that throws while its object is read is a ValidationError naming the key', T, async () => {
  const s = f.seededSessionId
  const throwing = {
    get sessionId() {
      throw new RangeError('no session today')
    },
    message: 'hi',
  }
  const ownKeys = new Proxy({}, { ownKeys: () => { throw new Error('no keys') } })
  const { proxy: revoked, revoke } = Proxy.revocable({}, {})
  revoke()
  const cases = [
    ['sessionId', /reading it threw RangeError: no session today/, () => c.mevichat.chatStream(throwing)],
    ['params', /listing its keys threw Error: no keys/, () => c.devapi.chat(ownKeys)],
    ['params', /revoked/, () => c.widgetkey.chat(revoked)],
    ['options', /revoked/, () => new chatwire.Vexar(revoked)],
    ['signal', /listening to it threw Error: no listeners here/, () => c.vexar.getHistory({ sessionId: 's' }, { signal: throwingSignal() })],
    ['timeout', /reading it threw Error: late/, () => c.mevichat.getWidgetConfig({ get timeout() { throw new Error('late') } })],
  ]
  for (const [key, reason, call] of cases) {
    const { error } = await failure(call)
    assert.equal(error?.constructor, chatwire.ValidationError, `${key}: ${error}`)
    assert.equal(error.field, key)
    assert.match(error.message, reason)
  }
  assert.deepEqual(mock.requests(), [])
  // The exception was cleared: the next call works.
  assert.ok((await textOf(c.mevichat.chatStream({ sessionId: s, message: 'hi' }))).length > 0)
})
