// Picks the o1js backend before the bindings load: the native prover
// (@o1js/native-linux-x64, bundled with o1js) when it is installed, else wasm.
// O1JS_BACKEND=wasm forces wasm.
import { createRequire } from 'node:module';
import { setBackend, initializeBindings } from 'o1js';

let chosen: 'native' | 'wasm' | undefined;

export async function initBackend(): Promise<'native' | 'wasm'> {
  if (chosen) return chosen;
  let want: 'native' | 'wasm' = process.env.O1JS_BACKEND === 'wasm' ? 'wasm' : 'native';
  if (want === 'native') {
    try {
      const req = createRequire(createRequire(import.meta.url).resolve('o1js'));
      req.resolve(`@o1js/native-${process.platform}-${process.arch}`);
    } catch {
      want = 'wasm';
    }
  }
  setBackend(want);
  await initializeBindings();
  chosen = want;
  console.error(`zkml: o1js backend: ${want}`);
  return want;
}
