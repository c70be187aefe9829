# Lab prober, run inside one namespace. Reads a JSON list of probes on stdin, runs them with
# bounded concurrency and prints one JSON result per probe, in order:
#   {"r": "ok" | "refused" | "timeout" | "error", "t": first line received (or the error)}
# kinds: tcp (connect, send a request line, read), udp (datagram, wait for a reply), http and https
# (GET with Host/SNI, t = "<status> <first body line>"), dns (A query, t = the answer).
# "probe.py hold HOST PORT" keeps one TCP connection open and echoes stdin lines through it.
import http.client, json, random, socket, ssl, struct, sys
from concurrent.futures import ThreadPoolExecutor

TIMEOUT = float(__import__("os").environ.get("LAB_TIMEOUT", "0.5"))


def family(host):
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def addr(host, port):
    return socket.getaddrinfo(host, port, family(host))[0][4]


def first_line(data):
    text = data.decode("utf8", "replace")
    if text.startswith("HTTP/"):
        text = text.split("\r\n\r\n", 1)[-1]
    return text.split("\n", 1)[0].strip()


def tcp(p):
    s = socket.socket(family(p["h"]), socket.SOCK_STREAM)
    s.settimeout(TIMEOUT)
    try:
        if p.get("s"):
            s.bind((p["s"], 0))
        s.connect(addr(p["h"], p["p"]))
        s.sendall(b"GET / HTTP/1.0\r\nHost: lab-probe\r\n\r\n")
        data = b""
        try:
            while len(data) < 4096:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        except (socket.timeout, ConnectionResetError):
            pass
        return "ok", first_line(data)
    finally:
        s.close()


def udp(p):
    s = socket.socket(family(p["h"]), socket.SOCK_DGRAM)
    s.settimeout(TIMEOUT)
    try:
        s.connect(addr(p["h"], p["p"]))
        s.send(b"lab-probe\n")
        return "ok", s.recv(4096).decode("utf8", "replace").strip()
    finally:
        s.close()


def web(p):
    # Positive probes through the proxy: nginx, a TLS handshake and an upstream on a busy machine.
    TIMEOUT = max(3.0, globals()["TIMEOUT"])
    host = p["host"]
    if p["k"] == "https":
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        raw = socket.create_connection(addr(p["h"], p["p"]), timeout=TIMEOUT)
        conn = http.client.HTTPSConnection(host, p["p"], timeout=TIMEOUT, context=ctx)
        conn.sock = ctx.wrap_socket(raw, server_hostname=host)
    else:
        conn = http.client.HTTPConnection(p["h"], p["p"], timeout=TIMEOUT)
    try:
        conn.request("GET", "/", headers={"Host": host})
        res = conn.getresponse()
        body = res.read(4096).decode("utf8", "replace").split("\n", 1)[0].strip()
        return "ok", f"{res.status} {body}"
    finally:
        conn.close()


def dns(p):
    qid = random.randrange(65536)
    name = b"".join(bytes([len(l)]) + l.encode() for l in p["host"].split(".")) + b"\0"
    q = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + name + struct.pack(">HH", 1, 1)
    s = socket.socket(family(p["h"]), socket.SOCK_DGRAM)
    s.settimeout(TIMEOUT)
    try:
        s.connect(addr(p["h"], p["p"]))
        s.send(q)
        r = s.recv(4096)
        if struct.unpack(">H", r[:2])[0] != qid or struct.unpack(">H", r[6:8])[0] < 1:
            return "error", "bad answer"
        return "ok", socket.inet_ntoa(r[-4:])
    finally:
        s.close()


KINDS = {"tcp": tcp, "udp": udp, "http": web, "https": web, "dns": dns}


def run(p):
    try:
        r, t = KINDS[p["k"]](p)
    except ConnectionRefusedError:
        r, t = "refused", ""
    except (socket.timeout, TimeoutError):
        r, t = "timeout", ""
    except Exception as e:  # unreachable, TLS alerts, resets: anything but an answer
        r, t = "error", f"{type(e).__name__}: {e}"
    return {"r": r, "t": t}


def hold(host, port):
    s = socket.create_connection(addr(host, int(port)), timeout=TIMEOUT)
    print("open", flush=True)
    for l in sys.stdin:
        try:
            s.settimeout(1.5)
            s.sendall(l.encode())
            data = s.recv(4096)
            print(f"echo {data.decode().strip()}" if data else "closed", flush=True)
        except OSError as e:
            print(f"timeout {type(e).__name__}", flush=True)


if len(sys.argv) > 1 and sys.argv[1] == "hold":
    hold(sys.argv[2], sys.argv[3])
else:
    probes = json.load(sys.stdin)
    with ThreadPoolExecutor(max_workers=max(1, min(512, len(probes)))) as pool:
        print(json.dumps(list(pool.map(run, probes))))
