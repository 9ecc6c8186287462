// Mounts a volume's backing device (`volume create --opt type=,device=,o=`) on its data dir,
// as podman's local driver does at first use. Only mount(8)/umount(8); no policy.
import { runCommand } from './command.ts';
import { isMountPoint, unmount } from './mount.ts';

export interface VolumeDevice {
  /** tmpfs, bind (→ `-o bind`), ext4, … */
  type: string;
  device: string;
  /** The `o=` options, comma separated. */
  options: string;
}

/** Mounts `device` on target unless something is mounted there already. */
export async function mountVolumeDevice(device: VolumeDevice, target: string): Promise<void> {
  if (await isMountPoint(target)) return;
  const options =
    device.type === 'bind'
      ? ['bind', ...splitOptions(device.options)]
      : splitOptions(device.options);
  const typeArgs = device.type === 'bind' ? [] : ['-t', device.type];
  const optionArgs = options.length > 0 ? ['-o', options.join(',')] : [];
  await runCommand([
    'mount',
    ...typeArgs,
    ...optionArgs,
    device.device === '' ? device.type : device.device,
    target,
  ]);
}

export async function unmountVolumeDevice(target: string): Promise<void> {
  await unmount(target);
}

function splitOptions(text: string): string[] {
  return text.split(',').filter((option) => option !== '');
}
