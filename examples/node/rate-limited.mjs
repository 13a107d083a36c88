// Rate limits kept by the client: with rateLimit 'wait', calls past a limit wait for a free slot
// instead of drawing a 429. Mevichat documents 30 exports a minute; here the mock (and the
// client) allow 3 every half second, so that the waits show.
//
//     node examples/node/rate-limited.mjs

import { Mevichat } from 'chatwire'
import { withServer } from './_server.cjs'

await withServer(async (at) => {
  if (at.mock) await at.mock.control('PUT', '/__mock/rate-limits', { mevichat_export: { limit: 3, window_ms: 500 } })
  const client = new Mevichat({
    publicKey: at.mevichatKey,
    origin: at.origin,
    exportToken: at.exportToken,
    baseUrl: at.baseUrl,
    rateLimit: 'wait',
    rateLimits: { exportConversation: { requests: 3, perMs: 500 } },
  })
  // A copy made with withOptions draws on the same budget.
  const patient = client.withOptions({ timeout: 30_000 })

  const started = Date.now()
  await Promise.all(
    Array.from({ length: 7 }, async (_, i) => {
      const exported = await (i % 2 ? patient : client).exportConversation({ sessionId: at.sessionId })
      console.log(`export ${i + 1}: ${exported.messages.length} messages at ${Date.now() - started} ms`)
    }),
  )
  if (at.mock) {
    const refused = at.mock.requests().filter((request) => request.status === 429).length
    console.log(`7 exports in ${Date.now() - started} ms, ${refused} refused with 429`)
  }
})
