// The widget-key API: a whole answer, then a streamed one as sent; then two failures, caught by
// their class. quickstart-widgetkey.mjs, in TypeScript.
//
//     node examples/node/dist/quickstart-widgetkey.js

import { APIError, APITimeoutError, ChatwireError, RateLimitError, WidgetKey } from 'chatwire'
import { withServer } from './_server.js'

/** What went wrong, by the error's class; anything not from chatwire is rethrown. */
function explain(error: unknown): string {
  if (error instanceof RateLimitError) return `${error.name}: HTTP ${error.status}, try again later`
  if (error instanceof APITimeoutError) return `${error.name}: no answer within ${error.timeoutMs} ms`
  if (error instanceof APIError) return `${error.name}: HTTP ${error.status} ${error.code}`
  if (error instanceof ChatwireError) return `${error.name}: ${error.code}`
  throw error
}

try {
  await withServer(async (at) => {
    const client = new WidgetKey({ apiKey: at.widgetKey, baseUrl: at.baseUrl })
    const answer = await client.chat({ sessionId: 'visitor-1', message: 'Hello!' })
    console.log(answer.message, '| conversation', answer.conversationId)
    // This API documents no event schema: its events come as sent, SSE name and data.
    for await (const event of client.chatStream({ sessionId: 'visitor-1', message: 'Do you ship abroad?' })) {
      console.log(`${event.event}: ${event.data}`)
    }

    if (at.mock) {
      // A 429, with retries off (by default a call retries twice, after Retry-After).
      at.mock.pushFault({ fault: 'status', status: 429 })
      try {
        await client.chat({ sessionId: 'visitor-1', message: 'Hello!' }, { maxRetries: 0 })
      } catch (error) {
        console.log('failed:', explain(error))
      }
      // A server that does not answer in time.
      at.mock.pushFault({ fault: 'stall_before_headers', ms: 2000 })
      try {
        await client.chat({ sessionId: 'visitor-1', message: 'Hello!' }, { timeout: 300, maxRetries: 0 })
      } catch (error) {
        console.log('failed:', explain(error))
      }
    }
  })
} catch (error) {
  console.error('quickstart failed:', explain(error))
  process.exitCode = 1
}
