#!/usr/bin/env bash
# Cold pull of a ~160 MB (compressed), 6-layer image from a local registry (Debian's
# docker-registry, plain HTTP on 127.0.0.1, started here with its own storage and config):
#   berth pull / podman pull, each into a FRESH store (--root/--runroot) per run,
#   skopeo copy docker:// -> oci: (fetches and stores blobs, extracts nothing),
#   the "floor": curl of every layer blob | gzip -dc | tar -x into its own dir, layers in parallel;
# plus berth's peak RSS during a cold pull (/usr/bin/time -v) and whether a second pull into the
# same store fetches any blob (blob GETs counted in the registry's access log).
# The image: busybox rootfs, two layers of 74 MiB from /dev/urandom each, one layer of 20 000
# small files, two small layers; tar + gzip made here, uploaded with curl along the distribution
# spec (POST .../blobs/uploads/, PUT ?digest=, PUT .../manifests/latest, Docker schema2).
# Stores are kept until the end (this disk creates files slowly right after mass deletes) and
# `sync` runs before every timed run so no run pays for the previous one's writeback.
# Writes its section of bench/RESULTS.md.
# Usage: bench/pull.sh [--runs N]   (BERTH_BENCH_BIN=PATH for another berth launcher)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
runs=5
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "pull.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
bench_init pull
started=$(now_ns)

# ---- the image
L="$WORK/layers"
mkdir -p "$L"/src{2,3,4,5,6}
head -c 74M /dev/urandom > "$L/src2.bin"; mkdir -p "$L/src2/opt/data"; mv "$L/src2.bin" "$L/src2/opt/data/a.bin"
head -c 74M /dev/urandom > "$L/src3.bin"; mkdir -p "$L/src3/opt/data"; mv "$L/src3.bin" "$L/src3/opt/data/b.bin"
"$NODE" - "$L/src4/usr/share/bench" <<'JS'
// 20 000 small files (40 dirs x 500), 200-1400 bytes of text each.
const fs = require('fs');
const path = require('path');
const root = process.argv[2];
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const words = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau'.split(' ');
for (let d = 0; d < 40; d++) {
  const dir = path.join(root, `d${d}`);
  fs.mkdirSync(dir, { recursive: true });
  for (let f = 0; f < 500; f++) {
    const size = 200 + Math.floor(rand() * 1200);
    let text = `file ${d}/${f}\n`;
    while (text.length < size) text += `${words[Math.floor(rand() * words.length)]} ${Math.floor(rand() * 1e6)}\n`;
    fs.writeFileSync(path.join(dir, `f${f}.txt`), text);
  }
}
JS
mkdir -p "$L/src5/etc" "$L/src6/app"
echo 'bench=1' > "$L/src5/etc/bench.conf"
printf '#!/bin/sh\necho hello from the pull benchmark\n' > "$L/src6/app/run.sh"; chmod +x "$L/src6/app/run.sh"
cp "$BUSYBOX_TAR" "$L/1.tar"
for i in 2 3 4 5 6; do tar --numeric-owner --owner=0 --group=0 -C "$L/src$i" -cf "$L/$i.tar" .; done
for i in 1 2 3 4 5 6; do gzip -n -6 -c "$L/$i.tar" > "$L/$i.tar.gz"; done
"$NODE" - "$L" <<'JS'
// config.json (Docker image config) and manifest.json (Docker schema2) for the six layers.
const fs = require('fs');
const crypto = require('crypto');
const dir = process.argv[2];
const sha = (file) => new Promise((resolve) => {
  const h = crypto.createHash('sha256');
  fs.createReadStream(file).on('data', (c) => h.update(c)).on('end', () => resolve(`sha256:${h.digest('hex')}`));
});
(async () => {
  const layers = [];
  for (let i = 1; i <= 6; i++) {
    layers.push({ diffId: await sha(`${dir}/${i}.tar`), digest: await sha(`${dir}/${i}.tar.gz`), size: fs.statSync(`${dir}/${i}.tar.gz`).size });
  }
  const created = '2026-01-01T00:00:00Z';
  const config = {
    architecture: 'amd64', os: 'linux', created,
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], Cmd: ['/bin/sh'] },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    history: layers.map((_, i) => ({ created, created_by: `bench layer ${i + 1}` })),
  };
  fs.writeFileSync(`${dir}/config.json`, JSON.stringify(config));
  const manifest = {
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: fs.statSync(`${dir}/config.json`).size, digest: await sha(`${dir}/config.json`) },
    layers: layers.map((l) => ({ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: l.size, digest: l.digest })),
  };
  fs.writeFileSync(`${dir}/manifest.json`, JSON.stringify(manifest, null, 2));
  fs.writeFileSync(`${dir}/blobs.txt`, [manifest.config, ...manifest.layers].map((b, i) => `${b.digest} ${i === 0 ? 'config.json' : `${i}.tar.gz`} ${b.size}\n`).join(''));
})();
JS
layer_bytes=$(awk 'NR > 1 { s += $3 } END { print s }' "$L/blobs.txt")
raw_bytes=$(cat "$L"/[1-6].tar | wc -c)
echo "pull.sh: image: 6 layers, $layer_bytes bytes compressed, $raw_bytes bytes uncompressed"

