import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { behaviorRecord, CHROMIUM_BEHAVIOR, SPEC_BEHAVIOR } from '../../src/spec/behavior.js';

const doc = readFileSync(new URL('../../docs/behaviour.md', import.meta.url), 'utf8');
const chromiumSection = doc.slice(doc.indexOf('## 2. Chromium behaviour'), doc.indexOf('## 3. '));
const fields = Object.keys(CHROMIUM_BEHAVIOR).filter((k) => k !== 'name');

describe('the behaviour record', () => {
  it('the spec behaviour turns every difference off and the Chromium behaviour every one on', () => {
    assert.ok(fields.length >= 10);
    for (const field of fields) {
      assert.equal(SPEC_BEHAVIOR[field as keyof typeof SPEC_BEHAVIOR], false, field);
      assert.equal(CHROMIUM_BEHAVIOR[field as keyof typeof CHROMIUM_BEHAVIOR], true, field);
    }
    assert.equal(behaviorRecord('spec'), SPEC_BEHAVIOR);
    assert.equal(behaviorRecord('chromium'), CHROMIUM_BEHAVIOR);
    assert.ok(Object.isFrozen(SPEC_BEHAVIOR) && Object.isFrozen(CHROMIUM_BEHAVIOR));
  });

  it('each difference is a row of the Chromium table in docs/behaviour.md, once', () => {
    const rows = chromiumSection.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Difference'));
    for (const field of fields) {
      assert.equal(rows.filter((row) => row.endsWith(`| \`${field}\` |`)).length, 1, `${field} has one row`);
    }
    assert.equal(rows.length, fields.length, 'every row names a field');
  });
});
