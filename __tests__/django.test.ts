// Django end to end with the real package index: Django itself comes from PyPI through spindrift (a zip of
// it runs `django-admin startproject`), the project is packaged as WSGI and as ASGI (and with package.type
// left out, inferred from mysite.wsgi / mysite.asgi), and served through `spindrift invoke`.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { SOURCES, bodyText, invokeEvent, setCookies } from './helpers/httpsources.js'
import { extract, runCli, tempDir, writeTree } from './helpers/run.js'

const work = tempDir('spindrift-django-test-')
const env = { SPINDRIFT_CACHE_DIR: path.join(work, 'cache') }

/** `django-admin startproject mysite` with Django from a zip spindrift packaged (so from PyPI, through spindrift). */
function startProject(): string {
  const tools = path.join(work, 'tools')
  writeTree(tools, { 'requirements.txt': 'django>=4.2,<6\n', 'noop.py': 'def handler(event, context):\n    return None\n' })
  const zip = path.join(work, 'django-tools.zip')
  const run = runCli(['package', '--package-path', tools, '--package-entry', 'noop:handler', '--package-type', 'plain', '--package-runtime', 'python3.11', '--output-path', zip], { env })
  assert.equal(run.code, 0, run.stderr)
  const project = path.join(work, 'project')
  writeTree(project, { 'requirements.txt': 'django>=4.2,<6\n' })
  execFileSync('python3', ['-m', 'django', 'startproject', 'mysite', project], { env: { ...process.env, PYTHONPATH: extract(zip) }, stdio: 'pipe' })
  // What the README tells a Django user: the API Gateway, Function URL and ALB hosts in ALLOWED_HOSTS, and a view.
  const settings = path.join(project, 'mysite', 'settings.py')
  writeFileSync(settings, readFileSync(settings, 'utf8').replace(
    'ALLOWED_HOSTS = []',
    'ALLOWED_HOSTS = [".execute-api.eu-west-1.amazonaws.com", ".lambda-url.eu-west-1.on.aws", "api.example.com", "alb.example.com"]'
  ))
  writeTree(project, {
    'mysite/views.py': [
      'from django.http import JsonResponse',
      'from django.views.decorators.csrf import csrf_exempt',
      '',
      '',
      '@csrf_exempt',
      'def echo(request):',
      '    response = JsonResponse({',
      '        "path": request.path, "path_info": request.path_info, "script": request.META.get("SCRIPT_NAME", ""),',
      '        "args": {k: request.GET.getlist(k) for k in request.GET}, "cookies": request.COOKIES,',
      '        "header": request.headers.get("X-Test"), "body": request.body.decode(), "host": request.get_host(),',
      '        "secure": request.is_secure(), "client": request.META.get("REMOTE_ADDR"), "method": request.method,',
      '        "handler": type(request).__name__,',
      '    })',
      '    response.set_cookie("a", "1")',
      '    response.set_cookie("b", "2")',
      '    return response',
      ''
    ].join('\n')
  })
  const urls = path.join(project, 'mysite', 'urls.py')
  writeFileSync(urls, readFileSync(urls, 'utf8')
    .replace('from django.urls import path', 'from django.urls import path\n\nfrom mysite.views import echo')
    .replace("    path('admin/', admin.site.urls),", "    path('admin/', admin.site.urls),\n    path('echo/', echo),")
    .replace('    path("admin/", admin.site.urls),', '    path("admin/", admin.site.urls),\n    path("echo/", echo),'))
  return project
}

const project = startProject()

function packageDjango(name: string, args: string[]) {
  const out = path.join(work, `${name}.zip`)
  const run = runCli(['package', '--package-path', project, '--package-runtime', 'python3.11', '--output-path', out, ...args], { env })
  assert.equal(run.code, 0, run.stderr)
  return { out, stderr: run.stderr }
}

