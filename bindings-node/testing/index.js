'use strict'
// Helpers for testing code that uses chatwire: the mock server of all four APIs on 127.0.0.1.
// The native class holds the server; this adds what is plain HTTP to it: `control()`, the mock's
// `/__mock/` API, and `using` support.

const { MockServer } = require('./native.js')

Object.defineProperty(MockServer.prototype, 'control', {
  /** Calls the mock's control API (`/__mock/…`) and answers its JSON, if any. */
  value: async function control(method, path, body) {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    if (!response.ok) throw new Error(`${method} ${path}: the mock answered ${response.status} ${text}`)
    return text ? JSON.parse(text) : null
  },
  writable: true,
  configurable: true,
})

// `using mock = await MockServer.start()` stops it at the end of the block.
for (const dispose of [Symbol.dispose, Symbol.asyncDispose]) {
  if (dispose) {
    Object.defineProperty(MockServer.prototype, dispose, {
      value: function () {
        this.stop()
      },
      writable: true,
      configurable: true,
    })
  }
}

module.exports = { MockServer }
