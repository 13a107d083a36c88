export { MockServer, MockServerOptions, MockFault, MockFixtures } from './native'
