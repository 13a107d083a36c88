'use strict'
// The addon that `npm install` builds (scripts/build-addon.js).
try {
  module.exports = require('./chatwire.node')
} catch (error) {
  if (error.code !== 'MODULE_NOT_FOUND') throw error
  throw new Error(
    'chatwire: the native addon is not built; run `npm install` in the package folder ' +
      '(it needs Rust: https://rustup.rs)',
    { cause: error },
  )
}
