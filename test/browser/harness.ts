/**
 * The browser test harness: a server on 127.0.0.1 for the test page, the polyfill bundle (built in
 * memory with the options scripts/build-extra.mjs uses for dist/) and esbuild bundles of page
 * modules; and a session that runs page code in one engine and returns its JSON results.
 *
 * Hook for other suites: `session.runModule(file, env)` bundles any module with esbuild, imports
 * it in the page and returns the JSON of its exported `run(env)` (the conformance suite plugs in
 * here).
 */
import { createServer, type Server } from 'node:http';
import { after, before, it, type TestContext } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { Impl } from './page/cases.js';

export const root = fileURLToPath(new URL('../../', import.meta.url));

/** What a driver can do to the page from outside, where its protocol allows (Chromium's CDP). */
export interface EngineDriver {
  /** Sets what the user decided for a permission of the page's origin. */
  setPermission?(descriptor: { name: string; panTiltZoom?: boolean }, state: 'granted' | 'denied' | 'prompt'): Promise<void>;
  /** Puts every permission back as the page was opened with. */
  resetPermissions?(): Promise<void>;
}

/** What an engine driver offers: navigate, evaluate an expression yielding a JSON string, close. */
export interface Engine {
  readonly name: string;
  goto(url: string): Promise<void>;
  /** Evaluates `expression` (a Promise of a string) in the page and returns the string. */
  evaluate(expression: string): Promise<string>;
  close(): Promise<void>;
  /** Makes `fn` callable from the page as `window[name]` (returns a Promise there); only where the driver can call back. */
  expose?(name: string, fn: (...args: any[]) => unknown): Promise<void>;
  readonly driver?: EngineDriver;
  /** A PNG of the page (the whole page where the driver can; WebKit: the viewport). */
  screenshot?(): Promise<Uint8Array>;
}

export type Launched = { engine: Engine } | { skip: string };

/** What scripts/build-extra.mjs exports (the builds of dist/ are made from these options). */
export interface BuildExtra {
  polyfillIifeOptions(): Record<string, unknown>;
  legacyIifeOptions(): Record<string, unknown>;
  browserEsmOptions(): Record<string, unknown> & { outdir: string };
  gzipSize(code: Uint8Array | string): number;
}

export async function buildExtra(): Promise<BuildExtra> {
  return (await import(pathToFileURL(`${root}scripts/build-extra.mjs`).href)) as BuildExtra;
}

async function bundle(options: Record<string, unknown>): Promise<string> {
  const result = await build({ ...options, write: false, logLevel: 'silent' });
  return result.outputFiles![0]!.text;
}

/** The polyfill IIFE exactly as build-extra.mjs makes it. */
async function polyfillBundle(): Promise<string> {
  return bundle((await buildExtra()).polyfillIifeOptions());
}

/** The ESM builds of dist/browser/ (index.js, polyfill.js and their chunk), keyed by path under it. */
async function browserEsm(): Promise<Map<string, string>> {
  const options = (await buildExtra()).browserEsmOptions();
  const result = await build({ ...options, write: false, logLevel: 'silent' });
  const outdir = options.outdir.replace(/\/+$/, '');
  return new Map(result.outputFiles!.map((f) => [f.path.slice(outdir.length).replace(/\\/g, '/'), f.text]));
}

async function moduleBundle(file: string): Promise<string> {
  return bundle({ entryPoints: [file], bundle: true, format: 'esm', platform: 'browser', target: 'es2022' });
}

