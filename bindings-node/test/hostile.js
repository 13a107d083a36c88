'use strict'
// The hostile server (`tests/hostile/`, the `chatwire-hostile` binary) from Node: it runs as a
// child process, which ends when this process closes its stdin, and is read through its control
// API. Results of the cases that held go to the file `tests/hostile/report.py` reads.
//
// Run as a test file (`node --test test/` runs it too), it checks the control API it relies on.

const assert = require('node:assert/strict')
const { spawn } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const readline = require('node:readline')

const ROOT = path.resolve(__dirname, '..', '..')

/** The server's binary: `CHATWIRE_HOSTILE_BIN`, else cargo's debug build of it (for the host,
 * or for a target triple). */
function binary() {
  const target = path.join(ROOT, 'target')
  const triples = fs.existsSync(target) ? fs.readdirSync(target).sort() : []
  const candidates = [
    process.env.CHATWIRE_HOSTILE_BIN,
    path.join(target, 'debug', 'chatwire-hostile'),
    ...triples.map((triple) => path.join(target, triple, 'debug', 'chatwire-hostile')),
  ].filter(Boolean)
  const found = candidates.find((candidate) => fs.existsSync(candidate))
  if (!found) {
    throw new Error(
      'the hostile server is not built: run `cargo build -p chatwire-hostile` (or set CHATWIRE_HOSTILE_BIN)',
    )
  }
  return found
}

/** A running hostile server; `url(scenario)` is a base URL for a client, `tlsUrl(scenario)` the
 * same over TLS (its certificate signed by the CA `tlsCaPem`, made at start), and `proxy` a
 * forward proxy that records what passes through it. */
class HostileServer {
  static async start() {
    const child = spawn(binary(), [], { stdio: ['pipe', 'pipe', 'inherit'] })
    const lines = readline.createInterface({ input: child.stdout })
    const [first] = await Promise.race([
      new Promise((resolve) => lines.once('line', (line) => resolve([line]))),
      new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`exited ${code}`)))),
    ])
    lines.close()
    return new HostileServer(child, JSON.parse(first))
  }

  constructor(child, addresses) {
    this.child = child
    this.base = addresses.base
    this.trap = addresses.trap
    this.blackhole = addresses.blackhole
    this.closed = addresses.closed
    this.tls = addresses.tls
    this.tlsCaPem = addresses.tls_ca_pem
    this.proxy = addresses.proxy
  }

  url(scenario) {
    return `${this.base}/${scenario}/`
  }

  tlsUrl(scenario) {
    return `${this.tls}/${scenario}/`
  }

  async control(name, method = 'GET') {
    const response = await fetch(`${this.base}/__hostile/${name}`, { method })
    assert.ok(response.ok, `${name}: ${response.status}`)
    return response.json()
  }

  /** The requests the scenarios received, oldest first. */
  requests() {
    return this.control('requests')
  }

  /** The requests that reached the other origin: a correct client sends none. */
  trapRequests() {
    return this.control('trap')
  }

  /** One record per scenario connection: when it opened and closed, and who closed it. */
  connections() {
    return this.control('connections')
  }

  /** One record per TLS connection: `{ at_ms, handshake: 'ok' | 'failed', error }`. */
  tlsConnections() {
    return this.control('tls')
  }

  /** One record per proxy request: `{ method, target, proxy_authorization, at_ms }`. */
  proxyRequests() {
    return this.control('proxy')
  }

  reset() {
    return this.control('reset', 'POST')
  }

  stop() {
    this.child.stdin.end()
  }
}

function resultsFile() {
  const directory =
    process.env.CHATWIRE_HOSTILE_RESULTS ?? path.join(ROOT, 'target', 'hostile-results')
  fs.mkdirSync(directory, { recursive: true })
  return path.join(directory, 'node.jsonl')
}

/** Records that `caseId` held (its outcome, and the time it took in ms) for the report. */
function record(caseId, outcome, ms, variant) {
  const line = { case: caseId, outcome, ms, ...(variant ? { variant } : {}) }
  fs.appendFileSync(resultsFile(), `${JSON.stringify(line)}\n`)
}

/** `fn` as a test that, once it passes, records `caseId` as held with the time it took; for a
 * test that shows a case of `cases.json` without the hostile server. */
function held(caseId, fn) {
  return async (...args) => {
    const started = performance.now()
    await fn(...args)
    record(caseId, 'held', performance.now() - started)
  }
}

module.exports = { HostileServer, record, held }

if (require.main === module) {
  const { test } = require('node:test')

  test('the hostile server starts, answers its scenarios and records them', { timeout: 20000 }, async () => {
    const server = await HostileServer.start()
    try {
      assert.match(server.base, /^http:\/\/127\.0\.0\.1:\d+$/)
      const response = await fetch(server.url('reply-json') + 'v1/chat', { method: 'POST', body: '{}' })
      assert.equal((await response.json()).conversationId, 'conv_hostile')
      const [logged] = await server.requests()
      assert.equal(logged.scenario, 'reply-json')
      assert.equal(logged.path, '/reply-json/v1/chat')
      await server.reset()
      assert.deepEqual(await server.requests(), [])
      assert.deepEqual(await server.trapRequests(), [])
    } finally {
      server.stop()
    }
  })
}
