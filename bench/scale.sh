#!/usr/bin/env bash
# Store-size and container-lifecycle benchmarks, berth vs podman, each engine in a fresh store of
# its own (--root/--runroot under one temp dir), run one engine after the other:
#   images-100   `images` with 100 images (localhost/busybox + 99 tiny distinct imports: distinct
#                layers and image IDs), hyperfine
#   ps-a-200     `ps -a` with 200 created (not running) containers, hyperfine
#   cycle        `run -d --network none localhost/busybox sleep 1000` + `stop -t 0` + `rm`, one
#                iteration = the three commands, hyperfine through sh
#   detached-50  50 `run -d --network none ... sleep 1000` one after another (total wall time),
#                then the processes left per container (berth: node must not stay, only conmon),
#                one conmon's RSS, and the time of `rm -f -a -t 0`
# Writes its section of bench/RESULTS.md (raw hyperfine JSON in bench/out/scale-*.json).
# Usage: bench/scale.sh [--runs N]   (BERTH_BENCH_BIN=PATH for another berth launcher)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
runs=15
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "scale.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
bench_init scale
out="$repo/bench/out"
mkdir -p "$out"
started=$(now_ns)

SB="$WORK/b"   # berth: 100 images, 200 containers
SP="$WORK/p"   # podman: the same
CB="$WORK/cb"  # berth: busybox only, for the lifecycle runs
CP="$WORK/cp"  # podman: the same
mkdir -p "$SB" "$SP" "$CB" "$CP"
# Anything left running is removed before the temp dir goes (runs before rm -rf, registered after).
bench_on_exit "for d in '$SB' '$CB'; do $BERTH --root \$d/root --runroot \$d/run rm -f -a -t 0 >/dev/null 2>&1; done; for d in '$SP' '$CP'; do $PODMAN --root \$d/root --runroot \$d/run rm -f -a -t 0 >/dev/null 2>&1; done; true"

echo "scale.sh: making 99 tiny distinct image tarballs"
mkdir -p "$WORK/img"
for i in $(seq 1 99); do
  mkdir -p "$WORK/img/t$i/etc"
  echo "image $i" > "$WORK/img/t$i/etc/bench-image"
  tar --numeric-owner --owner=0 --group=0 -C "$WORK/img/t$i" -cf "$WORK/img/$i.tar" .
done

fill_store() { # ENGINE_FN DIR
  local fn="$1" dir="$2" i
  "$fn" "$dir" import -q "$BUSYBOX_TAR" localhost/busybox >/dev/null
  for i in $(seq 1 99); do
    "$fn" "$dir" import -q --change "LABEL=bench.n=$i" "$WORK/img/$i.tar" "localhost/img$i" >/dev/null
  done
}
echo "scale.sh: importing 100 images into each store"
t0=$(now_ns); fill_store berth_in "$SB"; t1=$(now_ns)
fill_store podman_in "$SP"; t2=$(now_ns)
import_b=$(( (t1 - t0) / 100 )); import_p=$(( (t2 - t1) / 100 ))
n_b=$(berth_in "$SB" images -q | sort -u | wc -l)
n_p=$(podman_in "$SP" images -q | sort -u | wc -l)
echo "scale.sh: distinct image IDs: berth $n_b, podman $n_p"

hf() { # NAME BERTH_CMD PODMAN_CMD [extra hyperfine args...]
  local name="$1" bc="$2" pc="$3"; shift 3
  echo "== $name"
  wait_quiet
  hyperfine "$@" --runs "$runs" --export-json "$out/scale-$name.json" -n berth "$bc" -n podman "$pc"
}
hf images-100 "$BERTH --root $SB/root --runroot $SB/run images" \
  "$PODMAN --root $SP/root --runroot $SP/run images" -N --warmup 3

echo "scale.sh: creating 200 containers in each store"
t0=$(now_ns)
for i in $(seq 1 200); do berth_in "$SB" create localhost/busybox true >/dev/null; done
t1=$(now_ns)
for i in $(seq 1 200); do podman_in "$SP" create localhost/busybox true >/dev/null; done
t2=$(now_ns)
create_b=$(( (t1 - t0) / 200 )); create_p=$(( (t2 - t1) / 200 ))
c_b=$(berth_in "$SB" ps -a -q | wc -l)
c_p=$(podman_in "$SP" ps -a -q | wc -l)
echo "scale.sh: containers: berth $c_b, podman $c_p"
hf ps-a-200 "$BERTH --root $SB/root --runroot $SB/run ps -a" \
  "$PODMAN --root $SP/root --runroot $SP/run ps -a" -N --warmup 3