# ---- the registry
port=$(free_port)
host="127.0.0.1:$port"
mkdir -p "$WORK/registry"
cat > "$WORK/registry.yml" <<YML
version: 0.1
log:
  level: info
  accesslog:
    disabled: false
storage:
  filesystem:
    rootdirectory: $WORK/registry
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: $host
  secret: $(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
YML
unset_registry=()
for var in $(compgen -e); do case "$var" in REGISTRY_*) unset_registry+=(-u "$var") ;; esac; done
env "${unset_registry[@]}" /usr/bin/docker-registry serve "$WORK/registry.yml" > "$WORK/registry.log" 2>&1 &
registry_pid=$!
bench_on_exit "kill $registry_pid 2>/dev/null; wait $registry_pid 2>/dev/null; true"
for i in $(seq 1 100); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$host/v2/" || true)" = 200 ] && break
  sleep 0.1
done
echo "pull.sh: registry pid $registry_pid on $host"
while read -r digest file size; do
  location=$(curl -sf -D - -o /dev/null -X POST "http://$host/v2/big/blobs/uploads/" |
    awk 'tolower($1) == "location:" { print $2 }' | tr -d '\r')
  case "$location" in /*) location="http://$host$location" ;; esac
  case "$location" in *\?*) sep='&' ;; *) sep='?' ;; esac
  curl -sf -T "$L/$file" -H 'Content-Type: application/octet-stream' "$location${sep}digest=$digest" -o /dev/null
done < "$L/blobs.txt"
curl -sf -X PUT -H 'Content-Type: application/vnd.docker.distribution.manifest.v2+json' \
  --data-binary "@$L/manifest.json" "http://$host/v2/big/manifests/latest" -o /dev/null
image="$host/big:latest"
echo "pull.sh: pushed $image"

# ---- the timed runs (stores at $WORK/b1, p1, s1, f1, ...: short, see lib.sh)
S="$WORK"
config_digest=$(awk '$2 == "config.json" { print $1 }' "$L/blobs.txt")
log_lines() { wc -l < "$WORK/registry.log"; }
# Blob GETs in the registry's access log after line N: "LAYERS CONFIG".
blob_gets_since() {
  tail -n +"$(($1 + 1))" "$WORK/registry.log" | grep -o '"GET /v2/big/blobs/sha256:[0-9a-f]*' |
    awk -v c="/blobs/$config_digest" '{ if (index($0, c)) n_c++; else n_l++ } END { printf "%d %d\n", n_l, n_c }'
}
run_berth() { $BERTH --root "$1/root" --runroot "$1/run" pull --tls-verify=false "$image" > "$1.log" 2>&1; }
run_podman() { $PODMAN --root "$1/root" --runroot "$1/run" pull --tls-verify=false "$image" > "$1.log" 2>&1; }
run_skopeo() { skopeo copy --src-tls-verify=false "docker://$image" "oci:$1:latest" > "$1.log" 2>&1; }
run_floor() {
  local digest file size i=0 pids=()
  mkdir -p "$1"
  while read -r digest file size; do
    [ "$file" = config.json ] && continue
    i=$((i + 1))
    mkdir "$1/$i"
    (set -o pipefail; curl -sf "http://$host/v2/big/blobs/$digest" | gzip -dc | tar -x -C "$1/$i") &
    pids+=($!)
  done < "$L/blobs.txt"
  local pid status=0
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
  return "$status"
}
tools=(berth podman skopeo floor)
for tool in "${tools[@]}"; do : > "$WORK/times-$tool.txt"; done
: > "$WORK/rounds.txt"
: > "$WORK/probes.txt"
for round in $(seq 0 "$runs"); do
  wait_quiet
  probe=$(disk_probe)
  echo "pull.sh: round $round: disk probe $probe ms per 1000 empty files"
  [ "$round" -eq 0 ] || echo "$probe" >> "$WORK/probes.txt"
  for tool in "${tools[@]}"; do
    dir="$S/${tool:0:1}$round"
    sync
    t0=$(now_ns)
    if ! "run_$tool" "$dir"; then
      echo "pull.sh: $tool failed (round $round):" >&2
      cat "$dir.log" >&2 2>/dev/null || true
      echo "failed" > "$WORK/failed-$tool"
      continue
    fi
    t1=$(now_ns)
    # round 0 is the warm-up (registry blobs into the page cache)
    [ "$round" -eq 0 ] || echo $((t1 - t0)) >> "$WORK/times-$tool.txt"
    [ "$round" -eq 0 ] || echo "$round $tool $((t1 - t0))" >> "$WORK/rounds.txt"
    echo "pull.sh: round $round $tool $(fmt_ns $((t1 - t0)))"
  done
done
# Sanity: every store holds the image with all six layers' files.
img_b=$($BERTH --root "$S/b1/root" --runroot "$S/b1/run" images --format '{{.Repository}}:{{.Tag}} {{.Size}}' 2>&1 | head -1 || true)
img_p=$($PODMAN --root "$S/p1/root" --runroot "$S/p1/run" images --format '{{.Repository}}:{{.Tag}} {{.Size}}' 2>&1 | head -1 || true)
run_out_b=$($BERTH --root "$S/b1/root" --runroot "$S/b1/run" run --rm --network none "$image" sh -c 'ls /usr/share/bench/*/ | grep -c txt; wc -c < /opt/data/a.bin; /app/run.sh' 2>&1 | tr '\n' ' ' || true)
echo "pull.sh: berth store: $img_b; in a container: $run_out_b"
echo "pull.sh: podman store: $img_p"

