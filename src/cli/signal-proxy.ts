// podman's --sig-proxy: while berth waits on a foreground container, SIGINT, SIGTERM and SIGHUP
// go to the container (which decides whether to end) instead of ending berth.

const proxied = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const satisfies readonly NodeJS.Signals[];

/** Calls `forward` with each proxied signal berth gets until the returned undo is called. */
export function proxySignals(forward: (signal: NodeJS.Signals) => unknown): () => void {
  const handlers = proxied.map((name) => {
    const handler = () => void forward(name);
    process.on(name, handler);
    return [name, handler] as const;
  });
  return () => {
    for (const [name, handler] of handlers) process.off(name, handler);
  };
}
