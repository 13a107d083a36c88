#!/usr/bin/env node
'use strict'
// The `chatwire` command:
//
//   chatwire chat --provider <mevichat|vexar|devapi|widgetkey> [--session ID] "message"
//   chatwire export --dir DIRECTORY [--concurrency N] [--from-file PATH|-] [SESSION-ID ...]
//
// `chat` streams a reply to standard output; `export` exports Mevichat transcripts in bulk
// (resumable: files already there are skipped), with a progress bar on standard error when it is
// a terminal and a line per session otherwise, then prints the summary. Credentials and base URLs
// come from the environment variables the clients read: MEVICHAT_PUBLIC_KEY, MEVICHAT_ORIGIN,
// MEVICHAT_EXPORT_TOKEN, MEVICHAT_BASE_URL, VEXAR_SITE_KEY, VEXAR_BASE_URL, DEVAPI_API_KEY,
// DEVAPI_BASE_URL, WIDGETKEY_API_KEY, WIDGETKEY_BASE_URL. Exit status: 0 done, 1 failed (a
// failed reply, any session not exported), 2 a usage error.

const fs = require('node:fs')
const { parseArgs } = require('node:util')

const chatwire = require('./index.js')

const PROVIDERS = {
  mevichat: chatwire.Mevichat,
  vexar: chatwire.Vexar,
  devapi: chatwire.DevApi,
  widgetkey: chatwire.WidgetKey,
}

const USAGE = `usage: chatwire chat --provider <${Object.keys(PROVIDERS).join('|')}> [--session ID] "message"
       chatwire export --dir DIRECTORY [--concurrency N] [--from-file PATH|-] [SESSION-ID ...]

Credentials and base URLs come from the environment: MEVICHAT_PUBLIC_KEY, MEVICHAT_ORIGIN,
MEVICHAT_EXPORT_TOKEN, MEVICHAT_BASE_URL, VEXAR_SITE_KEY, VEXAR_BASE_URL, DEVAPI_API_KEY,
DEVAPI_BASE_URL, WIDGETKEY_API_KEY, WIDGETKEY_BASE_URL.`

/** A mistake in the command line: the usage, and status 2. */
class UsageError extends Error {}

const OPTIONS = {
  chat: {
    provider: { type: 'string' },
    session: { type: 'string' },
  },
  export: {
    dir: { type: 'string' },
    concurrency: { type: 'string', default: '4' },
    'from-file': { type: 'string' },
  },
}

async function main(argv) {
  const [command, ...rest] = argv
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE)
    return 0
  }
  if (command === undefined) throw new UsageError('a command is needed: chat or export')
  if (!(command in OPTIONS)) throw new UsageError(`unknown command ${JSON.stringify(command)}; the commands are chat and export`)
  let parsed
  try {
    parsed = parseArgs({ args: rest, options: OPTIONS[command], allowPositionals: true, strict: true })
  } catch (error) {
    throw new UsageError(error.message)
  }
  const { values, positionals } = parsed
  if (command === 'chat') {
    if (values.provider === undefined) throw new UsageError('chat needs --provider')
    if (!(values.provider in PROVIDERS)) {
      throw new UsageError(`--provider must be one of ${Object.keys(PROVIDERS).join(', ')}, not ${JSON.stringify(values.provider)}`)
    }
    if (positionals.length !== 1) throw new UsageError('chat takes one message (quote it)')
    return chat(values.provider, positionals[0], values.session)
  }
  if (values.dir === undefined) throw new UsageError('export needs --dir')
  const concurrency = Number(values.concurrency)
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new UsageError(`--concurrency must be a whole number of at least 1, not ${JSON.stringify(values.concurrency)}`)
  }
  const ids = [...positionals, ...(await idsFromFile(values['from-file']))]
  if (ids.length === 0) throw new UsageError('export needs session ids, as arguments or with --from-file')
  return exportAll(ids, values.dir, concurrency)
}

/** Streams the reply to standard output as it comes; the session goes to standard error. */
async function chat(provider, message, sessionId) {
  const client = new PROVIDERS[provider]()
  const conversation = client.conversation({ sessionId })
  for await (const event of conversation.send(message).neutral()) {
    if (event.type === 'delta') process.stdout.write(event.text)
    else if (event.type === 'blocked') process.stdout.write(event.fallback)
    else if (event.type === 'failed') {
      process.stdout.write('\n')
      console.error(`chatwire: the reply failed: ${event.code}${event.message ? `: ${event.message}` : ''}`)
      return 1
    }
  }
  process.stdout.write('\n')
  if (conversation.sessionId !== null) console.error(`session: ${conversation.sessionId}`)
  return 0
}

/** The ids of `path` (`-` for standard input), one a line; blank lines and `#` comments left out. */
async function idsFromFile(path) {
  if (path === undefined) return []
  let text
  try {
    text = path === '-' ? await readStdin() : fs.readFileSync(path, 'utf8')
  } catch (error) {
    throw new UsageError(`--from-file: ${error.message}`)
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
}

async function readStdin() {
  const chunks = []
  for await (const chunk of process.stdin) chunks.push(chunk)
  return Buffer.concat(chunks).toString('utf8')
}

/** Runs the bulk export with its progress on standard error; prints the summary. */
async function exportAll(ids, directory, concurrency) {
  const bar = new ProgressBar(process.stderr)
  const client = new chatwire.Mevichat()
  const summary = await client.exportAll({ sessionIds: ids, directory, concurrency, onProgress: (p) => bar.update(p) })
  bar.finish()
  for (const { sessionId, error } of summary.failed) console.error(`failed ${sessionId}: ${error.message}`)
  console.log(
    `${summary.written.length} written, ${summary.skipped.length} skipped, ${summary.failed.length} failed in ${directory}`,
  )
  return summary.failed.length > 0 ? 1 : 0
}

/** One line redrawn in place on a terminal; a line per session otherwise (a log, a pipe). */
class ProgressBar {
  static WIDTH = 30

  constructor(out) {
    this.out = out
    this.onTerminal = Boolean(out.isTTY)
    this.counts = { written: 0, skipped: 0, failed: 0 }
    this.drawn = false
  }

  update(progress) {
    this.counts[progress.status] += 1
    if (!this.onTerminal) {
      const reason = progress.reason ? `: ${progress.reason}` : ''
      this.out.write(`[${progress.done}/${progress.total}] ${progress.status} ${progress.sessionId}${reason}\n`)
      return
    }
    const filled = Math.floor((ProgressBar.WIDTH * progress.done) / Math.max(progress.total, 1))
    const counts = Object.entries(this.counts)
      .map(([status, count]) => `${count} ${status}`)
      .join(', ')
    const bar = '#'.repeat(filled) + '-'.repeat(ProgressBar.WIDTH - filled)
    this.out.write(`\r[${bar}] ${progress.done}/${progress.total} (${counts})\x1b[K`)
    this.drawn = true
  }

  finish() {
    if (this.drawn) this.out.write('\n')
  }
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status
  },
  (error) => {
    if (error instanceof UsageError) {
      console.error(`chatwire: ${error.message}\n\n${USAGE}`)
      process.exitCode = 2
    } else if (error instanceof chatwire.ChatwireError) {
      console.error(`chatwire: ${error.message}`)
      process.exitCode = 1
    } else {
      throw error
    }
  },
)
