/**
 * sharp's JavaScript as bundled into the command line's program file. Run from the sources there
 * is none: scripts/build-cli.mjs replaces this module with one that returns the bundled sharp and
 * the version it was bundled from.
 */

/** The version of the sharp package bundled, or undefined when nothing is. */
export const bundledSharpVersion: string | undefined = undefined;

/** Evaluates the bundled sharp (which loads its native addon) and returns its exports. */
export const loadBundledSharp: (() => unknown) | undefined = undefined;
