// Go's time text as podman's events use it: RFC 3339 with nanoseconds in the local zone (what
// encoding/json writes), Time.String() ("2006-01-02 15:04:05.999999999 -0700 MST"), and
// podman's ParseInputTime for --since/--until. Times are nanoseconds since the epoch (bigint).

const rfc3339 = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)?$/;
const dateWithZone = /^(\d{4})-(\d\d)-(\d\d)(Z|[+-]\d\d:\d\d)?$/;
const unixSeconds = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const durationPart = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy;
const unitNs: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 6e10,
  h: 3.6e12,
};

/** The wall clock now, in nanoseconds (sub-millisecond digits from the monotonic clock). */
export function nowNs(): bigint {
  const ms = performance.timeOrigin + performance.now();
  const whole = Math.floor(ms);
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6));
}

/** encoding/json's text for a local time.Time: RFC 3339, trailing zeros of the fraction dropped. */
export function formatRfc3339Nano(ns: bigint): string {
  const { local, offsetMinutes, nanos } = localParts(ns);
  return `${dateTime(local, 'T')}${fractionText(nanos)}${offsetMinutes === 0 ? 'Z' : offsetText(offsetMinutes, ':')}`;
}

/**
 * Go's Time.String() of an RFC 3339 text as podman prints a parsed event time: in the zone the
 * text carries, named as the local zone when the offsets agree ("+0000 UTC" for Z).
 */
export function goTimeString(text: string): string {
  const match = rfc3339.exec(text);
  if (!match) return text;
  const zone = match[8] ?? 'Z';
  const offsetMinutes = zone === 'Z' ? 0 : zoneMinutes(zone);
  const [, year, month, day, hour, minute, second, fraction] = match;
  const nanos = Number((fraction ?? '').padEnd(9, '0') || '0');
  const instantMs =
    Date.UTC(
      Number(year),
      Number(month) - 1,
      Number(day),
      Number(hour),
      Number(minute),
      Number(second),
    ) -
    offsetMinutes * 60_000;
  const name =
    zone === 'Z'
      ? 'UTC'
      : offsetMinutes === -new Date(instantMs).getTimezoneOffset()
        ? localZoneName(instantMs)
        : offsetText(offsetMinutes, '');
  return `${year}-${month}-${day} ${hour}:${minute}:${second}${fractionText(nanos)} ${offsetText(offsetMinutes, '')} ${name}`;
}

/** An RFC 3339 text as nanoseconds since the epoch; undefined when it is not one. */
export function parseRfc3339Ns(text: string): bigint | undefined {
  const match = rfc3339.exec(text);
  if (!match || match[8] === undefined) return undefined;
  return wallNs(match, zoneMinutes(match[8]));
}

/**
 * podman's ParseInputTime: RFC 3339 (a zone-less time or date is local), a date with a zone, Unix
 * seconds, or a Go duration counted back from now (since) or forward (until).
 */
export function parseInputTime(input: string, since: boolean, now = nowNs()): bigint {
  const full = rfc3339.exec(input);
  if (full) return wallNs(full, full[8] === undefined ? undefined : zoneMinutes(full[8]));
  const date = dateWithZone.exec(input);
  if (date)
    return wallNs(
      [input, date[1], date[2], date[3], '00', '00', '00'],
      date[4] === undefined ? undefined : zoneMinutes(date[4]),
    );
  if (unixSeconds.test(input)) {
    const seconds = Number(input);
    const whole = Math.trunc(seconds);
    return BigInt(whole) * 1_000_000_000n + BigInt(Math.round((seconds - whole) * 1e9));
  }
  const duration = parseGoDurationNs(input);
  if (duration === undefined) throw new Error('unable to interpret time value');
  return since ? now - duration : now + duration;
}

