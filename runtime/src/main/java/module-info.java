/**
 * jasyncio's runtime: the core API ({@code jasyncio}), the primitives ({@code jasyncio.sync}), the queues
 * ({@code jasyncio.queues}), networking ({@code jasyncio.net}), async iteration ({@code jasyncio.iter}) and
 * subprocesses ({@code jasyncio.subprocess}).
 */
module jasyncio {
    // The flight recorder's events (jasyncio.internal.*Event); every JDK has the module.
    requires jdk.jfr;
    // sun.misc.Signal, behind EventLoop.addSignalHandler: the JDK's only way to handle a Unix signal in Java, kept
    // supported and exported by jdk.unsupported (in every JDK image but a jlink'ed one that leaves it out).
    requires jdk.unsupported;
    exports jasyncio;
    exports jasyncio.sync;
    exports jasyncio.queues;
    exports jasyncio.net;
    exports jasyncio.iter;
    exports jasyncio.subprocess;
    // Not API: exported only because rewritten classes in every module call Frame and Bootstrap, and the
    // sub-packages above reach the core through CoreAccess. Free to change between versions.
    exports jasyncio.internal;
}
