'use strict'
// Mevichat's bulk export against the mock: 95 seeded sessions and 5 it never saw, under an
// export limit of 30 a second that the client keeps to, so that no request draws a 429; a rerun
// skips every file already written; onProgress hears of each session; the summary's failures
// carry the typed errors; bad params are refused before any request.

const { test, before, after, beforeEach, afterEach } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const chatwire = require('chatwire')
const { MockServer, expectError, setRateLimits, control, waitFor } = require('./helpers.js')

/** The acceptance case exports 100 sessions at 30 a second, twice over. */
const LONG = { timeout: 60000 }

let mock, f, directory

before(async () => {
  mock = await MockServer.start()
  f = mock.fixtures
})
after(() => mock.stop())
beforeEach(() => {
  mock.reset()
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'chatwire-export-all-'))
})
afterEach(() => fs.rmSync(directory, { recursive: true, force: true }))

/** A Mevichat client that exports, keeping to 30 exports a second. */
function exporter(options = {}) {
  return new chatwire.Mevichat({
    publicKey: f.mevichatPublicKey,
    origin: f.origin,
    exportToken: f.exportJwt,
    baseUrl: mock.baseUrl,
    maxRetries: 0,
    rateLimit: 'wait',
    rateLimits: { exportConversation: { requests: 30, perMs: 1000 } },
    ...options,
  })
}

/** The export requests the mock logged. */
const exportRequests = () => mock.requests().filter((r) => /^\/api\/conversations\/.+\/export\.json$/.test(r.path))

test('95 seeded sessions and 5 unknown ones: 95 files, 5 not-found failures, no 429; a rerun skips the 95', LONG, async () => {
  const seeded = Array.from({ length: 95 }, () => crypto.randomUUID())
  const unknown = Array.from({ length: 5 }, () => crypto.randomUUID())
  const created = await control(mock, 'POST', '/__mock/mevichat/sessions', { session_ids: seeded })
  assert.deepEqual(created, { created: 95 })
  await setRateLimits(mock, { mevichat_export: { limit: 30, window_ms: 1000 } })
  const sessionIds = [...seeded.slice(0, 50), ...unknown, ...seeded.slice(50)]
  const client = exporter()

  const progress = []
  const summary = await client.exportAll({ sessionIds, directory, onProgress: (p) => progress.push(p) })
  assert.equal(summary.written.length, 95)
  assert.equal(summary.skipped.length, 0)
  assert.equal(summary.failed.length, 5)
  assert.deepEqual(
    summary.written.map((w) => w.sessionId),
    seeded,
    'in the order given',
  )
  for (const { sessionId, path: file } of summary.written) {
    assert.equal(file, path.join(directory, `session-${sessionId}.json`))
    const transcript = JSON.parse(fs.readFileSync(file, 'utf8'))
    assert.equal(JSON.stringify(transcript).includes(sessionId), true, `${file} is the session's`)
  }
  assert.deepEqual(fs.readdirSync(directory).sort(), seeded.map((id) => `session-${id}.json`).sort())
  assert.deepEqual(
    summary.failed.map((x) => x.sessionId),
    unknown,
  )
  for (const { error } of summary.failed) {
    assert.ok(error instanceof chatwire.NotFoundError, `${error}`)
    assert.ok(error instanceof chatwire.ChatwireError)
    assert.equal(error.status, 404)
    assert.equal(typeof error.code, 'string')
  }
  const first = exportRequests()
  assert.equal(first.length, 100)
  assert.deepEqual(
    first.filter((r) => r.status === 429),
    [],
    'the client kept to the limit',
  )

  // onProgress heard of each session once, as it was done, before the promise settled.
  assert.equal(progress.length, 100)
  assert.deepEqual(
    progress.map((p) => p.done),
    Array.from({ length: 100 }, (_, i) => i + 1),
  )
  assert.ok(progress.every((p) => p.total === 100))
  assert.deepEqual(new Set(progress.map((p) => p.sessionId)), new Set(sessionIds))
  assert.equal(progress.filter((p) => p.status === 'written').length, 95)
  const failed = progress.filter((p) => p.status === 'failed')
  assert.deepEqual(new Set(failed.map((p) => p.sessionId)), new Set(unknown))
  for (const p of failed) assert.equal(typeof p.reason, 'string')
  for (const p of progress.filter((p) => p.status !== 'failed')) assert.equal(p.reason, undefined)

  // The rerun: every file already there is skipped without a request.
  await control(mock, 'DELETE', '/__mock/requests')
  const again = []
  const rerun = await client.exportAll({ sessionIds, directory, onProgress: (p) => again.push(p) })
  assert.equal(rerun.written.length, 0)
  assert.equal(rerun.skipped.length, 95)
  assert.deepEqual(
    rerun.skipped.map((s) => s.sessionId),
    seeded,
  )
  assert.equal(rerun.failed.length, 5)
  for (const { error } of rerun.failed) assert.ok(error instanceof chatwire.NotFoundError)
  const second = exportRequests()
  assert.deepEqual(
    second.map((r) => r.path).sort(),
    unknown.map((id) => `/api/conversations/${id}/export.json`).sort(),
    'only the 5 unknown sessions were asked for again',
  )
  assert.equal(again.length, 100)
  assert.equal(again.filter((p) => p.status === 'skipped').length, 95)
})

