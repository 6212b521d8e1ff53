package io.sipcontainer.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One TCP connection of a hand-written SIP phone: it writes messages as text and reads them back
 * framed by Content-Length (RFC 3261 18.3), so tests control exactly when the connection opens
 * and closes. Made by connecting to the server, or by accepting the server's connection on the
 * phone's own listening socket.
 */
final class TcpPhone implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private TcpPhone(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    static TcpPhone connect(InetSocketAddress server) throws IOException {
        Socket s = new Socket();
        s.connect(server, 5000);
        return new TcpPhone(s);
    }

    /**
     * A TLS connection to the server, handshake done, offering {@code protocols} and asking for
     * {@code sni} (null: no SNI, as when connecting by address). The server's certificate is not
     * checked (tests read it with {@link #peerCertificate()}).
     */
    static TcpPhone connectTls(InetSocketAddress server, String sni, String... protocols) throws IOException {
        try {
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {new TrustEverything()}, null);
            return connectTlsWith(server, context, sni, protocols);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** As above with a context of the test's own (client certificates, trust). */
    static TcpPhone connectTlsWith(InetSocketAddress server, javax.net.ssl.SSLContext context, String sni,
            String... protocols) throws IOException {
        javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) context.getSocketFactory().createSocket();
        s.connect(server, 5000);
        javax.net.ssl.SSLParameters parameters = s.getSSLParameters();
        if (protocols.length > 0) {
            parameters.setProtocols(protocols);
        }
        parameters.setServerNames(sni == null ? java.util.List.of() : java.util.List.of(new javax.net.ssl.SNIHostName(sni)));
        s.setSSLParameters(parameters);
        s.setSoTimeout(5000);
        s.startHandshake();
        return new TcpPhone(s);
    }

    /** A phone on a connection the test accepted itself (a TLS server socket of its own). */
    static TcpPhone accepted(Socket socket) throws IOException {
        return new TcpPhone(socket);
    }

    /** The certificate the server presented on this TLS connection. */
    java.security.cert.X509Certificate peerCertificate() throws IOException {
        return (java.security.cert.X509Certificate) ((javax.net.ssl.SSLSocket) socket).getSession()
                .getPeerCertificates()[0];
    }

    /** The protocol the TLS handshake agreed on. */
    String tlsProtocol() {
        return ((javax.net.ssl.SSLSocket) socket).getSession().getProtocol();
    }

    /** Trusts any server: the tests check the certificate they got themselves. */
    static final class TrustEverything implements javax.net.ssl.X509TrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }

    /** The next connection the server opens to {@code listener}; fails when none comes in time. */
    static TcpPhone accept(ServerSocket listener, Duration timeout) throws IOException {
        listener.setSoTimeout((int) timeout.toMillis());
        try {
            return new TcpPhone(listener.accept());
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server opened no connection to port " + listener.getLocalPort()
                    + " within " + timeout);
        }
    }

    /** host:port of this end, for a Via sent-by. */
    String localAddress() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    int remotePort() {
        return socket.getPort();
    }

    void send(String message) throws IOException {
        socket.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** The next SIP message on the connection; fails when none is complete in time. */
    String receive(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buffer = new byte[8192];
        while (true) {
            String message = takeMessage();
            if (message != null) {
                return message;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("no complete SIP message within " + timeout + "; got: " + pending);
            }
            socket.setSoTimeout((int) left);
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (n < 0) {
                throw new AssertionError("the server closed the connection; got: " + pending);
            }
            pending.write(buffer, 0, n);
        }
    }

    /**
     * The phone hangs up the connection: it sends its FIN, then waits (up to {@code timeout}) for the
     * server to close its side, so the server has seen the end of the connection when this returns.
     */
    void hangUp(Duration timeout) throws IOException {
        if (socket instanceof javax.net.ssl.SSLSocket) {
            socket.close(); // TLS has no half close: close_notify and the FIN go together
            return;
        }
        socket.shutdownOutput();
        awaitClosedByServer(timeout);
        socket.close();
    }

    /** Waits until the server closes the connection, skipping whatever it still sends. */
    void awaitClosedByServer(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buffer = new byte[8192];
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("the server kept the connection open for " + timeout);
            }
            socket.setSoTimeout((int) left);
            try {
                if (in.read(buffer) < 0) {
                    return;
                }
            } catch (SocketTimeoutException e) {
                // checked against the deadline above
            }
        }
    }

    /** Removes one whole message from the buffer (keep-alive CRLFs before it skipped), or null. */
    private String takeMessage() {
        String text = pending.toString(StandardCharsets.UTF_8);
        String trimmed = text.stripLeading();
        int end = trimmed.indexOf("\r\n\r\n");
        if (end < 0) {
            return null;
        }
        int length = 0;
        for (String line : trimmed.substring(0, end).split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:") || lower.startsWith("l:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        byte[] all = trimmed.getBytes(StandardCharsets.UTF_8);
        int total = trimmed.substring(0, end + 4).getBytes(StandardCharsets.UTF_8).length + length;
        if (all.length < total) {
            return null;
        }
        pending.reset();
        pending.write(all, total, all.length - total);
        return new String(all, 0, total, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
