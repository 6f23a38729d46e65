/**
 * Platform types as a project sees them with or without the DOM library. Each is the global
 * interface where the project declares one (lib "DOM", or `imagecapture/polyfill`'s globals in
 * Node), else the type this package itself provides. The published declarations name only these,
 * so they compile in a Node-only project as in a browser one, and give the DOM's own types there.
 */
import type { FrameRect } from '../media/breakout/frame-values.js';
import type { ImageBitmap as NodeImageBitmap } from '../media/image-bitmap.js';

/** The instance type of global interface `Name` (`typeof globalThis` has its constructor), else `Fallback`. */
type GlobalInstance<Name extends string, Fallback> = typeof globalThis extends { readonly [K in Name]: {
  prototype: infer T;
} } ? T : Fallback;

/** https://html.spec.whatwg.org/multipage/imagebitmap-and-animations.html#imagebitmap */
export type PlatformImageBitmap = GlobalInstance<'ImageBitmap', NodeImageBitmap>;

/** A browser's MediaStreamTrack; nothing in a project without one. */
export type PlatformMediaStreamTrack = GlobalInstance<'MediaStreamTrack', never>;

/** https://drafts.fxtf.org/geometry/#domrectreadonly */
export type PlatformDOMRectReadOnly = GlobalInstance<'DOMRectReadOnly', FrameRect>;

/** https://dom.spec.whatwg.org/#callbackdef-eventlistener */
export type PlatformEventListener = ((event: Event) => void) | { handleEvent(event: Event): void };

/** https://dom.spec.whatwg.org/#dictdef-addeventlisteneroptions */
export type PlatformListenerOptions = boolean | { capture?: boolean; once?: boolean; passive?: boolean; signal?: AbortSignal };
