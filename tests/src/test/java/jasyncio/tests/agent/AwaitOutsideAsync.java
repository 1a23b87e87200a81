package jasyncio.tests.agent;

import java.util.concurrent.CompletableFuture;

import static jasyncio.Asyncio.await;

/** An await the agent must refuse, for {@link AgentLogTest}: defined afresh there, never run. */
final class AwaitOutsideAsync {
    private AwaitOutsideAsync() {
    }

    static String notAsync(CompletableFuture<String> value) {
        return await(value); // refused
    }
}
