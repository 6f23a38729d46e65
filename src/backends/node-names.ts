/**
 * Names Node gives to signals and operating systems, declared here so that the package's type
 * declarations compile in projects without @types/node (a browser project importing the ponyfill
 * loads the declarations of the Node backends too).
 */

/** A signal as Node names it (`NodeJS.Signals`: 'SIGTERM', 'SIGKILL', …). */
export type SignalName = `SIG${string}`;

/** An operating system as `process.platform` names it (`NodeJS.Platform`). */
export type PlatformName =
  | 'aix' | 'android' | 'cygwin' | 'darwin' | 'freebsd' | 'haiku' | 'linux' | 'netbsd' | 'openbsd' | 'sunos' | 'win32';
