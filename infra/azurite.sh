#!/usr/bin/env bash
# Azurite (the Azure Storage emulator) as the local stand-in for Azure Blob and Table storage.
#
#   infra/azurite.sh start [--in-memory | --data DIR]   start one instance in the background
#   infra/azurite.sh stop [PID]                          stop it (default: the PID in the state file)
#   infra/azurite.sh install                             install azurite@3.37.0 locally (cached)
#
# start prints KEY=VALUE lines (eval-able): AZURITE_PID, AZURITE_BLOB_PORT, AZURITE_QUEUE_PORT,
# AZURITE_TABLE_PORT, AZURITE_CONNECTION_STRING, and writes them to the state file.
#
# Environment:
#   AZURITE_BLOB_PORT / AZURITE_QUEUE_PORT / AZURITE_TABLE_PORT  ports (default: free ports picked now;
#                                 10000-10002 are never assumed to be free)
#   AZURITE_HOME        where azurite is installed and state is kept (default: infra/.azurite)
#   AZURITE_STATE_FILE  where start writes and stop reads the instance (default: $AZURITE_HOME/azurite.env)
#   AZURITE_DATA_DIR    data folder when neither --in-memory nor --data is given (default: in memory)
#   AZURITE_START_TIMEOUT seconds to wait for the ports to answer (default 60)
set -euo pipefail

AZURITE_VERSION=3.37.0
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
home=${AZURITE_HOME:-$script_dir/.azurite}
state_file=${AZURITE_STATE_FILE:-$home/azurite.env}
entry=$home/node_modules/azurite/dist/src/azurite.js

# The well-known development account key (public, documented by Microsoft): it is not a secret.
account=devstoreaccount1
account_key='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

die() { echo "azurite.sh: $*" >&2; exit 1; }

install() {
  command -v npm >/dev/null || die "npm is required (Debian: apt-get install nodejs npm)"
  mkdir -p "$home"
  # One installer at a time: parallel test runs may all call start at once.
  exec 9>"$home/.install.lock"
  flock 9
  if [ -f "$entry" ] && grep -q "\"version\": \"$AZURITE_VERSION\"" "$home/node_modules/azurite/package.json"; then
    flock -u 9; return 0
  fi
  echo "azurite.sh: installing azurite@$AZURITE_VERSION into $home" >&2
  npm install --prefix "$home" --no-audit --no-fund --loglevel=error "azurite@$AZURITE_VERSION" >&2 \
    || die "npm install azurite@$AZURITE_VERSION failed"
  [ -f "$entry" ] || die "azurite installed but $entry is missing"
  flock -u 9
}

# Free TCP ports on 127.0.0.1, held open together so the three are distinct.
free_ports() {
  node -e '
    const net = require("net"); const n = +process.argv[1]; const servers = []; const ports = [];
    for (let i = 0; i < n; i++) { const s = net.createServer(); servers.push(s);
      s.listen(0, "127.0.0.1", () => { ports.push(s.address().port);
        if (ports.length === n) { console.log(ports.join(" ")); servers.forEach(x => x.close()); } }); }
  ' "$1"
}

port_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  local mode=memory data_dir=${AZURITE_DATA_DIR:-}
  [ -n "$data_dir" ] && mode=data
  while [ $# -gt 0 ]; do
    case $1 in
      --in-memory) mode=memory; shift ;;
      --data) [ $# -ge 2 ] || die "--data needs a folder"; mode=data; data_dir=$2; shift 2 ;;
      *) die "unknown option for start: $1" ;;
    esac
  done
  install

  local picked blob queue table
  picked=$(free_ports 3)
  read -r p1 p2 p3 <<<"$picked"
  blob=${AZURITE_BLOB_PORT:-$p1}; queue=${AZURITE_QUEUE_PORT:-$p2}; table=${AZURITE_TABLE_PORT:-$p3}
  for p in "$blob" "$queue" "$table"; do
    port_answers "$p" && die "port $p is already in use on 127.0.0.1"
  done

  local args=(--blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue"
              --tableHost 127.0.0.1 --tablePort "$table" --skipApiVersionCheck --loose --disableProductStyleUrl)
  local log
  if [ "$mode" = memory ]; then
    args+=(--inMemoryPersistence)
    mkdir -p "$home/logs"; log=$home/logs/azurite-$blob.log
  else
    mkdir -p "$data_dir"; data_dir=$(cd "$data_dir" && pwd)
    args+=(--location "$data_dir")
    log=$data_dir/azurite.log
  fi

  # Detached from this shell's process group so it outlives the script; stopped by PID.
  setsid node "$entry" "${args[@]}" >"$log" 2>&1 </dev/null &
  local pid=$!

  local timeout=${AZURITE_START_TIMEOUT:-60} waited=0
  until port_answers "$blob" && port_answers "$queue" && port_answers "$table"; do
    if ! kill -0 "$pid" 2>/dev/null; then cat "$log" >&2; die "azurite exited during start (log: $log)"; fi
    [ "$waited" -ge $((timeout * 10)) ] && { kill "$pid" 2>/dev/null; die "azurite did not answer within ${timeout}s (log: $log)"; }
    sleep 0.1; waited=$((waited + 1))
  done

  local base=http://127.0.0.1
  local cs="DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$account_key;BlobEndpoint=$base:$blob/$account;QueueEndpoint=$base:$queue/$account;TableEndpoint=$base:$table/$account;"
  mkdir -p "$(dirname "$state_file")"
  {
    echo "AZURITE_PID=$pid"
    echo "AZURITE_BLOB_PORT=$blob"
    echo "AZURITE_QUEUE_PORT=$queue"
    echo "AZURITE_TABLE_PORT=$table"
    echo "AZURITE_LOG=$log"
    echo "AZURITE_CONNECTION_STRING='$cs'"
  } | tee "$state_file"
}

stop() {
  local pid=${1:-}
  if [ -z "$pid" ]; then
    [ -f "$state_file" ] || die "no PID given and no state file at $state_file"
    pid=$(sed -n 's/^AZURITE_PID=//p' "$state_file")
  fi
  [[ $pid =~ ^[0-9]+$ ]] || die "not a PID: $pid"
  # Only stop a process that is really Azurite: a stale state file must not kill an unrelated PID.
  if ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'azurite'; then
    echo "azurite.sh: no azurite process with PID $pid" >&2
  else
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    echo "azurite.sh: stopped PID $pid" >&2
  fi
  if [ -f "$state_file" ] && grep -q "^AZURITE_PID=$pid\$" "$state_file"; then rm -f "$state_file"; fi
}

case ${1:-} in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  install) install ;;
  *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
