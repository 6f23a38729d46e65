/**
 * The `imagecapture` command line: subcommands, flags (the camera-property flags are generated
 * from the property table, see flags.ts), and the one place errors become exit codes. Only
 * commander and small modules load at start-up; the runtime is imported when a command runs, so
 * `--help` is instant.
 */
import { isIP } from 'node:net';
import { Command, CommanderError, Option } from './commander.js';
import { FILL_LIGHT_MODE_VALUES } from '../spec/types.js';
import { type Context, type Io, processIo, Stopwatch } from './context.js';
import { describeFailure, EXIT_USAGE, oneLine, usageError, verboseDetail } from './errors.js';
import { addConstraintOptions } from './flags.js';
import { DEFAULT_TIMEOUT_MS, parseTimeout, parseWarmup } from './timeout.js';
import { installInterruptHandlers } from './interrupt.js';
import { packageVersion } from './package-root.js';
import { releaseAll } from './resources.js';
import { parseCount, parseInterval, parseQuality, strictNumber } from './values.js';

function pixels(flag: string) {
  return (text: string): number => {
    const n = strictNumber(text);
    if (n === undefined || !Number.isInteger(n) || n < 1) throw usageError(`${flag} ${text} must be a whole number of pixels`);
    return n;
  };
}

const DEVICE_HELP = 'Camera: an id from `imagecapture devices`, part of a camera label (any case), a file path or a URL.';

function deviceOption(): Option {
  return new Option('-d, --device <id>', DEVICE_HELP);
}

function parseDiscoverTime(text: string): number {
  let ms: number;
  try {
    ms = parseInterval(text);
  } catch {
    throw usageError(`--discover-time ${text} is not a duration; write e.g. 500ms or 2s`);
  }
  if (!(ms > 0) || ms > 60_000) throw usageError(`--discover-time ${text} must be longer than 0 and at most 1m`);
  return ms;
}

function parseDiscoverTarget(text: string): string {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(text);
  if (!m || !isIP(m[1]!) || Number(m[2]) < 1 || Number(m[2]) > 65535) {
    throw usageError(`--discover-target ${text} is not an IP address and port; write e.g. 239.255.255.250:3702 or 192.168.1.64:3702`);
  }
  return text;
}

function jsonOption(what: string): Option {
  return new Option('--json', what);
}

/** Photo settings (https://w3c.github.io/mediacapture-image/#dictdef-photosettings) and output flags shared by `photo` and `frames`. */
function addShotOptions(cmd: Command): void {
  const photo = 'Photo settings (takePhoto):';
  cmd.addOption(new Option('--width <px>', 'Photo width (imageWidth). [px]').argParser(pixels('--width')).helpGroup(photo));
  cmd.addOption(new Option('--height <px>', 'Photo height (imageHeight). [px]').argParser(pixels('--height')).helpGroup(photo));
  cmd.addOption(new Option('--fill-light <mode>', 'Flash (fillLightMode).').choices(FILL_LIGHT_MODE_VALUES).helpGroup(photo));
  cmd.addOption(new Option('--red-eye-reduction', 'Red-eye reduction: on.').helpGroup(photo));
  cmd.addOption(new Option('--no-red-eye-reduction', 'Red-eye reduction: off.').helpGroup(photo));
  const out = 'Output:';
  cmd.addOption(new Option('-f, --format <format>', 'jpeg, png or webp (default: from the file extension; jpeg for -o -).').helpGroup(out));
  cmd.addOption(
    new Option('-q, --quality <0-1>', 'Encoder quality from 0 to 1 (JPEG default 0.92).').argParser(parseQuality).helpGroup(out),
  );
  const camera = 'Camera:';
  cmd.addOption(
    new Option(
      '--timeout <time>',
      'Limit for opening the camera and for each capture: 500ms, 20s, 1m.',
    ).argParser(parseTimeout).default(DEFAULT_TIMEOUT_MS, '15s').helpGroup(camera),
  );
  cmd.addOption(
    new Option(
      '--warmup <n>',
      'Frames a real camera drops after opening (dark, unfocused).',
    ).argParser(parseWarmup).default(undefined, '5').helpGroup(camera),
  );
}

type Action = (opts: Record<string, unknown>, ctx: Context) => Promise<number>;

