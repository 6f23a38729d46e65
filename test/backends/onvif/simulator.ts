/**
 * An ONVIF camera on 127.0.0.1 for the tests: device, media, PTZ and imaging services answering
 * as real cameras do (responses.ts), the WS-Security UsernameToken checked, a JPEG snapshot and an
 * MJPEG stream (multipart/x-mixed-replace, what ffmpeg reads from many cameras) behind HTTP Digest
 * authentication, and a WS-Discovery socket answering probes sent to it unicast. It records the
 * moves and imaging settings it receives. `offline()` drops every connection and refuses new ones
 * (the camera unplugged); `online()` brings it back.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { child, find, parseXml, path, type XmlElement } from '../../../src/backends/onvif/xml.js';
import * as R from './responses.js';
import { digestAccepted, pattern } from './simulator-media.js';

export interface SimulatorOptions {
  readonly username?: string;
  readonly password?: string;
  readonly manufacturer?: string;
  readonly model?: string;
  /** PTZ: spherical degrees offered besides the generic space, generic only, or no PTZ. */
  readonly ptz?: 'degrees' | 'generic' | false;
  readonly snapshot?: boolean;
  readonly snapshotSize?: { readonly width: number; readonly height: number };
  readonly stream?: { readonly width: number; readonly height: number; readonly frameRate: number };
  /** GetStatus reads after a move that report the head still MOVING, half-way there. Default 0. */
  readonly moveReads?: number;
  /** Refuse the deprecated GetCapabilities (services then come from GetServices). */
  readonly noGetCapabilities?: boolean;
  /** How a wrong login is refused: a SOAP fault (most cameras) or HTTP 401. */
  readonly authFailure?: 'soap' | 'http401';
}

export interface Move {
  readonly pan?: number;
  readonly tilt?: number;
  readonly panTiltSpace?: string;
  readonly zoom?: number;
}

const DEGREES = { x: [-180, 180], y: [-90, 20] } as const;
const REALM = 'IP Camera(D1234)';
const DEFAULT_IMAGING: R.ImagingState = {
  brightness: 50,
  saturation: 50,
  contrast: 50,
  sharpness: 50,
  exposureMode: 'AUTO',
  exposureTime: 10000,
  focusMode: 'AUTO',
  whiteBalanceMode: 'AUTO',
};

const toDegrees = (g: number, [min, max]: readonly [number, number]): number => min + ((g + 1) / 2) * (max - min);
const toGeneric = (d: number, [min, max]: readonly [number, number]): number => ((d - min) / (max - min)) * 2 - 1;

export class OnvifSimulator {
  readonly username: string;
  readonly password: string;
  readonly moves: Move[] = [];
  readonly imagingSets: Partial<R.ImagingState>[] = [];
  readonly operations: string[] = [];
  snapshots = 0;
  /** The next AbsoluteMove is refused with this fault (then cleared). */
  failNextMove: { subcodes: string[]; reason: string } | undefined;
  /** The next SetImagingSettings is refused with this reason (then cleared). */
  failNextImaging: string | undefined;
  /** Position in the generic space (−1…1, zoom 0…1). */
  readonly position = { pan: 0, tilt: 0, zoom: 0 };
  readonly imaging: R.ImagingState = { ...DEFAULT_IMAGING };
  readonly #options: SimulatorOptions;
  readonly #server: Server;
  readonly #udp: UdpSocket;
  readonly #sockets = new Set<Socket>();
  readonly #streams = new Set<ServerResponse>();
  readonly #waiters = new Set<() => void>();
  readonly #frames: Buffer[];
  readonly #snapshot: Buffer;
  #timer: NodeJS.Timeout | undefined;
  #frame = 0;
  #offline = false;
  #stalled = false;
  #movingReads = 0;
  #from = { pan: 0, tilt: 0, zoom: 0 };
  port = 0;
  discoveryPort = 0;

  private constructor(options: SimulatorOptions, frames: Buffer[], snapshot: Buffer) {
    this.#options = options;
    this.username = options.username ?? 'admin';
    this.password = options.password ?? 'Pa55:w@rd/x';
    this.#frames = frames;
    this.#snapshot = snapshot;
    this.#server = createServer((req, res) => void this.#handle(req, res));
    this.#server.on('connection', (socket: Socket) => {
      if (this.#offline) {
        socket.destroy();
        return;
      }
      this.#sockets.add(socket);
      socket.on('close', () => {
        this.#sockets.delete(socket);
        for (const waiter of [...this.#waiters]) waiter();
      });
    });
    this.#udp = createSocket('udp4');
    this.#udp.on('message', (msg, rinfo) => this.#probe(msg, rinfo.address, rinfo.port));
  }

