// The CPU each small call costs: sequential `DevApi.getUsage()` calls on one client, by chatwire
// and by fetch + `response.json()` (what a user would otherwise write), in the same run.
//
//     node bindings-node/benches/unary_calls.mjs [--calls 2000] [--rounds 5]
//
// The mock serves from a process of its own. Each caller makes `--calls` and a tenth as many
// calls, each in a child process; its CPU per call is the slope between the two (see
// harness.mjs), and its calls/s and peak RSS are the long run's. Each figure is the median of
// the rounds, which interleave the callers. The last line, `RESULT {...}`, is the same numbers
// as JSON, for `scripts/bench`.

import { fileURLToPath } from 'node:url'

import { benchMain, measure, mockFromEnv } from './harness.mjs'

const REFERENCE = 'fetch'

/** Each caller: set up before the clock starts, then a function that makes `calls` calls. */
const CALLERS = {
  async chatwire(mock, calls) {
    const { default: chatwire } = await import('../index.js')
    const client = new chatwire.DevApi({ apiKey: mock.devapiKey, baseUrl: mock.baseUrl })
    return async () => {
      let done = 0
      for (let call = 0; call < calls; call++) {
        const usage = await client.getUsage()
        if (usage.usage.totalRequests >= 0) done += 1
      }
      return done
    }
  },

  async [REFERENCE](mock, calls) {
    const headers = { authorization: `Bearer ${mock.devapiKey}` }
    return async () => {
      let done = 0
      for (let call = 0; call < calls; call++) {
        const response = await fetch(`${mock.baseUrl}/api/v1/usage`, { headers })
        if (!response.ok) throw new Error(`fetch: ${response.status}`)
        const usage = await response.json()
        if (usage.usage.total_requests >= 0) done += 1
      }
      return done
    }
  },
}

/** One measured run of `calls` calls, printed as JSON. */
async function runOne(caller, calls) {
  const result = await measure(await CALLERS[caller](mockFromEnv(), calls))
  if (result.items !== calls) throw new Error(`${caller} made ${result.items} calls, not ${calls}`)
  console.log(JSON.stringify(result))
}

const measured = await benchMain(fileURLToPath(import.meta.url), Object.keys(CALLERS), {
  size: 'calls',
  defaultSize: 2000,
  runOne,
})
if (measured !== null) {
  const { median: result, short, long, rounds } = measured
  console.log(`CPU per call: the slope between ${short} and ${long} sequential getUsage() calls on one client; median of ${rounds} rounds, node ${process.version}`)
  console.log(`${'caller'.padEnd(12)}${'CPU µs/call'.padStart(13)}${'less CPU than fetch'.padStart(21)}${'calls/s'.padStart(10)}${'peak RSS MiB'.padStart(14)}`)
  const reference = result[REFERENCE]
  for (const [caller, r] of Object.entries(result)) {
    const versus = caller === REFERENCE ? '' : `${(reference.cpuUs / r.cpuUs).toFixed(1)}x`
    console.log(
      `${caller.padEnd(12)}${r.cpuUs.toFixed(1).padStart(13)}${versus.padStart(21)}` +
        `${Math.round(r.perS).toLocaleString('en-US').padStart(10)}${r.peakRssMib.toFixed(1).padStart(14)}`,
    )
  }
  console.log(`RESULT ${JSON.stringify({ bench: 'unary-node', calls: long, short, median: result })}`)
}
