#!/usr/bin/env bash
# make test-image: builds the image (make image), runs it with podman (runc runtime, host networking, no default
# ulimits, read-only root, every capability dropped), checks that HTTP, HTTPS, Launcelot, UDP and the health check
# answer and that the image says what it should (user, labels, ports, stop signal), then sends SIGTERM in the middle
# of HTTP, HTTPS, Launcelot and UDP load and checks that nothing that reached the daemon failed and that it exits 0.
# Installs podman, runc and mmdebstrap from Debian's packages when missing (build-image.sh says so). Not part of
# make test.
set -uo pipefail
cd "$(dirname "$0")/../.."
here=deploy/container
IMAGE=${IMAGE:-camelot}
LOAD_SECONDS=${LOAD_SECONDS:-10}   # load in all
TERM_AFTER=${TERM_AFTER:-4}        # seconds into the load
export CONTAINERS_CONF=${CONTAINERS_CONF:-$PWD/$here/containers.conf}
say() { printf 'test-image: %s\n' "$*"; }
fail() { say "FAILED: $*"; status=1; }

command -v python3 >/dev/null || { say "python3 is needed for the load"; exit 1; }
[ -f certs/server.pem ] || make -s certs >/dev/null
version=$(podman image inspect --format '{{index .Config.Labels "org.opencontainers.image.version"}}' "$IMAGE:latest")

work=$(mktemp -d -t camelot-image.XXXXXX)
name=camelot-test-$$
cleanup() {
  podman rm -f "$name" >/dev/null 2>&1
  [ "${status:-1}" -eq 0 ] && rm -rf "$work"
}
trap cleanup EXIT
status=0

# The certificates, named as a Kubernetes TLS secret names them, readable by the image's user.
mkdir -p "$work/tls" "$work/run"
cp certs/server.pem "$work/tls/tls.crt"
cp certs/server-key.pem "$work/tls/tls.key"
chmod 755 "$work/tls" && chmod 644 "$work/tls/"*
chmod 777 "$work/run"

# Free ports on this machine for the listeners (host networking: the container binds the host's ports).
read -r p_upper p_http p_https p_launcelot p_udp p_admin < <(python3 - <<'PY'
import socket
socks = []  # kept open until all are chosen, so that no two are the same
ports = []
for kind in ("tcp", "tcp", "tcp", "tcp", "udp", "tcp"):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM if kind == "tcp" else socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    socks.append(s)
    ports.append(str(s.getsockname()[1]))
print(" ".join(ports))
PY
)

