#!/usr/bin/env node
// Makes the npm tarballs of one package, as napi-rs lays a release out: a platform package per
// addon that was built (from the package's `npm/<platform>/` folder, made by
// `napi create-npm-dirs`), and the package itself, whose optionalDependencies name exactly those
// platform packages, so that npm installs the one that matches the machine.
//
//   node scripts/stage.js --package DIR --artifacts DIR --out DIR
//
// --artifacts holds the addons `scripts/build.js` built, named `<binary>.<platform>.node`.
// The package is staged in a scratch folder with its links resolved (the licenses are links to
// the repository's), then packed with `npm pack`; the checkout is left as it was.
'use strict'

const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { parseTriple } = require('@napi-rs/cli')

const napi = path.join(__dirname, '..', 'node_modules', '@napi-rs', 'cli', 'dist', 'cli.js')
const licenses = ['LICENSE-MIT', 'LICENSE-APACHE']
// What a checkout holds beside the published files; `npm pack` would leave most of it out by
// the `files` list, but the addons built in place and the nested packages must not reach the stage.
const notStaged = new Set(['node_modules', 'npm', 'testing', 'src', 'test', 'benches', 'target'])

const options = parseArguments(process.argv.slice(2), ['--package', '--artifacts', '--out'])
const packageDir = path.resolve(options['--package'])
const artifacts = path.resolve(options['--artifacts'])
const out = path.resolve(options['--out'])

const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'chatwire-stage-'))
try {
  const root = path.join(stage, 'package')
  // Inside the package, where napi looks for it; the `files` list keeps it out of the tarball.
  const npmDir = path.join(root, 'npm')
  copyResolvingLinks(packageDir, root, (relative) => !notStaged.has(relative.split(path.sep)[0]) && !relative.endsWith('.node'))
  copyResolvingLinks(path.join(packageDir, 'npm'), npmDir, () => true)

  // The release holds the targets whose addon was built; napi's tools then see those alone.
  const manifestPath = path.join(root, 'package.json')
  const manifest = readJson(manifestPath)
  const { binaryName } = manifest.napi
  const platforms = manifest.napi.targets
    .map((target) => parseTriple(target))
    .filter(({ platformArchABI }) => fs.existsSync(path.join(artifacts, `${binaryName}.${platformArchABI}.node`)))
  if (platforms.length === 0) throw new Error(`no addon of ${manifest.name} in ${artifacts}`)
  manifest.napi.targets = platforms.map(({ triple }) => triple)
  writeJson(manifestPath, manifest)

  // `napi artifacts` copies each `<binary>.<platform>.node` into its `npm/<platform>/` folder.
  run(process.execPath, [napi, 'artifacts', '--cwd', root, '--output-dir', artifacts, '--npm-dir', npmDir])

  const optionalDependencies = {}
  for (const { platformArchABI } of platforms) {
    const platformDir = path.join(npmDir, platformArchABI)
    const platformManifest = readJson(path.join(platformDir, 'package.json'))
    if (platformManifest.version !== manifest.version) {
      throw new Error(`${platformManifest.name} is at ${platformManifest.version}, ${manifest.name} at ${manifest.version}`)
    }
    for (const license of licenses) fs.copyFileSync(path.join(root, license), path.join(platformDir, license))
    platformManifest.files = [...new Set([...platformManifest.files, ...licenses])]
    writeJson(path.join(platformDir, 'package.json'), platformManifest)
    optionalDependencies[platformManifest.name] = manifest.version
    pack(platformDir)
  }

  // A user's install reads only these; the dev tools (and a checkout's `file:` links) stay home.
  manifest.optionalDependencies = optionalDependencies
  delete manifest.devDependencies
  writeJson(manifestPath, manifest)
  pack(root)
} finally {
  fs.rmSync(stage, { recursive: true, force: true })
}

/** Copies the tree at `from` to `to`, each link as the file it points to, where `keep(relative)`. */
function copyResolvingLinks(from, to, keep, relative = '') {
  for (const name of fs.readdirSync(path.join(from, relative))) {
    const entry = path.join(relative, name)
    if (!keep(entry)) continue
    const source = path.join(from, entry)
    if (fs.statSync(source).isDirectory()) copyResolvingLinks(from, to, keep, entry)
    else {
      fs.mkdirSync(path.dirname(path.join(to, entry)), { recursive: true })
      fs.copyFileSync(fs.realpathSync(source), path.join(to, entry))
    }
  }
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'))
}

/** Writes `value` as npm writes a manifest: two-space indents and a final newline. */
function writeJson(file, value) {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`)
}

function pack(dir) {
  fs.mkdirSync(out, { recursive: true })
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', out], { cwd: dir }))
  console.log(`packed ${packed.filename} (${packed.entryCount} files, ${packed.size} B)`)
}

function run(command, args, { cwd } = {}) {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
}

function parseArguments(args, names) {
  const parsed = {}
  for (let at = 0; at < args.length; at += 2) {
    if (!names.includes(args[at]) || args[at + 1] === undefined) usage()
    parsed[args[at]] = args[at + 1]
  }
  if (names.some((name) => parsed[name] === undefined)) usage()
  return parsed
}

function usage() {
  console.error('usage: node scripts/stage.js --package DIR --artifacts DIR --out DIR')
  process.exit(2)
}
