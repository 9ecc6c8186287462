#!/usr/bin/env bash
# Networking benchmarks, berth vs podman, each engine in a fresh store of its own and strictly one
# engine after the other (never both with a container up):
#   run --rm localhost/busybox true   with --network none; on the default bridge while another
#                                     container is up on it (bridge exists); on the default bridge
#                                     with nothing else on it (podman/netavark creates the bridge
#                                     for the run and removes it after; berth keeps its bridge once
#                                     made, so berth is also timed with the bridge deleted before
#                                     every run)                                        (hyperfine)
#   throughput through a published port: busybox httpd serving a 1 GiB file from a bind-mounted
#                                     dir, -p 127.0.0.1:PORT:8080, fetched with curl: ROUNDS rounds
#                                     alternating berth and podman, FETCHES fetches per round
# Subnets: podman's default podman0 and berth's default berth0 are both 10.88.0.0/16, and berth0
# may be up on this host for other work, so each side gets its own default network for the run
# through its own CONTAINERS_CONF: berth "berthbench" (br-berthbench, 10.77.0.0/24), podman its
# default "podman" network on 10.66.0.0/16 (podman0). Subnet choice has no bearing on the timings.
# Writes its section of bench/RESULTS.md (raw hyperfine JSON in bench/out/net-*.json).
# Usage: bench/net.sh [--runs N] [--rounds N] [--fetches N]   (BERTH_BENCH_BIN=PATH for another berth launcher)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
runs=15
rounds=4
fetches=2
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --fetches) fetches="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "net.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
bench_init net
out="$repo/bench/out"
mkdir -p "$out"
started=$(now_ns)
berth_port=18080
podman_port=18081
for port in $berth_port $podman_port; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "net.sh: 127.0.0.1:$port is in use by something else" >&2
    exit 1
  fi
done

BNET=berthbench BBR=br-berthbench BSUB=10.77.0.0/24 PSUB=10.66.0.0/16
for route in "$BSUB" "$PSUB"; do
  if ip route show "$route" | grep -q .; then
    echo "net.sh: a route for $route exists already: $(ip route show "$route")" >&2
    exit 1
  fi
done
cat > "$WORK/berth.conf" <<CONF
[containers]
default_ulimits = ["nofile=1024:1024","nproc=1024:1024"]
[network]
default_network = "$BNET"
default_subnet = "$BSUB"
CONF
cat > "$WORK/podman.conf" <<CONF
[containers]
default_ulimits = ["nofile=1024:1024","nproc=1024:1024"]
[network]
default_subnet = "$PSUB"
CONF
SB="$WORK/b" SP="$WORK/p"
mkdir -p "$SB" "$SP" "$WORK/www"
bench_on_exit "CONTAINERS_CONF='$WORK/berth.conf' $BERTH --root '$SB/root' --runroot '$SB/run' rm -f -a -t 0 >/dev/null 2>&1; ip link del dev '$BBR' 2>/dev/null; nft delete table inet 'berth-$BNET' 2>/dev/null; CONTAINERS_CONF='$WORK/podman.conf' $PODMAN --root '$SP/root' --runroot '$SP/run' rm -f -a -t 0 >/dev/null 2>&1; true"
# 1 GiB file (unwritten extents: reads cost no disk I/O on either side) and a small probe file.
fallocate -l 1G "$WORK/www/big"
echo ok > "$WORK/www/probe"

# One engine's part. ENGINE_CMD DIR CONF NAME PORT
engine_part() {
  local cmd="$1" dir="$2" conf="$3" name="$4" port="$5"
  local e="$cmd --root $dir/root --runroot $dir/run"
  export CONTAINERS_CONF="$conf"
  $e import -q "$BUSYBOX_TAR" localhost/busybox >/dev/null
  local hfargs=(-N --warmup 3 --runs "$runs")
  echo "== $name: --network none"
  wait_quiet
  hyperfine "${hfargs[@]}" --export-json "$out/net-none-$name.json" -n "$name" \
    "$e run --rm --network none localhost/busybox true"
  echo "== $name: default bridge, nothing else on it"
  wait_quiet
  hyperfine "${hfargs[@]}" --export-json "$out/net-idle-$name.json" -n "$name" \
    "$e run --rm localhost/busybox true"
  echo "ip route after $name's idle-bridge runs:"; ip route
  if [ "$name" = berth ]; then
    echo "== berth: default bridge, deleted before every run"
    wait_quiet
    hyperfine "${hfargs[@]}" --prepare "ip link del dev $BBR" --export-json "$out/net-fresh-$name.json" \
      -n "$name" "$e run --rm localhost/busybox true"
  fi
  echo "== $name: default bridge, another container up on it"
  wait_quiet
  $e run -d --name keeper localhost/busybox sleep 1000 >/dev/null
  hyperfine "${hfargs[@]}" --export-json "$out/net-busy-$name.json" -n "$name" \
    "$e run --rm localhost/busybox true"
  echo "ip route with $name's keeper up:"; ip route
  $e rm -f -t 0 keeper >/dev/null

  echo "ip route after $name's part:"; ip route
}

