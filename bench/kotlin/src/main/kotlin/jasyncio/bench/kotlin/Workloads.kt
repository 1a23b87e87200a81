package jasyncio.bench.kotlin

import jasyncio.bench.common.Bench
import jasyncio.bench.common.CrossThread
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.future.await
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import java.util.concurrent.CompletableFuture
import java.util.concurrent.LinkedBlockingQueue

/*
 * The workloads of issue 5 on Kotlin coroutines. Everything runs in runBlocking, whose event loop is the calling
 * thread: one thread, like jasyncio's loop. Same shapes as bench/jasyncio's Workloads.
 */

/** A suspend function that could suspend but does not. */
suspend fun identity(x: Int): Int {
    if (x < 0) yield()
    return x
}

/** Workloads 1 and 2, called by the JMH class [KotlinBenchmarks]. */
object Micro {
    @JvmStatic
    fun pingPong(n: Int) = runBlocking {
        launch { repeat(n / 2) { yield() } }
        launch { repeat(n / 2) { yield() } }
        Unit
    }

    @JvmStatic
    fun awaitInline(n: Int): Int = runBlocking {
        var sum = 0
        for (i in 0 until n) sum += identity(i)
        sum
    }
}

fun spawn(b: Bench) {
    val n = b.spawnTasks()
    val ns = b.bestWall {
        val sum = runBlocking {
            val tasks = ArrayList<Deferred<Int>>(n)
            for (i in 0 until n) tasks.add(async { identity(i) })
            var sum = 0L
            for (t in tasks) sum += t.await()
            sum
        }
        Bench.check(sum == Bench.skynetSum(n.toLong()), "spawn sum")
    }
    b.report("3.spawn", ns.toDouble() / n, "ns/task")
}

fun footprint(b: Bench) = runBlocking {
    val n = b.suspendedTasks()
    var before = Bench.usedHeapAfterGc()
    val sleeping = ArrayList<kotlinx.coroutines.Job>(n)
    for (i in 0 until n) sleeping.add(launch { delay(3_600_000) })
    yield(); yield()
    b.report("4.footprint-sleep", (Bench.usedHeapAfterGc() - before).toDouble() / n, "B/task")
    sleeping.forEach { it.cancel() }
    sleeping.joinAll()
    sleeping.clear()

    val gate = CompletableDeferred<Unit>()
    before = Bench.usedHeapAfterGc()
    val waiting = ArrayList<kotlinx.coroutines.Job>(n)
    for (i in 0 until n) waiting.add(launch { gate.await() })
    yield(); yield()
    b.report("4.footprint-future", (Bench.usedHeapAfterGc() - before).toDouble() / n, "B/task")
    gate.complete(Unit)
    waiting.joinAll()
    waiting.clear()

    val start = System.nanoTime()
    val sleepers = ArrayList<kotlinx.coroutines.Job>(n)
    for (i in 0 until n) sleepers.add(launch { delay(2_000) })
    sleepers.joinAll()
    b.report("4.sleep2-wall", (System.nanoTime() - start) / 1e6, "ms")
}

/** Adds after the call, so that the compiler cannot make it a tail call that skips the caller's frame. */
suspend fun chain(depth: Int, yields: Int): Int {
    if (depth == 0) {
        repeat(yields) { yield() }
        return 0
    }
    return chain(depth - 1, yields) + 1
}

fun depth(b: Bench) {
    val yields = b.depthYields()
    for (d in Bench.DEPTHS) {
        val ns = b.bestWall { Bench.check(runBlocking { chain(d, yields) } == d, "depth") }
        b.report("5.depth-$d", ns.toDouble() / yields, "ns/yield")
    }
}

fun CoroutineScope.skynetNode(num: Long, size: Int): Deferred<Long> = async {
    if (size == 1) {
        num
    } else {
        val sub = size / 10
        val children = ArrayList<Deferred<Long>>(10)
        for (i in 0 until 10) children.add(skynetNode(num + i.toLong() * sub, sub))
        var sum = 0L
        for (c in children) sum += c.await()
        sum
    }
}

fun skynet(b: Bench) {
    val ns = b.bestWall {
        val sum = runBlocking { skynetNode(0, Bench.SKYNET_LEAVES).await() }
        Bench.check(sum == Bench.skynetSum(Bench.SKYNET_LEAVES.toLong()), "skynet sum")
    }
    b.report("6.skynet", ns / 1e6, "ms")
}

fun timerStorm(b: Bench) {
    val n = b.timerTasks()
    var cpu = Long.MAX_VALUE
    val wall = b.best {
        val cpu0 = Bench.processCpuNanos()
        val start = System.nanoTime()
        runBlocking {
            val tasks = ArrayList<kotlinx.coroutines.Job>(n)
            for (i in 0 until n) tasks.add(launch { repeat(Bench.TIMER_SLEEPS) { delay(1) } })
            tasks.joinAll()
        }
        val elapsed = System.nanoTime() - start
        cpu = minOf(cpu, Bench.processCpuNanos() - cpu0)
        elapsed
    }
    b.report("7.timer-storm-overhead", wall / 1e6 - Bench.TIMER_SLEEPS, "ms")
    b.report("7.timer-storm-cpu", cpu / 1e6, "ms")
}

fun crossThread(b: Bench) {
    val rounds = b.crossThreadRounds()
    val handOff = LinkedBlockingQueue<CompletableFuture<Long>>()
    val completer = CrossThread.start(handOff)
    val total = b.best {
        runBlocking {
            var total = 0L
            repeat(rounds) {
                val f = CompletableFuture<Long>()
                handOff.add(f)
                val completedAt = f.await()
                total += System.nanoTime() - completedAt
            }
            total
        }
    }
    completer.interrupt()
    completer.join()
    b.report("8.cross-thread", total.toDouble() / rounds, "ns")
}

fun main(args: Array<String>) {
    val b = Bench.fromArgs(args, "kotlin")
    spawn(b)
    footprint(b)
    depth(b)
    skynet(b)
    timerStorm(b)
    crossThread(b)
}