  static async start(options: SimulatorOptions = {}): Promise<OnvifSimulator> {
    const stream = options.stream ?? { width: 640, height: 480, frameRate: 10 };
    const snap = options.snapshotSize ?? { width: 1280, height: 720 };
    const frames = await Promise.all(Array.from({ length: 8 }, (_, i) => pattern(stream.width, stream.height, i)));
    const sim = new OnvifSimulator(options, frames, await pattern(snap.width, snap.height, 3));
    await new Promise<void>((resolve) => sim.#server.listen(0, '127.0.0.1', resolve));
    sim.port = (sim.#server.address() as { port: number }).port;
    await new Promise<void>((resolve) => sim.#udp.bind(0, '127.0.0.1', resolve));
    sim.discoveryPort = sim.#udp.address().port;
    sim.#timer = setInterval(() => sim.#pushFrame(), Math.round(1000 / stream.frameRate));
    return sim;
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The deviceId with the login. */
  get address(): string {
    return `onvif://${encodeURIComponent(this.username)}:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}`;
  }

  /** The id the camera is reported under. */
  get id(): string {
    return `onvif://127.0.0.1:${this.port}`;
  }

  get discoveryTarget(): string {
    return `127.0.0.1:${this.discoveryPort}`;
  }

  get streamClients(): number {
    return this.#streams.size;
  }

  /** Resolves once at most `count` client connections are open (the clients closed the rest). */
  connectionsDownTo(count: number): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.#sockets.size > count) return;
        this.#waiters.delete(check);
        resolve();
      };
      this.#waiters.add(check);
      check();
    });
  }

