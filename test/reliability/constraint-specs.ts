/**
 * Arbitrary MediaTrackConstraints arguments: mostly well-shaped (bare values, range
 * dictionaries, string lists, Point2D lists, advanced sets) with hostile values inside, and
 * sometimes anything at all.
 */
import fc from 'fast-check';
import { VIDEO_PROPERTIES } from '../../src/constraints/properties.js';
import { numberArb, type Spec, specArb, WORDS } from './values.js';

export const NAMES: readonly string[] = VIDEO_PROPERTIES.map((row) => row.name);
const RANGE_KEYS = ['min', 'max', 'exact', 'ideal'];

const p = (v: unknown): Spec => ({ t: 'prim', v });
const wordArb = fc.constantFrom(...WORDS);

/** A value for one constraint: mostly well-shaped (bare, range dictionary, list, points), sometimes anything. */
export const constraintValueArb: fc.Arbitrary<Spec> = fc.oneof(
  numberArb.map(p),
  wordArb.map(p),
  fc.boolean().map(p),
  fc
    .dictionary(
      fc.constantFrom(...RANGE_KEYS),
      fc.oneof(numberArb.map(p), wordArb.map(p), fc.boolean().map(p), specArb([], [], 1)),
      { maxKeys: 3 },
    )
    .map((d): Spec => ({ t: 'obj', entries: Object.entries(d), deco: { d: 'plain' } })),
  fc.array(wordArb.map(p), { maxLength: 3 }).map((items): Spec => ({ t: 'arr', items, deco: { d: 'plain' } })),
  fc
    .array(fc.record({ x: numberArb, y: numberArb }), { maxLength: 3 })
    .map(
      (pts): Spec => ({
        t: 'arr',
        items: pts.map((pt) => ({ t: 'obj', entries: [['x', p(pt.x)], ['y', p(pt.y)]], deco: { d: 'plain' } })),
        deco: { d: 'plain' },
      }),
    ),
  specArb([...RANGE_KEYS, 'x', 'y'], [], 2),
);

export const constraintSetArb: fc.Arbitrary<Spec> = fc
  .tuple(fc.dictionary(fc.constantFrom(...NAMES), constraintValueArb, { maxKeys: 4 }), specArb(NAMES, [], 0))
  .map(([d, deco]): Spec => ({ t: 'obj', entries: Object.entries(d), deco: deco.t === 'obj' ? deco.deco : { d: 'plain' } }));

/** A MediaTrackConstraints argument: a basic set with optional advanced sets, or anything at all. */
export const constraintsArb: fc.Arbitrary<Spec> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(
    constraintSetArb,
    fc.option(fc.array(constraintSetArb, { maxLength: 3 }), { nil: undefined }),
  ).map(([basic, adv]): Spec => {
    if (basic.t !== 'obj' || adv === undefined) return basic;
    return { ...basic, entries: [...basic.entries, ['advanced', { t: 'arr', items: adv, deco: { d: 'plain' } }]] };
  }) },
  { weight: 1, arbitrary: specArb([...NAMES, 'advanced'], [], 3) },
);
