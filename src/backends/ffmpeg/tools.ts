/**
 * Finding ffmpeg and ffprobe: an explicit path (backend option), then the environment
 * (IMAGECAPTURE_FFMPEG, IMAGECAPTURE_FFPROBE), then ffprobe next to ffmpeg, then PATH.
 * A missing tool is a NotReadableError whose message says how to install it.
 */
import { delimiter, dirname, join, win32 } from 'node:path';
import { notReadable } from '../../spec/errors.js';
import type { FfmpegHost } from './host.js';

export interface FfmpegTools {
  readonly ffmpeg: string;
  readonly ffprobe: string;
  /** Major and minor version of ffmpeg, [0, 0] when the version could not be read. */
  readonly version: readonly [number, number];
}

export interface ToolPaths {
  readonly ffmpegPath?: string;
  readonly ffprobePath?: string;
}

const INSTALL_HINT =
  'Install ffmpeg (Debian/Ubuntu: `apt-get install ffmpeg`; macOS: `brew install ffmpeg`; ' +
  'Windows: `winget install ffmpeg`) or set IMAGECAPTURE_FFMPEG to the ffmpeg executable ' +
  '(and IMAGECAPTURE_FFPROBE if ffprobe is not next to it).';

function executableNames(host: FfmpegHost, name: string): string[] {
  if (host.platform !== 'win32') return [name];
  const exts = (host.env('PATHEXT') ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean);
  return [name, ...exts.map((e) => name + e.toLowerCase()), ...exts.map((e) => name + e)];
}

function joinFor(host: FfmpegHost, dir: string, name: string): string {
  return host.platform === 'win32' ? win32.join(dir, name) : join(dir, name);
}

/** Looks `name` up on PATH; undefined when absent. */
function findOnPath(host: FfmpegHost, name: string): string | undefined {
  const sep = host.platform === 'win32' ? ';' : delimiter;
  for (const dir of (host.env('PATH') ?? '').split(sep)) {
    if (!dir) continue;
    for (const candidate of executableNames(host, name)) {
      const full = joinFor(host, dir, candidate);
      if (host.isExecutable(full)) return full;
    }
  }
  return undefined;
}

function fromSetting(host: FfmpegHost, path: string, source: string, tool: string): string {
  if (host.isExecutable(path)) return path;
  const what = host.pathKind(path) === undefined ? 'which does not exist' : 'which is not an executable file';
  throw notReadable(`${source} points to ${path}, ${what}; ${tool} cannot be run. ${INSTALL_HINT}`);
}

/** Resolves the two tools' paths (synchronous checks only); throws NotReadableError. */
export function resolveToolPaths(host: FfmpegHost, paths: ToolPaths = {}): { ffmpeg: string; ffprobe: string } {
  let ffmpeg: string | undefined;
  if (paths.ffmpegPath !== undefined) ffmpeg = fromSetting(host, paths.ffmpegPath, 'The ffmpegPath option', 'ffmpeg');
  else {
    const env = host.env('IMAGECAPTURE_FFMPEG');
    ffmpeg = env ? fromSetting(host, env, 'IMAGECAPTURE_FFMPEG', 'ffmpeg') : findOnPath(host, 'ffmpeg');
  }
  if (ffmpeg === undefined) throw notReadable(`ffmpeg was not found on PATH. ${INSTALL_HINT}`);

  let ffprobe: string | undefined;
  if (paths.ffprobePath !== undefined) ffprobe = fromSetting(host, paths.ffprobePath, 'The ffprobePath option', 'ffprobe');
  else {
    const env = host.env('IMAGECAPTURE_FFPROBE');
    if (env) ffprobe = fromSetting(host, env, 'IMAGECAPTURE_FFPROBE', 'ffprobe');
    else {
      const dir = host.platform === 'win32' ? win32.dirname(ffmpeg) : dirname(ffmpeg);
      ffprobe = executableNames(host, 'ffprobe')
        .map((n) => joinFor(host, dir, n))
        .find((p) => host.isExecutable(p));
      ffprobe ??= findOnPath(host, 'ffprobe');
    }
  }
  if (ffprobe === undefined) throw notReadable(`ffprobe was not found next to ${ffmpeg} or on PATH. ${INSTALL_HINT}`);
  return { ffmpeg, ffprobe };
}

/** Reads "ffmpeg version 5.1.9-0+deb12u1 …" → [5, 1]; git builds ("N-1234-g…") → [0, 0]. */
export function parseFfmpegVersion(text: string): [number, number] {
  const m = /ffmpeg version n?(\d+)\.(\d+)/i.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}

/** Resolves the tools and reads ffmpeg's version; throws/rejects NotReadableError. */
export async function locateTools(host: FfmpegHost, paths: ToolPaths = {}): Promise<FfmpegTools> {
  const { ffmpeg, ffprobe } = resolveToolPaths(host, paths);
  let text: string;
  try {
    const result = await host.run(ffmpeg, ['-hide_banner', '-version'], { timeoutMs: 10_000, maxOutput: 4096 });
    text = result.stdout;
  } catch (error) {
    throw notReadable(`ffmpeg at ${ffmpeg} could not be started (${(error as Error).message}). ${INSTALL_HINT}`);
  }
  return { ffmpeg, ffprobe, version: parseFfmpegVersion(text) };
}

/**
 * The output option that keeps every decoded frame as it is (no duplication or dropping to
 * reach a constant rate): `-fps_mode` from ffmpeg 5.1, `-vsync` before.
 */
export function passthroughArgs(tools: FfmpegTools): string[] {
  const [major, minor] = tools.version;
  const old = major !== 0 && (major < 5 || (major === 5 && minor < 1));
  return old ? ['-vsync', 'passthrough'] : ['-fps_mode', 'passthrough'];
}
