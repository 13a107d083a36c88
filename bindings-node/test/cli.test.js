'use strict'
// The `chatwire` command (cli.js), run as a user runs it, against the mock, with nothing but
// environment variables to find it: `chat` streams a reply from each provider, `export` writes
// the transcripts with a line per session on a standard error that is no terminal and prints the
// summary, and every mistake in the command line is status 2 with the usage.

const { test, before, after, beforeEach } = require('node:test')
const assert = require('node:assert/strict')
const { execFile } = require('node:child_process')
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { T, HOURS, MockServer, control } = require('./helpers.js')

const CLI = path.join(__dirname, '..', 'cli.js')

let mock, f

before(async () => {
  mock = await MockServer.start({ relaxedRateLimits: true })
  f = mock.fixtures
})
after(() => mock.stop())
beforeEach(() => mock.reset())

/** The environment a user would set for the mock, and nothing of this process's chatwire settings. */
function environment(extra = {}) {
  const env = { PATH: process.env.PATH, CHATWIRE_LOG: 'off' }
  if (process.env.CHATWIRE_MOCK_REQUEST_LOG) env.CHATWIRE_MOCK_REQUEST_LOG = process.env.CHATWIRE_MOCK_REQUEST_LOG
  return {
    ...env,
    MEVICHAT_PUBLIC_KEY: f.mevichatPublicKey,
    MEVICHAT_ORIGIN: f.origin,
    MEVICHAT_EXPORT_TOKEN: f.exportJwt,
    MEVICHAT_BASE_URL: mock.baseUrl,
    VEXAR_SITE_KEY: f.vexarSiteKey,
    VEXAR_BASE_URL: mock.baseUrl,
    DEVAPI_API_KEY: f.devapiKey,
    DEVAPI_BASE_URL: mock.baseUrl,
    WIDGETKEY_API_KEY: f.widgetKey,
    WIDGETKEY_BASE_URL: mock.baseUrl,
    ...extra,
  }
}

/** Runs `node cli.js ...args`; answers its status and output. */
function run(args, { env = environment(), input } = {}) {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, ...args], { env, timeout: 15000 }, (error, stdout, stderr) => {
      resolve({ status: error ? error.code : 0, stdout, stderr })
    })
    if (input !== undefined) child.stdin.end(input)
  })
}

test('chat streams the reply of each provider to stdout, its session on stderr', T, async () => {
  const paths = { mevichat: '/api/chat/', vexar: '/api/v1/chat/stream', devapi: '/api/v1/chat', widgetkey: '/v1/chat/stream' }
  for (const [provider, streamPath] of Object.entries(paths)) {
    mock.reset()
    const { status, stdout, stderr } = await run(['chat', '--provider', provider, 'What are your hours?'])
    assert.equal(status, 0, `${provider}: ${stderr}`)
    assert.equal(stdout, `${HOURS}\n`, provider)
    assert.match(stderr, /^session: \S+\n$/, provider)
    const sent = mock.requests().filter((r) => r.path === streamPath)
    assert.equal(sent.length, 1, provider)
  }
})

test('chat --session continues that session', T, async () => {
  const { status } = await run(['chat', '--provider', 'vexar', '--session', 'sess_cli', 'hi'])
  assert.equal(status, 0)
  const [sent] = mock.requests()
  assert.equal(JSON.parse(sent.body).session_id, 'sess_cli')
})

test('chat without the credentials it needs fails with status 1, naming the variable', T, async () => {
  const env = environment()
  delete env.DEVAPI_API_KEY
  const { status, stdout, stderr } = await run(['chat', '--provider', 'devapi', 'hi'], { env })
  assert.equal(status, 1)
  assert.equal(stdout, '')
  assert.match(stderr, /DEVAPI_API_KEY/)
  assert.deepEqual(mock.requests(), [])
})

