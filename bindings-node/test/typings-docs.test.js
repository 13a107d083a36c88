'use strict'
// Every declaration of the package's typings carries a JSDoc comment, so that an editor explains
// each class, method, getter, interface, field, option and type as it completes it: the fields of
// each kind of a discriminated event type too (all but its `type` tag), and those of an object a
// constant holds. The files (every .d.ts of both packages) are parsed with the TypeScript compiler.

const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { test } = require('node:test')
const ts = require('typescript')

const PACKAGE = path.join(__dirname, '..')
const TYPINGS = ['.', 'testing'].flatMap((dir) =>
  fs
    .readdirSync(path.join(PACKAGE, dir))
    .filter((name) => name.endsWith('.d.ts'))
    .map((name) => path.posix.join(dir, name)),
)

/** The name of a declaration as the report shows it (`DevApi.chat`, `CallOptions.timeout`). */
function nameOf(node, source) {
  if (ts.isConstructorDeclaration(node)) return 'constructor'
  if (ts.isVariableStatement(node)) {
    return node.declarationList.declarations.map((declaration) => declaration.name.getText(source)).join(', ')
  }
  return node.name ? node.name.getText(source) : ts.SyntaxKind[node.kind]
}

function hasJsDoc(node) {
  return ts.getJSDocCommentsAndTags(node).some((doc) => ts.isJSDoc(doc) && ts.getTextOfJSDocComment(doc.comment)?.trim())
}

/** The `type` tag of an object type (`'meta'` of `{ type: 'meta'; … }`), if it has one. */
function tagOf(literal, source) {
  const tag = literal.members.find((member) => member.name?.getText(source) === 'type')
  return tag?.type && ts.isLiteralTypeNode(tag.type) ? tag.type.getText(source) : undefined
}

/** The fields of the object types a type is made of (a union's kinds, an object's fields). */
function* fieldsOf(type, name, source) {
  if (!type) return
  if (ts.isUnionTypeNode(type) || ts.isIntersectionTypeNode(type)) {
    for (const part of type.types) yield* fieldsOf(part, name, source)
  } else if (ts.isParenthesizedTypeNode(type)) {
    yield* fieldsOf(type.type, name, source)
  } else if (ts.isTypeLiteralNode(type)) {
    const tag = tagOf(type, source)
    const scope = tag ? [...name, `[${tag}]`] : name
    for (const member of type.members) {
      if (ts.isIndexSignatureDeclaration(member)) continue
      // The tag says which kind the object is; the type's own comment says what each kind means.
      if (tag && member.name?.getText(source) === 'type') continue
      yield { node: member, name: [...scope, nameOf(member, source)], source }
    }
  }
}

/** Each declaration a reader of the typings meets, with the path of names that leads to it. */
function* declarations(file) {
  const text = fs.readFileSync(path.resolve(PACKAGE, file), 'utf8')
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)

  function* visit(statements, scope) {
    for (const node of statements) {
      if (ts.isModuleDeclaration(node) && node.body && ts.isModuleBlock(node.body)) {
        // `declare module './native' { … }` adds to the declarations of that module.
        yield* visit(node.body.statements, scope)
      } else if (ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node)) {
        const name = [...scope, nameOf(node, source)]
        yield { node, name, source }
        for (const member of node.members) {
          if (ts.isIndexSignatureDeclaration(member)) continue
          yield { node: member, name: [...name, nameOf(member, source)], source }
        }
      } else if (
        ts.isTypeAliasDeclaration(node) ||
        ts.isEnumDeclaration(node) ||
        ts.isFunctionDeclaration(node) ||
        ts.isVariableStatement(node)
      ) {
        const name = [...scope, nameOf(node, source)]
        yield { node, name, source }
        if (ts.isTypeAliasDeclaration(node)) yield* fieldsOf(node.type, name, source)
        if (ts.isVariableStatement(node)) {
          for (const declaration of node.declarationList.declarations) {
            yield* fieldsOf(declaration.type, name, source)
          }
        }
        if (ts.isEnumDeclaration(node)) {
          for (const member of node.members) {
            yield { node: member, name: [...scope, nameOf(node, source), nameOf(member, source)], source }
          }
        }
      }
    }
  }
  yield* visit(source.statements, [])
}

function where({ node, source }) {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1
}

for (const file of TYPINGS) {
  test(`${file}: every declaration has a JSDoc comment`, () => {
    const found = [...declarations(file)]
    // A file whose declarations all went unseen would pass vacuously; each of these declares or
    // re-exports something.
    const reexports = /^export \{[^}]+\} from /m.test(fs.readFileSync(path.join(PACKAGE, file), 'utf8'))
    assert.ok(found.length > 0 || reexports, `${file}: no declarations found`)
    const missing = found
      .filter((declaration) => !hasJsDoc(declaration.node))
      .map((declaration) => `  ${file}:${where(declaration)} ${declaration.name.join('.')}`)
    assert.ok(
      missing.length === 0,
      `${missing.length} of ${found.length} declarations in ${file} have no JSDoc:\n${missing.join('\n')}`,
    )
  })
}

test('the check sees an undocumented member', () => {
  // The same walk over a file made for it: documented fields and bare ones, in an interface and
  // in the kinds of a union; a comment at the end of the line before a field is not the field's.
  const probe = [
    '/** A probe. */',
    'export interface Probe {',
    '  /** Documented. */',
    '  a: number',
    '  b: string',
    '}',
    '/** An event. */',
    'export type Event =',
    "  | { type: 'one';",
    '    /** Documented. */ c: number; /** Where TypeScript does not look. */',
    '    d: string }',
    "  | { type: 'two'; e: boolean }",
    '',
  ].join('\n')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatwire-typings-'))
  try {
    const file = path.join(dir, 'probe.d.ts')
    fs.writeFileSync(file, probe)
    const found = [...declarations(file)]
    assert.deepEqual(
      found.map((declaration) => [declaration.name.join('.'), hasJsDoc(declaration.node)]),
      [
        ['Probe', true],
        ['Probe.a', true],
        ['Probe.b', false],
        ['Event', true],
        ["Event.['one'].c", true],
        ["Event.['one'].d", false],
        ["Event.['two'].e", false],
      ],
    )
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
