// Connects to conmon's attach socket (SOCK_SEQPACKET, so node's net module cannot) and copies
// the container's output to our stdout/stderr; optionally forwards stdin. Packets from conmon
// carry a one-byte stream id: 2 stdout, 3 stderr (reference/conmon.md §6).
import { BerthError } from '../lib/berth-error.ts';
import { withShortSocketPath } from '../host/short-socket-path.ts';

export interface AttachStreams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Forwarded raw to the container; its end half-closes the socket (conmon closes the container's stdin). */
  stdin?: NodeJS.ReadableStream;
  /** podman's --detach-keys as bytes (default ctrl-p ctrl-q); empty disables detaching. */
  detachKeys?: Buffer;
}

export interface Attachment {
  /** Resolves when conmon closes the socket ('ended') or the user typed the detach keys ('detached'). */
  finished: Promise<'ended' | 'detached'>;
  close(): void;
}

const STDOUT = 2;
const STDERR = 3;

/** Starts loading the socket binding now, so a later attach does not wait for it (~7 ms). */
export function preloadAttach(): void {
  void import('./seqpacket-socket.ts').catch(() => undefined);
}

export function attach(socketPath: string, streams: AttachStreams): Promise<Attachment> {
  return withShortSocketPath(socketPath, (usable) => attachAt(usable, streams));
}

async function attachAt(socketPath: string, streams: AttachStreams): Promise<Attachment> {
  // Loaded on first use: the native addon costs ~7 ms that commands without attach should not pay.
  const { SeqpacketSocket } = await import('./seqpacket-socket.ts');
  const socket = new SeqpacketSocket();
  return new Promise((resolveAttach, rejectAttach) => {
    let settled = false;
    let detach: () => void = () => undefined;
    const finished = new Promise<'ended' | 'detached'>((resolveFinished) => {
      detach = () => resolveFinished('detached');
      socket.on('data', (packet: Buffer) => {
        if (packet.length === 0) return;
        const payload = packet.subarray(1);
        if (packet[0] === STDERR) streams.stderr.write(payload);
        else if (packet[0] === STDOUT) streams.stdout.write(payload);
      });
      socket.on('end', () => resolveFinished('ended'));
      socket.on('close', () => resolveFinished('ended'));
    });
    socket.on('error', (error: Error) => {
      if (!settled) {
        settled = true;
        rejectAttach(
          new BerthError('HOST_COMMAND_FAILED', `attaching to container: ${error.message}`, {
            cause: error,
          }),
        );
      }
    });
    try {
      socket.connect(socketPath, () => {
        settled = true;
        const stdin = streams.stdin;
        if (stdin) {
          const keys = streams.detachKeys ?? Buffer.from([0x10, 0x11]);
          let matched = 0;
          const onData = (chunk: Buffer) => {
            for (const byte of keys.length > 0 ? chunk : []) {
              matched = byte === keys[matched] ? matched + 1 : byte === keys[0] ? 1 : 0;
              if (matched === keys.length) {
                stdin.off('data', onData);
                detach();
                return;
              }
            }
            socket.write(chunk);
          };
          stdin.on('data', onData);
          stdin.on('end', () => socket.end());
        }
        resolveAttach({ finished, close: () => socket.destroy() });
      });
    } catch (error) {
      settled = true;
      rejectAttach(
        new BerthError('HOST_COMMAND_FAILED', `attaching to container: ${String(error)}`, {
          cause: error,
        }),
      );
    }
  });
}
