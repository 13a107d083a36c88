'use strict'
// Helpers for testing code that uses chatwire: the mock server of all four APIs on 127.0.0.1.
module.exports = { MockServer: require('./native.js').MockServer }
