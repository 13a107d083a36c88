#!/usr/bin/env node
'use strict'
// `npx chatwire-mock [--port N] [--token-delay-ms N] [--relaxed-rate-limits]`: the mock server on
// its own, for tests in a browser or in another language. It prints its base URL on the first
// line of standard output, the fixture keys on standard error, and serves until SIGINT or
// SIGTERM (status 0); a port it cannot listen on is status 1.

const { parseArgs } = require('node:util')

const { MockServer } = require('./index.js')

const USAGE = 'usage: chatwire-mock [--port N] [--token-delay-ms N] [--relaxed-rate-limits]'

function options() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'token-delay-ms': { type: 'string', default: '0' },
      'relaxed-rate-limits': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  const port = Number(values.port)
  const tokenDelay = Number(values['token-delay-ms'])
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: ${values.port} is not a port`)
  if (!Number.isFinite(tokenDelay) || tokenDelay < 0) throw new Error(`--token-delay-ms: ${values['token-delay-ms']} is not a number of ms`)
  return { port, tokenDelay, relaxedRateLimits: values['relaxed-rate-limits'] }
}

async function main() {
  let settings
  try {
    settings = options()
  } catch (error) {
    console.error(`${error.message}\n${USAGE}`)
    return 2
  }
  let mock
  try {
    mock = await MockServer.start(settings)
  } catch (error) {
    console.error(`chatwire-mock: cannot listen on 127.0.0.1:${settings.port}: ${error.message}`)
    return 1
  }
  // Listening for the signals before the URL is out, so that one sent on reading it counts. The
  // server runs on the addon's threads, which do not keep Node's event loop alive: a timer does.
  const alive = setInterval(() => {}, 1 << 30)
  const stopped = new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, resolve)
  })
  const f = mock.fixtures
  console.log(mock.baseUrl)
  console.error(
    'serving the mock of all four APIs; stop with Ctrl-C\n' +
      `  Mevichat public key ${f.mevichatPublicKey}, origin ${f.origin}, session ${f.seededSessionId}\n` +
      `  Vexar site key ${f.vexarSiteKey}\n  Developer API key ${f.devapiKey}\n  widget key ${f.widgetKey}`,
  )
  await stopped
  clearInterval(alive)
  mock.stop()
  return 0
}

main().then((status) => process.exit(status))
