// Mevichat: stream a reply, read the widget config, export the conversation; then two failures,
// caught by their class.
//
//     node examples/node/quickstart-mevichat.mjs

import { APIError, ChatwireError, Mevichat, RateLimitError, ValidationError } from 'chatwire'
import { withServer } from './_server.cjs'

/** What went wrong, by the error's class; anything not from chatwire is rethrown. */
function explain(error) {
  if (error instanceof RateLimitError) return `${error.name}: HTTP ${error.status}, try again later`
  if (error instanceof ValidationError) return `${error.name}: invalid ${error.field}, nothing was sent`
  if (error instanceof APIError) return `${error.name}: HTTP ${error.status} ${error.code}`
  if (error instanceof ChatwireError) return `${error.name}: ${error.code}`
  throw error
}

try {
  await withServer(async (at) => {
    const client = new Mevichat({
      publicKey: at.mevichatKey,
      origin: at.origin,
      exportToken: at.exportToken,
      baseUrl: at.baseUrl,
    })
    const stream = client.chatStream({ sessionId: at.sessionId, message: 'Do you ship abroad?' })
    for await (const event of stream) {
      switch (event.type) {
        case 'token':
          process.stdout.write(event.text)
          break
        case 'error':
          console.log(`\n[error ${event.code}]`)
          break
        case 'done':
          console.log(`\n(${event.tokensOut} tokens, ${event.finishReason})`)
          break
      }
    }
    console.log('bot:', (await client.getWidgetConfig()).bot.name)
    const exported = await client.exportConversation({ sessionId: at.sessionId })
    console.log('export:', exported.fileName, exported.messages.length, 'messages')

    // Input the API would refuse fails before anything is sent.
    try {
      await client.exportConversation({ sessionId: 'not-a-uuid' })
    } catch (error) {
      console.log('failed:', explain(error))
    }
    // A 429 from the mock, with retries off (by default a call retries twice, after Retry-After).
    if (at.mock) {
      at.mock.pushFault({ fault: 'status', status: 429 })
      try {
        await client.exportConversation({ sessionId: at.sessionId }, { maxRetries: 0 })
      } catch (error) {
        console.log('failed:', explain(error))
      }
    }
  })
} catch (error) {
  console.error('quickstart failed:', explain(error))
  process.exitCode = 1
}
