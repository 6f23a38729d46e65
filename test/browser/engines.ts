/**
 * Launchers for the three engines, each from its Debian package and driven by an npm driver that
 * downloads nothing (docs/testing.md):
 * - Chromium through playwright-core, fake camera and microphone, pan/tilt/zoom granted over CDP;
 * - Firefox ESR through puppeteer-core over WebDriver BiDi, fake media streams;
 * - WebKitGTK's MiniBrowser through selenium-webdriver and WebKitWebDriver, under Xvfb.
 * A launcher answers `{ skip }` only when its browser is not installed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Engine, Launched } from './harness.js';

const LAUNCH_TIMEOUT_MS = 30_000;
export const CHROMIUM = '/usr/bin/chromium';
export const FIREFOX = '/usr/bin/firefox-esr';
const INSTALL_HINT = 'run scripts/install-browsers.sh';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

export async function launchChromium(): Promise<Launched> {
  if (!existsSync(CHROMIUM)) return { skip: `${CHROMIUM} is not installed (${INSTALL_HINT})` };
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, timeout: LAUNCH_TIMEOUT_MS });
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await browser.newBrowserCDPSession();
  let origin = '';
  let browserContextId: string | undefined;
  // Pan/tilt/zoom need their own permission, which only CDP can grant (for this context).
  const grantDefaults = async (): Promise<void> => {
    await cdp.send('Browser.grantPermissions', {
      origin,
      permissions: ['videoCapture', 'audioCapture', 'cameraPanTiltZoom'],
      ...(browserContextId ? { browserContextId } : {}),
    });
  };
  const engine: Engine = {
    name: 'chromium',
    async goto(url) {
      const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { type: string; browserContextId?: string }[] };
      browserContextId = targetInfos.find((t) => t.type === 'page')?.browserContextId;
      origin = new URL(url).origin;
      await grantDefaults();
      await page.goto(url, { timeout: LAUNCH_TIMEOUT_MS });
    },
    evaluate: (expression) => page.evaluate(expression) as Promise<string>,
    screenshot: async () => new Uint8Array(await page.screenshot({ fullPage: true })),
    close: () => browser.close(),
    expose: async (name, fn) => void (await page.exposeFunction(name, fn)),
    driver: {
      async setPermission(permission, setting) {
        await cdp.send('Browser.setPermission', { permission, setting, origin, ...(browserContextId ? { browserContextId } : {}) });
      },
      resetPermissions: grantDefaults,
    },
  };
  return { engine };
}

export async function launchFirefox(): Promise<Launched> {
  if (!existsSync(FIREFOX)) return { skip: `${FIREFOX} is not installed (${INSTALL_HINT})` };
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX,
    headless: true,
    timeout: LAUNCH_TIMEOUT_MS,
    extraPrefsFirefox: {
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': true,
      'privacy.reduceTimerPrecision': false,
    },
  });
  const page = await browser.newPage();
  const engine: Engine = {
    name: 'firefox',
    async goto(url) {
      await page.goto(url, { timeout: LAUNCH_TIMEOUT_MS });
    },
    evaluate: (expression) => page.evaluate(expression) as Promise<string>,
    screenshot: async () => new Uint8Array(await page.screenshot({ fullPage: true })),
    close: () => browser.close(),
  };
  return { engine };
}

/** MiniBrowser's path: /usr/lib/<triplet>/webkit2gtk-4.x/MiniBrowser (or under libexec). */
export function findMiniBrowser(): string | undefined {
  for (const base of ['/usr/lib', '/usr/libexec', '/usr/lib64']) {
    if (!existsSync(base)) continue;
    const dirs = [base, ...readdirSync(base, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${base}/${d.name}`)];
    for (const dir of dirs) {
      let entries: string[];
      try {
        entries = readdirSync(dir);
      } catch {
        continue;
      }
      for (const name of entries.filter((n) => /^webkit2gtk-4\.\d+$/.test(n)).sort().reverse()) {
        const candidate = `${dir}/${name}/MiniBrowser`;
        if (existsSync(candidate)) return candidate;
      }
    }
  }
  return undefined;
}

function which(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':')) {
    if (dir && existsSync(`${dir}/${command}`)) return `${dir}/${command}`;
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts Xvfb on a display it picks itself (-displayfd) and returns that display. */
async function startXvfb(): Promise<{ display: string; process: ChildProcess }> {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  });
  const display = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Xvfb did not start')), LAUNCH_TIMEOUT_MS);
    xvfb.once('error', reject);
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with ${code}`)));
    (xvfb.stdio[3] as NodeJS.ReadableStream).once('data', (data: Buffer) => {
      clearTimeout(timer);
      resolve(`:${String(data).trim()}`);
    });
  });
  return { display, process: xvfb };
}

/** Waits (bounded) for WebKitWebDriver to answer /status. */
async function driverReady(url: string, driver: ChildProcess): Promise<void> {
  const deadline = Date.now() + LAUNCH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited with ${driver.exitCode}`);
    try {
      const res = await fetch(`${url}/status`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('WebKitWebDriver did not start');
}

export async function launchWebKit(): Promise<Launched> {
  const miniBrowser = findMiniBrowser();
  const driverBinary = which('WebKitWebDriver');
  const xvfbBinary = which('Xvfb');
  if (!miniBrowser || !driverBinary || !xvfbBinary) {
    const missing = [!miniBrowser && 'MiniBrowser', !driverBinary && 'WebKitWebDriver', !xvfbBinary && 'Xvfb'].filter(Boolean);
    return { skip: `${missing.join(', ')} not installed (${INSTALL_HINT})` };
  }
  const children: ChildProcess[] = [];
  const kill = (): void => {
    for (const child of children.reverse()) if (child.exitCode === null) child.kill('SIGTERM');
  };
  try {
    const xvfb = await startXvfb();
    children.push(xvfb.process);
    const port = await freePort();
    const driver = spawn(driverBinary, [`--port=${port}`], {
      env: { ...process.env, DISPLAY: xvfb.display },
      stdio: 'ignore',
    });
    children.push(driver);
    const url = `http://127.0.0.1:${port}`;
    await driverReady(url, driver);
    const { Builder } = await import('selenium-webdriver');
    const session = await new Builder()
      .usingServer(url)
      .withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': {
          binary: miniBrowser,
          args: ['--automation', '--enable-media-stream=true', '--enable-mock-capture-devices=true'],
        },
      })
      .build();
    await session.manage().setTimeouts({ script: 60_000, pageLoad: LAUNCH_TIMEOUT_MS });
    const engine: Engine = {
      name: 'webkit',
      goto: (target) => session.get(target),
      screenshot: async () => new Uint8Array(Buffer.from(await session.takeScreenshot(), 'base64')),
      evaluate: async (expression) => {
        const result = (await session.executeAsyncScript(
          `const done = arguments[arguments.length - 1];
           (${expression}).then((r) => done({ ok: r }), (e) => done({ error: String(e && e.stack || e) }));`,
        )) as { ok?: string; error?: string };
        if (result.error !== undefined) throw new Error(result.error);
        return result.ok!;
      },
      close: async () => {
        try {
          await session.quit();
        } finally {
          kill();
        }
      },
    };
    return { engine };
  } catch (err) {
    kill();
    throw err;
  }
}
