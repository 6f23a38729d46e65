/**
 * SOAP 1.2 calls to an ONVIF service, with the WS-Security UsernameToken (PasswordDigest) ONVIF
 * cameras expect: digest = Base64(SHA-1(nonce + created + password)), `created` in the camera's
 * clock (the offset measured with GetSystemDateAndTime). A camera that also wants HTTP
 * authentication gets it (http.ts).
 *
 * Answers: the Body's first element; a SOAP Fault becomes OnvifError 'fault' (or 'auth' for the
 * authentication subcodes); anything that is not a SOAP envelope is 'not-onvif'.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Credentials } from './address.js';
import { OnvifError, sendAuthenticated, where } from './http.js';
import { child, escapeXml, find, parseXml, path, type XmlElement, XmlError } from './xml.js';

export const NS = {
  tds: 'http://www.onvif.org/ver10/device/wsdl',
  trt: 'http://www.onvif.org/ver10/media/wsdl',
  tptz: 'http://www.onvif.org/ver20/ptz/wsdl',
  timg: 'http://www.onvif.org/ver20/imaging/wsdl',
  tt: 'http://www.onvif.org/ver10/schema',
} as const;

const SOAP_ENV = 'http://www.w3.org/2003/05/soap-envelope';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const DIGEST_TYPE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest';
const NONCE_TYPE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';

/** Subcodes cameras use for a refused UsernameToken. */
const AUTH_SUBCODES = /NotAuthorized|FailedAuthentication|InvalidSecurityToken|SenderNotAuthorized/i;

/** The UsernameToken header for `credentials` at `created` (exported for the tests' simulator). */
export function usernameToken(credentials: Credentials, created: string, nonce: Buffer): string {
  const digest = createHash('sha1').update(
    Buffer.concat([nonce, Buffer.from(created), Buffer.from(credentials.password)]),
  ).digest('base64');
  return (
    `<wsse:Security xmlns:wsse="${WSSE}" xmlns:wsu="${WSU}" s:mustUnderstand="1"><wsse:UsernameToken>` +
    `<wsse:Username>${escapeXml(credentials.username)}</wsse:Username>` +
    `<wsse:Password Type="${DIGEST_TYPE}">${digest}</wsse:Password>` +
    `<wsse:Nonce EncodingType="${NONCE_TYPE}">${nonce.toString('base64')}</wsse:Nonce>` +
    `<wsu:Created>${created}</wsu:Created></wsse:UsernameToken></wsse:Security>`
  );
}

export interface SoapOptions {
  readonly credentials?: Credentials;
  readonly timeoutMs: number;
  /** Camera clock minus ours, in ms (for `Created`). */
  readonly clockOffsetMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * Calls one operation. `body` is the request element (with its namespace declarations);
 * resolves with the answer's element (e.g. GetProfilesResponse).
 */
export async function soapCall(endpoint: URL, action: string, body: string, options: SoapOptions): Promise<XmlElement> {
  const target = where(endpoint);
  const created = new Date(Date.now() + (options.clockOffsetMs ?? 0)).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const header = options.credentials ? `<s:Header>${usernameToken(options.credentials, created, randomBytes(16))}</s:Header>` : '';
  const envelope = `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="${SOAP_ENV}">${header}<s:Body>${body}</s:Body></s:Envelope>`;
  const response = await sendAuthenticated(endpoint, options.credentials, {
    method: 'POST',
    headers: { 'Content-Type': `application/soap+xml; charset=utf-8; action="${action}"` },
    body: envelope,
    timeoutMs: options.timeoutMs,
    maxBytes: 4 << 20,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const operation = action.slice(action.lastIndexOf('/') + 1);
  let document: XmlElement | undefined;
  try {
    document = parseXml(response.body.toString('utf8'));
  } catch (error) {
    if (!(error instanceof XmlError)) throw error;
  }
  const soapBody = document?.name === 'Envelope' ? child(document, 'Body') : undefined;
  if (!soapBody) {
    if (response.status === 401 || response.status === 403) {
      throw new OnvifError('auth', `${target} refused the user name or password (HTTP ${response.status})`);
    }
    throw new OnvifError('not-onvif', `${target} is not an ONVIF camera (HTTP ${response.status} to ${operation}, not a SOAP answer)`);
  }
  const fault = child(soapBody, 'Fault');
  if (fault) throw faultError(fault, target, operation);
  const answer = soapBody.children[0];
  if (!answer) throw new OnvifError('not-onvif', `${target} answered ${operation} with an empty SOAP body`);
  return answer;
}

function faultError(fault: XmlElement, target: string, operation: string): OnvifError {
  // SOAP 1.2: Code/Value, Code/Subcode/Value (nested), Reason/Text. SOAP 1.1: faultcode, faultstring.
  const subcodes: string[] = [];
  for (let sub = path(fault, 'Code', 'Subcode'); sub; sub = child(sub, 'Subcode')) {
    const value = child(sub, 'Value')?.text;
    if (value) subcodes.push(value);
  }
  const code = path(fault, 'Code', 'Value')?.text ?? child(fault, 'faultcode')?.text ?? '';
  const reason = find(fault, 'Text')?.text ?? child(fault, 'faultstring')?.text ?? '';
  const sub = subcodes.at(-1);
  const label = [code, ...subcodes].filter(Boolean).join('/');
  const text = `${target} refused ${operation}: ${label || 'SOAP fault'}${reason ? ` (${reason})` : ''}`;
  if ([code, ...subcodes].some((c) => AUTH_SUBCODES.test(c))) {
    return new OnvifError('auth', `${target} refused the user name or password (${label})`, sub);
  }
  return new OnvifError('fault', text, sub);
}
