/**
 * Test cameras on 127.0.0.1 serving MJPEG over HTTP, as IP cameras and ESP32-CAM boards do.
 */
import type { AddressInfo } from 'node:net';
import http from 'node:http';

export const FRAME_COUNT = 40;
export const STALL_AFTER = 30;

export interface MjpegCameraOptions {
  /** Basic authentication the camera asks for. */
  readonly auth?: { readonly user: string; readonly password: string };
  /** Serve one client at a time, refusing (closing) every other connection meanwhile. */
  readonly singleClient?: boolean;
}

/**
 * An HTTP camera on 127.0.0.1 serving multipart/x-mixed-replace JPEGs, one every 20 ms.
 * `/cam.mjpg` cycles through the frames for ever; `/stall.mjpg` sends the first STALL_AFTER
 * frames and then nothing (the connection stays open) until `release()` sends the rest.
 */
export class MjpegCamera {
  readonly server: http.Server;
  readonly #frames: Buffer[];
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #responses = new Set<http.ServerResponse>();
  readonly #options: MjpegCameraOptions;
  #released = false;
  #client: import('node:net').Socket | undefined;
  /** Streams served. */
  connections = 0;
  /** Connections closed unanswered because another client was being served. */
  refused = 0;
  /** Requests turned away for want of the right credentials. */
  unauthorized = 0;

  constructor(frames: Buffer[], options: MjpegCameraOptions = {}) {
    this.#frames = frames;
    this.#options = options;
    this.server = http.createServer((req, res) => this.#serve(req, res));
    this.server.on('connection', (socket) => {
      if (!options.singleClient) return;
      if (this.#client) {
        this.refused++;
        socket.destroy();
        return;
      }
      this.#client = socket;
      socket.on('close', () => {
        if (this.#client === socket) this.#client = undefined;
      });
    });
  }

  /** Ends every stream being served (the camera drops its clients) and keeps listening. */
  dropClients(): void {
    for (const r of this.#responses) r.destroy();
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  #serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    const auth = this.#options.auth;
    if (auth) {
      const expected = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
      if (req.headers.authorization !== expected) {
        this.unauthorized++;
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="camera"' }).end('who are you?');
        return;
      }
    }
    if (req.url !== '/cam.mjpg' && req.url !== '/stall.mjpg') {
      res.writeHead(404).end('no such camera');
      return;
    }
    this.connections++;
    const stall = req.url === '/stall.mjpg';
    res.writeHead(200, { 'Content-Type': 'multipart/x-mixed-replace; boundary=frame', 'Cache-Control': 'no-cache' });
    this.#responses.add(res);
    let sent = 0;
    const timer = setInterval(() => {
      if (stall && (sent >= FRAME_COUNT || (sent >= STALL_AFTER && !this.#released))) return;
      const jpeg = this.#frames[sent % this.#frames.length]!;
      res.write(`--frame\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`);
      res.write(jpeg);
      res.write('\r\n');
      sent++;
    }, 20);
    this.#timers.add(timer);
    res.on('close', () => {
      clearInterval(timer);
      this.#timers.delete(timer);
      this.#responses.delete(res);
    });
  }

  release(): void {
    this.#released = true;
  }

  async close(): Promise<void> {
    for (const t of this.#timers) clearInterval(t);
    for (const r of this.#responses) r.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
