// Runs inside the directory where bench/user.ts installed the packed package: drives its public
// API as a user would (import by package name) and prints one JSON object on stdout.
import { mediaDevices, ImageCapture, createImageBitmap, getImageBitmapPixels } from 'imagecapture';
import sharp from 'sharp';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** Back-to-back grabFrame (each bitmap closed) for a number of frames: frames/s and CPU. */
async function grab(width, height, frameRate, frames) {
  const stream = await mediaDevices.getUserMedia({
    video: { width: { exact: width }, height: { exact: height }, frameRate: { exact: frameRate } },
  });
  const track = stream.getVideoTracks()[0];
  const capture = new ImageCapture(track);
  for (let i = 0; i < Math.max(10, frameRate / 2); i++) (await capture.grabFrame()).close(); // warm-up
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < frames; i++) (await capture.grabFrame()).close();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  track.stop();
  return { fps: round((frames * 1000) / ms), cpuPercentOfACore: Math.round(((cpu.user + cpu.system) / 1000 / ms) * 100) };
}

/** 12 MP takePhoto (default settings) against sharp's fastest JPEG of the same pixels, alternating. */
async function photo(runs) {
  const stream = await mediaDevices.getUserMedia({ video: true });
  const track = stream.getVideoTracks()[0];
  const capture = new ImageCapture(track);
  const first = await capture.takePhoto();
  const bitmap = await createImageBitmap(first);
  const { data, width, height } = getImageBitmapPixels(bitmap);
  bitmap.close();
  const raw = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const encode = () =>
    sharp(raw, { raw: { width, height, channels: 4 } })
      .removeAlpha()
      .jpeg({ quality: 92, optimiseCoding: false, chromaSubsampling: '4:2:0', progressive: false, mozjpeg: false })
      .toBuffer();
  await encode();
  const photoMs = [];
  const sharpMs = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    await capture.takePhoto();
    photoMs.push(performance.now() - t);
    t = performance.now();
    await encode();
    sharpMs.push(performance.now() - t);
  }
  track.stop();
  const p = median(photoMs);
  const s = median(sharpMs);
  return {
    width,
    height,
    takePhotoMs: round(p),
    sharpJpegMs: round(s),
    ratio: round(p / s, 2),
    takePhotoMinMs: round(Math.min(...photoMs)),
    sharpJpegMinMs: round(Math.min(...sharpMs)),
  };
}

const out = {
  grabFrame: {
    '1080p60': await grab(1920, 1080, 60, 240),
    '2160p30': await grab(3840, 2160, 30, 90),
    '1080p30': await grab(1920, 1080, 30, 120),
    '720p60': await grab(1280, 720, 60, 240),
  },
  takePhoto: await photo(Number(process.env.BENCH_USER_PHOTO_RUNS) || 7),
};
process.stdout.write(JSON.stringify(out) + '\n');
