package io.sipcontainer.b2bua;

import java.util.List;
import java.util.Map;

import jakarta.servlet.sip.B2buaHelper;
import jakarta.servlet.sip.SipServletMessage;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipServletResponse;
import jakarta.servlet.sip.SipSession;
import jakarta.servlet.sip.TooManyHopsException;
import jakarta.servlet.sip.UAMode;
import jakarta.servlet.sip.ar.SipApplicationRoutingDirective;

import io.sipcontainer.message.MaxForwards;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.message.SipServletResponseImpl;
import io.sipcontainer.session.SipSessionImpl;

/**
 * The container's {@link B2buaHelper}: builds the requests of one leg from those of the other,
 * links the legs' sessions and requests, answers the original request of a leg, and reports what
 * is pending on a leg. It keeps no state of its own (links live in the sessions and requests, see
 * {@link SessionLinks}), so one instance serves every application; a request gets it from
 * {@code SipServletRequest.getB2buaHelper()}, which also commits that request to the B2BUA role.
 *
 * <p>A typical relay: {@code createRequest(req, true, map)} for the INVITE; responses go back
 * with {@code createResponseToOriginalRequest(getLinkedSession(resp.getSession()), ...)}; the
 * caller's ACK becomes {@code createAck()} on the 2xx that {@code getPendingMessages(other, UAC)}
 * lists; other in-dialog requests cross with {@code createRequest(getLinkedSession(s), req, null)}
 * and their responses with {@code getLinkedSipServletRequest(resp.getRequest()).createResponse}.
 */
public final class B2buaHelperImpl implements B2buaHelper {
    private static final B2buaHelperImpl INSTANCE = new B2buaHelperImpl(InitialRequests.APPLICATION_FACTORY);

    private final InitialRequests initialRequests;

    public B2buaHelperImpl(InitialRequests initialRequests) {
        this.initialRequests = initialRequests;
    }

    /** The helper applications get, building new requests with their own SipFactory. */
    public static B2buaHelperImpl instance() {
        return INSTANCE;
    }

    // --- new legs ------------------------------------------------------------------------------

