#!/usr/bin/env python3
"""UDP echo peer for benchmarks: every datagram goes back to its sender unchanged.

Runs on stdlib asyncio (DatagramProtocol callbacks), or on uvloop with --uvloop.
Listens on --host (default 127.0.0.1) with a 2 MiB receive buffer, like the Camelot
listener it is compared with; stops on SIGTERM or SIGINT.
"""
import argparse
import asyncio
import signal
import socket


class Echo(asyncio.DatagramProtocol):
    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        self.transport.sendto(data, addr)


async def serve(host, port):
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2 << 20)
    sock.bind((host, port))
    transport, _ = await loop.create_datagram_endpoint(Echo, sock=sock)
    stop = loop.create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set_result, None)
    print(f"udp echo ({'uvloop' if 'uvloop' in type(loop).__module__ else 'asyncio'}) on {host}:{port}", flush=True)
    await stop
    transport.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("port", type=int)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--uvloop", action="store_true", help="run on uvloop instead of asyncio's own loop")
    args = parser.parse_args()
    if args.uvloop:
        import uvloop
        uvloop.install()
    asyncio.run(serve(args.host, args.port))


if __name__ == "__main__":
    main()
