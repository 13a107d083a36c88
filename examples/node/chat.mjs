#!/usr/bin/env node
// Streams a chat reply token by token, from any of the four APIs.
//
//     node examples/node/chat.mjs "What is your refund policy?" [--provider vexar]
//
// It talks to the bundled mock server unless CHATWIRE_BASE_URL names a real one (then the keys
// come from the environment: see _server.cjs). Ctrl-C stops the reply and closes its connection.

import { parseArgs } from 'node:util'
import {
  APIError,
  APIUserAbortError,
  ChatwireError,
  DevApi,
  Mevichat,
  Vexar,
  WidgetKey,
} from 'chatwire'
import { withServer } from './_server.cjs'

const PROVIDERS = ['mevichat', 'vexar', 'devapi', 'widgetkey']
const USAGE = `usage: node chat.mjs [message] [--provider ${PROVIDERS.join('|')}]`

/** The reply as provider-neutral events, whichever API answers; `signal` closes it. */
function openStream(provider, at, message, signal) {
  switch (provider) {
    case 'mevichat': {
      const mevichat = new Mevichat({ publicKey: at.mevichatKey, origin: at.origin, baseUrl: at.baseUrl })
      return mevichat.chatStream({ sessionId: at.sessionId, message }, { signal }).neutral()
    }
    case 'vexar': {
      const vexar = new Vexar({ siteKey: at.vexarKey, baseUrl: at.baseUrl })
      return vexar.chatStream({ sessionId: 'sess_cli', message }, { signal }).neutral()
    }
    case 'devapi': {
      const devapi = new DevApi({ apiKey: at.devapiKey, baseUrl: at.baseUrl })
      return devapi.chatStream({ message }, { signal }).neutral()
    }
    default: {
      const widget = new WidgetKey({ apiKey: at.widgetKey, baseUrl: at.baseUrl })
      return widget.chatStream({ sessionId: 'cli', message }, { signal }).neutral()
    }
  }
}

/** `RateLimitError rate_limited: Too many requests.`: the class, the stable code, the message. */
function describe(error) {
  // An API error's `message` repeats its status and code; the provider's own words are enough.
  const message = error instanceof APIError ? (error.providerMessage ?? error.message) : error.message
  return `${error.name} ${error.code}: ${message}`
}

/** Prints the reply as it streams; answers the exit status. */
async function chat(provider, message, at, signal) {
  try {
    for await (const event of openStream(provider, at, message, signal)) {
      switch (event.type) {
        case 'delta':
          process.stdout.write(event.text)
          break
        case 'blocked':
          process.stdout.write(event.fallback)
          break
        case 'failed':
          process.stderr.write(`\n[error ${event.code}: ${event.message ?? ''}]\n`)
          break
        case 'finished':
          process.stdout.write(`\n[${event.finish.finishReason ?? 'done'}]\n`)
          break
      }
    }
    return 0
  } catch (error) {
    if (error instanceof APIUserAbortError) {
      process.stderr.write('\n[aborted]\n')
      return 130
    }
    if (!(error instanceof ChatwireError)) throw error
    console.error(`chat failed: ${describe(error)}`)
    return 1
  }
}

async function main(argv) {
  let values, positionals
  try {
    ;({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        provider: { type: 'string', default: 'mevichat' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (error) {
    console.error(`${USAGE}\n${error.message}`)
    return 2
  }
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  if (!PROVIDERS.includes(values.provider)) {
    console.error(`${USAGE}\nunknown provider '${values.provider}'`)
    return 2
  }
  const message = positionals.join(' ') || 'What is your refund policy?'

  // Ctrl-C aborts the call: the stream closes its connection and the loop throws
  // APIUserAbortError. A second Ctrl-C kills the process as usual.
  const controller = new AbortController()
  const abort = () => controller.abort()
  process.once('SIGINT', abort)
  try {
    return await withServer((at) => chat(values.provider, message, at, controller.signal))
  } finally {
    process.off('SIGINT', abort)
  }
}

process.exitCode = await main(process.argv.slice(2))
