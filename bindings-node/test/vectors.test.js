'use strict'
// The conformance vectors of tests/vectors/, each replayed by the mock and read through the
// stream's async iterator. What a stream yields, in the canonical form of the folder's README,
// must be the vector's `expect`, as in the Rust and Python suites; a vector with
// `text_after_events` reads that many items, then `text()`, which must answer `text_expect`. A
// vector added to the folder is a test here with no code change.

const { test, before, after, beforeEach } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { T, MockServer, streamOpeners, control } = require('./helpers.js')

const VECTORS = path.join(__dirname, '..', '..', 'tests', 'vectors')
const FILES = fs
  .readdirSync(VECTORS)
  .filter((name) => name.endsWith('.json'))
  .sort()

/** A stream never yields more than this in a vector; past it, the reader has gone wrong. */
const MAX_ITEMS = 10000

let mock
before(async () => {
  mock = await MockServer.start({ relaxedRateLimits: true })
})
after(() => mock.stop())
beforeEach(() => mock.reset())

const snakeCase = (key) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/** A model's fields as on the wire: snake_case names, `extra` beside the named fields, absent
 * ones left out. `data` is an unknown event's payload, kept as it came. */
function wireForm(fields) {
  const out = {}
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'extra' || value === undefined || value === null) continue
    const nested = key !== 'data' && typeof value === 'object' && !Array.isArray(value)
    out[snakeCase(key)] = nested ? wireForm(value) : value
  }
  return Object.assign(out, fields.extra)
}

const SHARED_ERROR_FIELDS = {
  DecodeError: ['what', 'raw'],
  StreamEndedError: ['events'],
  APIError: ['status'],
  ValidationError: ['field'],
}

function errorForm(error) {
  const name = error.constructor.name
  const fields = Object.fromEntries((SHARED_ERROR_FIELDS[name] ?? []).map((f) => [f, error[f]]))
  return { error: { type: name, ...fields } }
}

/** Everything the stream yields, reading on past errors until it says it is done, or only its
 * first `limit` items. */
async function items(stream, limit = MAX_ITEMS) {
  // An iterator is the stream's reader: none is made when no item is to be read.
  if (limit === 0) return []
  const events = stream[Symbol.asyncIterator]()
  const out = []
  while (out.length < limit) {
    let step
    try {
      step = await events.next()
    } catch (error) {
      out.push(errorForm(error))
      continue
    }
    if (step.done) return out
    out.push({ event: wireForm(step.value) })
  }
  if (limit < MAX_ITEMS) return out
  throw new Error(`the stream yielded more than ${MAX_ITEMS} items`)
}

/** What `text()` answers, in the form of a vector's `text_expect`. */
async function textForm(stream) {
  try {
    return { text: await stream.text() }
  } catch (error) {
    return errorForm(error)
  }
}

test('the folder holds at least 40 vectors', () => {
  assert.ok(FILES.length >= 40, `${VECTORS} holds ${FILES.length} vectors`)
})

for (const file of FILES) {
  test(`vector ${path.basename(file, '.json')}`, T, async () => {
    const vector = JSON.parse(fs.readFileSync(path.join(VECTORS, file), 'utf8'))
    await control(mock, 'POST', '/__mock/replay', vector)
    const stream = streamOpeners(mock)[vector.provider]()
    if (vector.text_after_events === undefined) {
      assert.deepEqual(await items(stream), vector.expect)
      return
    }
    // The first items (the whole of `expect`), then `text()` over what is left.
    assert.deepEqual(await items(stream, vector.text_after_events), vector.expect)
    assert.deepEqual(await textForm(stream), vector.text_expect)
    stream.close()
  })
}
