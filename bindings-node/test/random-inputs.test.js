'use strict'
// Random input to every constructor and method of the four clients: nested, cyclic, huge and
// oddly typed values, in place of whole arguments and of single fields of valid ones, with
// unknown keys mixed in. Nothing may come out but an answer or a ChatwireError (a promise method
// rejecting, never throwing), and the process must live: the loop runs in a child process (this
// file, run with `--child`), whose exit status the test checks, so that a crash is a failure
// rather than the end of the suite. Seeded (CHATWIRE_RANDOM_SEED picks another seed) and bounded
// in count and time.

const SEED = Number(process.env.CHATWIRE_RANDOM_SEED ?? 20261201)
const MAX_CASES = 3000
const BUDGET_MS = 12000

if (process.argv.includes('--child')) {
  child().then(
    (code) => process.exit(code),
    (error) => {
      console.error('the random loop itself failed:', error)
      process.exit(2)
    },
  )
} else {
  const { test } = require('node:test')
  const { held } = require('./hostile.js')
  const assert = require('node:assert/strict')
  const { spawnSync } = require('node:child_process')

  test('random input to every method and constructor: an answer or a ChatwireError, and no crash', { timeout: 30000 }, held('bad-arguments', (t) => {
    const run = spawnSync(process.execPath, ['--expose-gc', __filename, '--child'], {
      encoding: 'utf8',
      timeout: 25000,
      env: { ...process.env, CHATWIRE_RANDOM_SEED: String(SEED) },
      maxBuffer: 16 * 1024 * 1024,
    })
    for (const line of run.stdout.split('\n').filter(Boolean)) t.diagnostic(line)
    assert.equal(run.error, undefined, String(run.error))
    assert.equal(run.signal, null, `the child was killed by ${run.signal}: ${run.stderr.slice(-4000)}`)
    assert.equal(run.status, 0, `exit ${run.status}: ${run.stderr.slice(-4000)}`)
    const summary = /(\d+) cases: (\d+) answered, (\d+) ChatwireError/.exec(run.stdout)
    assert.ok(summary, run.stdout.slice(-2000))
    const [, cases, answered, refused] = summary.map(Number)
    assert.ok(cases >= 200, `only ${cases} cases ran`)
    assert.equal(answered + refused, cases)
    assert.ok(answered > 0 && refused > 0, 'both answers and errors came out')
  }))
}

