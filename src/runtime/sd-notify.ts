// sd_notify(3) without libsystemd: one AF_UNIX datagram per message to $NOTIFY_SOCKET, a path or
// an abstract name written `@name`. Used by --sdnotify=conmon once the container runs.

/** The socket address node-unix-socket takes: `@name` is the abstract name `\0name`. */
export function notifyAddress(notifySocket: string): string {
  return notifySocket.startsWith('@') ? `\0${notifySocket.slice(1)}` : notifySocket;
}

/** Sends each message as its own datagram, in order (`MAINPID=…`, then `READY=1`). */
export async function sdNotify(notifySocket: string, messages: string[]): Promise<void> {
  const { DgramSocket } = await import('./dgram-socket.ts');
  const socket = new DgramSocket();
  try {
    for (const message of messages) {
      const data = Buffer.from(message);
      await new Promise<void>((resolve, reject) =>
        socket.sendTo(data, 0, data.length, notifyAddress(notifySocket), (error) =>
          error ? reject(error) : resolve(),
        ),
      );
    }
  } finally {
    socket.close();
  }
}