test('export writes each transcript, a line per session on stderr, and the summary; status 1 on a failure', T, async () => {
  const seeded = Array.from({ length: 3 }, () => crypto.randomUUID())
  const unknown = crypto.randomUUID()
  await control(mock, 'POST', '/__mock/mevichat/sessions', { session_ids: seeded })
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'chatwire-cli-export-'))
  try {
    const first = await run(['export', '--dir', directory, ...seeded, unknown])
    assert.equal(first.status, 1, first.stderr)
    assert.equal(first.stdout, `3 written, 0 skipped, 1 failed in ${directory}\n`)
    const lines = first.stderr.trim().split('\n')
    const progress = lines.filter((line) => line.startsWith('['))
    assert.equal(progress.length, 4, first.stderr)
    assert.deepEqual(
      progress.map((line) => /^\[(\d+)\/4\]/.exec(line)?.[1]),
      ['1', '2', '3', '4'],
    )
    assert.ok(progress.some((line) => line.includes(`failed ${unknown}`)))
    assert.ok(lines.some((line) => line.startsWith(`failed ${unknown}: `)), first.stderr)
    assert.deepEqual(fs.readdirSync(directory).sort(), seeded.map((id) => `session-${id}.json`).sort())

    // Again, from standard input: what is there is skipped.
    const again = await run(['export', '--dir', directory, '--from-file', '-'], { input: `# seeded\n${seeded.join('\n')}\n\n` })
    assert.equal(again.status, 0, again.stderr)
    assert.equal(again.stdout, `0 written, 3 skipped, 0 failed in ${directory}\n`)
  } finally {
    fs.rmSync(directory, { recursive: true, force: true })
  }
})

test('on a terminal, export draws one progress line in place', T, async (t) => {
  const script = ['/usr/bin/script', '/bin/script'].find((file) => fs.existsSync(file))
  if (!script) return t.skip('no script(1) to give the command a terminal')
  const seeded = Array.from({ length: 3 }, () => crypto.randomUUID())
  await control(mock, 'POST', '/__mock/mevichat/sessions', { session_ids: seeded })
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'chatwire-cli-tty-'))
  try {
    const command = [process.execPath, CLI, 'export', '--dir', directory, ...seeded].map((arg) => `'${arg}'`).join(' ')
    const output = await new Promise((resolve, reject) => {
      execFile(script, ['-qec', command, '/dev/null'], { env: environment(), timeout: 15000 }, (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      )
    })
    // Redrawn with a carriage return, not a line per session; then the summary.
    assert.match(output, /\r\[#{30}\] 3\/3 \(3 written, 0 skipped, 0 failed\)/)
    assert.doesNotMatch(output, /\[1\/3\] written/)
    assert.match(output, new RegExp(`3 written, 0 skipped, 0 failed in ${directory}`))
  } finally {
    fs.rmSync(directory, { recursive: true, force: true })
  }
})

test('every mistake in the command line is status 2, with the usage, and sends nothing', T, async () => {
  const mistakes = [
    [[], /a command is needed/],
    [['talk'], /unknown command "talk"/],
    [['chat', 'hi'], /chat needs --provider/],
    [['chat', '--provider', 'acme', 'hi'], /--provider must be one of mevichat, vexar, devapi, widgetkey/],
    [['chat', '--provider', 'vexar'], /one message/],
    [['chat', '--provider', 'vexar', '--colour', 'hi'], /--colour/],
    [['export', crypto.randomUUID()], /export needs --dir/],
    [['export', '--dir', os.tmpdir()], /export needs session ids/],
    [['export', '--dir', os.tmpdir(), '--concurrency', '0', crypto.randomUUID()], /--concurrency must be a whole number/],
    [['export', '--dir', os.tmpdir(), '--from-file', '/no/such/file'], /--from-file/],
  ]
  for (const [args, message] of mistakes) {
    const { status, stdout, stderr } = await run(args)
    assert.equal(status, 2, `${args.join(' ')}: ${stderr}`)
    assert.equal(stdout, '')
    assert.match(stderr, message, args.join(' '))
    assert.match(stderr, /usage: chatwire chat/, args.join(' '))
  }
  const help = await run(['--help'])
  assert.equal(help.status, 0)
  assert.match(help.stdout, /usage: chatwire chat --provider/)
  assert.deepEqual(mock.requests(), [])
})

test('the package names cli.js as its chatwire command, and ships it', T, () => {
  const manifest = require('../package.json')
  assert.deepEqual(manifest.bin, { chatwire: 'cli.js' })
  assert.ok(manifest.files.includes('*.js'))
  assert.match(fs.readFileSync(CLI, 'utf8'), /^#!\/usr\/bin\/env node\n/)
})
