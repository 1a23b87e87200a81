package jasyncio.bench;

import jasyncio.Async;
import jasyncio.Coroutine;

import static jasyncio.Asyncio.await;

/**
 * {@link AwaitDense}'s statements, 130 of them: 6,146 bytes of javac's code, under HotSpot's 8,000-byte compile limit,
 * that even the rewrite's most compact encoding makes 8,714 bytes (an await costs it about 20 bytes). The rewrite
 * cuts such a method in two at a statement near its middle (TailSplit), each part compiled; {@link JitCliff} times
 * a call.
 */
final class AwaitDenseLong {
    private AwaitDenseLong() {
    }

    @Async
    static Coroutine<Long> dense(long seed) {
        long a = seed, b = seed + 1, c = seed * 3, d = seed ^ 7, e = seed - 11, f = seed * 13;
        long g = seed + 17, h = seed ^ 19, i = seed * 23, j = seed - 29, k = seed + 31, l = seed * 37;
        a = a * 31 + await(AwaitDense.value(d ^ 0L)) * (g | 1) - (j >>> 3) ^ (a + d) % 1_000_003;
        f = f * 31 + await(AwaitDense.value(i ^ 1L)) * (l | 1) - (c >>> 3) ^ (f + i) % 1_000_003;
        k = k * 31 + await(AwaitDense.value(b ^ 2L)) * (e | 1) - (h >>> 3) ^ (k + b) % 1_000_003;
        d = d * 31 + await(AwaitDense.value(g ^ 3L)) * (j | 1) - (a >>> 3) ^ (d + g) % 1_000_003;
        i = i * 31 + await(AwaitDense.value(l ^ 4L)) * (c | 1) - (f >>> 3) ^ (i + l) % 1_000_003;
        b = b * 31 + await(AwaitDense.value(e ^ 5L)) * (h | 1) - (k >>> 3) ^ (b + e) % 1_000_003;
        g = g * 31 + await(AwaitDense.value(j ^ 6L)) * (a | 1) - (d >>> 3) ^ (g + j) % 1_000_003;
        l = l * 31 + await(AwaitDense.value(c ^ 7L)) * (f | 1) - (i >>> 3) ^ (l + c) % 1_000_003;
        e = e * 31 + await(AwaitDense.value(h ^ 8L)) * (k | 1) - (b >>> 3) ^ (e + h) % 1_000_003;
        j = j * 31 + await(AwaitDense.value(a ^ 9L)) * (d | 1) - (g >>> 3) ^ (j + a) % 1_000_003;
        c = c * 31 + await(AwaitDense.value(f ^ 10L)) * (i | 1) - (l >>> 3) ^ (c + f) % 1_000_003;
        h = h * 31 + await(AwaitDense.value(k ^ 11L)) * (b | 1) - (e >>> 3) ^ (h + k) % 1_000_003;
        a = a * 31 + await(AwaitDense.value(d ^ 12L)) * (g | 1) - (j >>> 3) ^ (a + d) % 1_000_003;
        f = f * 31 + await(AwaitDense.value(i ^ 13L)) * (l | 1) - (c >>> 3) ^ (f + i) % 1_000_003;
        k = k * 31 + await(AwaitDense.value(b ^ 14L)) * (e | 1) - (h >>> 3) ^ (k + b) % 1_000_003;
        d = d * 31 + await(AwaitDense.value(g ^ 15L)) * (j | 1) - (a >>> 3) ^ (d + g) % 1_000_003;
        i = i * 31 + await(AwaitDense.value(l ^ 16L)) * (c | 1) - (f >>> 3) ^ (i + l) % 1_000_003;
        b = b * 31 + await(AwaitDense.value(e ^ 17L)) * (h | 1) - (k >>> 3) ^ (b + e) % 1_000_003;
        g = g * 31 + await(AwaitDense.value(j ^ 18L)) * (a | 1) - (d >>> 3) ^ (g + j) % 1_000_003;
        l = l * 31 + await(AwaitDense.value(c ^ 19L)) * (f | 1) - (i >>> 3) ^ (l + c) % 1_000_003;
        e = e * 31 + await(AwaitDense.value(h ^ 20L)) * (k | 1) - (b >>> 3) ^ (e + h) % 1_000_003;
        j = j * 31 + await(AwaitDense.value(a ^ 21L)) * (d | 1) - (g >>> 3) ^ (j + a) % 1_000_003;
        c = c * 31 + await(AwaitDense.value(f ^ 22L)) * (i | 1) - (l >>> 3) ^ (c + f) % 1_000_003;
        h = h * 31 + await(AwaitDense.value(k ^ 23L)) * (b | 1) - (e >>> 3) ^ (h + k) % 1_000_003;
        a = a * 31 + await(AwaitDense.value(d ^ 24L)) * (g | 1) - (j >>> 3) ^ (a + d) % 1_000_003;
        f = f * 31 + await(AwaitDense.value(i ^ 25L)) * (l | 1) - (c >>> 3) ^ (f + i) % 1_000_003;
        k = k * 31 + await(AwaitDense.value(b ^ 26L)) * (e | 1) - (h >>> 3) ^ (k + b) % 1_000_003;
        d = d * 31 + await(AwaitDense.value(g ^ 27L)) * (j | 1) - (a >>> 3) ^ (d + g) % 1_000_003;
        i = i * 31 + await(AwaitDense.value(l ^ 28L)) * (c | 1) - (f >>> 3) ^ (i + l) % 1_000_003;
        b = b * 31 + await(AwaitDense.value(e ^ 29L)) * (h | 1) - (k >>> 3) ^ (b + e) % 1_000_003;
        g = g * 31 + await(AwaitDense.value(j ^ 30L)) * (a | 1) - (d >>> 3) ^ (g + j) % 1_000_003;
        l = l * 31 + await(AwaitDense.value(c ^ 31L)) * (f | 1) - (i >>> 3) ^ (l + c) % 1_000_003;
        e = e * 31 + await(AwaitDense.value(h ^ 32L)) * (k | 1) - (b >>> 3) ^ (e + h) % 1_000_003;
        j = j * 31 + await(AwaitDense.value(a ^ 33L)) * (d | 1) - (g >>> 3) ^ (j + a) % 1_000_003;
        c = c * 31 + await(AwaitDense.value(f ^ 34L)) * (i | 1) - (l >>> 3) ^ (c + f) % 1_000_003;
        h = h * 31 + await(AwaitDense.value(k ^ 35L)) * (b | 1) - (e >>> 3) ^ (h + k) % 1_000_003;
        a = a * 31 + await(AwaitDense.value(d ^ 36L)) * (g | 1) - (j >>> 3) ^ (a + d) % 1_000_003;
        f = f * 31 + await(AwaitDense.value(i ^ 37L)) * (l | 1) - (c >>> 3) ^ (f + i) % 1_000_003;
        k = k * 31 + await(AwaitDense.value(b ^ 38L)) * (e | 1) - (h >>> 3) ^ (k + b) % 1_000_003;
        d = d * 31 + await(AwaitDense.value(g ^ 39L)) * (j | 1) - (a >>> 3) ^ (d + g) % 1_000_003;
        i = i * 31 + await(AwaitDense.value(l ^ 40L)) * (c | 1) - (f >>> 3) ^ (i + l) % 1_000_003;
        b = b * 31 + await(AwaitDense.value(e ^ 41L)) * (h | 1) - (k >>> 3) ^ (b + e) % 1_000_003;
        g = g * 31 + await(AwaitDense.value(j ^ 42L)) * (a | 1) - (d >>> 3) ^ (g + j) % 1_000_003;
        l = l * 31 + await(AwaitDense.value(c ^ 43L)) * (f | 1) - (i >>> 3) ^ (l + c) % 1_000_003;
        e = e * 31 + await(AwaitDense.value(h ^ 44L)) * (k | 1) - (b >>> 3) ^ (e + h) % 1_000_003;
        j = j * 31 + await(AwaitDense.value(a ^ 45L)) * (d | 1) - (g >>> 3) ^ (j + a) % 1_000_003;
        c = c * 31 + await(AwaitDense.value(f ^ 46L)) * (i | 1) - (l >>> 3) ^ (c + f) % 1_000_003;
        h = h * 31 + await(AwaitDense.value(k ^ 47L)) * (b | 1) - (e >>> 3) ^ (h + k) % 1_000_003;
        a = a * 31 + await(AwaitDense.value(d ^ 48L)) * (g | 1) - (j >>> 3) ^ (a + d) % 1_000_003;
        f = f * 31 + await(AwaitDense.value(i ^ 49L)) * (l | 1) - (c >>> 3) ^ (f + i) % 1_000_003;
        k = k * 31 + await(AwaitDense.value(b ^ 50L)) * (e | 1) - (h >>> 3) ^ (k + b) % 1_000_003;
        d = d * 31 + await(AwaitDense.value(g ^ 51L)) * (j | 1) - (a >>> 3) ^ (d + g) % 1_000_003;
        i = i * 31 + await(AwaitDense.value(l ^ 52L)) * (c | 1) - (f >>> 3) ^ (i + l) % 1_000_003;
        b = b * 31 + await(AwaitDense.value(e ^ 53L)) * (h | 1) - (k >>> 3) ^ (b + e) % 1_000_003;
        g = g * 31 + await(AwaitDense.value(j ^ 54L)) * (a | 1) - (d >>> 3) ^ (g + j) % 1_000_003;
        l = l * 31 + await(AwaitDense.value(c ^ 55L)) * (f | 1) - (i >>> 3) ^ (l + c) % 1_000_003;
        e = e * 31 + await(AwaitDense.value(h ^ 56L)) * (k | 1) - (b >>> 3) ^ (e + h) % 1_000_003;
        j = j * 31 + await(AwaitDense.value(a ^ 57L)) * (d | 1) - (g >>> 3) ^ (j + a) % 1_000_003;
        c = c * 31 + await(AwaitDense.value(f ^ 58L)) * (i | 1) - (l >>> 3) ^ (c + f) % 1_000_003;
        h = h * 31 + await(AwaitDense.value(k ^ 59L)) * (b | 1) - (e >>> 3) ^ (h + k) % 1_000_003;
        a = a * 31 + await(AwaitDense.value(d ^ 60L)) * (g | 1) - (j >>> 3) ^ (a + d) % 1_000_003;
        f = f * 31 + await(AwaitDense.value(i ^ 61L)) * (l | 1) - (c >>> 3) ^ (f + i) % 1_000_003;
        k = k * 31 + await(AwaitDense.value(b ^ 62L)) * (e | 1) - (h >>> 3) ^ (k + b) % 1_000_003;
        d = d * 31 + await(AwaitDense.value(g ^ 63L)) * (j | 1) - (a >>> 3) ^ (d + g) % 1_000_003;
        i = i * 31 + await(AwaitDense.value(l ^ 64L)) * (c | 1) - (f >>> 3) ^ (i + l) % 1_000_003;
        b = b * 31 + await(AwaitDense.value(e ^ 65L)) * (h | 1) - (k >>> 3) ^ (b + e) % 1_000_003;
        g = g * 31 + await(AwaitDense.value(j ^ 66L)) * (a | 1) - (d >>> 3) ^ (g + j) % 1_000_003;
        l = l * 31 + await(AwaitDense.value(c ^ 67L)) * (f | 1) - (i >>> 3) ^ (l + c) % 1_000_003;
        e = e * 31 + await(AwaitDense.value(h ^ 68L)) * (k | 1) - (b >>> 3) ^ (e + h) % 1_000_003;
        j = j * 31 + await(AwaitDense.value(a ^ 69L)) * (d | 1) - (g >>> 3) ^ (j + a) % 1_000_003;
        c = c * 31 + await(AwaitDense.value(f ^ 70L)) * (i | 1) - (l >>> 3) ^ (c + f) % 1_000_003;
        h = h * 31 + await(AwaitDense.value(k ^ 71L)) * (b | 1) - (e >>> 3) ^ (h + k) % 1_000_003;
        a = a * 31 + await(AwaitDense.value(d ^ 72L)) * (g | 1) - (j >>> 3) ^ (a + d) % 1_000_003;
        f = f * 31 + await(AwaitDense.value(i ^ 73L)) * (l | 1) - (c >>> 3) ^ (f + i) % 1_000_003;
        k = k * 31 + await(AwaitDense.value(b ^ 74L)) * (e | 1) - (h >>> 3) ^ (k + b) % 1_000_003;
        d = d * 31 + await(AwaitDense.value(g ^ 75L)) * (j | 1) - (a >>> 3) ^ (d + g) % 1_000_003;
        i = i * 31 + await(AwaitDense.value(l ^ 76L)) * (c | 1) - (f >>> 3) ^ (i + l) % 1_000_003;
        b = b * 31 + await(AwaitDense.value(e ^ 77L)) * (h | 1) - (k >>> 3) ^ (b + e) % 1_000_003;
        g = g * 31 + await(AwaitDense.value(j ^ 78L)) * (a | 1) - (d >>> 3) ^ (g + j) % 1_000_003;
        l = l * 31 + await(AwaitDense.value(c ^ 79L)) * (f | 1) - (i >>> 3) ^ (l + c) % 1_000_003;
        e = e * 31 + await(AwaitDense.value(h ^ 80L)) * (k | 1) - (b >>> 3) ^ (e + h) % 1_000_003;
        j = j * 31 + await(AwaitDense.value(a ^ 81L)) * (d | 1) - (g >>> 3) ^ (j + a) % 1_000_003;
        c = c * 31 + await(AwaitDense.value(f ^ 82L)) * (i | 1) - (l >>> 3) ^ (c + f) % 1_000_003;
        h = h * 31 + await(AwaitDense.value(k ^ 83L)) * (b | 1) - (e >>> 3) ^ (h + k) % 1_000_003;
        a = a * 31 + await(AwaitDense.value(d ^ 84L)) * (g | 1) - (j >>> 3) ^ (a + d) % 1_000_003;
        f = f * 31 + await(AwaitDense.value(i ^ 85L)) * (l | 1) - (c >>> 3) ^ (f + i) % 1_000_003;
        k = k * 31 + await(AwaitDense.value(b ^ 86L)) * (e | 1) - (h >>> 3) ^ (k + b) % 1_000_003;
        d = d * 31 + await(AwaitDense.value(g ^ 87L)) * (j | 1) - (a >>> 3) ^ (d + g) % 1_000_003;
        i = i * 31 + await(AwaitDense.value(l ^ 88L)) * (c | 1) - (f >>> 3) ^ (i + l) % 1_000_003;
        b = b * 31 + await(AwaitDense.value(e ^ 89L)) * (h | 1) - (k >>> 3) ^ (b + e) % 1_000_003;
        g = g * 31 + await(AwaitDense.value(j ^ 90L)) * (a | 1) - (d >>> 3) ^ (g + j) % 1_000_003;
        l = l * 31 + await(AwaitDense.value(c ^ 91L)) * (f | 1) - (i >>> 3) ^ (l + c) % 1_000_003;
        e = e * 31 + await(AwaitDense.value(h ^ 92L)) * (k | 1) - (b >>> 3) ^ (e + h) % 1_000_003;
        j = j * 31 + await(AwaitDense.value(a ^ 93L)) * (d | 1) - (g >>> 3) ^ (j + a) % 1_000_003;
        c = c * 31 + await(AwaitDense.value(f ^ 94L)) * (i | 1) - (l >>> 3) ^ (c + f) % 1_000_003;
        h = h * 31 + await(AwaitDense.value(k ^ 95L)) * (b | 1) - (e >>> 3) ^ (h + k) % 1_000_003;
        a = a * 31 + await(AwaitDense.value(d ^ 96L)) * (g | 1) - (j >>> 3) ^ (a + d) % 1_000_003;
        f = f * 31 + await(AwaitDense.value(i ^ 97L)) * (l | 1) - (c >>> 3) ^ (f + i) % 1_000_003;
        k = k * 31 + await(AwaitDense.value(b ^ 98L)) * (e | 1) - (h >>> 3) ^ (k + b) % 1_000_003;
        d = d * 31 + await(AwaitDense.value(g ^ 99L)) * (j | 1) - (a >>> 3) ^ (d + g) % 1_000_003;
        i = i * 31 + await(AwaitDense.value(l ^ 100L)) * (c | 1) - (f >>> 3) ^ (i + l) % 1_000_003;
        b = b * 31 + await(AwaitDense.value(e ^ 101L)) * (h | 1) - (k >>> 3) ^ (b + e) % 1_000_003;
        g = g * 31 + await(AwaitDense.value(j ^ 102L)) * (a | 1) - (d >>> 3) ^ (g + j) % 1_000_003;
        l = l * 31 + await(AwaitDense.value(c ^ 103L)) * (f | 1) - (i >>> 3) ^ (l + c) % 1_000_003;
        e = e * 31 + await(AwaitDense.value(h ^ 104L)) * (k | 1) - (b >>> 3) ^ (e + h) % 1_000_003;
        j = j * 31 + await(AwaitDense.value(a ^ 105L)) * (d | 1) - (g >>> 3) ^ (j + a) % 1_000_003;
        c = c * 31 + await(AwaitDense.value(f ^ 106L)) * (i | 1) - (l >>> 3) ^ (c + f) % 1_000_003;
        h = h * 31 + await(AwaitDense.value(k ^ 107L)) * (b | 1) - (e >>> 3) ^ (h + k) % 1_000_003;
        a = a * 31 + await(AwaitDense.value(d ^ 108L)) * (g | 1) - (j >>> 3) ^ (a + d) % 1_000_003;
        f = f * 31 + await(AwaitDense.value(i ^ 109L)) * (l | 1) - (c >>> 3) ^ (f + i) % 1_000_003;
        k = k * 31 + await(AwaitDense.value(b ^ 110L)) * (e | 1) - (h >>> 3) ^ (k + b) % 1_000_003;
        d = d * 31 + await(AwaitDense.value(g ^ 111L)) * (j | 1) - (a >>> 3) ^ (d + g) % 1_000_003;
        i = i * 31 + await(AwaitDense.value(l ^ 112L)) * (c | 1) - (f >>> 3) ^ (i + l) % 1_000_003;
        b = b * 31 + await(AwaitDense.value(e ^ 113L)) * (h | 1) - (k >>> 3) ^ (b + e) % 1_000_003;
        g = g * 31 + await(AwaitDense.value(j ^ 114L)) * (a | 1) - (d >>> 3) ^ (g + j) % 1_000_003;
        l = l * 31 + await(AwaitDense.value(c ^ 115L)) * (f | 1) - (i >>> 3) ^ (l + c) % 1_000_003;
        e = e * 31 + await(AwaitDense.value(h ^ 116L)) * (k | 1) - (b >>> 3) ^ (e + h) % 1_000_003;
        j = j * 31 + await(AwaitDense.value(a ^ 117L)) * (d | 1) - (g >>> 3) ^ (j + a) % 1_000_003;
        c = c * 31 + await(AwaitDense.value(f ^ 118L)) * (i | 1) - (l >>> 3) ^ (c + f) % 1_000_003;
        h = h * 31 + await(AwaitDense.value(k ^ 119L)) * (b | 1) - (e >>> 3) ^ (h + k) % 1_000_003;
        a = a * 31 + await(AwaitDense.value(d ^ 120L)) * (g | 1) - (j >>> 3) ^ (a + d) % 1_000_003;
        f = f * 31 + await(AwaitDense.value(i ^ 121L)) * (l | 1) - (c >>> 3) ^ (f + i) % 1_000_003;
        k = k * 31 + await(AwaitDense.value(b ^ 122L)) * (e | 1) - (h >>> 3) ^ (k + b) % 1_000_003;
        d = d * 31 + await(AwaitDense.value(g ^ 123L)) * (j | 1) - (a >>> 3) ^ (d + g) % 1_000_003;
        i = i * 31 + await(AwaitDense.value(l ^ 124L)) * (c | 1) - (f >>> 3) ^ (i + l) % 1_000_003;
        b = b * 31 + await(AwaitDense.value(e ^ 125L)) * (h | 1) - (k >>> 3) ^ (b + e) % 1_000_003;
        g = g * 31 + await(AwaitDense.value(j ^ 126L)) * (a | 1) - (d >>> 3) ^ (g + j) % 1_000_003;
        l = l * 31 + await(AwaitDense.value(c ^ 127L)) * (f | 1) - (i >>> 3) ^ (l + c) % 1_000_003;
        e = e * 31 + await(AwaitDense.value(h ^ 128L)) * (k | 1) - (b >>> 3) ^ (e + h) % 1_000_003;
        j = j * 31 + await(AwaitDense.value(a ^ 129L)) * (d | 1) - (g >>> 3) ^ (j + a) % 1_000_003;
        return Coroutine.completed(a + b + c + d + e + f + g + h + i + j + k + l);
    }
}
