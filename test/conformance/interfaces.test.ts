/**
 * Each interface the package exports (and the Node polyfill installs as a global) carries exactly
 * the members its IDL declares: no helper statics, attributes and operations enumerable,
 * operations' `length` the number of required arguments, `Symbol.toStringTag` a read-only data
 * property, and every member refusing a receiver that is not one of its objects.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as api from '../../src/entries/index.js';
import * as legacy from '../../src/legacy/index.js';

interface Idl {
  /** The constructor's `length`. */
  length: number;
  attributes?: string[];
  /** Operation name → required arguments. */
  operations?: Record<string, number>;
  constants?: Record<string, number>;
  /** Non-standard operations the package documents (docs/behaviour.md). */
  extensions?: Record<string, number>;
  /** EventTarget members overridden on the prototype (same behaviour as inherited). */
  overrides?: string[];
}

// Written from the IDL blocks of Image Capture, Media Capture and Streams, Permissions, HTML,
// WebCodecs, mediacapture-transform and the 2013 Image Capture draft.
const INTERFACES: Record<string, [constructor: unknown, idl: Idl]> = {
  ImageCapture: [api.ImageCapture, {
    length: 1,
    attributes: ['track'],
    operations: { takePhoto: 0, getPhotoCapabilities: 0, getPhotoSettings: 0, grabFrame: 0 },
  }],
  MediaStreamTrack: [api.MediaStreamTrack, {
    length: 0,
    attributes: ['kind', 'id', 'label', 'enabled', 'muted', 'onmute', 'onunmute', 'readyState', 'onended', 'contentHint'],
    operations: { clone: 0, stop: 0, getCapabilities: 0, getConstraints: 0, getSettings: 0, applyConstraints: 0 },
  }],
  MediaStream: [api.MediaStream, {
    length: 0,
    attributes: ['id', 'active', 'onaddtrack', 'onremovetrack'],
    operations: { getAudioTracks: 0, getVideoTracks: 0, getTracks: 0, getTrackById: 1, addTrack: 1, removeTrack: 1, clone: 0 },
  }],
  MediaStreamTrackEvent: [api.MediaStreamTrackEvent, { length: 2, attributes: ['track'] }],
  MediaDevices: [api.MediaDevices, {
    length: 0,
    attributes: ['ondevicechange'],
    operations: { enumerateDevices: 0, getSupportedConstraints: 0, getUserMedia: 0, getDisplayMedia: 0 },
    overrides: ['addEventListener', 'removeEventListener'],
  }],
  MediaDeviceInfo: [api.MediaDeviceInfo, { length: 0, attributes: ['deviceId', 'kind', 'label', 'groupId'], operations: { toJSON: 0 } }],
  InputDeviceInfo: [api.InputDeviceInfo, { length: 0, operations: { getCapabilities: 0 } }],
  OverconstrainedError: [api.OverconstrainedError, { length: 1, attributes: ['constraint'] }],
  ImageBitmap: [api.ImageBitmap, { length: 0, attributes: ['width', 'height'], operations: { close: 0 } }],
  ImageData: [api.ImageData, { length: 2, attributes: ['width', 'height', 'data', 'colorSpace'] }],
  Permissions: [api.Permissions, { length: 0, operations: { query: 1 }, extensions: { set: 2 } }],
  PermissionStatus: [api.PermissionStatus, {
    length: 0,
    attributes: ['state', 'name', 'onchange'],
    overrides: ['addEventListener', 'removeEventListener'],
  }],
  VideoFrame: [api.VideoFrame, {
    length: 1,
    attributes: [
      'format', 'codedWidth', 'codedHeight', 'codedRect', 'visibleRect', 'rotation', 'flip',
      'displayWidth', 'displayHeight', 'duration', 'timestamp', 'colorSpace',
    ],
    operations: { metadata: 0, allocationSize: 0, copyTo: 1, clone: 0, close: 0 },
  }],
  VideoColorSpace: [
    api.VideoColorSpace,
    { length: 0, attributes: ['primaries', 'transfer', 'matrix', 'fullRange'], operations: { toJSON: 0 } },
  ],
  AudioData: [api.AudioData, {
    length: 1,
    attributes: ['format', 'sampleRate', 'numberOfFrames', 'numberOfChannels', 'duration', 'timestamp'],
    operations: { allocationSize: 1, copyTo: 2, clone: 0, close: 0 },
  }],
  MediaStreamTrackProcessor: [api.MediaStreamTrackProcessor, { length: 1, attributes: ['readable'] }],
  MediaStreamTrackGenerator: [api.MediaStreamTrackGenerator, { length: 1, attributes: ['writable'] }],
  VideoTrackGenerator: [api.VideoTrackGenerator, { length: 0, attributes: ['writable', 'muted', 'track'] }],
  'legacy ImageCapture': [legacy.ImageCapture, {
    length: 1,
    attributes: ['photoSettingsOptions', 'videoStreamTrack', 'onphoto', 'onerror', 'onphotosettingschange', 'onframegrab'],
    operations: { setOptions: 1, getFrame: 0, takePhoto: 0 },
  }],
  'legacy ImageCaptureError': [legacy.ImageCaptureError, {
    length: 0,
    attributes: ['code', 'message'],
    constants: { FRAME_GRAB_ERROR: 1, SETTINGS_ERROR: 2, PHOTO_ERROR: 3, ERROR_UNKNOWN: 4 },
  }],
};

