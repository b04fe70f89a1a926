import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseEntry } from '../src/config/entry.js'
import { SpindriftError } from '../src/common/errors.js'

const accepted: [string, string, string][] = [
  ['from yourwebapp.main import app', 'yourwebapp.main', 'app'],
  ['  from yourwebapp.main import app  ', 'yourwebapp.main', 'app'],
  ['from handlers import handle_event', 'handlers', 'handle_event'],
  ['from a.b import c as d', 'a.b', 'c'],
  ['from  pkg.sub.mod   import   application', 'pkg.sub.mod', 'application'],
  ['a.b:c', 'a.b', 'c'],
  ['app:application', 'app', 'application'],
  ['from café.vues import app', 'café.vues', 'app'],
  ['from _private import _handler', '_private', '_handler']
]

for (const [text, module, attribute] of accepted) {
  test(`entry ${JSON.stringify(text)} → ${module}:${attribute}`, () => {
    assert.deepEqual(parseEntry(text), { module, attribute })
  })
}

const rejected: [string, RegExp][] = [
  ['', /not in an accepted form/],
  ['yourwebapp.main', /not in an accepted form/],
  ['import yourwebapp.main', /not in an accepted form/],
  ['from x import y; import os', /not in an accepted form/],
  ['from x import y\nimport os', /not in an accepted form/],
  ['from x import (y)', /not a valid Python name/],
  ['from x import y, z', /not in an accepted form/],
  ['from x import "y"', /not a valid Python name/],
  ['from os import __builtins__', /reserved dunder name/],
  ['from x.class import app', /module "x.class" is a Python keyword/],
  ['from 1x import app', /not a valid Python name/],
  ['from x import y as 2', /alias "2" is not a valid Python name/],
  ['a.b:c:d', /not in an accepted form/],
  ['from .relative import app', /not a valid Python name/],
  ['from x import *', /not a valid Python name/]
]

for (const [text, why] of rejected) {
  test(`entry ${JSON.stringify(text)} is refused with one clear sentence`, () => {
    assert.throws(
      () => parseEntry(text),
      (error: unknown) => {
        assert.ok(error instanceof SpindriftError)
        assert.match(error.message, why)
        assert.match(error.message, /write it as "from yourapp\.main import app"/)
        assert.equal(error.message.split('\n').length, 1)
        return true
      }
    )
  })
}
