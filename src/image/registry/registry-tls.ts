// TLS material for one registry, found as containers/image finds it: *.crt (CAs added to the
// system roots), *.cert + *.key (client pairs) in --cert-dir, or else the per-host certs.d dirs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';

export interface RegistryTlsOptions {
  /** host[:port] as in the reference (the certs.d directory name). */
  host: string;
  /** --cert-dir: the directory holding the files themselves (a HOST subdirectory is read too). */
  certDir?: string;
  homeDir: string;
  /** Default ['/etc/containers/certs.d', '/etc/docker/certs.d']; tests override. */
  systemDirs?: readonly string[];
}

export interface RegistryTls {
  /** System roots plus the registry's CAs; undefined when there are no extra CAs. */
  ca: string[] | undefined;
  cert: Buffer | undefined;
  key: Buffer | undefined;
  /** Directories actually read (for debug logs). */
  sources: string[];
}

export function registryCertDirs(options: RegistryTlsOptions): string[] {
  if (options.certDir !== undefined) return [options.certDir, join(options.certDir, options.host)];
  const system = options.systemDirs ?? ['/etc/containers/certs.d', '/etc/docker/certs.d'];
  const user = join(options.homeDir, '.config/containers/certs.d');
  return [join(user, options.host), ...system.map((dir) => join(dir, options.host))];
}

export function loadRegistryTls(options: RegistryTlsOptions): RegistryTls {
  const cas: string[] = [];
  let cert: Buffer | undefined;
  let key: Buffer | undefined;
  const sources: string[] = [];
  for (const dir of registryCertDirs(options)) {
    const names = listDir(dir);
    if (names === undefined) continue;
    sources.push(dir);
    for (const name of names.sort()) {
      if (name.endsWith('.crt')) cas.push(readFileSync(join(dir, name), 'utf8'));
      if (name.endsWith('.cert') && cert === undefined) {
        const keyName = `${name.slice(0, -'.cert'.length)}.key`;
        if (names.includes(keyName)) {
          cert = readFileSync(join(dir, name));
          key = readFileSync(join(dir, keyName));
        }
      }
    }
  }
  return { ca: cas.length === 0 ? undefined : [...rootCertificates, ...cas], cert, key, sources };
}

function listDir(dir: string): string[] | undefined {
  try {
    return readdirSync(dir);
  } catch {
    return undefined;
  }
}
