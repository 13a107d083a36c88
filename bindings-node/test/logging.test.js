'use strict'
// What chatwire logs, through a client's `logger` and `logLevel` options and through
// `CHATWIRE_LOG`: one record per request attempt (status, attempt, request id, and the retry it
// leads to) and one per stream's end (events, end, time to first event), each record's line as
// the message and its fields as the second argument, no fixture secret in any. CHATWIRE_LOG runs
// in child processes (this file with `--child`), as it is read once at load.

const SCENARIOS = {
  /** A call retried after a 503, then a stream, with the default logger. */
  async 'retried-and-stream'({ chatwire, mock }) {
    const client = new chatwire.DevApi({ apiKey: mock.fixtures.devapiKey, baseUrl: mock.baseUrl })
    mock.pushFault({ fault: 'status', status: 503 })
    await client.getUsage()
    for await (const _ of client.chatStream({ message: 'hours' }));
  },
  /** A stream cut off, its error caught, as the program ends: its end is logged all the same. */
  async 'stream-cut-off-at-exit'({ chatwire, mock }) {
    const client = new chatwire.Vexar({ siteKey: mock.fixtures.vexarSiteKey, baseUrl: mock.baseUrl })
    mock.pushFault({ fault: 'close_after_events', events: 3 })
    try {
      for await (const _ of client.chatStream({ sessionId: 's1', message: 'hours' }));
    } catch (error) {
      if (!(error instanceof chatwire.StreamEndedError)) throw error
    }
  },
  /** A logger without a level of its own: it takes CHATWIRE_LOG's. */
  async 'logger-takes-the-environment-level'({ chatwire, mock }) {
    const lines = []
    const keep = (message) => lines.push(message)
    const logger = { debug: keep, info: keep, warn: keep, error: keep }
    const client = new chatwire.Vexar({ siteKey: mock.fixtures.vexarSiteKey, baseUrl: mock.baseUrl, logger })
    await client.getBlockStatus({ sessionId: 's1' })
    console.log(JSON.stringify(lines))
  },
  /** A logger that throws: the call answers and the process lives. */
  async 'throwing-logger'({ chatwire, mock }) {
    const fail = () => {
      throw new Error('this logger is broken')
    }
    const logger = { debug: fail, info: fail, warn: fail, error: fail }
    const client = new chatwire.WidgetKey({ apiKey: mock.fixtures.widgetKey, baseUrl: mock.baseUrl, logger, logLevel: 'info' })
    console.log((await client.chat({ sessionId: 's1', message: 'hi' })).conversationId)
    await new Promise((resolve) => setTimeout(resolve, 100))
  },
}

if (process.argv.includes('--child')) {
  // The process ends by itself once the scenario is over: the log's thread-safe function must
  // not keep it alive.
  const chatwire = require('chatwire')
  const { MockServer } = require('chatwire/testing')
  const scenario = SCENARIOS[process.argv[process.argv.indexOf('--child') + 1]]
  MockServer.start().then(async (mock) => {
    try {
      await scenario({ chatwire, mock })
      console.log(JSON.stringify({ requests: mock.requests().map((r) => r.id) }))
    } finally {
      mock.stop()
    }
  })
} else {
  suite()
}

