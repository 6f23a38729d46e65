/**
 * One ONVIF camera as a client sees it: device information, the chosen media profile (its stream
 * and snapshot URIs, resolution and rate), and the PTZ and imaging services when it has them.
 * Calls use the device's own service addresses from GetCapabilities, the UsernameToken with the
 * camera's clock offset, and a time limit each.
 */
import type { OnvifAddress } from './address.js';
import { OnvifError } from './http.js';
import { NS, soapCall } from './soap.js';
import { child, children, find, num, path, type XmlElement } from './xml.js';

export interface Range {
  readonly min: number;
  readonly max: number;
}

export interface DeviceInformation {
  readonly manufacturer: string;
  readonly model: string;
  readonly firmwareVersion: string;
}

export interface MediaProfile {
  readonly token: string;
  readonly name: string;
  readonly videoSourceToken: string | undefined;
  readonly encoding: string | undefined;
  readonly width: number;
  readonly height: number;
  readonly frameRate: number;
  readonly ptzConfigurationToken: string | undefined;
}

export interface ServiceAddresses {
  readonly media?: URL;
  readonly ptz?: URL;
  readonly imaging?: URL;
}

export interface CameraOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** A `<… x=".." y="..">`-free numeric range element (Min/Max children). */
export function readRange(element: XmlElement | undefined): Range | undefined {
  const min = num(child(element, 'Min'));
  const max = num(child(element, 'Max'));
  return min !== undefined && max !== undefined && max >= min ? { min, max } : undefined;
}

/** Reads a GetProfilesResponse's profiles. */
export function readProfiles(answer: XmlElement): MediaProfile[] {
  return children(answer, 'Profiles').map((p) => {
    const encoder = child(p, 'VideoEncoderConfiguration');
    const resolution = child(encoder, 'Resolution');
    const bounds = path(p, 'VideoSourceConfiguration', 'Bounds');
    return {
      token: p.attributes.token ?? '',
      name: child(p, 'Name')?.text ?? p.attributes.token ?? '',
      videoSourceToken: path(p, 'VideoSourceConfiguration', 'SourceToken')?.text,
      encoding: child(encoder, 'Encoding')?.text,
      width: num(child(resolution, 'Width')) ?? Number(bounds?.attributes.width ?? 0),
      height: num(child(resolution, 'Height')) ?? Number(bounds?.attributes.height ?? 0),
      frameRate: num(path(encoder, 'RateControl', 'FrameRateLimit')) ?? 25,
      ptzConfigurationToken: child(p, 'PTZConfiguration')?.attributes.token,
    };
  });
}

export class OnvifCamera {
  readonly address: OnvifAddress;
  readonly info: DeviceInformation;
  readonly services: ServiceAddresses;
  readonly profile: MediaProfile;
  readonly streamUri: string;
  readonly snapshotUri: string | undefined;
  readonly #timeoutMs: number;
  readonly #clockOffsetMs: number;

  private constructor(
    address: OnvifAddress,
    timeoutMs: number,
    offset: number,
    info: DeviceInformation,
    services: ServiceAddresses,
    profile: MediaProfile,
    streamUri: string,
    snapshotUri: string | undefined,
  ) {
    this.address = address;
    this.#timeoutMs = timeoutMs;
    this.#clockOffsetMs = offset;
    this.info = info;
    this.services = services;
    this.profile = profile;
    this.streamUri = streamUri;
    this.snapshotUri = snapshotUri;
  }

  /** The camera's name for people: manufacturer and model. */
  get name(): string {
    const { manufacturer, model } = this.info;
    return model.toLowerCase().startsWith(manufacturer.toLowerCase()) ? model : `${manufacturer} ${model}`.trim();
  }

