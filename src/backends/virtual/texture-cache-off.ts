/**
 * The texture cache where there is no file system (the virtual camera running in a web page):
 * textures are always built. Same interface as texture-cache.ts, which the browser builds
 * substitute with this file.
 */

/** Bump when the texture algorithms change (kept in step with texture-cache.ts). */
export const TEXTURE_VERSION = 1;

export function cachedBytes(_name: string, _length: number, build: () => Uint8Array): Uint8Array {
  return build();
}
