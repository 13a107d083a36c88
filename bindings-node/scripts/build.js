#!/usr/bin/env node
// Builds the addon of the package in the current folder with `napi build --platform`, which names
// it after the platform (`chatwire.linux-x64-gnu.node`), and puts it in the package folder, or in
// the one `--output-dir` names. With `--types`, it also writes the package's `native.d.ts` from
// the Rust types (importing the code unions of the package's `codes.d.ts` that it names, and
// each optional property typed `| undefined`); CI fails when the committed file differs from
// what this writes.
//
//   node scripts/build.js [--types] [--output-dir DIR] [napi build options: --release, --target …]
//
// napi writes a `.d.ts` with every build; it is kept only with `--types`, so that a plain build
// never rewrites a committed file. `npm run build` / `build:debug` / `types` call this.
'use strict'

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const packageDir = process.cwd()
const napi = path.join(__dirname, '..', 'node_modules', '@napi-rs', 'cli', 'dist', 'cli.js')

const args = process.argv.slice(2)
const types = take('--types')
const outputDir = path.resolve(takeValue('--output-dir') ?? packageDir)

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'chatwire-napi-'))
try {
  const napiArgs = ['build', '--platform', '--no-js', '--no-const-enum', '--dts', 'native.d.ts']
  execFileSync(process.execPath, [napi, ...napiArgs, '--output-dir', scratch, ...args], {
    cwd: packageDir,
    stdio: 'inherit',
  })
  fs.mkdirSync(outputDir, { recursive: true })
  for (const file of fs.readdirSync(scratch).filter((name) => name.endsWith('.node'))) {
    const addon = path.join(outputDir, file)
    // Replace rather than overwrite: a process may still have the old file mapped.
    fs.rmSync(addon, { force: true })
    fs.copyFileSync(path.join(scratch, file), addon)
    console.log(`built ${path.relative(packageDir, addon)}`)
  }
  if (types) {
    // Doc comments that pass through a `macro_rules!` reach napi as raw strings (`r" …"`), whose
    // prefix (and the space after `///`) it copies into the comment; drop them.
    const generated = fs.readFileSync(path.join(scratch, 'native.d.ts'), 'utf8')
    const declarations = optionalMayBeUndefined(
      importCodes(discriminantDocs(unionFieldDocs(generated.replace(/^(\s*(?:\/\*\*|\*) )r" ?/gm, '$1')))),
    )
    fs.writeFileSync(path.join(packageDir, 'native.d.ts'), declarations)
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true })
}

/** `types` with the `type` tag of each variant of a discriminated union documented: napi writes
 * the tag itself, from the enum's `discriminant`, with no Rust item to carry a doc comment. A
 * variant with no fields (`| { type: 'visitor_blocked' }`) has its tag documented too. */
function discriminantDocs(types) {
  // On a line of its own: TypeDoc takes no comment that follows the brace on its line.
  return types.replace(
    /^(\s*)\| \{ type: '([\w-]+)'(;| \})/gm,
    "$1| {\n$1  /** Which kind of event this is: `'$2'`. */ type: '$2'$3",
  )
}

/** `types` with each documented field of a union's object type on a line of its own, after its
 * comment. napi writes the comment at the end of the line before (`text: string; /** … *\/`),
 * where TypeScript takes it for a comment of the field before, so no editor shows it. */
function unionFieldDocs(types) {
  return types.replace(/; (\/\*\*(?:(?!\*\/)[^\n])*\*\/)\n[ \t]*/g, ';\n    $1 ')
}

/** `types` with an import of the code unions of the package's `codes.d.ts` that it names
 * (fields typed `MevichatFinishReason` …), after napi's header comment. */
function importCodes(types) {
  const codesFile = path.join(packageDir, 'codes.d.ts')
  if (!fs.existsSync(codesFile)) return types
  const declared = [...fs.readFileSync(codesFile, 'utf8').matchAll(/^export type (\w+)/gm)].map((m) => m[1])
  const used = declared.filter((name) => new RegExp(`:\\s*${name}\\b|\\| ${name}\\b`).test(types))
  if (used.length === 0) return types
  const header = /^(\/\*[^\n]*\*\/\n)*/.exec(types)[0]
  return `${header}import type { ${used.join(', ')} } from './codes'\n${types.slice(header.length)}`
}

/** `types` with each optional property (`timeout?: number`) typed `timeout?: number | undefined`,
 * as the binding reads an `undefined` value as absent: under `exactOptionalPropertyTypes`, the
 * type napi writes would refuse `{ timeout: undefined }`. Function parameters are left as they
 * are: the option only concerns properties. */
function optionalMayBeUndefined(types) {
  const widen = (type) =>
    /\|\s*undefined(\s*\|\s*null)?$/.test(type) ? type : `${type.includes('=>') ? `(${type})` : type} | undefined`
  return types
    .replace(/^(\s+(?:readonly )?[\w$]+\?: )(.+?)$/gm, (_, head, type) => head + widen(type))
    .replace(/((?:\*\/ |\{ |; )[\w$]+\?: )([^;\n]+?)(;|\s\}|$)/gm, (_, head, type, end) => head + widen(type) + end)
}

/** Removes `flag` from the arguments; answers whether it was there. */
function take(flag) {
  const at = args.indexOf(flag)
  if (at !== -1) args.splice(at, 1)
  return at !== -1
}

/** Removes `flag VALUE` from the arguments; answers VALUE. */
function takeValue(flag) {
  const at = args.indexOf(flag)
  if (at === -1) return undefined
  return args.splice(at, 2)[1]
}
