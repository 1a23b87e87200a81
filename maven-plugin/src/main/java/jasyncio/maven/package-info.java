/**
 * The build plugin: goals {@code rewrite} and {@code rewrite-tests} rewrite a module's classes at build time,
 * so it runs with plain {@code java -cp} and no agent.
 */
package jasyncio.maven;
