/**
 * Command-line flags for the constrainable video properties, generated from the one property
 * table (src/constraints/properties.ts): every row but deviceId and groupId becomes a flag, named
 * in kebab-case, with a value parser chosen by the row's setting type and help text from its
 * summary and unit. Video width and height are `--video-width`/`--video-height` so they do not
 * collide with the photo's `--width`/`--height` (imageWidth/imageHeight).
 */
import { Option } from './commander.js';
import { type PropertyRow, VIDEO_PROPERTIES } from '../constraints/properties.js';
import type { Point2D } from '../spec/types.js';
import { usageError } from './errors.js';
import { strictNumber } from './values.js';

/** Flag names that differ from the kebab-case of the property name. */
const RENAMED: Readonly<Record<string, string>> = { width: 'video-width', height: 'video-height' };
/** Properties with no generated flag: deviceId is `--device` (see camera.ts), groupId is not offered. */
const LEFT_OUT: ReadonlySet<string> = new Set(['deviceId', 'groupId']);

/** Most points `--points-of-interest` accepts. */
export const MAX_POINTS = 64;

export interface ConstraintFlag {
  readonly row: PropertyRow;
  /** Long flag without dashes: "zoom", "video-width", "focus-mode". */
  readonly flag: string;
  /** Where commander stores the value: the camel-case of `flag` ("videoWidth"). */
  readonly key: string;
}

export function kebabCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function camelCase(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** One entry per constrainable video property that has a flag, in the table's order. */
export const CONSTRAINT_FLAGS: readonly ConstraintFlag[] = VIDEO_PROPERTIES.filter((row) => !LEFT_OUT.has(row.name)).map((row) => {
  const flag = RENAMED[row.name] ?? kebabCase(row.name);
  return { row, flag, key: camelCase(flag) };
});

const byProperty = new Map(CONSTRAINT_FLAGS.map((f) => [f.row.name, f]));

/** The flag ("--zoom") that sets a property, for messages. */
export function flagFor(property: string): string {
  const f = byProperty.get(property);
  return f ? `--${f.flag}` : property;
}

/** Parses a number for a property's flag; 'long' settings must be whole numbers. */
export function parsePropertyNumber(row: PropertyRow, text: string): number {
  const n = strictNumber(text);
  if (n === undefined) throw usageError(`${flagFor(row.name)} ${text} is not a number`);
  if (row.setting === 'long' && (!Number.isInteger(n) || n < 0)) throw usageError(`${flagFor(row.name)} ${text} must be a whole number`);
  return n;
}

/** `x,y` or `x,y;x,y…`, each coordinate from 0 to 1 (a fraction of the frame from the top left). */
export function parsePoints(text: string): Point2D[] {
  const flag = flagFor('pointsOfInterest');
  const parts = text.split(';').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) throw usageError(`${flag} needs points written x,y or x,y;x,y, each coordinate from 0 to 1`);
  if (parts.length > MAX_POINTS) throw usageError(`${flag} accepts at most ${MAX_POINTS} points`);
  return parts.map((part) => {
    const xy = part.split(',');
    const x = xy.length === 2 ? strictNumber(xy[0]!) : undefined;
    const y = xy.length === 2 ? strictNumber(xy[1]!) : undefined;
    if (x === undefined || y === undefined) {
      throw usageError(`${flag} "${part}" is not a point; write x,y with each coordinate from 0 to 1`);
    }
    if (x < 0 || x > 1 || y < 0 || y > 1) throw usageError(`${flag} "${part}" is outside the frame; each coordinate goes from 0 to 1`);
    return { x, y };
  });
}

function describe(row: PropertyRow): string {
  let text = row.summary;
  if (row.unit) text += ` [${row.unit}]`;
  if (row.effectiveWhen) {
    const mode = flagFor(row.effectiveWhen.property);
    text += ` Takes effect with ${mode} ${row.effectiveWhen.values.join(' or ')}, which is set too unless ${mode} is given.`;
  }
  return text;
}

/** The commander options for one property (two for booleans: `--torch` and `--no-torch`). */
function optionsFor(f: ConstraintFlag): Option[] {
  const { row, flag } = f;
  switch (row.setting) {
    case 'boolean':
      const what = row.summary.replace(/\.$/, '');
      return [new Option(`--${flag}`, `${what}: on.`), new Option(`--no-${flag}`, `${what}: off.`)];
    case 'Point2D[]':
      return [new Option(`--${flag} <x,y[;x,y...]>`, describe(row)).argParser(parsePoints)];
    case 'DOMString':
      return [new Option(`--${flag} <mode>`, describe(row)).choices(row.values ?? [])];
    case 'long':
    case 'double':
      return [new Option(`--${flag} <number>`, describe(row)).argParser((text: string) => parsePropertyNumber(row, text))];
  }
}

/** Adds every constraint flag to a command, under their own help heading. */
export function addConstraintOptions(cmd: { addOption(option: Option): unknown }): void {
  for (const f of CONSTRAINT_FLAGS) {
    for (const option of optionsFor(f)) cmd.addOption(option.helpGroup('Camera properties:'));
  }
}

/** The property values given on the command line, keyed by property name ({ zoom: 2, torch: true }). */
export function constraintsFromOptions(opts: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of CONSTRAINT_FLAGS) {
    const value = opts[f.key];
    if (value !== undefined) out[f.row.name] = value;
  }
  return out;
}
