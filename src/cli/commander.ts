/**
 * commander, loaded through its CommonJS build: on Node 20 importing it as an ES module goes
 * through its ESM wrapper and a lexer pass over the CommonJS code, about 7 ms of CPU more on
 * every start of the command line (measured: 13 ms against 20 ms).
 */
import { createRequire } from 'node:module';

const commander = createRequire(import.meta.url)('commander') as typeof import('commander');

export const Command = commander.Command;
export type Command = import('commander').Command;
export const CommanderError = commander.CommanderError;
export type CommanderError = import('commander').CommanderError;
export const Option = commander.Option;
export type Option = import('commander').Option;
