import { test } from 'node:test';
import assert from 'node:assert/strict';
import { propertyRow } from '../../src/constraints/properties.js';
import { capabilitiesTable, capabilityText, renderTable, settingsTable, valueText } from '../../src/cli/table.js';

test('renderTable aligns columns and leaves no trailing spaces', () => {
  const text = renderTable([
    ['a', 'bb', 'c'],
    ['long', 'x', ''],
  ]);
  assert.equal(text, 'a     bb  c\nlong  x');
});

test('values are shown with their units, booleans as on/off and points as x,y', () => {
  assert.equal(valueText(2, '×'), '2 ×');
  assert.equal(valueText(0.33333333, ''), '0.3333');
  assert.equal(valueText(true), 'on');
  assert.equal(valueText(false), 'off');
  assert.equal(valueText([{ x: 0.5, y: 0.25 }, { x: 1, y: 0 }]), '0.5,0.25;1,0');
  assert.equal(valueText(undefined), '—');
  assert.equal(valueText('manual'), 'manual');
});

test('capabilities are described as ranges with unit and step, mode lists, or not supported', () => {
  assert.equal(capabilityText(propertyRow('zoom')!, { min: 1, max: 10, step: 0.1 }, 1), '1–10 × (step 0.1)');
  assert.equal(capabilityText(propertyRow('brightness')!, { min: 0, max: 255 }, 1), '0–255');
  assert.equal(capabilityText(propertyRow('focusMode')!, ['manual', 'continuous'], 'manual'), 'manual, continuous');
  assert.equal(capabilityText(propertyRow('iso')!, undefined, undefined), 'not supported');
  assert.equal(capabilityText(propertyRow('torch')!, [true, false], false), 'on, off');
  assert.equal(capabilityText(propertyRow('pointsOfInterest')!, undefined, []), 'x,y from 0 to 1');
  assert.equal(capabilityText(propertyRow('pointsOfInterest')!, undefined, undefined), 'not supported');
});

test('the capabilities table has a row per video property and the photo capabilities', () => {
  const text = capabilitiesTable(
    { zoom: { min: 1, max: 10, step: 0.1 }, width: { min: 1, max: 4032 }, torch: [true, false], deviceId: 'cam-1' },
    { zoom: 2, width: 1280, torch: false, deviceId: 'cam-1' },
    { imageWidth: { min: 320, max: 4032, step: 1 }, fillLightMode: ['auto', 'off'], redEyeReduction: 'never' },
    { imageWidth: 4032, fillLightMode: 'auto', redEyeReduction: false },
  );
  const lines = text.split('\n');
  assert.match(lines[0]!, /^property\s+flag\s+supported\s+current$/);
  assert.ok(lines.some((l) => /^zoom\s+--zoom\s+1–10 × \(step 0\.1\)\s+2 ×$/.test(l)), text);
  assert.ok(lines.some((l) => /^width\s+--video-width\s+1–4032 px\s+1280 px$/.test(l)), text);
  assert.ok(lines.some((l) => /^torch\s+--torch, --no-torch\s+on, off\s+off$/.test(l)), text);
  assert.ok(lines.some((l) => /^iso\s+--iso\s+not supported\s+—$/.test(l)), text);
  assert.ok(lines.some((l) => /^imageWidth\s+--width\s+320–4032 px \(step 1\)\s+4032 px$/.test(l)), text);
  assert.ok(lines.some((l) => /^fillLightMode\s+--fill-light\s+auto, off\s+auto$/.test(l)), text);
  assert.ok(lines.some((l) => /^deviceId\s+--device\s+cam-1\s+cam-1$/.test(l)), text);
});

test('the settings table lists only what the camera reports, then the photo settings', () => {
  const text = settingsTable({ width: 640, zoom: 1.5, focusMode: 'manual' }, { imageWidth: 640, imageHeight: 480, redEyeReduction: false });
  assert.equal(
    text,
    [
      'property         value',
      'width            640 px',
      'focusMode        manual',
      'zoom             1.5 ×',
      'imageWidth       640 px',
      'imageHeight      480 px',
      'redEyeReduction  off',
    ].join('\n'),
  );
});
