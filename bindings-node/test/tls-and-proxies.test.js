'use strict'
// TLS and proxies as users' networks need them, against the hostile server's TLS listener (its
// certificate signed by a CA made at start) and its recording proxy: the CA trusted through
// `caFile` and through the system store (`SSL_CERT_FILE`, `SSL_CERT_DIR`), refused with neither; a `proxy`
// option (with credentials, and bypassed by `noProxy`) and HTTPS_PROXY / HTTP_PROXY from the
// environment. The cases that set the environment run in a child process (this file with
// `--child`), with every TLS and proxy variable of this process left out.

if (process.argv.includes('--child')) {
  // One widget-key call, as the spec after `--child` says: `{ baseUrl, options }`.
  const { baseUrl, options } = JSON.parse(process.argv[process.argv.indexOf('--child') + 1])
  const chatwire = require('chatwire')
  const answer = (async () => {
    const client = new chatwire.WidgetKey({ apiKey: 'wk_hostile', baseUrl, maxRetries: 0, ...options })
    return client.chat({ sessionId: 's1', message: 'hi' })
  })()
  answer.then(
    (value) => console.log(JSON.stringify({ answer: value })),
    (error) => console.log(JSON.stringify({ error: { kind: error.name, code: error.code, message: error.message } })),
  )
} else {
  suite()
}

