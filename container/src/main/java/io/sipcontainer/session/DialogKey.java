package io.sipcontainer.session;

/**
 * Builds the key that ties a dialog to its SIP session: the Call-ID and the tag this server
 * chose. An in-dialog request always carries our tag (in To), so the key is found without any
 * node-local state.
 */
public final class DialogKey {
    private DialogKey() {
    }

    public static String of(String callId, String localTag) {
        return callId + '|' + localTag;
    }

    /**
     * The key of a dialog a forked response created for a UAC: it shares Call-ID and local tag with
     * its siblings, so the remote tag tells them apart.
     */
    public static String ofFork(String callId, String localTag, String remoteTag) {
        return of(callId, forkTag(localTag, remoteTag));
    }

    /** What stands for the local tag in the key of a forked UAC dialog. */
    public static String forkTag(String localTag, String remoteTag) {
        return localTag + '|' + remoteTag;
    }
}
