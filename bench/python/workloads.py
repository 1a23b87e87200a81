"""Workloads 1 to 8 of issue 5 on CPython asyncio (and uvloop with --loop uvloop), as timed programs.

Same shapes as bench/jasyncio's CoreBenchmarks and Workloads; prints the lines bench/run collects:
RESULT <tab> workload <tab> system <tab> value <tab> unit.
Usage: python3 workloads.py [--loop asyncio|uvloop] [--quick]
"""
import argparse
import asyncio
import concurrent.futures
import gc
import queue
import sys
import threading
import time
import tracemalloc

QUICK = "--quick" in sys.argv


def size(full, quick):
    return quick if QUICK else full


# The JVM peers' sizes (bench/common Bench.java), made smaller where CPython would take minutes; per-operation
# values do not depend on them.
MICRO_OPS = size(100_000, 20_000)
SPAWN_TASKS = size(1_000_000, 200_000)
SUSPENDED_TASKS = size(1_000_000, 200_000)
DEPTHS = (1, 10, 100, 1000)
DEPTH_YIELDS = size(20_000, 5_000)  # a resume walks the whole await chain in CPython: cost grows with depth
SKYNET_LEAVES = 1_000_000
TIMER_TASKS = size(100_000, 20_000)
TIMER_SLEEPS = 10
CROSS_THREAD_ROUNDS = size(100_000, 10_000)


class Bench:
    def __init__(self, system, new_loop):
        self.system = system
        self.new_loop = new_loop
        self.runs = 1 if QUICK else 7  # no JIT to warm up; more quick runs would overrun 5 minutes

    def run(self, coro):
        loop = self.new_loop()
        try:
            return loop.run_until_complete(coro)
        finally:
            loop.close()

    def best_wall(self, make_coro):
        best = None
        for _ in range(self.runs):
            start = time.perf_counter_ns()
            self.run(make_coro())
            elapsed = time.perf_counter_ns() - start
            best = elapsed if best is None else min(best, elapsed)
        return best

    def report(self, workload, value, unit):
        print(f"RESULT\t{workload}\t{self.system}\t{value:.3f}\t{unit}", flush=True)


async def identity(x):
    """A coroutine that could suspend but does not."""
    if x < 0:
        await asyncio.sleep(0)
    return x


# 1. Yield ping-pong.

async def yield_many(n):
    for _ in range(n):
        await asyncio.sleep(0)


