package jasyncio;

/**
 * What {@link Asyncio#await(Awaitable)} accepts: a {@link Coroutine}, a {@link Future} or a {@link Task}.
 *
 * <p>jasyncio's own types are the only implementations; to make something else awaitable, complete a
 * {@link Future} from it (or await a {@link java.util.concurrent.CompletionStage} directly).
 *
 * @param <T> the type of the value the await produces
 */
public interface Awaitable<T> {
}