berth_in "$CB" import -q "$BUSYBOX_TAR" localhost/busybox >/dev/null
podman_in "$CP" import -q "$BUSYBOX_TAR" localhost/busybox >/dev/null
cycle() { # ENGINE_CMD DIR
  echo "id=\$($1 --root $2/root --runroot $2/run run -d --network none localhost/busybox sleep 1000) && $1 --root $2/root --runroot $2/run stop -t 0 \$id >/dev/null && $1 --root $2/root --runroot $2/run rm \$id >/dev/null"
}
cycle_runs=$(( runs < 10 ? runs : 10 ))
echo "== cycle"
wait_quiet
hyperfine --warmup 2 --runs "$cycle_runs" --export-json "$out/scale-cycle.json" \
  -n berth "$(cycle "$BERTH" "$CB")" -n podman "$(cycle "$PODMAN" "$CP")"
left_b=$(berth_in "$CB" ps -a -q | wc -l); left_p=$(podman_in "$CP" ps -a -q | wc -l)
echo "scale.sh: containers left after the cycles: berth $left_b, podman $left_p"

# 50 detached containers one after another; per-container times for the median.
detached() { # ENGINE_FN DIR TIMES_FILE -> total ns on stdout
  local fn="$1" dir="$2" times="$3" i a b start
  : > "$times"
  start=$(now_ns)
  for i in $(seq 1 50); do
    a=$(now_ns)
    "$fn" "$dir" run -d --network none localhost/busybox sleep 1000 >/dev/null
    b=$(now_ns)
    echo $((b - a)) >> "$times"
  done
  echo $(( $(now_ns) - start ))
}
# Processes whose command line mentions DIR, by command name: "conmon=50 node=0 ...".
procs_for() {
  local table
  table=$(ps -eo comm=,args=)
  awk -v d="$1/" 'index($0, d) { n[$1]++ } END { for (c in n) printf "%s=%d ", c, n[c] }' <<<"$table"
}
conmon_rss() { # DIR -> RSS in KiB of the first conmon serving that store
  local pid table
  table=$(ps -eo pid=,comm=,args=)
  pid=$(awk -v d="$1/" '$2 == "conmon" && index($0, d) { print $1; exit }' <<<"$table")
  [ -n "$pid" ] && ps -o rss= -p "$pid" | tr -d ' ' || echo nan
}
berth_node_procs() { # node processes running this berth build (launcher or bundle)
  local table
  table=$(ps -eo comm=,args=)
  awk -v d="$(dirname "$BERTH_BIN")/" '$1 == "node" && index($0, d)' <<<"$table" | wc -l
}

echo "== detached-50 (berth)"
wait_quiet
total_b=$(detached berth_in "$CB" "$WORK/detached-b.txt")
sleep 1
running_b=$(berth_in "$CB" ps -q | wc -l)
procs_b=$(procs_for "$CB"); node_b=$(berth_node_procs); rss_b=$(conmon_rss "$CB")
echo "scale.sh: berth: $running_b running; processes naming the store: $procs_b; node processes of this build: $node_b; conmon RSS ${rss_b} KiB"
t0=$(now_ns); berth_in "$CB" rm -f -a -t 0 >/dev/null; rm_b=$(( $(now_ns) - t0 ))
sleep 1
echo "== detached-50 (podman)"
wait_quiet
total_p=$(detached podman_in "$CP" "$WORK/detached-p.txt")
sleep 1
running_p=$(podman_in "$CP" ps -q | wc -l)
procs_p=$(procs_for "$CP"); rss_p=$(conmon_rss "$CP")
echo "scale.sh: podman: $running_p running; processes naming the store: $procs_p; conmon RSS ${rss_p} KiB"
t0=$(now_ns); podman_in "$CP" rm -f -a -t 0 >/dev/null; rm_p=$(( $(now_ns) - t0 ))
one_b=$(median < "$WORK/detached-b.txt"); one_p=$(median < "$WORK/detached-p.txt")

