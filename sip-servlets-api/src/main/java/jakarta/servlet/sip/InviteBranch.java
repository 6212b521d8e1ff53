package jakarta.servlet.sip;

/**
 * One of several early dialogs a UAS creates for the same incoming initial INVITE, so that it can
 * answer like a forking proxy would: each branch has its own To tag and {@link SipSession}, and
 * responses created from it belong to that dialog. Created by
 * {@link SipServletRequest#createInviteBranch()}; the sessions of the branches of one INVITE
 * belong to the same {@link ForkingContext}. At most one branch may send a 2xx.
 *
 * @since 2.0
 */
public interface InviteBranch {

    /**
     * Creates a response to the INVITE in this branch's dialog.
     *
     * @throws IllegalArgumentException if the status code is invalid
     * @throws IllegalStateException if the INVITE already has a final response
     */
    SipServletResponse createResponse(int statusCode);

    /**
     * Creates a response with the given reason phrase in this branch's dialog.
     *
     * @throws IllegalArgumentException if the status code is invalid
     * @throws IllegalStateException if the INVITE already has a final response
     */
    SipServletResponse createResponse(int statusCode, String reasonPhrase);

    /** Returns the INVITE this branch answers. */
    SipServletRequest getRequest();

    /** Returns the SipSession of this branch's dialog. */
    SipSession getSession();
}
