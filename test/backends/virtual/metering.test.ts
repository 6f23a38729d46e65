import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { luma } from '../../../src/backends/virtual/color.js';
import { meter, type Lighting, type Metering } from '../../../src/backends/virtual/metering.js';
import { probe, SCENE, type SceneObject } from '../../../src/backends/virtual/scene.js';
import { toWorld, viewFor, type View } from '../../../src/backends/virtual/view.js';
import type { Point2D } from '../../../src/spec/types.js';

/** Metering done the plain way: every sample probes every object at its time. */
function probedEverywhere(objects: readonly SceneObject[], view: View, t: number, points: readonly Point2D[], l: Lighting): Metering {
  const clamp = (v: number): number => Math.min(1, Math.max(0, v));
  const at = (nx: number, ny: number): SceneObject => {
    const w = toWorld(view, clamp(nx), clamp(ny));
    return probe(objects, w.x, w.y, t);
  };
  let sum = 0;
  let lumaSum = 0;
  const light = [0, 0, 0];
  const sample = (nx: number, ny: number, weight: number): void => {
    const o = at(nx, ny);
    const lamp = l.lamp / (o.depth * o.depth);
    const c = [0, 1, 2].map((k) => l.ambient[k]! + lamp * l.lampColor[k]!);
    lumaSum += weight * luma(o.mean[0] * c[0]!, o.mean[1] * c[1]!, o.mean[2] * c[2]!);
    for (let k = 0; k < 3; k++) light[k]! += weight * c[k]!;
    sum += weight;
  };
  if (points.length === 0) {
    for (let j = 0; j < 12; j++) {
      for (let i = 0; i < 16; i++) {
        const nx = (i + 0.5) / 16;
        const ny = (j + 0.5) / 12;
        sample(nx, ny, Math.exp(-((nx - 0.5) ** 2 + (ny - 0.5) ** 2) / (2 * 0.25 * 0.25)));
      }
    }
  } else {
    for (const p of points) {
      for (let j = -2; j <= 2; j++) for (let i = -2; i <= 2; i++) sample(p.x + (i * 0.05) / 2, p.y + (j * 0.05) / 2, 1);
    }
  }
  const votes = new Map<number, number>();
  const centres = points.length === 0 ? [{ x: 0.5, y: 0.5 }] : points;
  const half = points.length === 0 ? 0.06 : 0.02;
  for (const c of centres) {
    for (let j = -2; j <= 2; j++) {
      for (let i = -2; i <= 2; i++) {
        const d = at(c.x + (i * half) / 2, c.y + (j * half) / 2).depth;
        votes.set(d, (votes.get(d) ?? 0) + 1);
      }
    }
  }
  let depth = Infinity;
  let most = -1;
  for (const [d, n] of votes) {
    if (n > most || (n === most && d < depth)) {
      depth = d;
      most = n;
    }
  }
  return { luma: lumaSum / sum, light: [light[0]! / sum, light[1]! / sum, light[2]! / sum], depth };
}

describe('metering', () => {
  const torch: Lighting = { ambient: [0.9, 1, 1.1], lamp: 0.25, lampColor: [1, 0.95, 0.9] };
  const views = [
    viewFor({ sensorFovX: 70, sensorAspect: 4 / 3, width: 640, height: 480, zoom: 1, pan: 0, tilt: 0 }),
    // Zoomed onto the ball's path, so it crosses the samples as it moves.
    viewFor({ sensorFovX: 70, sensorAspect: 4 / 3, width: 1920, height: 1080, zoom: 4, pan: 24 * 3600, tilt: -15 * 3600 }),
  ];
  const pointSets: Point2D[][] = [[], [{ x: 0.5, y: 0.5 }, { x: 0.1, y: 0.9 }]];

  it('gives, tick after tick, exactly what probing every object at every sample gives', () => {
    const objects = [...SCENE];
    for (const view of views) {
      for (const points of pointSets) {
        // Ticks of 10 ms over one sweep of the ball and back.
        for (let t = 0; t <= 4000; t += 10) {
          assert.deepEqual(meter(objects, view, t, points, torch), probedEverywhere(objects, view, t, points, torch), `t=${t}`);
        }
      }
    }
  });

  it('follows a change of the objects in place (a picture card added to the scene)', () => {
    const objects: SceneObject[] = [...SCENE];
    const view = views[0]!;
    const before = meter(objects, view, 500, [], torch);
    const card: SceneObject = { ...SCENE[1]!, name: 'card', depth: 0.5, shape: { kind: 'rect', x0: -40, y0: -30, x1: 40, y1: 30 } };
    objects.push(card);
    const after = meter(objects, view, 500, [], torch);
    assert.deepEqual(after, probedEverywhere(objects, view, 500, [], torch));
    assert.notDeepEqual(after, before);
  });
});
