/**
 * Credentials in stream URLs. A URL such as `rtsp://admin:hunter2@cam.local/live` or
 * `http://cam.local/video?user=admin&password=hunter2` carries secrets that must never reach a
 * deviceId, a label, a setting, an error message or a log. The backend shows such a URL in
 * redacted form (`rtsp://redacted-4f2a…@cam.local/live`): the user information and the values of
 * query parameters that look like secrets are replaced by a tag derived from the whole URL with a
 * key made when the backend is created. The backend remembers which URL each redacted form stands
 * for, so the redacted deviceId reopens the same source in the same runtime, and nowhere else.
 */
import { createHmac, randomBytes } from 'node:crypto';

/** Query parameters whose values are treated as secrets (compared without case). */
const SECRET_PARAMS = /^(pass|password|passwd|pwd|secret|token|access_token|auth|authorization|key|apikey|api_key|sig|signature|credentials?)$/i;

const URL_SHAPE = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/is;

/** The secret parts of a URL: user information and secret-looking query values. */
export function secretsOf(text: string): string[] {
  const m = URL_SHAPE.exec(text);
  if (!m) return [];
  const out: string[] = [];
  const authority = m[2]!;
  const at = authority.lastIndexOf('@');
  if (at > 0) {
    const userinfo = authority.slice(0, at);
    out.push(userinfo);
    const colon = userinfo.indexOf(':');
    if (colon >= 0) out.push(userinfo.slice(0, colon), userinfo.slice(colon + 1));
    // ffmpeg prints URLs percent-decoded in places.
    for (const part of [...out]) {
      try {
        const decoded = decodeURIComponent(part);
        if (decoded !== part) out.push(decoded);
      } catch {
        /* not percent-encoded */
      }
    }
  }
  for (const pair of (m[4] ?? '').slice(1).split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const value = pair.slice(eq + 1);
    if (SECRET_PARAMS.test(pair.slice(0, eq)) && value) out.push(value);
  }
  // Longest first, so that "user:pass" is replaced before "pass"; very short parts (a user
  // named "a") would blank out ordinary text and are left out.
  return [...new Set(out.filter((s) => s.length >= 3))].sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of the secrets in `text` by "***". */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('***');
  return out;
}

/** Redacted forms of URLs with credentials, remembered for one backend. */
export class SecretVault {
  readonly #key = randomBytes(32);
  /** Redacted form → the URL it stands for. */
  readonly #originals = new Map<string, string>();
  /** Every secret seen, for scrubbing messages. */
  readonly #secrets = new Set<string>();

  /** The form of `text` that may be shown: itself when it carries no credentials. */
  redact(text: string): string {
    if (this.#originals.has(text)) return text; // already the redacted form
    const m = URL_SHAPE.exec(text);
    if (!m) return text;
    const secrets = secretsOf(text);
    if (secrets.length === 0) return text;
    const tag = `redacted-${createHmac('sha256', this.#key).update(text).digest('hex').slice(0, 16)}`;
    const [, scheme, authority, path, query, fragment] = m as unknown as [string, string, string, string, string?, string?];
    const at = authority.lastIndexOf('@');
    const host = at >= 0 ? `${tag}@${authority.slice(at + 1)}` : authority;
    let shownQuery = query ?? '';
    if (shownQuery) {
      shownQuery =
        '?' +
        shownQuery
          .slice(1)
          .split('&')
          .map((pair) => {
            const eq = pair.indexOf('=');
            return eq > 0 && SECRET_PARAMS.test(pair.slice(0, eq)) && pair.length > eq + 1 ? `${pair.slice(0, eq + 1)}${tag}` : pair;
          })
          .join('&');
    }
    const redacted = `${scheme}${host}${path}${shownQuery}${fragment ?? ''}`;
    this.#originals.set(redacted, text);
    for (const s of secrets) this.#secrets.add(s);
    return redacted;
  }

  /** The URL a redacted form stands for (undefined for anything this vault did not make). */
  original(redacted: string): string | undefined {
    return this.#originals.get(redacted);
  }

  /** `text` with every secret this vault knows replaced by "***". */
  scrub(text: string): string {
    return this.#secrets.size === 0 ? text : scrub(text, [...this.#secrets].sort((a, b) => b.length - a.length));
  }
}
