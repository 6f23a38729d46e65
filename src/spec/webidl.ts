/**
 * WebIDL argument conversions, done once at the public boundary. Internal code trusts what these
 * return and never validates again.
 *
 * Each converter takes a `ctx` string naming the argument or member ("Failed to execute
 * 'takePhoto' on 'ImageCapture': member imageWidth") so TypeErrors say what was wrong.
 * Getters on dictionaries are read exactly once, in WebIDL's order (lexicographic), and anything
 * they throw propagates unchanged, as WebIDL requires.
 */
import { typeError } from './errors.js';

/** The most items a sequence conversion reads before giving up (guards against endless iterators). */
export const MAX_SEQUENCE_LENGTH = 100_000;

export function isObject(v: unknown): v is object {
  return (typeof v === 'object' && v !== null) || typeof v === 'function';
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'symbol') return 'a symbol';
  if (typeof v === 'function') return 'a function';
  if (Array.isArray(v)) return 'an array';
  return 'an object';
}
export { describe as describeValue };

/** ECMAScript ToNumber as WebIDL uses it (symbols and bigints are TypeErrors). */
function toNumber(v: unknown, ctx: string): number {
  if (typeof v === 'symbol' || typeof v === 'bigint') throw typeError(`${ctx} is ${describe(v)}, which is not a number.`);
  return Number(v);
}

/** WebIDL `double`: finite numbers only. */
export function double(v: unknown, ctx: string): number {
  const n = toNumber(v, ctx);
  if (!Number.isFinite(n)) throw typeError(`${ctx} is ${describe(v)}, which is not a finite number.`);
  return n;
}

/** WebIDL `unrestricted double`. */
export function unrestrictedDouble(v: unknown, ctx: string): number {
  return toNumber(v, ctx);
}

/** WebIDL integer conversion for `unsigned long` / `long long` families, with [Clamp] or [EnforceRange]. */
export function integer(
  v: unknown,
  ctx: string,
  opts: { min: number; max: number; clamp?: boolean; enforceRange?: boolean },
): number {
  let n = toNumber(v, ctx);
  if (opts.enforceRange) {
    if (!Number.isFinite(n)) throw typeError(`${ctx} is ${describe(v)}, which is not a finite number.`);
    n = Math.trunc(n);
    if (n < opts.min || n > opts.max) throw typeError(`${ctx} is ${n}, outside ${opts.min}–${opts.max}.`);
    return n + 0;
  }
  if (opts.clamp) {
    if (Number.isNaN(n)) return 0;
    n = Math.min(Math.max(n, opts.min), opts.max);
    // round half to even
    const f = Math.floor(n);
    const r = n - f;
    n = r > 0.5 ? f + 1 : r < 0.5 ? f : f % 2 === 0 ? f : f + 1;
    return n + 0;
  }
  if (!Number.isFinite(n) || n === 0) return 0;
  n = Math.trunc(n);
  const range = opts.max - opts.min + 1;
  n = ((n % range) + range) % range;
  if (opts.min < 0 && n > opts.max) n -= range;
  return n;
}

export function unsignedLong(v: unknown, ctx: string, opts: { clamp?: boolean; enforceRange?: boolean } = {}): number {
  return integer(v, ctx, { min: 0, max: 4294967295, ...opts });
}

export function unsignedShort(v: unknown, ctx: string, opts: { clamp?: boolean; enforceRange?: boolean } = {}): number {
  return integer(v, ctx, { min: 0, max: 65535, ...opts });
}

export function longLong(v: unknown, ctx: string, opts: { clamp?: boolean; enforceRange?: boolean } = {}): number {
  return integer(v, ctx, { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, ...opts });
}

/** WebIDL `boolean`: ToBoolean, never throws. */
export function boolean(v: unknown): boolean {
  return Boolean(v);
}

/** WebIDL `DOMString`. */
export function domString(v: unknown, ctx: string): string {
  if (typeof v === 'symbol') throw typeError(`${ctx} is a symbol, which cannot be converted to a string.`);
  return String(v);
}

/** A WebIDL enumeration: a DOMString that must be one of `values`. */
export function enumeration<T extends string>(v: unknown, values: readonly T[], ctx: string, enumName: string): T {
  const s = domString(v, ctx);
  if (!(values as readonly string[]).includes(s)) {
    throw typeError(
      `${ctx} is ${describe(s)}, which is not a valid ${enumName} value; allowed: ${values.map((x) => `"${x}"`).join(', ')}.`,
    );
  }
  return s as T;
}

