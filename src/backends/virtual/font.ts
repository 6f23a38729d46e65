/**
 * A 5 × 7 bitmap font for the frame counter and time code the virtual camera burns into its
 * frames. Each glyph is seven rows of five bits, the leftmost pixel in the highest bit.
 */

const GLYPHS: Record<string, readonly number[]> = {
  0: [0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110],
  1: [0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110],
  2: [0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b01000, 0b11111],
  3: [0b11110, 0b00001, 0b00001, 0b01110, 0b00001, 0b00001, 0b11110],
  4: [0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010],
  5: [0b11111, 0b10000, 0b11110, 0b00001, 0b00001, 0b10001, 0b01110],
  6: [0b00110, 0b01000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110],
  7: [0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000],
  8: [0b01110, 0b10001, 0b10001, 0b01110, 0b10001, 0b10001, 0b01110],
  9: [0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00010, 0b01100],
  ':': [0b00000, 0b01100, 0b01100, 0b00000, 0b01100, 0b01100, 0b00000],
  '.': [0b00000, 0b00000, 0b00000, 0b00000, 0b00000, 0b01100, 0b01100],
  '#': [0b01010, 0b01010, 0b11111, 0b01010, 0b11111, 0b01010, 0b01010],
  '-': [0b00000, 0b00000, 0b00000, 0b11111, 0b00000, 0b00000, 0b00000],
  ' ': [0, 0, 0, 0, 0, 0, 0],
  F: [0b11111, 0b10000, 0b10000, 0b11110, 0b10000, 0b10000, 0b10000],
  H: [0b10001, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001],
  O: [0b01110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110],
  P: [0b11110, 0b10001, 0b10001, 0b11110, 0b10000, 0b10000, 0b10000],
  S: [0b01111, 0b10000, 0b10000, 0b01110, 0b00001, 0b00001, 0b11110],
  T: [0b11111, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100],
};

const GLYPH_WIDTH = 5;
const GLYPH_HEIGHT = 7;
/** Horizontal advance per character, in font cells (glyph plus one cell of spacing). */
const GLYPH_ADVANCE = 6;

/** The glyph rows for a character (unknown characters draw as blanks). */
function glyph(ch: string): readonly number[] {
  return GLYPHS[ch] ?? GLYPHS[' ']!;
}

/** Size in pixels of `text` drawn at `scale` with a one-cell margin all round. */
export function textBox(text: string, scale: number): { width: number; height: number } {
  return { width: (text.length * GLYPH_ADVANCE + 1) * scale, height: (GLYPH_HEIGHT + 2) * scale };
}

/**
 * Draws `text` on a filled box whose top-left corner is (x, y), into packed RGBA pixels
 * (`out`, `width` × `height`, one Uint32 per pixel). Clipped to the image and to rows
 * [clipTop, clipBottom).
 */
export function drawText(
  out: Uint32Array,
  width: number,
  height: number,
  text: string,
  x: number,
  y: number,
  scale: number,
  fg: number,
  bg: number,
  clipTop = 0,
  clipBottom = height,
): void {
  const box = textBox(text, scale);
  const x0 = Math.max(0, x);
  const x1 = Math.min(width, x + box.width);
  const y0 = Math.max(0, clipTop, y);
  const y1 = Math.min(height, clipBottom, y + box.height);
  if (x0 >= x1 || y0 >= y1) return;
  for (let py = y0; py < y1; py++) out.fill(bg, py * width + x0, py * width + x1);
  for (let c = 0; c < text.length; c++) {
    const rows = glyph(text[c]!);
    const gx = x + (1 + c * GLYPH_ADVANCE) * scale;
    for (let r = 0; r < GLYPH_HEIGHT; r++) {
      const bits = rows[r]!;
      if (bits === 0) continue;
      const gy = y + (1 + r) * scale;
      for (let col = 0; col < GLYPH_WIDTH; col++) {
        if (((bits >> (GLYPH_WIDTH - 1 - col)) & 1) === 0) continue;
        const px0 = Math.max(x0, gx + col * scale);
        const px1 = Math.min(x1, gx + (col + 1) * scale);
        if (px0 >= px1) continue;
        for (let py = Math.max(y0, gy); py < Math.min(y1, gy + scale); py++) out.fill(fg, py * width + px0, py * width + px1);
      }
    }
  }
}