function suite() {
  const { test, before, after, beforeEach } = require('node:test')
  const assert = require('node:assert/strict')
  const { spawnSync } = require('node:child_process')
  const chatwire = require('chatwire')
  const { T, MockServer, requestIdOf, textOf, sleep } = require('./helpers.js')

  let mock, f

  before(async () => {
    mock = await MockServer.start({ relaxedRateLimits: true })
    f = mock.fixtures
  })
  after(() => mock.stop())
  beforeEach(() => mock.reset())

  /** A logger that keeps each call: the method, the message and the fields. */
  function capture() {
    const records = []
    const method = (name) => (message, fields) => records.push({ method: name, message, fields })
    return { records, logger: { debug: method('debug'), info: method('info'), warn: method('warn'), error: method('error') } }
  }

  /** Records arrive on the JS thread soon after the core emits them. */
  async function settled(records, count) {
    for (let waited = 0; records.length < count && waited < 2000; waited += 10) await sleep(10)
    // A record more than expected would show in the next check.
    await sleep(30)
    return records
  }

  /** Every fixture that is a credential: the keys and the JWTs. */
  function secrets() {
    return Object.entries(f)
      .filter(([name]) => /Key$|Jwt/.test(name))
      .map(([, value]) => value)
  }

  /** This file as a child process running `scenario`, with `env` over the test's environment. */
  function child(scenario, env) {
    const childEnv = { ...process.env, ...env }
    if (!('CHATWIRE_LOG' in env)) delete childEnv.CHATWIRE_LOG
    const run = spawnSync(process.execPath, [__filename, '--child', scenario], { encoding: 'utf8', timeout: 15000, env: childEnv })
    assert.equal(run.error, undefined, String(run.error))
    assert.equal(run.status, 0, `exit ${run.status} (${run.signal}): ${run.stderr}`)
    const lines = run.stdout.trim().split('\n')
    return { stdout: lines, stderr: run.stderr, requests: JSON.parse(lines[lines.length - 1]).requests }
  }

  test('a retried call logs one record per attempt, with status, attempt, request id and the retry', T, async (t) => {
    const { records, logger } = capture()
    const client = new chatwire.DevApi({ apiKey: f.devapiKey, baseUrl: mock.baseUrl, logger, logLevel: 'info', maxRetries: 2 })
    mock.pushFault({ fault: 'status', status: 503 })
    const usage = await client.getUsage({ startDate: '2024-01-01' })
    const [failed, answered] = await settled(records, 2)
    assert.equal(records.length, 2, JSON.stringify(records))
    const [first, second] = mock.requests()
    for (const record of records) t.diagnostic(record.message)
    assert.equal(failed.method, 'info')
    assert.match(failed.message, /^request client=\d+ provider=devapi operation=get_usage method=GET path=\/api\/v1\/usage attempt=1 status=503 /)
    assert.deepEqual(
      { ...failed.fields, client: undefined, elapsed_ms: undefined },
      {
        client: undefined,
        provider: 'devapi',
        operation: 'get_usage',
        method: 'GET',
        // The query is left out: it can hold a key.
        path: '/api/v1/usage',
        attempt: 1,
        status: 503,
        elapsed_ms: undefined,
        request_id: requestIdOf(first),
        error: failed.fields.error,
        retry_in_ms: failed.fields.retry_in_ms,
        retry_reason: 'status 503',
      },
    )
    assert.match(failed.fields.error, /503/)
    // The backoff after a first attempt: 0.5 s, give or take its 25 % jitter.
    assert.ok(failed.fields.retry_in_ms >= 375 && failed.fields.retry_in_ms <= 625, String(failed.fields.retry_in_ms))
    assert.equal(typeof failed.fields.elapsed_ms, 'number')
    assert.equal(answered.fields.attempt, 2)
    assert.equal(answered.fields.status, 200)
    assert.equal(answered.fields.request_id, requestIdOf(second))
    assert.equal(answered.fields.request_id, usage.requestId)
    assert.equal(answered.fields.retry_in_ms, undefined)
    assert.match(answered.message, new RegExp(`attempt=2 status=200 elapsed_ms=\\d+ request_id=${usage.requestId}$`))
    assert.equal(answered.fields.client, failed.fields.client)
  })

  test('a stream logs its request, then its end: events, end, time to first event, request id', T, async () => {
    const { records, logger } = capture()
    const client = new chatwire.Mevichat({ publicKey: f.mevichatPublicKey, origin: f.origin, baseUrl: mock.baseUrl, logger, logLevel: 'debug' })
    const stream = client.chatStream({ sessionId: f.seededSessionId, message: 'refund?' })
    let events = 0
    for await (const _ of stream) events++
    const [request, ended] = await settled(records, 2)
    assert.equal(records.length, 2, JSON.stringify(records))
    const [logged] = mock.requests()
    assert.equal(request.fields.operation, 'chat_stream')
    assert.equal(request.fields.status, 200)
    assert.equal(request.fields.attempt, 1)
    assert.equal(request.fields.request_id, requestIdOf(logged))
    assert.equal(ended.method, 'info')
    assert.match(ended.message, /^stream ended client=\d+ provider=mevichat operation=chat_stream events=\d+ end=/)
    assert.equal(ended.fields.events, events)
    assert.equal(ended.fields.end, 'terminal event')
    assert.equal(typeof ended.fields.first_event_ms, 'number')
    assert.equal(typeof ended.fields.elapsed_ms, 'number')
    assert.equal(ended.fields.request_id, stream.requestId)
    assert.equal(ended.fields.client, request.fields.client)
    // A stream closed early says so (its tokens paced, so that it is closed before its end).
    mock.setTokenDelay(50)
    const early = client.chatStream({ sessionId: f.seededSessionId, message: 'refund?' })
    for await (const _ of early) break
    const [, , , closed] = await settled(records, 4)
    assert.equal(closed.fields.end, 'closed by the reader')
    assert.equal(closed.fields.events, 1)
  })

  test('no record of any call of the four APIs holds a fixture secret', T, async (t) => {
    const { records, logger } = capture()
    const options = { baseUrl: mock.baseUrl, logger, logLevel: 'debug' }
    const mevichat = new chatwire.Mevichat({ publicKey: f.mevichatPublicKey, origin: f.origin, exportToken: f.exportJwt, ...options })
    const vexar = new chatwire.Vexar({ siteKey: f.vexarSiteKey, ...options })
    const devapi = new chatwire.DevApi({ apiKey: f.devapiKey, ...options })
    const widgetkey = new chatwire.WidgetKey({ apiKey: f.widgetKey, ...options })
    await mevichat.getWidgetConfig()
    await mevichat.exportConversation({ sessionId: f.seededSessionId })
    await textOf(mevichat.chatStream({ sessionId: f.seededSessionId, message: 'hi' }))
    await vexar.getHistory({ sessionId: 's1' })
    await vexar.saveEmail({ sessionId: 's1', email: 'a@example.com' })
    await textOf(vexar.chatStream({ sessionId: 's1', message: 'hi' }))
    await devapi.chat({ message: 'hi' })
    await textOf(devapi.chatStream({ message: 'hi' }))
    await widgetkey.chat({ sessionId: 's1', message: 'hi' })
    await textOf(widgetkey.chatStream({ sessionId: 's1', message: 'hi' }))
    // A refused key, whose error is logged too.
    await new chatwire.DevApi({ apiKey: f.devapiKey.slice(0, -1), ...options }).getUsage().catch(() => {})
    await settled(records, 15)
    assert.ok(records.length >= 15, `${records.length} records`)
    for (const record of records) {
      // Printed, so that scripts/test's scan of every suite's output looks at them too.
      t.diagnostic(record.message)
      const text = `${record.message} ${JSON.stringify(record.fields)}`
      for (const secret of secrets()) assert.ok(!text.includes(secret), `a secret in: ${text}`)
    }
  })

  test('logLevel filters per client: off and warn log nothing, info logs; another client is not told', T, async () => {
    const quiet = capture()
    const off = capture()
    const loud = capture()
    const common = { apiKey: f.devapiKey, baseUrl: mock.baseUrl }
    const warn = new chatwire.DevApi({ ...common, logger: quiet.logger, logLevel: 'warn' })
    const silent = new chatwire.DevApi({ ...common, logger: off.logger, logLevel: 'off' })
    const info = new chatwire.DevApi({ ...common, logger: loud.logger, logLevel: 'info' })
    await warn.getUsage()
    await silent.getUsage()
    await info.getUsage()
    await settled(loud.records, 1)
    assert.deepEqual(quiet.records, [])
    assert.deepEqual(off.records, [])
    assert.equal(loud.records.length, 1)
    assert.equal(loud.records[0].fields.request_id, requestIdOf(mock.requests()[2]))
  })

  test('the copies withOptions and withRawResponse make log to the same logger', T, async () => {
    const { records, logger } = capture()
    const client = new chatwire.WidgetKey({ apiKey: f.widgetKey, baseUrl: mock.baseUrl, logger, logLevel: 'info' })
    await client.withOptions({ timeout: 5000 }).chat({ sessionId: 's1', message: 'hi' })
    const { response } = await client.withRawResponse.chat({ sessionId: 's1', message: 'hi' })
    await settled(records, 2)
    assert.deepEqual(
      records.map((r) => r.fields.request_id),
      mock.requests().map(requestIdOf),
    )
    assert.equal(records[1].fields.request_id, response.requestId)
  })

  test('CHATWIRE_LOG=debug prints one line per attempt and per stream end to stderr', T, (t) => {
    const { stderr, requests } = child('retried-and-stream', { CHATWIRE_LOG: 'debug' })
    const lines = stderr.trim().split('\n')
    for (const line of lines) t.diagnostic(line)
    assert.equal(lines.length, 4, stderr)
    const [failed, retried, opened, ended] = lines
    const id = (n) => `request_id=req_mock_${requests[n]}`
    assert.match(failed, new RegExp(`^\\[chatwire\\.http\\] INFO request client=\\d+ provider=devapi operation=get_usage .*attempt=1 status=503 .*${id(0)} `))
    assert.match(failed, /retry_in_ms=\d+ retry_reason="status 503"$/)
    assert.match(retried, new RegExp(`^\\[chatwire\\.http\\] INFO request .*attempt=2 status=200 .*${id(1)}$`))
    assert.match(opened, new RegExp(`^\\[chatwire\\.http\\] INFO request .*operation=chat_stream .*attempt=1 status=200 .*${id(2)}$`))
    assert.match(ended, new RegExp(`^\\[chatwire\\.stream\\] INFO stream ended .*events=\\d+ end="terminal event" first_event_ms=\\d+ .*${id(2)}$`))
  })

  test('what is logged as the process ends is printed before it exits', T, () => {
    const { stderr, requests } = child('stream-cut-off-at-exit', { CHATWIRE_LOG: 'info' })
    const lines = stderr.trim().split('\n')
    assert.equal(lines.length, 2, stderr)
    assert.match(lines[1], new RegExp(`^\\[chatwire\\.stream\\] INFO stream ended .*events=3 end="the stream ended before its terminal event, after 3 events" .*request_id=req_mock_${requests[0]}$`))
  })

  test('without CHATWIRE_LOG nothing is printed; a value that is no level is named once', T, () => {
    assert.equal(child('retried-and-stream', {}).stderr, '')
    assert.equal(child('retried-and-stream', { CHATWIRE_LOG: 'off' }).stderr, '')
    assert.equal(child('retried-and-stream', { CHATWIRE_LOG: 'warn' }).stderr, '')
    const { stderr } = child('retried-and-stream', { CHATWIRE_LOG: 'loud' })
    assert.match(stderr, /CHATWIRE_LOG is "loud", not one of off, error, warn, info, debug; it is ignored/)
    assert.doesNotMatch(stderr, /\[chatwire\.(http|stream)\]/)
  })

  test('a logger without a logLevel takes CHATWIRE_LOG\'s (warn when unset)', T, () => {
    const logged = (env) => JSON.parse(child('logger-takes-the-environment-level', env).stdout[0])
    assert.deepEqual(logged({}), [])
    const [line] = logged({ CHATWIRE_LOG: 'info' })
    assert.match(line, /^request client=\d+ provider=vexar operation=get_block_status .*status=200/)
  })

  test('a logger that throws neither fails the call nor ends the process', T, () => {
    const { stdout, stderr } = child('throwing-logger', {})
    assert.match(stdout[0], /^\S+$/, 'the conversation id')
    assert.match(stderr, /a chatwire logger threw: Error: this logger is broken/)
  })
}
