// Many concurrent chat streams from one Node process, against the mock server in another, side by
// side with fetch + eventsource-parser; then the cancellation latency of leaving a stream.
//
//     node bindings-node/benches/load.mjs [--streams 1000] [--rounds 2] [--cancellations 200]
//
// Each round runs fetch + eventsource-parser, then chatwire: every stream is opened (at most
// OPENING at a time), its first event is read, and it waits until all are open; then the process's
// RSS is read, and every stream is read to its end. It reports completed streams, errors, RSS per
// open stream, and the time from sending the request to the first event (p50, p99).
// Cancellation: streams left after their third event, one at a time, by `break` and by aborting
// their AbortSignal; the latency runs until the mock saw the connection close (its log's
// `ended_at_us`, on the same clock). The last line, `RESULT {...}`, is the same numbers as JSON,
// for `scripts/bench`. A bench, not a test: it stops by itself and is not part of CI.

import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'

import { createParser } from 'eventsource-parser'

import chatwire from '../index.js'

const OPENING = 256
const TOKEN_DELAY_MS = 5
const QUESTION = 'What are your hours?'

// The mock runs in a child process, so that its work is not this process's; it ends with its stdin.
const MOCK_CHILD = `
const { MockServer } = require(${JSON.stringify(new URL('../testing.js', import.meta.url).pathname)})
MockServer.start({ tokenDelay: ${TOKEN_DELAY_MS}, relaxedRateLimits: true }).then((mock) => {
  console.log(JSON.stringify({ baseUrl: mock.baseUrl, fixtures: mock.fixtures }))
  process.stdin.resume()
  process.stdin.on('end', () => { mock.stop(); process.exit(0) })
})
`

/** The mock in a child process: its base URL and fixtures. */
async function startMock() {
  const child = spawn(process.execPath, ['-e', MOCK_CHILD], { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout })
  for await (const line of lines) return { child, ...JSON.parse(line) }
  throw new Error('the mock did not print its URL')
}

/** A counting semaphore for the streams that may be connecting at once. */
class Slots {
  constructor(size) {
    this.free = size
    this.waiting = []
  }
  async take() {
    if (this.free > 0) return void (this.free -= 1)
    await new Promise((resolve) => this.waiting.push(resolve))
  }
  give() {
    const next = this.waiting.shift()
    if (next) next()
    else this.free += 1
  }
}

/** Holds every stream after its first event until all are open (or failed). */
class Gate {
  constructor() {
    this.settled = 0
    this.allOpen = new Promise((resolve) => (this.open = resolve))
  }
  arrive() {
    this.settled += 1
    return this.allOpen
  }
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.round((sorted.length - 1) * p)] : 0)

function chatwireStream(client, sessionId) {
  return async (slots, gate) => {
    await slots.take()
    let events
    let firstEvent
    try {
      const started = performance.now()
      events = client.chatStream({ sessionId, message: QUESTION })[Symbol.asyncIterator]()
      await events.next()
      firstEvent = performance.now() - started
    } finally {
      slots.give()
    }
    await gate.arrive()
    for (let step = await events.next(); !step.done; step = await events.next());
    return firstEvent
  }
}

function fetchStream(url, body, origin) {
  return async (slots, gate) => {
    await slots.take()
    let released = false
    try {
      const started = performance.now()
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify(body),
      })
      let first = null
      let done = false
      const parser = createParser({
        onEvent(event) {
          JSON.parse(event.data)
          first ??= performance.now() - started
          if (event.event === 'done') done = true
        },
      })
      const decoder = new TextDecoder()
      const chunks = response.body[Symbol.asyncIterator]()
      while (first === null) {
        const step = await chunks.next()
        if (step.done) throw new Error('ended before an event')
        parser.feed(decoder.decode(step.value, { stream: true }))
      }
      slots.give()
      released = true
      await gate.arrive()
      for (let step = await chunks.next(); !step.done; step = await chunks.next()) {
        parser.feed(decoder.decode(step.value, { stream: true }))
      }
      if (!done) throw new Error('no done event')
      return first
    } finally {
      if (!released) slots.give()
    }
  }
}

async function run(streams, one) {
  const slots = new Slots(OPENING)
  const gate = new Gate()
  const errors = []
  const started = performance.now()
  const before = process.memoryUsage().rss
  const tasks = Array.from({ length: streams }, () =>
    one(slots, gate).catch((error) => {
      errors.push(String(error))
      gate.settled += 1
      return null
    }),
  )
  const deadline = Date.now() + 120_000
  while (gate.settled < streams && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
  const rssPerStream = (process.memoryUsage().rss - before) / streams
  gate.open()
  const firsts = (await Promise.all(tasks)).filter((t) => t !== null).sort((a, b) => a - b)
  for (const error of errors.slice(0, 3)) console.error(`stream failed: ${error}`)
  return {
    completed: firsts.length,
    errors: errors.length,
    rss_kib_per_stream: rssPerStream / 1024,
    first_event_p50_ms: percentile(firsts, 0.5),
    first_event_p99_ms: percentile(firsts, 0.99),
    seconds: (performance.now() - started) / 1000,
  }
}

function report(name, o) {
  console.log(
    `| ${name} | ${o.completed} | ${o.errors} | ${o.rss_kib_per_stream.toFixed(1)} | ` +
      `${o.first_event_p50_ms.toFixed(2)} | ${o.first_event_p99_ms.toFixed(2)} | ${o.seconds.toFixed(1)} |`,
  )
}

async function control(baseUrl, method, path, body) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  return text ? JSON.parse(text) : null
}

