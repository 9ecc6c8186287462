import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventLine, eventTemplateView } from './event-line.ts';
import { compileTemplate } from './go-template/index.ts';
import type { EngineEvent } from '../../domain/system-reports.ts';

const id = '3c2f'.padEnd(64, '7');
const start: EngineEvent = {
  ID: id,
  Image: 'docker.io/library/alpine:latest',
  Name: 'foo',
  Status: 'start',
  Time: '2026-12-06T13:45:01.123456789Z',
  Type: 'container',
  Attributes: null,
};

test('a container event reads as podman 4.3.1 prints it: Go time, type, status, full ID, (image=, name=, labels)', () => {
  assert.equal(
    eventLine(start),
    `2026-12-06 13:45:01.123456789 +0000 UTC container start ${id} (image=docker.io/library/alpine:latest, name=foo)`,
  );
  assert.equal(
    eventLine({ ...start, Status: 'died', ContainerExitCode: 3, Attributes: { app: 'web' } }, true),
    '2026-12-06 13:45:01.123456789 +0000 UTC container died 3c2f77777777 (image=docker.io/library/alpine:latest, name=foo, app=web)',
  );
});

test('image, volume, network and system events have their own shapes', () => {
  const time = '2026-12-06T13:45:01Z';
  const at = '2026-12-06 13:45:01 +0000 UTC';
  assert.equal(
    eventLine({ Name: 'alpine', Status: 'pull', Time: time, Type: 'image', Attributes: null }),
    `${at} image pull  alpine`,
  );
  assert.equal(
    eventLine({
      ID: id,
      Name: 'localhost/a:1',
      Status: 'tag',
      Time: time,
      Type: 'image',
      Attributes: null,
    }),
    `${at} image tag ${id} localhost/a:1`,
  );
  assert.equal(
    eventLine({ Name: 'data', Status: 'create', Time: time, Type: 'volume', Attributes: null }),
    `${at} volume create data`,
  );
  assert.equal(
    eventLine({
      ID: id,
      Name: 'foo',
      network: 'backend',
      Status: 'connect',
      Time: time,
      Type: 'network',
      Attributes: null,
    }),
    `${at} network connect ${id} (container=${id}, name=backend)`,
  );
  assert.equal(
    eventLine({
      ID: id,
      network: 'backend',
      Status: 'create',
      Time: time,
      Type: 'network',
      Attributes: { driver: 'bridge' },
    }),
    `${at} network create ${id} (name=backend, type=bridge)`,
  );
  assert.equal(
    eventLine({
      Name: '/run/berth/events/events.log',
      Status: 'log-rotation',
      Time: time,
      Type: 'system',
      Attributes: null,
    }),
    `${at} system log-rotation /run/berth/events/events.log`,
  );
  assert.equal(
    eventLine({ Status: 'refresh', Time: time, Type: 'system', Attributes: null }),
    `${at} system refresh`,
  );
});

test('templates see podman Event fields: zero values for empty ones, Go time text, labels by key', () => {
  const render = (format: string, event: EngineEvent) =>
    compileTemplate(format).render(eventTemplateView(event));
  assert.equal(
    render('{{.Type}} {{.Status}} {{.Name}} {{.ContainerExitCode}} [{{.Network}}]', start),
    'container start foo 0 []',
  );
  assert.equal(render('{{.Time}}', start), '2026-12-06 13:45:01.123456789 +0000 UTC');
  assert.equal(
    render('{{.Attributes.app}} {{.ContainerExitCode}}', {
      ...start,
      ContainerExitCode: 17,
      Attributes: { app: 'web' },
    }),
    'web 17',
  );
});
