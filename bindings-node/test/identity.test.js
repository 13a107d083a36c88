'use strict'
// Who is calling: the User-Agent names the language, chatwire's version, the Node that runs it
// and the platform, as the mock's request log shows; VERSION is the package's version.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const chatwire = require('chatwire')
const { T, MockServer, clients, streamOpeners, textOf } = require('./helpers.js')

let mock

before(async () => {
  mock = await MockServer.start({ relaxedRateLimits: true })
})
after(() => mock.stop())

/** The platform as Rust names it (`std::env::consts`), which the User-Agent uses. */
const OS = { linux: 'linux', darwin: 'macos', win32: 'windows' }[process.platform] ?? process.platform
const ARCH = { x64: 'x86_64', arm64: 'aarch64' }[process.arch] ?? process.arch

test('VERSION is the package version', T, () => {
  const manifest = require(path.join(__dirname, '..', 'package.json'))
  assert.equal(chatwire.VERSION, manifest.version)
  assert.match(chatwire.VERSION, /^\d+\.\d+\.\d+/)
})

test('every request of every client says chatwire-node/<version> (Node.js <version>; <os> <arch>)', T, async (t) => {
  const c = clients(mock)
  await c.mevichat.getWidgetConfig()
  await c.vexar.getHistory({ sessionId: 's1' })
  await c.devapi.getUsage()
  await c.widgetkey.withRawResponse.chat({ sessionId: 's1', message: 'hi' })
  for (const open of Object.values(streamOpeners(mock))) await textOf(open())
  const agents = mock.requests().map((r) => r.headers['user-agent'])
  t.diagnostic(agents[0])
  assert.equal(agents.length, 8)
  for (const agent of agents) {
    assert.equal(agent, `chatwire-node/${chatwire.VERSION} (Node.js ${process.version}; ${OS} ${ARCH})`)
  }
})

test('a User-Agent among the default headers replaces chatwire\'s', T, async () => {
  mock.reset()
  const f = mock.fixtures
  const client = new chatwire.DevApi({ apiKey: f.devapiKey, baseUrl: mock.baseUrl, defaultHeaders: { 'user-agent': 'my-app/2.0' } })
  await client.getUsage()
  await client.getUsage(undefined, { extraHeaders: { 'User-Agent': 'my-app/2.0 (one call)' } })
  assert.deepEqual(
    mock.requests().map((r) => r.headers['user-agent']),
    ['my-app/2.0', 'my-app/2.0 (one call)'],
  )
})