    /** As {@link #createRequest(SipServletRequest, boolean, Map)} without linking or header map. */
    @Override
    public SipServletRequest createRequest(SipServletRequest origRequest) {
        try {
            return createRequest(origRequest, false, null);
        } catch (TooManyHopsException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * A new initial request in a new UAC session of the original's application session: same
     * method, Request-URI, body and copied headers (see {@link HeaderCopy}), Max-Forwards one less,
     * a new Call-ID, From with a new tag, To without one, and the CONTINUE routing directive so the
     * application router goes on from where the original was.
     */
    @Override
    public SipServletRequest createRequest(SipServletRequest origRequest, boolean linked,
            Map<String, List<String>> headerMap) throws TooManyHopsException {
        SipServletRequestImpl orig = request(origRequest);
        if (!orig.isInitial()) {
            throw new IllegalArgumentException("createRequest needs an initial original request; use "
                    + "createRequest(session, origRequest, headerMap) inside a dialog");
        }
        if (MaxForwards.isExhausted(orig.jainRequest())) {
            throw new TooManyHopsException("Max-Forwards of the original request is 0");
        }
        SipSessionImpl origSession = orig.sipSession();
        if (origSession == null || !origSession.isValid()) {
            throw new IllegalArgumentException("the original request has no valid session");
        }
        SipServletRequestImpl created = initialRequests.create(origSession.applicationSession(), orig.getMethod(),
                HeaderCopy.party(orig.getFrom(), headerMap, "From"), HeaderCopy.party(orig.getTo(), headerMap, "To"));
        created.setRequestURI(orig.getRequestURI());
        HeaderCopy.copyHeaders(orig, created, true);
        created.setMaxForwards(MaxForwards.next(orig.jainRequest()));
        HeaderCopy.copyContent(orig, created);
        HeaderCopy.applyHeaderMap(headerMap, created, true, orig.connector());
        created.setRoutingDirective(SipApplicationRoutingDirective.CONTINUE, orig);
        if (linked) {
            SessionLinks.relink(origSession, created.sipSession());
            linkRequests(orig, created);
        }
        return created;
    }

    /**
     * A request inside the dialog of {@code session} relaying {@code origRequest} of the other leg:
     * same method, copied headers and body; the two requests, and the sessions if not linked yet,
     * become linked. For an ACK, the ACK of the 2xx pending on {@code session}.
     */
    @Override
    public SipServletRequest createRequest(SipSession session, SipServletRequest origRequest,
            Map<String, List<String>> headerMap) {
        SipSessionImpl target = SessionLinks.impl(session);
        SipServletRequestImpl orig = request(origRequest);
        if (!target.isValid()) {
            throw new IllegalArgumentException("session " + target.getId() + " has been invalidated");
        }
        if (orig.sipSession() == null || orig.sipSession().applicationSession() != target.applicationSession()) {
            throw new IllegalArgumentException("the session and the original request belong to different application sessions");
        }
        String method = orig.getMethod();
        if ("CANCEL".equals(method)) {
            throw new IllegalArgumentException("a CANCEL is created with createCancel(session)");
        }
        SipSessionImpl origSession = orig.sipSession();
        SipSessionImpl peer = SessionLinks.linkedTo(origSession);
        if (peer != null && peer != target) {
            throw new IllegalArgumentException("the original request's session is linked to another session");
        }
        SipServletRequestImpl created = switch (method) {
            case "ACK" -> ackOfPendingOk(target);
            case "PRACK" -> prackOfUnacknowledged(target);
            default -> (SipServletRequestImpl) target.createRequest(method);
        };
        HeaderCopy.copyHeaders(orig, created, false);
        HeaderCopy.copyContent(orig, created);
        HeaderCopy.applyHeaderMap(headerMap, created, false, orig.connector());
        if (peer == null) {
            SessionLinks.link(origSession, target);
        }
        linkRequests(orig, created);
        return created;
    }

    /**
     * A relayed PRACK acknowledges the reliable 1xx that waits on this leg: its RAck names that
     * 1xx's RSeq, not the one of the leg the PRACK came from (each leg numbers its own). RFC 3262
     * lets a UAS have only one reliable 1xx unacknowledged at a time, so the oldest is the one.
     */
    private static SipServletRequestImpl prackOfUnacknowledged(SipSessionImpl session) {
        for (SipServletResponse r : session.activeMessages().unacknowledgedProvisionals(UAMode.UAC)) {
            try {
                return (SipServletRequestImpl) r.createPrack();
            } catch (jakarta.servlet.sip.Rel100Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        throw new IllegalStateException("no reliable provisional response waits for a PRACK in session "
                + session.getId());
    }

    private static SipServletRequestImpl ackOfPendingOk(SipSessionImpl session) {
        for (SipServletMessage m : session.activeMessages().pending(UAMode.UAC)) {
            if (m instanceof SipServletResponse ok && "INVITE".equals(ok.getMethod())) {
                return (SipServletRequestImpl) ok.createAck();
            }
        }
        throw new IllegalStateException("no 2xx waits for an ACK in session " + session.getId());
    }

    // --- answering and cancelling --------------------------------------------------------------

    /**
     * A response to the request that created {@code session}, in that session's dialog: for a
     * session derived for a forked dialog, under its own To tag.
     */
    @Override
    public SipServletResponse createResponseToOriginalRequest(SipSession session, int status, String reasonPhrase) {
        SipSessionImpl s = SessionLinks.impl(session);
        if (!s.isValid()) {
            throw new IllegalArgumentException("session " + s.getId() + " has been invalidated");
        }
        if (!(s.activeMessages().original() instanceof SipServletRequestImpl original) || !original.isIncoming()) {
            throw new IllegalArgumentException("session " + s.getId() + " did not receive its original request");
        }
        if (original.isFinalResponseSent()) {
            throw new IllegalStateException("the original request of session " + s.getId()
                    + " already has a final response");
        }
        return original.createResponse(status, reasonPhrase, s);
    }

    /** A CANCEL for the initial INVITE {@code session} sent and that has no final response yet. */
    @Override
    public SipServletRequest createCancel(SipSession session) {
        SipSessionImpl s = SessionLinks.impl(session);
        if (!s.isValid()) {
            throw new IllegalArgumentException("session " + s.getId() + " has been invalidated");
        }
        if (!(s.activeMessages().original() instanceof SipServletRequestImpl invite) || invite.isIncoming()
                || !"INVITE".equals(invite.getMethod()) || invite.isFinalResponseSent()) {
            throw new IllegalStateException("session " + s.getId() + " has no INVITE waiting for its final response");
        }
        return invite.createCancel();
    }

    // --- links and pending messages ------------------------------------------------------------

    @Override
    public SipSession getLinkedSession(SipSession session) {
        SipSessionImpl s = SessionLinks.impl(session);
        if (!s.isValid()) {
            throw new IllegalArgumentException("session " + s.getId() + " has been invalidated");
        }
        return SessionLinks.linkedTo(s);
    }

    @Override
    public SipServletRequest getLinkedSipServletRequest(SipServletRequest req) {
        return request(req).transaction().linked();
    }

    @Override
    public List<SipServletMessage> getPendingMessages(SipSession session, UAMode mode) {
        SipSessionImpl s = SessionLinks.impl(session);
        if (!s.isValid()) {
            throw new IllegalArgumentException("session " + s.getId() + " has been invalidated");
        }
        if (mode == null) {
            throw new NullPointerException("mode");
        }
        return s.activeMessages().pending(mode);
    }

    @Override
    public void linkSipSessions(SipSession session1, SipSession session2) {
        SessionLinks.link(SessionLinks.impl(session1), SessionLinks.impl(session2));
    }

    @Override
    public void unlinkSipSessions(SipSession session) {
        SessionLinks.unlink(SessionLinks.impl(session));
    }

    private static void linkRequests(SipServletRequestImpl a, SipServletRequestImpl b) {
        a.transaction().setLinked(b);
        b.transaction().setLinked(a);
    }

    private static SipServletRequestImpl request(SipServletRequest r) {
        if (r == null) {
            throw new NullPointerException("request");
        }
        if (!(r instanceof SipServletRequestImpl impl)) {
            throw new IllegalArgumentException("not a request of this container: " + r);
        }
        return impl;
    }
}
