// Streams one reply through `require('chatwire')`, against the mock of `@chatwire/testing`.
'use strict'
const assert = require('node:assert/strict')
const { Mevichat } = require('chatwire')
const { MockServer } = require('chatwire/testing')

async function main() {
  const mock = await MockServer.start()
  try {
    const { fixtures } = mock
    const client = new Mevichat({ publicKey: fixtures.mevichatPublicKey, origin: fixtures.origin, baseUrl: mock.baseUrl })
    let text = ''
    for await (const event of client.chatStream({ sessionId: fixtures.seededSessionId, message: 'refund' })) {
      if (event.type === 'token') text += event.text
    }
    assert.match(text, /^Our refund policy/)
    console.log(`node require: ${text}`)
  } finally {
    mock.stop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
