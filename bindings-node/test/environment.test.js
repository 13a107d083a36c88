'use strict'
// Every credential and base URL from its environment variable: each client built with no
// options at all, and each variable left out, refused with a ValidationError that names the
// option and the variable. Each case runs in a child process (this file with `--child`), whose
// environment the test sets, so that this process's is never changed.

/** What a child builds and calls, by provider: the class and one call of each kind it has. */
const CALLS = {
  mevichat: { Class: 'Mevichat', call: (client) => client.getWidgetConfig() },
  mevichatExport: {
    Class: 'Mevichat',
    call: (client) => client.exportConversation({ sessionId: '5f3e8c7c-5d4a-4a91-9a4e-c9a7e6d2b0f1' }),
  },
  vexar: { Class: 'Vexar', call: (client) => client.getBlockStatus({ sessionId: 's1' }) },
  devapi: { Class: 'DevApi', call: (client) => client.getUsage() },
  widgetkey: { Class: 'WidgetKey', call: (client) => client.chat({ sessionId: 's1', message: 'hi' }) },
}

if (process.argv.includes('--child')) {
  const [name, options] = process.argv.slice(process.argv.indexOf('--child') + 1)
  const chatwire = require('chatwire')
  const { Class, call } = CALLS[name]
  const answer = (async () => {
    // `none`: `new Class()`; otherwise the options as JSON (`{}`, `null` …).
    const client = options === 'none' ? new chatwire[Class]() : new chatwire[Class](JSON.parse(options))
    return call(client)
  })()
  answer.then(
    (value) => console.log(JSON.stringify({ answer: value })),
    (error) => {
      const { name: kind, code, field, status, message } = error
      console.log(JSON.stringify({ error: { kind, code, field, status, message } }))
    },
  )
} else {
  suite()
}

