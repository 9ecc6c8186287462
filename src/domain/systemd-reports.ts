// `generate systemd`'s options (podman 4.3.1's flags) and report: unit name → unit text.

export interface GenerateSystemdOptions {
  /** The container (name, ID or ID prefix). */
  ref: string;
  /** Absolute path of the berth binary the Exec lines run (the client knows it). */
  executable: string;
  /** -n/--name: name instead of ID in Exec lines and the unit name. */
  useName: boolean;
  /** --new: the unit creates the container from its create command and removes it. */
  recreate: boolean;
  /** --template (implies --new). */
  template: boolean;
  /** --no-header */
  noHeader: boolean;
  /** --restart-policy; default the container's restart policy, else on-failure. */
  restartPolicy?: string;
  /** --restart-sec: accepted; podman 4.3.1 writes nothing for it. */
  restartSeconds?: number;
  /** --start-timeout: TimeoutStartSec= (0: none). */
  startTimeoutSeconds?: number;
  /** --stop-timeout / -t: default the container's stop timeout (10). */
  stopTimeoutSeconds?: number;
  /** --container-prefix (default `container`), --pod-prefix (default `pod`), --separator (`-`). */
  containerPrefix: string;
  podPrefix: string;
  separator: string;
  wants: string[];
  after: string[];
  requires: string[];
  /** -e/--env KEY=VALUE */
  env: string[];
}

export interface GenerateSystemdReport {
  /** Unit name without `.service` → unit text (ending in a newline). */
  units: Record<string, string>;
  /** podman's warnings (a container restart policy beside systemd's Restart=). */
  warnings: string[];
}
