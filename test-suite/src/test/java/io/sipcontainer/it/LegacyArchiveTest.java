package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sip.header.ExtensionHeader;
import javax.sip.message.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sipcontainer.it.support.DarText;
import io.sipcontainer.it.support.JavaxCompiler;
import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;
import io.sipcontainer.it.support.Sipp;
import io.sipcontainer.it.support.SippResult;

/**
 * An archive compiled against {@code javax.servlet.sip} (JSR 289/359 as published) deploys unchanged
 * and runs (issue 16, legacy archives): the test compiles a small UAS and a listener against a javax
 * API at test time ({@link JavaxCompiler}), packs them with a JSR 289 sip.xml, drops the .sar into the
 * real server's deploy folder and calls it with SIPp (INVITE, ACK, BYE) and a JAIN-SIP OPTIONS, whose
 * answer shows that {@code @javax.annotation.Resource}, the {@code SIP_FACTORY} attribute and JNDI
 * give the same SipFactory.
 */
class LegacyArchiveTest {

    private static final String UAS = """
            package com.example.legacy;

            import java.io.IOException;
            import javax.servlet.ServletException;
            import javax.servlet.sip.SipServlet;
            import javax.servlet.sip.SipServletRequest;
            import javax.servlet.sip.SipServletResponse;

            public class LegacyUas extends SipServlet {
                @javax.annotation.Resource
                private javax.servlet.sip.SipFactory factory;

                @Override
                protected void doInvite(SipServletRequest req) throws ServletException, IOException {
                    req.createResponse(180).send();
                    SipServletResponse ok = req.createResponse(200);
                    ok.setContent(req.getRawContent(), req.getContentType());
                    ok.send();
                }

                @Override
                protected void doBye(SipServletRequest req) throws ServletException, IOException {
                    req.createResponse(200).send();
                }

                @Override
                protected void doOptions(SipServletRequest req) throws ServletException, IOException {
                    SipServletResponse ok = req.createResponse(200);
                    ok.setHeader("X-Servlet-Api", SipServletRequest.class.getName());
                    ok.setHeader("X-Listener", String.valueOf(getServletContext().getAttribute("legacy.listener")));
                    ok.setHeader("X-Factory", String.valueOf(factory != null
                            && factory == getServletContext().getAttribute(SIP_FACTORY)));
                    try {
                        ok.setHeader("X-Jndi", String.valueOf(factory == new javax.naming.InitialContext()
                                .lookup("java:comp/env/sip/legacy/SipFactory")));
                    } catch (javax.naming.NamingException e) {
                        ok.setHeader("X-Jndi", e.toString());
                    }
                    ok.send();
                }
            }
            """;

    private static final String LISTENER = """
            package com.example.legacy;

            import javax.servlet.sip.SipServletContextEvent;
            import javax.servlet.sip.SipServletListener;

            public class LegacyListener implements SipServletListener {
                @Override
                public void servletInitialized(SipServletContextEvent event) {
                    event.getServletContext().setAttribute("legacy.listener", "initialized");
                }
            }
            """;

    private static final String SIP_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <sip-app xmlns="http://www.jcp.org/xml/ns/sipservlet" xmlns:javaee="http://java.sun.com/xml/ns/javaee"
                     version="1.1">
              <app-name>legacy</app-name>
              <listener><javaee:listener-class>com.example.legacy.LegacyListener</javaee:listener-class></listener>
              <servlet>
                <javaee:servlet-name>legacy</javaee:servlet-name>
                <javaee:servlet-class>com.example.legacy.LegacyUas</javaee:servlet-class>
                <javaee:load-on-startup>1</javaee:load-on-startup>
              </servlet>
              <servlet-selection><main-servlet>legacy</main-servlet></servlet-selection>
            </sip-app>
            """;

    @TempDir
    Path home;
    @TempDir
    Path scratch;
    private ServerFixture fixture;
    private SipAgent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aJavaxCompiledArchiveIsMigratedAtDeployAndAnswersCalls() throws Exception {
        Map<String, byte[]> classes = new JavaxCompiler(scratch).compile(Map.of(
                "com.example.legacy.LegacyUas", UAS, "com.example.legacy.LegacyListener", LISTENER));
        SarBuilder sar = SarBuilder.named("legacy.sar").sipXml(SIP_XML);
        classes.forEach(sar::withEntry);

        Logger migration = (Logger) LoggerFactory.getLogger("io.sipcontainer.deploy.LegacyArchiveMigration");
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        migration.addAppender(log);
        try {
            fixture = new ServerFixture(home).dar(DarText.route("INVITE", "legacy") + DarText.route("OPTIONS", "legacy"))
                    .start();
            fixture.deploy(sar);
            fixture.awaitDeployed("legacy", Duration.ofSeconds(20));
        } finally {
            migration.detachAppender(log);
        }
        List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(1, lines.size(), "one line per migrated archive: " + lines);
        assertTrue(lines.get(0).startsWith("legacy.sar: compiled against javax.servlet.sip (2 classes); migrated to jakarta"),
                lines.get(0));

        SippResult call = Sipp.scenario("sipp/invite-bye.xml").remote(fixture.udpAddress()).udp().service("legacy")
                .calls(1).run();
        assertTrue(call.allSucceeded(), call.toString());

        agent = new SipAgent();
        String target = "sip:legacy@127.0.0.1:" + fixture.udpPort();
        agent.send(agent.newRequest("OPTIONS", target, agent.uri("caller"), target));
        Response ok = agent.awaitResponse(Duration.ofSeconds(5));
        assertEquals(200, ok.getStatusCode());
        assertEquals("jakarta.servlet.sip.SipServletRequest", header(ok, "X-Servlet-Api"), "the class was rewritten");
        assertEquals("initialized", header(ok, "X-Listener"), "the javax listener from sip.xml ran");
        assertEquals("true", header(ok, "X-Factory"),
                "@javax.annotation.Resource injected the SipFactory found under javax.servlet.sip.SipFactory");
        assertEquals("true", header(ok, "X-Jndi"), "and under java:comp/env/sip/legacy/SipFactory");
    }

    private static String header(Response r, String name) {
        ExtensionHeader h = (ExtensionHeader) r.getHeader(name);
        return h == null ? null : h.getValue();
    }
}
