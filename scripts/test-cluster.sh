#!/usr/bin/env bash
# make test-cluster: two Camelot instances behind HAProxy on loopback. Sends HTTP and Launcelot load through HAProxy
# from 127.0.0.2, kills one instance mid-run, and checks that the survivor takes the traffic, that no request failed
# once HAProxy's health check had marked the dead instance down, and that the survivor's access log shows the real
# client address (127.0.0.2), not the balancer's.
set -uo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:?}/bin/java"
DURATION=${DURATION:-12}     # seconds of load
KILL_AFTER=${KILL_AFTER:-4}  # seconds into the load

if ! command -v haproxy >/dev/null; then
  echo "test-cluster: installing Debian's haproxy package"
  if [ "$(id -u)" -ne 0 ] || ! { apt-get update -q >/dev/null && apt-get install -y -q haproxy >/dev/null; }; then
    echo "test-cluster: haproxy is needed: apt-get install haproxy (as root)" >&2
    exit 1
  fi
fi
for port in 8080 1061 28081 28082 28061 28062 29181 29182; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "test-cluster: port $port is in use on 127.0.0.1; stop what uses it first" >&2
    exit 1
  fi
done

work=$(mktemp -d -t camelot-cluster.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do
    if kill -0 "$p" 2>/dev/null; then echo "test-cluster: process $p still running after SIGTERM" >&2; fi
  done
}
trap cleanup EXIT

# Runs in this shell, not in $(...): a subshell's pids+=() would be lost and the exit trap would stop nothing.
instance() { # name http launcelot admin
  "$JAVA" -jar server/target/camelot-server.jar --config config/cluster/instance.yaml \
    --set listeners.http.port="$2" --set listeners.launcelot.port="$3" --set listeners.admin.port="$4" \
    --set logging.access-log="$work/$1-access.log" >"$work/$1.log" 2>&1 &
  pids+=($!)
}
instance a 28081 28061 29181
a_pid=$!
instance b 28082 28062 29182
b_pid=$!
for admin in 29181 29182; do
  for _ in $(seq 1 150); do
    curl -fs "http://127.0.0.1:$admin/readyz" >/dev/null && break
    sleep 0.2
  done
  curl -fs "http://127.0.0.1:$admin/readyz" >/dev/null || { echo "test-cluster: an instance did not start:"; cat "$work"/*.log; exit 1; }
done
haproxy -f config/haproxy.cfg -db >"$work/haproxy.log" 2>&1 &
haproxy_pid=$!
pids+=($haproxy_pid)
for _ in $(seq 1 50); do curl -fs -o /dev/null http://127.0.0.1:8080/motto.txt && break; sleep 0.2; done
if ! kill -0 "$haproxy_pid" 2>/dev/null || ! curl -fs -o /dev/null http://127.0.0.1:8080/motto.txt; then
  echo "test-cluster: haproxy did not start or does not serve:" >&2
  cat "$work/haproxy.log" >&2
  exit 1
fi
echo "test-cluster: instances a (pid $a_pid) and b (pid $b_pid) behind haproxy; ${DURATION}s of load, a killed after ${KILL_AFTER}s"

python3 - "$work" "$DURATION" "$KILL_AFTER" "$a_pid" <<'PY'
import os, signal, socket, sys, threading, time, urllib.request

work, duration, kill_after, a_pid = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
results = []            # (time, kind, ok)
lock = threading.Lock()
start = time.time()
end = start + duration

def read_all(s):
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            return data
        data += chunk

def record(kind, ok):
    with lock:
        results.append((time.time(), kind, ok))

def http_client():
    while time.time() < end:
        try:
            s = socket.create_connection(("127.0.0.1", 8080), timeout=5, source_address=("127.0.0.2", 0))
            s.sendall(b"GET /motto.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            data = read_all(s)
            s.close()
            record("http", data.startswith(b"HTTP/1.1 200"))
        except OSError:
            record("http", False)

QUESTIONS = [(b"What is your name?", b"My name is Sir Launcelot of Camelot."),
             (b"What is your quest?", b"To seek the Holy Grail."),
             (b"What is your favorite color?", b"Blue.")]

def launcelot_client():
    while time.time() < end:
        try:
            s = socket.create_connection(("127.0.0.1", 1061), timeout=5, source_address=("127.0.0.2", 0))
            ok = True
            for q, a in QUESTIONS:
                s.sendall(q)
                data = b""
                while not data.endswith(b"."):
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                ok = ok and data == a
            s.close()
            record("launcelot", ok)
        except OSError:
            record("launcelot", False)

def server_states():
    try:
        s = socket.socket(socket.AF_UNIX)
        s.connect("/tmp/camelot-haproxy.sock")
        s.sendall(b"show stat\n")
        data = read_all(s)
        s.close()
    except OSError:
        return {}
    states = {}
    for line in data.decode().splitlines():
        f = line.split(",")
        if len(f) > 17 and f[1] in ("a", "b"):
            states[(f[0], f[1])] = f[17]
    return states

threads = [threading.Thread(target=http_client) for _ in range(4)] + [threading.Thread(target=launcelot_client) for _ in range(4)]
for t in threads:
    t.start()
time.sleep(kill_after)
killed_at = time.time()
os.kill(a_pid, signal.SIGKILL)
down_at = None
while time.time() < end:
    st = server_states()
    if down_at is None and st and all(v.startswith("DOWN") for (b, s), v in st.items() if s == "a"):
        down_at = time.time()
    time.sleep(0.05)
for t in threads:
    t.join()

def summary(kind, since=0):
    rs = [r for r in results if r[1] == kind and r[0] >= since]
    return len(rs), sum(1 for r in rs if not r[2])

ok = True
for kind in ("http", "launcelot"):
    n, failed = summary(kind)
    n_after, failed_after = summary(kind, down_at or float("inf"))
    print(f"{kind}: {n} requests, {failed} failed in all, {n_after} after a was marked down, {failed_after} of them failed")
    if n_after == 0 or failed_after:
        ok = False
if down_at is None:
    print("haproxy never marked instance a down")
    ok = False
else:
    print(f"instance a killed at +{killed_at - start:.1f}s, marked down at +{down_at - start:.1f}s")
sys.exit(0 if ok else 1)
PY
load=$?

survivor_lines=$(grep -c . "$work/b-access.log" 2>/dev/null); survivor_lines=${survivor_lines:-0}
real_client=$(grep -c '^127\.0\.0\.2 ' "$work/b-access.log" 2>/dev/null); real_client=${real_client:-0}
echo "survivor b: $survivor_lines access log lines, $real_client from the real client 127.0.0.2"
echo "sample: $(tail -n 1 "$work/b-access.log" 2>/dev/null)"
status=0
[ "$load" -eq 0 ] || { echo "test-cluster: FAILED: requests failed after the dead instance was marked down"; status=1; }
[ "$real_client" -gt 0 ] || { echo "test-cluster: FAILED: the access log does not show the real client address"; status=1; }
if [ $status -eq 0 ]; then echo "test-cluster: passed"; rm -rf "$work"; else echo "logs in $work"; fi
exit $status
