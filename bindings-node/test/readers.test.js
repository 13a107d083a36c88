'use strict'
// A stream has one reader. A second `for await` loop, `neutral()` beside an iteration, an
// iteration after `text()`, or a second `text()`, gets a ValidationError (field `stream`) from
// its first step, and the first reader keeps every event; a DecodeError hands the stream on to
// the next loop, which reads on past the bad event.

const { test, before, after, beforeEach } = require('node:test')
const assert = require('node:assert/strict')
const chatwire = require('chatwire')
const {
  T,
  HOURS,
  STREAM_PATHS,
  MockServer,
  clients,
  streamOpeners,
  collect,
  textOf,
  requestsTo,
  waitFor,
  lastOutcome,
} = require('./helpers.js')
const { held } = require('./hostile.js')

const CHAT = STREAM_PATHS.mevichat
let mock, f, c, open

before(async () => {
  mock = await MockServer.start({ relaxedRateLimits: true })
  f = mock.fixtures
})
after(() => mock.stop())
beforeEach(() => {
  mock.reset()
  c = clients(mock)
  open = streamOpeners(mock)
})

/** Whether `error` is the refusal of a second reader. */
function refusal(error) {
  assert.equal(error?.constructor, chatwire.ValidationError, String(error))
  assert.equal(error.field, 'stream')
  assert.equal(error.code, 'validation_error')
  assert.match(error.message, /already being read/)
  return true
}

const hours = () => c.mevichat.chatStream({ sessionId: f.seededSessionId, message: 'hours' })
const textOfEvents = (events) =>
  events
    .filter((e) => e.type === 'token')
    .map((e) => e.text)
    .join('')

test('two for await loops over one stream: the second is refused, the first gets every event', T, held('second-consumer', async () => {
  mock.setTokenDelay(5)
  const stream = hours()
  const first = collect(stream)
  // The first loop has its iterator before the second asks for one.
  const second = collect(stream)
  await assert.rejects(second, refusal)
  const events = await first
  assert.equal(events[0].type, 'meta')
  assert.equal(events[events.length - 1].type, 'done')
  assert.equal(textOfEvents(events), HOURS)
  assert.equal(requestsTo(mock, CHAT).length, 1)
  assert.ok(await waitFor(() => lastOutcome(mock, CHAT) === 'complete'), lastOutcome(mock, CHAT))
}))

test('a refused loop leaves the stream open to its reader, even when it breaks or returns', T, async () => {
  mock.setTokenDelay(5)
  const stream = hours()
  const reader = stream[Symbol.asyncIterator]()
  assert.equal((await reader.next()).value.type, 'meta')
  const intruder = stream[Symbol.asyncIterator]()
  await assert.rejects(intruder.next(), refusal)
  assert.deepEqual(await intruder.next(), { value: undefined, done: true })
  assert.deepEqual(await intruder.return(), { value: undefined, done: true })
  // A for await loop that never got a step leaves the stream as it was.
  await assert.rejects(async () => {
    for await (const event of stream) assert.fail(`a refused loop got ${event.type}`)
  }, refusal)
  const rest = []
  for (let step = await reader.next(); !step.done; step = await reader.next()) rest.push(step.value)
  assert.equal(textOfEvents(rest), HOURS)
  assert.equal(rest[rest.length - 1].type, 'done')
  assert.ok(await waitFor(() => lastOutcome(mock, CHAT) === 'complete'), lastOutcome(mock, CHAT))
})

test('neutral() beside an iteration, and an iteration beside neutral(), are refused', T, held('second-consumer', async () => {
  for (const provider of ['mevichat', 'vexar', 'devapi', 'widgetkey']) {
    const iterated = open[provider]()
    const events = iterated[Symbol.asyncIterator]()
    assert.equal((await events.next()).done, false, provider)
    await assert.rejects(collect(iterated.neutral()), refusal)
    await events.return()

    const neutral = open[provider]()
    const deltas = neutral.neutral()[Symbol.asyncIterator]()
    assert.equal((await deltas.next()).done, false, provider)
    await assert.rejects(collect(neutral), refusal)
    await assert.rejects(collect(neutral.neutral()), refusal)
    await deltas.return()
  }
}))

test('after text() or finalMessage(), a loop, neutral() or a second helper is refused', T, async () => {
  const stream = hours()
  const text = stream.text()
  await assert.rejects(collect(stream), refusal)
  await assert.rejects(collect(stream.neutral()), refusal)
  await assert.rejects(stream.text(), refusal)
  await assert.rejects(stream.finalMessage(), refusal)
  assert.equal(await text, HOURS, 'the first reader got the whole reply')

  const whole = c.vexar.chatStream({ sessionId: 's', message: 'hours' })
  const final = whole.finalMessage()
  await assert.rejects(whole.text(), refusal)
  assert.equal((await final).text, HOURS)
  assert.equal(mock.requests().length, 2)
})

test('text() after an iteration is refused too (the events handed out would be missing)', T, async () => {
  const stream = hours()
  const events = stream[Symbol.asyncIterator]()
  assert.equal((await events.next()).value.type, 'meta')
  await assert.rejects(stream.text(), (error) => error instanceof chatwire.ValidationError && error.field === 'stream')
  await events.return()
})

test('a DecodeError hands the stream on: a new loop reads on, and the old iterator is then refused', T, async () => {
  mock.pushFault({ fault: 'malformed_json' })
  const stream = hours()
  const first = stream[Symbol.asyncIterator]()
  assert.equal((await first.next()).value.type, 'meta')
  await assert.rejects(first.next(), chatwire.DecodeError)
  const rest = await collect(stream)
  assert.equal(rest[0].type, 'token', 'the event after the bad one')
  assert.equal(rest[rest.length - 1].type, 'done')
  await assert.rejects(first.next(), refusal)
  // Without a new loop, the same iterator reads on after a DecodeError.
  mock.reset()
  mock.setTokenDelay(20)
  mock.pushFault({ fault: 'malformed_json' })
  const again = hours()[Symbol.asyncIterator]()
  assert.equal((await again.next()).value.type, 'meta')
  await assert.rejects(again.next(), chatwire.DecodeError)
  assert.equal((await again.next()).value.type, 'token')
  await again.return()
  assert.ok(await waitFor(() => lastOutcome(mock, CHAT) === 'client_closed'), lastOutcome(mock, CHAT))
  // return() right after a DecodeError closes the stream too, when no other loop took it.
  mock.reset()
  mock.setTokenDelay(20)
  mock.pushFault({ fault: 'malformed_json' })
  const left = hours()[Symbol.asyncIterator]()
  assert.equal((await left.next()).value.type, 'meta')
  await assert.rejects(left.next(), chatwire.DecodeError)
  await left.return()
  assert.ok(await waitFor(() => lastOutcome(mock, CHAT) === 'client_closed'), lastOutcome(mock, CHAT))
})

test('asking for an iterator makes it the reader: text() is then refused, and the iterator reads it all', T, async () => {
  const stream = hours()
  const iterator = stream[Symbol.asyncIterator]()
  // Asking for the iterator reads nothing yet; a text() then is refused all the same.
  await assert.rejects(stream.text(), refusal)
  const events = []
  for (let step = await iterator.next(); !step.done; step = await iterator.next()) events.push(step.value)
  assert.equal(textOfEvents(events), HOURS)
  assert.equal(await textOf(hours()), HOURS)
})