function suite() {
  const { test, before, after, beforeEach } = require('node:test')
  const assert = require('node:assert/strict')
  const fs = require('node:fs')
  const os = require('node:os')
  const path = require('node:path')
  const { spawnSync } = require('node:child_process')
  const chatwire = require('chatwire')
  const { HostileServer } = require('./hostile.js')
  const { T, textOf, expectError } = require('./helpers.js')

  /** What the hostile server's `reply-json` scenario answers. */
  const REPLY = 'hello from the hostile server'

  /** The variables that choose CAs and proxies: no child inherits them from this process. */
  const NETWORK_VARIABLES = [
    'SSL_CERT_FILE',
    'SSL_CERT_DIR',
    'HTTPS_PROXY',
    'https_proxy',
    'HTTP_PROXY',
    'http_proxy',
    'ALL_PROXY',
    'all_proxy',
    'NO_PROXY',
    'no_proxy',
  ]

  let server, scratch, caFile

  before(async () => {
    server = await HostileServer.start()
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'chatwire-tls-'))
    caFile = path.join(scratch, 'ca.pem')
    fs.writeFileSync(caFile, server.tlsCaPem)
  })
  after(() => {
    server.stop()
    fs.rmSync(scratch, { recursive: true, force: true })
  })
  beforeEach(() => server.reset())

  /** A widget-key client of `baseUrl`, with `options`. */
  function client(baseUrl, options = {}) {
    return new chatwire.WidgetKey({ apiKey: 'wk_hostile', baseUrl, maxRetries: 0, ...options })
  }

  /** What one widget-key call answers in a child with `env` (and no other network variable). */
  function inChild(baseUrl, options, env) {
    const childEnv = { ...process.env }
    for (const variable of NETWORK_VARIABLES) delete childEnv[variable]
    const run = spawnSync(process.execPath, [__filename, '--child', JSON.stringify({ baseUrl, options })], {
      encoding: 'utf8',
      timeout: 15000,
      env: { ...childEnv, ...env },
    })
    assert.equal(run.status, 0, `exit ${run.status} (${run.signal}): ${run.stderr}`)
    return JSON.parse(run.stdout)
  }

  test('a TLS server whose CA is given as caFile is reached, for a call and for a stream', T, async () => {
    const answer = await client(server.tlsUrl('reply-json'), { caFile }).chat({ sessionId: 's1', message: 'hi' })
    assert.equal(answer.message, REPLY)
    const mevichat = new chatwire.Mevichat({ publicKey: 'pk', origin: 'https://example.com', baseUrl: server.tlsUrl('reply-sse'), caFile })
    const stream = mevichat.chatStream({ sessionId: '5f3e8c7c-5d4a-4a91-9a4e-c9a7e6d2b0f1', message: 'hi' })
    assert.equal(await textOf(stream), 'abc')
    const handshakes = await server.tlsConnections()
    assert.deepEqual(
      handshakes.map((h) => h.handshake),
      ['ok', 'ok'],
    )
    const requests = await server.requests()
    assert.deepEqual(
      requests.map((r) => r.scenario),
      ['reply-json', 'reply-sse'],
    )
  })

  test('a TLS server whose CA is in SSL_CERT_FILE or SSL_CERT_DIR is reached through the system store', T, async () => {
    for (const env of [{ SSL_CERT_FILE: caFile }, { SSL_CERT_DIR: scratch }]) {
      const { answer, error } = inChild(server.tlsUrl('reply-json'), {}, env)
      assert.equal(error, undefined, `${JSON.stringify(env)}: ${JSON.stringify(error)}`)
      assert.equal(answer.message, REPLY)
    }
    assert.deepEqual(
      (await server.tlsConnections()).map((h) => h.handshake),
      ['ok', 'ok'],
    )
  })

  test('a TLS server whose CA is trusted neither way is refused: an APIConnectionError, nothing sent', T, async () => {
    const { answer, error } = inChild(server.tlsUrl('reply-json'), {}, {})
    assert.equal(answer, undefined)
    assert.equal(error.kind, 'APIConnectionError', JSON.stringify(error))
    assert.equal(error.code, 'connection_error')
    assert.match(error.message, /certificate|UnknownIssuer/i)
    // The same in this process, where no SSL_CERT_FILE names the CA either.
    if (!process.env.SSL_CERT_FILE && !process.env.SSL_CERT_DIR) {
      await expectError(chatwire.APIConnectionError, () => client(server.tlsUrl('reply-json')).chat({ sessionId: 's1', message: 'hi' }))
    }
    const handshakes = await server.tlsConnections()
    assert.ok(handshakes.length >= 1)
    for (const handshake of handshakes) {
      assert.equal(handshake.handshake, 'failed')
      assert.match(handshake.error, /UnknownCA|alert/i)
    }
    assert.deepEqual(await server.requests(), [], 'no request passed the handshake')
  })

  test('the proxy option: each request goes through it (absolute-form for http, CONNECT for https)', T, async () => {
    const answer = await client(server.url('reply-json'), { proxy: server.proxy }).chat({ sessionId: 's1', message: 'hi' })
    assert.equal(answer.message, REPLY)
    await client(server.tlsUrl('reply-json'), { proxy: server.proxy, caFile }).chat({ sessionId: 's1', message: 'hi' })
    const [plain, tunnel] = await server.proxyRequests()
    assert.equal(plain.method, 'POST')
    assert.equal(plain.target, `${server.url('reply-json')}v1/chat`)
    assert.equal(plain.proxy_authorization, false)
    assert.equal(tunnel.method, 'CONNECT')
    assert.equal(tunnel.target, new URL(server.tls).host)
    // Both reached the scenario, through the proxy.
    assert.equal((await server.requests()).length, 2)
  })

  test('a proxy with credentials gets them; noProxy bypasses it', T, async () => {
    const proxy = new URL(server.proxy)
    proxy.username = 'user'
    proxy.password = 'hunter2'
    await client(server.url('reply-json'), { proxy: proxy.href }).chat({ sessionId: 's1', message: 'hi' })
    const [authorized] = await server.proxyRequests()
    assert.equal(authorized.proxy_authorization, true)
    await server.reset()
    const answer = await client(server.url('reply-json'), { proxy: server.proxy, noProxy: '127.0.0.1' }).chat({ sessionId: 's1', message: 'hi' })
    assert.equal(answer.message, REPLY)
    assert.deepEqual(await server.proxyRequests(), [], 'the proxy saw nothing')
    assert.equal((await server.requests()).length, 1, 'the request went straight to the server')
  })

  test('HTTPS_PROXY and HTTP_PROXY from the environment are used, CONNECT recorded', T, async () => {
    const secure = inChild(server.tlsUrl('reply-json'), { caFile }, { HTTPS_PROXY: server.proxy })
    assert.equal(secure.error, undefined, JSON.stringify(secure.error))
    const plain = inChild(server.url('reply-json'), {}, { HTTP_PROXY: server.proxy })
    assert.equal(plain.error, undefined, JSON.stringify(plain.error))
    const [tunnel, forwarded] = await server.proxyRequests()
    assert.equal(tunnel.method, 'CONNECT')
    assert.equal(tunnel.target, new URL(server.tls).host)
    assert.equal(forwarded.method, 'POST')
    assert.equal(forwarded.target, `${server.url('reply-json')}v1/chat`)
    // A proxy option replaces the environment's: with NO_PROXY's hosts, nothing goes through it.
    await server.reset()
    const bypassed = inChild(server.url('reply-json'), {}, { HTTP_PROXY: server.proxy, NO_PROXY: '127.0.0.1' })
    assert.equal(bypassed.error, undefined, JSON.stringify(bypassed.error))
    assert.deepEqual(await server.proxyRequests(), [])
  })
}
