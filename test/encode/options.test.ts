import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_IMAGE_TYPE,
  SUPPORTED_IMAGE_TYPES,
  encoderQuality,
  isSupportedImageType,
  matchImageType,
  resolveImageType,
} from '../../src/encode/options.js';

describe('image types', () => {
  it('supports JPEG, PNG and WebP, with JPEG as the default', () => {
    assert.deepEqual([...SUPPORTED_IMAGE_TYPES], ['image/jpeg', 'image/png', 'image/webp']);
    assert.equal(DEFAULT_IMAGE_TYPE, 'image/jpeg');
    assert.equal(resolveImageType(undefined), 'image/jpeg');
    assert.equal(resolveImageType(''), 'image/jpeg');
  });

  it('compares types ASCII case-insensitively, as canvas.toBlob does', () => {
    assert.equal(isSupportedImageType('IMAGE/PNG'), true);
    assert.equal(resolveImageType('Image/WebP'), 'image/webp');
  });

  it('does not accept look-alike types', () => {
    for (const type of ['image/jpg', 'image/gif', 'jpeg', 'image/jpeg ', 'image/png;q=1']) {
      assert.equal(isSupportedImageType(type), false, type);
      assert.equal(matchImageType(type), undefined, type);
    }
  });

  it('matchImageType gives the lowercased type, the default for none, and undefined for an unsupported one', () => {
    assert.equal(matchImageType('IMAGE/PNG'), 'image/png');
    assert.equal(matchImageType(''), 'image/jpeg');
    assert.equal(matchImageType(undefined), 'image/jpeg');
  });

  it('rejects an unsupported type with NotSupportedError naming it and the allowed types', () => {
    assert.throws(
      () => resolveImageType('image/gif'),
      (e: unknown) => {
        assert.ok(e instanceof DOMException);
        assert.equal(e.name, 'NotSupportedError');
        assert.equal(
          e.message,
          'Image type "image/gif" is not supported; supported types are image/jpeg, image/png, image/webp.',
        );
        return true;
      },
    );
  });
});

describe('encoderQuality', () => {
  it('defaults to 92 for JPEG and 80 for WebP', () => {
    assert.equal(encoderQuality('image/jpeg', undefined), 92);
    assert.equal(encoderQuality('image/webp', undefined), 80);
  });

  it('maps [0, 1] onto 1–100', () => {
    assert.equal(encoderQuality('image/jpeg', 0), 1);
    assert.equal(encoderQuality('image/jpeg', 0.5), 50);
    assert.equal(encoderQuality('image/webp', 1), 100);
    assert.equal(encoderQuality('image/jpeg', 0.333), 33);
  });

  it('uses the default for a quality outside [0, 1] or not a number', () => {
    for (const q of [-0.1, 1.5, Number.NaN, Infinity]) assert.equal(encoderQuality('image/jpeg', q), 92, String(q));
  });

  it('ignores quality for PNG', () => assert.equal(encoderQuality('image/png', 0.1), 100));
});
