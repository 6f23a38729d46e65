/**
 * Parsers for the text ffmpeg (and v4l2-ctl) print when asked what capture devices and modes
 * exist. Pure functions over strings, so they are tested on every platform with sample text.
 *
 * - Linux: `ffmpeg -f v4l2 -list_formats all -i /dev/videoN` (formats and sizes) and
 *   `v4l2-ctl --device /dev/videoN --list-formats-ext` (frame rates, when installed).
 * - macOS: `ffmpeg -f avfoundation -list_devices true -i ""` (devices) and the "Supported modes"
 *   list AVFoundation prints when asked for a mode it lacks.
 * - Windows: `ffmpeg -f dshow -list_devices true -i dummy` (devices) and
 *   `ffmpeg -f dshow -list_options true -i video=NAME` (modes).
 */

/** Removes ffmpeg's "[name @ 0x…] " log prefix. */
export function stripLogPrefix(line: string): string {
  return line.replace(/^\s*\[[^\]]*@\s*[^\]]*\]\s?/, '');
}

function lines(text: string): string[] {
  return text.split(/\r?\n/).map(stripLogPrefix);
}

export interface DiscreteSize {
  readonly width: number;
  readonly height: number;
}

export interface StepwiseSize {
  readonly minWidth: number;
  readonly maxWidth: number;
  readonly stepWidth: number;
  readonly minHeight: number;
  readonly maxHeight: number;
  readonly stepHeight: number;
}

export interface V4l2Format {
  /** ffmpeg's name for the format ("yuyv422", "mjpeg"), usable as `-input_format`. */
  readonly name: string;
  readonly compressed: boolean;
  /** The driver's description ("YUYV 4:2:2"). */
  readonly description: string;
  /** Converted in software by libv4l rather than produced by the device. */
  readonly emulated: boolean;
  readonly sizes: readonly DiscreteSize[];
  readonly stepwise: readonly StepwiseSize[];
}

/** Parses `ffmpeg -f v4l2 -list_formats all` output; formats ffmpeg cannot read are left out. */
export function parseV4l2Formats(text: string): V4l2Format[] {
  const out: V4l2Format[] = [];
  for (const line of lines(text)) {
    const head = /^(Raw|Compressed)\s*:/.exec(line);
    if (!head) continue;
    const fields = line.slice(head[0].length).split(/\s:(?=\s|$)/).map((f) => f.trim());
    if (fields.length < 3) continue;
    const name = fields[0]!;
    if (!name || name === 'Unsupported') continue;
    const description = fields[1]!;
    const emulated = fields.slice(2, -1).includes('Emulated');
    const sizeText = fields.at(-1)!;
    const stepwise: StepwiseSize[] = [];
    for (const m of sizeText.matchAll(/\{(\d+)-(\d+),\s*(\d+)\}x\{(\d+)-(\d+),\s*(\d+)\}/g)) {
      const [
        minWidth,
        maxWidth,
        stepWidth,
        minHeight,
        maxHeight,
        stepHeight,
      ] = m.slice(1).map(Number) as [number, number, number, number, number, number];
      stepwise.push({ minWidth, maxWidth, stepWidth, minHeight, maxHeight, stepHeight });
    }
    const sizes: DiscreteSize[] = [];
    for (const m of sizeText.replace(/\{[^}]*\}x\{[^}]*\}/g, '').matchAll(/(\d+)x(\d+)/g)) {
      sizes.push({ width: Number(m[1]), height: Number(m[2]) });
    }
    out.push({ name, compressed: head[1] === 'Compressed', description, emulated, sizes, stepwise });
  }
  return out;
}

export interface V4l2CtlFormat {
  readonly fourcc: string;
  readonly description: string;
  /** Each discrete size with the frame rates the driver lists for it (highest first). */
  readonly sizes: ReadonlyArray<DiscreteSize & { readonly frameRates: readonly number[] }>;
}

