import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CliError } from '../../src/cli/errors.js';
import {
  formatFrameName,
  formatFromName,
  hasFrameNumber,
  parseCount,
  parseFormat,
  parseInterval,
  parseQuality,
  resolveFormat,
  strictNumber,
} from '../../src/cli/values.js';

function usage(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof CliError, `expected a CliError, got ${String(err)}`);
    assert.equal(err.exitCode, 2);
    assert.match(err.message, pattern);
    return true;
  });
}

test('strictNumber accepts decimals, signs and exponents and rejects everything else', () => {
  assert.equal(strictNumber('2'), 2);
  assert.equal(strictNumber('-1'), -1);
  assert.equal(strictNumber('+0.5'), 0.5);
  assert.equal(strictNumber('.25'), 0.25);
  assert.equal(strictNumber('1e3'), 1000);
  for (const bad of ['', 'abc', '1,5', '0x10', '2x', 'Infinity', 'NaN', '1e999', ' ']) assert.equal(strictNumber(bad), undefined, bad);
});

test('parseInterval reads ms, s, m and h, sums of them, and bare numbers as seconds', () => {
  assert.equal(parseInterval('500ms'), 500);
  assert.equal(parseInterval('2s'), 2000);
  assert.equal(parseInterval('1.5m'), 90_000);
  assert.equal(parseInterval('1h'), 3_600_000);
  assert.equal(parseInterval('1m30s'), 90_000);
  assert.equal(parseInterval('2'), 2000);
  assert.equal(parseInterval('0.25'), 250);
  assert.equal(parseInterval('0'), 0);
  assert.equal(parseInterval('2S'), 2000);
});

test('parseInterval rejects words, negative values and more than a day', () => {
  usage(() => parseInterval('soon'), /--interval soon is not a duration; write e\.g\. 500ms/);
  usage(() => parseInterval('-2s'), /not a duration/);
  usage(() => parseInterval('-1'), /not a duration/);
  usage(() => parseInterval('2 s x'), /not a duration/);
  usage(() => parseInterval(''), /not a duration/);
  usage(() => parseInterval('25h'), /longer than the maximum of 24h/);
});

test('parseCount accepts whole numbers from 1 and rejects 0, fractions and huge counts', () => {
  assert.equal(parseCount('1'), 1);
  assert.equal(parseCount('250'), 250);
  usage(() => parseCount('0'), /--count 0 must be a whole number from 1 to 100000/);
  usage(() => parseCount('2.5'), /whole number/);
  usage(() => parseCount('lots'), /whole number/);
  usage(() => parseCount('100001'), /whole number/);
});

test('parseQuality takes 0 to 1 and hints at the fraction for percentages', () => {
  assert.equal(parseQuality('0.8'), 0.8);
  assert.equal(parseQuality('0'), 0);
  assert.equal(parseQuality('1'), 1);
  usage(() => parseQuality('80'), /--quality 80 must be a number from 0 to 1 \(for 80% write 0\.8\)/);
  usage(() => parseQuality('-0.1'), /from 0 to 1/);
  usage(() => parseQuality('good'), /from 0 to 1$/);
});

test('parseFormat accepts jpeg, jpg, png and webp in any case and nothing else', () => {
  assert.equal(parseFormat('jpeg'), 'jpeg');
  assert.equal(parseFormat('JPG'), 'jpeg');
  assert.equal(parseFormat('png'), 'png');
  assert.equal(parseFormat('WebP'), 'webp');
  usage(() => parseFormat('gif'), /--format gif is not supported; use jpeg, png or webp/);
});

test('the format comes from --format first, then the extension; stdout defaults to JPEG', () => {
  assert.equal(formatFromName('a/b/photo.JPG'), 'jpeg');
  assert.equal(formatFromName('photo.jpeg'), 'jpeg');
  assert.equal(formatFromName('photo.webp'), 'webp');
  assert.equal(formatFromName('photo.gif'), undefined);
  assert.equal(resolveFormat('photo.png', undefined), 'png');
  assert.equal(resolveFormat('photo.png', 'webp'), 'webp');
  assert.equal(resolveFormat('photo.raw', 'jpg'), 'jpeg');
  assert.equal(resolveFormat('-', undefined), 'jpeg');
  assert.equal(resolveFormat('-', 'png'), 'png');
});

test('an unknown or missing extension without --format is a usage error naming the choices', () => {
  usage(
    () => resolveFormat('photo.gif', undefined),
    /extension "\.gif" of photo\.gif; use \.jpg, \.png or \.webp, or give --format jpeg\|png\|webp/,
  );
  usage(() => resolveFormat('photo', undefined), /photo \(it has no extension\)/);
});

test('frame names substitute %d and zero-padded %04d, and keep %% as a percent sign', () => {
  assert.equal(formatFrameName('shot-%04d.jpg', 7), 'shot-0007.jpg');
  assert.equal(formatFrameName('shot-%04d.jpg', 12345), 'shot-12345.jpg');
  assert.equal(formatFrameName('f%d.png', 3), 'f3.png');
  assert.equal(formatFrameName('100%%-%02d.png', 5), '100%-05.png');
  assert.equal(formatFrameName('dir-%d/x-%d.jpg', 2), 'dir-2/x-2.jpg');
  assert.equal(formatFrameName('still.jpg', 1), 'still.jpg');
  usage(() => formatFrameName('shot-%s.jpg', 1), /"%" must start %d, %04d \(the frame number\) or %%/);
});

test('hasFrameNumber finds placeholders but not escaped percent signs', () => {
  assert.equal(hasFrameNumber('shot-%04d.jpg'), true);
  assert.equal(hasFrameNumber('shot-%d.jpg'), true);
  assert.equal(hasFrameNumber('shot.jpg'), false);
  assert.equal(hasFrameNumber('100%%d.jpg'), false);
});
