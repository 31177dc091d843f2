#!/usr/bin/env bash
# A Spark standalone cluster on this machine: one master and two workers, each its own process
# (the JVMs pyspark ships, no separate Spark download). Then:
#   CDS_SPARK_MASTER=spark://127.0.0.1:7077 cds dvc kpi --engine spark ...
# Usage: scripts/spark_cluster.sh start|stop|status   (pids and logs in $CDS_VAR_DIR/spark or var/spark)
# Workers read the dossier store by its path: on several machines it must be on shared storage.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
RUN="${CDS_VAR_DIR:-$ROOT/var}/spark"
HOST="${SPARK_HOST:-127.0.0.1}"
PORT="${SPARK_PORT:-7077}"
WORKERS="${SPARK_WORKERS:-2}"
CORES="${SPARK_WORKER_CORES:-1}"
MEMORY="${SPARK_WORKER_MEMORY:-1g}"
# the executors run our Python: the same interpreter as the driver
export PYSPARK_PYTHON="$PYTHON"
mkdir -p "$RUN"

start_one() {  # name, class, args...
  local name=$1; shift
  if [ -f "$RUN/$name.pid" ] && kill -0 "$(cat "$RUN/$name.pid")" 2>/dev/null; then
    echo "$name already running (pid $(cat "$RUN/$name.pid"))"; return
  fi
  nohup "$SPARK_HOME/bin/spark-class" "$@" >"$RUN/$name.log" 2>&1 &
  echo $! >"$RUN/$name.pid"
  echo "$name: pid $!"
}

case "${1:-}" in
  start)
    SPARK_HOME="$("$PYTHON" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')"
    export SPARK_HOME
    start_one master org.apache.spark.deploy.master.Master --host "$HOST" --port "$PORT" --webui-port 0
    for _ in $(seq 1 120); do
      grep -q "I have been elected leader" "$RUN/master.log" 2>/dev/null && break
      sleep 1
    done
    for i in $(seq 1 "$WORKERS"); do
      start_one "worker$i" org.apache.spark.deploy.worker.Worker "spark://$HOST:$PORT" \
        --cores "$CORES" --memory "$MEMORY" --webui-port 0 --work-dir "$RUN/work$i"
    done
    for _ in $(seq 1 120); do
      [ "$(grep -c "Registering worker" "$RUN/master.log" 2>/dev/null || true)" -ge "$WORKERS" ] && break
      sleep 1
    done
    echo "master spark://$HOST:$PORT with $(grep -c "Registering worker" "$RUN/master.log") workers"
    ;;
  stop)
    for f in "$RUN"/worker*.pid "$RUN"/master.pid; do
      [ -f "$f" ] || continue
      kill "$(cat "$f")" 2>/dev/null || true
      rm -f "$f"
    done
    ;;
  status)
    for f in "$RUN"/*.pid; do
      [ -f "$f" ] || continue
      if kill -0 "$(cat "$f")" 2>/dev/null; then echo "$(basename "$f" .pid): running"; else echo "$(basename "$f" .pid): stopped"; fi
    done
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
