// One stream of many small token events from the bundled mock server, consumed by chatwire and
// by fetch + eventsource-parser + JSON.parse (what a user would otherwise write), in the same run.
//
//     node bindings-node/benches/stream_throughput.mjs [--tokens 100000] [--rounds 3]
//
// Each reader runs in a child process of its own (so that its peak RSS is its own), against a
// mock server in that process; rounds interleave the readers, so that machine noise falls on
// all alike, and each figure is the median of the rounds. The last line, `RESULT {...}`, is the
// same numbers as JSON, for `scripts/bench`.

import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

import { createParser } from 'eventsource-parser'

import chatwire from '../index.js'
import testing from '../testing.js'

const READERS = {
  /** chatwire's stream, as a user iterates it. */
  async chatwire(mock) {
    const f = mock.fixtures
    const client = new chatwire.Mevichat({ publicKey: f.mevichatPublicKey, origin: f.origin, baseUrl: mock.baseUrl })
    let count = 0
    for await (const event of client.chatStream({ sessionId: f.seededSessionId, message: 'go' })) {
      if (event.type === 'token') count += 1
    }
    return count
  },

  /** fetch, eventsource-parser and JSON.parse, by hand. */
  async 'fetch+eventsource-parser'(mock) {
    const f = mock.fixtures
    const response = await fetch(`${mock.baseUrl}/api/chat/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: f.origin },
      body: JSON.stringify({ public_key: f.mevichatPublicKey, session_id: f.seededSessionId, message: 'go' }),
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
  },
}

async function runOne(reader, tokens) {
  const mock = await testing.MockServer.start({ relaxedRateLimits: true })
  mock.pushFault({ fault: 'long_reply', tokens, path: '/api/chat/' })
  const started = performance.now()
  const count = await READERS[reader](mock)
  const seconds = (performance.now() - started) / 1000
  mock.stop()
  if (count !== tokens) throw new Error(`${reader} read ${count} token events, not ${tokens}`)
  const peakRssMib = process.resourceUsage().maxRSS / 1024
  console.log(JSON.stringify({ eventsPerS: count / seconds, seconds, peakRssMib }))
}

function importTime() {
  const code = `const t = performance.now(); require(${JSON.stringify(fileURLToPath(new URL('../index.js', import.meta.url)))}); console.log(performance.now() - t)`
  const runs = Array.from({ length: 7 }, () => Number(execFileSync(process.execPath, ['-e', code], { encoding: 'utf8' })))
  return runs.sort((a, b) => a - b)[3]
}

const { values } = parseArgs({
  options: {
    tokens: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '3' },
    one: { type: 'string' },
  },
})
const tokens = Number(values.tokens)
if (values.one) {
  await runOne(values.one, tokens)
} else {
  const runs = Object.fromEntries(Object.keys(READERS).map((reader) => [reader, []]))
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const reader of Object.keys(READERS)) {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--one', reader, '--tokens', String(tokens)], {
        encoding: 'utf8',
      })
      runs[reader].push(JSON.parse(out))
    }
  }
  const medianOf = (values) => {
    const sorted = [...values].sort((a, b) => a - b)
    const middle = sorted.length >> 1
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }
  const median = Object.fromEntries(
    Object.entries(runs).map(([reader, results]) => [
      reader,
      Object.fromEntries(Object.keys(results[0]).map((key) => [key, medianOf(results.map((r) => r[key]))])),
    ]),
  )
  const baseline = median['fetch+eventsource-parser'].eventsPerS
  console.log(`${tokens} token events, median of ${values.rounds} rounds, node ${process.version}`)
  console.log(`${'reader'.padEnd(26)}${'events/s'.padStart(12)}${'seconds'.padStart(10)}${'vs baseline'.padStart(13)}${'peak RSS MiB'.padStart(14)}`)
  for (const [reader, r] of Object.entries(median)) {
    console.log(
      `${reader.padEnd(26)}${Math.round(r.eventsPerS).toLocaleString('en-US').padStart(12)}${r.seconds.toFixed(3).padStart(10)}` +
        `${((r.eventsPerS / baseline).toFixed(1) + 'x').padStart(13)}${r.peakRssMib.toFixed(1).padStart(14)}`,
    )
  }
  const importMs = importTime()
  console.log(`require('chatwire'): ${importMs.toFixed(1)} ms (median of 7 fresh processes)`)
  console.log(`RESULT ${JSON.stringify({ bench: 'throughput-node', tokens, median, runs, import_ms: importMs })}`)
}
