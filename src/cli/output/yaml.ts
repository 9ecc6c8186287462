// A YAML emitter for report data, laid out as go-yaml v2 prints podman's structs (`podman info`):
// two-space nesting, sequences flush with their key, block scalars for multi-line strings.

export function toYaml(value: unknown): string {
  return emit(value, 0).join('\n') + '\n';
}

function emit(value: unknown, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${pad}[]`];
    return value.flatMap((item) => {
      const lines = isNested(item)
        ? emit(item, indent + 2)
        : [`${pad}  ${scalar(item, indent + 2)}`];
      const first = lines[0] ?? '';
      return [`${pad}- ${first.trimStart()}`, ...lines.slice(1)];
    });
  }
  if (isRecord(value)) {
    const lines: string[] = [];
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      const name = scalarString(key);
      if (Array.isArray(item) && item.length > 0) {
        lines.push(`${pad}${name}:`, ...emit(item, indent));
      } else if (isRecord(item) && Object.keys(item).length > 0) {
        lines.push(`${pad}${name}:`, ...emit(item, indent + 2));
      } else {
        lines.push(`${pad}${name}: ${scalar(item, indent + 2)}`);
      }
    }
    return lines.length > 0 ? lines : [`${pad}{}`];
  }
  return [`${pad}${scalar(value, indent)}`];
}

function isNested(value: unknown): boolean {
  return (
    (isRecord(value) && Object.keys(value).length > 0) || (Array.isArray(value) && value.length > 0)
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalar(value: unknown, indent: number): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return '[]';
  if (isRecord(value)) return '{}';
  if (typeof value === 'string' && value.includes('\n')) {
    const pad = ' '.repeat(indent);
    const chomp = value.endsWith('\n') ? '|' : '|-';
    const body = value
      .replace(/\n$/, '')
      .split('\n')
      .map((line) => (line === '' ? '' : pad + line));
    return [chomp, ...body].join('\n');
  }
  return typeof value === 'string' ? scalarString(value) : String(value);
}

const plainUnsafe =
  /^$|^[\s\-?:,[\]{}#&*!|>'"%@`]|: |\s#|\s$|^(true|false|yes|no|on|off|null|~|y|n)$|^[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/i;

function scalarString(text: string): string {
  if (!plainUnsafe.test(text)) return text;
  return `'${text.replace(/'/g, "''")}'`;
}
