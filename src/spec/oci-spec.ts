// The spec layer's public face: container options + image config → OCI config.json. Other
// layers import from here; the pieces live in one file each beside it.

export { buildOciSpec } from './build-oci-spec.ts';
export { compileSeccomp, type SeccompCompileOptions } from './compile-seccomp.ts';
export { defaultMaskedPaths, defaultReadonlyPaths } from './default-mounts.ts';
export {
  builtinEnv,
  mergeEnv,
  parseEnvFile,
  proxyEnvNames,
  type EnvMergeInput,
} from './merge-env.ts';
export { parseSignal } from '../lib/parse-signal.ts';
export {
  knownCapabilities,
  mergeCapabilities,
  normalizeCapabilities,
  resolveCapabilities,
} from './resolve-capabilities.ts';
export { parseEntrypoint, resolveCommand } from './resolve-command.ts';
export { resolveUser } from './resolve-user.ts';
export { parseSeccompProfile, type SeccompProfile } from './seccomp-profile.ts';
export type * from './oci-types.ts';
export { ociVersion } from './oci-types.ts';
export type * from './spec-input.ts';
