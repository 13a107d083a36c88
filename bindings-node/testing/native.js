'use strict'
// The addon: built in a checkout, or the platform package npm installed. `addon.js` is chatwire's
// loader, which this package ships a copy of so that it needs nothing else at run time.
module.exports = require('./addon.js').loadAddon({
  directory: __dirname,
  packageName: '@chatwire/testing',
  binaryName: 'chatwire-testing',
})
