/**
 * The pieces of the ONVIF client that need no camera: the XML reader, addresses and how
 * credentials are kept out of text, HTTP Digest answers, the UsernameToken, and reading the PTZ
 * and imaging answers into spec units.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { parseAddress, redact, withCredentials } from '../../../src/backends/onvif/address.js';
import { digestAuthorization, parseChallenge } from '../../../src/backends/onvif/http.js';
import { imagingSettingsXml, readImagingOptions, readImagingSettings } from '../../../src/backends/onvif/imaging.js';
import { ptzCapabilities, readPtzOptions, readStatus } from '../../../src/backends/onvif/ptz.js';
import { usernameToken } from '../../../src/backends/onvif/soap.js';
import { jpegSize } from '../../../src/encode/jpeg-size.js';
import { parseXml, path, XmlError } from '../../../src/backends/onvif/xml.js';
import * as R from './responses.js';

const body = (xml: string) => path(parseXml(xml), 'Body')!.children[0]!;

describe('XML reader', () => {
  it('reads elements by local name, attributes, text and entities', () => {
    const doc = parseXml(
      '<?xml version="1.0"?><!-- c --><a:Root xmlns:a="urn:x" b:k=\'v&amp;w\'><a:T>1 &lt; 2 &#x41;</a:T><E/><![CDATA[<raw>]]></a:Root>',
    );
    assert.equal(doc.name, 'Root');
    assert.equal(doc.attributes.k, 'v&w');
    assert.equal(path(doc, 'T')!.text, '1 < 2 A');
    assert.equal(doc.text, '<raw>');
    assert.equal(path(doc, 'E')!.children.length, 0);
  });

  it('refuses document type declarations and malformed documents', () => {
    assert.throws(() => parseXml('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'), XmlError);
    assert.throws(() => parseXml('<a><b></a>'), XmlError);
    assert.throws(() => parseXml('<a></a><b></b>'), XmlError);
    assert.throws(() => parseXml('not xml'), XmlError);
  });
});

describe('ONVIF addresses', () => {
  it('splits the login off the id, with the default port and device service', () => {
    const a = parseAddress('onvif://admin:p%40ss%3Aword@cam.local?profile=Profile_2')!;
    assert.equal(a.id, 'onvif://cam.local:80?profile=Profile_2');
    assert.equal(a.device.href, 'http://cam.local/onvif/device_service');
    assert.deepEqual(a.credentials, { username: 'admin', password: 'p@ss:word' });
    assert.equal(a.profile, 'Profile_2');
    assert.equal(parseAddress('onvif://10.0.0.9:8000/onvif/services')!.device.href, 'http://10.0.0.9:8000/onvif/services');
    assert.equal(parseAddress('http://cam.local'), undefined);
  });

  it('puts the login into a stream URL and takes it out of any text', () => {
    const creds = { username: 'admin', password: 'p@ss:word' };
    const url = withCredentials('rtsp://10.0.0.9:554/Streaming/Channels/101', creds);
    assert.equal(url, 'rtsp://admin:p%40ss%3Aword@10.0.0.9:554/Streaming/Channels/101');
    const text = `Input #0 from '${url}': p@ss:word failed`;
    const clean = redact(text, creds);
    assert.ok(!clean.includes('p@ss:word') && !clean.includes('p%40ss%3Aword') && !clean.includes('admin:'), clean);
  });
});

describe('HTTP Digest', () => {
  it('answers an RFC 7616 challenge (the RFC 2617 worked example)', () => {
    const challenge = parseChallenge(
      'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", ' +
        'opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    )!;
    const header = digestAuthorization(
      challenge,
      { username: 'Mufasa', password: 'Circle Of Life' },
      'GET',
      '/dir/index.html',
      '0a4f113b',
      '00000001',
    );
    assert.match(header, /response="6629fae49393a05397450978507c4ef1"/);
    assert.match(header, /qop=auth, nc=00000001, cnonce="0a4f113b"/);
  });
});

describe('WS-Security UsernameToken', () => {
  it('carries Base64(SHA-1(nonce + created + password)), never the password', () => {
    const nonce = Buffer.from('0123456789abcdef');
    const xml = usernameToken({ username: 'admin', password: 'secret' }, '2026-01-01T00:00:00Z', nonce);
    const expected = createHash('sha1').update(
      Buffer.concat([nonce, Buffer.from('2026-01-01T00:00:00Z'), Buffer.from('secret')]),
    ).digest('base64');
    assert.ok(xml.includes(`>${expected}</wsse:Password>`));
    assert.ok(!xml.includes('secret'));
  });
});

describe('PTZ answers in spec units', () => {
  it('prefers spherical degrees and converts a position reported in the generic space', () => {
    const axes = readPtzOptions(body(R.ptzConfigurationOptions({ x: [-180, 180], y: [-90, 20] })));
    assert.equal(axes.panTiltSpace!.degrees, true);
    assert.deepEqual(ptzCapabilities(axes).tilt, { min: -324000, max: 72000, step: 1 });
    const status = readStatus(body(R.ptzStatus(0.5, 1, 0.3, R.SPACES.genericPanTilt, true, new Date(0))), axes);
    assert.deepEqual(status, { pan: 90 * 3600, tilt: 20 * 3600, zoom: 0.3, moving: true });
  });

  it('keeps the normalised range of a camera without degrees', () => {
    const axes = readPtzOptions(body(R.ptzConfigurationOptions(undefined)));
    assert.equal(axes.panTiltSpace!.degrees, false);
    assert.deepEqual(ptzCapabilities(axes).pan, { min: -1, max: 1, step: 0.002 });
    assert.deepEqual(
      readStatus(body(R.ptzStatus(-0.5, 0.25, 1, R.SPACES.genericPanTilt, false, new Date(0))), axes),
      { pan: -0.5, tilt: 0.25, zoom: 1, moving: false },
    );
  });
});

describe('imaging answers in spec units', () => {
  it('reads options and settings, AUTO as continuous and microseconds as 100 µs', () => {
    const options = readImagingOptions(body(R.IMAGING_OPTIONS));
    assert.deepEqual(options.exposureTime, { min: 10, max: 40000 });
    assert.deepEqual(options.focusModes, ['continuous', 'manual']);
    const settings = readImagingSettings(
      body(
        R.imagingSettings({
          brightness: 40,
          saturation: 50,
          contrast: 60,
          sharpness: 70,
          exposureMode: 'MANUAL',
          exposureTime: 2500,
          focusMode: 'AUTO',
          whiteBalanceMode: 'AUTO',
        }),
      ),
    );
    assert.deepEqual(
      settings,
      {
        brightness: 40,
        saturation: 50,
        contrast: 60,
        sharpness: 70,
        exposureMode: 'manual',
        exposureTime: 25,
        focusMode: 'continuous',
        whiteBalanceMode: 'continuous',
      },
    );
  });

  it('writes an update in the schema order, keeping the exposure mode when only the time changes', () => {
    assert.equal(
      imagingSettingsXml({ sharpness: 10, exposureTime: 12.5, brightness: 5 }, { exposureMode: 'manual' }),
      '<Brightness>5</Brightness><Exposure><Mode>MANUAL</Mode><ExposureTime>1250</ExposureTime></Exposure><Sharpness>10</Sharpness>',
    );
  });
});

describe('snapshot size', () => {
  it('reads width and height from the start-of-frame segment', () => {
    const jpeg = Uint8Array.from([
      0xff,
      0xd8,
      0xff,
      0xe0,
      0,
      4,
      0,
      0,
      0xff,
      0xc0,
      0,
      11,
      8,
      0x02,
      0xd0,
      0x05,
      0x00,
      3,
      0,
      0,
      0,
      0xff,
      0xd9,
    ]);
    assert.deepEqual(jpegSize(jpeg), { width: 1280, height: 720 });
    assert.equal(jpegSize(Uint8Array.from([0x89, 0x50])), undefined);
  });
});
