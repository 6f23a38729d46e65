/**
 * Hostile argument values for the property tests. fast-check generates a printable description
 * (a `Spec`); `build()` turns it into the actual value each time, so objects with getters,
 * proxies and revoked proxies are fresh for every call and a failing case prints readably.
 *
 * Everything user code can throw (a getter, a proxy trap, toString/valueOf) throws a *sentinel*:
 * an object registered here, so a test can tell "the thrown value propagated unchanged" from an
 * error the library made.
 */
import fc from 'fast-check';

const sentinels = new WeakSet<object>();

/** A value thrown by user code inside an argument; propagates unchanged if the library is right. */
export class Thrown extends Error {
  constructor(readonly where: string) {
    super(`thrown by ${where}`);
    this.name = 'Thrown';
  }
}

/** Whether `e` is one of the values thrown by our getters, traps and conversions. */
export function isSentinel(e: unknown): boolean {
  return typeof e === 'object' && e !== null && sentinels.has(e);
}

/** Three kinds of thrown values: an Error subclass, a plain object and a TypeError instance. */
export type SentinelKind = 'error' | 'object' | 'typeError';

function sentinel(kind: SentinelKind, where: string): object {
  const value = kind === 'error' ? new Thrown(where) : kind === 'object' ? { thrownBy: where } : new TypeError(`sentinel from ${where}`);
  sentinels.add(value);
  return value;
}

export type Trap = 'get' | 'has' | 'ownKeys' | 'getOwnPropertyDescriptor' | 'getPrototypeOf';

/** How an object is dressed up. */
export type Deco =
  | { d: 'plain' }
  | { d: 'nullProto' }
  | { d: 'frozen' }
  | { d: 'getterThrows'; key: string; kind: SentinelKind }
  | { d: 'cyclic'; key: string }
  | { d: 'proxy' }
  | { d: 'trapThrows'; trap: Trap; kind: SentinelKind };

/** A printable description of a value. `ref` names a platform object the test supplies. */
export type Spec =
  | { t: 'prim'; v: unknown }
  | { t: 'arr'; items: Spec[]; deco: Deco }
  | { t: 'obj'; entries: [string, Spec][]; deco: Deco }
  | { t: 'fn' }
  | { t: 'boxed'; v: number | string | boolean }
  | { t: 'date' }
  | { t: 'typed'; kind: 'u8' | 'u8c' | 'f64'; length: number }
  | { t: 'revoked' }
  | { t: 'convertThrows'; how: 'toString' | 'valueOf' | 'toPrimitive'; kind: SentinelKind }
  | { t: 'iterThrows'; kind: SentinelKind }
  | { t: 'ref'; name: string };

export const SPECIAL_NUMBERS: readonly number[] = [
  NaN, Infinity, -Infinity, -0, 0, 1, -1, 0.5, -0.5, 2 ** 31, 2 ** 32, 2 ** 53, -(2 ** 53), Number.MAX_VALUE,
  -Number.MAX_VALUE, Number.MIN_VALUE, 1e21, -1e21, 160, 320, 480, 640, 1080, 1920, 3024, 4032, 10, 100, 5000,
];

export const WORDS: readonly string[] = [
  '', 'auto', 'off', 'flash', 'bogus', 'manual', 'continuous', 'single-shot', 'none', 'user', 'environment',
  'crop-and-scale', 'camera', 'microphone', 'image/png', 'image/bmp', 'NaN', 'Infinity', '1e400', ' 12 ', '0x10',
  '-0', 'video', 'audio', 'motion', 'detail', 'text', 'speech', 'virtual:phone-back', 'virtual:webcam', 'true',
];

export const numberArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_NUMBERS) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer({ min: -100_000, max: 100_000 }) },
);

const stringArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

const SYMBOL = Symbol('hostile');

export const primitiveArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  numberArb,
  stringArb,
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.constant(SYMBOL),
);

const kindArb: fc.Arbitrary<SentinelKind> = fc.constantFrom('error', 'object', 'typeError');

function decoArb(keys: readonly string[]): fc.Arbitrary<Deco> {
  const key = keys.length ? fc.constantFrom(...keys) : fc.constant('x');
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant<Deco>({ d: 'plain' }) },
    { weight: 1, arbitrary: fc.constant<Deco>({ d: 'nullProto' }) },
    { weight: 1, arbitrary: fc.constant<Deco>({ d: 'frozen' }) },
    { weight: 2, arbitrary: fc.record({ d: fc.constant('getterThrows' as const), key, kind: kindArb }) },
    { weight: 1, arbitrary: fc.record({ d: fc.constant('cyclic' as const), key }) },
    { weight: 1, arbitrary: fc.constant<Deco>({ d: 'proxy' }) },
    {
      weight: 1,
      arbitrary: fc.record({
        d: fc.constant('trapThrows' as const),
        trap: fc.constantFrom<Trap>('get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf'),
        kind: kindArb,
      }),
    },
  );
}

/**
 * Specs of arbitrary values: primitives, arrays and objects whose keys are mostly `keys` (the
 * members the method reads) plus unknown ones, nested `depth` levels, and platform objects `refs`.
 */
