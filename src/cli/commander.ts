/**
 * commander, the one place the command line imports it from. The build bundles it into the
 * program file (scripts/build-cli-bundled.mjs), so a start of the command line neither resolves
 * nor compiles it from node_modules.
 */
import { Command, CommanderError, Option } from 'commander';

export { Command, CommanderError, Option };
