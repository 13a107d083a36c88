// What the Node benches share: the mock in a process of its own, one measured child process per
// run, and the CPU cost per item as the slope between two run lengths.
//
// A child measures the user + system CPU time of its whole process (every thread, the addon's
// runtime included) around the work only, and its peak RSS. Taking the slope between a long and
// a short run cancels what every run pays once (connecting, the first chunk, warming up), so
// what is left is the cost of one more event or call.

import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { request } from 'node:http'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'

const MOCK_PROCESS = `
const testing = require(${JSON.stringify(new URL('../testing.js', import.meta.url).pathname)})
testing.MockServer.start({ relaxedRateLimits: true }).then((mock) => {
  console.log(JSON.stringify({ baseUrl: mock.baseUrl, ...mock.fixtures }))
  process.stdin.on('end', () => { mock.stop(); process.exit(0) }) // serves until the bench closes the pipe
  process.stdin.resume()
})
`

/** Starts the mock server in a process of its own, whose CPU no reader's figure includes;
 * answers its base URL and fixtures, and `stop()`. */
export async function startMockProcess() {
  const child = spawn(process.execPath, ['-e', MOCK_PROCESS], { stdio: ['pipe', 'pipe', 'inherit'] })
  const [line] = await once(createInterface({ input: child.stdout }), 'line')
  return { ...JSON.parse(line), stop: () => child.stdin.end() }
}

/** Queues a fault on the mock through its control API. With `node:http`, not `fetch`: loading
 * fetch compiles its WebAssembly HTTP parser on background threads, which would go on during a
 * measurement that does not use it. */
export async function pushFault(baseUrl, script) {
  const sent = request(`${baseUrl}/__mock/faults`, { method: 'POST', headers: { 'content-type': 'application/json' } })
  sent.end(JSON.stringify(script))
  const [response] = await once(sent, 'response')
  response.resume()
  if (response.statusCode !== 201) throw new Error(`the mock refused the fault: ${response.statusCode}`)
}

/** Runs `work` (which answers how many items it handled) and answers its CPU and wall time, and
 * this process's peak RSS. */
export async function measure(work) {
  const cpu = process.cpuUsage()
  const wall = performance.now()
  const items = await work()
  const wallS = (performance.now() - wall) / 1000
  const used = process.cpuUsage(cpu)
  const cpuS = (used.user + used.system) / 1e6
  return { items, cpuS, wallS, peakRssMib: process.resourceUsage().maxRSS / 1024 }
}

export function mockFromEnv() {
  return JSON.parse(process.env.CHATWIRE_BENCH_MOCK)
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Every reader's CPU µs per item (the slope between `short` and `long` items), wall items/s and
 * peak RSS of the long runs, each the median of `rounds` interleaved rounds, so that the
 * machine's noise falls on every reader alike. Each run is `script --one reader --count N`. */
export function slopes(script, readers, { short, long, rounds, mock }) {
  const env = { ...process.env, CHATWIRE_BENCH_MOCK: JSON.stringify(mock) }
  const run = (reader, count) =>
    JSON.parse(execFileSync(process.execPath, [script, '--one', reader, '--count', String(count)], { encoding: 'utf8', env }))
  const runs = Object.fromEntries(readers.map((reader) => [reader, []]))
  for (let round = 0; round < rounds; round++) {
    for (const reader of readers) {
      const small = run(reader, short)
      const big = run(reader, long)
      runs[reader].push({
        cpuUs: ((big.cpuS - small.cpuS) / (long - short)) * 1e6,
        perS: big.items / big.wallS,
        peakRssMib: big.peakRssMib,
      })
    }
  }
  return Object.fromEntries(
    Object.entries(runs).map(([reader, results]) => [
      reader,
      {
        cpuUs: median(results.map((r) => r.cpuUs)),
        perS: median(results.map((r) => r.perS)),
        peakRssMib: median(results.map((r) => r.peakRssMib)),
        cpuUsRuns: results.map((r) => r.cpuUs),
      },
    ]),
  )
}

/** The command line every bench shares. `--one NAME --count N` is one measured run (in a child,
 * which `runOne` prints as JSON), and answers `null`; otherwise `--SIZE N --rounds R` measures
 * every name against the mock in a process of its own, at N and at N / 10, and answers
 * `{ median, short, long, rounds }`. */
export async function benchMain(script, names, { size, defaultSize, runOne }) {
  const { values } = parseArgs({
    options: {
      [size]: { type: 'string', default: String(defaultSize) },
      rounds: { type: 'string', default: '5' },
      one: { type: 'string' },
      count: { type: 'string' },
    },
  })
  if (values.one) {
    await runOne(values.one, Number(values.count))
    return null
  }
  const long = Number(values[size])
  const short = Math.floor(long / 10)
  const rounds = Number(values.rounds)
  const mock = await startMockProcess()
  try {
    return { median: slopes(script, names, { short, long, rounds, mock }), short, long, rounds }
  } finally {
    mock.stop()
  }
}

export { median }
