package io.sipcontainer.tls;

/**
 * Tells the client SSL context which SIP domain the connection being opened on this thread is for.
 * JAIN-SIP makes the engine of an outgoing TLS connection with no peer at all
 * ({@code SSLContext.createSSLEngine()}), so the stack bridge runs that call inside
 * {@link #forDomain}; the engine is then made for the domain: it sends it as SNI and the
 * {@code [client:default]} profile checks the server's certificate against it
 * ({@link ServerIdentity}) when {@code verify_certificate} is on.
 */
public final class OutgoingHandshake {
    private static final ThreadLocal<String> DOMAIN = new ThreadLocal<>();

    /** What runs with the domain set: the stack's code that makes the engine. */
    @FunctionalInterface
    public interface Step<T> {
        T run() throws Exception;
    }

    private OutgoingHandshake() {
    }

    /** Runs {@code step} with {@code domain} (a host name or an IP literal; null: unknown) as new engines' peer. */
    public static <T> T forDomain(String domain, Step<T> step) throws Exception {
        String before = DOMAIN.get();
        DOMAIN.set(domain);
        try {
            return step.run();
        } finally {
            if (before == null) {
                DOMAIN.remove();
            } else {
                DOMAIN.set(before);
            }
        }
    }

    /** The domain of the connection being opened on this thread, or null. */
    static String domain() {
        return DOMAIN.get();
    }
}
