// The types of @chatwire/testing: `native.d.ts` is generated from the Rust types (`npm run types`);
// this file adds what the package's JS adds to them.
export { MockServer, MockServerOptions, MockFault, MockFixtures } from './native'

declare module './native' {
  /** What the package's JS adds to the native class; `using mock = …` stops it at the end. */
  interface MockServer extends Disposable {
    /**
     * Calls the mock's control API (`/__mock/…`, described in the mock's README) and answers
     * its JSON, or `null` for an empty answer; rejects when the mock answers an error status.
     *
     * ```ts
     * await mock.control('PUT', '/__mock/rate-limits', { devapi: { limit: 1, window_ms: 60000 } })
     * const { faults } = await mock.control('GET', '/__mock/faults')
     * ```
     */
    control(method: 'GET' | 'POST' | 'PUT' | 'DELETE' | (string & {}), path: string, body?: unknown): Promise<any>
  }
}
