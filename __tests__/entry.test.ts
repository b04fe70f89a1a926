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

const factories: [string, string, string][] = [
  ['yourapp:create_app()', 'yourapp', 'create_app'],
  ['flaskr:create_app()', 'flaskr', 'create_app'],
  ['from yourapp.web import make_app()', 'yourapp.web', 'make_app'],
  ['  from a.b import create()  ', 'a.b', 'create']
]

for (const [text, module, attribute] of factories) {
  test(`app factory ${JSON.stringify(text)} → ${module}:${attribute}, called at init`, () => {
    assert.deepEqual(parseEntry(text), { module, attribute, call: true })
  })
}

test('an events entry cannot be a factory call', () => {
  assert.throws(() => parseEntry('jobs:make()', 'package.events-entry', false), (error: Error) =>
    error instanceof SpindriftError && /package\.events-entry "jobs:make\(\)" cannot be used because it calls a factory, and only package\.entry can; write it as .*"yourapp\.main:app"\.$/.test(error.message))
})

const rejected: [string, RegExp][] = [
  ['yourapp:create_app(debug=True)', /not a valid Python name/],
  ['yourapp:create_app("x")', /not a valid Python name/],
  ['yourapp:create_app()()', /not a valid Python name/],
  ['yourapp:create_app( )', /not in an accepted form/],
  ['from yourapp import create_app() as app', /an app factory's call cannot be renamed with "as"/],
  ['yourapp:()', /not a valid Python name/],
  ['from x import __import__()', /reserved dunder name/],
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
