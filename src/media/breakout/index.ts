/**
 * The media "breakout box" for Node: WebCodecs VideoFrame and AudioData, MediaStreamTrackProcessor
 * (a track as a stream of frames) and the generators (frames written by the program as a track).
 */
export { VideoFrame } from './video-frame.js';
export { VideoColorSpace } from './frame-values.js';
export { AudioData, type AudioSampleFormat, type AudioDataCopyToOptions } from './audio-data.js';
export { MediaStreamTrackProcessor } from './track-processor.js';
export { MediaStreamTrackGenerator, VideoTrackGenerator, type GeneratorOptions } from './track-generator.js';
export { imageBitmapFromVideoFrame } from './frame-image.js';
export { liveFrameResources } from './frame-resource.js';
export type { PixelFormat } from './pixel-format.js';
export type { PlaneLayout } from './frame-layout.js';
