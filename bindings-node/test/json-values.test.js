'use strict'
// Free-form JSON (Mevichat's visitorMetadata) is what the engine's own JSON.stringify writes of
// it: toJSON applies, undefined and functions are left out, NaN is null. What JSON.stringify or
// serde_json cannot take (a cycle, nesting 128 levels deep or more, a BigInt, a toJSON that
// throws), and a value that is not a plain object, is a ValidationError naming visitorMetadata:
// nothing is sent, and the process lives on.

const { test, before, after, beforeEach } = require('node:test')
const assert = require('node:assert/strict')
const vm = require('node:vm')
const chatwire = require('chatwire')
const { T, MockServer, mevichatClient, textOf, requestsTo } = require('./helpers.js')
const { held } = require('./hostile.js')

const CHAT = '/api/chat/'
let mock, f, mevichat

before(async () => {
  mock = await MockServer.start({ relaxedRateLimits: true })
  f = mock.fixtures
})
after(() => mock.stop())
beforeEach(() => {
  mock.reset()
  mevichat = mevichatClient(mock)
})

/** The visitor_metadata the mock received for a chat sent with `metadata`. */
async function sent(metadata) {
  mock.reset()
  await textOf(mevichat.chatStream({ sessionId: f.seededSessionId, message: 'hi', visitorMetadata: metadata }))
  const [request] = requestsTo(mock, CHAT)
  return JSON.parse(request.body).visitor_metadata
}

/** `metadata` is refused synchronously, naming visitorMetadata, with a reason matching `reason`. */
function refused(metadata, reason) {
  let thrown
  assert.throws(
    () => mevichat.chatStream({ sessionId: f.seededSessionId, message: 'hi', visitorMetadata: metadata }),
    (error) => {
      thrown = error
      return true
    },
  )
  assert.equal(thrown?.constructor, chatwire.ValidationError, `${thrown?.constructor?.name}: ${thrown?.message}`)
  assert.equal(thrown.field, 'visitorMetadata')
  assert.equal(thrown.code, 'validation_error')
  assert.match(thrown.message, /^invalid visitorMetadata: /)
  assert.match(thrown.message, reason)
  return thrown
}

function nested(depth, leaf = {}) {
  let value = leaf
  for (let i = 1; i < depth; i++) value = { d: value }
  return value
}

class Visit {
  constructor() {
    this.plan = 'pro'
    this.hidden = undefined
  }

  toJSON() {
    return { plan: this.plan, kind: 'visit' }
  }
}

test('what is sent is what JSON.stringify writes: toJSON, undefined, functions, NaN, symbols', T, held('json-follows-the-language', async () => {
  const metadata = {
    at: new Date(0),
    plan: 'pro',
    missing: undefined,
    call() {},
    nan: NaN,
    inf: -Infinity,
    negZero: -0,
    list: [1, undefined, () => {}, Symbol('s'), new Date(86400000)],
    nested: { visit: new Visit(), big: Number.MAX_SAFE_INTEGER, text: 'é\u2028\u0000"' },
    [Symbol('key')]: 'dropped',
    boxed: [new String('s'), new Number(3), new Boolean(false)],
    regexp: /x/g,
    map: new Map([[1, 2]]),
    typed: new Uint8Array([1, 2]),
  }
  const expected = JSON.parse(JSON.stringify(metadata))
  assert.equal(expected.at, '1970-01-01T00:00:00.000Z')
  assert.deepEqual(await sent(metadata), expected)
  // No prototype at all is a plain object too; an object of another realm is one of its own.
  const bare = Object.assign(Object.create(null), { plan: 'pro' })
  assert.deepEqual(await sent(bare), { plan: 'pro' })
  assert.deepEqual(await sent(vm.runInNewContext('({ plan: "pro", at: new Date(0) })')), {
    plan: 'pro',
    at: '1970-01-01T00:00:00.000Z',
  })
  // A class instance that says how it is written, at the top.
  assert.deepEqual(await sent(new Visit()), { plan: 'pro', kind: 'visit' })
  // null is an absent field.
  assert.equal(await sent(null), undefined)
}))

