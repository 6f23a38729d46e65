/** What drainFrames() needs of a source: the backend contract's nextFrame. */
interface FrameSource {
  readonly ended: boolean;
  nextFrame(signal: AbortSignal): Promise<unknown>;
}

/**
 * Once a real-time camera has been told to stop sending, frames already on their way (in a
 * socket, in ffmpeg, in a pipe) still arrive. Resolves when each open source has gone `quietMs`
 * without a frame, taking at most `maxFrames` in-flight frames from each; a case that then waits
 * for "no frame" sees none.
 */
export async function drainFrames(sources: readonly FrameSource[], quietMs = 1000, maxFrames = 30): Promise<void> {
  for (const source of sources) {
    for (let i = 0; i < maxFrames && !source.ended; i++) {
      try {
        await source.nextFrame(AbortSignal.timeout(quietMs));
      } catch {
        break;
      }
    }
  }
}
