// Parses the registry's `WWW-Authenticate` challenge (Basic realm; Bearer realm/service/scope) and
// the `Link: <…>; rel="next"` pagination header. Pure: no I/O.

export interface AuthChallenge {
  scheme: 'basic' | 'bearer';
  /** Lower-cased parameter names: realm, service, scope, error… */
  params: Record<string, string>;
}

const paramRe = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/y;

/** The challenges in one header value, in order; unknown schemes are skipped. */
export function parseWwwAuthenticate(header: string | string[] | undefined): AuthChallenge[] {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  const challenges: AuthChallenge[] = [];
  for (const value of values) {
    let rest = value.trim();
    while (rest.length > 0) {
      const scheme = /^([A-Za-z]+)\s*/.exec(rest);
      if (!scheme) break;
      rest = rest.slice(scheme[0].length);
      const params: Record<string, string> = {};
      paramRe.lastIndex = 0;
      let position = 0;
      for (;;) {
        paramRe.lastIndex = position;
        const match = paramRe.exec(rest);
        if (!match) break;
        params[(match[1] ?? '').toLowerCase()] = (match[2] ?? match[3] ?? '').replace(
          /\\(.)/g,
          '$1',
        );
        position = paramRe.lastIndex;
        const comma = /^\s*,\s*/.exec(rest.slice(position));
        if (!comma) break;
        position += comma[0].length;
      }
      rest = rest.slice(position).replace(/^\s*,?\s*/, '');
      const name = (scheme[1] ?? '').toLowerCase();
      if (name === 'basic' || name === 'bearer') challenges.push({ scheme: name, params });
      if (position === 0 && rest.length > 0 && !/^[A-Za-z]+\s/.test(rest)) break;
    }
  }
  return challenges;
}

/** The `rel="next"` target of a Link header, resolved against `base`, or undefined. */
export function nextLink(header: string | string[] | undefined, base: string): string | undefined {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  for (const value of values) {
    for (const part of value.split(/,(?=\s*<)/)) {
      const match = /^\s*<([^>]*)>(.*)$/.exec(part);
      if (match && /;\s*rel="?next"?/i.test(match[2] ?? ''))
        return new URL(match[1] ?? '', base).href;
    }
  }
  return undefined;
}
