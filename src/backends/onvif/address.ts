/**
 * `onvif://[user:password@]host[:port][/device-service-path][?profile=token]`: where a camera's
 * device service is and who to log in as. The public id of a camera is the same URL without the
 * user name and password (`onvif://host:port…`), so credentials never reach an id, a label, an
 * error or a log.
 */
import { scrub } from '../ffmpeg/secrets.js';

/** A login on the camera (WS-UsernameToken for SOAP, Digest or Basic for snapshots). */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export interface OnvifAddress {
  /** The id without credentials. */
  readonly id: string;
  /** The device service, e.g. http://host:80/onvif/device_service. */
  readonly device: URL;
  /** "host:port" for messages and labels. */
  readonly host: string;
  readonly profile?: string;
  readonly credentials?: Credentials;
}

export const DEVICE_SERVICE_PATH = '/onvif/device_service';

/** Reads an `onvif://` deviceId; undefined when it is not one. */
export function parseAddress(deviceId: string): OnvifAddress | undefined {
  if (typeof deviceId !== 'string' || !/^onvif:\/\//i.test(deviceId)) return undefined;
  let url: URL;
  try {
    // Parsed as http: URL parsing of a special scheme gives host, port and credentials reliably.
    url = new URL(`http://${deviceId.slice('onvif://'.length)}`);
  } catch {
    return undefined;
  }
  if (!url.hostname) return undefined;
  const profile = url.searchParams.get('profile') ?? undefined;
  for (const key of [...url.searchParams.keys()]) if (key !== 'profile') return undefined;
  const credentials = url.username ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : undefined;
  const port = url.port || '80';
  const servicePath = url.pathname === '/' ? DEVICE_SERVICE_PATH : url.pathname;
  const device = new URL(`http://${url.hostname}:${port}${servicePath}`);
  const host = `${url.hostname}:${port}`;
  const id = `onvif://${host}${servicePath === DEVICE_SERVICE_PATH ? '' : servicePath}${profile ? `?profile=${encodeURIComponent(profile)}` : ''}`;
  return { id, device, host, ...(profile ? { profile } : {}), ...(credentials ? { credentials } : {}) };
}

/** A URL with the user name and password put in (for the stream URL given to ffmpeg). */
export function withCredentials(uri: string, credentials: Credentials | undefined): string {
  if (!credentials) return uri;
  const url = new URL(uri);
  if (url.username) return uri;
  url.username = encodeURIComponent(credentials.username);
  url.password = encodeURIComponent(credentials.password);
  return url.href;
}

/** Removes every occurrence of the password (raw and URL-encoded) and `user:pass@` from text. */
export function redact(text: string, credentials: Credentials | undefined): string {
  const out = text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s'"]*@/gi, '$1');
  const password = credentials?.password;
  return password ? scrub(out, [...new Set([password, encodeURIComponent(password)])]) : out;
}
