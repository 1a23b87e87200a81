package jasyncio.bench;

import jasyncio.Async;
import jasyncio.Coroutine;

import static jasyncio.Asyncio.await;

/**
 * An await-dense {@code @Async} method shaped like the one issue 11 found running interpreted forever: 30 awaits and
 * twelve {@code long} locals live across all of them, about 1,500 bytes of javac's code. Rewritten one save and
 * restore per await, it grew past HotSpot's 8,000-byte compile limit; {@link JitCliff} times it.
 */
final class AwaitDense {
    private AwaitDense() {
    }

    @Async
    static Coroutine<Long> value(long v) {
        return Coroutine.completed(v);
    }

    @Async
    static Coroutine<Long> dense(long seed) {
        long a = seed, b = seed + 1, c = seed * 3, d = seed ^ 7, e = seed - 11, f = seed * 13;
        long g = seed + 17, h = seed ^ 19, i = seed * 23, j = seed - 29, k = seed + 31, l = seed * 37;
        a = a * 31 + await(value(d ^ 0L)) * (g | 1) - (j >>> 3) ^ (a + d) % 1_000_003;
        f = f * 31 + await(value(i ^ 1L)) * (l | 1) - (c >>> 3) ^ (f + i) % 1_000_003;
        k = k * 31 + await(value(b ^ 2L)) * (e | 1) - (h >>> 3) ^ (k + b) % 1_000_003;
        d = d * 31 + await(value(g ^ 3L)) * (j | 1) - (a >>> 3) ^ (d + g) % 1_000_003;
        i = i * 31 + await(value(l ^ 4L)) * (c | 1) - (f >>> 3) ^ (i + l) % 1_000_003;
        b = b * 31 + await(value(e ^ 5L)) * (h | 1) - (k >>> 3) ^ (b + e) % 1_000_003;
        g = g * 31 + await(value(j ^ 6L)) * (a | 1) - (d >>> 3) ^ (g + j) % 1_000_003;
        l = l * 31 + await(value(c ^ 7L)) * (f | 1) - (i >>> 3) ^ (l + c) % 1_000_003;
        e = e * 31 + await(value(h ^ 8L)) * (k | 1) - (b >>> 3) ^ (e + h) % 1_000_003;
        j = j * 31 + await(value(a ^ 9L)) * (d | 1) - (g >>> 3) ^ (j + a) % 1_000_003;
        c = c * 31 + await(value(f ^ 10L)) * (i | 1) - (l >>> 3) ^ (c + f) % 1_000_003;
        h = h * 31 + await(value(k ^ 11L)) * (b | 1) - (e >>> 3) ^ (h + k) % 1_000_003;
        a = a * 31 + await(value(d ^ 12L)) * (g | 1) - (j >>> 3) ^ (a + d) % 1_000_003;
        f = f * 31 + await(value(i ^ 13L)) * (l | 1) - (c >>> 3) ^ (f + i) % 1_000_003;
        k = k * 31 + await(value(b ^ 14L)) * (e | 1) - (h >>> 3) ^ (k + b) % 1_000_003;
        d = d * 31 + await(value(g ^ 15L)) * (j | 1) - (a >>> 3) ^ (d + g) % 1_000_003;
        i = i * 31 + await(value(l ^ 16L)) * (c | 1) - (f >>> 3) ^ (i + l) % 1_000_003;
        b = b * 31 + await(value(e ^ 17L)) * (h | 1) - (k >>> 3) ^ (b + e) % 1_000_003;
        g = g * 31 + await(value(j ^ 18L)) * (a | 1) - (d >>> 3) ^ (g + j) % 1_000_003;
        l = l * 31 + await(value(c ^ 19L)) * (f | 1) - (i >>> 3) ^ (l + c) % 1_000_003;
        e = e * 31 + await(value(h ^ 20L)) * (k | 1) - (b >>> 3) ^ (e + h) % 1_000_003;
        j = j * 31 + await(value(a ^ 21L)) * (d | 1) - (g >>> 3) ^ (j + a) % 1_000_003;
        c = c * 31 + await(value(f ^ 22L)) * (i | 1) - (l >>> 3) ^ (c + f) % 1_000_003;
        h = h * 31 + await(value(k ^ 23L)) * (b | 1) - (e >>> 3) ^ (h + k) % 1_000_003;
        a = a * 31 + await(value(d ^ 24L)) * (g | 1) - (j >>> 3) ^ (a + d) % 1_000_003;
        f = f * 31 + await(value(i ^ 25L)) * (l | 1) - (c >>> 3) ^ (f + i) % 1_000_003;
        k = k * 31 + await(value(b ^ 26L)) * (e | 1) - (h >>> 3) ^ (k + b) % 1_000_003;
        d = d * 31 + await(value(g ^ 27L)) * (j | 1) - (a >>> 3) ^ (d + g) % 1_000_003;
        i = i * 31 + await(value(l ^ 28L)) * (c | 1) - (f >>> 3) ^ (i + l) % 1_000_003;
        b = b * 31 + await(value(e ^ 29L)) * (h | 1) - (k >>> 3) ^ (b + e) % 1_000_003;
        return Coroutine.completed(a + b + c + d + e + f + g + h + i + j + k + l);
    }
}
