/**
 * Decoding the image card's picture in Node, with sharp: a file path (or file: URL), a Buffer,
 * an ArrayBuffer or a Blob of PNG, JPEG or WebP. Pictures larger than the card ever needs are
 * scaled down by sharp while decoding.
 */
import { fileURLToPath } from 'node:url';
import { loadSharp } from '../../encode/node.js';
import { typeError } from '../../spec/errors.js';
import { CARD_MAX_SIDE, type CardDecoder, type RgbaPixels } from './card-image.js';

export const decodeCardImageNode: CardDecoder = async (input) => {
  let source: string | Uint8Array;
  if (typeof input === 'string') source = input;
  else if (input instanceof URL) {
    if (input.protocol !== 'file:') {
      throw typeError(`The camera's image must be a file path or a file: URL in Node, not a ${input.protocol} URL.`);
    }
    source = fileURLToPath(input);
  } else if (input instanceof Uint8Array) source = input;
  else if (input instanceof ArrayBuffer) source = new Uint8Array(input);
  else if (typeof Blob === 'function' && input instanceof Blob) source = new Uint8Array(await input.arrayBuffer());
  else throw typeError(
    'The camera\'s image must be a file path, a Buffer, an ArrayBuffer, a Blob or ImageData-like pixels ({ width, height, data }).',
  );
  const sharp = await loadSharp();
  const { data, info } = await sharp(source)
    .rotate()
    .resize({ width: CARD_MAX_SIDE, height: CARD_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const pixels: RgbaPixels = {
    width: info.width,
    height: info.height,
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  };
  return pixels;
};
