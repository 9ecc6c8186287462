// Turns a report in podman's JSON names (host.ociRuntime.name) into the view Go templates see,
// named as podman's Go structs (.Host.OCIRuntime.Name). The JSON-ish capitalised spelling
// (.Host.OciRuntime.Name) is kept as a hidden alias so both spellings work.

/** JSON name -> Go field name where the Go name is not just the capitalised JSON name. */
const goNames: Record<string, string> = {
  ociRuntime: 'OCIRuntime',
  cpus: 'CPUs',
  os: 'OS',
  cgroupVersion: 'CgroupsVersion',
  idMappings: 'IDMappings',
  gidmap: 'GIDMap',
  uidmap: 'UIDMap',
  apparmorEnabled: 'AppArmorEnabled',
  seccompEnabled: 'SECCOMPEnabled',
  seccompProfilePath: 'SECCOMPProfilePath',
  selinuxEnabled: 'SELinuxEnabled',
  slirp4netns: 'Slirp4NetNS',
  linkmode: 'Linkmode',
  Id: 'ID',
};

/** The Go maps in podman's image and container inspect structs (their keys are data, not fields). */
export const inspectMapPaths: readonly string[] = [
  'Labels',
  'Annotations',
  'Config.Labels',
  'Config.Annotations',
  'Config.ExposedPorts',
  'Config.Volumes',
  'GraphDriver.Data',
  'NetworkSettings.Ports',
  'NetworkSettings.Networks',
];

export interface GoViewOptions {
  /** Paths (dot-joined JSON names) whose values are Go maps: keys stay as they are below them. */
  mapPaths?: readonly string[];
}

export function goView(value: unknown, options: GoViewOptions = {}, path = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => goView(item, options, path));
  if (typeof value !== 'object' || value === null) return value;
  const isMap = options.mapPaths?.includes(path) ?? false;
  const view: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const childPath = path === '' ? key : `${path}.${key}`;
    const converted = isMap ? item : goView(item, options, childPath);
    if (isMap) {
      view[key] = converted;
      continue;
    }
    const goName = goNames[key] ?? capitalise(key);
    view[goName] = converted;
    const alias = capitalise(key);
    if (alias !== goName)
      Object.defineProperty(view, alias, { value: converted, enumerable: false });
  }
  return view;
}

function capitalise(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}
