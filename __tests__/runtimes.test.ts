import assert from 'node:assert/strict'
import { test } from 'node:test'
import { findRuntime, platformTags } from '../src/config/runtimes.js'

test('python3.11 on x86_64: every manylinux tag from glibc 2.26 down, plus the legacy aliases', () => {
  const tags = platformTags(findRuntime('python3.11'), 'x86_64')
  assert.equal(tags[0], 'manylinux_2_26_x86_64')
  assert.ok(tags.includes('manylinux_2_17_x86_64'))
  assert.ok(tags.includes('manylinux_2_5_x86_64'))
  assert.ok(!tags.includes('manylinux_2_27_x86_64'))
  assert.deepEqual(tags.slice(-3), ['manylinux2014_x86_64', 'manylinux2010_x86_64', 'manylinux1_x86_64'])
  assert.equal(tags.length, 22 + 3)
})

test('python3.12 on arm64: aarch64 tags from glibc 2.34 down to 2.17 and manylinux2014', () => {
  const tags = platformTags(findRuntime('python3.12'), 'arm64')
  assert.equal(tags[0], 'manylinux_2_34_aarch64')
  assert.equal(tags.at(-2), 'manylinux_2_17_aarch64')
  assert.equal(tags.at(-1), 'manylinux2014_aarch64')
  assert.ok(tags.every(t => t.endsWith('_aarch64')))
  assert.equal(tags.length, 18 + 1)
})

const glibc: [string, string][] = [
  ['python3.10', '2.26'],
  ['python3.11', '2.26'],
  ['python3.12', '2.34'],
  ['python3.13', '2.34'],
  ['python3.14', '2.34']
]
for (const [name, ceiling] of glibc) {
  test(`${name} has glibc ceiling ${ceiling}`, () => {
    assert.equal(findRuntime(name).glibc.join('.'), ceiling)
  })
}

for (const retired of ['python2.7', 'python3.6', 'python3.7', 'python3.8']) {
  test(`${retired} is refused as retired, listing the current runtimes`, () => {
    assert.throws(() => findRuntime(retired), /is retired.*python3\.10, python3\.11, python3\.12, python3\.13, python3\.14\.$/)
  })
}

test('python3.9 is still accepted but marked deprecated', () => {
  assert.equal(findRuntime('python3.9').deprecated, '2025-12-15')
})

test('an unknown runtime name is refused with the list', () => {
  assert.throws(() => findRuntime('nodejs22.x'), /is not an AWS Lambda Python runtime; choose one of: python3\.10/)
})
