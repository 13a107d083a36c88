// The Developer API, from CommonJS: a whole answer, a streamed one, usage (with the response's
// status and request id) and sessions; then two failures, caught by their class.
//
//     node examples/node/quickstart-devapi.cjs

'use strict'

const {
  APIError,
  AuthenticationError,
  ChatwireError,
  DevApi,
  StreamEndedError,
} = require('chatwire')
const { withServer } = require('./_server.cjs')

/** What went wrong, by the error's class; anything not from chatwire is rethrown. */
function explain(error) {
  if (error instanceof AuthenticationError) return `${error.name}: the key was refused (${error.code})`
  if (error instanceof StreamEndedError) return `${error.name}: cut off after ${error.events} events`
  if (error instanceof APIError) return `${error.name}: HTTP ${error.status} ${error.code}`
  if (error instanceof ChatwireError) return `${error.name}: ${error.code}`
  throw error
}

async function main() {
  await withServer(async (at) => {
    const client = new DevApi({ apiKey: at.devapiKey, baseUrl: at.baseUrl })
    const answer = await client.chat({ message: 'Hello!' })
    console.log(answer.content, '| session', answer.sessionId, '| request', answer.requestId)
    for await (const event of client.chatStream({ message: 'Do you ship abroad?', sessionId: answer.sessionId })) {
      if (event.type === 'message') process.stdout.write(event.content)
    }
    console.log()
    // Every answer carries its request id (above), to quote to the API's support;
    // withRawResponse also answers the response's status and headers.
    const { data: usage, response } = await client.withRawResponse.getUsage()
    console.log('tokens used:', usage.usage.totalTokens, `| HTTP ${response.status}, request ${response.requestId}`)
    // sessions() reads every session, fetching each page as the loop reaches it.
    let sessions = 0
    for await (const session of client.sessions({ perPage: 10 })) {
      if (sessions++ === 0) console.log('latest session:', session.sessionId)
    }
    console.log('sessions:', sessions)

    // A wrong key: the server answers 401, which is never retried.
    try {
      await new DevApi({ apiKey: 'not-a-key', baseUrl: at.baseUrl }).chat({ message: 'Hello!' })
    } catch (error) {
      console.log('failed:', explain(error))
    }
    // The mock cuts the stream off after 3 events: the loop throws where the reply broke.
    if (at.mock) {
      at.mock.pushFault({ fault: 'close_after_events', events: 3 })
      try {
        for await (const event of client.chatStream({ message: 'Do you ship abroad?' })) {
          if (event.type === 'message') process.stdout.write(event.content)
        }
      } catch (error) {
        console.log('\nfailed:', explain(error))
      }
    }
  })
}

main().catch((error) => {
  console.error('quickstart failed:', explain(error))
  process.exitCode = 1
})
