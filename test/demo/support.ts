/**
 * What the demo page tests need around the browser harness (test/browser): the page's bundles
 * built in memory into a temporary dist/ (as scripts/build-extra.mjs and scripts/build-demo.mjs
 * build them), the demo command's own server, and the page-side probe evaluated in the page.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { startDemoServer, type DemoServer } from '../../src/cli/commands/demo.js';
import { buildExtra, type Engine } from '../browser/harness.js';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS = join(root, 'artifacts');

interface BuildDemo {
  demoBuildOptions(): Record<string, unknown> & { outfile: string };
}

interface BuildTesting {
  testingEsmOptions(): Promise<Record<string, unknown>>;
}

/** Builds dist/browser/ (with the testing build the virtual camera needs) and dist/demo/demo.js into a temporary directory. */
export async function buildDemoDist(): Promise<{ distDir: string; remove(): Promise<void> }> {
  const distDir = await mkdtemp(join(tmpdir(), 'imagecapture-demo-'));
  try {
    const extra = await buildExtra();
    const demo = (await import(pathToFileURL(join(root, 'scripts/build-demo.mjs')).href)) as BuildDemo;
    const testing = (await import(pathToFileURL(join(root, 'scripts/build-testing.mjs')).href)) as BuildTesting;
    await Promise.all([
      build({ ...extra.browserEsmOptions(), outdir: join(distDir, 'browser'), logLevel: 'silent' }),
      build({ ...(await testing.testingEsmOptions()), outdir: join(distDir, 'browser'), logLevel: 'silent' }),
      build({ ...demo.demoBuildOptions(), outfile: join(distDir, 'demo/demo.js'), logLevel: 'silent' }),
    ]);
  } catch (err) {
    await rm(distDir, { recursive: true, force: true });
    throw err;
  }
  return { distDir, remove: () => rm(distDir, { recursive: true, force: true }) };
}

/** The page-side probe (page/probe.ts) as a script defining `__demoProbe`. */
async function probeScript(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./page/probe.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    globalName: '__demoProbe',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** A screenshot hook, where the engine's driver offers one. */
type Shooter = Engine & { screenshot?(): Promise<Uint8Array> };

/** The demo page in one engine, served by `imagecapture demo`'s server. */
export class DemoPage {
  readonly engine: Engine;
  readonly server: DemoServer;
  readonly #probe: string;
  readonly #dist: { remove(): Promise<void> };

  private constructor(engine: Engine, server: DemoServer, probe: string, dist: { remove(): Promise<void> }) {
    this.engine = engine;
    this.server = server;
    this.#probe = probe;
    this.#dist = dist;
  }

  /** Builds and serves the page, then starts the engine; `skip` when the engine cannot run here. */
  static async start(launch: () => Promise<{ engine: Engine } | { skip: string }>): Promise<DemoPage | { skip: string }> {
    const dist = await buildDemoDist();
    let server: DemoServer | undefined;
    try {
      const [probe, started] = await Promise.all([probeScript(), startDemoServer({ port: 0, distDir: dist.distDir })]);
      server = started;
      const launched = await launch();
      if ('skip' in launched) {
        await server.close();
        await dist.remove();
        return launched;
      }
      return new DemoPage(launched.engine, server, probe, dist);
    } catch (err) {
      await server?.close();
      await dist.remove();
      throw err;
    }
  }

  /** Loads the page (with `query`, e.g. "?camera=virtual") and waits until it has opened the camera (or failed to). */
  async open(query = ''): Promise<{ state: string }> {
    await this.engine.goto(this.server.url + query);
    const install =
      `(async () => { ${this.#probe}; window.__demoProbe = __demoProbe; return JSON.stringify(await __demoProbe.ready()); })()`;
    return JSON.parse(await this.engine.evaluate(install)) as { state: string };
  }

  /** Calls a function of page/probe.ts in the page and returns its JSON result. */
  async call<T = Record<string, any>>(name: string, ...args: unknown[]): Promise<T> {
    const expression = `(async () => JSON.stringify((await window.__demoProbe.${name}(...${JSON.stringify(args)})) ?? null))()`;
    return JSON.parse(await this.engine.evaluate(expression)) as T;
  }

  /** Saves a PNG of the page to artifacts/<name>.png; undefined when the driver takes none. */
  async screenshot(name: string): Promise<string | undefined> {
    const shoot = (this.engine as Shooter).screenshot;
    if (typeof shoot !== 'function') return undefined;
    // WebKitGTK under Xvfb can hand out an older paint unless the page renders first.
    await this.call('painted');
    const png = await shoot.call(this.engine);
    await mkdir(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, `${name}.png`);
    await writeFile(file, png);
    return file;
  }

  async close(): Promise<void> {
    await this.engine.close().catch(() => undefined);
    await this.server.close();
    await this.#dist.remove();
  }
}
