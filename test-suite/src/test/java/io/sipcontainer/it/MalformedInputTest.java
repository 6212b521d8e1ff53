package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.sipcontainer.it.RegisterClient.Reply;
import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.service.Statistics;

/**
 * Hostile input must cost little: datagrams the stack cannot use are refused, counted
 * ({@code core:bad_msg_hdr}) and summarised in a short log line, and the server keeps answering.
 * Before the fix one datagram without CSeq logged about 200,000 characters (the 64 KB receive
 * buffer as decimals) and a stack trace.
 */
class MalformedInputTest {
    private static final Path TORTURE = Path.of("../testdata/rfc4475");
    private static final int NO_CSEQ_PACKETS = 50;

    @TempDir
    Path home;
    private ServerFixture fixture;
    private RawSipClient client;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @AfterEach
    void stop() {
        root.detachAppender(logged);
        if (client != null) {
            client.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private String request(String branch, boolean withCseq) {
        return "OPTIONS sip:x@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + client.port() + ";branch=z9hG4bK" + branch + "\r\n"
                + "From: <sip:a@example.com>;tag=1\r\nTo: <sip:x@example.com>\r\nCall-ID: " + branch + "@x\r\n"
                + (withCseq ? "CSeq: 1 OPTIONS\r\n" : "") + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }

    private long badMessages() {
        return fixture.server().services().get(Statistics.class).snapshot("core:bad_msg_hdr").get("core:bad_msg_hdr");
    }

    @Test
    void packetsWithoutCSeqAndTortureMessagesCostAFewLinesAndTheServerStillAnswers() throws Exception {
        fixture = new ServerFixture(home).start();
        client = new RawSipClient(fixture.udpAddress());
        logged.start();
        root.addAppender(logged);

        for (int i = 0; i < NO_CSEQ_PACKETS; i++) {
            client.sendOnly(request("nocseq" + i, false));
        }
        List<Path> torture;
        try (Stream<Path> files = Files.list(TORTURE)) {
            torture = files.filter(p -> p.toString().endsWith(".dat")).sorted().toList();
        }
        assertTrue(torture.size() > 40, "the RFC 4475 messages are in " + TORTURE.toAbsolutePath());
        for (Path message : torture) {
            client.sendOnly(new String(Files.readAllBytes(message), StandardCharsets.ISO_8859_1));
        }
        Poll.until(() -> badMessages() >= NO_CSEQ_PACKETS, Duration.ofSeconds(10),
                () -> "refused messages counted: " + badMessages());

        Reply answer = client.send(request("alive", true));
        assertTrue(answer.status() >= 200, "the server still answers: " + answer.status());

        long characters = 0;
        for (ILoggingEvent e : List.copyOf(logged.list)) {
            characters += e.getFormattedMessage().length() + traceLength(e.getThrowableProxy());
        }
        // a few summary lines and what the torture messages legitimately provoke; before: ~10 MB
        assertTrue(characters < 50_000, characters + " characters logged for " + (NO_CSEQ_PACKETS + torture.size())
                + " packets: " + logged.list.stream().limit(5).map(e -> e.getFormattedMessage().substring(0,
                        Math.min(200, e.getFormattedMessage().length()))).toList());
        assertEquals(0, logged.list.stream().filter(e -> e.getFormattedMessage().contains("processing incoming UDP"))
                .count(), "no packet fails inside the stack");
        long errors = logged.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR).count();
        assertTrue(errors <= 1, errors + " ERROR lines: the stack's exceptions reach ERROR once per interval");
    }

    private static long traceLength(IThrowableProxy t) {
        return t == null ? 0 : 100L * t.getStackTraceElementProxyArray().length + traceLength(t.getCause());
    }

    @Test
    void aRequestWithoutMaxForwardsIsAnsweredNotDroppedSilently() throws Exception {
        fixture = new ServerFixture(home).start();
        client = new RawSipClient(fixture.udpAddress());
        // the RI refused to make a transaction for it, and nothing was sent back
        Reply r = client.send(request("nomf", true).replace("Max-Forwards: 70\r\n", ""));
        assertEquals(404, r.status(), "no application is deployed, so the container answers: " + r.text());
    }
}
