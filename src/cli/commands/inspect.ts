/**
 * The commands that look rather than shoot: `devices`, `capabilities` and `settings`.
 */
import { asDomTrack, listDevices, loadApi, openCamera } from '../camera.js';
import { type Context, println } from '../context.js';
import { constraintsFromOptions } from '../flags.js';
import { capabilitiesTable, renderTable, settingsTable } from '../table.js';

export interface DevicesOptions {
  readonly json?: boolean;
  /** Also list ONVIF cameras answering WS-Discovery. */
  readonly discover?: boolean;
  /** Where the probe goes (ip:port); implies `discover`. */
  readonly discoverTarget?: string;
  /** How long answers are collected, ms. */
  readonly discoverTime?: number;
}

/** `devices`: the cameras the runtime offers (id, label, kind, backend). */
export async function devices(opts: DevicesOptions, ctx: Context): Promise<number> {
  const api = await loadApi();
  ctx.clock.mark('import');
  if (opts.discover || opts.discoverTarget) {
    for (const backend of api.runtime.backends) {
      if (backend instanceof api.OnvifBackend) {
        backend.setDiscovery({ timeoutMs: opts.discoverTime ?? 2000, ...(opts.discoverTarget ? { target: opts.discoverTarget } : {}) });
      }
    }
  }
  const list = await listDevices(api);
  ctx.clock.mark('list');
  if (opts.json) {
    println(ctx.io.stdout, JSON.stringify(list, null, 2));
    return 0;
  }
  if (list.length === 0) {
    println(ctx.io.stderr, 'imagecapture: no cameras found');
    return 0;
  }
  const rows = [['id', 'label', 'kind', 'backend', 'facing']];
  for (const d of list) rows.push([d.deviceId, d.label, d.kind, d.backend, d.facingMode ?? '']);
  println(ctx.io.stdout, renderTable(rows));
  return 0;
}

export interface InspectOptions extends Record<string, unknown> {
  readonly device?: string;
  readonly json?: boolean;
}

/** Opens the camera with the given property values and reads everything it reports. */
async function inspect(opts: InspectOptions, ctx: Context, requested: Record<string, unknown>) {
  const api = await loadApi();
  ctx.clock.mark('import');
  const camera = await openCamera(api, { device: opts.device, requested });
  ctx.clock.mark('open');
  const capture = new api.ImageCapture(asDomTrack(camera.track));
  const [photoCapabilities, photoSettings] = await Promise.all([capture.getPhotoCapabilities(), capture.getPhotoSettings()]);
  const result = {
    deviceId: camera.deviceId,
    label: camera.label,
    capabilities: camera.track.getCapabilities(),
    settings: camera.track.getSettings(),
    photoCapabilities,
    photoSettings,
  };
  camera.stop();
  ctx.clock.mark('read');
  return result;
}

/** `capabilities`: what the camera can do (ranges with units, modes) and where each value is now. */
export async function capabilities(opts: InspectOptions, ctx: Context): Promise<number> {
  const r = await inspect(opts, ctx, {});
  if (opts.json) {
    println(ctx.io.stdout, JSON.stringify(r, null, 2));
    return 0;
  }
  println(ctx.io.stdout, `Camera: ${r.label} (${r.deviceId})`);
  println(ctx.io.stdout);
  println(ctx.io.stdout, capabilitiesTable(r.capabilities, r.settings, r.photoCapabilities, r.photoSettings));
  return 0;
}

/** `settings`: applies the property flags and prints the settings the camera ends up with. */
export async function settings(opts: InspectOptions, ctx: Context): Promise<number> {
  const r = await inspect(opts, ctx, constraintsFromOptions(opts));
  if (opts.json) {
    println(
      ctx.io.stdout,
      JSON.stringify({ deviceId: r.deviceId, label: r.label, settings: r.settings, photoSettings: r.photoSettings }, null, 2),
    );
    return 0;
  }
  println(ctx.io.stdout, `Camera: ${r.label} (${r.deviceId})`);
  println(ctx.io.stdout);
  println(ctx.io.stdout, settingsTable(r.settings, r.photoSettings));
  return 0;
}
