/**
 * The conformance suite (test/conformance, cases 1–83) in one browser engine: one
 * browser and one page per file, each case a node:test subtest named `#id title`.
 *
 * Scoping: the ponyfill provides ImageCapture only; MediaStreamTrack, getUserMedia,
 * applyConstraints and getSupportedConstraints are the engine's. Where the engine's own objects
 * (or its fake camera) do not behave as a case expects, the case is listed in
 * engine-differences.ts, and what it observed is asserted instead, so a change in the engine is
 * noticed. Chromium's native ImageCapture runs too, with its differences in native-differences.ts.
 * Hooks the engine cannot give are explained next to each skip (`missing`).
 */
import assert from 'node:assert/strict';
import { describe, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { allCases } from '../conformance/cases/index.js';
import { caseName, type Behavior, type ConformanceCase, type ConformanceFeatures } from '../conformance/harness.js';
import { type Difference, type EngineName, concerns, differencesFor, staleDifferences } from './engine-differences.js';
import { type BrowserSession, type Launched, type SessionTestFn, sharedSession } from './harness.js';
import type { BrowserConformanceOptions, DriverHook, PageCaseResult } from './page/conformance.js';

const PAGE = fileURLToPath(new URL('./page/conformance.ts', import.meta.url));
/** Cases per page call (WebDriver answers a script within 60 s; a hung case takes CASE_TIMEOUT_MS). */
const CHUNK = 40;
const CASE_TIMEOUT_MS = 8000;

export interface ConformanceRun {
  readonly impl: 'ponyfill' | 'native';
  readonly behavior: Behavior;
  readonly features: ConformanceFeatures;
  /** Hooks and features this run lacks, each with why (shown with the skips that name them). */
  readonly missing: Readonly<Record<string, string>>;
  readonly pageFaults?: boolean;
  readonly canvasPhotoless?: boolean;
  readonly generatorPhotoless?: boolean;
  /** Differences of this implementation from the engine-neutral expectations (native ImageCapture). */
  readonly differences?: readonly Omit<Difference, 'engine'>[];
}

export interface EngineConformance {
  readonly engine: EngineName;
  readonly label: string;
  readonly launch: () => Promise<Launched>;
  readonly defaultCamera?: string;
  readonly limitedCamera?: string;
  readonly promptsGranted?: boolean;
  readonly runs: readonly ConformanceRun[];
}

/** A case's result as the page reported it, checked against the listed differences. */
function judge(
  t: TestContext,
  result: PageCaseResult,
  listed: readonly Omit<Difference, 'engine'>[],
  missing: Readonly<Record<string, string>>,
): void {
  const where = `#${result.id} ${result.title}`;
  if (listed.length > 1) assert.fail(`${where} matches ${listed.length} listed differences; make them disjoint`);
  const expected = listed[0];
  if (expected) {
    assert.equal(
      result.status,
      expected.observed.status,
      `listed as a difference ("${expected.reason}"), but the case now reports ${result.status}${result.reason
        ? `: ${result.reason}`
        : ''}. Update or remove the entry.`,
    );
    assert.match(result.reason ?? '', expected.observed.reason, 'what the case reports for the listed difference');
    t.diagnostic(`known difference: ${expected.reason}`);
    return;
  }
  if (result.status === 'skip') {
    const why = Object.entries(missing)
      .filter(([need]) => (result.reason ?? '').includes(need))
      .map(([need, reason]) => `${need}: ${reason}`);
    t.skip([result.reason, ...why].join(' — '));
    return;
  }
  if (result.status === 'fail') assert.fail(result.reason ?? 'failed');
  assert.deepEqual(result.pageErrors, [], 'errors the page saw during the case');
}

export function defineConformanceSuite(config: EngineConformance): void {
  const { engine, label } = config;
  describe(`conformance suite in ${label}`, { timeout: 170_000 }, () => {
    let driver: DriverHook[] = [];
    const matched = new Set<object>();
    const sessionTest = sharedSession(config.launch, {
      skipped: (reason) => `${label} skipped: ${reason}`,
      setUp: async (session) => {
        const { expose, driver: hooks } = session.engine;
        if (expose && hooks?.setPermission && hooks.resetPermissions) {
          await expose('__conformanceDriver', async (op: string, ...args: unknown[]) => {
            if (op === 'setPermission') return hooks.setPermission!(args[0] as { name: string }, args[1] as 'granted');
            if (op === 'resetPermissions') return hooks.resetPermissions!();
            throw new Error(`unknown driver call ${op}`);
          });
          driver = ['setPermission'];
        }
        await session.open();
      },
    });
    const test = (name: string, fn: SessionTestFn): void => sessionTest(name, { timeout: 120_000 }, fn);

    const declared = config.runs[0]?.features.properties ?? [];
    test(`the default camera has exactly the declared image-capture properties (${declared.join(', ') || 'none'})`, async (s) => {
      const found = await s.runModule<string[]>(PAGE, { defaultCamera: config.defaultCamera }, 'cameraProperties');
      assert.deepEqual([...found].sort(), [...declared].sort());
    });

    for (const run of config.runs) {
      const name = `${run.impl} in ${label}`;
      const chunks = new Map<number, Promise<Map<string, PageCaseResult>>>();
      const resultOf = (s: BrowserSession, index: number, c: ConformanceCase): Promise<PageCaseResult | undefined> => {
        const k = Math.floor(index / CHUNK);
        let chunk = chunks.get(k);
        if (!chunk) {
          const options: BrowserConformanceOptions = {
            name,
            impl: run.impl,
            behavior: run.behavior,
            features: run.features,
            from: k * CHUNK,
            to: (k + 1) * CHUNK,
            caseTimeoutMs: CASE_TIMEOUT_MS,
            driver,
            ...(config.defaultCamera ? { defaultCamera: config.defaultCamera } : {}),
            ...(config.limitedCamera ? { limitedCamera: config.limitedCamera } : {}),
            ...(config.promptsGranted ? { promptsGranted: true } : {}),
            ...(run.pageFaults ? { pageFaults: true } : {}),
            ...(run.canvasPhotoless ? { canvasPhotoless: true } : {}),
            ...(run.generatorPhotoless ? { generatorPhotoless: true } : {}),
          };
          chunk = s.runModule<PageCaseResult[]>(PAGE, options).then((results) => new Map(results.map((r) => [`#${r.id} ${r.title}`, r])));
          chunks.set(k, chunk);
        }
        return chunk.then((m) => m.get(caseName(c)));
      };

      describe(`[${run.impl}] ${run.behavior} behaviour`, () => {
        allCases.forEach((c, index) => {
          test(caseName(c), async (s, t) => {
            const result = await resultOf(s, index, c);
            assert.ok(result, `the page reported no result for ${caseName(c)}`);
            const listed = [
              ...(run.differences ?? []).filter((d) => concerns(d, c, run.behavior)),
              ...differencesFor(engine, c, run.behavior),
            ];
            for (const d of listed) matched.add(d);
            judge(t, result!, listed, run.missing);
          });
        });
      });
    }

    test(`every difference listed for ${label} matches a case that ran`, async () => {
      const native = config.runs.flatMap((r) => r.differences ?? []);
      const stale = [...staleDifferences(engine, matched), ...native.filter((d) => !matched.has(d))];
      assert.deepEqual(stale.map((d) => `#${d.id}${d.title ? ` (${d.title})` : ''}: ${d.reason}`), []);
    });
  });
}
