// The CPU each streamed event costs: one Mevichat stream of many small token events, read by
// chatwire's `for await` and by fetch + eventsource-parser + JSON.parse (what a user would
// otherwise write), in the same run, beside the floor (the same loop over events already built,
// with no I/O).
//
//     node bindings-node/benches/stream_throughput.mjs [--tokens 100000] [--rounds 5]
//
// The mock serves from a process of its own. Each reader reads streams of `--tokens` and of a
// tenth as many events, each in a child process; its CPU per event is the slope between the two
// (see harness.mjs), and its events/s and peak RSS are the long run's. Each figure is the median
// of the rounds, which interleave the readers. The last line, `RESULT {...}`, is the same numbers
// as JSON, for `scripts/bench`.

import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

import { createParser } from 'eventsource-parser'

import { benchMain, measure, median, mockFromEnv, pushFault } from './harness.mjs'

const REFERENCE = 'fetch+eventsource-parser'

/** Each reader: set up before the clock starts, then a function that reads one stream. */
const READERS = {
  /** chatwire's stream, as a user iterates it. */
  async chatwire(mock) {
    const { default: chatwire } = await import('../index.js')
    const client = new chatwire.Mevichat({ publicKey: mock.mevichatPublicKey, origin: mock.origin, baseUrl: mock.baseUrl })
    return async () => {
      let count = 0
      for await (const event of client.chatStream({ sessionId: mock.seededSessionId, message: 'go' })) {
        if (event.type === 'token') count += 1
      }
      return count
    }
  },

  /** fetch, eventsource-parser and JSON.parse, by hand. */
  async [REFERENCE](mock) {
    return async () => {
      const response = await fetch(`${mock.baseUrl}/api/chat/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: mock.origin },
        body: JSON.stringify({ public_key: mock.mevichatPublicKey, session_id: mock.seededSessionId, message: 'go' }),
      })
      let count = 0
      const parser = createParser({
        onEvent(event) {
          const data = JSON.parse(event.data)
          if (event.event === 'token' && data.text) count += 1
        },
      })
      const decoder = new TextDecoder()
      for await (const chunk of response.body) parser.feed(decoder.decode(chunk, { stream: true }))
      return count
    }
  },

  /** The `for await` loop over events built before the clock starts, from the cheapest async
   * iterator (an `async next()` that answers the next one): no I/O, no decoding. */
  async floor(mock, tokens) {
    const events = Array.from({ length: tokens }, () => ({ type: 'token', text: 'word ', extra: {} }))
    return async () => {
      let index = 0
      const built = {
        async next() {
          return index < events.length ? { value: events[index++], done: false } : { value: undefined, done: true }
        },
        [Symbol.asyncIterator]() {
          return this
        },
      }
      let count = 0
      for await (const event of built) {
        if (event.type === 'token') count += 1
      }
      return count
    }
  },
}

async function runOne(reader, tokens) {
  const mock = mockFromEnv()
  const read = await READERS[reader](mock, tokens)
  if (reader !== 'floor') await pushFault(mock.baseUrl, { fault: 'long_reply', tokens, path: '/api/chat/' })
  const result = await measure(read)
  if (result.items !== tokens) throw new Error(`${reader} read ${result.items} token events, not ${tokens}`)
  console.log(JSON.stringify(result))
}

function importTime() {
  const code = `const t = performance.now(); require(${JSON.stringify(fileURLToPath(new URL('../index.js', import.meta.url)))}); console.log(performance.now() - t)`
  return median(Array.from({ length: 7 }, () => Number(execFileSync(process.execPath, ['-e', code], { encoding: 'utf8' }))))
}

const measured = await benchMain(fileURLToPath(import.meta.url), Object.keys(READERS), {
  size: 'tokens',
  defaultSize: 100000,
  runOne,
})
if (measured !== null) {
  const { median: result, short, long, rounds } = measured
  console.log(`CPU per event: the slope between ${short} and ${long} token events; median of ${rounds} rounds, node ${process.version}`)
  console.log(
    `${'reader'.padEnd(26)}${'CPU µs/event'.padStart(14)}${'less CPU than reference'.padStart(25)}` +
      `${'events/s'.padStart(12)}${'vs reference'.padStart(14)}${'peak RSS MiB'.padStart(14)}`,
  )
  const reference = result[REFERENCE]
  for (const [reader, r] of Object.entries(result)) {
    const versus = reader === 'floor' ? '' : `${(reference.cpuUs / r.cpuUs).toFixed(1)}x`
    const speed = reader === 'floor' ? '' : `${(r.perS / reference.perS).toFixed(1)}x`
    console.log(
      `${reader.padEnd(26)}${r.cpuUs.toFixed(3).padStart(14)}${versus.padStart(25)}` +
        `${Math.round(r.perS).toLocaleString('en-US').padStart(12)}${speed.padStart(14)}${r.peakRssMib.toFixed(1).padStart(14)}`,
    )
  }
  const importMs = importTime()
  console.log(`require('chatwire'): ${importMs.toFixed(1)} ms (median of 7 fresh processes)`)
  console.log(`RESULT ${JSON.stringify({ bench: 'throughput-node', tokens: long, short, median: result, import_ms: importMs })}`)
}