/** mulberry32: a small seeded generator. */
function generator(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

async function child() {
  const chatwire = require('chatwire')
  const { MockServer } = require('chatwire/testing')
  const random = generator(SEED)
  const int = (n) => Math.floor(random() * n)
  const pick = (list) => list[int(list.length)]
  const chance = (p) => random() < p

  const mock = await MockServer.start({ relaxedRateLimits: true })
  const f = mock.fixtures
  const PNG = Buffer.from(
    '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
      '1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082',
    'hex',
  )

  // --- values ---------------------------------------------------------------------------------

  function nested(depth) {
    let value = {}
    for (let i = 0; i < depth; i++) value = chance(0.5) ? { d: value } : [value]
    return value
  }
  const KEYS = ['sessionId', 'message', 'timeout', 'maxRetries', 'baseUrl', 'publicKey', 'signal', 'toJSON', '__proto__', 'constructor', '', 'é', 'a b', 'x'.repeat(300)]
  const odd = [
    () => undefined,
    () => null,
    () => true,
    () => pick([0, -0, 1, -1, 0.5, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 64, 1e22, 1e308, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity]),
    () => pick([1n, -1n, 2n ** 100n]),
    () => pick(['', 'x', 'hi', 'é', '\u0000', 'a\ud800b', '\udc00', 'bad id', 'not-a-uuid', f.seededSessionId, 'x'.repeat(int(5000)), 'x'.repeat(1 << 20), 'http://127.0.0.1:1/', mock.baseUrl, `${mock.baseUrl}/?q=1`, 'image/png', 'a\nb', 'content-length', '/nonexistent.png', __filename]),
    () => Symbol('s'),
    () => () => {},
    () => class Odd {},
    () => [],
    () => new Array(int(100)).fill(int(3)),
    () => ({}),
    () => Object.create(null),
    () => nested(int(300)),
    () => nested(int(6000)),
    () => {
      const cycle = { a: 1 }
      cycle.self = cycle
      return cycle
    },
    () => new Date(int(1e12)),
    () => new Date(NaN),
    () => /re/g,
    () => new Map([[1, 2]]),
    () => new Set([1]),
    () => new WeakMap(),
    () => Promise.resolve(1),
    () => new Error('an error'),
    () => new String('boxed'),
    () => new Number(5),
    () => Buffer.from('abc'),
    () => Buffer.alloc(0),
    () => PNG,
    () => new Uint8Array(4),
    () => new Float64Array(2),
    () => new ArrayBuffer(8),
    () => new DataView(new ArrayBuffer(2)),
    () => new AbortController().signal,
    () => AbortSignal.abort(),
    () => ({ aborted: false, addEventListener() { throw new Error('no') }, removeEventListener() {} }),
    () => ({ aborted: 'yes', addEventListener: 1 }),
    () => ({ toJSON() { throw new Error('toJSON') } }),
    () => ({ toJSON: () => undefined }),
    () => ({ get boom() { throw new Error('getter') } }),
    () => new Proxy({}, { get() { throw new Error('get trap') } }),
    () => new Proxy({}, { ownKeys() { throw new Error('ownKeys trap') } }),
    () => new Proxy({}, { getPrototypeOf() { throw new Error('proto trap') } }),
    () => new Proxy([], {}),
    () => {
      const { proxy, revoke } = Proxy.revocable({}, {})
      revoke()
      return proxy
    },
    () => Object.freeze({ sessionId: 's' }),
    () => Object.defineProperty({}, 'sessionId', { get: () => 's', enumerable: true }),
    () => globalThis,
    () => ({ [pick(KEYS)]: value(1) }),
    () => Object.fromEntries(Array.from({ length: int(2000) }, (_, i) => [`k${i}`, i])),
  ]

  /** A random value, nested at most `depth` more times. */
  function value(depth = 2) {
    if (depth > 0 && chance(0.15)) {
      const obj = {}
      for (let i = int(4); i > 0; i--) obj[pick(KEYS)] = value(depth - 1)
      return obj
    }
    if (depth > 0 && chance(0.05)) return Array.from({ length: int(4) }, () => value(depth - 1))
    return pick(odd)()
  }

  /** A valid object, then: a field replaced, a field dropped, an unknown key added, or all of it. */
  function mutate(valid) {
    if (chance(0.15)) return value()
    const copy = { ...valid }
    const keys = Object.keys(copy)
    for (let i = 1 + int(2); i > 0; i--) {
      const roll = random()
      if (roll < 0.6 && keys.length) copy[pick(keys)] = value()
      else if (roll < 0.75 && keys.length) delete copy[pick(keys)]
      else if (roll < 0.85) copy[pick(KEYS)] = value()
      else if (roll < 0.9) Object.setPrototypeOf(copy, { inherited: value() })
    }
    return copy
  }

  const callOptions = () => mutate({ timeout: 3000, idleTimeout: 3000, maxRetries: 0, extraHeaders: { 'x-a': 'b' } })
  const common = { baseUrl: mock.baseUrl, maxRetries: 0, timeout: 3000, connectTimeout: 1000, idleTimeout: 3000, defaultHeaders: { 'x-a': 'b' } }
  const clients = {
    mevichat: new chatwire.Mevichat({ publicKey: f.mevichatPublicKey, origin: f.origin, exportToken: f.exportJwt, ...common }),
    vexar: new chatwire.Vexar({ siteKey: f.vexarSiteKey, ...common }),
    devapi: new chatwire.DevApi({ apiKey: f.devapiKey, ...common }),
    widgetkey: new chatwire.WidgetKey({ apiKey: f.widgetKey, ...common }),
  }

  // --- what is called ---------------------------------------------------------------------------

  /** Each entry: a name, how it answers ('sync', 'promise', 'stream', 'iterator'), the random arguments
   * (made apart from the call, as making odd values can itself throw) and the call. */
  const s = f.seededSessionId
  const method = (client, name, valid, answers = 'promise') => ({
    name: `${client}.${name}`,
    answers,
    args: () => (valid === null ? [callOptions()] : [mutate(valid), callOptions()]),
    call: (args) => clients[client][name](...args),
  })
  const construct = (name, Class, valid) => ({
    name: `new ${name}`,
    answers: 'sync',
    args: () => [mutate(valid)],
    call: (args) => new Class(...args),
  })
  const CALLS = [
    construct('Mevichat', chatwire.Mevichat, { publicKey: f.mevichatPublicKey, origin: f.origin, exportToken: f.exportJwt, ...common }),
    construct('Vexar', chatwire.Vexar, { siteKey: f.vexarSiteKey, ...common }),
    construct('DevApi', chatwire.DevApi, { apiKey: f.devapiKey, origin: f.origin, ...common }),
    construct('WidgetKey', chatwire.WidgetKey, { apiKey: f.widgetKey, keyHeader: 'x-api-key', ...common }),
    method('mevichat', 'chatStream', { sessionId: s, message: 'hi', visitorId: 'v', visitorMetadata: { plan: 'pro' } }, 'stream'),
    method('mevichat', 'getWidgetConfig', null),
    method('mevichat', 'exportConversation', { sessionId: s }),
    method('vexar', 'chatStream', { sessionId: 's1', message: 'hi', lang: 'en', messageId: 'm' }, 'stream'),
    method('vexar', 'getHistory', { sessionId: 's1' }),
    method('vexar', 'saveEmail', { sessionId: 's1', email: 'a@example.com' }),
    method('vexar', 'saveContact', { sessionId: 's1', email: 'a@example.com', phone: '1', name: 'n' }),
    method('vexar', 'getOperatorMessages', { sessionId: 's1' }),
    method('vexar', 'getBlockStatus', { sessionId: 's1' }),
    method('vexar', 'getPendingProactive', { sessionId: 's1' }),
    method('vexar', 'uploadImage', { sessionId: 's1', image: PNG, fileName: 'p.png', contentType: 'image/png' }),
    method('vexar', 'rateConversation', { sessionId: 's1', score: 4 }),
    method('vexar', 'commentRating', { sessionId: 's1', comment: 'ok' }),
    method('devapi', 'chat', { message: 'hi', sessionId: 'sess_1' }),
    method('devapi', 'chatStream', { message: 'hi' }, 'stream'),
    method('devapi', 'getUsage', { startDate: '2024-01-01' }),
    method('devapi', 'listSessions', { includeAll: true, page: 1, perPage: 5 }),
    method('devapi', 'sessions', { includeAll: true, page: 1, perPage: 5 }, 'iterator'),
    method('widgetkey', 'chat', { sessionId: 's1', message: 'hi' }),
    method('widgetkey', 'chatStream', { sessionId: 's1', message: 'hi' }, 'stream'),
    ...Object.keys(clients).map((client) => ({
      name: `${client}.withOptions`,
      answers: 'sync',
      args: () => [callOptions()],
      call: (args) => clients[client].withOptions(...args),
    })),
    // Whole arguments at random, in any number, to any method of a client or of its
    // withRawResponse view.
    ...Object.keys(clients).flatMap((client) =>
      [clients[client], clients[client].withRawResponse].map((target) => ({
        name: `${client}${target === clients[client] ? '' : '.withRawResponse'}.* with random arguments`,
        answers: 'any',
        args: () => [pick(methodNames(target)), ...Array.from({ length: int(4) }, () => value())],
        call: ([name, ...args]) => target[name](...args),
      })),
    ),
  ]

  /** The methods of `target`'s class (not its getters, such as `withRawResponse`). */
  function methodNames(target) {
    const prototype = Object.getPrototypeOf(target)
    return Object.getOwnPropertyNames(prototype).filter(
      (name) => name !== 'constructor' && typeof Object.getOwnPropertyDescriptor(prototype, name).value === 'function',
    )
  }

  /** Reads what a call answered: awaits a promise, iterates a stream a little (or reads it whole). */
  async function settle(answer) {
    if (answer && typeof answer.then === 'function') return answer
    if (answer instanceof chatwire.DevApiSessionIterator) {
      let sessions = 0
      for await (const _ of answer) if (++sessions > int(4)) break
      return sessions
    }
    if (answer && typeof answer[Symbol.asyncIterator] === 'function') {
      const roll = random()
      if (roll < 0.3) return answer.text()
      if (roll < 0.4) return answer.finalMessage()
      let steps = 0
      const source = roll < 0.5 ? answer.neutral() : answer
      for await (const _ of source) if (++steps > 3) break
      if (chance(0.2)) for await (const _ of answer) steps++ // a second reader: refused
      return steps
    }
    return answer
  }

  const within = (promise, ms) =>
    Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())])

  const started = Date.now()
  const problems = []
  const counts = { cases: 0, answered: 0, refused: 0 }
  const kinds = new Map()
  while (counts.cases < MAX_CASES && Date.now() - started < BUDGET_MS) {
    const entry = pick(CALLS)
    let args
    try {
      args = entry.args()
    } catch {
      // An odd value that cannot even be built (a prototype that refuses writes): no case.
      continue
    }
    counts.cases++
    let thrown = false
    let outcome
    try {
      let answer
      try {
        answer = entry.call(args)
      } catch (error) {
        thrown = true
        throw error
      }
      outcome = await within(settle(answer), 10000)
      counts.answered++
    } catch (error) {
      if (!(error instanceof chatwire.ChatwireError)) {
        problems.push(`${entry.name}: ${error?.constructor?.name}: ${String(error?.message ?? error).slice(0, 300)}`)
      } else if (thrown && entry.answers === 'promise') {
        problems.push(`${entry.name} threw ${error.constructor.name} instead of rejecting: ${error.message.slice(0, 200)}`)
      } else {
        counts.refused++
        kinds.set(error.constructor.name, (kinds.get(error.constructor.name) ?? 0) + 1)
      }
    }
    void outcome
    if (counts.cases % 100 === 0 && global.gc) global.gc()
    if (problems.length >= 20) break
  }
  mock.stop()
  console.log(`seed ${SEED}: ${counts.cases} cases: ${counts.answered} answered, ${counts.refused} ChatwireError, in ${Date.now() - started} ms`)
  console.log(`errors by class: ${[...kinds].map(([name, n]) => `${name} ${n}`).join(', ')}`)
  for (const problem of problems) console.log(`PROBLEM ${problem}`)
  return problems.length === 0 ? 0 : 1
}
