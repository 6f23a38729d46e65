/**
 * Pan, tilt and zoom through the ONVIF PTZ service: AbsoluteMove to a position, GetStatus to read
 * where the head is. Units, per position space the node offers:
 * - a spherical space in degrees (…/PanTiltSpaces/SphericalPositionSpaceDegrees): pan and tilt in
 *   arc-seconds, as the spec asks (https://w3c.github.io/mediacapture-image/#pan);
 * - any other space (the generic, normalised −1…1 one most cameras offer): the camera's own
 *   range, unconverted, because nothing says how many degrees it spans;
 * - zoom: the camera's zoom position range as it reports it (generic 0…1 on most cameras).
 */
import type { MediaSettingsRange } from '../../spec/types.js';
import { escapeToken, type OnvifCamera, readRange, type Range } from './camera.js';
import { NS } from './soap.js';
import { child, find, path, type XmlElement } from './xml.js';

const DEGREES = /Spherical\w*Degrees?/i;
const ARCSEC = 3600;

export interface PanTiltSpace {
  readonly uri: string;
  readonly x: Range;
  readonly y: Range;
  readonly degrees: boolean;
}

export interface PtzAxes {
  readonly panTiltSpace?: PanTiltSpace;
  /** The other absolute pan/tilt spaces, to read positions a camera reports in one of them. */
  readonly otherSpaces?: readonly PanTiltSpace[];
  readonly zoomSpace?: { readonly uri: string; readonly x: Range };
}

export interface PtzPosition {
  pan?: number;
  tilt?: number;
  zoom?: number;
  moving: boolean;
}

/** Chooses the absolute spaces: degrees where the node offers them, else the first one. */
export function readPtzOptions(answer: XmlElement): PtzAxes {
  const spaces = find(answer, 'Spaces');
  const panTilt = spaces?.children.filter((s) => s.name === 'AbsolutePanTiltPositionSpace') ?? [];
  const zoom = spaces?.children.filter((s) => s.name === 'AbsoluteZoomPositionSpace') ?? [];
  const all = panTilt.flatMap((s): PanTiltSpace[] => {
    const uri = child(s, 'URI')?.text ?? '';
    const x = readRange(child(s, 'XRange'));
    const y = readRange(child(s, 'YRange'));
    return x && y ? [{ uri, x, y, degrees: DEGREES.test(uri) }] : [];
  });
  const chosen = all.find((s) => s.degrees) ?? all[0];
  const out: { panTiltSpace?: PanTiltSpace; otherSpaces?: PanTiltSpace[]; zoomSpace?: PtzAxes['zoomSpace'] } = {};
  if (chosen) {
    out.panTiltSpace = chosen;
    out.otherSpaces = all.filter((s) => s !== chosen);
  }
  const z = zoom[0];
  if (z) {
    const x = readRange(child(z, 'XRange'));
    if (x) out.zoomSpace = { uri: child(z, 'URI')?.text ?? '', x };
  }
  return out;
}

const unit = (axes: PtzAxes): number => (axes.panTiltSpace?.degrees ? ARCSEC : 1);

function stepFor(range: Range, scale: number): number {
  // Degrees: one arc-second. Normalised ranges: a thousandth of the range.
  return scale === ARCSEC ? 1 : (range.max - range.min) / 1000;
}

/** The spec-shaped capability ranges. */
export function ptzCapabilities(axes: PtzAxes): { pan?: MediaSettingsRange; tilt?: MediaSettingsRange; zoom?: MediaSettingsRange } {
  const out: { pan?: MediaSettingsRange; tilt?: MediaSettingsRange; zoom?: MediaSettingsRange } = {};
  const s = unit(axes);
  const pt = axes.panTiltSpace;
  if (pt) {
    out.pan = { min: pt.x.min * s, max: pt.x.max * s, step: stepFor(pt.x, s) };
    out.tilt = { min: pt.y.min * s, max: pt.y.max * s, step: stepFor(pt.y, s) };
  }
  const z = axes.zoomSpace;
  if (z) out.zoom = { min: z.x.min, max: z.x.max, step: stepFor(z.x, 1) };
  return out;
}