# ---- peak RSS of cold pulls (berth 3 times, podman once for comparison), then a second pull
: > "$WORK/rss-b.txt"
for k in 1 2 3; do
  wait_quiet
  sync
  /usr/bin/time -v $BERTH --root "$S/r$k/root" --runroot "$S/r$k/run" pull --tls-verify=false "$image" > "$S/r$k.log" 2> "$S/r$k.time"
  awk -F': *' '/Maximum resident set size/ { print $2 }' "$S/r$k.time" >> "$WORK/rss-b.txt"
done
rss_b=$(median < "$WORK/rss-b.txt")
rss_list=$(awk '{ printf "%s%d", (NR > 1 ? ", " : ""), $1 * 1024 / 1e6 }' "$WORK/rss-b.txt")
sync
/usr/bin/time -v $PODMAN --root "$S/rp/root" --runroot "$S/rp/run" pull --tls-verify=false "$image" > "$S/rp.log" 2> "$S/rp.time"
rss_p=$(awk -F': *' '/Maximum resident set size/ { print $2 }' "$S/rp.time")
echo "pull.sh: peak RSS: berth ${rss_list} MB (median ${rss_b} KiB), podman ${rss_p} KiB"
g0=$(log_lines)
t0=$(now_ns)
$BERTH --root "$S/r1/root" --runroot "$S/r1/run" pull --tls-verify=false "$image" > "$S/2b.log" 2>&1
second_b=$(( $(now_ns) - t0 ))
sleep 0.5; gets_b=$(blob_gets_since "$g0"); g1=$(log_lines)
t0=$(now_ns)
$PODMAN --root "$S/rp/root" --runroot "$S/rp/run" pull --tls-verify=false "$image" > "$S/2p.log" 2>&1
second_p=$(( $(now_ns) - t0 ))
sleep 0.5; gets_p=$(blob_gets_since "$g1")
read -r layer_gets_b config_gets_b <<<"$gets_b"
read -r layer_gets_p config_gets_p <<<"$gets_p"
echo "pull.sh: second pull: berth $layer_gets_b layer + $config_gets_b config blob GETs in $(fmt_ns $second_b); podman $layer_gets_p + $config_gets_p in $(fmt_ns $second_p)"
echo "--- registry log of the second pulls:"; tail -n +"$((g0 + 1))" "$WORK/registry.log" | grep -o '"[A-Z]* /v2/[^"]*" [0-9]*' || true
echo "--- berth's second pull:"; cat "$S/2b.log"
echo "--- podman's second pull:"; cat "$S/2p.log"

