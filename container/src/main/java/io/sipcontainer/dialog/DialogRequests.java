package io.sipcontainer.dialog;

import java.io.IOException;
import java.text.ParseException;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.message.SIPRequest;

import io.sipcontainer.message.MessageServices;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.service.DialogLeg;
import io.sipcontainer.transport.Connector;

/**
 * Sends the requests the dialog module originates within a dialog, as Kamailio's {@code dlg_bye}
 * and keepalives do: a BYE or an OPTIONS towards the caller (From the callee's side) or the
 * callee (From the caller's side), along that side's route set, through the socket that side
 * talks to, with the next CSeq of the sending side. Each goes on a client transaction of its
 * own, outside any application session; its final status (408 on timeout) comes back to
 * {@code onFinal} on a stack thread. Off the message path: used by the timer and by operators.
 */
final class DialogRequests {
    private static final Logger LOG = LoggerFactory.getLogger(DialogRequests.class);

    private final MessageServices messages;
    private final Supplier<List<Connector>> connectors;

    DialogRequests(MessageServices messages, Supplier<List<Connector>> connectors) {
        this.messages = messages;
        this.connectors = connectors;
    }

    /** Sends {@code method} towards one side; false (and a 0 never reported) when it cannot be sent. */
    boolean send(DialogImpl dialog, String method, boolean towardsCaller, IntConsumer onFinal) {
        DialogLeg to = towardsCaller ? dialog.caller() : dialog.callee();
        if (to.contact().isEmpty()) {
            return false;
        }
        long cseq = dialog.nextCseq(towardsCaller);
        String text = text(dialog, method, towardsCaller, cseq);
        try {
            SIPRequest jain = (SIPRequest) messages.messageFactory().createRequest(text);
            SipServletRequestImpl request = new SipServletRequestImpl(jain, messages, null, connector(to.socket()),
                    false);
            request.transaction().observe(response -> onFinal.accept(response.getStatus()));
            messages.sender().forward(request, null);
            return true;
        } catch (ParseException | IOException | RuntimeException e) {
            LOG.warn("Cannot send {} in {}: {}", method, dialog, e.toString());
            return false;
        }
    }

    /** The request as text: the leg's Contact as Request-URI, its route set as Route. */
    static String text(DialogImpl d, String method, boolean towardsCaller, long cseq) {
        DialogLeg to = towardsCaller ? d.caller() : d.callee();
        DialogLeg from = towardsCaller ? d.callee() : d.caller();
        String fromUri = towardsCaller ? d.toUri() : d.fromUri();
        String toUri = towardsCaller ? d.fromUri() : d.toUri();
        StringBuilder b = new StringBuilder(400);
        b.append(method).append(' ').append(to.contact()).append(" SIP/2.0\r\n");
        if (!to.routeSet().isEmpty()) {
            b.append("Route: ").append(to.routeSet()).append("\r\n");
        }
        b.append("Max-Forwards: 70\r\n");
        b.append("From: <").append(fromUri).append(">;tag=").append(from.tag()).append("\r\n");
        b.append("To: <").append(toUri).append(">;tag=").append(to.tag()).append("\r\n");
        b.append("Call-ID: ").append(d.callId()).append("\r\n");
        b.append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n");
        b.append("Content-Length: 0\r\n\r\n");
        return b.toString();
    }

    /** The bound socket a leg talks to ({@code udp:host:port}), or null to let the sender pick by transport. */
    private Connector connector(String socket) {
        for (Connector c : connectors.get()) {
            if (c.toString().equalsIgnoreCase(socket)) {
                return c;
            }
        }
        return null;
    }
}
