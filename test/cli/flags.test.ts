import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { VIDEO_PROPERTIES } from '../../src/constraints/properties.js';
import { CliError } from '../../src/cli/errors.js';
import {
  addConstraintOptions,
  CONSTRAINT_FLAGS,
  constraintsFromOptions,
  flagFor,
  kebabCase,
  MAX_POINTS,
  parsePoints,
  parsePropertyNumber,
} from '../../src/cli/flags.js';

function parse(args: string[]): Record<string, unknown> {
  const cmd = new Command('t').exitOverride().configureOutput({ outputError: () => undefined });
  addConstraintOptions(cmd);
  cmd.parse(args, { from: 'user' });
  return constraintsFromOptions(cmd.opts());
}

test('every video property except deviceId and groupId gets exactly one flag, in table order', () => {
  const expected = VIDEO_PROPERTIES.map((r) => r.name).filter((n) => n !== 'deviceId' && n !== 'groupId');
  assert.deepEqual(CONSTRAINT_FLAGS.map((f) => f.row.name), expected);
  assert.equal(new Set(CONSTRAINT_FLAGS.map((f) => f.flag)).size, CONSTRAINT_FLAGS.length);
});

test('flags are the kebab-case of the property name, with video width/height renamed', () => {
  assert.equal(kebabCase('exposureCompensation'), 'exposure-compensation');
  assert.equal(flagFor('zoom'), '--zoom');
  assert.equal(flagFor('focusDistance'), '--focus-distance');
  assert.equal(flagFor('pointsOfInterest'), '--points-of-interest');
  assert.equal(flagFor('width'), '--video-width');
  assert.equal(flagFor('height'), '--video-height');
  assert.equal(flagFor('frameRate'), '--frame-rate');
  assert.equal(flagFor('aspectRatio'), '--aspect-ratio');
  assert.equal(flagFor('facingMode'), '--facing-mode');
  assert.equal(flagFor('resizeMode'), '--resize-mode');
  const names = CONSTRAINT_FLAGS.map((f) => f.flag);
  assert.ok(!names.includes('width') && !names.includes('height'), 'photo --width/--height stay free');
  assert.ok(!names.includes('device-id') && !names.includes('group-id'));
});

test('the issue\'s example flags parse into property values by setting type', () => {
  const values = parse([
    '--zoom', '2', '--pan', '-3600', '--tilt', '7200', '--focus-mode', 'manual', '--focus-distance', '0.5',
    '--exposure-mode', 'manual', '--exposure-time', '100', '--iso', '400', '--exposure-compensation', '-1',
    '--white-balance-mode', 'manual', '--color-temperature', '3200', '--brightness', '10', '--contrast', '20',
    '--saturation', '30', '--sharpness', '4', '--torch', '--points-of-interest', '0.5,0.5',
    '--video-width', '1280', '--video-height', '720', '--frame-rate', '30', '--aspect-ratio', '1.7778',
    '--facing-mode', 'environment', '--resize-mode', 'crop-and-scale',
  ]);
  assert.deepEqual(values, {
    width: 1280, height: 720, aspectRatio: 1.7778, frameRate: 30, facingMode: 'environment', resizeMode: 'crop-and-scale',
    whiteBalanceMode: 'manual', exposureMode: 'manual', focusMode: 'manual', pointsOfInterest: [{ x: 0.5, y: 0.5 }],
    exposureCompensation: -1, exposureTime: 100, colorTemperature: 3200, iso: 400, brightness: 10, contrast: 20,
    saturation: 30, sharpness: 4, focusDistance: 0.5, pan: -3600, tilt: 7200, zoom: 2, torch: true,
  });
});

test('flags not given are absent, and --no-torch asks for the torch off', () => {
  assert.deepEqual(parse([]), {});
  assert.deepEqual(parse(['--no-torch']), { torch: false });
});

test('a mode outside the property table\'s values is rejected by the parser', () => {
  assert.throws(
    () => parse(['--focus-mode', 'auto']),
    /argument 'auto' is invalid\. Allowed choices are none, manual, single-shot, continuous/,
  );
});

test('numbers are parsed strictly; whole-number properties refuse fractions', () => {
  const zoom = CONSTRAINT_FLAGS.find((f) => f.row.name === 'zoom')!.row;
  const width = CONSTRAINT_FLAGS.find((f) => f.row.name === 'width')!.row;
  assert.equal(parsePropertyNumber(zoom, '2.5'), 2.5);
  assert.throws(
    () => parsePropertyNumber(zoom, 'big'),
    (e: unknown) => e instanceof CliError && e.exitCode === 2 && e.message === '--zoom big is not a number',
  );
  assert.throws(() => parsePropertyNumber(width, '640.5'), /--video-width 640\.5 must be a whole number/);
  assert.throws(() => parse(['--zoom', 'x2']), /--zoom x2 is not a number/);
});

test('points of interest are x,y pairs separated by semicolons, inside the frame', () => {
  assert.deepEqual(parsePoints('0.5,0.5'), [{ x: 0.5, y: 0.5 }]);
  assert.deepEqual(parsePoints('0,0; 1,1;0.25,0.75'), [{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 0.25, y: 0.75 }]);
  assert.throws(() => parsePoints('0.5'), /"0\.5" is not a point/);
  assert.throws(() => parsePoints('1.5,0.5'), /"1\.5,0\.5" is outside the frame/);
  assert.throws(() => parsePoints(''), /needs points written x,y/);
  assert.throws(() => parsePoints(Array.from({ length: MAX_POINTS + 1 }, () => '0.5,0.5').join(';')), /at most 64 points/);
});

test('help text carries the row\'s summary, unit and the mode it depends on', () => {
  const cmd = new Command('t');
  addConstraintOptions(cmd);
  const help = cmd.helpInformation({ error: false }).replace(/\s+/g, ' ');
  assert.match(help, /Camera properties:/);
  assert.match(help, /--zoom <number> Zoom ratio\. \[×\]/);
  assert.match(
    help,
    /--exposure-time <number> Exposure time in units of 100 µs \(manual exposure\)\. \[×100 µs\] Takes effect with --exposure-mode manual/,
  );
  assert.match(help, /--points-of-interest <x,y\[;x,y\.\.\.\]>/);
  assert.match(help, /--no-torch/);
});
