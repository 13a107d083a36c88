'use strict'
// Where chatwire's log records go. The core queues every record and calls `receive` (one
// thread-safe function, which never keeps the process alive) when some wait; they are taken
// then, and once more as the process exits. Each goes to the logger of the client that logged
// it (its `client` field), if that client was built with `logger` or `logLevel`, else to the
// stderr logger at the level `CHATWIRE_LOG` says. The core builds records only up to the most
// verbose level any of them wants.

/** Each level, and those less verbose: a logger at `info` gets `info`, `warn` and `error`. */
const RANKS = { off: 0, error: 1, warn: 2, info: 3, debug: 4 }
const LEVELS = Object.keys(RANKS)

/** A console-like logger that writes each record as one line to stderr, named as Python's
 * logger is (`chatwire.http`, `chatwire.stream`) when it is told the record's target. */
function stderrLogger() {
  const write = (level) => (message, _fields, target = 'chatwire') =>
    process.stderr.write(`[${target.replace('::', '.')}] ${level} ${message}\n`)
  return { debug: write('DEBUG'), info: write('INFO'), warn: write('WARN'), error: write('ERROR') }
}

const STDERR = stderrLogger()

/** `CHATWIRE_LOG`, read once at load; a value that is not a level is named, then ignored. */
function levelOfEnvironment() {
  const value = process.env.CHATWIRE_LOG
  if (value === undefined || value === '') return 'warn'
  const level = value.trim().toLowerCase()
  if (level in RANKS) return level
  process.emitWarning(`CHATWIRE_LOG is ${JSON.stringify(value)}, not one of ${LEVELS.join(', ')}; it is ignored`)
  return 'warn'
}

function install(native) {
  const fallback = { logger: STDERR, rank: RANKS[levelOfEnvironment()] }
  /** The clients built with their own `logger` or `logLevel`, by log id. */
  const clients = new Map()

  function updateNativeLevel() {
    let rank = fallback.rank
    for (const entry of clients.values()) rank = Math.max(rank, entry.rank)
    native.__setLogLevel(LEVELS[rank])
  }

  function deliver(record) {
    const entry = clients.get(record.fields.client) ?? fallback
    // `trace` (request and response bodies) is below every level a logger can ask for.
    if (!(record.level in RANKS) || RANKS[record.level] > entry.rank) return
    try {
      if (entry.logger === STDERR) STDERR[record.level](record.message, record.fields, record.target)
      else entry.logger[record.level](record.message, record.fields)
    } catch (error) {
      // A logger that throws must not take the process down from a native callback.
      process.emitWarning(`a chatwire logger threw: ${error?.stack ?? error}`)
    }
  }

  function takeAll() {
    for (const message of native.__takeLogs()) {
      if (message.released !== undefined) {
        clients.delete(message.released)
        updateNativeLevel()
      } else {
        deliver(message)
      }
    }
  }

  native.__installLogging({
    receive: takeAll,
    register(client, logger, level) {
      clients.set(client, { logger: logger ?? fallback.logger, rank: RANKS[level ?? LEVELS[fallback.rank]] })
      updateNativeLevel()
    },
  })
  updateNativeLevel()
  // What the last moments logged (a stream closed as the program ends), which the thread-safe
  // function, being weak, would not wait for.
  process.on('exit', takeAll)
}

module.exports = { install }
