/**
 * The simulator's media side: the test pictures it serves (stream frames and the snapshot) and
 * its check of an HTTP Digest answer (RFC 7616, MD5, qop auth), as cameras do for both.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import sharp from 'sharp';

/** Whether the request's `Authorization: Digest …` answers for this user, password and realm. */
export function digestAccepted(req: IncomingMessage, username: string, password: string, realm: string): boolean {
  const header = req.headers.authorization ?? '';
  const fields: Record<string, string> = {};
  for (const m of header.matchAll(/([a-z]+)=(?:"([^"]*)"|([^\s,]+))/gi)) fields[m[1]!.toLowerCase()] = m[2] ?? m[3] ?? '';
  const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
  const ha1 = md5(`${username}:${realm}:${password}`);
  const ha2 = md5(`${req.method}:${fields.uri}`);
  const expected = md5(`${ha1}:${fields.nonce}:${fields.nc}:${fields.cnonce}:${fields.qop}:${ha2}`);
  return /^Digest /i.test(header) && fields.username === username && fields.response === expected;
}

/** A test picture: colour bars shifted by `phase`, JPEG-coded. */
export async function pattern(width: number, height: number, phase: number): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3);
  const bars = [[235, 235, 235], [235, 235, 16], [16, 235, 235], [16, 235, 16], [235, 16, 235], [235, 16, 16], [16, 16, 235], [16, 16, 16]];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bar = bars[(Math.floor((x * 8) / width) + phase) % 8]!;
      const i = (y * width + x) * 3;
      data[i] = bar[0]!;
      data[i + 1] = bar[1]!;
      data[i + 2] = y < height / 8 ? (x * 255) / width : bar[2]!;
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
}
