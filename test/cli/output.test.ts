import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError, describeFailure, fileErrorMessage } from '../../src/cli/errors.js';
import { checkOutputPath, headerInfo, imageInfo, temporaryName, writeFileAtomic } from '../../src/cli/output.js';
import { own, pendingCount, releaseAll } from '../../src/cli/resources.js';
import { Progress } from '../../src/cli/progress.js';

async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'imagecapture-cli-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('writeFileAtomic puts the bytes in place and leaves no temporary file', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'photo.jpg');
  await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
  assert.deepEqual([...(await readFile(path))], [1, 2, 3]);
  assert.deepEqual(await readdir(dir), ['photo.jpg']);
  assert.equal(pendingCount(), 0);
});

test('writeFileAtomic replaces an existing file whole', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'photo.png');
  await writeFile(path, 'old contents that are longer');
  await writeFileAtomic(path, new Uint8Array([9]));
  assert.deepEqual([...(await readFile(path))], [9]);
  assert.deepEqual(await readdir(dir), ['photo.png']);
});

test('writing into a missing directory is a one-line runtime error and creates nothing', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'missing', 'photo.jpg');
  await assert.rejects(writeFileAtomic(path, new Uint8Array([1])), (err: unknown) => {
    assert.ok(err instanceof CliError);
    assert.equal(err.exitCode, 1);
    assert.equal(err.message, `cannot write ${path}: the directory does not exist`);
    return true;
  });
  assert.deepEqual(await readdir(dir), []);
  assert.equal(pendingCount(), 0);
});

test('writing onto a directory fails and leaves the directory as it was', async (t) => {
  const dir = await tempDir(t);
  const target = join(dir, 'taken.jpg');
  await mkdir(target);
  await assert.rejects(writeFileAtomic(target, new Uint8Array([1])), (err: unknown) => err instanceof CliError && err.exitCode === 1);
  assert.deepEqual(await readdir(dir), ['taken.jpg']);
  assert.deepEqual(await readdir(target), []);
});

test('checkOutputPath refuses missing directories, files as directories and directories as files', async (t) => {
  const dir = await tempDir(t);
  await checkOutputPath(join(dir, 'ok.jpg'));
  await writeFile(join(dir, 'file'), '');
  await mkdir(join(dir, 'sub'));
  const cases: [string, RegExp][] = [
    [join(dir, 'nope', 'a.jpg'), /the directory does not exist$/],
    [join(dir, 'file', 'a.jpg'), /a parent of it is not a directory$/],
    [join(dir, 'sub'), /it is a directory$/],
  ];
  for (const [path, message] of cases) {
    await assert.rejects(
      checkOutputPath(path),
      (err: unknown) => err instanceof CliError && err.exitCode === 1 && message.test(err.message),
    );
  }
});

test('temporary names are hidden siblings of the destination', () => {
  const tmp = temporaryName('/a/b/photo.jpg');
  assert.match(tmp, /^\/a\/b\/\.photo\.jpg\.\d+-[0-9a-f]{8}\.part$/);
  assert.notEqual(tmp, temporaryName('/a/b/photo.jpg'));
});

test('releaseAll runs pending cleanups newest first, and forgotten ones not at all', () => {
  const order: string[] = [];
  own(() => order.push('first'));
  const kept = own(() => order.push('forgotten'));
  own(() => order.push('second'));
  kept.forget();
  releaseAll();
  assert.deepEqual(order, ['second', 'first']);
  assert.equal(pendingCount(), 0);
  releaseAll();
  assert.deepEqual(order, ['second', 'first']);
});

test('file errors are described by their code', () => {
  assert.equal(fileErrorMessage('x.jpg', { code: 'EACCES' }), 'cannot write x.jpg: permission denied');
  assert.equal(fileErrorMessage('x.jpg', { code: 'ENOSPC' }), 'cannot write x.jpg: no space left on the device');
  assert.equal(fileErrorMessage('x.jpg', new Error('odd\nfailure')), 'cannot write x.jpg: odd failure');
});

test('failures keep the spec name of DOMExceptions and exit 1; CliErrors keep their code', () => {
  assert.deepEqual(
    describeFailure(new DOMException('The device\nis busy.', 'NotReadableError')),
    { message: 'NotReadableError: The device is busy.', exitCode: 1 },
  );
  assert.deepEqual(describeFailure(new CliError('bad flag', 2)), { message: 'bad flag', exitCode: 2 });
  assert.deepEqual(describeFailure('plain'), { message: 'plain', exitCode: 1 });
});

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 60, write: (s: string | Uint8Array) => (chunks.push(String(s)), true) } };
}

test('the progress bar draws only on a terminal and clears itself', () => {
  const piped = fakeStream(false);
  const quiet = new Progress(piped.stream, 4);
  quiet.update(1, 'a.jpg');
  quiet.clear();
  assert.deepEqual(piped.chunks, []);
  assert.equal(quiet.enabled, false);

  const tty = fakeStream(true);
  const bar = new Progress(tty.stream, 4);
  bar.update(2, 'shot-0002.jpg');
  assert.equal(tty.chunks[0], '\r\x1b[K[############............] 2/4  shot-0002.jpg');
  bar.update(4, 'x'.repeat(200));
  assert.ok(tty.chunks[1]!.length <= '\r\x1b[K'.length + 59, 'never wider than the terminal');
  bar.clear();
  assert.equal(tty.chunks.at(-1), '\r\x1b[K');
});

test('the format and size read from an image header agree with sharp for every encoding the command writes', async () => {
  const { default: sharp } = await import('sharp');
  const encodings: [string, (s: import('sharp').Sharp) => import('sharp').Sharp][] = [
    ['jpeg', (s) => s.jpeg()],
    ['jpeg progressive', (s) => s.jpeg({ progressive: true })],
    ['png', (s) => s.png()],
    ['png palette', (s) => s.png({ palette: true })],
    ['webp lossy', (s) => s.webp()],
    ['webp lossless', (s) => s.webp({ lossless: true })],
  ];
  for (const [width, height] of [[1, 1], [17, 31], [640, 480], [4032, 3024], [16383, 2]] as const) {
    for (const channels of [3, 4] as const) {
      const raw = Buffer.alloc(width * height * channels, 90);
      for (const [name, encode] of encodings) {
        const bytes = await encode(sharp(raw, { raw: { width, height, channels } })).toBuffer();
        const meta = await sharp(bytes).metadata();
        const label = `${name} ${width}x${height}x${channels}`;
        assert.deepEqual(headerInfo(new Uint8Array(bytes)), { format: meta.format, width: meta.width, height: meta.height }, label);
        assert.deepEqual(await imageInfo(new Uint8Array(bytes)), { format: meta.format, width, height }, label);
      }
    }
  }
});

test('bytes without a known header are left to sharp to describe', async () => {
  const { default: sharp } = await import('sharp');
  assert.equal(headerInfo(new Uint8Array([0xff, 0xd8, 0xff, 0xd9])), undefined, 'a JPEG without a frame header');
  assert.equal(headerInfo(new TextEncoder().encode('GIF89a')), undefined);
  const gif = await sharp(Buffer.alloc(4 * 3 * 3, 1), { raw: { width: 4, height: 3, channels: 3 } }).gif().toBuffer();
  assert.deepEqual(await imageInfo(new Uint8Array(gif)), { format: 'gif', width: 4, height: 3 });
});