/** Reads a GetStatusResponse into spec units. */
export function readStatus(answer: XmlElement, axes: PtzAxes): PtzPosition {
  const status = child(answer, 'PTZStatus');
  const pt = path(status, 'Position', 'PanTilt');
  const z = path(status, 'Position', 'Zoom');
  const s = unit(axes);
  const out: PtzPosition = { moving: false };
  let x = Number(pt?.attributes.x);
  let y = Number(pt?.attributes.y);
  // A camera may report the position in another of its spaces (often the generic one): mapped
  // linearly onto the chosen space, range onto range.
  const reported = pt?.attributes.space;
  const chosen = axes.panTiltSpace;
  const other = reported && chosen && reported !== chosen.uri ? axes.otherSpaces?.find((o) => o.uri === reported) : undefined;
  if (other && chosen) {
    x = mapRange(x, other.x, chosen.x);
    y = mapRange(y, other.y, chosen.y);
  }
  const zx = Number(z?.attributes.x);
  if (pt && Number.isFinite(x)) out.pan = round(x * s);
  if (pt && Number.isFinite(y)) out.tilt = round(y * s);
  if (z && Number.isFinite(zx)) out.zoom = round(zx);
  const move = child(status, 'MoveStatus');
  out.moving = [child(move, 'PanTilt')?.text, child(move, 'Zoom')?.text].some((m) => m?.toUpperCase() === 'MOVING');
  return out;
}

function mapRange(v: number, from: Range, to: Range): number {
  return from.max === from.min ? to.min : to.min + ((v - from.min) / (from.max - from.min)) * (to.max - to.min);
}

/** Positions read back are kept to a millionth, so a round trip through the camera's text does not show float noise. */
const round = (v: number): number => Math.round(v * 1e6) / 1e6;

const fmtNumber = (n: number): string => String(Number(n.toFixed(6)));

export class PtzService {
  readonly axes: PtzAxes;
  readonly #camera: OnvifCamera;
  readonly #url: URL;

  private constructor(camera: OnvifCamera, url: URL, axes: PtzAxes) {
    this.#camera = camera;
    this.#url = url;
    this.axes = axes;
  }

  /** The PTZ service of the camera's profile, or undefined when the profile has none. */
  static async open(camera: OnvifCamera): Promise<PtzService | undefined> {
    const url = camera.services.ptz;
    const token = camera.profile.ptzConfigurationToken;
    if (!url || !token) return undefined;
    const answer = await camera.call(
      url,
      `${NS.tptz}/GetConfigurationOptions`,
      `<GetConfigurationOptions xmlns="${NS.tptz}"><ConfigurationToken>${escapeToken(
        token,
      )}</ConfigurationToken></GetConfigurationOptions>`,
    );
    const axes = readPtzOptions(answer);
    return axes.panTiltSpace || axes.zoomSpace ? new PtzService(camera, url, axes) : undefined;
  }

  async status(signal?: AbortSignal): Promise<PtzPosition> {
    const answer = await this.#camera.call(
      this.#url,
      `${NS.tptz}/GetStatus`,
      `<GetStatus xmlns="${NS.tptz}"><ProfileToken>${escapeToken(this.#camera.profile.token)}</ProfileToken></GetStatus>`,
      signal,
    );
    return readStatus(answer, this.axes);
  }

  /** AbsoluteMove; pan and tilt travel together, so both are sent when either changes. */
  async move(target: { pan?: number; tilt?: number; zoom?: number }, signal?: AbortSignal): Promise<void> {
    const s = unit(this.axes);
    const parts: string[] = [];
    const pt = this.axes.panTiltSpace;
    if (pt && (target.pan !== undefined || target.tilt !== undefined)) {
      parts.push(
        `<PanTilt xmlns="${NS.tt}" x="${fmtNumber((target.pan ?? 0) / s)}" y="${fmtNumber((target.tilt ?? 0) / s)}" space="${pt.uri}"/>`,
      );
    }
    const z = this.axes.zoomSpace;
    if (z && target.zoom !== undefined) parts.push(`<Zoom xmlns="${NS.tt}" x="${fmtNumber(target.zoom)}" space="${z.uri}"/>`);
    if (parts.length === 0) return;
    await this.#camera.call(
      this.#url,
      `${NS.tptz}/AbsoluteMove`,
      `<AbsoluteMove xmlns="${NS.tptz}"><ProfileToken>${escapeToken(
        this.#camera.profile.token,
      )}</ProfileToken><Position>${parts.join('')}</Position></AbsoluteMove>`,
      signal,
    );
  }
}
