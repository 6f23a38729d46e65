/**
 * The virtual camera's renderer in a worker (bundled on its own and started from a Blob URL by
 * render-client.ts): the page's main thread computes what each frame shows (FrameParams, from the
 * camera model) and the worker paints the pixels, so rendering never holds up the page.
 *
 * Messages in: { type: 'init', seed }, { type: 'image', image: CardImageData | null },
 * { type: 'render', id, params, buffer } (the buffer is transferred and comes back filled).
 * Messages out: { type: 'frame', id, buffer }, { type: 'error', id, message }.
 */
import { CardImage, type CardImageData } from '../../backends/virtual/card-image.js';
import { ImageCard } from '../../backends/virtual/image-card.js';
import { SceneRenderer, type FrameParams } from '../../backends/virtual/render.js';

type Message =
  | { type: 'init'; seed: number }
  | { type: 'image'; image: CardImageData | null }
  | { type: 'render'; id: number; params: FrameParams; buffer: ArrayBuffer };

interface WorkerScope {
  onmessage: ((e: MessageEvent<Message>) => void) | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
let renderer: SceneRenderer | undefined;

scope.onmessage = (e) => {
  const m = e.data;
  switch (m.type) {
    case 'init':
      renderer = new SceneRenderer(m.seed);
      return;
    case 'image':
      if (renderer) renderer.card = m.image ? new ImageCard(CardImage.fromData(m.image)) : undefined;
      return;
    case 'render': {
      const { width, height } = m.params;
      const buffer = m.buffer.byteLength === width * height * 4 ? m.buffer : new ArrayBuffer(width * height * 4);
      try {
        renderer!.render(m.params, new Uint32Array(buffer));
        scope.postMessage({ type: 'frame', id: m.id, buffer }, [buffer]);
      } catch (err) {
        scope.postMessage({ type: 'error', id: m.id, message: String((err as Error)?.message ?? err) });
      }
      return;
    }
  }
};
