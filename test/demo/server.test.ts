/**
 * `imagecapture demo`: the static server on 127.0.0.1 (only the page, its script and the browser
 * builds, nothing else), the --port and --open flags, and a clean stop on Ctrl-C.
 */
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { demo, openCommand, openInBrowser, parsePort, startDemoServer, type DemoServer } from '../../src/cli/commands/demo.js';
import { type Context, type Io, Stopwatch } from '../../src/cli/context.js';
import { type CliError, EXIT_RUNTIME, EXIT_USAGE } from '../../src/cli/errors.js';
import { installInterruptHandlers } from '../../src/cli/interrupt.js';

let base: string;
let demoDir: string;
let distDir: string;

const FILES: Record<string, string> = {
  'demo/index.html': '<!doctype html><title>demo</title>',
  'demo/demo.css': 'body { margin: 0 }',
  'dist/demo/demo.js': 'export const page = 1;',
  'dist/browser/index.js': 'export const ponyfill = 1;',
  'dist/browser/chunks/shared-abc.js': 'export const chunk = 1;',
  'dist/imagecapture.polyfill.js': 'var imagecapture = {};',
  'dist/cli/bin.js': 'secret',
  'secret.js': 'secret',
};

before(async () => {
  base = await mkdtemp(join(tmpdir(), 'imagecapture-demo-server-'));
  for (const [path, text] of Object.entries(FILES)) {
    await mkdir(join(base, path, '..'), { recursive: true });
    await writeFile(join(base, path), text);
  }
  demoDir = join(base, 'demo');
  distDir = join(base, 'dist');
});

after(async () => {
  await rm(base, { recursive: true, force: true });
});

/** An Io that keeps what is written, and tells when a line containing `text` arrives. */
function captureIo(): Io & { out: string[]; err: string[]; when(stream: 'out' | 'err', text: string): Promise<string> } {
  const out: string[] = [];
  const err: string[] = [];
  const waiters: { stream: 'out' | 'err'; text: string; resolve: (line: string) => void }[] = [];
  const writer = (stream: 'out' | 'err', lines: string[]) => ({
    write(text: string | Uint8Array): boolean {
      const line = String(text);
      lines.push(line);
      for (const w of waiters.filter((w) => w.stream === stream && line.includes(w.text))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
      return true;
    },
  });
  return {
    out,
    err,
    stdout: writer('out', out),
    stderr: writer('err', err),
    when(stream, text) {
      const found = (stream === 'out' ? out : err).find((l) => l.includes(text));
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ stream, text, resolve }));
    },
  };
}

function context(io: Io): Context {
  return { io, verbose: false, clock: new Stopwatch() };
}

