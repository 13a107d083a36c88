// Streams one reply through `import 'chatwire'`, against the mock of `@chatwire/testing`.
import assert from 'node:assert/strict'
import { Mevichat } from 'chatwire'
import { MockServer } from '@chatwire/testing'

const mock = await MockServer.start()
try {
  const { fixtures } = mock
  const client = new Mevichat({ publicKey: fixtures.mevichatPublicKey, origin: fixtures.origin, baseUrl: mock.baseUrl })
  const text = await client.chatStream({ sessionId: fixtures.seededSessionId, message: 'canada' }).text()
  assert.match(text, /^Yes, we ship to Canada/)
  console.log(`node import:  ${text}`)
} finally {
  mock.stop()
}
