// Connects to conmon's attach socket (SOCK_SEQPACKET, so node's net module cannot) and copies
// the container's output to our stdout/stderr; optionally forwards stdin. Packets from conmon
// carry a one-byte stream id: 2 stdout, 3 stderr (reference/conmon.md §6).
import { BerthError } from '../lib/berth-error.ts';

export interface AttachStreams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Forwarded raw to the container; its end half-closes the socket (conmon closes the container's stdin). */
  stdin?: NodeJS.ReadableStream;
}

export interface Attachment {
  /** Resolves when conmon closes the socket (the container's stdio is done). */
  finished: Promise<void>;
  close(): void;
}

const STDOUT = 2;
const STDERR = 3;

export async function attach(socketPath: string, streams: AttachStreams): Promise<Attachment> {
  // Loaded on first use: the native addon costs ~7 ms that commands without attach should not pay.
  const { SeqpacketSocket } = await import('node-unix-socket');
  const socket = new SeqpacketSocket();
  return new Promise((resolveAttach, rejectAttach) => {
    let settled = false;
    const finished = new Promise<void>((resolveFinished) => {
      socket.on('data', (packet: Buffer) => {
        if (packet.length === 0) return;
        const payload = packet.subarray(1);
        if (packet[0] === STDERR) streams.stderr.write(payload);
        else if (packet[0] === STDOUT) streams.stdout.write(payload);
      });
      socket.on('end', () => resolveFinished());
      socket.on('close', () => resolveFinished());
    });
    socket.on('error', (error: Error) => {
      if (!settled) {
        settled = true;
        rejectAttach(new BerthError('HOST_COMMAND_FAILED', `attaching to container: ${error.message}`, { cause: error }));
      }
    });
    try {
      socket.connect(socketPath, () => {
        settled = true;
        if (streams.stdin) {
          streams.stdin.on('data', (chunk: Buffer) => socket.write(chunk));
          streams.stdin.on('end', () => socket.end());
        }
        resolveAttach({ finished, close: () => socket.destroy() });
      });
    } catch (error) {
      settled = true;
      rejectAttach(new BerthError('HOST_COMMAND_FAILED', `attaching to container: ${String(error)}`, { cause: error }));
    }
  });
}
