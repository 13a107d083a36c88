'use strict'
// Finds a package's native addon as napi-rs lays them out: the one a checkout built beside the
// package (`<binary>.<platform>.node`, by `npm run build`), else the platform package that npm
// installed from the package's optionalDependencies (`<package>-<platform>`), picked by npm from
// its `os`, `cpu` and `libc`. `@chatwire/testing` ships this same file (a link in the checkout).

const fs = require('node:fs')
const path = require('node:path')
const { createRequire } = require('node:module')

/** napi-rs's name of this platform: `linux-x64-gnu`, `linux-arm64-musl`, `darwin-arm64`,
 * `win32-x64-msvc` … */
function platformName() {
  const { platform, arch } = process
  if (platform === 'linux') return `linux-${arch}-${isMusl() ? 'musl' : 'gnu'}`
  if (platform === 'win32') return `win32-${arch}-msvc`
  return `${platform}-${arch}`
}

/** A glibc Node reports the glibc it runs on; a musl one (Alpine) reports none. */
function isMusl() {
  const report = process.report && process.report.getReport ? process.report.getReport() : null
  const header = report && (typeof report === 'string' ? JSON.parse(report) : report).header
  return !(header && header.glibcVersionRuntime)
}

/** The addon of the package in `directory` (named `packageName`, its addon `binaryName`). */
function loadAddon({ directory, packageName, binaryName }) {
  const platform = platformName()
  const local = path.join(directory, `${binaryName}.${platform}.node`)
  if (fs.existsSync(local)) return require(local)
  const platformPackage = `${packageName}-${platform}`
  try {
    // Resolved from the package itself, wherever npm nested or hoisted its dependencies.
    return createRequire(path.join(directory, 'package.json'))(platformPackage)
  } catch (error) {
    if (error.code !== 'MODULE_NOT_FOUND' || !String(error.message).includes(platformPackage)) throw error
    throw new Error(
      `${packageName}: no native addon for ${platform}. It comes in the package ${platformPackage}, ` +
        `one of ${packageName}'s optionalDependencies, which npm skips with --omit=optional or ` +
        'when the lockfile was made on another platform: reinstall with optional dependencies. ' +
        'In a checkout, `npm run build` builds it (it needs Rust: https://rustup.rs).',
      { cause: error },
    )
  }
}

module.exports = { loadAddon, platformName }
