'use strict'
// Helpers for testing code that uses chatwire: the bundled mock server of all four APIs.
require('./index.js')
module.exports = { MockServer: require('./native.js').MockServer }
