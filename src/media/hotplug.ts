/**
 * Noticing cameras plugged in or out, for `devicechange` (https://w3c.github.io/mediacapture-main/#event-mediadevices-devicechange).
 * A DeviceWatcher only says "something may have changed"; MediaDevices then lists the cameras
 * again and fires `devicechange` when the list differs. On Linux the watcher follows /dev (a
 * V4L2 node appearing or going away); elsewhere it looks every few seconds. Either way it starts
 * only once someone listens and never keeps the process alive (its handle is unref'd).
 */
import { watch } from 'node:fs';
import type { PlatformName } from '../backends/node-names.js';

export interface DeviceWatcher {
  /** Starts watching; `changed` is called (possibly spuriously) when devices may have changed. Returns a stop function. */
  start(changed: () => void): () => void;
}

/** How often the polling watcher looks, in milliseconds. */
const POLL_INTERVAL_MS = 3000;

/** Watches a directory (default /dev) for entries whose names match `pattern` (video nodes). */
export function directoryWatcher(dir = '/dev', pattern = /^video\d+$/): DeviceWatcher {
  return {
    start(changed) {
      let watcher: ReturnType<typeof watch> | undefined;
      try {
        watcher = watch(dir, { persistent: false }, (_event, name) => {
          if (name === null || pattern.test(String(name))) changed();
        });
        watcher.on('error', () => watcher?.close());
        watcher.unref?.();
      } catch {
        // No such directory or no permission: fall back to looking now and then.
        return pollingWatcher().start(changed);
      }
      return () => watcher?.close();
    },
  };
}

/** Calls `changed` every `intervalMs` (bounded work: one listing per interval). */
export function pollingWatcher(intervalMs = POLL_INTERVAL_MS): DeviceWatcher {
  return {
    start(changed) {
      const timer = setInterval(changed, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}

/** The watcher for this platform. */
export function defaultDeviceWatcher(platform: PlatformName = process.platform): DeviceWatcher {
  return platform === 'linux' ? directoryWatcher() : pollingWatcher();
}
