#!/usr/bin/env node
// Builds the native addon with cargo and puts it beside this package's JS as `chatwire.node`.
// This is the package's `install` script, so `npm install ./bindings-node` needs only Rust and
// Node. The build is optimized unless CHATWIRE_BUILD_PROFILE names another cargo profile (the
// test suite uses `dev`, which builds in a fraction of the time).
'use strict'

const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const packageDir = path.resolve(__dirname, '..')
const profile = process.env.CHATWIRE_BUILD_PROFILE || 'release'
const cargo = process.env.CARGO || 'cargo'

const build = spawnSync(
  cargo,
  [
    'build',
    '--lib',
    '--manifest-path',
    path.join(packageDir, 'Cargo.toml'),
    '--profile',
    profile,
    '--message-format=json-render-diagnostics',
  ],
  { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
)
if (build.error) {
  console.error(`chatwire: could not run ${cargo} (${build.error.message}); install Rust from https://rustup.rs`)
  process.exit(1)
}
if (build.status !== 0) {
  console.error(`chatwire: cargo build failed (exit ${build.status})`)
  process.exit(build.status || 1)
}

// cargo names the library after the platform (lib*.so, lib*.dylib, *.dll); Node wants `.node`.
const library = build.stdout
  .split('\n')
  .filter((line) => line.startsWith('{'))
  .map((line) => JSON.parse(line))
  .filter((message) => message.reason === 'compiler-artifact' && message.target.name === 'chatwire_node')
  .flatMap((message) => message.filenames)
  .find((file) => /\.(so|dylib|dll)$/.test(file))
if (!library) {
  console.error('chatwire: cargo built no chatwire_node library')
  process.exit(1)
}
const addon = path.join(packageDir, 'chatwire.node')
// Replace rather than overwrite: a process may still have the old file mapped.
fs.rmSync(addon, { force: true })
fs.copyFileSync(library, addon)
console.log(`chatwire: built ${path.relative(process.cwd(), addon)} (${profile})`)
