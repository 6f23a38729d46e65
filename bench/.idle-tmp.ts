import { readFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { FfmpegBackend } from '../src/backends/ffmpeg/index.js';
const file = '/tmp/i15exp/clip.mp4';
async function childCpuMs(pid: number | undefined) {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}
async function over(ms: number, pid: number | undefined) {
  const b = await childCpuMs(pid); const n = process.cpuUsage(); const w = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const nn = process.cpuUsage(n); const wall = performance.now() - w; const a = await childCpuMs(pid);
  return { node: ((nn.user + nn.system) / 1000 / wall) * 100, child: ((a - b) / wall) * 100 };
}
for (let i = 0; i < 2; i++) {
  const base = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-stream_loop', '-1', '-i', file, '-f', 'null', '-'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 1000));
  const bl = await over(5000, base.pid); base.kill('SIGKILL');
  const s = await new FfmpegBackend({ realtime: true, loop: true }).open(file, {});
  await s.nextFrame(new AbortController().signal);
  await new Promise((r) => setTimeout(r, 1000));
  const idle = await over(5000, s.pid);
  console.log(JSON.stringify({ baseline: bl.child.toFixed(1), node: idle.node.toFixed(2), child: idle.child.toFixed(1), ratio: ((idle.node + idle.child) / bl.child).toFixed(2) }));
  s.close(); await s.exited;
}
