// -u/--user (or image USER) and --group-add → uid, gid and additional gids, resolved against the
// container's own /etc/passwd and /etc/group text, as runc's libcontainer/user.GetExecUser does
// for podman. Pure: the caller reads the files (null when missing).

import { BerthError } from '../lib/berth-error.ts';
import type { ResolvedUser } from './spec-input.ts';

const maxId = 2147483647;

interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

/** Go's strconv.Atoi on a passwd field: non-numbers become 0 as in runc's parseLine. */
function fieldNumber(field: string | undefined): number {
  return field !== undefined && /^[+-]?\d+$/.test(field) ? Number(field) : 0;
}

function dataLines(text: string): string[][] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .map((line) => line.split(':'));
}

export function parsePasswd(text: string): PasswdEntry[] {
  return dataLines(text).map((f) => ({
    name: f[0] ?? '',
    uid: fieldNumber(f[2]),
    gid: fieldNumber(f[3]),
    home: f[5] ?? '',
  }));
}

export function parseGroup(text: string): GroupEntry[] {
  return dataLines(text).map((f) => ({
    name: f[0] ?? '',
    gid: fieldNumber(f[2]),
    members: (f[3] ?? '').split(',').filter((m) => m !== ''),
  }));
}

function numericId(value: string): number | undefined {
  if (!/^[+-]?\d+$/.test(value)) return undefined;
  const id = Number(value);
  if (id < 0 || id > maxId) {
    throw new BerthError('INVALID_ARGUMENT', `uids and gids must be in range 0-${maxId}`);
  }
  return id;
}

function userNotFound(name: string): BerthError {
  return new BerthError(
    'INVALID_ARGUMENT',
    `unable to find user ${name}: no matching entries in passwd file`,
  );
}

function groupNotFound(name: string): BerthError {
  return new BerthError(
    'INVALID_ARGUMENT',
    `unable to find group ${name}: no matching entries in group file`,
  );
}

/** The user part: a numeric id matches by uid (and needs no entry), a name must exist. */
function findUser(
  userArg: string,
  passwd: PasswdEntry[],
): { uid: number; gid: number; name?: string; home?: string } {
  const uidArg = numericId(userArg);
  const wantedUid = userArg === '' ? 0 : uidArg;
  const entry = passwd.find((u) =>
    wantedUid !== undefined ? u.uid === wantedUid : u.name === userArg,
  );
  if (entry !== undefined)
    return { uid: entry.uid, gid: entry.gid, name: entry.name, home: entry.home };
  if (wantedUid === undefined) throw userNotFound(userArg);
  return { uid: wantedUid, gid: 0 };
}

function findGroupId(groupArg: string, groups: GroupEntry[]): number {
  const gidArg = numericId(groupArg);
  const entry = groups.find((g) => (gidArg !== undefined ? g.gid === gidArg : g.name === groupArg));
  if (entry !== undefined) return entry.gid;
  if (gidArg === undefined) throw groupNotFound(groupArg);
  return gidArg;
}

/**
 * `spec` is `user[:group]` (names or ids; '' or undefined = root). additionalGids = the primary
 * gid when a user was named (podman 4.3.1 here: `-u 0` gives [0], no -u gives none, so `id`
 * shows no groups=), then (only without an explicit `:group`) the groups listing the user by
 * name in /etc/group, then --group-add values (ids, or names looked up in /etc/group); duplicates
 * dropped. home is the passwd entry's (none without an entry: the runtime sets HOME=/ then).
 * --group-add keep-groups is the caller's.
 */
export function resolveUser(
  spec: string | undefined,
  passwd: string | null,
  group: string | null,
  groupAdd: readonly string[] = [],
): ResolvedUser {
  const raw = spec ?? '';
  const colon = raw.indexOf(':');
  const userArg = colon === -1 ? raw : raw.slice(0, colon);
  const groupArg = colon === -1 ? '' : raw.slice(colon + 1);
  const users = passwd === null ? [] : parsePasswd(passwd);
  const groups = group === null ? [] : parseGroup(group);

  const found = findUser(userArg, users);
  const gid = groupArg === '' ? found.gid : findGroupId(groupArg, groups);
  const additional: number[] = raw === '' ? [] : [gid];
  if (colon === -1 && found.name !== undefined) {
    const name = found.name;
    for (const g of groups) if (g.members.includes(name)) additional.push(g.gid);
  }
  for (const extra of groupAdd) additional.push(findGroupId(extra, groups));
  return {
    uid: found.uid,
    gid,
    additionalGids: [...new Set(additional)],
    ...(found.home ? { home: found.home } : {}),
  };
}
