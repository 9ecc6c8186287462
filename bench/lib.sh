# Shared helpers for the scripted benchmarks (bench/pull.sh, bench/scale.sh, bench/net.sh).
# Source it, then call bench_init NAME. It sets:
#   repo, BERTH_BIN (BERTH_BENCH_BIN or <repo>/dist/berth), BERTH (node + BERTH_BIN),
#   PODMAN (podman --runtime runc), WORK (a temp dir removed on exit), CONTAINERS_CONF (the
#   ulimits drop-in podman needs here; berth reads it too), BUSYBOX_TAR (scripts/busybox-rootfs.sh).
# NODE_EXTRA_CA_CERTS is unset for both sides (it adds ~70 ms to every node start).
# Cleanup: bench_on_exit 'shell command' registers a command run (last first) at exit.

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BERTH_BIN="${BERTH_BENCH_BIN:-$repo/dist/berth}"
RESULTS_MD="${BENCH_RESULTS_MD:-$repo/bench/RESULTS.md}"
NODE="$(command -v node)"
BERTH="$NODE $BERTH_BIN"
PODMAN="$(command -v podman) --runtime runc"
_bench_exit=()

_bench_cleanup() {
  local i
  for ((i = ${#_bench_exit[@]} - 1; i >= 0; i--)); do
    eval "${_bench_exit[$i]}" || echo "cleanup failed: ${_bench_exit[$i]}" >&2
  done
}
bench_on_exit() { _bench_exit+=("$1"); }

bench_init() {
  local name="$1"
  if [ ! -f "$BERTH_BIN" ]; then
    echo "$name: $BERTH_BIN is missing: build it (npm run build, or node scripts/build.mjs .build-NAME and BERTH_BENCH_BIN=...)" >&2
    exit 1
  fi
  unset NODE_EXTRA_CA_CERTS
  # Short: berth puts conmon's attach socket at RUNROOT/c/<64-hex id>/attach, which must fit in
  # sun_path (108 bytes), so a store's --runroot must stay within 33 characters.
  WORK="$(mktemp -d "/tmp/bb-$name-XXXXXX")"
  trap _bench_cleanup EXIT
  trap 'exit 130' INT TERM
  bench_on_exit "bench_unmount_under '$WORK'; rm -rf '$WORK'"
  cat > "$WORK/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=1024:1024","nproc=1024:1024"]
CONF
  export CONTAINERS_CONF="$WORK/containers.conf"
  BUSYBOX_TAR="$WORK/busybox.tar"
  "$repo/scripts/busybox-rootfs.sh" "$BUSYBOX_TAR"
  echo "$name: berth = $BERTH; podman = $PODMAN; work dir $WORK"
}

# berth / podman in a store of their own: berth_in DIR ARGS..., podman_in DIR ARGS...
# (DIR/root and DIR/run; keep DIR short, see bench_init).
berth_in() { local d="$1"; shift; $BERTH --root "$d/root" --runroot "$d/run" "$@"; }
podman_in() { local d="$1"; shift; $PODMAN --root "$d/root" --runroot "$d/run" "$@"; }

# Unmounts everything mounted below DIR (overlay mounts, podman's private bind of its graph
# root, netns files), deepest first.
bench_unmount_under() {
  local target
  findmnt -rn -o TARGET | awk -v d="$1/" 'index($0, d) == 1' | sort -r | while read -r target; do
    umount "$target" 2>/dev/null || umount -l "$target" 2>/dev/null || true
  done
}

# Other work shares this 2-core machine at times: wait (up to BENCH_QUIET_WAIT s, default 240)
# until the CPUs are >= 85 % idle over 3 s, and log what was found. Returns at once when quiet.
wait_quiet() {
  local deadline=$(( $(date +%s) + ${BENCH_QUIET_WAIT:-240} )) idle
  while :; do
    idle=$(cpu_idle_pct 3)
    if [ "$idle" -ge 85 ]; then echo "wait_quiet: CPUs ${idle}% idle"; return 0; fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "wait_quiet: still busy (${idle}% idle), going on" >&2
      BENCH_NOISY=$((${BENCH_NOISY:-0} + 1))
      return 0
    fi
    sleep 5
  done
}
# The sentence for a section about the waits above.
quiet_note() {
  echo "Other sessions share this machine: every measurement block started only once the CPUs were ≥ 85 % idle over 3 s$( [ "${BENCH_NOISY:-0}" -gt 0 ] && echo " (**${BENCH_NOISY} block(s) started on a busy machine after waiting ${BENCH_QUIET_WAIT:-240} s**)")."
}
# Percent of CPU time idle over SECONDS (from /proc/stat).
cpu_idle_pct() {
  local a b
  a=$(awk '/^cpu / { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
  sleep "$1"
  b=$(awk '/^cpu / { print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); t = y[2] - x[2]; print (t > 0 ? int(100 * (y[1] - x[1]) / t) : 100) }'
}

# File-creation speed of this disk right now (it varies a lot: slow after mass deletes and while
# other sessions write): milliseconds per 1000 empty files created in a new dir under WORK (kept:
# deleting would slow the next runs).
disk_probe() {
  local d i s
  d="$(mktemp -d "$WORK/probe-XXXXXX")"
  s=$(now_ns)
  for i in $(seq 1 500); do : > "$d/f$i"; done
  echo $(( ($(now_ns) - s) / 500000 ))
}

now_ns() { date +%s%N; }

# Median of the numbers on stdin (one per line).
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Nanoseconds -> "123.4 ms" / "1.23 s".
fmt_ns() { awk -v n="$1" 'BEGIN { if (n == "nan" || n == "") print "—"; else if (n >= 1e10) printf "%.1f s\n", n / 1e9; else if (n >= 1e9) printf "%.2f s\n", n / 1e9; else printf "%.1f ms\n", n / 1e6 }'; }

# a / b with two decimals ("—" when either is missing).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || a == "nan" || b == "nan" || b == 0) print "—"; else printf "%.2f\n", a / b }'; }

# met / not met for the unrounded ratio A / B: judge A B OP LIMIT (OP is <= < >=).
judge() {
  awk -v a="$1" -v b="$2" -v op="$3" -v l="$4" 'BEGIN {
    if (a == "" || b == "" || a == "nan" || b == "nan" || b == 0) { print "not measured"; exit }
    v = a / b
    ok = (op == "<=" ? v <= l : op == "<" ? v < l : op == ">=" ? v >= l : v > l)
    print (ok ? "met" : "**not met**") }'
}

# Median in nanoseconds of hyperfine's result named NAME (-n) in a JSON export.
hf_median_ns() {
  "$NODE" -e '
    const [file, name] = process.argv.slice(1);
    const r = JSON.parse(require("fs").readFileSync(file, "utf8")).results.find((x) => x.command === name);
    console.log(r ? Math.round(r.median * 1e9) : "nan");' "$1" "$2"
}

# The RESULTS.md section of a script lives between <!-- bench:NAME:begin/end --> markers;
# bench/report.mjs keeps these sections when it rewrites the file. write_section NAME FILE.
write_section() {
  "$NODE" "$repo/bench/section.mjs" --results "$RESULTS_MD" --name "$1" --file "$2"
  echo "wrote section $1 of $RESULTS_MD"
}

# A free TCP port on 127.0.0.1.
free_port() {
  "$NODE" -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# Markdown helpers: md_row CELL... prints "| a | b |".
md_row() { local IFS='|'; local out=''; local c; for c in "$@"; do out+=" $c |"; done; echo "|$out"; }

# Host facts line for a section; the berth commit is the one its build recorded (`berth version`).
host_facts() {
  local commit built
  commit=$($BERTH version 2>/dev/null | awk -F': *' '/^Git Commit/ { print substr($2, 1, 7) }')
  built=$($BERTH version 2>/dev/null | awk '/^Built:/ { sub(/^Built: */, ""); print }')
  echo "Run on $(date -u +%Y-%m-%dT%H:%M:%SZ): $(nproc) CPUs, $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r), node $("$NODE" --version), $(podman --version), $(runc --version | head -1); berth = \`$BERTH_BIN\`, built ${built:-?} from the work tree at commit ${commit:-?}."
}
