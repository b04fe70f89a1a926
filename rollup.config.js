// Bundles the CLI and the library (and, later, the action) into dist/: ESM, deterministic, committed.
import { chmodSync } from 'node:fs'
import commonjs from '@rollup/plugin-commonjs'
import json from '@rollup/plugin-json'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import typescript from '@rollup/plugin-typescript'

export default {
  input: { index: 'src/faces/action.ts', cli: 'src/faces/cli.ts', lib: 'src/faces/lib.ts' },
  output: {
    dir: 'dist',
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: '[name].js',
    banner: chunk => (chunk.name === 'cli' ? '#!/usr/bin/env node' : ''),
    sourcemap: false
  },
  plugins: [
    typescript({ tsconfig: './tsconfig.json', declaration: false, outDir: 'dist' }),
    nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }),
    commonjs(),
    json(),
    // npm marks a bin executable only when it installs the package: a fresh build must do it itself.
    { name: 'executable-cli', writeBundle: () => chmodSync('dist/cli.js', 0o755) }
  ],
  onwarn(warning, warn) {
    // @actions packages use `this` at module level in their TypeScript helpers; harmless in ESM.
    if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return
    warn(warning)
  }
}