/** Builds the program. `run` receives each subcommand's action once its flags are parsed. */
function buildProgram(io: Io, run: (action: () => Promise<Action>, opts: Record<string, unknown>) => Promise<void>): Command {
  const program = new Command('imagecapture')
    .description('Take photos and inspect cameras through the W3C MediaStream Image Capture API (a virtual camera when there is no other).')
    .version(packageVersion(), '-V, --version', 'Print the version.')
    .option('-v, --verbose', 'On errors print the stack trace; print phase timings on stderr.')
    .helpOption('-h, --help', 'Show help.')
    .helpCommand('help [command]', 'Show help for a command.')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      // Errors are printed by main() as one line with the command's prefix.
      outputError: () => undefined,
    });
  program.addHelpText(
    'after',
    `
Examples:
  imagecapture photo -o photo.jpg
  imagecapture photo --zoom 2 --width 1920 --height 1080 -o zoomed.webp
  imagecapture photo -o - > photo.jpg
  imagecapture frames --count 10 --interval 2s -o 'shot-%04d.jpg'
  imagecapture capabilities
  imagecapture devices --json
  imagecapture devices --discover
  imagecapture photo --device onvif://user:password@192.168.1.64 --pan 36000 -o dome.jpg
  imagecapture demo --open

Exit codes: 0 success, 1 runtime error, 2 usage error, 130 interrupted.`,
  );

  // Each command's module is imported only when that command runs.
  const actions = {
    devices: async () => (await import('./commands/inspect.js')).devices as Action,
    capabilities: async () => (await import('./commands/inspect.js')).capabilities as Action,
    settings: async () => (await import('./commands/inspect.js')).settings as Action,
    photo: async () => (await import('./commands/photo.js')).photo as Action,
    frames: async () => (await import('./commands/frames.js')).frames as Action,
    demo: async () => (await import('./commands/demo.js')).demo as Action,
  };

  program
    .command('devices')
    .description('List the cameras: id, label, kind (preset or input) and backend.')
    .addOption(jsonOption('Print a JSON array.'))
    .addOption(new Option('--discover', 'Also list the ONVIF IP cameras that answer a WS-Discovery probe on the local network.'))
    .addOption(
      new Option(
        '--discover-target <address>',
        'Where the probe goes (implies --discover): ip:port, default the multicast group 239.255.255.250:3702.',
      ).argParser(parseDiscoverTarget),
    )
    .addOption(
      new Option('--discover-time <time>', 'How long to collect answers: 500ms, 2s.').argParser(parseDiscoverTime).default(2000, '2s'),
    )
    .action((opts: Record<string, unknown>) => run(actions.devices, opts));

  program
    .command('capabilities')
    .alias('caps')
    .description("Show the camera's capabilities (ranges with units, modes) and photo capabilities, with current values.")
    .addOption(deviceOption())
    .addOption(jsonOption('Print the raw dictionaries as JSON.'))
    .action((opts: Record<string, unknown>) => run(actions.capabilities, opts));

  const settings = program
    .command('settings')
    .description('Apply camera-property flags and print the settings the camera ends up with.')
    .addOption(deviceOption())
    .addOption(jsonOption('Print the settings as JSON.'));
  addConstraintOptions(settings);
  settings.action((opts: Record<string, unknown>) => run(actions.settings, opts));

  const photo = program
    .command('photo')
    .description('Take one photo with takePhoto().')
    .requiredOption('-o, --output <file>', 'Where to write it (.jpg, .png, .webp); - writes the image to stdout.')
    .addOption(deviceOption())
    .addOption(jsonOption('Print a JSON summary (on stderr when -o -).'));
  addShotOptions(photo);
  addConstraintOptions(photo);
  photo.action((opts: Record<string, unknown>) => run(actions.photo, opts));

  const frames = program
    .command('frames')
    .description('Take a series of frames (grabFrame, or takePhoto with --photo): a time-lapse or a burst.')
    .requiredOption('-o, --output <pattern>', 'File names with a frame number: %d, %04d (zero-padded), %% for a percent sign.')
    .addOption(new Option('-n, --count <n>', 'How many frames.').argParser(parseCount).default(10))
    .addOption(
      new Option(
        '-i, --interval <time>',
        'Time between frame starts: 500ms, 2s, 1.5m, 1m30s (a bare number is seconds).',
      ).argParser(parseInterval).default(0, '0 (as fast as frames come)'),
    )
    .option('--photo', 'Use takePhoto() instead of grabFrame().')
    .addOption(deviceOption())
    .addOption(jsonOption('Print a JSON summary at the end instead of each file name.'));
  addShotOptions(frames);
  addConstraintOptions(frames);
  frames.action((opts: Record<string, unknown>) => run(actions.frames, opts));

  program
    .command('demo')
    .description('Serve the demo camera page on 127.0.0.1 and print its URL; Ctrl-C stops it.')
    .option('-p, --port <n>', 'Port to listen on (0 picks a free one).', '8765')
    .option('--open', 'Open the page in the default browser.')
    .action((opts: Record<string, unknown>) => run(actions.demo, opts));

  return program;
}

/**
 * Runs the command line (arguments after the program name) and resolves with the exit code.
 * Whatever happens, the camera is stopped and temporary files are removed before it resolves.
 */
export interface MainOptions {
  /** Installs the Ctrl-C handlers (the bin; not tests). */
  handleSignals?: boolean;
  /** How the program was compiled (code-cache.ts's status), for --verbose. */
  codeCache?: string;
}

export async function main(argv: readonly string[], io: Io = processIo, options: MainOptions = {}): Promise<number> {
  const clock = new Stopwatch();
  let exitCode = 0;
  let verbose = false;
  const program = buildProgram(io, async (load, opts) => {
    verbose = Boolean(program.opts().verbose);
    const ctx: Context = { io, verbose, clock };
    exitCode = await (await load())(opts, ctx);
  });
  if (options.handleSignals) installInterruptHandlers();
  try {
    if (argv.length === 0) {
      io.stderr.write(program.helpInformation());
      return EXIT_USAGE;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return 0; // --help, --version
      if (err.code === 'commander.help') return EXIT_USAGE; // no subcommand: the help went to stderr
      io.stderr.write(`imagecapture: ${oneLine(err.message.replace(/^error: /, ''))}\n`);
      return EXIT_USAGE;
    }
    const failure = describeFailure(err);
    io.stderr.write(`imagecapture: ${failure.message}\n`);
    if (verbose || program.opts().verbose) io.stderr.write(`${verboseDetail(err)}\n`);
    return failure.exitCode;
  } finally {
    releaseAll();
    if (verbose || program.opts().verbose) {
      io.stderr.write(`imagecapture: timings: ${clock.summary()}, total ${clock.elapsed()} ms\n`);
      if (options.codeCache) io.stderr.write(`imagecapture: code cache: ${options.codeCache}\n`);
    }
  }
}
