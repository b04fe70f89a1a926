// A real browser in front of `spindrift serve`: headless Chromium, driven over the DevTools protocol (its
// --remote-debugging-pipe: NUL-terminated JSON on fds 3 and 4), loads a packaged Flask app's page, submits
// its form, follows the redirect that sets a cookie, and shows the image; the screenshot is kept in
// test-artefacts/ (gitignored). Skipped, saying so, where no chromium binary is installed.
import assert from 'node:assert/strict'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Readable, Writable } from 'node:stream'
import { test } from 'node:test'
import { CLI, ROOT, runCli, tempDir, writeTree } from './helpers/run.js'

const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find(name => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0)
const ARTEFACTS = path.join(ROOT, 'test-artefacts')

const APP = `import base64
from flask import Flask, make_response, redirect, request

app = Flask(__name__)
# A 2x2 PNG: red, green / blue, white.
LOGO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAAMIM/4EAAB/uBfsL2WiLAAAAAElFTkSuQmCC"
)
PAGE = """<!doctype html><html><head><title>%s</title></head><body>
<h1>%s</h1><img id="logo" src="logo.png" alt="logo" width="64" height="64">
<form method="post" action="greet"><input name="name"><button type="submit">Greet</button></form>
</body></html>"""


@app.route("/")
def index():
    return PAGE % ("Welcome", "Welcome")


@app.route("/greet", methods=["POST"])
def greet():
    response = redirect("hello")
    response.set_cookie("visitor", request.form["name"])
    return response


@app.route("/hello")
def hello():
    return PAGE % ("Hello", "Hello, %s!" % request.cookies.get("visitor", "stranger"))


@app.route("/logo.png")
def logo():
    return app.response_class(LOGO, mimetype="image/png")
`

