// The process-wide logger: logrus-style lines on stderr, as podman prints them
// (`time="…" level=debug msg="…"`). Only the CLI sets the level; everything else just logs.

export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'panic'] as const;
export type LogLevel = (typeof logLevels)[number];

const rank: Record<LogLevel, number> = {
  trace: 0,
  debug: 1,
  info: 2,
  warn: 3,
  error: 4,
  fatal: 5,
  panic: 6,
};

let threshold: LogLevel = 'warn';
let sink: (line: string) => void = (line) => process.stderr.write(line);

export function isLogLevel(value: string): value is LogLevel {
  return (logLevels as readonly string[]).includes(value);
}

export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

export function logLevel(): LogLevel {
  return threshold;
}

/** Redirects log lines (tests collect them). Returns the previous sink. */
export function setLogSink(next: (line: string) => void): (line: string) => void {
  const previous = sink;
  sink = next;
  return previous;
}

export function isEnabled(level: LogLevel): boolean {
  return rank[level] >= rank[threshold];
}

function emit(level: LogLevel, message: string): void {
  if (!isEnabled(level)) return;
  const escaped = message.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  sink(`time="${new Date().toISOString()}" level=${level} msg="${escaped}"\n`);
}

export const log = {
  debug: (message: string) => emit('debug', message),
  info: (message: string) => emit('info', message),
  warn: (message: string) => emit('warn', message),
  error: (message: string) => emit('error', message),
};