function pageHtml(strip: string[]): string {
  // Errors are recorded before anything else runs; the native ImageCapture is kept for comparison.
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>imagecapture browser tests</title>
<script>
window.__errors = [];
addEventListener('error', (e) => __errors.push('error: ' + e.message));
addEventListener('unhandledrejection', (e) => {
  const r = e.reason;
  __errors.push('unhandledrejection: ' + (r && typeof r === 'object' ? r.name + ': ' + r.message : String(r)));
});
const consoleError = console.error;
console.error = (...args) => { __errors.push('console.error: ' + args.map(String).join(' ')); consoleError.apply(console, args); };
window.__native = window.ImageCapture;
for (const name of ${JSON.stringify(strip)}) if (window.ImageCapture) delete window.ImageCapture.prototype[name];
</script>
<script src="/imagecapture.polyfill.js"></script>
<script>window.__cases = import('/cases.js');</script>
</head><body><input id="zoom" type="range"></body></html>`;
}

export class TestServer {
  readonly #server: Server;
  readonly #modules = new Map<string, Promise<string>>();
  readonly origin: string;

  private constructor(server: Server, origin: string) {
    this.#server = server;
    this.origin = origin;
  }

  static async start(): Promise<TestServer> {
    let self: TestServer | undefined;
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const send = (status: number, type: string, body: string): void => {
        res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
        res.end(body);
      };
      if (url.pathname === '/page.html') {
        const strip = (url.searchParams.get('strip') ?? '').split(',').filter(Boolean);
        return send(200, 'text/html', pageHtml(strip));
      }
      const source = self ? self.#modules.get(url.pathname) : undefined;
      if (!source) return send(404, 'text/plain', 'not found');
      source.then(
        (code) => send(200, 'text/javascript', code),
        (err: unknown) => send(500, 'text/plain', String(err)),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('the test server has no port');
    self = new TestServer(server, `http://127.0.0.1:${address.port}`);
    self.#modules.set('/imagecapture.polyfill.js', polyfillBundle());
    // dist/browser/* as the package's "browser" export condition serves them, under /esm/.
    const esm = await browserEsm();
    for (const [path, code] of esm) self.#modules.set(`/esm${path}`, Promise.resolve(code));
    self.#modules.set('/cases.js', moduleBundle(fileURLToPath(new URL('./page/cases.ts', import.meta.url))));
    return self;
  }

  readonly #served = new Map<string, string>();

  /** Serves an esbuild bundle of `file` (built once per server); returns its URL. */
  addModule(file: string): string {
    let path = this.#served.get(file);
    if (!path) {
      path = `/modules/${this.#modules.size}.js`;
      this.#modules.set(path, moduleBundle(file));
      this.#served.set(file, path);
    }
    return this.origin + path;
  }

  /** Serves the esbuild bundle `options` make (e.g. build-extra.mjs's) at `path`; returns its URL. */
  addBundle(path: string, options: Record<string, unknown>): string {
    if (!this.#modules.has(path)) {
      const code = bundle(options);
      code.catch(() => undefined); // a build error is answered with a 500 when the page asks
      this.#modules.set(path, code);
    }
    return this.origin + path;
  }

  /** Waits until every bundle is built (a build error surfaces here, not as a page timeout). */
  async ready(): Promise<void> {
    await Promise.all(this.#modules.values());
  }

  pageUrl(strip: string[] = []): string {
    return `${this.origin}/page.html${strip.length ? `?strip=${strip.join(',')}` : ''}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.closeAllConnections();
      this.#server.close(() => resolve());
    });
  }
}

/** One engine, one page, driven from Node. */
export class BrowserSession {
  readonly engine: Engine;
  readonly server: TestServer;

  constructor(engine: Engine, server: TestServer) {
    this.engine = engine;
    this.server = server;
  }

  /** Loads the test page; `strip` deletes native ImageCapture methods first (to test filling them). */
  async open(strip: string[] = []): Promise<void> {
    await this.engine.goto(this.server.pageUrl(strip));
  }

  async #evaluate<T>(expression: string): Promise<T> {
    return JSON.parse(await this.engine.evaluate(expression)) as T;
  }

  /** Runs page case `name` (test/browser/page/cases.ts) against one implementation. */
  run<T = Record<string, unknown>>(name: string, impl: Impl, arg: Record<string, unknown> = {}): Promise<T> {
    const call = `m.runCase(${JSON.stringify(name)}, ${JSON.stringify(impl)}, ${JSON.stringify(arg)})`;
    return this.#evaluate(`(async () => { const m = await window.__cases; return JSON.stringify((await ${call}) ?? null); })()`);
  }

  /**
   * Conformance hook: bundles `file` (once), imports it in the page, returns the JSON of
   * `run(env)` (or of another export, `exportName`). The module keeps its state between calls.
   */
  runModule<T = unknown>(file: string, env: unknown = {}, exportName = 'run'): Promise<T> {
    const url = this.server.addModule(file);
    const call = `m[${JSON.stringify(exportName)}](${JSON.stringify(env)})`;
    return this.#evaluate(
      `(async () => { const m = await import(${JSON.stringify(url)}); return JSON.stringify((await ${call}) ?? null); })()`,
    );
  }

  /** Errors, unhandled rejections and console.error calls the page has seen since it loaded. */
  pageErrors(): Promise<string[]> {
    return this.#evaluate('Promise.resolve(JSON.stringify(window.__errors || []))');
  }

  async close(): Promise<void> {
    await this.engine.close().catch(() => undefined);
    await this.server.close();
  }
}

/** Starts the server and the engine; `skip` when the engine cannot run here. */
export async function startSession(launch: () => Promise<Launched>): Promise<BrowserSession | { skip: string }> {
  const server = await TestServer.start();
  try {
    await server.ready();
    const launched = await launch();
    if ('skip' in launched) {
      await server.close();
      return launched;
    }
    return new BrowserSession(launched.engine, server);
  } catch (err) {
    await server.close();
    throw err;
  }
}

/** A test that runs with the suite's session. */
export type SessionTestFn = (session: BrowserSession, t: TestContext) => Promise<void>;
export type SharedSessionTest = (name: string, options: { timeout: number; todo?: string }, fn: SessionTestFn) => void;

/**
 * For the tests of one describe block: one session, started before them and closed after them.
 * `setUp` prepares it (by default it opens the test page; one that adds bundles opens the page
 * itself after them). The returned function declares a test that runs with the session, or is
 * skipped, with the reason `skipped` words, when the engine cannot run here.
 */
export function sharedSession(
  launch: () => Promise<Launched>,
  options: { setUp?: (session: BrowserSession) => Promise<void>; setUpTimeout?: number; skipped?: (reason: string) => string } = {},
): SharedSessionTest {
  let session: BrowserSession | undefined;
  let skip: string | undefined;
  before(
    async () => {
      const started = await startSession(launch);
      if ('skip' in started) {
        skip = started.skip;
        return;
      }
      session = started;
      await (options.setUp ?? ((s) => s.open()))(started);
    },
    { timeout: options.setUpTimeout ?? 90_000 },
  );
  after(async () => {
    await session?.close();
  });
  return (name, testOptions, fn) => {
    it(name, testOptions, async (t) => {
      if (skip !== undefined) return void t.skip(options.skipped ? options.skipped(skip) : skip);
      await fn(session!, t);
    });
  };
}
