/**
 * `demo [--port N] [--open]`: serves the demo camera page (demo/) and the browser builds (dist/)
 * on 127.0.0.1, which browsers treat as a secure context, so getUserMedia works without https.
 * Static files only. Prints the URL; `--open` asks the desktop to open it and carries on when it
 * cannot. Ctrl-C closes the server and exits with 0.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { type Context, println } from '../context.js';
import { runtimeError, usageError } from '../errors.js';
import { onSoftInterrupt } from '../interrupt.js';
import { packageRoot } from '../package-root.js';
import { own } from '../resources.js';

const DEFAULT_DEMO_PORT = 8765;
const HOST = '127.0.0.1';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

export interface DemoServerOptions {
  /** 0 picks a free port. */
  readonly port?: number;
  /** Where index.html and demo.css are (default: demo/ of the package). */
  readonly demoDir?: string;
  /** Where demo/demo.js and browser/ are (default: dist/ of the package). */
  readonly distDir?: string;
  /** Receives one line per request (`--verbose`). */
  readonly log?: (line: string) => void;
}

export interface DemoServer {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  readonly port: number;
  /** Stops listening and drops open connections; resolves once closed. */
  close(): Promise<void>;
}

/** The files a working page needs; a missing one is reported before anything listens. */
function required(demoDir: string, distDir: string): string[] {
  return [join(demoDir, 'index.html'), join(demoDir, 'demo.css'), join(distDir, 'demo/demo.js'), join(distDir, 'browser/index.js')];
}

/** Maps a URL path to a file, or undefined: only the page, its script and the browser builds are served. */
function demoFileFor(pathname: string, demoDir: string, distDir: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (path.includes('\0')) return undefined;
  if (path === '/' || path === '/index.html') return join(demoDir, 'index.html');
  if (path === '/demo.css') return join(demoDir, 'demo.css');
  if (path === '/demo.js') return join(distDir, 'demo/demo.js');
  if (path === '/imagecapture.polyfill.js') return join(distDir, 'imagecapture.polyfill.js');
  if (path.startsWith('/browser/') && path.endsWith('.js')) {
    const base = join(distDir, 'browser');
    const file = normalize(join(base, path.slice('/browser/'.length)));
    return file.startsWith(base + sep) ? file : undefined;
  }
  return undefined;
}

async function respond(req: IncomingMessage, res: ServerResponse, demoDir: string, distDir: string): Promise<number> {
  const send = (status: number, type: string, body: string | Buffer): number => {
    res.writeHead(status, {
      'content-type': type,
      'content-length': Buffer.byteLength(body),
      // Edits to the page or a rebuild show on reload.
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return status;
  };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return send(405, 'text/plain; charset=utf-8', 'method not allowed\n');
  }
  const { pathname } = new URL(req.url ?? '/', `http://${HOST}`);
  const file = demoFileFor(pathname, demoDir, distDir);
  if (!file) return send(404, 'text/plain; charset=utf-8', 'not found\n');
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return send(404, 'text/plain; charset=utf-8', 'not found\n');
  }
  return send(200, TYPES[extname(file)] ?? 'application/octet-stream', body);
}

