# Test listener: answers every TCP connection with the address it came from, then closes.
import socket, sys, threading
host, ports = sys.argv[1], [int(p) for p in sys.argv[2:]]
def serve(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, port)); s.listen(64)
    while True:
        c, addr = s.accept()
        try: c.sendall((addr[0] + "\n").encode())
        finally: c.close()
for p in ports: threading.Thread(target=serve, args=(p,), daemon=True).start()
threading.Event().wait()
