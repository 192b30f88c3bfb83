#!/usr/bin/env bash
# Builds FerretDB once per machine (cached outside the clone) and starts it on 127.0.0.1 with the
# SQLite handler. Source it, then: ferretdb_start (exports MONGODB_URL) and ferretdb_stop.
#
# Version: 1.24.1 is what we want, but the Go module proxy answers 403 "This module version is not
# available" for it; 1.24.0 is served, so that is the version pinned here.
# `go install …/cmd/ferretdb@v1.24.0` also fails here (the proxy refuses the module's version list,
# which `go install` reads for deprecations), and a build from the module cache panics without
# build/version/version.txt, which the release zip does not ship. So: fetch the module through a
# throwaway go.mod, copy it, write version.txt, and build with a replace directive.

FERRETDB_VERSION=v1.24.0
FERRETDB_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/logbook/ferretdb-$FERRETDB_VERSION"
FERRETDB_BIN="$FERRETDB_CACHE/ferretdb"

ferretdb_build() {
  if [ -x "$FERRETDB_BIN" ]; then return 0; fi
  command -v go >/dev/null || { echo "go is not installed: cannot build FerretDB" >&2; return 1; }
  local work
  work=$(mktemp -d)
  (
    set -e
    cd "$work"
    printf 'module ferretdbbuild\n\ngo 1.22\n' > go.mod
    GOFLAGS=-mod=mod go get "github.com/FerretDB/FerretDB@$FERRETDB_VERSION"
    src="$(go env GOMODCACHE)/github.com/!ferret!d!b/!ferret!d!b@$FERRETDB_VERSION"
    cp -r "$src" ferretdb-src
    chmod -R u+w ferretdb-src
    echo "$FERRETDB_VERSION" > ferretdb-src/build/version/version.txt
    go mod edit -replace github.com/FerretDB/FerretDB=./ferretdb-src
    mkdir -p "$FERRETDB_CACHE"
    GOFLAGS=-mod=mod go build -o "$FERRETDB_BIN.tmp" github.com/FerretDB/FerretDB/cmd/ferretdb
    mv "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
  )
  local status=$?
  rm -rf "$work"
  return $status
}

ferretdb_start() {
  ferretdb_build || return 1
  FERRETDB_DIR=$(mktemp -d)
  local port debug_port
  port=$(free_port)
  debug_port=$(free_port)
  # --telemetry=disable must never be left out: no machine here may call home. The debug listener
  # and the state file get a port and a folder of their own so that two runs never collide.
  "$FERRETDB_BIN" --handler=sqlite --sqlite-url="file:$FERRETDB_DIR/" --listen-addr="127.0.0.1:$port" \
    --debug-addr="127.0.0.1:$debug_port" --state-dir="$FERRETDB_DIR" \
    --telemetry=disable --log-level=warn > "$FERRETDB_DIR/ferretdb.log" 2>&1 &
  FERRETDB_PID=$!
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      export MONGODB_URL="mongodb://127.0.0.1:$port/"
      echo "FerretDB $FERRETDB_VERSION listening on 127.0.0.1:$port (pid $FERRETDB_PID)"
      return 0
    fi
    kill -0 "$FERRETDB_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "FerretDB did not start:" >&2
  cat "$FERRETDB_DIR/ferretdb.log" >&2
  return 1
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

ferretdb_stop() {
  if [ -n "${FERRETDB_PID:-}" ]; then kill "$FERRETDB_PID" 2>/dev/null; wait "$FERRETDB_PID" 2>/dev/null; fi
  if [ -n "${FERRETDB_DIR:-}" ]; then rm -rf "$FERRETDB_DIR"; fi
  return 0
}