function suite() {
  const { test, before, after, beforeEach } = require('node:test')
  const assert = require('node:assert/strict')
  const { spawnSync } = require('node:child_process')
  const { T, MockServer } = require('./helpers.js')

  let mock, f

  before(async () => {
    mock = await MockServer.start({ relaxedRateLimits: true })
    f = mock.fixtures
  })
  after(() => mock.stop())
  beforeEach(() => mock.reset())

  /** Every variable of every API, which no child inherits from this process. */
  const VARIABLES = [
    'MEVICHAT_PUBLIC_KEY',
    'MEVICHAT_ORIGIN',
    'MEVICHAT_EXPORT_TOKEN',
    'MEVICHAT_BASE_URL',
    'VEXAR_SITE_KEY',
    'VEXAR_BASE_URL',
    'DEVAPI_API_KEY',
    'DEVAPI_BASE_URL',
    'WIDGETKEY_API_KEY',
    'WIDGETKEY_BASE_URL',
  ]

  /** The working environment of each API, against the mock. */
  function environments() {
    return {
      mevichat: {
        MEVICHAT_PUBLIC_KEY: f.mevichatPublicKey,
        MEVICHAT_ORIGIN: f.origin,
        MEVICHAT_EXPORT_TOKEN: f.exportJwt,
        MEVICHAT_BASE_URL: mock.baseUrl,
      },
      vexar: { VEXAR_SITE_KEY: f.vexarSiteKey, VEXAR_BASE_URL: mock.baseUrl },
      devapi: { DEVAPI_API_KEY: f.devapiKey, DEVAPI_BASE_URL: mock.baseUrl },
      widgetkey: { WIDGETKEY_API_KEY: f.widgetKey, WIDGETKEY_BASE_URL: mock.baseUrl },
    }
  }

  /** What `CALLS[name]` answers in a child with `env` (and no other chatwire variable), the
   * client built with `options` (`'none'`: no argument). */
  function inChild(name, env, options = 'none') {
    const childEnv = { ...process.env }
    for (const variable of VARIABLES) delete childEnv[variable]
    const run = spawnSync(
      process.execPath,
      [__filename, '--child', name, options === 'none' ? options : JSON.stringify(options)],
      { encoding: 'utf8', timeout: 15000, env: { ...childEnv, ...env } },
    )
    assert.equal(run.status, 0, `exit ${run.status} (${run.signal}): ${run.stderr}`)
    return JSON.parse(run.stdout)
  }

  test('every client works from its environment variables alone: new Client()', T, () => {
    const envs = environments()
    for (const name of ['mevichat', 'mevichatExport', 'vexar', 'devapi', 'widgetkey']) {
      const { answer, error } = inChild(name, envs[name] ?? envs.mevichat)
      assert.equal(error, undefined, `${name}: ${JSON.stringify(error)}`)
      assert.match(answer.requestId, /^req_mock_\d+$/, name)
    }
    const sent = mock.requests()
    assert.deepEqual(
      sent.map((r) => [r.path, r.status]),
      [
        ['/api/widget/config/', 200],
        [`/api/conversations/${f.seededSessionId}/export.json`, 200],
        ['/api/v1/chat/block-status', 200],
        ['/api/v1/usage', 200],
        ['/v1/chat', 200],
      ],
    )
    // Each with the credentials of its variables.
    assert.equal(sent[0].headers.origin, f.origin)
    assert.equal(sent[1].headers.authorization, `Bearer ${f.exportJwt}`)
    assert.match(sent[2].query, new RegExp(`site_key=${f.vexarSiteKey}`))
    assert.equal(sent[3].headers.authorization, `Bearer ${f.devapiKey}`)
    assert.equal(sent[4].headers['x-api-key'], f.widgetKey)
  })

  test('empty or null options are the environment\'s too', T, () => {
    const { devapi } = environments()
    for (const options of [{}, null]) {
      const { answer, error } = inChild('devapi', devapi, options)
      assert.equal(error, undefined, `${JSON.stringify(options)}: ${JSON.stringify(error)}`)
      assert.equal(answer.success, true)
    }
  })

  test('each variable missing (or empty) is a ValidationError naming the option and the variable', T, (t) => {
    const envs = environments()
    const required = {
      mevichat: [['MEVICHAT_PUBLIC_KEY', 'publicKey'], ['MEVICHAT_ORIGIN', 'origin']],
      mevichatExport: [['MEVICHAT_EXPORT_TOKEN', 'exportToken']],
      vexar: [['VEXAR_SITE_KEY', 'siteKey'], ['VEXAR_BASE_URL', 'baseUrl']],
      devapi: [['DEVAPI_API_KEY', 'apiKey'], ['DEVAPI_BASE_URL', 'baseUrl']],
      widgetkey: [['WIDGETKEY_API_KEY', 'apiKey'], ['WIDGETKEY_BASE_URL', 'baseUrl']],
    }
    for (const [name, missing] of Object.entries(required)) {
      const env = envs[name] ?? envs.mevichat
      for (const [variable, option] of missing) {
        for (const value of [undefined, '']) {
          const { [variable]: _, ...rest } = env
          const { error } = inChild(name, value === undefined ? rest : { ...rest, [variable]: value })
          const label = `${name} without ${variable}${value === '' ? ' (empty)' : ''}`
          assert.ok(error, `${label}: answered`)
          t.diagnostic(`${label}: ${error.kind}: ${error.message}`)
          assert.equal(error.kind, 'ValidationError', label)
          assert.equal(error.code, 'validation_error', label)
          assert.equal(error.field, option, label)
          assert.ok(error.message.includes(option), `${label}: ${error.message}`)
          assert.ok(error.message.includes(variable), `${label}: ${error.message}`)
          assert.doesNotMatch(error.message, /_key\b|_url\b|_token\b/, `${label}: JS names the option`)
        }
      }
    }
    // Mevichat's base URL has a default, the hosted API: leaving it out is no error.
    assert.deepEqual(mock.requests(), [])
  })

  test('an option given is used over its variable', T, () => {
    const { devapi, mevichat } = environments()
    const { error } = inChild('devapi', devapi, { apiKey: 'dk_not_this_one' })
    assert.equal(error?.kind, 'AuthenticationError', JSON.stringify(error))
    assert.equal(mock.requests()[0].headers.authorization, 'Bearer dk_not_this_one')
    const { answer } = inChild('mevichat', { ...mevichat, MEVICHAT_BASE_URL: 'http://127.0.0.1:1' }, { baseUrl: mock.baseUrl })
    assert.ok(answer.bot, 'the baseUrl option over MEVICHAT_BASE_URL')
  })
}
