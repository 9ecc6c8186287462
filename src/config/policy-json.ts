// Finds and strictly parses containers-policy.json(5), and evaluates it for a reference with
// containers/image's scope matching. Only insecureAcceptAnything and reject are decided;
// signature requirements are reported as unsupported, never silently accepted.

import { join } from 'node:path';
import { BerthError, messageOf } from '../lib/berth-error.ts';
import { nodeConfigFs, type ConfigFs } from './config-fs.ts';
import { quote } from './toml-values.ts';

export const systemPolicyPath = '/etc/containers/policy.json';

const signatureTypes = ['signedBy', 'sigstoreSigned', 'signedBaseLayer'] as const;
export type SignatureRequirementType = (typeof signatureTypes)[number];

export type PolicyRequirement =
  | { type: 'insecureAcceptAnything' }
  | { type: 'reject' }
  /** Kept as written; berth cannot verify signatures yet. */
  | { type: SignatureRequirementType; raw: Record<string, unknown> };

export interface SignaturePolicy {
  default: PolicyRequirement[];
  /** transport name -> scope ('' = transport default) -> requirements. */
  transports: Record<string, Record<string, PolicyRequirement[]>>;
}

export type PolicyDecision = 'accept' | 'reject' | { unsupported: SignatureRequirementType };

export interface PolicyLocationOptions {
  /** --signature-policy */
  signaturePolicyPath?: string;
  homeDir: string;
  fsRoot?: string;
  fs?: ConfigFs;
}

/** `--signature-policy`, else `~/.config/containers/policy.json` if it exists, else the system file. */
export function policyPath(options: PolicyLocationOptions): string {
  if (options.signaturePolicyPath) return options.signaturePolicyPath;
  const fs = options.fs ?? nodeConfigFs(options.fsRoot);
  const user = join(options.homeDir, '.config/containers/policy.json');
  return fs.exists(user) ? user : systemPolicyPath;
}

export function loadPolicy(options: PolicyLocationOptions): {
  path: string;
  policy: SignaturePolicy;
} {
  const fs = options.fs ?? nodeConfigFs(options.fsRoot);
  const path = policyPath({ ...options, fs });
  const text = fs.readText(path);
  if (text === undefined) {
    throw new BerthError('CONFIG_INVALID', `open ${path}: no such file or directory`, {
      hint: 'Install containers-common (it ships /etc/containers/policy.json) or pass --signature-policy.',
    });
  }
  try {
    return { path, policy: parsePolicy(text) };
  } catch (error) {
    throw new BerthError(
      'CONFIG_INVALID',
      `invalid policy in ${quote(path)}: ${messageOf(error)}`,
      {
        hint: 'See containers-policy.json(5).',
        cause: error,
      },
    );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function onlyKeys(object: Record<string, unknown>, allowed: string[]): void {
  for (const key of Object.keys(object))
    if (!allowed.includes(key)) throw new Error(`Unknown key ${quote(key)}`);
}

/** Parses policy.json text strictly (unknown keys and types are errors). Throws a plain Error. */
export function parsePolicy(text: string): SignaturePolicy {
  const document: unknown = JSON.parse(text);
  if (!isObject(document)) throw new Error('policy must be a JSON object');
  onlyKeys(document, ['default', 'transports']);
  if (document['default'] === undefined || document['default'] === null)
    throw new Error('Default policy is missing');
  const transports: SignaturePolicy['transports'] = {};
  const rawTransports = document['transports'] ?? {};
  if (!isObject(rawTransports)) throw new Error('"transports" must be a JSON object');
  for (const [transport, scopes] of Object.entries(rawTransports)) {
    if (!isObject(scopes))
      throw new Error(`transport ${quote(transport)} must map scopes to requirements`);
    const parsed: Record<string, PolicyRequirement[]> = {};
    for (const [scope, requirements] of Object.entries(scopes))
      parsed[scope] = parseRequirements(requirements);
    transports[transport] = parsed;
  }
  return { default: parseRequirements(document['default']), transports };
}

function parseRequirements(value: unknown): PolicyRequirement[] {
  if (!Array.isArray(value))
    throw new Error('verification policy requirements must be a JSON array');
  if (value.length === 0)
    throw new Error('List of verification policy requirements must not be empty');
  return value.map(parseRequirement);
}

function parseRequirement(value: unknown): PolicyRequirement {
  if (!isObject(value)) throw new Error('a policy requirement must be a JSON object');
  const type = value['type'];
  if (type === 'insecureAcceptAnything' || type === 'reject') {
    onlyKeys(value, ['type']);
    return { type };
  }
  if (typeof type === 'string' && (signatureTypes as readonly string[]).includes(type)) {
    return { type: type as SignatureRequirementType, raw: value };
  }
  throw new Error(`Unknown policy requirement type ${quote(String(type ?? ''))}`);
}

const pathTransports = ['dir', 'oci', 'oci-archive', 'docker-archive', 'sif', 'tarball'];

/** The scopes tried for `ref` in `transport`, most specific first (before '' and `default`). */
export function policyScopes(transport: string, ref: string): string[] {
  if (transport === 'docker') return [ref, ...dockerNamespaces(ref)];
  if (pathTransports.includes(transport)) return [ref, ...pathNamespaces(ref)];
  return [ref];
}

/** docker/policyconfiguration DockerReferenceNamespaces: repo, parents, host, then `*.` domains. */
function dockerNamespaces(ref: string): string[] {
  const at = ref.indexOf('@');
  let name = at === -1 ? ref : ref.slice(0, at);
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) name = name.slice(0, colon);
  const scopes = name === ref ? [] : [name];
  for (let slash = name.lastIndexOf('/'); slash !== -1; slash = name.lastIndexOf('/')) {
    name = name.slice(0, slash);
    scopes.push(name);
  }
  const port = name.indexOf(':');
  if (port !== -1) name = name.slice(0, port);
  for (let dot = name.indexOf('.'); dot !== -1; dot = name.indexOf('.')) {
    name = name.slice(dot + 1);
    scopes.push(`*.${name}`);
  }
  return scopes;
}

/** Parent directories of a path-based reference (without "/"), as the dir/oci transports. */
function pathNamespaces(ref: string): string[] {
  const scopes: string[] = [];
  let path = ref.split(':')[0] ?? ref;
  for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/')) {
    path = path.slice(0, slash);
    scopes.push(path);
  }
  return scopes;
}

/** The requirements governing `ref`: most specific scope, then the transport's '', then `default`. */
export function requirementsFor(
  policy: SignaturePolicy,
  transport: string,
  ref: string,
): PolicyRequirement[] {
  const scopes = policy.transports[transport];
  if (scopes !== undefined) {
    for (const scope of policyScopes(transport, ref)) {
      const found = scopes[scope];
      if (found !== undefined) return found;
    }
    if (scopes[''] !== undefined) return scopes[''];
  }
  return policy.default;
}

/**
 * Decides `ref` (docker: normalized `host/repo:tag` or `host/repo@digest`). Every requirement
 * must pass; the first reject or unverifiable signature requirement decides.
 */
export function evaluatePolicy(
  policy: SignaturePolicy,
  transport: string,
  ref: string,
): PolicyDecision {
  for (const requirement of requirementsFor(policy, transport, ref)) {
    if (requirement.type === 'reject') return 'reject';
    if (requirement.type !== 'insecureAcceptAnything') return { unsupported: requirement.type };
  }
  return 'accept';
}
