// `cem analyze --config widget/custom-elements-manifest.config.mjs` (part of `npm run build:widget`):
// writes widget/dist/custom-elements.json, and from it the VS Code HTML and CSS custom data and the
// JetBrains web-types, all shipped in the package.
import { customElementJetBrainsPlugin } from 'custom-element-jet-brains-integration'
import { customElementVsCodePlugin } from 'custom-element-vs-code-integration'

const outdir = 'widget/dist'

/** Fields declared `{ state: true }` in a `static properties` block, in any class: internal, never API. */
const internalState = new Set()

/**
 * Only what a page may use: Lit's internal state (`state: true`, which the Lit support reads only
 * from decorators) is neither attribute nor member, private and protected members go, and unnamed
 * events (a dispatch of an event class, documented by `@event` instead) are dropped. Module paths
 * name the published files: each element's entry (which registers it) and `classes.js`.
 */
const publicSurface = {
  name: 'pay-elements:public-surface',
  analyzePhase({ ts, node }) {
    if (!ts.isClassDeclaration(node) || !node.name) return
    for (const member of node.members) {
      const isStatic = member.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword)
      if (!isStatic || !ts.isPropertyDeclaration(member) || member.name.getText() !== 'properties') continue
      if (!member.initializer || !ts.isObjectLiteralExpression(member.initializer)) continue
      for (const property of member.initializer.properties) {
        if (ts.isPropertyAssignment(property) && /\bstate\s*:\s*true\b/.test(property.initializer.getText()))
          internalState.add(property.name.getText())
      }
    }
  },
  packageLinkPhase({ customElementsManifest }) {
    const published = (path) => {
      const tag = path.match(/^widget\/(pay-[a-z]+)\/\1\.ts$/)?.[1]
      return tag ? `dist/${tag}.js` : 'dist/classes.js'
    }
    for (const module of customElementsManifest.modules) {
      for (const declaration of module.declarations ?? []) {
        const internal = internalState
        declaration.members = declaration.members?.filter(
          (member) => (!member.privacy || member.privacy === 'public') && !internal.has(member.name),
        )
        declaration.attributes = declaration.attributes?.filter((attribute) => !internal.has(attribute.fieldName))
        declaration.events = declaration.events?.filter((event) => event.name)
        for (const each of [declaration.superclass, ...(declaration.members ?? []).map((member) => member.inheritedFrom)])
          if (each?.module) each.module = 'dist/classes.js'
        for (const attribute of declaration.attributes ?? [])
          if (attribute.inheritedFrom?.module) attribute.inheritedFrom.module = 'dist/classes.js'
      }
      module.exports = (module.exports ?? []).filter((entry) => entry.kind === 'js')
      const element = module.declarations?.find((declaration) => declaration.tagName)
      if (element) {
        module.exports.push({
          kind: 'custom-element-definition',
          name: element.tagName,
          declaration: { name: element.name, module: 'dist/classes.js' },
        })
      }
      module.path = published(module.path)
    }
  },
}

export default {
  globs: ['widget/shared/pay-element.ts', 'widget/pay-*/pay-*.ts'],
  exclude: ['**/*.test.ts', '**/*.styles.ts'],
  outdir,
  litelement: true,
  plugins: [
    publicSurface,
    customElementVsCodePlugin({ outdir, cssFileName: 'vscode.css-custom-data.json', hideLogs: true }),
    customElementJetBrainsPlugin({ outdir, webTypesFileName: 'web-types.json', packageJson: false, hideLogs: true }),
  ],
}
