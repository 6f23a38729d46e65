/**
 * Parsing what Debian's `v4l2-ctl` (v4l-utils) prints about a device's controls: the control
 * lines of `--list-ctrls`, `--list-ctrls-menus` and `--all`, and the `name: value` lines of
 * `--get-ctrl`. Pure functions over text, tested with recorded output of real webcams.
 *
 * A control line looks like
 *   `      exposure_time_absolute 0x009a0902 (int)    : min=3 max=2047 step=1 default=250 value=250 flags=inactive`
 * (older v4l-utils leave out the hex id); menu entries follow on their own lines (`1: Manual Mode`).
 */

export type ControlType = 'int' | 'bool' | 'menu' | 'intmenu' | 'button' | 'int64' | 'string' | 'bitmask' | 'other';

export interface V4l2Control {
  readonly name: string;
  readonly type: ControlType;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly default: number;
  /** undefined for write-only controls and buttons. */
  readonly value: number | undefined;
  /** "inactive" (the driver ignores it now, e.g. a manual value under automatic mode), "read-only"… */
  readonly flags: readonly string[];
  /** Menu entries by index (menu controls, with --list-ctrls-menus or --all). */
  readonly menu: ReadonlyMap<number, string>;
}

const CONTROL_LINE = /^\s*([a-z0-9_]+)\s+(?:0x[0-9a-f]+\s+)?\((\w+)\)\s*:\s*(.*)$/i;
const MENU_LINE = /^\s*(-?\d+):\s*(.+?)\s*$/;

function controlType(text: string): ControlType {
  switch (text) {
    case 'int':
    case 'bool':
    case 'menu':
    case 'button':
    case 'int64':
    case 'bitmask':
      return text;
    case 'intmenu':
      return 'intmenu';
    case 'str':
    case 'string':
      return 'string';
    default:
      return 'other';
  }
}

/** The controls listed in `v4l2-ctl --list-ctrls[-menus]` or `--all` output, in order. */
export function parseControls(text: string): V4l2Control[] {
  const out: Array<V4l2Control & { menu: Map<number, string> }> = [];
  let last: (typeof out)[number] | undefined;
  for (const line of text.split(/\r?\n/)) {
    const m = CONTROL_LINE.exec(line);
    if (m) {
      const fields = new Map<string, string>();
      for (const f of m[3]!.matchAll(/(\w+)=(\S*)/g)) fields.set(f[1]!, f[2]!);
      const num = (key: string, fallback: number): number => {
        const v = fields.get(key);
        const n = v === undefined || v === '' ? NaN : Number(v);
        return Number.isFinite(n) ? n : fallback;
      };
      const type = controlType(m[2]!);
      const value = num('value', NaN);
      last = {
        name: m[1]!,
        type,
        min: num('min', type === 'bool' ? 0 : 0),
        max: num('max', type === 'bool' ? 1 : 0),
        step: num('step', 1),
        default: num('default', 0),
        value: Number.isFinite(value) ? value : undefined,
        flags: (fields.get('flags') ?? '').split(',').filter(Boolean),
        menu: new Map(),
      };
      out.push(last);
      continue;
    }
    const menu = MENU_LINE.exec(line);
    if (menu && last && (last.type === 'menu' || last.type === 'intmenu')) {
      last.menu.set(Number(menu[1]), menu[2]!);
      continue;
    }
    // Section titles ("User Controls"), driver info and blank lines end nothing: menus only
    // follow their control directly, and a new control line starts a new control.
    if (line.trim() !== '' && !menu) last = undefined;
  }
  return out;
}

/** Values from `v4l2-ctl --get-ctrl=a,b` output (`a: 1` lines). */
export function parseGetCtrl(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([a-z0-9_]+):\s*(-?\d+)\s*$/i.exec(line);
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}