/**
 * The first step of converting a dictionary: undefined and null become an empty dictionary,
 * other non-objects are TypeErrors. Returns the object to read members from (or undefined).
 */
export function dictionary(v: unknown, ctx: string): object | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw typeError(`${ctx} is ${describe(v)}; a dictionary (object) is required.`);
  return v;
}

/** Reads one dictionary member (running getters once); undefined when absent. */
export function member(dict: object | undefined, key: string): unknown {
  if (dict === undefined) return undefined;
  return (dict as Record<string, unknown>)[key];
}

/** Reads every member of `keys` in WebIDL order (lexicographic), so getter side effects happen in spec order. */
export function members<K extends string>(dict: object | undefined, keys: readonly K[]): Partial<Record<K, unknown>> {
  const out: Partial<Record<K, unknown>> = {};
  if (dict === undefined) return out;
  for (const key of [...keys].sort()) {
    const value = (dict as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** WebIDL `sequence<T>`. */
export function sequence<T>(v: unknown, ctx: string, item: (x: unknown, ctx: string) => T): T[] {
  if (!isObject(v)) throw typeError(`${ctx} is ${describe(v)}; a sequence (array) is required.`);
  const method = (v as { [Symbol.iterator]?: unknown })[Symbol.iterator];
  if (typeof method !== 'function') throw typeError(`${ctx} is not iterable; a sequence (array) is required.`);
  const iterator = (method as () => Iterator<unknown>).call(v);
  if (!isObject(iterator)) throw typeError(`${ctx}: its iterator is not an object.`);
  const out: T[] = [];
  for (;;) {
    const step = iterator.next();
    if (!isObject(step)) throw typeError(`${ctx}: its iterator returned a non-object.`);
    if (step.done) break;
    if (out.length >= MAX_SEQUENCE_LENGTH) {
      throw typeError(`${ctx} has more than ${MAX_SEQUENCE_LENGTH} items.`);
    }
    out.push(item(step.value, `${ctx}[${out.length}]`));
  }
  return out;
}

/** An interface's brand: its name and the check that a value is one of its platform objects. */
export interface Brand<T> {
  readonly name: string;
  has(value: unknown): value is T;
}

/**
 * The one brand check every method, getter and setter starts with: `value` (the receiver) must be
 * an object made by the interface's constructor, else TypeError "Illegal invocation".
 * https://webidl.spec.whatwg.org/#dfn-create-operation-function step 2.1.2
 */
export function requireBrand<T>(value: unknown, brand: Brand<T>, member: string): T {
  if (!brand.has(value)) throw typeError(`Failed to execute '${member}' on '${brand.name}': Illegal invocation.`);
  return value;
}

/** An interface's members as its IDL declares them. */
export interface InterfaceMembers {
  /** The constructor's `length`: how many arguments it requires (0 when it has none). */
  readonly length: number;
  /** Regular attributes (accessor properties on the prototype), event handler attributes included. */
  readonly attributes?: readonly string[];
  /** Regular operations and how many arguments each requires (the function's `length`). */
  readonly operations?: Readonly<Record<string, number>>;
  /** Constants: on both the interface object and its prototype. */
  readonly constants?: Readonly<Record<string, number>>;
  /** Static operations and how many arguments each requires. */
  readonly staticOperations?: Readonly<Record<string, number>>;
  /** Documented operations this package adds beyond the IDL (each listed in docs/behaviour.md). */
  readonly extensions?: Readonly<Record<string, number>>;
  /**
   * Members inherited from a parent interface that this implementation overrides on the
   * prototype (same behaviour, observed to start work such as a device watcher).
   */
  readonly overrides?: readonly string[];
}

const FUNCTION_OWN_KEYS: readonly PropertyKey[] = ['length', 'name', 'prototype'];

/**
 * Gives an interface object the shape WebIDL defines: attributes and operations enumerable,
 * operations' and the constructor's `length` the count of required arguments, constants
 * read-only on both objects, `Symbol.toStringTag` a read-only data property with the name.
 * Anything else the class declares (helpers for this package's own modules) is an error, so a
 * global never carries members its IDL does not list.
 * https://webidl.spec.whatwg.org/#es-interfaces
 */
export function defineInterface(ctor: abstract new (...args: never[]) => unknown, name: string, members: InterfaceMembers): void {
  const proto = ctor.prototype as object;
  const allowedProto = new Set<PropertyKey>(['constructor', Symbol.toStringTag, ...(members.overrides ?? [])]);
  const allowedStatic = new Set<PropertyKey>(FUNCTION_OWN_KEYS);
  for (const attribute of members.attributes ?? []) {
    const desc = Object.getOwnPropertyDescriptor(proto, attribute);
    if (!desc || !desc.get) throw new Error(`${name}.prototype.${attribute} is not an accessor.`);
    Object.defineProperty(proto, attribute, { ...desc, enumerable: true });
    allowedProto.add(attribute);
  }
  const operations = (target: object, ops: Readonly<Record<string, number>>, allowed: Set<PropertyKey>): void => {
    for (const [op, length] of Object.entries(ops)) {
      const desc = Object.getOwnPropertyDescriptor(target, op);
      if (!desc || typeof desc.value !== 'function') throw new Error(`${name}: operation ${op} is not defined.`);
      Object.defineProperty(desc.value, 'length', { value: length, writable: false, enumerable: false, configurable: true });
      Object.defineProperty(target, op, { ...desc, enumerable: true });
      allowed.add(op);
    }
  };
  operations(proto, { ...members.operations, ...members.extensions }, allowedProto);
  operations(ctor, members.staticOperations ?? {}, allowedStatic);
  for (const [constant, value] of Object.entries(members.constants ?? {})) {
    for (const [target, allowed] of [[ctor, allowedStatic], [proto, allowedProto]] as const) {
      Object.defineProperty(target, constant, { value, writable: false, enumerable: true, configurable: false });
      allowed.add(constant);
    }
  }
  Object.defineProperty(proto, Symbol.toStringTag, { value: name, writable: false, enumerable: false, configurable: true });
  Object.defineProperty(ctor, 'length', { value: members.length, writable: false, enumerable: false, configurable: true });
  const extra = [
    ...Reflect.ownKeys(ctor).filter((k) => !allowedStatic.has(k)).map((k) => `${name}.${String(k)}`),
    ...Reflect.ownKeys(proto).filter((k) => !allowedProto.has(k)).map((k) => `${name}.prototype.${String(k)}`),
  ];
  if (extra.length > 0) throw new Error(`Members outside the IDL of ${name}: ${extra.join(', ')}.`);
}

/** WebIDL `T?`: null stays null, anything else converts as `T`. */
export function nullable<T>(converter: (value: unknown, ctx: string) => T): (value: unknown, ctx: string) => T | null {
  return (value, ctx) => (value === null ? null : converter(value, ctx));
}

/** A dictionary member declared as data: its key, how its value converts, and what an absent one means. */
export interface DictionaryMember<K extends string = string, V = unknown> {
  readonly key: K;
  readonly converter: (value: unknown, ctx: string) => V;
  /** The value an absent member takes (the IDL default); absent members stay absent without one. */
  readonly defaultValue?: V;
  readonly required?: boolean;
}

type MemberValue<E> = E extends DictionaryMember<string, infer V> ? V : never;
/** Members that are always present after conversion: required ones and those with a default. */
type Present<E> = E extends { readonly required: true } | { readonly defaultValue: unknown } ? true : false;

type DictionaryResult<M extends readonly DictionaryMember[]> = {
  [E in M[number] as Present<E> extends true ? E['key'] : never]: MemberValue<E>;
} & {
  [E in M[number] as Present<E> extends true ? never : E['key']]?: MemberValue<E>;
};

/**
 * A dictionary converter built from its members: undefined/null is the empty dictionary,
 * members are read once each in lexicographic order and converted as they are read, a missing
 * required member is a TypeError, defaults fill what is absent.
 * https://webidl.spec.whatwg.org/#js-dictionary
 */
export function dictionaryConverter<const M extends readonly DictionaryMember[]>(
  name: string,
  members: M,
): (value: unknown, ctx: string) => DictionaryResult<M> {
  const ordered = [...members].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return (value, ctx) => {
    const dict = dictionary(value, ctx);
    const out: Record<string, unknown> = {};
    for (const { key, converter, defaultValue, required } of ordered) {
      const raw = member(dict, key);
      if (raw !== undefined) out[key] = converter(raw, `${ctx}: member ${key}`);
      else if (required) throw typeError(`${ctx}: required member ${key} is undefined; ${name} needs it.`);
      else if (defaultValue !== undefined) out[key] = defaultValue;
    }
    return out as DictionaryResult<M>;
  };
}

/** "Failed to execute 'm' on 'I'" — the prefix of every message from a method call. */
export function methodContext(iface: string, method: string): string {
  return `Failed to execute '${method}' on '${iface}'`;
}