/** Parses `v4l2-ctl --list-formats-ext` (both the current and the older layout). */
export function parseV4l2CtlFormats(text: string): V4l2CtlFormat[] {
  const out: Array<{ fourcc: string; description: string; sizes: Array<DiscreteSize & { frameRates: number[] }> }> = [];
  let current: (typeof out)[number] | undefined;
  let size: (typeof out)[number]['sizes'][number] | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    let m = /^\[\d+\]:\s*'([^']+)'\s*\((.*)\)$/.exec(line);
    if (m) {
      current = { fourcc: m[1]!.trim(), description: m[2]!.replace(/,\s*(compressed|emulated)/g, '').trim(), sizes: [] };
      out.push(current);
      size = undefined;
      continue;
    }
    m = /^Pixel Format\s*:\s*'([^']+)'/.exec(line);
    if (m) {
      current = { fourcc: m[1]!.trim(), description: '', sizes: [] };
      out.push(current);
      size = undefined;
      continue;
    }
    m = /^Name\s*:\s*(.*)$/.exec(line);
    if (m && current && !current.description) {
      current.description = m[1]!.trim();
      continue;
    }
    m = /^Size:\s*Discrete\s+(\d+)x(\d+)/.exec(line);
    if (m && current) {
      size = { width: Number(m[1]), height: Number(m[2]), frameRates: [] };
      current.sizes.push(size);
      continue;
    }
    if (/^Size:/.test(line)) {
      size = undefined;
      continue;
    }
    m = /^Interval:.*\((?:[\d.]+-)?([\d.]+)\s*fps\)/.exec(line);
    if (m && size) size.frameRates.push(Number(m[1]));
  }
  for (const f of out) for (const s of f.sizes) s.frameRates.sort((a, b) => b - a);
  return out;
}

export interface NamedDevice {
  readonly name: string;
  /** AVFoundation's index; DirectShow's "alternative name" (a stable device path). */
  readonly index?: number;
  readonly alternativeName?: string;
}

/** Parses `-f avfoundation -list_devices true` output: the video devices, in order. */
export function parseAvfoundationDevices(text: string): NamedDevice[] {
  const out: NamedDevice[] = [];
  let section: 'video' | 'audio' | undefined;
  for (const line of lines(text)) {
    if (/AVFoundation video devices/i.test(line)) section = 'video';
    else if (/AVFoundation audio devices/i.test(line)) section = 'audio';
    else if (section === 'video') {
      const m = /^\s*\[(\d+)\]\s+(.+?)\s*$/.exec(line);
      if (m) out.push({ index: Number(m[1]), name: m[2]! });
    }
  }
  return out;
}

export interface ModeRange {
  readonly width: number;
  readonly height: number;
  readonly minFrameRate: number;
  readonly maxFrameRate: number;
  /** DirectShow: "vcodec=mjpeg" or "pixel_format=yuyv422". */
  readonly format?: string;
}

/** Parses AVFoundation's "Supported modes:" list ("1280x720@[1.000000 30.000000]fps"). */
export function parseAvfoundationModes(text: string): ModeRange[] {
  const out: ModeRange[] = [];
  for (const m of text.matchAll(/(\d+)x(\d+)@\[([\d.]+)\s+([\d.]+)\]fps/g)) {
    out.push({ width: Number(m[1]), height: Number(m[2]), minFrameRate: Number(m[3]), maxFrameRate: Number(m[4]) });
  }
  return out;
}

/** Parses `-f dshow -list_devices true` output (ffmpeg 5+ and the older sectioned layout). */
export function parseDshowDevices(text: string): NamedDevice[] {
  const out: Array<{ name: string; alternativeName?: string; video: boolean }> = [];
  let section: 'video' | 'audio' | undefined;
  for (const line of lines(text)) {
    if (/DirectShow video devices/i.test(line)) {
      section = 'video';
      continue;
    }
    if (/DirectShow audio devices/i.test(line)) {
      section = 'audio';
      continue;
    }
    const alt = /^\s*Alternative name\s+"(.*)"\s*$/.exec(line);
    if (alt) {
      const last = out.at(-1);
      if (last) last.alternativeName = alt[1]!;
      continue;
    }
    const tagged = /^\s*"(.*)"\s+\(([^)]*)\)\s*$/.exec(line);
    if (tagged) {
      out.push({ name: tagged[1]!, video: /\bvideo\b/.test(tagged[2]!) });
      continue;
    }
    const plain = /^\s*"(.*)"\s*$/.exec(line);
    if (plain) out.push({ name: plain[1]!, video: section === 'video' });
  }
  return out
    .filter((d) => d.video)
    .map((d) => (d.alternativeName ? { name: d.name, alternativeName: d.alternativeName } : { name: d.name }));
}

/** Parses `-f dshow -list_options true` output: one entry per advertised format range. */
export function parseDshowOptions(text: string): ModeRange[] {
  const out: ModeRange[] = [];
  const seen = new Set<string>();
  for (const line of lines(text)) {
    const m = /(vcodec|pixel_format)=(\S+)\s+min s=(\d+)x(\d+) fps=([\d.]+)\s+max s=(\d+)x(\d+) fps=([\d.]+)/.exec(line);
    if (!m) continue;
    const format = `${m[1]}=${m[2]}`;
    const width = Number(m[6]);
    const height = Number(m[7]);
    const key = `${format} ${width}x${height}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ width, height, minFrameRate: Number(m[5]), maxFrameRate: Number(m[8]), format });
  }
  return out;
}
