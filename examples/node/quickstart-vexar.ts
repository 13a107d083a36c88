// Vexar: stream an answer, then read the history, save the visitor's email and rate the chat;
// then two failures, caught by their class. quickstart-vexar.mjs, in TypeScript.
//
//     node examples/node/dist/quickstart-vexar.js

import { APIError, ChatwireError, PermissionDeniedError, ValidationError, Vexar } from 'chatwire'
import { withServer } from './_server.js'

/** What went wrong, by the error's class; anything not from chatwire is rethrown. */
function explain(error: unknown): string {
  if (error instanceof PermissionDeniedError) return `${error.name}: not allowed (${error.code})`
  if (error instanceof ValidationError) return `${error.name}: invalid ${error.field}, nothing was sent`
  if (error instanceof APIError) return `${error.name}: HTTP ${error.status} ${error.code}`
  if (error instanceof ChatwireError) return `${error.name}: ${error.code}`
  throw error
}

try {
  await withServer(async (at) => {
    const client = new Vexar({ siteKey: at.vexarKey, baseUrl: at.baseUrl })
    const session = 'sess_quickstart'
    const stream = client.chatStream({ sessionId: session, message: 'What are your opening hours?' })
    console.log(await stream.text())
    const history = await client.getHistory({ sessionId: session })
    console.log('history:', history.messages.map((message) => message.role).join(', '))
    console.log('saved:', (await client.saveEmail({ sessionId: session, email: 'ada@example.com' })).success)
    console.log('rated:', (await client.rateConversation({ sessionId: session, score: 5 })).success)

    // Input the API would refuse fails before anything is sent.
    try {
      await client.rateConversation({ sessionId: session, score: 9 })
    } catch (error) {
      console.log('failed:', explain(error))
    }
    // The mock blocks one visitor: its chat is refused with a 403.
    if (at.mock) {
      const blocked = client.chatStream({ sessionId: at.mock.fixtures.vexarBlockedSession, message: 'Hi' })
      try {
        await blocked.text()
      } catch (error) {
        console.log('failed:', explain(error))
      }
    }
  })
} catch (error) {
  console.error('quickstart failed:', explain(error))
  process.exitCode = 1
}
