package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.example.testapps.UacServlet;
import org.example.testapps.pojo.PojoApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;

/**
 * Applications as developers write them, driven by a JAIN-SIP agent: a UAC application placing
 * a call, an annotated POJO application with a timer, and an application that throws.
 */
class ApplicationModelTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path home;
    private ServerFixture fixture;
    private SipAgent agent;

    @AfterEach
    void tearDown() {
        if (agent != null) {
            agent.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private String serverUri(String user) {
        return "sip:" + user + "@127.0.0.1:" + fixture.udpPort();
    }

    private Request message(String user, String body) throws Exception {
        Request m = agent.newRequest("MESSAGE", serverUri(user), agent.uri("alice"), serverUri(user));
        ContentTypeHeader type = (ContentTypeHeader) javax.sip.SipFactory.getInstance().createHeaderFactory()
                .createHeader("Content-Type", "text/plain");
        m.setContent(body, type);
        return m;
    }

    @Test
    void uacApplicationPlacesACallAcknowledgesTheAnswerAndHangsUp() throws Exception {
        fixture = new ServerFixture(home).dar("MESSAGE: (\"uac\", \"DAR:From\", \"ORIGINATING\", \"\", \"NO_ROUTE\", \"0\")\n");
        fixture.deploy(SarBuilder.named("uac.sar").sipXml(SarBuilder.sipXml("uac", "uac", UacServlet.class.getName()))
                .withClasses(UacServlet.class));
        fixture.start();
        agent = new SipAgent();

        ClientTransaction trigger = agent.send(message("uac", agent.uri("callee")));
        assertEquals(200, agent.awaitFinalResponse(trigger, WAIT).getStatusCode());

        RequestEvent invite = agent.awaitRequest("INVITE", WAIT);
        FromHeader from = (FromHeader) invite.getRequest().getHeader(FromHeader.NAME);
        assertEquals("sip:uac@example.org", from.getAddress().getURI().toString());
        assertNotNull(from.getTag(), "the container tags the From of a new request");
        agent.respond(invite, 180);
        agent.respond(invite, 200);

        RequestEvent ack = agent.awaitRequest("ACK", WAIT);
        String callId = ((CallIdHeader) invite.getRequest().getHeader(CallIdHeader.NAME)).getCallId();
        assertEquals(callId, ((CallIdHeader) ack.getRequest().getHeader(CallIdHeader.NAME)).getCallId());
        assertEquals(1L, ((CSeqHeader) ack.getRequest().getHeader(CSeqHeader.NAME)).getSeqNumber(),
                "the ACK carries the INVITE's CSeq number");

        RequestEvent bye = agent.awaitRequest("BYE", WAIT);
        assertEquals(callId, ((CallIdHeader) bye.getRequest().getHeader(CallIdHeader.NAME)).getCallId());
        assertEquals(2L, ((CSeqHeader) bye.getRequest().getHeader(CSeqHeader.NAME)).getSeqNumber(),
                "the BYE is the next request of the dialog");
        agent.respond(bye, 200);
        await(() -> fixture.server().sessions().size() == 0, "the UAC's sessions are invalidated after BYE");
    }

    @Test
    void annotatedPojoApplicationHandlesMessagesAndItsTimerFires() throws Exception {
        fixture = new ServerFixture(home).dar("MESSAGE: (\"pojo\", \"DAR:From\", \"ORIGINATING\", \"\", \"NO_ROUTE\", \"0\")\n"
                + "OPTIONS: (\"pojo\", \"DAR:From\", \"ORIGINATING\", \"\", \"NO_ROUTE\", \"0\")\n");
        fixture.deploy(SarBuilder.named("pojo.sar").withClasses(PojoApp.class, PojoApp.Timers.class,
                Class.forName("org.example.testapps.pojo.package-info")));
        fixture.start();
        agent = new SipAgent();

        ClientTransaction t = agent.send(message("pojo", agent.uri("timer")));
        Response ok = agent.awaitFinalResponse(t, WAIT);
        assertEquals(200, ok.getStatusCode());
        assertEquals("X-Handled-By: pojo", ok.getHeader("X-Handled-By").toString().trim());

        RequestEvent fired = agent.awaitRequest("INFO", WAIT);
        assertEquals("timer fired", new String(fired.getRequest().getRawContent(), StandardCharsets.UTF_8));
        agent.respond(fired, 200);
    }

    @Test
    void applicationThatThrowsGets500SentForIt() throws Exception {
        fixture = new ServerFixture(home).dar("OPTIONS: (\"pojo\", \"DAR:From\", \"ORIGINATING\", \"\", \"NO_ROUTE\", \"0\")\n");
        fixture.deploy(SarBuilder.named("pojo.sar").withClasses(PojoApp.class, PojoApp.Timers.class,
                Class.forName("org.example.testapps.pojo.package-info")));
        fixture.start();
        agent = new SipAgent();
        ClientTransaction t = agent.send(agent.newRequest("OPTIONS", serverUri("pojo"), agent.uri("alice"),
                serverUri("pojo")));
        assertEquals(500, agent.awaitFinalResponse(t, WAIT).getStatusCode());
    }

    @Test
    void requestNoApplicationTakesGets404() throws Exception {
        fixture = new ServerFixture(home).dar("");
        fixture.start();
        agent = new SipAgent();
        ClientTransaction t = agent.send(agent.newRequest("INFO", serverUri("nobody"), agent.uri("alice"),
                serverUri("nobody")));
        assertEquals(404, agent.awaitFinalResponse(t, WAIT).getStatusCode());
    }

    @Test
    void scanIntervalZeroDeploysAtStartOnly() throws Exception {
        fixture = new ServerFixture(home).dar("")
                .configure(b -> b.deployScanInterval(java.time.Duration.ZERO));
        fixture.deploy(SarBuilder.named("uac.sar").sipXml(SarBuilder.sipXml("uac", "uac", UacServlet.class.getName()))
                .withClasses(UacServlet.class));
        fixture.start();
        org.junit.jupiter.api.Assertions.assertTrue(fixture.server().applications().names().contains("uac"),
                "archives present at start-up are deployed when the folder is not watched");
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        io.sipcontainer.it.support.Poll.until(condition, WAIT, () -> what);
    }
}
