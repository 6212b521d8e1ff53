package org.example.testapps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;

/**
 * Test UAS whose INVITE stays in flight until the test releases it: 180 at once, the 200 only
 * once a file named {@code release-<Call-ID>} exists in the server's working directory (the test
 * creates it; the server may run in another JVM), given up after a minute. OPTIONS, ACK and BYE
 * are answered as usual. For tests of what happens to work in flight, e.g. during a drain.
 */
public class HeldAnswerServlet extends SipServlet {
    private static final long serialVersionUID = 1L;
    private static final Duration GIVE_UP = Duration.ofMinutes(1);

    @Override
    protected void doInvite(SipServletRequest req) throws IOException {
        req.createResponse(SipServletResponse.SC_RINGING).send();
        Path release = Path.of(releaseFile(req.getCallId()));
        Thread answer = new Thread(() -> {
            long deadline = System.nanoTime() + GIVE_UP.toNanos();
            while (!Files.exists(release) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
            try {
                req.createResponse(SipServletResponse.SC_OK).send();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "held-answer");
        answer.setDaemon(true);
        answer.start();
    }

    /** The name of the file, relative to the server's working directory, that releases this call's 200. */
    public static String releaseFile(String callId) {
        return "release-" + callId.replaceAll("[^A-Za-z0-9.-]", "_");
    }

    @Override
    protected void doAck(SipServletRequest req) {
        // the call is up
    }

    @Override
    protected void doBye(SipServletRequest req) throws IOException {
        req.createResponse(SipServletResponse.SC_OK).send();
    }

    @Override
    protected void doOptions(SipServletRequest req) throws IOException {
        req.createResponse(SipServletResponse.SC_OK).send();
    }
}
