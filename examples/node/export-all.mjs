// Bulk export: every session's transcript into one directory, a few at a time and within the
// export rate limit, with progress as each one is done. A rerun skips the files already there,
// so a run that stopped half-way resumes.
//
//     node examples/node/export-all.mjs [directory]

import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Mevichat } from 'chatwire'
import { withServer } from './_server.cjs'

// Without a directory given, a scratch one, removed at the end.
const given = process.argv[2]
const directory = given ?? mkdtempSync(join(tmpdir(), 'chatwire-export-'))

await withServer(async (at) => {
  const sessionIds = [at.sessionId]
  if (at.mock) {
    // Five sessions the mock fills as a chat would, and one it never saw.
    const seeded = Array.from({ length: 5 }, () => randomUUID())
    await at.mock.control('POST', '/__mock/mevichat/sessions', { session_ids: seeded })
    sessionIds.push(...seeded, randomUUID())
  }
  const client = new Mevichat({
    publicKey: at.mevichatKey,
    origin: at.origin,
    exportToken: at.exportToken,
    baseUrl: at.baseUrl,
    rateLimit: 'wait',
  })

  for (const run of ['first run', 'rerun']) {
    const summary = await client.exportAll({
      sessionIds,
      directory,
      concurrency: 4,
      onProgress: (p) => console.log(`  [${p.done}/${p.total}] ${p.status} ${p.sessionId}`),
    })
    console.log(`${run}: ${summary.written.length} written, ${summary.skipped.length} skipped, ${summary.failed.length} failed`)
    for (const { sessionId, error } of summary.failed) console.log(`  ${sessionId}: ${error.name} (${error.status})`)
  }
  console.log(`in ${directory}`)
})
if (given === undefined) rmSync(directory, { recursive: true, force: true })
