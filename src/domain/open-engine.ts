// The one seam where a front end gets an Engine: today the local one, later a remote one that
// speaks the REST API. Everything is imported lazily so `berth --version` loads none of it.
import type { Engine } from './engine.ts';
import type { GlobalOptions } from './global-options.ts';

/** Opens the local engine for one command (its DB handle and locks go with its disposal). */
export async function openEngine(options: GlobalOptions): Promise<Engine> {
  const { openLocalEngine } = await import('./local/local-engine.ts');
  return openLocalEngine(options);
}
