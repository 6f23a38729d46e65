/**
 * Event handler IDL attributes (`onended`, `onmute`…): an `on<type>` accessor pair per event type
 * that adds and removes one listener, as HTML's event handler attributes do.
 */

const handlers = new WeakMap<object, Map<string, { handler: unknown; listener: (e: Event) => void }>>();

export function defineEventHandlers(prototype: EventTarget, types: readonly string[]): void {
  for (const type of types) {
    Object.defineProperty(prototype, `on${type}`, {
      configurable: true,
      enumerable: true,
      get(this: EventTarget): unknown {
        return handlers.get(this)?.get(type)?.handler ?? null;
      },
      set(this: EventTarget, value: unknown) {
        let map = handlers.get(this);
        if (!map) handlers.set(this, (map = new Map()));
        const old = map.get(type);
        if (old) {
          this.removeEventListener(type, old.listener);
          map.delete(type);
        }
        if (typeof value === 'function' || (typeof value === 'object' && value !== null)) {
          const listener = (event: Event): void => {
            const h = map!.get(type)?.handler;
            if (typeof h === 'function') {
              const result = (h as (e: Event) => unknown).call(this, event);
              if (result === false) event.preventDefault();
            }
          };
          map.set(type, { handler: typeof value === 'function' ? value : null, listener });
          this.addEventListener(type, listener);
        }
      },
    });
  }
}
