# Lab service: listens on every given TCP and UDP port over IPv4 and IPv6 (link-local included)
# and answers "<name> <port> <peer>". HTTP ports answer a request with that line as the body;
# echo ports echo each line back; with --dns ADDR, UDP 53 answers every A query with ADDR.
import argparse, socket, struct, threading

IP_PKTINFO = getattr(socket, "IP_PKTINFO", 8)  # Linux value; Python 3.11 lacks the name

ap = argparse.ArgumentParser()
ap.add_argument("name")
ap.add_argument("--tcp", default="")
ap.add_argument("--http", default="")
ap.add_argument("--udp", default="")
ap.add_argument("--echo", default="")
ap.add_argument("--dns", default="")
args = ap.parse_args()
ports = lambda s: [int(p) for p in s.split(",") if p]


def peer(addr):
    host = addr[0].split("%")[0]
    return host[7:] if host.startswith("::ffff:") else host


def sock(kind, port):
    s = socket.socket(socket.AF_INET6, kind)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.bind(("::", port))
    return s


def line(port, addr):
    return f"{args.name} {port} {peer(addr)}\n".encode()


def handle(c, addr, port, mode):
    try:
        c.settimeout(2)
        if mode == "http":
            data = b""
            while b"\r\n\r\n" not in data and len(data) < 65536:
                chunk = c.recv(4096)
                if not chunk:
                    break
                data += chunk
            body = line(port, addr)
            head = f"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {len(body)}\r\n\r\n"
            c.sendall(head.encode() + body)
        elif mode == "echo":
            c.settimeout(None)
            f = c.makefile("rb")
            for l in f:
                c.sendall(l)
        else:
            c.sendall(line(port, addr))
    except OSError:
        pass
    finally:
        c.close()


def tcp(port, mode):
    s = sock(socket.SOCK_STREAM, port)
    s.listen(128)
    while True:
        c, addr = s.accept()
        threading.Thread(target=handle, args=(c, addr, port, mode), daemon=True).start()


def dns_answer(q):
    # header, the question as asked, one A record pointing at args.dns
    qid, flags = struct.unpack(">HH", q[:4])
    end = 12
    while q[end] != 0:
        end += q[end] + 1
    question = q[12 : end + 5]
    head = struct.pack(">HHHHHH", qid, 0x8180, 1, 1, 0, 0)
    rr = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + socket.inet_aton(args.dns)
    return head + question + rr


def udp(port, fam):
    # Replies leave from the address the datagram was sent to (IP_PKTINFO / IPV6_PKTINFO), so a
    # client's connected socket accepts them in a namespace with many addresses.
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if fam == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RECVPKTINFO, 1)
        s.bind(("::", port))
    else:
        s.setsockopt(socket.IPPROTO_IP, IP_PKTINFO, 1)
        s.bind(("0.0.0.0", port))
    while True:
        data, anc, _, addr = s.recvmsg(4096, 256)
        try:
            reply = dns_answer(data) if port == 53 and args.dns else line(port, addr)
            info = [(lvl, typ, d) for lvl, typ, d in anc if typ in (IP_PKTINFO, socket.IPV6_PKTINFO)]
            if fam == socket.AF_INET and info:
                ifindex, spec, dst = struct.unpack("I4s4s", info[0][2][:12])
                anc_out = [(socket.IPPROTO_IP, IP_PKTINFO, struct.pack("I4s4s", 0, dst, bytes(4)))]
            elif info:
                dst, ifindex = struct.unpack("16sI", info[0][2][:20])
                anc_out = [(socket.IPPROTO_IPV6, socket.IPV6_PKTINFO, struct.pack("16sI", dst, ifindex))]
            else:
                anc_out = []
            s.sendmsg([reply], anc_out, 0, addr)
        except (OSError, IndexError, struct.error):
            pass


for p in ports(args.tcp):
    threading.Thread(target=tcp, args=(p, "banner"), daemon=True).start()
for p in ports(args.http):
    threading.Thread(target=tcp, args=(p, "http"), daemon=True).start()
for p in ports(args.echo):
    threading.Thread(target=tcp, args=(p, "echo"), daemon=True).start()
for p in ports(args.udp):
    for fam in (socket.AF_INET, socket.AF_INET6):
        threading.Thread(target=udp, args=(p, fam), daemon=True).start()
print("ready", flush=True)
threading.Event().wait()