export function specArb(keys: readonly string[], refs: readonly string[] = [], depth = 3): fc.Arbitrary<Spec> {
  const keyArb = fc.oneof(
    { weight: 4, arbitrary: keys.length ? fc.constantFrom(...keys) : fc.string({ maxLength: 6 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  );
  const { spec } = fc.letrec<{ spec: Spec }>((tie) => ({
    spec: fc.oneof(
      { depthSize: 'small', maxDepth: depth, withCrossShrink: true },
      { weight: 6, arbitrary: primitiveArb.map((v): Spec => ({ t: 'prim', v })) },
      {
        weight: 4,
        arbitrary: fc.record(
          { t: fc.constant('obj' as const), entries: fc.array(fc.tuple(keyArb, tie('spec')), { maxLength: 5 }), deco: decoArb(keys) },
        ),
      },
      {
        weight: 2,
        arbitrary: fc.record({ t: fc.constant('arr' as const), items: fc.array(tie('spec'), { maxLength: 4 }), deco: decoArb(['0', '1']) }),
      },
      { weight: 1, arbitrary: fc.constant<Spec>({ t: 'fn' }) },
      { weight: 1, arbitrary: fc.oneof(numberArb, stringArb, fc.boolean()).map((v): Spec => ({ t: 'boxed', v })) },
      { weight: 1, arbitrary: fc.constant<Spec>({ t: 'date' }) },
      {
        weight: 1,
        arbitrary: fc.record({
          t: fc.constant('typed' as const),
          kind: fc.constantFrom('u8', 'u8c', 'f64' as const),
          length: fc.constantFrom(0, 3, 4, 16, 64),
        }),
      },
      { weight: 1, arbitrary: fc.constant<Spec>({ t: 'revoked' }) },
      {
        weight: 1,
        arbitrary: fc.record(
          { t: fc.constant('convertThrows' as const), how: fc.constantFrom('toString', 'valueOf', 'toPrimitive' as const), kind: kindArb },
        ),
      },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('iterThrows' as const), kind: kindArb }) },
      ...(refs.length ? [{ weight: 2, arbitrary: fc.constantFrom(...refs).map((name): Spec => ({ t: 'ref', name })) }] : []),
    ),
  }));
  return spec;
}

function decorate(target: object, deco: Deco, where: string): unknown {
  switch (deco.d) {
    case 'plain':
      return target;
    case 'nullProto':
      return Object.assign(Object.create(null) as object, target);
    case 'frozen':
      return Object.freeze(target);
    case 'getterThrows': {
      const thrown = sentinel(deco.kind, `${where}.${deco.key} getter`);
      Object.defineProperty(target, deco.key, {
        get() {
          throw thrown;
        },
        enumerable: true,
        configurable: true,
      });
      return target;
    }
    case 'cyclic':
      (target as Record<string, unknown>)[deco.key] = target;
      return target;
    case 'proxy':
      return new Proxy(target, {});
    case 'trapThrows': {
      const thrown = sentinel(deco.kind, `${where} ${deco.trap} trap`);
      return new Proxy(target, {
        [deco.trap]: () => {
          throw thrown;
        },
      });
    }
  }
}

/** Makes the value a spec describes; `refs` supplies the platform objects named by `ref` specs. */
export function build(spec: Spec, refs: Readonly<Record<string, unknown>> = {}, where = 'arg'): unknown {
  switch (spec.t) {
    case 'prim':
      return spec.v;
    case 'arr':
      return decorate(spec.items.map((s, i) => build(s, refs, `${where}[${i}]`)), spec.deco, where);
    case 'obj': {
      const o: Record<string, unknown> = {};
      for (const [k, s] of spec.entries) o[k] = build(s, refs, `${where}.${k}`);
      return decorate(o, spec.deco, where);
    }
    case 'fn':
      return function hostile() {
        return 1;
      };
    case 'boxed':
      return Object(spec.v);
    case 'date':
      return new Date(0);
    case 'typed':
      return spec.kind === 'u8'
        ? new Uint8Array(spec.length)
        : spec.kind === 'u8c' ? new Uint8ClampedArray(spec.length) : new Float64Array(spec.length);
    case 'revoked': {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    }
    case 'convertThrows': {
      const thrown = sentinel(spec.kind, `${where} ${spec.how}`);
      const fail = (): never => {
        throw thrown;
      };
      if (spec.how === 'toPrimitive') return { [Symbol.toPrimitive]: fail };
      return spec.how === 'toString' ? { toString: fail, valueOf: fail } : { valueOf: fail, toString: fail };
    }
    case 'iterThrows': {
      const thrown = sentinel(spec.kind, `${where} iterator`);
      return {
        [Symbol.iterator]() {
          throw thrown;
        },
      };
    }
    case 'ref':
      if (!(spec.name in refs)) throw new Error(`test bug: no ref ${spec.name}`);
      return refs[spec.name];
  }
}

/** A spec of a plain dictionary with exactly these members (for targeted properties). */
export function dict(entries: Record<string, Spec>, deco: Deco = { d: 'plain' }): Spec {
  return { t: 'obj', entries: Object.entries(entries), deco };
}

export const prim = (v: unknown): Spec => ({ t: 'prim', v });

/** Half the time one of the platform objects `refs`, otherwise any value. */
export function refOrSpec(keys: readonly string[], refs: readonly string[], depth = 2): fc.Arbitrary<Spec> {
  return fc.oneof(specArb(keys, refs, depth), fc.constantFrom(...refs).map((name): Spec => ({ t: 'ref', name })));
}