const sorted = (keys: Iterable<PropertyKey>): string[] => [...keys].map(String).sort();

describe('interface objects carry only their IDL members', () => {
  for (const [label, [ctor, idl]] of Object.entries(INTERFACES)) {
    const name = label.replace(/^legacy /, '');
    const Interface = ctor as { (): unknown; prototype: object; length: number };
    const proto = Interface.prototype;
    const operations = { ...idl.operations, ...idl.extensions };
    const constants = Object.keys(idl.constants ?? {});

    it(`${label}: the interface object has length ${idl.length} and no static members beyond its constants`, () => {
      assert.equal(Interface.length, idl.length);
      assert.deepEqual(sorted(Reflect.ownKeys(Interface)), sorted(['length', 'name', 'prototype', ...constants]));
      for (const [constant, value] of Object.entries(idl.constants ?? {})) {
        assert.deepEqual(
          Object.getOwnPropertyDescriptor(Interface, constant),
          { value, writable: false, enumerable: true, configurable: false },
        );
      }
    });

    it(`${label}: the prototype holds exactly the IDL attributes and operations`, () => {
      const expected = [
        'constructor',
        'Symbol(Symbol.toStringTag)',
        ...(idl.attributes ?? []),
        ...Object.keys(operations),
        ...constants,
        ...(idl.overrides ?? []),
      ];
      assert.deepEqual(sorted(Reflect.ownKeys(proto)), sorted(expected));
      for (const attribute of idl.attributes ?? []) {
        const desc = Object.getOwnPropertyDescriptor(proto, attribute)!;
        assert.equal(typeof desc.get, 'function', `${attribute} is an accessor`);
        assert.equal(desc.enumerable, true, `${attribute} is enumerable`);
        assert.equal(desc.configurable, true, `${attribute} is configurable`);
      }
      for (const [operation, length] of Object.entries(operations)) {
        const desc = Object.getOwnPropertyDescriptor(proto, operation)!;
        assert.equal(typeof desc.value, 'function', `${operation} is a method`);
        assert.equal(desc.enumerable, true, `${operation} is enumerable`);
        assert.equal(desc.writable, true, `${operation} is writable`);
        assert.equal((desc.value as () => unknown).length, length, `${operation}.length`);
      }
      assert.deepEqual(Object.getOwnPropertyDescriptor(proto, Symbol.toStringTag), {
        value: name,
        writable: false,
        enumerable: false,
        configurable: true,
      });
    });

    it(`${label}: every attribute and operation refuses a receiver that is not a ${name} (TypeError)`, async () => {
      const receivers = [{}, Object.create(proto) as object];
      for (const receiver of receivers) {
        for (const attribute of idl.attributes ?? []) {
          if (attribute.startsWith('on')) continue; // event handlers belong to EventTarget's realm of checks
          const get = Object.getOwnPropertyDescriptor(proto, attribute)!.get!;
          assert.throws(() => get.call(receiver), TypeError, `${name}.${attribute}`);
        }
        for (const operation of Object.keys(operations)) {
          const method = (proto as Record<string, (...args: unknown[]) => unknown>)[operation]!;
          let result: unknown;
          try {
            result = method.call(receiver, {}, {});
          } catch (err) {
            assert.ok(err instanceof TypeError, `${name}.${operation} threw ${String(err)}`);
            continue;
          }
          assert.ok(result instanceof Promise, `${name}.${operation} neither threw nor returned a promise`);
          await assert.rejects(result, TypeError, `${name}.${operation}`);
        }
      }
    });
  }
});
