import { test } from 'node:test';
import assert from 'node:assert/strict';
import { userNextSteps } from './systemd.ts';

test('--files as a normal user: unit dir, daemon-reload, enable --now, enable-linger, one line each', () => {
  assert.deepEqual(userNextSteps(['container-myweb'], 1000), [
    'Move the unit files to ~/.config/systemd/user/: mkdir -p ~/.config/systemd/user && mv container-myweb.service ~/.config/systemd/user/',
    'Reload the user manager: systemctl --user daemon-reload',
    'Start now and at every login: systemctl --user enable --now container-myweb.service',
    'Keep them running without a login session: loginctl enable-linger $USER',
  ]);
});

test('--files as root: no hints (system units go to /etc/systemd/system)', () => {
  assert.deepEqual(userNextSteps(['container-myweb'], 0), []);
});
