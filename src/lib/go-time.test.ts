import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatRfc3339Nano,
  goTimeString,
  parseGoDurationNs,
  parseInputTime,
  parseRfc3339Ns,
} from './go-time.ts';

// These tests pin the zone: run them with TZ unset or UTC (the harness does).
const utc =
  process.env['TZ'] === undefined ||
  process.env['TZ'] === 'UTC' ||
  new Date().getTimezoneOffset() === 0;

test(
  'formatRfc3339Nano writes what Go marshals: nanoseconds without trailing zeros, Z for UTC',
  { skip: !utc },
  () => {
    assert.equal(formatRfc3339Nano(1_796_564_701_123_456_789n), '2026-12-06T13:45:01.123456789Z');
    assert.equal(formatRfc3339Nano(1_796_564_701_120_000_000n), '2026-12-06T13:45:01.12Z');
    assert.equal(formatRfc3339Nano(1_796_564_701_000_000_000n), '2026-12-06T13:45:01Z');
  },
);

test('goTimeString prints Time.String(): a Z time as +0000 UTC, a foreign offset as its own name', () => {
  assert.equal(
    goTimeString('2026-12-06T13:45:01.123456789Z'),
    '2026-12-06 13:45:01.123456789 +0000 UTC',
  );
  assert.equal(goTimeString('2026-12-06T13:45:01.1Z'), '2026-12-06 13:45:01.1 +0000 UTC');
  assert.equal(goTimeString('2026-12-06T13:45:01Z'), '2026-12-06 13:45:01 +0000 UTC');
  if (utc)
    assert.equal(
      goTimeString('2022-04-06T11:26:42.723667901+02:00'),
      '2022-04-06 11:26:42.723667901 +0200 +0200',
    );
});

test('parseRfc3339Ns keeps every nanosecond and the offset', () => {
  assert.equal(parseRfc3339Ns('2026-12-06T13:45:01.123456789Z'), 1_796_564_701_123_456_789n);
  assert.equal(parseRfc3339Ns('2026-12-06T15:45:01.123456789+02:00'), 1_796_564_701_123_456_789n);
  assert.equal(parseRfc3339Ns('yesterday'), undefined);
});

test('parseInputTime reads RFC 3339, dates, Unix seconds and Go durations (back for since, forward for until)', () => {
  const now = 1_796_564_701_000_000_000n;
  assert.equal(parseInputTime('2026-12-06T13:45:01Z', true, now), now);
  assert.equal(parseInputTime('1796564701', true, now), now);
  assert.equal(parseInputTime('1796564701.5', true, now), now + 500_000_000n);
  assert.equal(parseInputTime('10m', true, now), now - 600_000_000_000n);
  assert.equal(parseInputTime('10m', false, now), now + 600_000_000_000n);
  assert.equal(parseInputTime('1h30m', true, now), now - 5_400_000_000_000n);
  assert.equal(parseInputTime('2026-12-06Z', true, now), 1_796_515_200_000_000_000n);
  if (utc) assert.equal(parseInputTime('2026-12-06', true, now), 1_796_515_200_000_000_000n);
  assert.throws(() => parseInputTime('soon', true, now), /unable to interpret time value/);
});

test('parseGoDurationNs follows time.ParseDuration', () => {
  assert.equal(parseGoDurationNs('1.5s'), 1_500_000_000n);
  assert.equal(parseGoDurationNs('-5s'), -5_000_000_000n);
  assert.equal(parseGoDurationNs('300ms'), 300_000_000n);
  assert.equal(parseGoDurationNs('0'), 0n);
  assert.equal(parseGoDurationNs('5'), undefined);
  assert.equal(parseGoDurationNs('5x'), undefined);
  assert.equal(parseGoDurationNs(''), undefined);
});

test('goTimeString names the local zone by its abbreviation when the offset is the local one', () => {
  const saved = process.env['TZ'];
  process.env['TZ'] = 'Europe/Berlin';
  try {
    assert.equal(goTimeString('2025-01-15T10:00:00.5+01:00'), '2025-01-15 10:00:00.5 +0100 CET');
    assert.equal(goTimeString('2025-01-15T10:00:00.5+03:00'), '2025-01-15 10:00:00.5 +0300 +0300');
  } finally {
    if (saved === undefined) delete process.env['TZ'];
    else process.env['TZ'] = saved;
  }
});