const nowUs = () => Math.round((performance.timeOrigin + performance.now()) * 1000)

/** Milliseconds from `leftAt` until the mock saw the stream close, or null within 5 s. */
async function closeSeenAfter(baseUrl, leftAt) {
  const deadline = Date.now() + 5000
  while (Date.now() < deadline) {
    const { requests } = await control(baseUrl, 'GET', '/__mock/requests')
    const ended = requests[0]?.ended_at_us
    if (ended !== undefined) return Math.max(0, ended - leftAt) / 1000
    await new Promise((r) => setTimeout(r, 1))
  }
  return null
}

/** Streams left after their third event by `leave`, one at a time. */
async function cancellations(baseUrl, client, sessionId, trials, leave) {
  const latencies = []
  for (let i = 0; i < trials; i += 1) {
    await control(baseUrl, 'DELETE', '/__mock/requests')
    await control(baseUrl, 'POST', '/__mock/faults', { fault: 'long_reply', tokens: 100000, path: '/api/chat/' })
    const leftAt = await leave(client, sessionId)
    const latency = await closeSeenAfter(baseUrl, leftAt)
    if (latency !== null) latencies.push(latency)
  }
  return latencies.sort((a, b) => a - b)
}

const LEAVING = {
  async break(client, sessionId) {
    let count = 0
    let leftAt
    for await (const _ of client.chatStream({ sessionId, message: QUESTION })) {
      if (++count === 3) {
        leftAt = nowUs()
        break
      }
    }
    return leftAt
  },
  async abort(client, sessionId) {
    const controller = new AbortController()
    const events = client.chatStream({ sessionId, message: QUESTION }, { signal: controller.signal })[Symbol.asyncIterator]()
    for (let i = 0; i < 3; i += 1) await events.next()
    const leftAt = nowUs()
    controller.abort()
    return leftAt
  },
}

async function main() {
  const { values } = parseArgs({
    options: {
      streams: { type: 'string', default: '1000' },
      rounds: { type: 'string', default: '2' },
      cancellations: { type: 'string', default: '200' },
    },
  })
  const [streams, rounds, trials] = [values.streams, values.rounds, values.cancellations].map(Number)
  const { child, baseUrl, fixtures: f } = await startMock()
  console.log(`${streams} concurrent streams a round, ${rounds} rounds, mock at ${baseUrl} (another process), token delay ${TOKEN_DELAY_MS} ms`)
  console.log('| client | completed | errors | RSS per open stream KiB | first event p50 ms | p99 ms | seconds |')
  console.log('|---|---:|---:|---:|---:|---:|---:|')
  const body = { public_key: f.mevichatPublicKey, session_id: f.seededSessionId, message: QUESTION }
  const results = []
  for (let round = 0; round < rounds; round += 1) {
    const raw = await run(streams, fetchStream(`${baseUrl}/api/chat/`, body, f.origin))
    report('fetch + eventsource-parser', raw)
    const client = new chatwire.Mevichat({ publicKey: f.mevichatPublicKey, origin: f.origin, baseUrl })
    const ours = await run(streams, chatwireStream(client, f.seededSessionId))
    report('chatwire', ours)
    results.push({ chatwire: ours, raw })
  }
  results.forEach((r, i) => {
    const difference = r.chatwire.first_event_p50_ms - r.raw.first_event_p50_ms
    console.log(`round ${i + 1}: chatwire's first event minus fetch's: p50 ${difference >= 0 ? '+' : ''}${difference.toFixed(2)} ms`)
  })
  const client = new chatwire.Mevichat({ publicKey: f.mevichatPublicKey, origin: f.origin, baseUrl })
  const cancellation = { trials }
  for (const [mode, leave] of Object.entries(LEAVING)) {
    const latencies = await cancellations(baseUrl, client, f.seededSessionId, trials, leave)
    const [p50, p99] = [percentile(latencies, 0.5), percentile(latencies, 0.99)]
    console.log(
      `cancellation (${mode} after 3 events, until the mock saw the close), ${latencies.length} of ${trials} seen: ` +
        `p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`,
    )
    cancellation[mode] = { seen: latencies.length, p50_ms: p50, p99_ms: p99 }
  }
  console.log(`RESULT ${JSON.stringify({ bench: 'load-node', streams, rounds: results, cancellation })}`)
  child.stdin.end()
}

await main()
