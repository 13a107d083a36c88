'use strict'
// `npx chatwire-mock` (`@chatwire/testing`'s bin): the mock server in a process of its own, as a
// browser test or another language's uses it. It prints its URL first, streams from it, refuses
// a taken port, and stops on SIGTERM and SIGINT.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { spawn } = require('node:child_process')
const { once } = require('node:events')
const path = require('node:path')
const { createInterface } = require('node:readline')
const chatwire = require('chatwire')
const { MockServer } = require('./helpers.js')

const CLI = path.join(__dirname, '..', 'testing', 'cli.js')

/** Starts the CLI; answers the process and the first line it printed. */
async function start(...args) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  const lines = createInterface({ input: child.stdout })
  const [first] = await once(lines, 'line')
  return { child, first }
}

/** The fixture keys, the same in every mock. */
async function fixturesOfTheMock() {
  const mock = await MockServer.start()
  try {
    return mock.fixtures
  } finally {
    mock.stop()
  }
}

async function exitOf(child) {
  if (child.exitCode !== null) return child.exitCode
  const [code] = await once(child, 'exit')
  return code
}

test('the package names the CLI as its chatwire-mock bin', () => {
  const pkg = require('../testing/package.json')
  assert.equal(pkg.bin['chatwire-mock'], 'cli.js')
})

test('it prints its URL, then streams as a plain HTTP client and the SDK read it', async () => {
  const { child, first } = await start('--port', '0')
  try {
    assert.match(first, /^http:\/\/127\.0\.0\.1:\d+$/)
    const fixtures = await fixturesOfTheMock()
    const response = await fetch(`${first}/api/chat/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: fixtures.origin },
      body: JSON.stringify({ public_key: fixtures.mevichatPublicKey, session_id: fixtures.seededSessionId, message: 'hi' }),
    })
    assert.match(response.headers.get('content-type'), /^text\/event-stream/)
    const text = await response.text()
    assert.ok(text.startsWith('event: meta\n') && text.includes('event: done\n'), text.slice(0, 80))
    const client = new chatwire.Mevichat({ publicKey: fixtures.mevichatPublicKey, origin: fixtures.origin, baseUrl: first })
    assert.ok((await client.chatStream({ sessionId: fixtures.seededSessionId, message: 'refund' }).text()).length > 0)
  } finally {
    child.kill('SIGKILL')
  }
})

for (const signal of ['SIGTERM', 'SIGINT']) {
  test(`it stops on ${signal} with status 0`, async () => {
    const { child } = await start()
    child.kill(signal)
    assert.equal(await exitOf(child), 0)
  })
}

test('a taken port is a clear error and status 1', async () => {
  const { child, first } = await start('--port', '0')
  try {
    const port = first.split(':').pop()
    const taken = spawn(process.execPath, [CLI, '--port', port], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    taken.stderr.on('data', (chunk) => (stderr += chunk))
    assert.equal(await exitOf(taken), 1)
    assert.match(stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}`))
  } finally {
    child.kill('SIGKILL')
  }
})
