import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventSelection } from './event-filter.ts';
import type { EngineEvent } from '../system-reports.ts';

const now = 1_796_564_701_000_000_000n; // 2026-12-06T13:45:01Z
const id = '3c2f'.padEnd(64, 'a');

function container(status: string, name: string, extra: Partial<EngineEvent> = {}): EngineEvent {
  return {
    ID: id,
    Image: 'docker.io/library/alpine:latest',
    Name: name,
    Status: status,
    Time: '2026-12-06T13:40:00Z',
    Type: 'container',
    Attributes: { app: 'web' },
    ...extra,
  };
}
const pulled: EngineEvent = {
  Name: 'alpine',
  Status: 'pull',
  Time: '2026-12-06T13:30:00Z',
  Type: 'image',
  Attributes: null,
};
const volume: EngineEvent = {
  Name: 'data1',
  Status: 'create',
  Time: '2026-12-06T13:41:00Z',
  Type: 'volume',
  Attributes: null,
};
const joined: EngineEvent = {
  ID: id,
  Name: 'foo',
  network: 'backend',
  Status: 'connect',
  Time: '2026-12-06T13:42:00Z',
  Type: 'network',
  Attributes: null,
};
const all = [
  container('start', 'foo'),
  container('died', 'bar', { ID: 'ffff'.padEnd(64, '0') }),
  pulled,
  volume,
  joined,
];

function names(filters: string[], since?: string, until?: string): string[] {
  const selection = eventSelection(filters, since, until, now);
  return all
    .filter((event) => selection.matches(event))
    .map((event) => `${event.Type}:${event.Status}:${event.Name ?? ''}`);
}

test('no filter selects everything', () => {
  assert.equal(names([]).length, all.length);
});

test('values of the same key OR, different keys AND (podman 4.3.1)', () => {
  assert.deepEqual(names(['event=start', 'event=pull']), [
    'container:start:foo',
    'image:pull:alpine',
  ]);
  assert.deepEqual(names(['type=container', 'event=start']), ['container:start:foo']);
  assert.deepEqual(names(['type=container', 'event=pull']), []);
  assert.deepEqual(names(['status=died']), ['container:died:bar']);
});

test('container= matches a container event by name or ID prefix; image=, volume= and network= their own types', () => {
  assert.deepEqual(names(['container=foo']), ['container:start:foo']);
  assert.deepEqual(names(['container=3c2f']), ['container:start:foo']);
  assert.deepEqual(names(['image=alpine']), ['image:pull:alpine']);
  assert.deepEqual(names(['volume=data']), ['volume:create:data1']);
  assert.deepEqual(names(['network=backend']), ['network:connect:foo']);
  assert.deepEqual(names(['container=foo', 'container=bar']), [
    'container:start:foo',
    'container:died:bar',
  ]);
});

test('label= matches an attribute by key and value, or by key alone', () => {
  assert.deepEqual(names(['label=app=web']), ['container:start:foo', 'container:died:bar']);
  assert.deepEqual(names(['label=app']), ['container:start:foo', 'container:died:bar']);
  assert.deepEqual(names(['label=app=db']), []);
});

test('--since and --until are exclusive bounds; durations count back and forward from now', () => {
  assert.deepEqual(names([], '2026-12-06T13:40:00Z'), [
    'volume:create:data1',
    'network:connect:foo',
  ]);
  assert.deepEqual(names([], undefined, '2026-12-06T13:40:30Z'), [
    'container:start:foo',
    'container:died:bar',
    'image:pull:alpine',
  ]);
  assert.deepEqual(names(['type=image'], '20m'), ['image:pull:alpine']);
  assert.deepEqual(names([], '4m'), ['network:connect:foo']);
  assert.equal(eventSelection([], undefined, '10m', now).untilNs, now + 600_000_000_000n);
});

test('unknown keys, filters without "=" and unreadable times fail with podman words', () => {
  assert.throws(() => eventSelection(['bogus=1'], undefined, undefined, now), {
    code: 'INVALID_ARGUMENT',
    message: 'failed to parse event filters: bogus is an invalid filter',
  });
  assert.throws(() => eventSelection(['container'], undefined, undefined, now), {
    message: 'failed to parse event filters: container is an invalid filter',
  });
  assert.throws(() => eventSelection([], 'later', undefined, now), {
    message:
      'failed to parse event filters: unable to convert since time of later: unable to interpret time value',
  });
});