function serve(zip: string, handler: string) {
  for (const source of SOURCES) {
    // Django needs the trailing slash (APPEND_SLASH redirects otherwise); the REST stage and v2 stage come in front.
    const response = invokeEvent(zip, source.event({ method: 'POST', path: '/echo/', query: [['q', 'x y']], body: 'k=v' }), { work, env })
    assert.equal(response.statusCode, 200, `${source.label}: ${bodyText(response)}`)
    const seen = JSON.parse(bodyText(response)) as Record<string, unknown>
    assert.deepEqual(
      [seen.handler, seen.method, seen.script, seen.path, seen.path_info, seen.args, seen.cookies, seen.header, seen.body, seen.secure, seen.client],
      [handler, 'POST', source.root, `${source.root}/echo/`, '/echo/', { q: ['x y'] }, { c: 'd' }, 'yes', 'k=v', true, '198.51.100.7'],
      source.label
    )
    const set = setCookies(response, source.cookies).map(c => c.split(';')[0])
    assert.deepEqual(set, source.cookies === 'single' ? ['b=2'] : ['a=1', 'b=2'], source.label)
  }
}

test('Django from django-admin startproject as WSGI (from mysite.wsgi import application): every HTTP source', () => {
  const { out } = packageDjango('django-wsgi', ['--package-type', 'wsgi', '--package-entry', 'from mysite.wsgi import application', '--package-import-check'])
  serve(out, 'WSGIRequest')
})

test('Django as ASGI (from mysite.asgi import application), package.type asgi: every HTTP source', () => {
  const { out } = packageDjango('django-asgi', ['--package-type', 'asgi', '--package-entry', 'from mysite.asgi import application', '--package-import-check'])
  serve(out, 'ASGIRequest')
})

test('Django with package.type left out: mysite.wsgi is inferred as wsgi and mysite.asgi as asgi', () => {
  const wsgi = packageDjango('django-wsgi-inferred', ['--package-entry', 'mysite.wsgi:application'])
  assert.match(wsgi.stderr, /package\.type is not set: package\.entry mysite\.wsgi:application is a WSGI application \(Django\), so the type is wsgi/)
  const asgi = packageDjango('django-asgi-inferred', ['--package-entry', 'mysite.asgi:application'])
  assert.match(asgi.stderr, /package\.type is not set: package\.entry mysite\.asgi:application is an ASGI application \(Django\), so the type is asgi/)
  const response = invokeEvent(asgi.out, SOURCES[4].event({ method: 'GET', path: '/echo/', query: [] }), { work, env })
  assert.equal((JSON.parse(bodyText(response)) as { handler: string }).handler, 'ASGIRequest')
})

test('Django static files through WhiteNoise (the README\'s advice): served by the WSGI app, with and without a stage', () => {
  const static_ = path.join(work, 'static-project')
  execFileSync('cp', ['-r', project, static_])
  const settings = path.join(static_, 'mysite', 'settings.py')
  writeFileSync(settings, readFileSync(settings, 'utf8')
    .replace(/('django\.middleware\.security\.SecurityMiddleware',|"django\.middleware\.security\.SecurityMiddleware",)/, "$1\n    'whitenoise.middleware.WhiteNoiseMiddleware',")
    + '\nSTATIC_ROOT = BASE_DIR / "staticfiles"\n')
  writeTree(static_, { 'requirements.txt': 'django>=4.2,<6\nwhitenoise>=6\n', 'staticfiles/site.css': 'body { color: teal }\n' })
  const out = path.join(work, 'django-static.zip')
  const run = runCli(['package', '--package-path', static_, '--package-runtime', 'python3.11', '--output-path', out, '--package-type', 'wsgi', '--package-entry', 'from mysite.wsgi import application'], { env })
  assert.equal(run.code, 0, run.stderr)
  for (const source of [SOURCES[4], SOURCES[0]]) {
    const response = invokeEvent(out, source.event({ method: 'GET', path: '/static/site.css', query: [] }), { work, env })
    assert.equal(response.statusCode, 200, `${source.label}: ${bodyText(response)}`)
    assert.equal(bodyText(response), 'body { color: teal }\n', source.label)
  }
})
