/**
 * Debian's `v4l2-ctl` (package v4l-utils) as the way to a V4L2 device's controls: nothing is
 * compiled at install time, the tool is spawned with argument arrays (never a shell) through an
 * injectable runner (the ffmpeg backend's FfmpegHost), so tests stand in a fake tool that records
 * what was set. `IMAGECAPTURE_V4L2CTL` names another executable.
 */
import type { RunOptions, RunResult } from '../ffmpeg/host.js';
import { parseControls, parseGetCtrl, type V4l2Control } from './ctl-output.js';

/** What runs tools: FfmpegHost satisfies it. */
export interface ToolRunner {
  env(name: string): string | undefined;
  run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult>;
}

const CTL_TIMEOUT_MS = 5000;
export const INSTALL_HINT = 'install v4l-utils (Debian/Ubuntu: `apt-get install v4l-utils`) for hardware controls';

/** The controls of a device, or why they cannot be read. */
export type ControlListing = { readonly ok: true; readonly controls: V4l2Control[] } | { readonly ok: false; readonly reason: string };

export class V4l2Ctl {
  readonly #runner: ToolRunner;
  readonly #command: string;

  constructor(runner: ToolRunner) {
    this.#runner = runner;
    this.#command = runner.env('IMAGECAPTURE_V4L2CTL') || 'v4l2-ctl';
  }

  /** `v4l2-ctl --device D --list-ctrls-menus`. */
  async list(device: string): Promise<ControlListing> {
    let result: RunResult;
    try {
      result = await this.#runner.run(this.#command, ['--device', device, '--list-ctrls-menus'], { timeoutMs: CTL_TIMEOUT_MS });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return {
        ok: false,
        reason: code === 'ENOENT'
          ? `v4l2-ctl is not installed; ${INSTALL_HINT}`
          : `v4l2-ctl could not be started (${code ?? (error as Error).message})`,
      };
    }
    if (result.timedOut) return { ok: false, reason: `v4l2-ctl did not answer within ${CTL_TIMEOUT_MS} ms` };
    if (result.code !== 0) {
      return { ok: false, reason: `v4l2-ctl could not read the controls (${firstLine(result.stderr) || `exit ${result.code}`})` };
    }
    return { ok: true, controls: parseControls(result.stdout) };
  }

  /** Sets controls in order, in one run (`--set-ctrl=a=1,b=2`). Rejects with the tool's message. */
  async set(device: string, values: ReadonlyArray<readonly [string, number]>): Promise<void> {
    if (values.length === 0) return;
    const list = values.map(([name, value]) => `${name}=${Math.round(value)}`).join(',');
    const result = await this.#runner.run(this.#command, ['--device', device, `--set-ctrl=${list}`], { timeoutMs: CTL_TIMEOUT_MS });
    if (result.timedOut) throw new Error(`v4l2-ctl did not answer within ${CTL_TIMEOUT_MS} ms`);
    if (result.code !== 0) throw new Error(`the device refused ${list}: ${firstLine(result.stderr) || `exit ${result.code}`}`);
  }

  /** Reads controls back (`--get-ctrl=a,b`); controls the tool did not report are left out. */
  async get(device: string, names: readonly string[]): Promise<Map<string, number>> {
    if (names.length === 0) return new Map();
    const result = await this.#runner.run(
      this.#command,
      ['--device', device, `--get-ctrl=${names.join(',')}`],
      { timeoutMs: CTL_TIMEOUT_MS },
    );
    return parseGetCtrl(result.stdout);
  }
}

function firstLine(text: string): string {
  return text.split(/\r?\n/).map((l) => l.trim()).find(Boolean) ?? '';
}