test('deep nesting is sent; 128 levels and more are refused, however deep', T, async () => {
  // 126 levels (the body that carries them is one more, and the mock's parser takes 127).
  assert.deepEqual(await sent(nested(126, { leaf: true })), JSON.parse(JSON.stringify(nested(126, { leaf: true }))))
  mock.reset()
  refused(nested(128), /nests too deeply/)
  refused(nested(129), /nests too deeply/)
  // Deeper than JSON.stringify itself goes: it throws, and that is the reason given.
  refused(nested(5000), /JSON.stringify threw RangeError: Maximum call stack size exceeded \(it nests too deeply\)/)
  refused(nested(100000), /nests too deeply/)
  const deepArray = JSON.parse('['.repeat(200) + ']'.repeat(200))
  refused({ list: deepArray }, /nests too deeply/)
  assert.deepEqual(mock.requests(), [])
})

test('a cycle, a BigInt, a toJSON or a getter that throws: a ValidationError with the reason', T, held('json-follows-the-language', () => {
  const cycle = { plan: 'pro' }
  cycle.self = cycle
  refused(cycle, /JSON.stringify threw TypeError: Converting circular structure to JSON/)
  const deepCycle = { a: { b: { c: {} } } }
  deepCycle.a.b.c.back = deepCycle.a
  refused(deepCycle, /circular/)
  refused({ n: 10n }, /JSON.stringify threw TypeError: Do not know how to serialize a BigInt/)
  refused({ when: { toJSON() { throw new RangeError('no time') } } }, /JSON.stringify threw RangeError: no time/)
  refused({ toJSON() { throw new Error('not today') } }, /JSON.stringify threw Error: not today/)
  refused({ get secret() { throw new TypeError('locked') } }, /JSON.stringify threw TypeError: locked/)
  // A thrown value that is not an Error, even one that cannot be shown.
  refused({ toJSON() { throw 'a string' } }, /JSON.stringify threw a string/)
  refused({ toJSON() { throw Symbol('s') } }, /JSON.stringify threw an exception that cannot be shown/)
  refused({ toJSON() { throw { toString() { throw new Error('twice') } } } }, /cannot be shown/)
  refused(new Proxy({}, { ownKeys() { throw new Error('trap') } }), /threw Error: trap/)
  assert.deepEqual(mock.requests(), [])
}))

test('a value that is not a plain object is refused, as is one JSON.stringify does not make an object', T, () => {
  refused('{"plan":"pro"}', /must be a plain object, not string/)
  refused(42, /must be a plain object, not number/)
  refused(true, /not boolean/)
  refused(10n, /not bigint/)
  refused(Symbol('s'), /not symbol/)
  refused(() => ({}), /not function/)
  refused([{ plan: 'pro' }], /must be a plain object, not array/)
  refused(new Map([['plan', 'pro']]), /not an instance of a class/)
  refused(new Set([1]), /not an instance of a class/)
  refused(new (class Visitor { constructor() { this.plan = 'pro' } })(), /not an instance of a class/)
  refused(new Date(0), /JSON.stringify makes it a string/)
  refused({ toJSON: () => [1] }, /JSON.stringify makes it an array/)
  refused({ toJSON: () => null }, /JSON.stringify makes it null/)
  refused({ toJSON: () => undefined }, /JSON.stringify writes nothing/)
  refused({ toJSON: () => () => {} }, /JSON.stringify writes nothing/)
  assert.deepEqual(mock.requests(), [])
})

test('after every refusal the client and the process go on', T, async () => {
  const cycle = {}
  cycle.cycle = cycle
  for (const bad of [cycle, nested(5000), { n: 1n }]) refused(bad, /./)
  assert.deepEqual(await sent({ plan: 'pro' }), { plan: 'pro' })
})
