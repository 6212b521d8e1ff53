package org.example.testapps;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.ServletException;
import jakarta.servlet.sip.Address;
import jakarta.servlet.sip.SipFactory;
import jakarta.servlet.sip.SipServlet;
import jakarta.servlet.sip.SipServletMessage;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;
import jakarta.servlet.sip.SipURI;
import jakarta.servlet.sip.SipWebSocketContext;
import jakarta.servlet.sip.ar.SipApplicationRoutingDirective;

/**
 * Test application for SIP over WebSocket: a registrar of one binding per user kept in memory, and
 * a MESSAGE relay that answers 200 and sends the message on, as a new request, to the registered
 * contact of the Request-URI's user, or else to the Request-URI itself. Every response it sends to
 * a request carries {@code X-Transport} and {@code X-WebSocket} (the request's
 * {@link SipWebSocketContext}: id, sub-protocol, remote address, request URI; or "none"); its
 * answers to OPTIONS carry {@code X-Last-Relayed}, the final status of the last relayed MESSAGE.
 */
public class WsRelayServlet extends SipServlet {
    private static final long serialVersionUID = 1L;
    private final Map<String, String> bindings = new ConcurrentHashMap<>();
    private volatile int lastRelayedStatus;

    @Override
    protected void doRegister(SipServletRequest req) throws ServletException, IOException {
        String user = ((SipURI) req.getTo().getURI()).getUser();
        SipServletResponse ok = req.createResponse(SipServletResponse.SC_OK);
        Address contact = req.getAddressHeader("Contact");
        int expires = req.getExpires() >= 0 ? req.getExpires() : contact != null ? contact.getExpires() : -1;
        if (contact != null && expires != 0) {
            bindings.put(user, contact.getURI().toString());
            ok.setHeader("Contact", "<" + contact.getURI() + ">;expires=" + (expires < 0 ? 3600 : expires));
        } else {
            bindings.remove(user);
        }
        send(req, ok);
    }

    @Override
    protected void doOptions(SipServletRequest req) throws ServletException, IOException {
        SipServletResponse ok = req.createResponse(SipServletResponse.SC_OK);
        ok.setHeader("X-Last-Relayed", Integer.toString(lastRelayedStatus));
        send(req, ok);
    }

    @Override
    protected void doResponse(SipServletResponse resp) throws ServletException, IOException {
        if (resp.getStatus() >= 200) {
            lastRelayedStatus = resp.getStatus();
        }
    }

    @Override
    protected void doMessage(SipServletRequest req) throws ServletException, IOException {
        send(req, req.createResponse(SipServletResponse.SC_OK));
        String user = req.getRequestURI() instanceof SipURI sip ? sip.getUser() : null;
        String target = user == null ? null : bindings.get(user);
        SipFactory factory = (SipFactory) getServletContext().getAttribute(SIP_FACTORY);
        SipServletRequest relayed = factory.createRequest(factory.createApplicationSession(), "MESSAGE",
                req.getFrom(), req.getTo());
        relayed.setRequestURI(target != null ? factory.createURI(target) : req.getRequestURI());
        // the router continues after this application instead of choosing it again for its own request
        relayed.setRoutingDirective(SipApplicationRoutingDirective.CONTINUE, req);
        byte[] body = req.getRawContent();
        if (body != null && body.length > 0) {
            relayed.setContent(body, req.getContentType() != null ? req.getContentType() : "text/plain");
        }
        relayed.send();
    }

    private static void send(SipServletRequest req, SipServletResponse response) throws IOException {
        response.setHeader("X-Transport", req.getTransport());
        response.setHeader("X-WebSocket", describe(req));
        response.send();
    }

    static String describe(SipServletMessage message) {
        SipWebSocketContext ws = message.getLocalSipWebSocketContext();
        return ws == null ? "none" : ws.getId() + " " + ws.getSubProtocol() + " " + ws.getRemoteAddr() + ":"
                + ws.getRemotePort() + " " + ws.getRequestURI() + (ws.isOpen() ? " open" : " closed");
    }
}
