/** Runs MDN's example flow; resolves with its ImageCapture, or undefined where it returned early. */
export function mdnFlow(hooks: { track(track: MediaStreamTrack): void }): Promise<ImageCapture | undefined>;
