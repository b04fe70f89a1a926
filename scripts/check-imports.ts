// The import rules of src/ (`npm run check:imports`, run by .ci/run): no file imports itself through others,
// no folder does either, and the faces reach the core only through the pipeline and its public folders.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const SRC = fileURLToPath(new URL('../src/', import.meta.url))

/** What a face (src/faces/) may import: the pipeline, the configuration, shared plumbing and the local runtime. */
const FACE_MAY_IMPORT = ['pipeline.ts', 'config/', 'common/', 'invoke/', 'faces/']

/** Every .ts file under src/, as a path relative to src/ with forward slashes. */
function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return entry.name.endsWith('.ts') ? [path.relative(SRC, full).split(path.sep).join('/')] : []
  })
}

/** The src/ files a file imports (static, type-only and dynamic imports alike). */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(SRC, file), 'utf8')
  const found = new Set<string>()
  for (const match of text.matchAll(/(?:from\s+|import\(\s*|import\s+)'(\.{1,2}\/[^']+)\.js'/g)) {
    found.add(path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1])) + '.ts')
  }
  return [...found]
}

/** The first cycle in a graph, as the list of its nodes (first node repeated at the end), or undefined. */
export function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node]
    state.set(node, 'open')
    stack.push(node)
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next)
      if (cycle) return cycle
    }
    stack.pop()
    state.set(node, 'done')
    return undefined
  }
  for (const node of [...graph.keys()].sort()) {
    const cycle = visit(node)
    if (cycle) return cycle
  }
  return undefined
}

const folderOf = (file: string): string => (file.includes('/') ? file.slice(0, file.indexOf('/')) : file)

export function checkImports(files: string[], imports: (file: string) => string[]): string[] {
  const problems: string[] = []
  const graph = new Map(files.map(file => [file, imports(file)]))
  for (const [file, targets] of graph) {
    for (const target of targets) {
      if (!graph.has(target)) problems.push(`${file} imports ${target}, which does not exist`)
      if (file.startsWith('faces/') && !FACE_MAY_IMPORT.some(allowed => target === allowed || target.startsWith(allowed))) {
        problems.push(`${file} is a face but imports the stage internals ${target}; go through pipeline.ts or config/`)
      }
    }
  }
  const fileCycle = findCycle(graph)
  if (fileCycle) problems.push(`import circle between files: ${fileCycle.join(' → ')}`)
  const folders = new Map<string, Set<string>>()
  for (const [file, targets] of graph) {
    const from = folderOf(file)
    const edges = folders.get(from) ?? new Set<string>()
    for (const target of targets) if (folderOf(target) !== from) edges.add(folderOf(target))
    folders.set(from, edges)
  }
  const folderCycle = findCycle(new Map([...folders].map(([folder, edges]) => [folder, [...edges].sort()])))
  if (folderCycle) problems.push(`import circle between folders: ${folderCycle.join(' → ')}`)
  return problems
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = sourceFiles()
  const problems = checkImports(files, importsOf)
  for (const problem of problems) process.stderr.write(`${problem}\n`)
  if (problems.length) process.exit(1)
  process.stdout.write(`imports: ${files.length} files in src/, no circles, faces use only the pipeline's public folders\n`)
}
