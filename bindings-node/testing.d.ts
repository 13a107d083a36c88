export { MockServer, MockServerOptions, MockFault, MockFixtures } from '@chatwire/testing'
