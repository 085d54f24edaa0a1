/**
 * h5wasm (HDF5 compiled to WebAssembly), loaded on first use: compiling its WebAssembly costs about a
 * tenth of a second, which every `painterly` command paid at start-up although only .h5/.keras weight
 * files need it.
 */
type H5Wasm = (typeof import('h5wasm/node'))['default'];

/** An open HDF5 file. */
export type H5File = InstanceType<H5Wasm['File']>;

let loaded: H5Wasm | undefined;

/** Loads h5wasm once and waits until its WebAssembly is ready. */
export async function loadH5(): Promise<H5Wasm> {
  if (!loaded) {
    const module = await import('h5wasm/node');
    await module.default.ready;
    loaded = module.default;
  }
  return loaded;
}

/** h5wasm, after `loadH5()` resolved (its classes for `instanceof` checks). */
export function h5(): H5Wasm {
  if (!loaded) throw new Error('h5wasm is used before loadH5() resolved');
  return loaded;
}