# ---- the RESULTS.md section
med() { if [ -f "$WORK/failed-$1" ]; then echo nan; else median < "$WORK/times-$1.txt"; fi; }
b=$(med berth) p=$(med podman) s=$(med skopeo) f=$(med floor)
# Median over rounds of berth's time / the other's time in the same round (the disk's speed drifts).
round_ratio() { awk -v o="$1" '$2 == "berth" { b[$1] = $3 } $2 == o { x[$1] = $3 } END { for (r in b) if (r in x) printf "%.4f\n", b[r] / x[r] }' "$WORK/rounds.txt" | median; }
rr_p=$(round_ratio podman) rr_s=$(round_ratio skopeo) rr_f=$(round_ratio floor)
probes=$(tr '\n' ' ' < "$WORK/probes.txt")
list() { tr '\n' ' ' < "$WORK/times-$1.txt" | awk '{ for (i = 1; i <= NF; i++) printf "%s%.2f", (i > 1 ? " " : ""), $i / 1e9 }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB\n", b / 1e6 }'; }
wall=$(( ($(now_ns) - started) / 1000000000 ))
sec="$WORK/section.md"
{
  echo "## Cold pull, 6 layers / $(mb "$layer_bytes") compressed, local registry (bench/pull.sh)"
  echo
  host_facts
  echo "Image: busybox rootfs, 2 × 74 MiB from /dev/urandom, 20 000 small text files, 2 small layers —"
  echo "$(mb "$layer_bytes") of gzip layers, $(mb "$raw_bytes") of tar; Docker schema2, uploaded with curl to Debian's"
  echo "docker-registry 2.8.2 on $host (plain HTTP, its own storage dir; every \`REGISTRY_*\` variable removed)."
  echo "Every run went into a fresh directory (a new \`--root\`/\`--runroot\` for berth and podman), kept until the end;"
  echo "\`sync\` before every run; one untimed warm-up round, then $runs rounds of berth, podman, skopeo, floor."
  echo "The script took ${wall} s. $(quiet_note)"
  echo
  md_row measurement median 'runs (s)' 'berth / it (medians)' 'berth / it (per round, median)' target result
  md_row '---' '---:' '---' '---:' '---:' '---:' '---'
  md_row "berth pull, fresh store" "$(fmt_ns "$b")" "$(list berth)" '' '' '' ''
  md_row "podman pull, fresh store" "$(fmt_ns "$p")" "$(list podman)" "$(ratio "$b" "$p")" "$(printf '%.2f' "$rr_p")" '< 0.5' "$(judge "$b" "$p" '<' 0.5)"
  md_row "skopeo copy → oci: (no extraction)" "$(fmt_ns "$s")" "$(list skopeo)" "$(ratio "$b" "$s")" "$(printf '%.2f' "$rr_s")" '' ''
  md_row "floor: curl \\| gzip -dc \\| tar -x, layers in parallel" "$(fmt_ns "$f")" "$(list floor)" "$(ratio "$b" "$f")" "$(printf '%.2f' "$rr_f")" '≤ 1.3' "$(judge "$b" "$f" '<=' 1.3)"
  echo
  echo "Disk probe before each timed round (ms to create 1000 empty files; this disk's speed drifts with"
  echo "deletes and with other sessions' writes): \`$probes\`. Results judge the ratio of medians."
  echo
  md_row 'cold pull, once' berth podman target result
  md_row '---' '---:' '---:' '---:' '---'
  md_row "peak RSS (\`/usr/bin/time -v\`, Maximum resident set size; berth: median of 3 runs: $rss_list MB)" "$((rss_b * 1024 / 1000000)) MB ($((rss_b / 1024)) MiB)" "$((rss_p * 1024 / 1000000)) MB ($((rss_p / 1024)) MiB)" '< 150 MB' "$(awk -v k="$rss_b" 'BEGIN { print (k * 1024 < 150e6 ? "met" : "**not met**") }')"
  md_row 'second pull into the same store: layer blob GETs in the registry log' "$layer_gets_b" "$layer_gets_p" '0' "$( [ "$layer_gets_b" -eq 0 ] && echo met || echo '**not met**')"
  md_row 'second pull: config blob GETs' "$config_gets_b" "$config_gets_p" '' ''
  md_row 'second pull: time' "$(fmt_ns "$second_b")" "$(fmt_ns "$second_p")" '' ''
  echo
  echo "berth's second pull printed (podman 4.3.1's, without a terminal, has the same lines: neither"
  echo "prints \"skipped: already exists\" without progress bars):"
  echo
  echo '```'
  cat "$S/2b.log"
  echo '```'
  echo
  echo "Stores after the pull: berth \`$img_b\`, podman \`$img_p\`; in a berth container from it:"
  echo "\`ls /usr/share/bench/*/ | grep -c txt; wc -c < /opt/data/a.bin; /app/run.sh\` printed \`${run_out_b% }\`."
  echo "skopeo only copies the blobs into an OCI layout (no decompression, no extraction): it is a"
  echo "transfer reference, not a like-for-like peer. The image was uploaded with curl, not \`berth push\`:"
  echo "berth has no build, and \`berth import\` makes one-layer images."
  echo
  echo '```'
  echo "berth:  $BERTH --root R --runroot RR pull --tls-verify=false $image"
  echo "podman: $PODMAN --root R --runroot RR pull --tls-verify=false $image"
  echo "skopeo: skopeo copy --src-tls-verify=false docker://$image oci:DIR:latest"
  echo "floor:  for each layer digest, in parallel: curl -sf http://$host/v2/big/blobs/DIGEST | gzip -dc | tar -x -C DIR/N"
  echo "RSS:    /usr/bin/time -v <berth or podman pull as above>   (fresh store; then the second pull into it)"
  echo '```'
} > "$sec"
cat "$sec"
write_section pull "$sec"
echo "pull.sh: removing the stores (several GB)"
