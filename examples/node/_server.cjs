'use strict'
// Where the examples send their requests: the bundled mock server, unless CHATWIRE_BASE_URL
// names a real one (then the keys come from the environment too). A CommonJS module, so that
// both `import` (the .mjs examples) and `require` (quickstart-devapi.cjs) can load it.

const { MockServer } = require('chatwire/testing')

/**
 * The server and the credentials it takes.
 *
 * @typedef {object} Server
 * @property {string} baseUrl
 * @property {string} mevichatKey
 * @property {string} origin
 * @property {string} sessionId a Mevichat session (a UUID)
 * @property {string} exportToken
 * @property {string} vexarKey
 * @property {string} devapiKey
 * @property {string} widgetKey
 * @property {import('chatwire/testing').MockServer} [mock] the mock server, when it is one
 */

/**
 * Runs `run(at)` against the server and answers what it answers; a mock server started for it
 * is stopped afterwards, however `run` ends.
 *
 * @template T
 * @param {(at: Server) => Promise<T>} run
 * @param {{ tokenDelay?: number }} [options] the mock's pause between streamed tokens, in ms
 * @returns {Promise<T>}
 */
async function withServer(run, { tokenDelay = 40 } = {}) {
  const baseUrl = process.env.CHATWIRE_BASE_URL
  if (baseUrl) {
    const env = (name, fallback = '') => process.env[name] || fallback
    return run({
      baseUrl,
      mevichatKey: env('MEVICHAT_PUBLIC_KEY'),
      origin: env('MEVICHAT_ORIGIN'),
      sessionId: env('CHATWIRE_SESSION_ID', '5f3e8c7c-5d4a-4a91-9a4e-c9a7e6d2b0f1'),
      exportToken: env('MEVICHAT_EXPORT_TOKEN'),
      vexarKey: env('VEXAR_SITE_KEY'),
      devapiKey: env('DEVAPI_API_KEY'),
      widgetKey: env('WIDGETKEY_API_KEY'),
    })
  }
  const mock = await MockServer.start({ tokenDelay })
  try {
    const fixtures = mock.fixtures
    return await run({
      baseUrl: mock.baseUrl,
      mevichatKey: fixtures.mevichatPublicKey,
      origin: fixtures.origin,
      sessionId: fixtures.seededSessionId,
      exportToken: fixtures.exportJwt,
      vexarKey: fixtures.vexarSiteKey,
      devapiKey: fixtures.devapiKey,
      widgetKey: fixtures.widgetKey,
      mock,
    })
  } finally {
    mock.stop()
  }
}

module.exports = { withServer }
