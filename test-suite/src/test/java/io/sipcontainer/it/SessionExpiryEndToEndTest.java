package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.example.testapps.ExpiringSessionServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.DarText;
import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;
import io.sipcontainer.session.SipApplicationSessionImpl;

/**
 * Application session expiry in a running server, with the server's session clock replaced by one
 * the test moves: an application deployed with {@code <session-timeout>1</session-timeout>} and
 * its {@code SipApplicationSessionListener} from sip.xml keeps a session after a MESSAGE; one
 * minute on, the expiry check calls {@code sessionExpired}, which extends the session with
 * {@code setExpires(1)}; a minute later it expires again, is not extended and is invalidated.
 * The test runs the expiry check itself (what the expiry task runs) instead of waiting minutes.
 */
class SessionExpiryEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path home;
    private ServerFixture fixture;
    private SipAgent agent;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-06-01T12:00:00Z"));

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private static String sipXml() {
        String servlet = ExpiringSessionServlet.class.getName();
        String listener = ExpiringSessionServlet.Listener.class.getName();
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <sip-app xmlns="%s" version="2.0">
                  <app-name>expiring</app-name>
                  <listener><listener-class>%s</listener-class></listener>
                  <servlet><servlet-name>expiring</servlet-name><servlet-class>%s</servlet-class></servlet>
                  <servlet-selection><main-servlet>expiring</main-servlet></servlet-selection>
                  <session-config><session-timeout>1</session-timeout></session-config>
                </sip-app>
                """.formatted(SarBuilder.SIP_XML_NAMESPACE, listener, servlet);
    }

    private List<SipApplicationSessionImpl> sessions() {
        return fixture.server().sessions().all().stream().filter(s -> s.getApplicationName().equals("expiring"))
                .toList();
    }

    @Test
    void aSessionExpiresIsExtendedByItsListenerThenExpiresForGood() throws Exception {
        fixture = new ServerFixture(home).dar(DarText.route("MESSAGE", "expiring"))
                .configure(b -> b.sessionClock(clock));
        fixture.deploy(SarBuilder.named("expiring.sar").sipXml(sipXml()).withClasses(ExpiringSessionServlet.class));
        fixture.start();
        agent = new SipAgent();
        String target = "sip:expiring@127.0.0.1:" + fixture.udpPort();
        assertEquals(200, agent.awaitFinalResponse(agent.send(agent.newRequest("MESSAGE", target,
                agent.uri("tester"), target)), WAIT).getStatusCode());

        List<SipApplicationSessionImpl> kept = sessions();
        assertEquals(1, kept.size(), "the session outlives its transaction");
        SipApplicationSessionImpl session = kept.get(0);
        assertEquals(clock.millis() + Duration.ofMinutes(1).toMillis(), session.getExpirationTime(),
                "session-timeout by the server's session clock");

        clock.advance(Duration.ofSeconds(59));
        session.checkExpiry();
        clock.advance(Duration.ofSeconds(1));
        session.checkExpiry();
        Poll.until(() -> Integer.valueOf(1).equals(session.getAttribute("expired")), WAIT,
                () -> "sessionExpired was not called once: " + session.getAttribute("expired"));
        assertTrue(session.isValid(), "extended by setExpires in the listener");
        assertEquals(clock.millis() + Duration.ofMinutes(1).toMillis(), session.getExpirationTime());

        clock.advance(Duration.ofMinutes(1));
        session.checkExpiry();
        Poll.until(() -> !session.isValid() && sessions().isEmpty(), WAIT,
                () -> "not invalidated after the second expiry; valid " + session.isValid());
    }

    /** A clock that stands still until the test moves it. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("UTC only");
        }
    }
}