# ---- the RESULTS.md section
img_b=$(hf_median_ns "$out/scale-images-100.json" berth); img_p=$(hf_median_ns "$out/scale-images-100.json" podman)
ps_b=$(hf_median_ns "$out/scale-ps-a-200.json" berth); ps_p=$(hf_median_ns "$out/scale-ps-a-200.json" podman)
cy_b=$(hf_median_ns "$out/scale-cycle.json" berth); cy_p=$(hf_median_ns "$out/scale-cycle.json" podman)
r_img=$(ratio "$img_b" "$img_p"); r_ps=$(ratio "$ps_b" "$ps_p"); r_cy=$(ratio "$cy_b" "$cy_p")
r_det=$(ratio "$total_b" "$total_p")
wall=$(( ($(now_ns) - started) / 1000000000 ))
sec="$WORK/section.md"
{
  echo "## Store size and container lifecycle (bench/scale.sh)"
  echo
  host_facts
  echo "Each engine worked in fresh stores of its own (\`--root DIR/root --runroot DIR/run\` under one"
  echo "temp dir), one engine after the other; hyperfine medians ($runs runs, 3 warm-up; cycle: $cycle_runs runs, 2 warm-up)."
  echo "The script took ${wall} s. $(quiet_note)"
  echo
  md_row measurement berth podman berth/podman target result
  md_row '---' '---:' '---:' '---:' '---:' '---'
  md_row "\`images\`, 100 images ($n_b / $n_p distinct IDs)" "$(fmt_ns "$img_b")" "$(fmt_ns "$img_p")" "$r_img" '≤ 0.5' "$(judge "$img_b" "$img_p" '<=' 0.5)"
  md_row "\`ps -a\`, 200 created containers ($c_b / $c_p)" "$(fmt_ns "$ps_b")" "$(fmt_ns "$ps_p")" "$r_ps" '≤ 0.5' "$(judge "$ps_b" "$ps_p" '<=' 0.5)"
  md_row "\`run -d\` + \`stop -t 0\` + \`rm\` cycle" "$(fmt_ns "$cy_b")" "$(fmt_ns "$cy_p")" "$r_cy" '≤ 0.4' "$(judge "$cy_b" "$cy_p" '<=' 0.4)"
  md_row "50 × \`run -d\` one after another, total" "$(fmt_ns "$total_b")" "$(fmt_ns "$total_p")" "$r_det" '≤ 0.4' "$(judge "$total_b" "$total_p" '<=' 0.4)"
  md_row "— one \`run -d\` of the 50 (median)" "$(fmt_ns "$one_b")" "$(fmt_ns "$one_p")" "$(ratio "$one_b" "$one_p")" '' ''
  md_row "\`rm -f -a -t 0\` of the 50 running containers (once)" "$(fmt_ns "$rm_b")" "$(fmt_ns "$rm_p")" "$(ratio "$rm_b" "$rm_p")" '' ''
  md_row "setup: one \`import\` of a tiny tarball (mean of 100)" "$(fmt_ns "$import_b")" "$(fmt_ns "$import_p")" "$(ratio "$import_b" "$import_p")" '' ''
  md_row "setup: one \`create\` (mean of 200)" "$(fmt_ns "$create_b")" "$(fmt_ns "$create_p")" "$(ratio "$create_b" "$create_p")" '' ''
  echo
  echo "With the 50 detached containers up: berth $running_b running, processes whose command line names the"
  echo "berth store: \`${procs_b% }\`; node processes of the berth build still alive: **$node_b** (target 0: only"
  echo "conmon stays). podman: $running_p running, \`${procs_p% }\`. RSS of one conmon: berth's"
  echo "${rss_b} KiB, podman's ${rss_p} KiB (\`ps -o rss\`)."
  echo
  echo '```'
  echo "images:  $BERTH --root B/root --runroot B/run images"
  echo "         $PODMAN --root P/root --runroot P/run images"
  echo "         (stores: import busybox.tar localhost/busybox; import --change LABEL=bench.n=\$i img\$i.tar localhost/img\$i, i=1..99)"
  echo "ps -a:   $BERTH --root B/root --runroot B/run ps -a      (after 200 x create localhost/busybox true)"
  echo "         $PODMAN --root P/root --runroot P/run ps -a"
  echo "cycle:   sh -c 'id=\$(ENGINE run -d --network none localhost/busybox sleep 1000) && ENGINE stop -t 0 \$id && ENGINE rm \$id'"
  echo "50:      for i in 1..50: ENGINE run -d --network none localhost/busybox sleep 1000   (timed with date +%s%N)"
  echo "         then ENGINE rm -f -a -t 0"
  echo '```'
} > "$sec"
cat "$sec"
write_section scale "$sec"