# One throughput round of one engine: the web container up, FETCHES fetches, the container removed.
# ENGINE_CMD DIR CONF NAME PORT
throughput_round() {
  local cmd="$1" dir="$2" conf="$3" name="$4" port="$5"
  local e="$cmd --root $dir/root --runroot $dir/run" i ok=0
  export CONTAINERS_CONF="$conf"
  $e run -d --name web -p "127.0.0.1:$port:8080" -v "$WORK/www:/www:ro" localhost/busybox \
    httpd -f -p 8080 -h /www >/dev/null
  for i in $(seq 1 100); do
    if [ "$(curl -s -m 2 "http://127.0.0.1:$port/probe" || true)" = ok ]; then ok=1; break; fi
    sleep 0.1
  done
  if [ "$ok" -eq 1 ]; then
    for i in $(seq 1 "$fetches"); do
      curl -o /dev/null -s -w '%{speed_download} %{size_download}\n' "http://127.0.0.1:$port/big" \
        | tee -a "$WORK/speed-$name.txt"
    done
  else
    echo "net.sh: $name: http://127.0.0.1:$port/probe never answered" >&2
    $e logs web >&2 || true
  fi
  $e rm -f -t 0 web >/dev/null
}

engine_part "$BERTH" "$SB" "$WORK/berth.conf" berth "$berth_port"
# berth keeps its bridge: remove it now so podman's part runs on a host without berth's bench bridge.
ip link del dev "$BBR" 2>/dev/null || true
nft delete table inet "berth-$BNET" 2>/dev/null || true
sleep 1
engine_part "$PODMAN" "$SP" "$WORK/podman.conf" podman "$podman_port"
if ip link show dev podman0 >/dev/null 2>&1; then podman0_left=yes; else podman0_left=no; fi

# Throughput: rounds alternate between the engines (one web container up at a time), so drift in
# the machine's load hits both alike. The 1 GiB file's pages are read once first.
echo "== throughput: $rounds rounds x $fetches fetches per engine"
cat "$WORK/www/big" > /dev/null
: > "$WORK/speed-berth.txt"
: > "$WORK/speed-podman.txt"
for r in $(seq 1 "$rounds"); do
  wait_quiet
  echo "round $r: berth via 127.0.0.1:$berth_port"
  throughput_round "$BERTH" "$SB" "$WORK/berth.conf" berth "$berth_port"
  echo "round $r: podman via 127.0.0.1:$podman_port"
  throughput_round "$PODMAN" "$SP" "$WORK/podman.conf" podman "$podman_port"
done
echo "ip route after the throughput rounds:"; ip route

# ---- the RESULTS.md section
m() { hf_median_ns "$out/net-$1-$2.json" "$2"; }
none_b=$(m none berth) none_p=$(m none podman)
idle_b=$(m idle berth) idle_p=$(m idle podman)
fresh_b=$(m fresh berth)
busy_b=$(m busy berth) busy_p=$(m busy podman)
speed() { # median bytes/s of an engine's fetches that delivered the whole GiB
  awk '$2 == 1073741824 { print $1 }' "$WORK/speed-$1.txt" | median
}
sp_b=$(speed berth) sp_p=$(speed podman)
n_b=$(awk '$2 == 1073741824' "$WORK/speed-berth.txt" | wc -l)
n_p=$(awk '$2 == 1073741824' "$WORK/speed-podman.txt" | wc -l)
mibs() { awk -v b="$1" 'BEGIN { if (b == "nan" || b == "") print "—"; else printf "%.0f MiB/s\n", b / 1048576 }'; }
diff_ms() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "nan" || b == "nan") print "—"; else printf "%+.1f ms\n", (a - b) / 1e6 }'; }
under() { awk -v a="$1" -v b="$2" -v l="$3" 'BEGIN { if (a == "nan" || b == "nan") print "not measured"; else print ((a - b) / 1e6 <= l ? "met" : "**not met**") }'; }
wall=$(( ($(now_ns) - started) / 1000000000 ))
sec="$WORK/section.md"
{
  echo "## Networking: run on the default bridge, published-port throughput (bench/net.sh)"
  echo
  host_facts
  echo "Fresh store per engine, one engine after the other; hyperfine \`-N --warmup 3 --runs $runs\` medians."
  echo "berth's default network for the run is \`$BNET\` ($BBR, $BSUB), podman's is its \`podman\` network"
  echo "on $PSUB (podman0) — both through their own CONTAINERS_CONF — because podman's 10.88.0.0/16 clashes with"
  echo "berth0's route on this host (podman's published port was unreachable with both routes present)."
  echo "The script took ${wall} s. $(quiet_note)"
  echo
  md_row measurement berth podman berth/podman target result
  md_row '---' '---:' '---:' '---:' '---:' '---'
  md_row "\`run --rm true\`, bridge, another container up" "$(fmt_ns "$busy_b")" "$(fmt_ns "$busy_p")" "$(ratio "$busy_b" "$busy_p")" '≤ 0.35' "$(judge "$busy_b" "$busy_p" '<=' 0.35)"
  md_row "\`run --rm true\`, bridge, nothing else on it (berth: bridge kept from before)" "$(fmt_ns "$idle_b")" "$(fmt_ns "$idle_p")" "$(ratio "$idle_b" "$idle_p")" '≤ 0.35' "$(judge "$idle_b" "$idle_p" '<=' 0.35)"
  md_row "\`run --rm true\`, bridge, nothing else on it (berth: bridge deleted before each run)" "$(fmt_ns "$fresh_b")" "$(fmt_ns "$idle_p")" "$(ratio "$fresh_b" "$idle_p")" '≤ 0.35' "$(judge "$fresh_b" "$idle_p" '<=' 0.35)"
  md_row "\`run --rm --network none true\` (same store, for reference)" "$(fmt_ns "$none_b")" "$(fmt_ns "$none_p")" "$(ratio "$none_b" "$none_p")" '' ''
  md_row "bridge cost: another container up − none" "$(diff_ms "$busy_b" "$none_b")" "$(diff_ms "$busy_p" "$none_p")" '' 'berth ≤ 30 ms' "$(under "$busy_b" "$none_b" 30)"
  md_row "bridge cost: nothing else on it − none (berth: bridge kept)" "$(diff_ms "$idle_b" "$none_b")" "$(diff_ms "$idle_p" "$none_p")" '' 'berth ≤ 30 ms' "$(under "$idle_b" "$none_b" 30)"
  md_row "bridge cost: bridge made for the run − none" "$(diff_ms "$fresh_b" "$none_b")" "$(diff_ms "$idle_p" "$none_p")" '' 'berth ≤ 30 ms' "$(under "$fresh_b" "$none_b" 30)"
  md_row "published-port throughput, 1 GiB (median of $n_b / $n_p fetches, $rounds alternating rounds)" "$(mibs "$sp_b")" "$(mibs "$sp_p")" "$(ratio "$sp_b" "$sp_p")" '≥ 0.9' "$(judge "$sp_b" "$sp_p" '>=' 0.9)"
  echo
  echo "Bridge costs are differences of medians (\`berth ≤ 30 ms\` is the target for berth's figure)."
  echo "podman0 left behind after podman's part: $podman0_left. Per-fetch speeds (bytes/s, bytes): berth"
  echo "\`$(awk '{ printf "%s%s", (NR > 1 ? " " : ""), $1 }' "$WORK/speed-berth.txt")\`, podman \`$(awk '{ printf "%s%s", (NR > 1 ? " " : ""), $1 }' "$WORK/speed-podman.txt")\`."
  echo
  echo '```'
  echo "berth:  $BERTH --root B/root --runroot B/run run --rm [--network none] localhost/busybox true"
  echo "podman: $PODMAN --root P/root --runroot P/run run --rm [--network none] localhost/busybox true"
  echo "        (\"another container up\": ENGINE run -d --name keeper localhost/busybox sleep 1000 first;"
  echo "         berth \"bridge deleted\": hyperfine --prepare 'ip link del dev $BBR')"
  echo "web:    ENGINE run -d --name web -p 127.0.0.1:PORT:8080 -v WWW:/www:ro localhost/busybox httpd -f -p 8080 -h /www"
  echo "        (WWW/big: fallocate -l 1G, read once first; berth PORT $berth_port, podman PORT $podman_port)"
  echo "fetch:  curl -o /dev/null -s -w '%{speed_download}' http://127.0.0.1:PORT/big"
  echo "        ($rounds rounds: berth's web up, $fetches fetches, removed; then the same for podman's)"
  echo '```'
} > "$sec"
cat "$sec"
write_section net "$sec"
