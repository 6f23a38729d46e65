/**
 * Seeded pseudo-random numbers for the virtual camera. Everything random in the scene (textures,
 * sensor noise) comes from here, so the same seed always gives the same pixels.
 */

/** A 32-bit avalanche mix: every input bit flips about half of the output bits. */
export function mix32(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A sequence generator: a Weyl counter passed through mix32. */
export class Prng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed | 0;
  }

  /** Uniform 32-bit unsigned integer. */
  next(): number {
    this.#state = (this.#state + 0x9e3779b9) | 0;
    return mix32(this.#state);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** Roughly normal with mean 0 and standard deviation 1 (sum of four uniforms, rescaled). */
  normal(): number {
    return (this.float() + this.float() + this.float() + this.float() - 2) * 1.7320508;
  }
}
