package io.sipcontainer.message;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;

import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;

import gov.nist.javax.sip.message.SIPRequest;
import jakarta.servlet.sip.Address;

import io.sipcontainer.session.DialogState;
import io.sipcontainer.session.SipSessionImpl;

/**
 * Builds the requests the container originates for applications: new initial requests
 * (SipFactory), requests inside an existing dialog (SipSession.createRequest) and the ACK for a
 * 2xx, each from RFC 3261's rules (sections 8.1.1, 12.2.1.1 and 13.2.2.4).
 */
public final class RequestBuilder {
    private RequestBuilder() {
    }

    /** An initial request; the session becomes a UAC session whose dialog it may create. */
    public static SipServletRequestImpl initial(MessageServices s, SipSessionImpl session, String method,
            Address from, Address to, String callId) {
        String fromTag = Tags.newTag();
        Address fromCopy = withTag(from, fromTag);
        Address toCopy = withTag(to, null);
        session.dialog().initAsUac(withTag(from, null), toCopy, fromTag, 1);
        String requestUri = requestUriOf(toCopy);
        SIPRequest request = build(s, method, requestUri, callId, 1, fromCopy.toString(), toCopy.toString(), List.of());
        SipServletRequestImpl r = new SipServletRequestImpl(request, s, session, null, false);
        r.setInitial(true);
        return r;
    }

    /** A request inside the dialog of a session. */
    public static SipServletRequestImpl inDialog(MessageServices s, SipSessionImpl session, String method) {
        DialogState d = session.dialog();
        long cseq = d.nextLocalCSeq();
        return new SipServletRequestImpl(dialogRequest(s, d, method, cseq), s, session, null, false);
    }

    /** The ACK for a received 2xx: same CSeq number as the INVITE, sent end to end. */
    static SipServletRequestImpl ackFor(SipServletResponseImpl ok, MessageServices s) {
        DialogState d = ok.sipSession().dialog();
        long cseq = ok.jainResponse().getCSeq().getSeqNumber();
        SIPRequest ack = dialogRequest(s, d, "ACK", cseq);
        SipServletRequestImpl request = new SipServletRequestImpl(ack, s, ok.sipSession(), ok.connector(), false);
        request.setAcknowledgedResponse(ok);
        return request;
    }

    private static SIPRequest dialogRequest(MessageServices s, DialogState d, String method, long cseq) {
        String target = d.remoteTarget() != null ? d.remoteTarget() : requestUriOf(d.remoteParty());
        String from = withTag(d.localParty(), d.localTag()).toString();
        String to = withTag(d.remoteParty(), d.remoteTag()).toString();
        return build(s, method, target, d.callId(), cseq, from, to, d.routeSet());
    }

    static SIPRequest build(MessageServices s, String method, String requestUri, String callId, long cseq,
            String from, String to, List<String> routes) {
        try {
            HeaderFactory hf = s.headerFactory();
            CallIdHeader callIdHeader = hf.createCallIdHeader(callId);
            CSeqHeader cseqHeader = hf.createCSeqHeader(cseq, method);
            FromHeader fromHeader = (FromHeader) hf.createHeader("From", from);
            ToHeader toHeader = (ToHeader) hf.createHeader("To", to);
            SIPRequest request = (SIPRequest) s.messageFactory().createRequest(
                    s.addressFactory().createURI(requestUri), method, callIdHeader, cseqHeader, fromHeader,
                    toHeader, new ArrayList<>(1), hf.createMaxForwardsHeader(70));
            for (String route : routes) {
                request.addHeader(hf.createHeader("Route", route));
            }
            return request;
        } catch (ParseException | javax.sip.InvalidArgumentException e) {
            throw new IllegalArgumentException("cannot build " + method + ": " + e.getMessage(), e);
        }
    }

    /** The Request-URI for a new request to an address: its URI without header parameters. */
    private static String requestUriOf(Address to) {
        String uri = to.getURI().toString();
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    /** A copy of an address with the given tag, or with no tag when {@code tag} is null. */
    static Address withTag(Address a, String tag) {
        AddressImpl copy;
        try {
            copy = AddressParser.parse(a.toString());
        } catch (jakarta.servlet.sip.ServletParseException e) {
            throw new IllegalArgumentException("unparsable address " + a + ": " + e.getMessage(), e);
        }
        copy.removeParameter("tag");
        if (tag != null) {
            copy.setParameter("tag", tag);
        }
        return copy;
    }
}
