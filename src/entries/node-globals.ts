/**
 * Node globals the runtime relies on that some test environments take away: jest's jsdom
 * environment runs tests in a window-like global without `structuredClone` and `setImmediate`.
 * Where they are missing, they are filled in from Node's own modules (the clone is Node's
 * structured-clone serializer).
 */
import { clearImmediate as nodeClearImmediate, setImmediate as nodeSetImmediate } from 'node:timers';
import { deserialize, serialize } from 'node:v8';

/** Fills in what is missing and returns the names it added. */
export function fillNodeGlobals(): string[] {
  const g = globalThis as Record<string, unknown>;
  const added: string[] = [];
  const fill = (name: string, value: unknown): void => {
    if (typeof g[name] === 'function') return;
    Object.defineProperty(g, name, { value, writable: true, configurable: true, enumerable: false });
    added.push(name);
  };
  fill('structuredClone', (value: unknown) => deserialize(serialize(value)));
  fill('setImmediate', nodeSetImmediate);
  fill('clearImmediate', nodeClearImmediate);
  return added;
}
