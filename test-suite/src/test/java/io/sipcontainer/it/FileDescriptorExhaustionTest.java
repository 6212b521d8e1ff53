package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.ServerProcess;

/**
 * Issue 17 defect 2: once the process is out of file descriptors, accepting a TCP connection fails
 * ("Too many open files") and the connection stays pending, so the RI's accept loop spun, logging
 * hundreds of thousands of stack traces in seconds. The server runs here under a low
 * {@code ulimit -n}; the test opens connections until accepts fail, then checks that the server
 * neither spins (CPU) nor floods its log while they fail, and serves new connections again once some
 * close.
 */
class FileDescriptorExhaustionTest {
    private static final String ACCEPT_FAILED = "Cannot accept a connection";

    @TempDir
    Path home;
    private ServerProcess server;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void acceptsBackOffWhileOutOfDescriptorsAndResumeWhenConnectionsClose() throws Exception {
        // the JVM keeps each class-path jar open: the limit leaves a few hundred descriptors beyond them
        int jars = System.getProperty("java.class.path").split(java.io.File.pathSeparator).length;
        server = new ServerProcess(home, RegisterClient.DAR, "tcp_max_connections = 100000",
                "tcp_accept_iplimit = 100000").withFileLimit(jars + 300).start();
        Path fds = Path.of("/proc", Long.toString(server.pid()), "fd");

        // fill the descriptors: each served connection holds one in the server; once none is left, a new
        // connection waits in the listen backlog unserved
        int opened = 0;
        Socket waiting;
        while (true) {
            assertTrue(opened < jars + 400, "still served after " + opened + " connections");
            waiting = connect();
            opened++;
            if (opened % 10 == 0 && !answersWithin(waiting, 3000)) {
                break;
            }
        }
        long logBefore = Files.size(home.resolve("server.out"));
        long cpuBefore = cpuTicks(server.pid());
        long started = System.nanoTime();
        assertTrue(!answersWithin(connect(), 2000), "no descriptor, no service");
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuShare = (cpuTicks(server.pid()) - cpuBefore) / 100.0 / seconds;
        long logGrowth = Files.size(home.resolve("server.out")) - logBefore;
        assertTrue(cpuShare < 0.5, "the server used " + cpuShare + " of a core while accepts failed (a spin)");
        assertTrue(logGrowth < 4096, "the log grew by " + logGrowth + " bytes in " + seconds + " s:\n"
                + tail(server.output()));
        String out = server.output();
        assertTrue(out.contains(ACCEPT_FAILED) && out.contains("Too many open files"),
                "the failure is logged with its reason:\n" + tail(out));

        // descriptors come back: the waiting connection and a new one are served
        for (int i = 0; i < 40; i++) {
            sockets.remove(0).close();
        }
        Poll.until(() -> countFds(fds) < jars + 300 - 20, Duration.ofSeconds(10), () -> "the server kept the closed sockets");
        Socket pending = waiting;
        Poll.until(() -> served(pending), Duration.ofSeconds(20), () -> "the pending connection is not served");
        assertTrue(answersWithin(connect(), 10_000), "and so is a new one");
        assertTrue(server.isAlive(), "the server survived");
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.sipPort()), 5000);
        sockets.add(s);
        return s;
    }

    /** Whether an OPTIONS on {@code s} is answered within a second. */
    private boolean served(Socket s) {
        try {
            return answersWithin(s, 1000);
        } catch (IOException e) {
            return false;
        }
    }

    private boolean answersWithin(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        s.getOutputStream().write(options(s.getLocalPort()).getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        StringBuilder text = new StringBuilder();
        try {
            int c;
            while ((c = in.read()) >= 0) {
                text.append((char) c);
                if (text.indexOf("\r\n\r\n") >= 0) {
                    return text.toString().startsWith("SIP/2.0 ");
                }
            }
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private String options(int id) {
        return "OPTIONS sip:x@127.0.0.1:" + server.sipPort() + ";transport=tcp SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bK-fd-" + id + "-" + System.nanoTime() + "\r\n"
                + "From: <sip:a@example.com>;tag=1\r\nTo: <sip:x@example.com>\r\nCall-ID: " + id + "-"
                + System.nanoTime() + "@fd\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }

    /** utime + stime of a process, in clock ticks (USER_HZ, 100 on Linux). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static int countFds(Path fds) {
        try (var list = Files.list(fds)) {
            return (int) list.count();
        } catch (IOException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static String tail(String text) {
        return text.length() <= 3000 ? text : text.substring(text.length() - 3000);
    }
}
