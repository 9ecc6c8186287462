// The container's argv from --entrypoint, the CLI command and the image config, as podman's
// makeCommand (pkg/specgen/generate/oci.go) computes it. Pure; no --init handling here.

import { BerthError } from '../lib/berth-error.ts';
import type { ImageConfigSection } from './spec-input.ts';

/**
 * --entrypoint's raw value → an entrypoint array. podman tries JSON first and falls back to the
 * plain string; berth rejects a value that starts with `[` but is not a JSON array of strings
 * (podman would exec a binary literally named `["/bin/sh"`, which only fails later and obscurely).
 */
export function parseEntrypoint(raw: string): string[] {
  if (!raw.trimStart().startsWith('[')) return [raw];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (cause) {
    throw invalidEntrypoint(raw, cause);
  }
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
    throw invalidEntrypoint(raw, undefined);
  }
  return parsed;
}

function invalidEntrypoint(raw: string, cause: unknown): BerthError {
  return new BerthError(
    'INVALID_ARGUMENT',
    `invalid entrypoint ${JSON.stringify(raw)}: not a JSON array of strings`,
    {
      hint: `use a plain path (--entrypoint /bin/sh) or a JSON array (--entrypoint '["/bin/sh","-c"]')`,
      cause,
    },
  );
}

/**
 * 1. entrypoint = --entrypoint if given, else the image Entrypoint; `[""]` means none.
 * 2. command = CLI args if any, else the image Cmd only when no --entrypoint was given.
 * 3. args = entrypoint ++ command; empty → `[""]` (podman's fallback; the runtime then fails).
 */
export function resolveCommand(
  image: ImageConfigSection,
  command: readonly string[],
  entrypoint?: string,
): string[] {
  const userEntrypoint = entrypoint === undefined ? undefined : parseEntrypoint(entrypoint);
  const effectiveEntrypoint = userEntrypoint ?? image.Entrypoint ?? [];
  const args: string[] = [];
  if (!(effectiveEntrypoint.length === 1 && effectiveEntrypoint[0] === '')) {
    args.push(...effectiveEntrypoint);
  }
  if (command.length > 0) args.push(...command);
  else if (userEntrypoint === undefined) args.push(...(image.Cmd ?? []));
  return args.length > 0 ? args : [''];
}
