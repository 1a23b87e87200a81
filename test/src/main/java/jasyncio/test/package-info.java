/**
 * JUnit 5 tests of coroutine code: {@link jasyncio.test.AsyncTest} methods that await, each test on a fresh event
 * loop of its own ({@link jasyncio.test.AsyncTestExtension}) on virtual time, with a timeout that stops it, checks
 * that fail a test which leaves tasks pending, failures unretrieved or the loop blocked
 * ({@link jasyncio.test.TestLoop} relaxes them), and assertions that await ({@link jasyncio.test.AsyncAssertions}).
 * {@link jasyncio.test.AsyncTesting} holds the time controls and {@code runTest} for code outside JUnit.
 * Test classes run under the jasyncio agent, or are rewritten by the build plugin's {@code rewrite-tests} goal.
 */
package jasyncio.test;
