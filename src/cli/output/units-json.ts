// generate systemd's --format json: Go's encoding/json output of a name → text map.

/** Go's json.MarshalIndent(units, "", " ") of name → text, keys sorted, <>& escaped. */
export function unitsJson(units: Record<string, string>): string {
  const sorted = Object.fromEntries(
    Object.entries(units).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return JSON.stringify(sorted, null, 1)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}
