'use strict'
// `chatwire/testing`: the mock server of `@chatwire/testing`, a package of its own so that
// chatwire ships no server. Install it beside chatwire to use this.
let testing
try {
  testing = require('@chatwire/testing')
} catch (error) {
  if (error.code !== 'MODULE_NOT_FOUND' || !String(error.message).includes('@chatwire/testing')) throw error
  throw new Error('chatwire/testing needs the @chatwire/testing package: npm install --save-dev @chatwire/testing', {
    cause: error,
  })
}
module.exports = testing
