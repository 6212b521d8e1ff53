package io.sipcontainer.message;

import jakarta.servlet.sip.InviteBranch;
import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.SipSession;
import jakarta.servlet.sip.UAMode;

import io.sipcontainer.session.Forks;
import io.sipcontainer.session.SipSessionImpl;

/**
 * One early dialog of a UAS that answers an initial INVITE the way a forking proxy's callees
 * would: the first branch is the INVITE's own session, each further branch a session derived from
 * it with a To tag of its own (the machinery a B2BUA uses to relay forked dialogs upstream). The
 * sessions share the INVITE's {@link jakarta.servlet.sip.ForkingContext}; once one branch sends
 * the final response, the INVITE has it and the other branches' early dialogs end.
 */
final class InviteBranchImpl implements InviteBranch {
    private final SipServletRequestImpl invite;
    private final SipSessionImpl session;

    private InviteBranchImpl(SipServletRequestImpl invite, SipSessionImpl session) {
        this.invite = invite;
        this.session = session;
    }

    /** A new branch of {@code invite}, an initial INVITE received as UAS and not finally answered. */
    static InviteBranchImpl create(SipServletRequestImpl invite) {
        SipSessionImpl root = invite.sipSession();
        if (!invite.isIncoming() || !"INVITE".equals(invite.getMethod()) || !invite.isInitial() || root == null
                || root.dialog().mode() != UAMode.UAS) {
            throw new IllegalStateException("INVITE branches are created for an initial INVITE received as UAS");
        }
        if (invite.isFinalResponseSent()) {
            throw new IllegalStateException("the INVITE already has a final response");
        }
        SipSessionImpl session = root.inviteBranch() == null ? root : Forks.deriveUas(root, Tags.newTag());
        InviteBranchImpl branch = new InviteBranchImpl(invite, session);
        session.setInviteBranch(branch);
        return branch;
    }

    @Override
    public SipServletResponseImpl createResponse(int statusCode) {
        return createResponse(statusCode, null);
    }

    @Override
    public SipServletResponseImpl createResponse(int statusCode, String reasonPhrase) {
        if (invite.isFinalResponseSent()) {
            throw new IllegalStateException("the INVITE already has a final response");
        }
        if (!session.isValid()) {
            throw new IllegalStateException("the session of this branch has been invalidated");
        }
        SipServletResponseImpl response = invite.createResponse(statusCode, reasonPhrase, session);
        response.setInviteBranch(this);
        return response;
    }

    @Override
    public SipServletRequest getRequest() {
        return invite;
    }

    @Override
    public SipSession getSession() {
        return session;
    }

    /** Whether the INVITE of this branch still waits for its final response. */
    boolean isActive() {
        return !invite.isFinalResponseSent();
    }
}