/** Starts the static server on 127.0.0.1. */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const demoDir = options.demoDir ?? join(packageRoot(), 'demo');
  const distDir = options.distDir ?? join(packageRoot(), 'dist');
  const missing = required(demoDir, distDir).filter((f) => !existsSync(f));
  if (missing.length > 0) {
    throw runtimeError(`the demo page is not built (missing ${missing.join(', ')}); run \`npm run build\` first`);
  }
  const server = createServer((req, res) => {
    const start = performance.now();
    respond(req, res, demoDir, distDir).then(
      (status) => options.log?.(`${req.method} ${req.url} ${status} ${Math.round(performance.now() - start)} ms`),
      () => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(
        runtimeError(`port ${options.port} on ${HOST} is in use; choose another with --port (0 picks a free one)`, err),
      );
      else if (err.code === 'EACCES') reject(runtimeError(`port ${options.port} needs privileges; choose one above 1023 with --port`, err));
      else reject(runtimeError(`cannot listen on ${HOST}:${options.port}: ${err.message}`, err));
    });
    server.listen(options.port ?? DEFAULT_DEMO_PORT, HOST, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? DEFAULT_DEMO_PORT);
  let closed: Promise<void> | undefined;
  return {
    url: `http://${HOST}:${port}/`,
    port,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/** `--port` as typed: a whole number from 0 to 65535. */
export function parsePort(value: string | number): number {
  const text = String(value).trim();
  const port = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw usageError(`--port ${text} must be a whole number from 0 to 65535 (0 picks a free port)`);
  }
  return port;
}

/** The command that opens a URL in the desktop's browser. */
export function openCommand(url: string, platform: NodeJS.Platform = process.platform): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url] };
  return { command: 'xdg-open', args: [url] };
}

/**
 * Asks the desktop to open `url`. Resolves with whether the opener started (false when it is not
 * installed); `onFailure` hears about an opener that started and then failed. Never throws.
 */
export function openInBrowser(
  url: string,
  onFailure: (reason: string) => void = () => undefined,
  platform: NodeJS.Platform = process.platform,
): Promise<boolean> {
  const { command, args } = openCommand(url, platform);
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(command, args, { stdio: 'ignore', detached: true });
    } catch {
      resolve(false);
      return;
    }
    // Detached, so the browser it starts outlives Ctrl-C; kept referenced until it exits (openers
    // return at once), so its exit code is heard. bin.ts exits explicitly, so it never holds the CLI.
    child.once('error', () => resolve(false));
    child.once('spawn', () => resolve(true));
    child.once('exit', (code) => {
      if (code !== null && code !== 0) onFailure(`${command} exited with ${code}`);
    });
  });
}

export interface DemoOptions {
  readonly port?: string | number;
  readonly open?: boolean;
  /** Stops the server like Ctrl-C does (for programs embedding the command). */
  readonly signal?: AbortSignal;
  /** Where the page and the builds are (default: demo/ and dist/ of the package). */
  readonly demoDir?: string;
  readonly distDir?: string;
}

/** `demo`: serves the page until Ctrl-C (or `signal`), then closes and resolves with 0. */
export async function demo(opts: DemoOptions, ctx: Context): Promise<number> {
  const port = parsePort(opts.port ?? DEFAULT_DEMO_PORT);
  const log = ctx.verbose ? (line: string) => println(ctx.io.stderr, `imagecapture: ${line}`) : undefined;
  const server = await startDemoServer({
    port,
    ...(log ? { log } : {}),
    ...(opts.demoDir ? { demoDir: opts.demoDir } : {}),
    ...(opts.distDir ? { distDir: opts.distDir } : {}),
  });
  // A hard exit (a second Ctrl-C, SIGTERM) still closes the listening socket.
  const owned = own(() => void server.close());
  ctx.clock.mark('listen');
  let removeHandler = (): void => undefined;
  const stop = new Promise<void>((resolve) => {
    removeHandler = onSoftInterrupt(() => resolve());
    if (opts.signal?.aborted) resolve();
    opts.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  println(ctx.io.stdout, `imagecapture demo: ${server.url}`);
  println(ctx.io.stderr, 'Serving the camera demo page on 127.0.0.1 only; press Ctrl-C to stop.');
  if (opts.open) {
    const hint = `open ${server.url} in a browser yourself`;
    const started = await openInBrowser(
      server.url,
      (reason) => println(ctx.io.stderr, `imagecapture: could not open a browser (${reason}); ${hint}`),
    );
    if (!started) {
      println(ctx.io.stderr, `imagecapture: could not open a browser (${openCommand(server.url).command} is not available); ${hint}`);
    }
  }
  await stop;
  removeHandler();
  await server.close();
  owned.forget();
  println(ctx.io.stderr, 'imagecapture: demo stopped');
  return 0;
}