test('each session once, one at a time with concurrency 1; an id that is not a UUID fails alone, unsent', LONG, async () => {
  const seeded = Array.from({ length: 6 }, () => crypto.randomUUID())
  await control(mock, 'POST', '/__mock/mevichat/sessions', { session_ids: seeded })
  const client = exporter({ rateLimit: 'off', rateLimits: undefined })
  const summary = await client.exportAll({ sessionIds: [...seeded, 'not-a-uuid', seeded[0]], directory, concurrency: 1 })
  assert.equal(summary.written.length, 6, 'each session once, however often given')
  assert.equal(summary.failed.length, 1)
  assert.ok(summary.failed[0].error instanceof chatwire.ValidationError)
  assert.equal(exportRequests().length, 6)
})

test('exportAll refuses bad params and a missing export token before any request', async () => {
  const client = exporter()
  const refusals = [
    [{ directory }, 'sessionIds'],
    [{ sessionIds: 'abc', directory }, 'sessionIds'],
    [{ sessionIds: [1], directory }, 'sessionIds[0]'],
    [{ sessionIds: [] }, 'directory'],
    [{ sessionIds: [], directory, concurrency: 0 }, 'concurrency'],
    [{ sessionIds: [], directory, concurrency: -1 }, 'concurrency'],
    [{ sessionIds: [], directory, onProgress: 'log' }, 'onProgress'],
    [{ sessionIds: [], directory, onProgres: () => {} }, 'onProgres'],
  ]
  for (const [params, field] of refusals) {
    const error = await expectError(chatwire.ValidationError, () => client.exportAll(params))
    assert.equal(error.field, field, JSON.stringify(params))
  }
  const tokenless = new chatwire.Mevichat({ publicKey: f.mevichatPublicKey, origin: f.origin, baseUrl: mock.baseUrl })
  const missing = await expectError(chatwire.ValidationError, () =>
    tokenless.exportAll({ sessionIds: [f.seededSessionId], directory }),
  )
  assert.equal(missing.field, 'exportToken')
  assert.deepEqual(mock.requests(), [])
})

test("exportAll's signal stops the run; the files written stay", LONG, async () => {
  const seeded = Array.from({ length: 40 }, () => crypto.randomUUID())
  await control(mock, 'POST', '/__mock/mevichat/sessions', { session_ids: seeded })
  const client = exporter({ rateLimits: { exportConversation: { requests: 5, perMs: 1000 } } })
  const controller = new AbortController()
  const run = client.exportAll({ sessionIds: seeded, directory }, { signal: controller.signal })
  assert.ok(await waitFor(() => exportRequests().length >= 5, 5000))
  controller.abort()
  await expectError(chatwire.APIUserAbortError, () => run)
  const sent = exportRequests().length
  assert.ok(sent < 40, `${sent} exports sent`)
  await new Promise((resolve) => setTimeout(resolve, 1200))
  assert.equal(exportRequests().length, sent, 'nothing more is sent after the abort')
  assert.ok(fs.readdirSync(directory).filter((name) => name.endsWith('.json')).length >= 1)
})
