package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.ServerFixture;

/**
 * Kamailio's TCP limits through the real server: {@code tcp_accept_iplimit} closes a connection past
 * the limit at once, and {@code tcp_msg_read_timeout} closes a peer that trickles a message a byte at
 * a time ("slowloris") while CRLF keepalives between messages keep a connection open.
 */
class TcpLimitsTest {
    @TempDir
    Path home;
    private ServerFixture fixture;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aConnectionPastThePerAddressLimitIsClosedAndAPlaceFreesWhenOneCloses() throws Exception {
        fixture = new ServerFixture(home).configure(b -> b.tcpAcceptIpLimit(2)).start();
        Socket first = connect();
        Socket second = connect();
        assertTrue(answered(first, "a"), "the first connection is served");
        assertTrue(answered(second, "b"), "so is the second");
        Socket third = connect();
        assertTrue(closedByServer(third), "the third from the same address is closed at once");

        first.close();
        Socket fourth = awaitAccepted();
        assertTrue(answered(fourth, "d"), "once one closed, a new connection is served");
    }

    @Test
    void aMessageTrickledPastTheReadTimeoutClosesTheConnectionButKeepalivesDoNot() throws Exception {
        fixture = new ServerFixture(home).configure(b -> b.tcpMsgReadTimeout(Duration.ofSeconds(1))).start();
        Socket keepalive = connect();
        Socket slow = connect();
        byte[] request = options("slow").getBytes(StandardCharsets.UTF_8);
        OutputStream out = slow.getOutputStream();
        // the stimulus itself: a byte every 100 ms, the way a slowloris peer holds a connection
        boolean closed = false;
        for (int i = 0; i < 30 && !closed; i++) {
            try {
                out.write(request[i]);
                out.flush();
                keepalive.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                keepalive.getOutputStream().flush();
            } catch (IOException e) {
                closed = true; // the server closed it and the write found out
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        assertTrue(closed || closedByServer(slow), "an incomplete message after 1 s closes the connection");
        assertTrue(answered(keepalive, "alive"), "3 s of CRLF keepalives did not count as a message begun");
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", fixture.tcpPort()), 5000);
        s.setSoTimeout(5000);
        sockets.add(s);
        return s;
    }

    /** A new connection once the server has noticed a close: tried until one is served, with a deadline. */
    private Socket awaitAccepted() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Socket s = connect();
            if (!closedByServer(s, 300)) {
                return s;
            }
        }
        throw new AssertionError("no connection accepted within 10 s after one closed");
    }

    private boolean closedByServer(Socket s) throws IOException {
        return closedByServer(s, 5000);
    }

    /** True when the server closes the connection (end of stream or reset) within the timeout. */
    private static boolean closedByServer(Socket s, int timeoutMillis) throws IOException {
        s.setSoTimeout(timeoutMillis);
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        } finally {
            s.setSoTimeout(5000);
        }
    }

    private boolean answered(Socket s, String id) throws IOException {
        s.getOutputStream().write(options(id).getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        StringBuilder text = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (text.length() == 0 && (c == '\r' || c == '\n')) {
                continue; // the server's CRLF answers to our keepalives (RFC 5626)
            }
            text.append((char) c);
            if (text.indexOf("\r\n\r\n") >= 0) {
                return text.toString().startsWith("SIP/2.0 ");
            }
        }
        return false;
    }

    private String options(String id) {
        return "OPTIONS sip:x@127.0.0.1:" + fixture.tcpPort() + ";transport=tcp SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bK-tcp-" + id + "\r\n"
                + "From: <sip:a@example.com>;tag=1\r\nTo: <sip:x@example.com>\r\nCall-ID: " + id
                + "@tcp-limits\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }
}
