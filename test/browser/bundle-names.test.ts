/**
 * Every browser bundle keeps its interfaces' names through minification: `ImageCapture.name` is
 * "ImageCapture" and `Object.prototype.toString` of an instance says `[object ImageCapture]`, as in
 * a browser's own implementation. The bundles are built in memory with the options the package's
 * build uses, the `<script>` bundles run in a fresh realm, the ESM builds are imported.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { build } from 'esbuild';
import { buildExtra, root } from './harness.js';

const LEGACY = [
  'BlobEvent',
  'FrameGrabEvent',
  'ImageCapture',
  'ImageCaptureError',
  'ImageCaptureErrorEvent',
  'MediaSettingsItem',
  'MediaSettingsRange',
  'PhotoSettingsEvent',
];

async function iife(options: Record<string, unknown>): Promise<string> {
  const result = await build({ ...options, write: false, logLevel: 'silent' });
  return result.outputFiles[0]!.text;
}

/** Runs a `<script>` bundle in a new realm (with the few globals it needs to load) and returns its global. */
function runScript(code: string, globalName: string): Record<string, unknown> {
  const context = vm.createContext({
    EventTarget,
    Event,
    Blob,
    DOMException,
    AbortController,
    AbortSignal,
    queueMicrotask,
    setTimeout,
    clearTimeout,
  });
  vm.runInContext(code, context);
  return context[globalName] as Record<string, unknown>;
}

function checkNames(api: Record<string, unknown>, names: readonly string[], where: string): void {
  for (const name of names) {
    const value = api[name] as (abstract new (...args: never[]) => object) | undefined;
    assert.equal(typeof value, 'function', `${where} exports ${name}`);
    assert.equal(value!.name, name, `${where}: ${name}.name`);
    assert.equal(
      Object.prototype.toString.call(Object.create(value!.prototype)),
      `[object ${name}]`,
      `${where}: the toString tag of a ${name}`,
    );
  }
}

describe('browser bundles keep the names of their interfaces', { timeout: 120_000 }, () => {
  it('the polyfill <script> bundle (imagecapture.polyfill.js)', async () => {
    const api = runScript(await iife((await buildExtra()).polyfillIifeOptions()), 'imagecapture');
    checkNames(api, ['ImageCapture'], 'imagecapture.polyfill.js');
    assert.equal((api.install as () => unknown).name, 'install');
  });

  it('the 2013 event API <script> bundle (imagecapture.legacy.js)', async () => {
    const api = runScript(await iife((await buildExtra()).legacyIifeOptions()), 'imagecaptureLegacy');
    checkNames(api, LEGACY, 'imagecapture.legacy.js');
  });

  it('the testing <script> bundle (imagecapture.testing.js)', async () => {
    const { testingIifeOptions } = (await import(pathToFileURL(join(root, 'scripts/build-testing.mjs')).href)) as {
      testingIifeOptions(): Promise<Record<string, unknown>>;
    };
    const api = runScript(await iife(await testingIifeOptions()), 'imagecaptureTesting');
    checkNames(api, ['ImageCapture', 'ImageCaptureTest'], 'imagecapture.testing.js');
  });

  it('the ESM builds of the "browser" export condition (index, polyfill, legacy)', async () => {
    const options = (await buildExtra()).browserEsmOptions();
    const dir = mkdtempSync(join(tmpdir(), 'imagecapture-esm-'));
    try {
      const result = await build({ ...options, outdir: dir, write: false, logLevel: 'silent' });
      for (const file of result.outputFiles) {
        mkdirSync(dirname(file.path), { recursive: true });
        writeFileSync(file.path, file.contents);
      }
      const load = async (name: string): Promise<Record<string, unknown>> =>
        (await import(pathToFileURL(join(dir, `${name}.js`)).href)) as Record<string, unknown>;
      checkNames(await load('index'), ['ImageCapture'], 'browser/index.js');
      checkNames(await load('polyfill'), ['ImageCapture'], 'browser/polyfill.js');
      checkNames(await load('legacy'), LEGACY, 'browser/legacy.js');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
