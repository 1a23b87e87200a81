/**
 * Classes the agent tests define from bytes in their own class loaders, renamed so that no class path serves them
 * ({@link jasyncio.tests.agent.BytesOnlyLoader}); never loaded under these names by the tests themselves.
 */
package jasyncio.tests.agent.plugin;
