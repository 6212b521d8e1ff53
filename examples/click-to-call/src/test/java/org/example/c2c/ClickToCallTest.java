package org.example.c2c;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sip.message.Response;

import org.junit.jupiter.api.Test;

import io.sipcontainer.testkit.Incoming;
import io.sipcontainer.testkit.SipClient;
import io.sipcontainer.testkit.SipContainer;
import io.sipcontainer.testkit.SipContainerTest;

@SipContainerTest(servlets = {CallServlet.class, AnswerServlet.class}, darFile = "dar.properties")
class ClickToCallTest {

    @Test
    void aWebRequestCallsThePhoneAndReportsTheAnswer(SipContainer container, SipClient phone) throws Exception {
        HttpRequest click = HttpRequest.newBuilder(container.httpUri("/c2c/call?to=" + phone.uri("bob"))).build();
        CompletableFuture<HttpResponse<String>> page = HttpClient.newHttpClient()
                .sendAsync(click, HttpResponse.BodyHandlers.ofString());

        Incoming invite = phone.expectRequest("INVITE");
        invite.respond(180);
        Response ok = invite.respond(200);
        phone.expectRequest("ACK");

        HttpResponse<String> shown = page.get(5, TimeUnit.SECONDS);
        assertEquals(200, shown.statusCode());
        assertEquals("answered 200\n", shown.body());
        phone.send(phone.inDialog(invite, ok, "BYE")).expect(200);
        container.await(() -> container.applicationSessions().isEmpty(), "the call's session is gone");
    }
}