async def ping_pong(n):
    a = asyncio.create_task(yield_many(n // 2))
    b = asyncio.create_task(yield_many(n // 2))
    await a
    await b


# 2. Non-suspending await.

async def await_inline(n):
    total = 0
    for i in range(n):
        total += await identity(i)
    return total


# 3. Spawn.

async def spawn_all(n):
    tasks = [asyncio.create_task(identity(i)) for i in range(n)]
    total = 0
    for t in tasks:
        total += await t
    assert total == n * (n - 1) // 2
    return total


# 4. Suspended footprint: bytes the Python allocator holds per suspended task, traced by tracemalloc while the
# tasks are created and parked (resident memory would miss memory the allocator reuses).

def traced_bytes():
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


async def sleeper(seconds):
    await asyncio.sleep(seconds)


async def waiter(gate):
    await gate


async def measure_footprint(b, n):
    tracemalloc.start()
    before = traced_bytes()
    sleeping = [asyncio.create_task(sleeper(3600)) for _ in range(n)]
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    b.report("4.footprint-sleep", (traced_bytes() - before) / n, "B/task")
    tracemalloc.stop()
    for t in sleeping:
        t.cancel()
    await asyncio.gather(*sleeping, return_exceptions=True)
    del sleeping

    gate = asyncio.get_running_loop().create_future()
    tracemalloc.start()
    before = traced_bytes()
    waiting = [asyncio.create_task(waiter(gate)) for _ in range(n)]
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    b.report("4.footprint-future", (traced_bytes() - before) / n, "B/task")
    tracemalloc.stop()
    gate.set_result(None)
    for t in waiting:
        await t
    del waiting

    start = time.perf_counter_ns()
    sleepers = [asyncio.create_task(sleeper(2)) for _ in range(n)]
    for t in sleepers:
        await t
    b.report("4.sleep2-wall", (time.perf_counter_ns() - start) / 1e6, "ms")


# 5. Depth.

async def chain(depth, yields):
    if depth == 0:
        for _ in range(yields):
            await asyncio.sleep(0)
        return 0
    return await chain(depth - 1, yields) + 1


# 6. Skynet.

async def skynet_node(num, size_):
    if size_ == 1:
        return num
    sub = size_ // 10
    children = [asyncio.create_task(skynet_node(num + i * sub, sub)) for i in range(10)]
    total = 0
    for c in children:
        total += await c
    return total


async def skynet_checked():
    assert await skynet_node(0, SKYNET_LEAVES) == SKYNET_LEAVES * (SKYNET_LEAVES - 1) // 2


# 7. Timer storm.

async def ticker():
    for _ in range(TIMER_SLEEPS):
        await asyncio.sleep(0.001)


async def storm(n):
    tasks = [asyncio.create_task(ticker()) for _ in range(n)]
    for t in tasks:
        await t


# 8. Await of a future a plain thread completes (concurrent.futures.Future, asyncio's CompletableFuture).

def completer(hand_off):
    while True:
        f = hand_off.get()
        if f is None:
            return
        f.set_result(time.perf_counter_ns())


async def await_rounds(rounds, hand_off):
    total = 0
    for _ in range(rounds):
        f = concurrent.futures.Future()
        hand_off.put(f)
        completed_at = await asyncio.wrap_future(f)
        total += time.perf_counter_ns() - completed_at
    return total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--loop", choices=("asyncio", "uvloop"), default="asyncio")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.loop == "uvloop":
        import uvloop
        b = Bench("uvloop", uvloop.new_event_loop)
    else:
        b = Bench("asyncio", asyncio.new_event_loop)
    sys.setrecursionlimit(10_000)

    b.report("1.ping-pong", b.best_wall(lambda: ping_pong(MICRO_OPS)) / MICRO_OPS, "ns/switch")
    b.report("2.await", b.best_wall(lambda: await_inline(MICRO_OPS)) / MICRO_OPS, "ns/await")
    b.report("3.spawn", b.best_wall(lambda: spawn_all(SPAWN_TASKS)) / SPAWN_TASKS, "ns/task")
    b.run(measure_footprint(b, SUSPENDED_TASKS))
    for d in DEPTHS:
        b.report(f"5.depth-{d}", b.best_wall(lambda: chain(d, DEPTH_YIELDS)) / DEPTH_YIELDS, "ns/yield")
    b.report("6.skynet", b.best_wall(skynet_checked) / 1e6, "ms")

    best_wall, best_cpu = None, None
    for _ in range(b.runs):
        cpu0, start = time.process_time_ns(), time.perf_counter_ns()
        b.run(storm(TIMER_TASKS))
        wall, cpu = time.perf_counter_ns() - start, time.process_time_ns() - cpu0
        best_wall = wall if best_wall is None else min(best_wall, wall)
        best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
    b.report("7.timer-storm-overhead", best_wall / 1e6 - TIMER_SLEEPS, "ms")
    b.report("7.timer-storm-cpu", best_cpu / 1e6, "ms")

    hand_off = queue.SimpleQueue()
    thread = threading.Thread(target=completer, args=(hand_off,), daemon=True)
    thread.start()
    best = min(b.run(await_rounds(CROSS_THREAD_ROUNDS, hand_off)) for _ in range(b.runs))
    hand_off.put(None)
    thread.join()
    b.report("8.cross-thread", best / CROSS_THREAD_ROUNDS, "ns")


if __name__ == "__main__":
    main()