/** Go's time.ParseDuration ("1h30m", "-5s", "1.5ms"); undefined when it is not one. */
export function parseGoDurationNs(input: string): bigint | undefined {
  const sign = input.startsWith('-') ? -1n : 1n;
  const body = input.replace(/^[+-]/, '');
  if (body === '0') return 0n;
  if (body === '') return undefined;
  let total = 0;
  durationPart.lastIndex = 0;
  let end = 0;
  for (let match = durationPart.exec(body); match; match = durationPart.exec(body)) {
    total += Number(match[1]) * (unitNs[match[2] ?? ''] ?? 0);
    end = durationPart.lastIndex;
  }
  return end === body.length ? sign * BigInt(Math.round(total)) : undefined;
}

function wallNs(match: readonly (string | undefined)[], offsetMinutes: number | undefined): bigint {
  const [, year, month, day, hour, minute, second] = match.map(Number);
  const fields = [
    year ?? 0,
    (month ?? 1) - 1,
    day ?? 1,
    hour ?? 0,
    minute ?? 0,
    second ?? 0,
  ] as const;
  const ms =
    offsetMinutes === undefined
      ? new Date(...fields).getTime()
      : Date.UTC(...fields) - offsetMinutes * 60_000;
  const nanos = BigInt((match[7] ?? '').padEnd(9, '0') || '0');
  return BigInt(ms) * 1_000_000n + nanos;
}

/** The local zone's offset for the last quarter hour asked about: getTimezoneOffset costs ~50 µs. */
let offsetCache = { quarter: Number.NaN, minutes: 0 };

function localOffsetMinutes(ms: number): number {
  const quarter = Math.floor(ms / 900_000);
  if (offsetCache.quarter !== quarter)
    offsetCache = { quarter, minutes: -new Date(ms).getTimezoneOffset() };
  return offsetCache.minutes;
}

function localParts(ns: bigint): { local: Date; offsetMinutes: number; nanos: number } {
  const ms = Number(ns / 1_000_000n);
  const offsetMinutes = localOffsetMinutes(ms);
  // A Date whose UTC fields read as the local wall clock.
  return {
    local: new Date(ms + offsetMinutes * 60_000),
    offsetMinutes,
    nanos: Number(ns % 1_000_000_000n),
  };
}

function dateTime(wall: Date, separator: string): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${wall.getUTCFullYear()}-${two(wall.getUTCMonth() + 1)}-${two(wall.getUTCDate())}${separator}${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}:${two(wall.getUTCSeconds())}`;
}

/** Go's .999999999: up to nine digits, trailing zeros (and a bare dot) dropped. */
function fractionText(nanos: number): string {
  const digits = String(nanos).padStart(9, '0').replace(/0+$/, '');
  return digits === '' ? '' : `.${digits}`;
}

function offsetText(minutes: number, separator: string): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${separator}${String(abs % 60).padStart(2, '0')}`;
}

function zoneMinutes(zone: string): number {
  if (zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
}

/**
 * The local zone's abbreviation as tzdata has it (Go prints that): en-US knows the American ones,
 * en-GB the European ones; a zone with none reads as its offset ("+04", "+0530"), as in tzdata.
 */
function localZoneName(ms: number): string {
  const quarter = Math.floor(ms / 900_000);
  let name = zoneNames.get(quarter);
  if (name === undefined) zoneNames.set(quarter, (name = lookUpZoneName(ms)));
  return name;
}

const zoneNames = new Map<number, string>();

function lookUpZoneName(ms: number): string {
  for (const locale of ['en-US', 'en-GB']) {
    const name = new Intl.DateTimeFormat(locale, { timeZoneName: 'short' })
      .formatToParts(new Date(ms))
      .find((p) => p.type === 'timeZoneName')?.value;
    if (name !== undefined && !/^(GMT|UTC)[+-]/.test(name)) return name;
  }
  const text = offsetText(-new Date(ms).getTimezoneOffset(), '');
  return text.endsWith('00') ? text.slice(0, 3) : text;
}
