#!/usr/bin/env node
// Regenerates `native.d.ts` from the Rust types with `napi build --dts`, then rebuilds the addon
// as the package's install does. Run it after changing the Rust API; CI fails when the
// committed file differs from what this writes.
'use strict'

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

const packageDir = path.resolve(__dirname, '..')
const dts = path.join(packageDir, 'native.d.ts')
const napi = path.join(packageDir, 'node_modules', '.bin', 'napi')

execFileSync(napi, ['build', '--dts', 'native.d.ts', '--no-const-enum', '--output-dir', '.'], {
  cwd: packageDir,
  stdio: 'inherit',
})
// Doc comments that pass through a `macro_rules!` reach napi as raw strings (`r"…"`), whose
// prefix it copies into the comment; drop it.
const text = fs.readFileSync(dts, 'utf8').replace(/^(\s*(?:\/\*\*|\*) )r"/gm, '$1')
fs.writeFileSync(dts, text)
require('./build-addon.js')