describe('the demo server', () => {
  let server: DemoServer;
  before(async () => {
    server = await startDemoServer({ port: 0, demoDir, distDir });
  });
  after(async () => {
    await server.close();
  });

  it('listens on 127.0.0.1 and serves the page at /', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(server.url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(await res.text(), FILES['demo/index.html']);
  });

  it("serves the stylesheet, the page's script and the browser builds with their types", async () => {
    const cases: [string, string, string][] = [
      ['demo.css', 'text/css; charset=utf-8', 'demo/demo.css'],
      ['demo.js', 'text/javascript; charset=utf-8', 'dist/demo/demo.js'],
      ['browser/index.js', 'text/javascript; charset=utf-8', 'dist/browser/index.js'],
      ['browser/chunks/shared-abc.js', 'text/javascript; charset=utf-8', 'dist/browser/chunks/shared-abc.js'],
      ['imagecapture.polyfill.js', 'text/javascript; charset=utf-8', 'dist/imagecapture.polyfill.js'],
    ];
    for (const [path, type, file] of cases) {
      const res = await fetch(server.url + path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('content-type'), type, path);
      assert.equal(res.headers.get('cache-control'), 'no-store', path);
      assert.equal(await res.text(), FILES[file], path);
    }
  });

  it('answers 404 for anything else, including paths that climb out of dist/browser', async () => {
    for (const path of [
      'package.json',
      'cli/bin.js',
      'browser/../cli/bin.js',
      'browser/..%2F..%2Fsecret.js',
      'browser/%2e%2e/%2e%2e/secret.js',
      'browser/missing.js',
      'browser/index.css',
      'demo/src/main.ts',
      '%E0%A4%A',
    ]) {
      const res = await fetch(server.url + path);
      assert.equal(res.status, 404, path);
      assert.equal(await res.text(), 'not found\n');
    }
  });

  it('answers HEAD without a body and refuses other methods with 405', async () => {
    const head = await fetch(server.url, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(FILES['demo/index.html']!.length));
    assert.equal(await head.text(), '');
    const post = await fetch(server.url, { method: 'POST', body: 'x' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD');
  });
});

describe('starting the demo server', () => {
  it('fails with a runtime error naming the missing files when the page is not built', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'imagecapture-demo-empty-'));
    try {
      await assert.rejects(startDemoServer({ port: 0, demoDir, distDir: empty }), (err: CliError) => {
        assert.equal(err.exitCode, EXIT_RUNTIME);
        assert.match(err.message, /demo\/demo\.js/);
        assert.match(err.message, /npm run build/);
        return true;
      });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('fails with a runtime error that suggests --port when the port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      await assert.rejects(startDemoServer({ port, demoDir, distDir }), (err: CliError) => {
        assert.equal(err.exitCode, EXIT_RUNTIME);
        assert.equal(err.message, `port ${port} on 127.0.0.1 is in use; choose another with --port (0 picks a free one)`);
        return true;
      });
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});

describe('--port', () => {
  it('takes a whole number from 0 to 65535', () => {
    assert.equal(parsePort('0'), 0);
    assert.equal(parsePort('8765'), 8765);
    assert.equal(parsePort(' 65535 '), 65535);
    assert.equal(parsePort(3000), 3000);
  });

  it('rejects anything else as a usage error', () => {
    for (const text of ['', 'abc', '-1', '65536', '1.5', '80a', '0x50']) {
      assert.throws(
        () => parsePort(text),
        (err: CliError) => err.exitCode === EXIT_USAGE && err.message.startsWith(`--port ${text.trim()} must be`),
        text,
      );
    }
  });
});

describe('--open', () => {
  let bin: string;
  let path: string | undefined;
  before(async () => {
    bin = await mkdtemp(join(tmpdir(), 'imagecapture-demo-bin-'));
    path = process.env.PATH;
  });
  after(async () => {
    process.env.PATH = path;
    await rm(bin, { recursive: true, force: true });
  });

  it('uses xdg-open on Linux, open on macOS and start on Windows', () => {
    assert.deepEqual(openCommand('http://127.0.0.1:1/', 'linux'), { command: 'xdg-open', args: ['http://127.0.0.1:1/'] });
    assert.deepEqual(openCommand('http://127.0.0.1:1/', 'darwin'), { command: 'open', args: ['http://127.0.0.1:1/'] });
    assert.deepEqual(openCommand('http://127.0.0.1:1/', 'win32'), { command: 'cmd', args: ['/c', 'start', '""', 'http://127.0.0.1:1/'] });
  });

  it('hands the URL to the opener, and reports an opener that fails', {
    skip: process.platform === 'win32' && 'needs a POSIX shell',
  }, async () => {
    const record = join(bin, 'opened.txt');
    // The fake opener records its argument, then fails, so its end is observable.
    await writeFile(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${record}'\nexit 7\n`);
    await chmod(join(bin, 'xdg-open'), 0o755);
    process.env.PATH = bin;
    const failed = new Promise<string>((resolve) => {
      void openInBrowser('http://127.0.0.1:9/', resolve, 'linux').then((started) => assert.equal(started, true));
    });
    assert.equal(await failed, 'xdg-open exited with 7');
    assert.equal(await readFile(record, 'utf8'), 'http://127.0.0.1:9/');
  });

  it('resolves false, without throwing, when there is no opener', async () => {
    process.env.PATH = join(bin, 'nothing-here');
    assert.equal(await openInBrowser('http://127.0.0.1:9/', () => assert.fail('no opener ran'), 'linux'), false);
  });
});

describe('imagecapture demo', () => {
  it('prints the URL, serves until stopped, then closes and exits with 0', async () => {
    const io = captureIo();
    const stop = new AbortController();
    const done = demo({ port: '0', signal: stop.signal, demoDir, distDir }, context(io));
    const line = await io.when('out', 'http://');
    const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(line)![0];
    assert.equal(line, `imagecapture demo: ${url}\n`);
    assert.equal((await fetch(url)).status, 200);
    stop.abort();
    assert.equal(await done, 0);
    await assert.rejects(fetch(url), 'nothing listens any more');
    assert.ok(io.err.some((l) => l.includes('demo stopped')));
  });

  it('stops cleanly on the first Ctrl-C (SIGINT) without exiting the process', async () => {
    const exits: number[] = [];
    installInterruptHandlers((code) => exits.push(code));
    const io = captureIo();
    const done = demo({ port: 0, demoDir, distDir }, context(io));
    const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(await io.when('out', 'http://'))![0];
    process.emit('SIGINT', 'SIGINT');
    assert.equal(await done, 0);
    assert.deepEqual(exits, [], 'the process was not made to exit');
    await assert.rejects(fetch(url));
  });

  it('keeps serving and says so when --open finds no opener', async () => {
    const path = process.env.PATH;
    process.env.PATH = join(base, 'no-such-dir');
    const io = captureIo();
    const stop = new AbortController();
    try {
      const done = demo({ port: 0, open: true, signal: stop.signal, demoDir, distDir }, context(io));
      const warning = await io.when('err', 'could not open a browser');
      const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(io.out.join(''))![0];
      assert.match(warning, new RegExp(`open ${url.replace(/[.]/g, '\\.')} in a browser yourself`));
      assert.equal((await fetch(url)).status, 200, 'still serving');
      stop.abort();
      assert.equal(await done, 0);
    } finally {
      process.env.PATH = path;
    }
  });

  it('rejects a bad --port before listening', async () => {
    await assert.rejects(demo({ port: 'eighty', demoDir, distDir }, context(captureIo())), (err: CliError) => err.exitCode === EXIT_USAGE);
  });
});
