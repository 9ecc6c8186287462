// Reads the run section (`config`) of a stored OCI image config, defensively: it came from a
// registry or a tarball.
import type { ImageConfigSection } from '../spec/oci-spec.ts';

export function imageRunSection(config: unknown): ImageConfigSection {
  if (typeof config !== 'object' || config === null) return {};
  const section = (config as { config?: unknown }).config;
  return typeof section === 'object' && section !== null ? (section as ImageConfigSection) : {};
}
