/**
 * The ffmpeg backend's window on the machine: the filesystem, the environment and child
 * processes. Everything the backend does outside the process goes through an FfmpegHost, so
 * tests can stand in a fake /dev, fake sysfs and fake tool output (the device layer) while the
 * real host serves everyone else.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { readFile, readdir, realpath } from 'node:fs/promises';
import type { PlatformName, SignalName } from '../node-names.js';
import { sharedMemoryFrames, type FrameFiles } from './frame-files.js';
import { sharedMemoryRing, type RingFiles } from './frame-ring.js';

export type PathKind = 'file' | 'device' | 'directory' | 'other';

/** What a short-lived tool run produced. */
export interface RunResult {
  /** Exit code, or null when the process was killed by a signal. */
  readonly code: number | null;
  readonly signal: SignalName | null;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the run was cut short by its time limit. */
  readonly timedOut: boolean;
}

export interface RunOptions {
  readonly timeoutMs: number;
  /** Bytes kept from each of stdout and stderr (the tail is kept). Default 1 MiB. */
  readonly maxOutput?: number;
}

export interface FfmpegHost {
  readonly platform: PlatformName;
  env(name: string): string | undefined;
  /** What is at `path`, or undefined when nothing is. Synchronous: `accepts()` is. */
  pathKind(path: string): PathKind | undefined;
  /** True when `path` is a file this process may execute. */
  isExecutable(path: string): boolean;
  readdir(path: string): Promise<string[]>;
  /** The file's text, or undefined when it cannot be read. */
  readText(path: string): Promise<string | undefined>;
  /** The canonical path, or undefined when it cannot be resolved. */
  realpath(path: string): Promise<string | undefined>;
  /**
   * Runs a tool to completion (argument array, never a shell). Rejects only when the tool cannot
   * be started; the error's `code` is the errno name (ENOENT…).
   */
  run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult>;
  /** Starts a long-lived child with stdin ignored and stdout/stderr piped. */
  spawn(command: string, args: readonly string[]): SpawnedProcess;
  /**
   * Where ffmpeg children keep their latest frame in memory instead of piping every frame
   * (frame-files.ts); undefined: frames are piped.
   */
  readonly frameFiles?: FrameFiles | undefined;
  /**
   * Where ffmpeg children reading a file as fast as possible put every frame in memory instead
   * of piping it (frame-ring.ts); undefined: frames are piped.
   */
  readonly frameRing?: RingFiles | undefined;
}

/** One of a child's output pipes, as the backend reads it (a Node Readable is one). */
export interface ProcessOutput {
  // Chunks are Buffers, or strings once an encoding is set.

  on(event: 'data', listener: (chunk: any) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  setEncoding(encoding: 'utf8'): this;
  removeAllListeners(event: 'data'): this;
  destroy(): this;
}

/** A long-lived child as the backend drives it (Node's ChildProcess is one). */
export interface SpawnedProcess {
  /** Undefined when the process could not be started. */
  readonly pid?: number | undefined;
  readonly exitCode: number | null;
  readonly signalCode: SignalName | null;
  readonly stdout: ProcessOutput | null;
  readonly stderr: ProcessOutput | null;
  kill(signal?: 'SIGTERM' | 'SIGKILL' | 'SIGINT'): boolean;
  once(event: 'error', listener: (error: Error) => void): this;
  once(event: 'exit' | 'close', listener: (code: number | null, signal: SignalName | null) => void): this;
}

/** Keeps the last `limit` characters of a growing text. */
export class TextTail {
  #text = '';
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = Math.max(256, limit);
  }

  push(chunk: string): void {
    const text = this.#text + chunk;
    this.#text = text.length > this.#limit ? text.slice(text.length - this.#limit) : text;
  }

  get text(): string {
    return this.#text;
  }
}

/** The host backed by this process: node:fs and node:child_process. */
export const nodeHost: FfmpegHost = {
  platform: process.platform,
  env: (name) => process.env[name],
  pathKind(path) {
    try {
      const st = statSync(path);
      if (st.isFile()) return 'file';
      if (st.isCharacterDevice() || st.isBlockDevice()) return 'device';
      if (st.isDirectory()) return 'directory';
      return 'other';
    } catch {
      return undefined;
    }
  },
  isExecutable(path) {
    try {
      if (!statSync(path).isFile()) return false;
      accessSync(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  readdir: async (path) => {
    try {
      return await readdir(path);
    } catch {
      return [];
    }
  },
  readText: async (path) => {
    try {
      return await readFile(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  realpath: async (path) => {
    try {
      return await realpath(path);
    } catch {
      return undefined;
    }
  },
  run: runTool,
  frameFiles: sharedMemoryFrames(),
  frameRing: sharedMemoryRing(sharedMemoryFrames()),
  spawn: (command, args) =>
    spawn(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true }),
};

/** Runs a tool with a time limit, keeping a bounded tail of its output. */
function runTool(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const limit = options.maxOutput ?? 1 << 20;
  return new Promise<RunResult>((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    } catch (error) {
      reject(error);
      return;
    }
    const stdout = new TextTail(limit);
    const stderr = new TextTail(limit);
    let timedOut = false;
    let settled = false;
    child.stdout!.setEncoding('utf8').on('data', (s: string) => stdout.push(s));
    child.stderr!.setEncoding('utf8').on('data', (s: string) => stderr.push(s));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      resolve({ code, signal, stdout: stdout.text, stderr: stderr.text, timedOut });
    });
  });
}
