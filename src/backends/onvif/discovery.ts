/**
 * WS-Discovery (the Probe ONVIF cameras answer, section 7.3 of the ONVIF Core Specification,
 * https://www.onvif.org/specs/core/ONVIF-Core-Specification.pdf): one Probe for
 * NetworkVideoTransmitter sent to a target (by default the multicast group 239.255.255.250:3702),
 * ProbeMatches collected for a bounded time, the socket closed after. The target is an option so
 * a program (or a test) can send the probe unicast to one address.
 */
import { randomUUID } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import { child, children, parseXml, path } from './xml.js';

export const MULTICAST_TARGET = '239.255.255.250:3702';

export interface DiscoveryOptions {
  /** "host:port" the probe goes to. Default the WS-Discovery multicast group. */
  readonly target?: string;
  /** How long answers are collected (a unicast target: until its answer). Default 2000 ms. */
  readonly timeoutMs?: number;
}

export interface DiscoveredCamera {
  /** The device service address (first http XAddr). */
  readonly xaddr: URL;
  /** From the scopes: onvif://www.onvif.org/name/… and …/hardware/…. */
  readonly name: string | undefined;
  readonly hardware: string | undefined;
  readonly endpoint: string;
}

/** The Probe message. */
export function probeMessage(messageId: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing">' +
    `<s:Header><a:Action s:mustUnderstand="1">http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action><a:MessageID>${messageId}</a:MessageID>` +
    '<a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>' +
    '<a:To s:mustUnderstand="1">urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To></s:Header>' +
    '<s:Body><Probe xmlns="http://schemas.xmlsoap.org/ws/2005/04/discovery">' +
    '<d:Types xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dp0="http://www.onvif.org/ver10/network/wsdl">dp0:NetworkVideoTransmitter</d:Types>' +
    '</Probe></s:Body></s:Envelope>'
  );
}

function scope(scopes: string[], kind: string): string | undefined {
  const prefix = `onvif://www.onvif.org/${kind}/`;
  const found = scopes.find((s) => s.startsWith(prefix));
  if (!found) return undefined;
  const value = decodeURIComponent(found.slice(prefix.length)).replace(/_/g, ' ').trim();
  return value || undefined;
}

/** Reads a ProbeMatches answer to our probe; undefined for anything else. */
export function readProbeMatches(text: string, messageId: string): DiscoveredCamera[] | undefined {
  let doc;
  try {
    doc = parseXml(text);
  } catch {
    return undefined;
  }
  if (path(doc, 'Header', 'RelatesTo')?.text !== messageId) return undefined;
  const matches = children(path(doc, 'Body', 'ProbeMatches'), 'ProbeMatch');
  return matches.flatMap((m) => {
    const xaddr = (child(m, 'XAddrs')?.text ?? '').split(/\s+/).find((a) => /^https?:\/\//i.test(a));
    if (!xaddr) return [];
    let url: URL;
    try {
      url = new URL(xaddr);
    } catch {
      return [];
    }
    const scopes = (child(m, 'Scopes')?.text ?? '').split(/\s+/).filter(Boolean);
    return [{
      xaddr: url,
      name: scope(scopes, 'name'),
      hardware: scope(scopes, 'hardware'),
      endpoint: path(m, 'EndpointReference', 'Address')?.text ?? url.href,
    }];
  });
}

function splitTarget(target: string): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target);
  if (!m || !isIP(m[1]!) || Number(m[2]) < 1 || Number(m[2]) > 65535) {
    throw new TypeError(
      `The discovery target ${JSON.stringify(target)} is not an IP address and port ("239.255.255.250:3702", "127.0.0.1:3702").`,
    );
  }
  return { host: m[1]!, port: Number(m[2]) };
}

/** Sends one probe and collects the answers for `timeoutMs`; never rejects for a silent network. */
export function discover(options: DiscoveryOptions = {}): Promise<DiscoveredCamera[]> {
  const { host, port } = splitTarget(options.target ?? MULTICAST_TARGET);
  const timeoutMs = options.timeoutMs ?? 2000;
  const family = isIP(host) === 6 ? 'udp6' : 'udp4';
  const loopback = host === '127.0.0.1' || host === '::1';
  const messageId = `urn:uuid:${randomUUID()}`;
  const multicast = family === 'udp6' ? /^ff/i.test(host) : Number(host.split('.')[0]) >= 224 && Number(host.split('.')[0]) <= 239;
  return new Promise((resolve) => {
    const found = new Map<string, DiscoveredCamera>();
    const socket = createSocket({ type: family });
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      resolve([...found.values()]);
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('error', finish);
    socket.on('message', (msg) => {
      const matches = readProbeMatches(msg.toString('utf8'), messageId);
      for (const camera of matches ?? []) found.set(camera.xaddr.href, camera);
      // A probe sent to one address has one device to answer it.
      if (matches && !multicast) finish();
    });
    socket.bind({ port: 0, address: loopback ? host : undefined }, () => {
      socket.send(probeMessage(messageId), port, host, (error) => {
        if (error) finish();
      });
    });
  });
}
