'use strict'
// The addon: built in a checkout, or the platform package npm installed (see addon.js).
module.exports = require('./addon.js').loadAddon({
  directory: __dirname,
  packageName: 'chatwire',
  binaryName: 'chatwire',
})
