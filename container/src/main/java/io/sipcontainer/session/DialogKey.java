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
}
