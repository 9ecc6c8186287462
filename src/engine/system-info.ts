// Gathers `berth info`: host facts, the runtime chosen and why, conmon, the stores' counts and
// the registries configuration, shaped as podman's info report.
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  filesystemUsage,
  probeHostFacts,
  probeSlirp4netns,
  readCpuUtilization,
} from '../host/host-facts.ts';
import { listNftChains } from '../host/net-apply.ts';
import { forwardDropChains, forwardDropMessage } from '../network/forward-policy.ts';
import { infoCgroupVersion } from '../host/cgroup-layout.ts';
import { loadRegistriesConfig } from '../config/registries-conf.ts';
import { registriesInfo } from '../config/registry-match.ts';
import { localVersionReport } from '../lib/version-report.ts';
import type { SystemInfoReport } from '../domain/system-reports.ts';
import type { EngineContext } from './engine-context.ts';

export async function systemInfo(ctx: EngineContext): Promise<SystemInfoReport> {
  const [facts, layout, runtime, conmon, chains, cpu, disk, slirp] = await Promise.all([
    probeHostFacts(),
    ctx.cgroupLayout(),
    ctx.runtime(),
    ctx.conmon(),
    listNftChains(),
    readCpuUtilization(),
    filesystemUsage(ctx.paths.root),
    probeSlirp4netns(),
  ]);
  const dropping = forwardDropChains(chains);
  const counts = ctx.state.counts();
  const registries = loadRegistriesConfig({
    env: ctx.options.env,
    rootless: ctx.paths.rootless,
    homeDir: homedir(),
  });
  const conf = ctx.config();
  return {
    host: {
      arch: facts.arch,
      cgroupManager: 'cgroupfs',
      cgroupVersion: infoCgroupVersion(layout),
      cgroupControllers: layout.version === 'v2' ? layout.v2Controllers : layout.v1Controllers,
      conmon: { package: 'conmon', path: conmon.path, version: conmon.version },
      cpus: facts.cpus,
      distribution: facts.distribution,
      eventLogger: 'file',
      hostname: facts.hostname,
      idMappings: { gidmap: null, uidmap: null },
      kernel: facts.kernel,
      logDriver: conf.containers.logDriver,
      memFree: facts.memFree,
      memTotal: facts.memTotal,
      networkBackend: 'berth',
      networkForwarding: {
        dropChains: dropping.map((c) => `${c.family} ${c.table} ${c.chain}`),
        warning: dropping.length > 0 ? forwardDropMessage(dropping) : '',
      },
      ociRuntime: {
        name: runtime.name,
        package: runtime.name,
        path: runtime.path,
        version: runtime.version.raw,
        selection: runtime.reason,
      },
      os: facts.os,
      security: {
        apparmorEnabled: facts.security.apparmorEnabled,
        capabilities: conf.containers.defaultCapabilities.join(','),
        rootless: facts.security.rootless,
        seccompEnabled: facts.security.seccompEnabled,
        seccompProfilePath: facts.security.seccompProfilePath,
        selinuxEnabled: facts.security.selinuxEnabled,
      },
      serviceIsRemote: false,
      swapFree: facts.swapFree,
      swapTotal: facts.swapTotal,
      uptime: facts.uptime,
      linkmode: 'dynamic',
      cpuUtilization: cpu,
      remoteSocket: { path: join(ctx.paths.runroot, 'berth.sock') },
      slirp4netns: slirp,
      buildahVersion: '',
    },
    store: {
      configFile: '',
      containerStore: {
        number: counts.containers,
        paused: counts.paused,
        running: counts.running,
        stopped: counts.stopped,
      },
      graphDriverName: ctx.storageDriver,
      graphOptions: {},
      graphRoot: ctx.paths.root,
      graphRootAllocated: disk.allocated,
      graphRootUsed: disk.used,
      graphStatus:
        ctx.storageDriver === 'overlay'
          ? { 'Native Overlay Diff': 'true', 'Supports d_type': 'true' }
          : {},
      imageCopyTmpDir: ctx.options.env.TMPDIR ?? '/var/tmp',
      imageStore: { number: counts.images },
      runRoot: ctx.paths.runroot,
      volumePath: join(ctx.paths.root, 'volumes'),
    },
    registries: registriesInfo(registries),
    plugins: {
      volume: ['local'],
      network: ['bridge'],
      log: ['k8s-file', 'none', 'passthrough'],
      authorization: null,
    },
    version: localVersionReport(),
  };
}
