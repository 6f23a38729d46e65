/**
 * No module in src/ imports itself back through others. Every static `import` and `export … from`
 * counts, type-only ones included: a type cycle still ties the modules' designs together.
 * Dynamic `import()` is left out (it loads lazily, after both modules have run).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** The relative specifiers a module's static imports and re-exports name. */
export function staticSpecifiers(text: string): string[] {
  const out: string[] = [];
  const statement = /^\s*(?:import|export)\s+(?:type\s+)?(?:[\w*\s{},$]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm;
  for (const m of text.matchAll(statement)) out.push(m[1]!);
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(root)) {
    const deps = staticSpecifiers(readFileSync(file, 'utf8')).map((spec) => resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
    graph.set(relative(root, file), deps.map((d) => relative(root, d)));
  }
  return graph;
}

/** Each cycle once, as the list of modules around it (depth-first search, iterative). */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[][] = [];
  for (const start of graph.keys()) {
    if (state.has(start)) continue;
    const path: string[] = [];
    const stack: { node: string; next: number }[] = [{ node: start, next: 0 }];
    state.set(start, 'open');
    path.push(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const deps = graph.get(top.node) ?? [];
      if (top.next < deps.length) {
        const dep = deps[top.next++]!;
        if (!graph.has(dep)) continue;
        const seen = state.get(dep);
        if (seen === 'open') cycles.push([...path.slice(path.indexOf(dep)), dep]);
        else if (seen === undefined) {
          state.set(dep, 'open');
          path.push(dep);
          stack.push({ node: dep, next: 0 });
        }
      } else {
        state.set(top.node, 'done');
        path.pop();
        stack.pop();
      }
    }
  }
  return cycles;
}

describe('imports in src/', () => {
  it('the import reader sees static imports, type imports and re-exports, not dynamic imports', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "export * from './c.js';",
      "export { d, type D } from './d.js';",
      "import {\n  e,\n  f,\n} from './e.js';",
      "const g = await import('./g.js');",
      "import fs from 'node:fs';",
    ].join('\n');
    assert.deepEqual(staticSpecifiers(text), ['./a.js', '../b.js', './c.js', './d.js', './e.js']);
  });

  it('the cycle finder reports a cycle and nothing for a tree', () => {
    const cyclic = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
    ]);
    assert.deepEqual(findCycles(cyclic), [['a', 'b', 'c', 'a']]);
    assert.deepEqual(findCycles(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]])), []);
  });

  it('form no cycle', () => {
    const graph = importGraph(SRC);
    assert.ok(graph.size > 100, `only ${graph.size} modules were read from ${SRC}`);
    const cycles = findCycles(graph).map((c) => c.join(' -> '));
    assert.deepEqual(cycles, []);
  });
});