/** A DevTools protocol session over Chromium's pipe. */
class DevTools {
  private next = 1
  private buffer = ''
  private readonly pending = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void }>()
  private readonly listeners: ((message: any) => void)[] = []

  constructor(private readonly toBrowser: Writable, fromBrowser: Readable) {
    fromBrowser.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('utf8')
      let end
      while ((end = this.buffer.indexOf('\0')) >= 0) {
        const message = JSON.parse(this.buffer.slice(0, end))
        this.buffer = this.buffer.slice(end + 1)
        const waiting = message.id !== undefined ? this.pending.get(message.id) : undefined
        if (waiting) {
          this.pending.delete(message.id)
          if (message.error) waiting.reject(new Error(`${message.error.message} (${JSON.stringify(message.error)})`))
          else waiting.resolve(message.result)
        } else {
          for (const listener of [...this.listeners]) listener(message)
        }
      }
    })
  }

  send(method: string, params: object = {}, sessionId?: string): Promise<any> {
    const id = this.next++
    this.toBrowser.write(`${JSON.stringify({ id, method, params, sessionId })}\0`)
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }))
  }

  /** The next event of this name (for this session), within the timeout. */
  event(method: string, sessionId: string, timeoutMs = 20_000): Promise<any> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms`)), timeoutMs)
      const listener = (message: any) => {
        if (message.method !== method || message.sessionId !== sessionId) return
        clearTimeout(timer)
        this.listeners.splice(this.listeners.indexOf(listener), 1)
        resolve(message.params)
      }
      this.listeners.push(listener)
    })
  }
}

test('a browser through spindrift serve: page, form, redirect with a cookie, image', { skip: chromium ? false : 'no chromium binary installed (apt-get install chromium)', timeout: 240_000 }, async () => {
  const work = tempDir('spindrift-browser-test-')
  const cacheDir = path.join(work, 'cache')
  const app = path.join(work, 'app')
  writeTree(app, { 'requirements.txt': 'flask>=3,<4\n', 'webapp.py': APP })
  const zip = path.join(work, 'webapp.zip')
  const packaged = runCli(['package', '--package-path', app, '--package-type', 'flask', '--package-entry', 'from webapp import app', '--package-runtime', 'python3.11', '--output-path', zip], {
    env: { SPINDRIFT_CACHE_DIR: cacheDir }
  })
  assert.equal(packaged.code, 0, packaged.stderr)

  const server = spawn(process.execPath, [CLI, 'serve', zip, '--port', '0', '--source', 'rest', '--stage', 'prod'], { cwd: ROOT, env: { ...process.env, SPINDRIFT_CACHE_DIR: cacheDir }, stdio: ['ignore', 'ignore', 'pipe'] })
  let serverLog = ''
  const base = await new Promise<string>((resolve, reject) => {
    server.stderr?.on('data', (chunk: Buffer) => {
      serverLog += chunk.toString('utf8')
      const found = / on (http:\/\/127\.0\.0\.1:\d+\/prod)/.exec(serverLog)
      if (found) resolve(found[1])
    })
    server.once('exit', code => reject(new Error(`serve exited with ${code}: ${serverLog}`)))
  })

  let browser: ChildProcess | undefined
  try {
    browser = spawn(chromium as string, ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-extensions', `--user-data-dir=${path.join(work, 'profile')}`, '--remote-debugging-pipe', 'about:blank'], {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe']
    })
    const devtools = new DevTools(browser.stdio[3] as Writable, browser.stdio[4] as Readable)
    const { targetId } = await devtools.send('Target.createTarget', { url: 'about:blank' })
    const { sessionId } = await devtools.send('Target.attachToTarget', { targetId, flatten: true })
    await devtools.send('Page.enable', {}, sessionId)
    await devtools.send('Runtime.enable', {}, sessionId)
    const evaluate = async (expression: string) => (await devtools.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, sessionId)).result.value
    const page = () =>
      evaluate(`(async () => {
        const img = document.getElementById('logo')
        await img.decode().catch(() => {})
        const canvas = document.createElement('canvas')
        canvas.width = canvas.height = 2
        const context = canvas.getContext('2d')
        context.drawImage(img, 0, 0)
        const pixels = [...context.getImageData(0, 0, 2, 2).data]
        return { url: location.href, title: document.title, h1: document.querySelector('h1')?.textContent, cookie: document.cookie, logo: img.naturalWidth, pixels }
      })()`)

    let loaded = devtools.event('Page.loadEventFired', sessionId)
    await devtools.send('Page.navigate', { url: `${base}/` }, sessionId)
    await loaded
    const welcome = await page()
    assert.equal(welcome.title, 'Welcome')
    assert.equal(welcome.h1, 'Welcome')

    // Type a name and press the button: a real form POST, answered by a redirect that sets the cookie.
    await evaluate(`document.querySelector('input[name=name]').focus()`)
    await devtools.send('Input.insertText', { text: 'Ada Lovelace' }, sessionId)
    loaded = devtools.event('Page.loadEventFired', sessionId)
    await evaluate(`document.querySelector('button').click()`)
    await loaded
    const hello = await page()
    assert.equal(hello.url, `${base}/hello`)
    assert.equal(hello.title, 'Hello')
    assert.equal(hello.h1, 'Hello, Ada Lovelace!')
    assert.equal(decodeURIComponent(hello.cookie.replace(/^visitor=/, '').replace(/^"|"$/g, '')), 'Ada Lovelace')
    assert.equal(hello.logo, 2, 'the PNG loaded and decoded: 2 pixels wide')
    // Its pixels, byte for byte through the function's base64 body: red, green / blue, white.
    assert.deepEqual(hello.pixels, [255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255])

    const shot = await devtools.send('Page.captureScreenshot', { format: 'png' }, sessionId)
    mkdirSync(ARTEFACTS, { recursive: true })
    const file = path.join(ARTEFACTS, 'serve-browser.png')
    writeFileSync(file, Buffer.from(shot.data, 'base64'))
    assert.equal(Buffer.from(shot.data, 'base64').subarray(1, 4).toString(), 'PNG')
    // What the server saw: the page, the form's POST and its redirect, the image.
    assert.match(serverLog, /^GET \/prod\/ 200 /m)
    assert.match(serverLog, /^POST \/prod\/greet 302 /m)
    assert.match(serverLog, /^GET \/prod\/hello 200 /m)
    assert.match(serverLog, /^GET \/prod\/logo\.png 200 /m)
    await devtools.send('Browser.close').catch(() => undefined)
  } finally {
    browser?.kill('SIGKILL')
    server.kill('SIGINT')
  }
})
