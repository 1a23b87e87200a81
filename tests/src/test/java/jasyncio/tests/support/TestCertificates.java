package jasyncio.tests.support;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Certificates made for the tests by the JDK's keytool (self-signed, valid two days), and TLS contexts over them.
 * Each key pair is made once per JVM: keytool takes seconds, and under mutation testing the classes' set-up runs
 * again for every test of every mutant.
 */
public final class TestCertificates {
    private static final String PASSWORD = "changeit";
    private static final Map<String, KeyStore> MADE = new HashMap<>();

    private TestCertificates() {
    }

    /** A server presenting the localhost key pair, and a client trusting it. */
    public record LocalhostTls(SSLContext server, SSLContext client) {
    }

    /** The contexts of a TLS server on localhost and of its client, over {@link #localhost}'s key pair. */
    public static LocalhostTls localhostTls(Path dir) throws Exception {
        KeyStore local = localhost(dir);
        return new LocalhostTls(context("TLS", local, null), context("TLS", null, local));
    }

    /** A key pair for localhost and 127.0.0.1, as {@code dir/localhost.p12}. */
    public static KeyStore localhost(Path dir) throws Exception {
        return keyStore(dir.resolve("localhost.p12"), "localhost", "dns:localhost,ip:127.0.0.1");
    }

    /**
     * A key pair for {@code name} with subject alternative names {@code san} ("dns:localhost,ip:127.0.0.1"),
     * written to {@code file} by the first call for that name in this JVM; later calls return the same keys.
     */
    public static synchronized KeyStore keyStore(Path file, String name, String san) throws Exception {
        KeyStore made = MADE.get(name + " " + san);
        if (made != null) {
            return made;
        }
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "key", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=" + name, "-ext", "SAN=" + san, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        MADE.put(name + " " + san, store);
        return store;
    }

    /** A context presenting {@code keys} (none when null) and trusting {@code trusted} (the JDK's when null). */
    public static SSLContext context(String protocol, KeyStore keys, KeyStore trusted) throws Exception {
        KeyManagerFactory kmf = null;
        if (keys != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = null;
        if (trusted != null) {
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
        }
        SSLContext context = SSLContext.getInstance(protocol);
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
        return context;
    }
}
