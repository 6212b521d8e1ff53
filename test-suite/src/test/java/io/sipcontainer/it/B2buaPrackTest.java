package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.example.testapps.B2buaPrackServlet;
import org.example.testapps.B2buaServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.DarText;
import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.Sipp;
import io.sipcontainer.it.support.SippResult;

/**
 * 100rel through a B2BUA, end to end with two SIPp instances around {@link B2buaPrackServlet}
 * deployed as a .sar: the caller's INVITE reaches the callee with {@code Supported: 100rel}; the
 * callee's reliable 183 (RSeq 7, sent twice) is relayed to the caller reliably with the B2BUA's own
 * RSeq; the caller's PRACK reaches the callee once with {@code RAck: 7 1 INVITE}; the callee's 200
 * to it reaches the caller; then the call is answered, acknowledged and hung up through both legs.
 * Either SIPp fails on a missing header, a wrong RAck or an unexpected message.
 */
class B2buaPrackTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path home;
    private ServerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aReliable183AndItsPrackCrossTheB2buaWithEachLegsRSeq() throws Exception {
        Sipp callee = Sipp.scenario("sipp/prack-uas.xml").calls(1).timeout(Duration.ofSeconds(30));
        try (Sipp.Running running = callee.start()) {
            fixture = new ServerFixture(home).dar(DarText.route("INVITE", "b2bprack"));
            String sipXml = """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <sip-app xmlns="%s" version="2.0">
                      <app-name>b2bprack</app-name>
                      <context-param><param-name>target</param-name>
                        <param-value>sip:callee@127.0.0.1:%d</param-value></context-param>
                      <servlet><servlet-name>b2bprack</servlet-name><servlet-class>%s</servlet-class>
                        <load-on-startup>1</load-on-startup></servlet>
                      <servlet-selection><main-servlet>b2bprack</main-servlet></servlet-selection>
                    </sip-app>
                    """.formatted(SarBuilder.SIP_XML_NAMESPACE, running.localPort(),
                    B2buaPrackServlet.class.getName());
            fixture.deploy(SarBuilder.named("b2bprack.sar").sipXml(sipXml)
                    .withClasses(B2buaPrackServlet.class, B2buaServlet.class));
            fixture.start();
            fixture.awaitDeployed("b2bprack", WAIT);

            SippResult caller = Sipp.scenario("sipp/prack-uac.xml").remote(fixture.udpAddress()).udp()
                    .service("b2bprack").calls(1).run();
            assertTrue(caller.allSucceeded(), "caller: " + caller);
            SippResult result = running.awaitResult();
            assertTrue(result.allSucceeded(), "callee: " + result);
        }
        Poll.until(() -> fixture.server().sessions().size() == 0, WAIT,
                () -> "application sessions left: " + fixture.server().sessions().size());
    }
}
