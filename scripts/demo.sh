#!/usr/bin/env bash
# The main job: berth builds localhost/busybox from Debian's busybox-static by itself and runs a
# container from it. Later issues extend this to the whole user's day (DESIGN.md).
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$(dirname "$0")/busybox-rootfs.sh" "$work/busybox.tar"

echo "+ berth import --change 'CMD [\"/bin/sh\"]' busybox.tar localhost/busybox"
berth import --change 'CMD ["/bin/sh"]' "$work/busybox.tar" localhost/busybox
berth image prune -f >/dev/null # an earlier demo's copy, untagged by this import
echo "+ berth images"
berth images
echo "+ berth run --rm localhost/busybox echo hello"
berth run --rm localhost/busybox echo hello

# The seed's myweb demo: web content kept on the host, served by a detached container on a
# published port, fetched from the host with curl.
web="$work/webcontent"
mkdir -p "$web"
echo '<h1>Hello from berth</h1>' > "$web/index.html"
berth rm -f -t 0 myweb >/dev/null 2>&1 || true
echo "+ berth run -d --name myweb -p 8080:8080 -v $web:/var/www:Z localhost/busybox httpd -f -p 8080 -h /var/www"
berth run -d --name myweb -p 8080:8080 -v "$web:/var/www:Z" localhost/busybox httpd -f -p 8080 -h /var/www
echo "+ berth ps"
berth ps
echo "+ berth port myweb"
berth port myweb
echo "+ curl -s http://localhost:8080/"
for _ in 1 2 3 4 5 6 7 8 9 10; do curl -sf http://localhost:8080/ && break; sleep 0.2; done
echo "+ berth exec myweb cat /etc/hostname"
berth exec myweb cat /etc/hostname
echo "+ berth stop -t 1 myweb && berth rm myweb"
berth stop -t 1 myweb
berth rm myweb

# The seed's database demo: a tiny key-value server on port 3306 (busybox nc runs one shell per
# connection), its data in a named volume, reached from the host at 127.0.0.1 with bash's
# /dev/tcp; a new container on the same volume still has the data.
db_query() { # db_query "SET greeting hello" -> the server's one-line reply
  local reply
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    if exec 3<>/dev/tcp/127.0.0.1/3306 2>/dev/null; then
      echo "$1" >&3
      read -r -t 5 reply <&3 || true
      exec 3<&-
      [ -n "$reply" ] && { echo "$reply"; return 0; }
    fi
    sleep 0.2
  done
  echo "db_query: no reply from 127.0.0.1:3306" >&2
  return 1
}
db_server='read -r cmd key val; case "$cmd" in SET) echo "$val" > "/var/lib/db/$key" && echo OK ;; GET) cat "/var/lib/db/$key" 2>/dev/null || echo NULL ;; *) echo "ERR unknown command" ;; esac'
berth rm -f -t 0 mydb >/dev/null 2>&1 || true
berth volume rm -f dbdata >/dev/null 2>&1 || true
echo "+ berth volume create dbdata"
berth volume create dbdata
echo "+ berth run -d --name mydb -p 3306:3306 -v dbdata:/var/lib/db localhost/busybox nc -ll -p 3306 -e sh -c '<key-value server>'"
berth run -d --name mydb -p 3306:3306 -v dbdata:/var/lib/db localhost/busybox nc -ll -p 3306 -e sh -c "$db_server"
echo "+ (host) SET greeting hello -> 127.0.0.1:3306"
db_query "SET greeting hello"
echo "+ berth rm -f -t 0 mydb; then a new mydb on the same volume"
berth rm -f -t 0 mydb
berth run -d --name mydb -p 3306:3306 -v dbdata:/var/lib/db localhost/busybox nc -ll -p 3306 -e sh -c "$db_server"
echo "+ (host) GET greeting -> 127.0.0.1:3306"
db_query "GET greeting"
berth rm -f -t 0 mydb
berth volume rm dbdata
