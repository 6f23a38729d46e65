/**
 * A fake `v4l2-ctl` over recorded control listings of real webcams (fixtures/): it answers
 * --list-ctrls-menus, --get-ctrl and --set-ctrl as the tool does, keeps the values a driver would
 * (clamped to the range, on the step), refuses a manual value while its automatic is on (as UVC
 * drivers do for inactive controls), and records every control set, in order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { nodeHost, type FfmpegHost, type RunResult } from '../../../src/backends/ffmpeg/host.js';
import { FFMPEG } from './helpers.js';
import { parseControls } from '../../../src/backends/v4l2/ctl-output.js';

export function fixture(name: string): string {
  return readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
}

interface Control {
  name: string;
  type: string;
  min: number;
  max: number;
  step: number;
  default: number;
  value: number;
  menu: Map<number, string>;
}

/** Manual controls and the automatic control (with its "automatic" test) that makes them inactive. */
const AUTOMATICS: ReadonlyArray<readonly [string[], string[], (v: number) => boolean]> = [
  [['exposure_time_absolute', 'exposure_absolute'], ['auto_exposure', 'exposure_auto'], (v) => v !== 1],
  [['focus_absolute'], ['focus_automatic_continuous', 'focus_auto'], (v) => v !== 0],
  [['white_balance_temperature'], ['white_balance_automatic', 'white_balance_temperature_auto'], (v) => v !== 0],
];

const ok = (stdout: string, code = 0, stderr = ''): RunResult => ({ code, signal: null, stdout, stderr, timedOut: false });

export class FakeV4l2Camera {
  readonly controls = new Map<string, Control>();
  /** Every control set, in order: [name, value]. */
  readonly sets: Array<[string, number]> = [];
  /** Every run's arguments. */
  readonly runs: string[][] = [];

  constructor(listing: string) {
    for (const c of parseControls(listing)) {
      this.controls.set(
        c.name,
        {
          name: c.name,
          type: c.type,
          min: c.min,
          max: c.max,
          step: c.step,
          default: c.default,
          value: c.value ?? c.default,
          menu: new Map(c.menu),
        },
      );
    }
  }

  #inactive(name: string): boolean {
    for (const [manual, autos, isAuto] of AUTOMATICS) {
      if (!manual.includes(name)) continue;
      const auto = autos.map((a) => this.controls.get(a)).find(Boolean);
      if (auto && isAuto(auto.value)) return true;
    }
    return false;
  }

  #line(c: Control): string {
    const flags = this.#inactive(c.name) ? ' flags=inactive' : '';
    const head = `${c.name.padStart(31)} 0x00000000 (${c.type})`.padEnd(50);
    if (c.type === 'bool') return `${head}: default=${c.default} value=${c.value}${flags}`;
    if (c.type === 'menu') {
      const entries = [...c.menu].map(([i, label]) => `\t\t\t\t${i}: ${label}`).join('\n');
      return `${head}: min=${c.min} max=${c.max} default=${c.default} value=${c.value}${flags}${entries ? `\n${entries}` : ''}`;
    }
    return `${head}: min=${c.min} max=${c.max} step=${c.step} default=${c.default} value=${c.value}${flags}`;
  }

  /** Answers one v4l2-ctl run. */
  run(args: readonly string[]): RunResult {
    this.runs.push([...args]);
    const action = args.find((a) => a.startsWith('--list-ctrls') || a.startsWith('--get-ctrl') || a.startsWith('--set-ctrl'));
    if (action === '--list-ctrls-menus' || action === '--list-ctrls') {
      return ok([...this.controls.values()].map((c) => this.#line(c)).join('\n') + '\n');
    }
    if (action?.startsWith('--get-ctrl=')) {
      const names = action.slice('--get-ctrl='.length).split(',');
      const known = names.filter((n) => this.controls.has(n));
      return ok(known.map((n) => `${n}: ${this.controls.get(n)!.value}`).join('\n') + '\n');
    }
    if (action?.startsWith('--set-ctrl=')) {
      for (const pair of action.slice('--set-ctrl='.length).split(',')) {
        const [name, text] = pair.split('=') as [string, string];
        const c = this.controls.get(name);
        if (!c) return ok('', 255, `unknown control '${name}'\n`);
        if (this.#inactive(name)) return ok('', 255, `VIDIOC_S_EXT_CTRLS: failed: Permission denied\n${name}: Permission denied\n`);
        const v = Number(text);
        const step = c.step > 0 ? c.step : 1;
        c.value = Math.min(c.max, c.min + Math.round((Math.min(c.max, Math.max(c.min, v)) - c.min) / step) * step);
        this.sets.push([name, c.value]);
      }
      return ok('');
    }
    return ok('', 1, 'unsupported in the fake\n');
  }
}

const LIST_FORMATS = [
  '[video4linux2,v4l2 @ 0x1] Compressed:       mjpeg :          Motion-JPEG : 640x480 1280x720 1920x1080',
  '[video4linux2,v4l2 @ 0x1] Raw       :     yuyv422 :           YUYV 4:2:2 : 640x480 320x240',
].join('\n');

/**
 * A Linux machine with webcams at the /dev nodes in `dev` (video0 by default; the array may change
 * to plug and unplug) whose controls are `camera` (or no v4l2-ctl); its ffmpeg streams ffmpeg's
 * test pattern at the asked size.
 */
export function webcamHost(
  camera: FakeV4l2Camera | undefined,
  label = 'HD Pro Webcam C920',
  dev: string[] = ['video0'],
  spawned: string[][] = [],
): FfmpegHost {
  const result = (stdout: string, stderr: string, code = 1): RunResult => ({ code, signal: null, stdout, stderr, timedOut: false });
  return {
    ...nodeHost,
    platform: 'linux',
    env: (name) => (name === 'PATH' ? '/fake/bin' : undefined),
    pathKind: (p) => (p.startsWith('/dev/') && dev.includes(p.slice(5)) ? 'device' : undefined),
    isExecutable: (p) => p === '/fake/bin/ffmpeg' || p === '/fake/bin/ffprobe',
    readdir: async (p) => (p === '/dev' ? [...dev] : []),
    readText: async (p) => (p === '/sys/class/video4linux/video0/name' ? `${label}\n` : p.endsWith('/index') ? '0\n' : undefined),
    realpath: async () => '/sys/devices/usb1/1-1',
    run: async (command, args) => {
      if (command === 'v4l2-ctl') {
        if (!camera) throw Object.assign(new Error('spawn v4l2-ctl ENOENT'), { code: 'ENOENT' });
        if (args.includes('--list-formats-ext')) return result('', '', 0);
        return camera.run(args);
      }
      if (args.includes('-version')) return result('ffmpeg version 5.1.9\n', '', 0);
      return result('', LIST_FORMATS);
    },
    spawn: (_command, args) => {
      spawned.push([...args]);
      const size = args[args.indexOf('-video_size') + 1]!;
      const rate = args[args.indexOf('-framerate') + 1]!;
      // A camera sending MJPEG: a copied stream is the JPEG it would send (ffmpeg's mjpeg encoder).
      const output = args.slice(args.indexOf('-i') + 2).map((a, i, all) => (a === 'copy' && all[i - 1] === '-c:v' ? 'mjpeg' : a));
      return spawn(
        FFMPEG!,
        ['-hide_banner', '-nostdin', '-loglevel', 'info', '-re', '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}`, ...output],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
    },
  };
}
