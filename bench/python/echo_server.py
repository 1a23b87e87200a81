"""Workload 9's Python echo server: asyncio streams, as in asyncio's documentation, on asyncio's own loop or uvloop.

Usage: python3 echo_server.py HOST PORT [--loop asyncio|uvloop]. bench/run drives it with bench/echo's EchoLoad.
"""
import argparse
import asyncio


async def echo(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass  # the client went away: nothing to echo any more
    finally:
        writer.close()


async def main(host, port):
    server = await asyncio.start_server(echo, host, port, backlog=1024)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("--loop", choices=["asyncio", "uvloop"], default="asyncio")
    args = parser.parse_args()
    if args.loop == "uvloop":
        import uvloop
        uvloop.install()
    asyncio.run(main(args.host, args.port))