  /** Reads everything needed to use the camera. Rejects with OnvifError. */
  static async connect(address: OnvifAddress, options: CameraOptions): Promise<OnvifCamera> {
    const base = { timeoutMs: options.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) };
    // GetSystemDateAndTime needs no login (ONVIF Core "pre-auth" operation): it says whether this
    // is an ONVIF device at all, and the camera's clock for the UsernameToken.
    const dateAnswer = await soapCall(address.device, `${NS.tds}/GetSystemDateAndTime`, `<GetSystemDateAndTime xmlns="${NS.tds}"/>`, base);
    const offset = clockOffset(dateAnswer);
    const call = (url: URL, action: string, body: string): Promise<XmlElement> =>
      soapCall(url, action, body, { ...base, clockOffsetMs: offset, ...(address.credentials ? { credentials: address.credentials } : {}) });
    const infoAnswer = await call(address.device, `${NS.tds}/GetDeviceInformation`, `<GetDeviceInformation xmlns="${NS.tds}"/>`);
    const info: DeviceInformation = {
      manufacturer: child(infoAnswer, 'Manufacturer')?.text ?? '',
      model: child(infoAnswer, 'Model')?.text ?? '',
      firmwareVersion: child(infoAnswer, 'FirmwareVersion')?.text ?? '',
    };
    let services: ServiceAddresses;
    try {
      const capsAnswer = await call(
        address.device,
        `${NS.tds}/GetCapabilities`,
        `<GetCapabilities xmlns="${NS.tds}"><Category>All</Category></GetCapabilities>`,
      );
      services = readServices(capsAnswer, address.device);
    } catch (error) {
      // GetCapabilities is deprecated; a camera that refuses it lists its services with GetServices.
      if (!(error instanceof OnvifError) || error.kind !== 'fault') throw error;
      const listed = await call(
        address.device,
        `${NS.tds}/GetServices`,
        `<GetServices xmlns="${NS.tds}"><IncludeCapability>false</IncludeCapability></GetServices>`,
      );
      services = readServiceList(listed, address.device);
    }
    if (!services.media) throw new OnvifError('not-onvif', `${address.host} has no media service`);
    const profiles = readProfiles(await call(services.media, `${NS.trt}/GetProfiles`, `<GetProfiles xmlns="${NS.trt}"/>`));
    const profile = address.profile ? profiles.find((p) => p.token === address.profile) : profiles[0];
    if (!profile) {
      const known = profiles.map((p) => p.token).join(', ') || 'none';
      throw new OnvifError(
        'not-onvif',
        address.profile
          ? `${address.host} has no media profile "${address.profile}" (profiles: ${known})`
          : `${address.host} has no media profile`,
      );
    }
    const token = escapeToken(profile.token);
    const streamAnswer = await call(
      services.media,
      `${NS.trt}/GetStreamUri`,
      `<GetStreamUri xmlns="${NS.trt}"><StreamSetup><Stream xmlns="${NS.tt}">RTP-Unicast</Stream><Transport xmlns="${NS.tt}">` +
        `<Protocol>RTSP</Protocol></Transport></StreamSetup><ProfileToken>${token}</ProfileToken></GetStreamUri>`,
    );
    const streamUri = find(streamAnswer, 'Uri')?.text;
    if (!streamUri) throw new OnvifError('not-onvif', `${address.host} gave no stream URI for profile "${profile.token}"`);
    let snapshotUri: string | undefined;
    try {
      const snap = await call(
        services.media,
        `${NS.trt}/GetSnapshotUri`,
        `<GetSnapshotUri xmlns="${NS.trt}"><ProfileToken>${token}</ProfileToken></GetSnapshotUri>`,
      );
      snapshotUri = find(snap, 'Uri')?.text || undefined;
    } catch (error) {
      // A camera without snapshots answers with a fault (ter:ActionNotSupported); anything else counts.
      if (!(error instanceof OnvifError) || error.kind !== 'fault') throw error;
    }
    return new OnvifCamera(
      address,
      options.timeoutMs,
      offset,
      info,
      services,
      profile,
      resolveUri(streamUri, address.device),
      snapshotUri ? resolveUri(snapshotUri, address.device) : undefined,
    );
  }

  /** Calls an operation of one of the camera's services with the login. */
  call(service: URL, action: string, body: string, signal?: AbortSignal): Promise<XmlElement> {
    return soapCall(service, action, body, {
      timeoutMs: this.#timeoutMs,
      clockOffsetMs: this.#clockOffsetMs,
      ...(this.address.credentials ? { credentials: this.address.credentials } : {}),
      ...(signal ? { signal } : {}),
    });
  }

  get timeoutMs(): number {
    return this.#timeoutMs;
  }
}

export function escapeToken(token: string): string {
  return token.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Camera clock minus ours from a GetSystemDateAndTimeResponse (0 when it gives no UTC time). */
function clockOffset(answer: XmlElement): number {
  const utc = find(answer, 'UTCDateTime');
  const d = path(utc, 'Date');
  const t = path(utc, 'Time');
  const [y, mo, da, h, mi, s] = [
    num(child(d, 'Year')),
    num(child(d, 'Month')),
    num(child(d, 'Day')),
    num(child(t, 'Hour')),
    num(child(t, 'Minute')),
    num(child(t, 'Second')),
  ];
  if ([y, mo, da, h, mi, s].some((v) => v === undefined)) return 0;
  return Date.UTC(y!, mo! - 1, da!, h!, mi!, s!) - Date.now();
}

/** Service addresses from GetCapabilities, moved onto the host and port we reach the camera at. */
function readServices(answer: XmlElement, device: URL): ServiceAddresses {
  const caps = child(answer, 'Capabilities');
  const at = (name: string): URL | undefined => {
    const x = path(caps, name, 'XAddr')?.text;
    if (!x) return undefined;
    try {
      return rebase(new URL(x), device);
    } catch {
      return undefined;
    }
  };
  const out: { media?: URL; ptz?: URL; imaging?: URL } = {};
  const media = at('Media');
  const ptz = at('PTZ');
  const imaging = at('Imaging');
  if (media) out.media = media;
  if (ptz) out.ptz = ptz;
  if (imaging) out.imaging = imaging;
  return out;
}

/** Service addresses from GetServices, by namespace (Media 1, PTZ 2.0, Imaging 2.0). */
function readServiceList(answer: XmlElement, device: URL): ServiceAddresses {
  const out: { media?: URL; ptz?: URL; imaging?: URL } = {};
  const keys: Readonly<Record<string, 'media' | 'ptz' | 'imaging'>> = { [NS.trt]: 'media', [NS.tptz]: 'ptz', [NS.timg]: 'imaging' };
  for (const service of children(answer, 'Service')) {
    const key = keys[child(service, 'Namespace')?.text ?? ''];
    const x = child(service, 'XAddr')?.text;
    if (!key || !x) continue;
    try {
      out[key] = rebase(new URL(x), device);
    } catch {
      /* an address that is not a URL: the service is left out */
    }
  }
  return out;
}

/**
 * Cameras behind NAT or port forwarding report their own LAN address in XAddrs; when the address
 * they report is on the same port but another host, reach it where we reached the device service.
 */
function rebase(url: URL, device: URL): URL {
  if (url.hostname === device.hostname) return url;
  const out = new URL(url.href);
  out.hostname = device.hostname;
  if (device.port !== url.port && (url.port === '' || url.port === '80')) out.port = device.port;
  return out;
}

function resolveUri(uri: string, device: URL): string {
  try {
    const url = new URL(uri);
    if (url.protocol === 'http:' || url.protocol === 'https:') return rebase(url, device).href;
    return url.href;
  } catch {
    return new URL(uri, device).href;
  }
}
