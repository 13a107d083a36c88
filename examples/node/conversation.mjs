// A conversation with the Developer API, whose server assigns the session: the first reply
// streams, the second comes whole in the same session, the history reads both, and a new
// conversation object resumes from the ids.
//
//     node examples/node/conversation.mjs

import { DevApi } from 'chatwire'
import { withServer } from './_server.cjs'

await withServer(async (at) => {
  const client = new DevApi({ apiKey: at.devapiKey, baseUrl: at.baseUrl })
  const conversation = client.conversation()
  console.log('session before the first turn:', conversation.sessionId)

  for await (const event of conversation.send('What is your refund policy?').neutral()) {
    if (event.type === 'delta') process.stdout.write(event.text)
  }
  console.log()
  console.log('session assigned by the server:', conversation.sessionId)

  const reply = await conversation.reply('And your opening hours?')
  console.log(reply.text)

  for (const entry of await conversation.history()) console.log(`  ${entry.role}: ${entry.text.slice(0, 40)}`)

  // Keep the ids (in a database, a cookie…) and pick the conversation up later.
  const { sessionId } = conversation
  const resumed = client.conversation({ sessionId: sessionId ?? undefined })
  console.log((await resumed.reply('Do you ship to Canada?')).text, `(${resumed.sessionId})`)
}, { tokenDelay: 5 })
