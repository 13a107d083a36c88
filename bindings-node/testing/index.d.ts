// The types of @chatwire/testing: `native.d.ts` is generated from the Rust types (`npm run types`).
export { MockServer, MockServerOptions, MockFault, MockFixtures } from './native'