  offline(): void {
    this.#offline = true;
    for (const s of this.#streams) s.destroy();
    this.#streams.clear();
    for (const socket of this.#sockets) socket.destroy();
  }

  online(): void {
    this.#offline = false;
  }

  /** Stops (true) or restarts (false) sending frames; connections stay open. */
  stall(on: boolean): void {
    this.#stalled = on;
  }

  /** Back to the state it started in: head at home, default imaging, nothing recorded, online. */
  reset(): void {
    Object.assign(this.position, { pan: 0, tilt: 0, zoom: 0 });
    Object.assign(this.imaging, DEFAULT_IMAGING);
    this.moves.length = 0;
    this.imagingSets.length = 0;
    this.operations.length = 0;
    this.failNextMove = undefined;
    this.failNextImaging = undefined;
    this.#stalled = false;
    this.#offline = false;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.offline();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    await new Promise<void>((resolve) => this.#udp.close(() => resolve()));
  }

  // ---- HTTP ----

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.base);
    if (req.method === 'GET' && url.pathname === '/onvif-http/snapshot') return this.#guarded(req, res, () => this.#sendSnapshot(res));
    if (req.method === 'GET' && url.pathname === '/Streaming/channels/102/httppreview') {
      return this.#guarded(req, res, () => this.#openStream(res));
    }
    if (req.method !== 'POST' || !url.pathname.startsWith('/onvif/')) {
      res.writeHead(404, { 'Content-Type': 'text/html' }).end('<html><body>404 Not Found</body></html>');
      return;
    }
    let doc: XmlElement;
    try {
      doc = parseXml(Buffer.concat(chunks).toString('utf8'));
    } catch {
      this.#soap(res, 400, R.fault('Sender', ['ter:WellFormed'], 'Not well formed'));
      return;
    }
    const body = path(doc, 'Body')?.children[0];
    const operation = body?.name ?? '';
    this.operations.push(operation);
    if (operation !== 'GetSystemDateAndTime' && !this.#loggedIn(doc)) {
      if (this.#options.authFailure === 'http401') {
        res.writeHead(401, { 'WWW-Authenticate': this.#challenge() }).end();
      } else this.#soap(res, 400, R.fault('Sender', ['ter:NotAuthorized'], 'Sender not Authorized'));
      return;
    }
    this.#soap(res, 200, this.#answer(operation, body!));
  }

  #soap(res: ServerResponse, status: number, xml: string): void {
    res.writeHead(status, { 'Content-Type': 'application/soap+xml; charset=utf-8' }).end(xml);
  }

  #answer(operation: string, body: XmlElement): string {
    const ptz = this.#options.ptz ?? 'degrees';
    const now = new Date();
    switch (operation) {
      case 'GetSystemDateAndTime':
        return R.systemDateAndTime(now);
      case 'GetDeviceInformation':
        return R.deviceInformation(this.#options.manufacturer ?? 'HIKVISION', this.#options.model ?? 'DS-2DE2A404IW-DE3');
      case 'GetCapabilities':
        if (this.#options.noGetCapabilities) return R.fault('Receiver', ['ter:ActionNotSupported'], 'GetCapabilities is not supported');
        return R.capabilities(this.base, ptz !== false);
      case 'GetServices':
        return R.services(this.base, ptz !== false);
      case 'GetProfiles': {
        const s = this.#options.stream ?? { width: 640, height: 480, frameRate: 10 };
        return R.profiles([
          { token: 'Profile_1', name: 'mainStream', ...s, ptz: ptz !== false },
          { token: 'Profile_2', name: 'subStream', width: 160, height: 120, frameRate: s.frameRate, ptz: ptz !== false },
        ]);
      }
      case 'GetStreamUri':
        return R.mediaUri('GetStreamUriResponse', `${this.base}/Streaming/channels/102/httppreview`);
      case 'GetSnapshotUri':
        if (this.#options.snapshot === false) {
          return R.fault('Receiver', ['ter:ActionNotSupported', 'ter:NoSnapshot'], 'Snapshots are not supported');
        }
        return R.mediaUri('GetSnapshotUriResponse', `${this.base}/onvif-http/snapshot?Profile_1`);
      case 'GetConfigurationOptions':
        return R.ptzConfigurationOptions(ptz === 'degrees' ? DEGREES : undefined);
      case 'GetStatus': {
        const p = this.position;
        if (this.#movingReads > 0) {
          this.#movingReads--;
          const half = (a: number, b: number): number => (a + b) / 2;
          return R.ptzStatus(
            half(this.#from.pan, p.pan),
            half(this.#from.tilt, p.tilt),
            half(this.#from.zoom, p.zoom),
            R.SPACES.genericPanTilt,
            true,
            now,
          );
        }
        return R.ptzStatus(p.pan, p.tilt, p.zoom, R.SPACES.genericPanTilt, false, now);
      }
      case 'AbsoluteMove':
        return this.#move(body);
      case 'GetOptions':
        return R.IMAGING_OPTIONS;
      case 'GetImagingSettings':
        return R.imagingSettings(this.imaging);
      case 'SetImagingSettings':
        return this.#setImaging(body);
      default:
        return R.fault('Receiver', ['ter:ActionNotSupported'], `${operation} is not supported`);
    }
  }

  #move(body: XmlElement): string {
    const panTilt = path(body, 'Position', 'PanTilt');
    const zoom = path(body, 'Position', 'Zoom');
    const move: Move = {
      ...(panTilt
        ? {
          pan: Number(panTilt.attributes.x),
          tilt: Number(panTilt.attributes.y),
          panTiltSpace: panTilt.attributes.space ?? R.SPACES.genericPanTilt,
        }
        : {}),
      ...(zoom ? { zoom: Number(zoom.attributes.x) } : {}),
    };
    this.moves.push(move);
    if (this.failNextMove) {
      const { subcodes, reason } = this.failNextMove;
      this.failNextMove = undefined;
      return R.fault('Sender', subcodes, reason);
    }
    let pan = this.position.pan;
    let tilt = this.position.tilt;
    if (move.pan !== undefined && move.tilt !== undefined) {
      const degrees = move.panTiltSpace === R.SPACES.degreesPanTilt;
      pan = degrees ? toGeneric(move.pan, DEGREES.x) : move.pan;
      tilt = degrees ? toGeneric(move.tilt, DEGREES.y) : move.tilt;
    }
    const z = move.zoom ?? this.position.zoom;
    if (![pan, tilt].every((v) => v >= -1 - 1e-9 && v <= 1 + 1e-9) || !(z >= 0 && z <= 1)) {
      return R.fault('Sender', ['ter:InvalidArgVal', 'ter:InvalidPosition'], 'The requested position is out of bounds');
    }
    this.#from = { ...this.position };
    this.#movingReads = this.#options.moveReads ?? 0;
    Object.assign(this.position, { pan, tilt, zoom: z });
    return R.envelope('<tptz:AbsoluteMoveResponse></tptz:AbsoluteMoveResponse>');
  }

  /** Pan and tilt in degrees, for assertions. */
  get degrees(): { pan: number; tilt: number } {
    return { pan: toDegrees(this.position.pan, DEGREES.x), tilt: toDegrees(this.position.tilt, DEGREES.y) };
  }

  #setImaging(body: XmlElement): string {
    const s = child(body, 'ImagingSettings');
    const change: Partial<R.ImagingState> = {};
    const numeric = (name: string, key: 'brightness' | 'saturation' | 'contrast' | 'sharpness'): boolean => {
      const e = child(s, name);
      if (!e) return true;
      const v = Number(e.text);
      if (!(v >= 0 && v <= 100)) return false;
      change[key] = v;
      return true;
    };
    const ok = numeric('Brightness', 'brightness') &&
      numeric('ColorSaturation', 'saturation') &&
      numeric('Contrast', 'contrast') &&
      numeric('Sharpness', 'sharpness');
    const mode = (e: XmlElement | undefined): 'AUTO' | 'MANUAL' | undefined => (e?.text === 'AUTO' || e?.text === 'MANUAL'
      ? e.text
      : undefined);
    const exposureMode = mode(path(s, 'Exposure', 'Mode'));
    if (exposureMode) change.exposureMode = exposureMode;
    const time = path(s, 'Exposure', 'ExposureTime');
    if (time) change.exposureTime = Number(time.text);
    const focus = mode(path(s, 'Focus', 'AutoFocusMode'));
    if (focus) change.focusMode = focus;
    const wb = mode(path(s, 'WhiteBalance', 'Mode'));
    if (wb) change.whiteBalanceMode = wb;
    this.imagingSets.push(change);
    if (this.failNextImaging) {
      const reason = this.failNextImaging;
      this.failNextImaging = undefined;
      return R.fault('Sender', ['ter:InvalidArgVal', 'ter:SettingsInvalid'], reason);
    }
    if (!ok || (change.exposureTime !== undefined && !(change.exposureTime >= 10 && change.exposureTime <= 40000))) {
      return R.fault('Sender', ['ter:InvalidArgVal', 'ter:SettingsInvalid'], 'The requested settings are incorrect');
    }
    Object.assign(this.imaging, change);
    return R.envelope('<timg:SetImagingSettingsResponse></timg:SetImagingSettingsResponse>');
  }

  #loggedIn(doc: XmlElement): boolean {
    const token = find(path(doc, 'Header'), 'UsernameToken');
    if (!token) return false;
    const user = child(token, 'Username')?.text;
    const digest = child(token, 'Password')?.text;
    const nonce = Buffer.from(child(token, 'Nonce')?.text ?? '', 'base64');
    const created = child(token, 'Created')?.text ?? '';
    const expected = createHash('sha1').update(Buffer.concat([nonce, Buffer.from(created), Buffer.from(this.password)])).digest('base64');
    return user === this.username && digest === expected;
  }

  // ---- HTTP Digest (snapshot and stream) ----

  #challenge(): string {
    return `Digest realm="${REALM}", domain="::", qop="auth", nonce="${randomBytes(16).toString(
      'hex',
    )}", opaque="", algorithm="MD5", stale="FALSE"`;
  }

  #guarded(req: IncomingMessage, res: ServerResponse, then: () => void): void {
    if (!digestAccepted(req, this.username, this.password, REALM)) {
      res.writeHead(
        401,
        { 'WWW-Authenticate': this.#challenge(), 'Content-Type': 'text/html' },
      ).end('<html><body>Unauthorized</body></html>');
      return;
    }
    then();
  }

  #sendSnapshot(res: ServerResponse): void {
    this.snapshots++;
    res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': this.#snapshot.length }).end(this.#snapshot);
  }

  #openStream(res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'multipart/x-mixed-replace; boundary=boundarydonotcross', 'Cache-Control': 'no-cache' });
    this.#streams.add(res);
    res.on('close', () => this.#streams.delete(res));
  }

  #pushFrame(): void {
    if (this.#stalled) return;
    const jpeg = this.#frames[this.#frame++ % this.#frames.length]!;
    const head = Buffer.from(`--boundarydonotcross\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`);
    for (const res of this.#streams) res.write(Buffer.concat([head, jpeg, Buffer.from('\r\n')]));
  }

  // ---- WS-Discovery ----

  #probe(msg: Buffer, address: string, port: number): void {
    let doc: XmlElement;
    try {
      doc = parseXml(msg.toString('utf8'));
    } catch {
      return;
    }
    if (!path(doc, 'Body', 'Probe') || this.#offline) return;
    const id = path(doc, 'Header', 'MessageID')?.text ?? '';
    const answer = R.probeMatches(id, `${this.base}/onvif/device_service`, 'HIKVISION DS-2DE2A404IW-DE3', 'DS-2DE2A404IW-DE3');
    this.#udp.send(answer, port, address);
  }
}