say "image $IMAGE:$version: $(( $(podman image inspect --format '{{.Size}}' "$IMAGE:latest") / 1000000 )) MB"
inspect() { podman image inspect --format "$1" "$IMAGE:latest"; }
[ "$(inspect '{{.Config.User}}')" = "10001:10001" ] || fail "user is $(inspect '{{.Config.User}}'), not 10001:10001"
[ "$(inspect '{{.Config.StopSignal}}')" = "SIGTERM" ] || fail "stop signal $(inspect '{{.Config.StopSignal}}')"
for label in version source licenses revision; do
  [ -n "$(inspect "{{index .Config.Labels \"org.opencontainers.image.$label\"}}")" ] || fail "no label $label"
done
exposed=$(inspect '{{range $p, $v := .Config.ExposedPorts}}{{$p}} {{end}}')
for p in 1060/tcp 1234/tcp 1337/tcp 1972/tcp 6789/udp 9180/tcp; do
  [[ " $exposed " == *" $p "* ]] || fail "port $p not exposed (exposed: $exposed)"
done
[[ "$(inspect '{{.HealthCheck}}')" == *camelot-healthcheck* ]] || fail "no health check: $(inspect '{{.HealthCheck}}')"

say "starting $name: upper $p_upper, http $p_http, https $p_https, launcelot $p_launcelot, udp $p_udp, admin $p_admin"
podman run -d --name "$name" --network host --read-only --cap-drop ALL --security-opt no-new-privileges \
  --stop-timeout 30 -e CAMELOT_ADMIN_PORT="$p_admin" \
  -v "$work/tls:/etc/camelot/tls:ro" -v "$work/run:/run/camelot" \
  "$IMAGE:latest" --config /etc/camelot/camelot.yaml --ready-file /run/camelot/ready \
  --set listeners.upper.port="$p_upper" --set listeners.http.port="$p_http" \
  --set listeners.https.port="$p_https" --set listeners.launcelot.port="$p_launcelot" \
  --set listeners.udp.port="$p_udp" --set listeners.admin.port="$p_admin" >/dev/null || { fail "podman run"; exit 1; }
for _ in $(seq 1 300); do
  [ -s "$work/run/ready" ] && break
  [ "$(podman inspect --format '{{.State.Running}}' "$name")" = true ] || break
  sleep 0.2
done
if [ ! -s "$work/run/ready" ]; then
  fail "the daemon did not become ready"; podman logs "$name" | tail -30; exit 1
fi
say "ready: $(tr '\n' ' ' < "$work/run/ready")"
podman healthcheck run "$name" >/dev/null && say "health check: healthy" || fail "health check: $(podman healthcheck run "$name" 2>&1)"

python3 - "$p_http" "$p_https" "$p_launcelot" "$p_udp" "$p_admin" "$LOAD_SECONDS" "$TERM_AFTER" "$name" \
    certs/ca.pem <<'PY'
import socket, ssl, subprocess, sys, threading, time

http_port, https_port, launcelot_port, udp_port, admin_port = map(int, sys.argv[1:6])
load_seconds, term_after, name, ca = float(sys.argv[6]), float(sys.argv[7]), sys.argv[8], sys.argv[9]
tls = ssl.create_default_context(cafile=ca)
MOTTO = open("www/motto.txt", "rb").read()
QUESTIONS = [(b"What is your name?", b"My name is Sir Launcelot of Camelot."),
             (b"What is your quest?", b"To seek the Holy Grail."),
             (b"What is your favorite color?", b"Blue.")]
term_at = None
lock = threading.Lock()
counts = {}
failures = []

def count(kind, outcome):
    with lock:
        counts[(kind, outcome)] = counts.get((kind, outcome), 0) + 1

def failure(kind, what):
    with lock:
        failures.append(f"{kind}: {what} at +{time.time() - start:.2f}s (SIGTERM at " +
                        (f"+{term_at - start:.2f}s)" if term_at else "not yet)"))

def connect(port, secure):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    return tls.wrap_socket(s, server_hostname="localhost") if secure else s

def read_response(s):
    """One HTTP/1.1 response: (status line, headers, body), or None when the connection closed before any byte."""
    data = b""
    while b"\r\n\r\n" not in data:
        try:
            chunk = s.recv(65536)
        except ConnectionResetError:
            chunk = b""  # reset rather than closed when the request was left unread
        if not chunk:
            if data:
                raise IOError(f"closed in the middle of the headers: {data!r}")
            return None
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = s.recv(65536)
        if not chunk:
            raise IOError(f"closed after {len(body)} of {length} body bytes")
        body += chunk
    return lines[0], headers, body

def stopping():
    return term_at is not None

def http_client(port, secure, kind, until):
    s = None
    while time.time() < until:
        try:
            if s is None:
                s = connect(port, secure)
                fresh = True
        except OSError as e:
            if stopping():
                count(kind, "refused after SIGTERM")   # it stopped accepting: nothing reached it
                return
            failure(kind, f"connect: {e}")
            return
        try:
            s.sendall(b"GET /motto.txt HTTP/1.1\r\nHost: localhost\r\n\r\n")
            r = read_response(s)
        except OSError as e:
            failure(kind, f"request: {e}")
            s.close(); s = None
            continue
        if r is None:
            # Closed (or reset, when the request bytes were left unread) before any byte of an answer: HTTP's
            # keep-alive race, which clients answer by retrying on a new connection. Fine on a connection that was
            # idle between requests once the drain started, or on one accepted by the kernel as the listener closed.
            if stopping() or not fresh:
                count(kind, "closed before any answer byte, retried")
            else:
                failure(kind, "a new connection closed without an answer")
            s.close(); s = None
            continue
        fresh = False
        status, headers, body = r
        if status.startswith("HTTP/1.1 200") and body == MOTTO:
            count(kind, "answered")
        else:
            failure(kind, f"answer {status} {body[:60]!r}")
        if headers.get("connection", "").lower() == "close":
            s.close(); s = None
            if stopping():
                count(kind, "closed by the drain")
    if s:
        s.close()

def launcelot_client(until):
    while time.time() < until:
        try:
            s = connect(launcelot_port, False)
        except OSError as e:
            if stopping():
                count("launcelot", "refused after SIGTERM"); return
            failure("launcelot", f"connect: {e}"); return
        try:
            for i, (q, a) in enumerate(QUESTIONS):
                s.sendall(q)
                data = b""
                while not data.endswith(b"."):
                    try:
                        chunk = s.recv(4096)
                    except ConnectionResetError:
                        chunk = b""  # a question sent after the drain closed the connection: reset, not read
                    if not chunk:
                        break
                    data += chunk
                if data == a:
                    count("launcelot", "answered")
                elif data == b"" and stopping():
                    count("launcelot", "closed between questions by the drain")
                    break
                else:
                    failure("launcelot", f"question {i}: answer {data!r}")
                    break
        except OSError as e:
            failure("launcelot", f"exchange: {e}")
        finally:
            s.close()

def udp_client(until):
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.settimeout(3)
    n = 0
    while time.time() < until:
        n += 1
        sent_at = time.time()
        msg = f"datagram {n}".encode()
        try:
            u.sendto(msg, ("127.0.0.1", udp_port))
            reply, _ = u.recvfrom(65536)
            if reply == msg.upper():
                count("udp", "answered")
            else:
                failure("udp", f"reply {reply!r} to {msg!r}")
        except OSError:
            if term_at is not None and sent_at > term_at - 0.2:
                count("udp", "unanswered, sent as it stopped")
                return
            failure("udp", f"no reply to {msg!r} sent at +{sent_at - start:.2f}s")
        time.sleep(0.01)

start = time.time()
def once():
    """Each listener answers once."""
    for port, secure, kind in ((http_port, False, "http"), (https_port, True, "https")):
        with connect(port, secure) as s:
            s.sendall(b"GET /motto.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            status, _, body = read_response(s)
            assert status.startswith("HTTP/1.1 200") and body == MOTTO, (kind, status, body)
            print(f"test-image: {kind}: {status}, {body.decode().strip()!r}")
    with connect(launcelot_port, False) as s:
        s.sendall(QUESTIONS[1][0])
        data = b""
        while not data.endswith(b"."):
            data += s.recv(4096)
        assert data == QUESTIONS[1][1], data
        print(f"test-image: launcelot: {QUESTIONS[1][0].decode()} {data.decode()}")
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.settimeout(5)
    u.sendto(b"hello camelot", ("127.0.0.1", udp_port))
    reply = u.recvfrom(65536)[0]
    assert reply == b"HELLO CAMELOT", reply
    print(f"test-image: udp: {reply.decode()}")
    with connect(admin_port, False) as s:
        s.sendall(b"GET /readyz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        status, _, body = read_response(s)
        assert status.startswith("HTTP/1.1 200"), status
        print(f"test-image: admin /readyz: {status}")
try:
    once()
except (AssertionError, OSError, TypeError) as e:
    print(f"test-image: FAILED: a listener did not answer: {e!r}")
    sys.exit(1)

start = time.time()
until = start + load_seconds
threads = ([threading.Thread(target=http_client, args=(http_port, False, "http", until)) for _ in range(4)]
           + [threading.Thread(target=http_client, args=(https_port, True, "https", until)) for _ in range(2)]
           + [threading.Thread(target=launcelot_client, args=(until,)) for _ in range(3)]
           + [threading.Thread(target=udp_client, args=(until,)) for _ in range(2)])
for t in threads:
    t.start()
time.sleep(term_after)
term_at = time.time()
subprocess.run(["podman", "kill", "--signal", "TERM", name], check=True, stdout=subprocess.DEVNULL)
for t in threads:
    t.join()
for (kind, outcome), n in sorted(counts.items()):
    print(f"test-image: {kind}: {n} {outcome}")
for f in failures[:20]:
    print(f"test-image: FAILED: {f}")
answered = {k for (k, o) in counts if o == "answered"}
missing = {"http", "https", "launcelot", "udp"} - answered
if missing:
    print(f"test-image: FAILED: no answers under load from {sorted(missing)}")
sys.exit(1 if failures or missing else 0)
PY
[ $? -eq 0 ] || fail "the load saw failures"

code=$(timeout 60 podman wait "$name")
[ "$code" = 0 ] && say "exit code 0 after SIGTERM" || fail "exit code $code after SIGTERM"
podman logs "$name" > "$work/daemon.log" 2>&1
grep -q 'stopped' "$work/daemon.log" || fail "no 'stopped' line in the log"
grep -E 'WARN|ERROR' "$work/daemon.log" | grep -v 'receive-buffer-size\|SO_RCVBUF\|rmem_max' | head -5
say "left on this machine: the images $IMAGE:$version and $IMAGE:latest in podman's store (podman rmi to remove)," \
  "the build context in target/image; the test container and its files are removed"
if [ $status -eq 0 ]; then say passed; else say "logs in $work"; tail -30 "$work/daemon.log"; fi
exit $status
