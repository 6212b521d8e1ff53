package io.sipcontainer.message;

/** Facts about SIP methods that the container's rules depend on. */
public final class Methods {
    private Methods() {
    }

    /** Methods whose requests can create a dialog (RFC 3261, RFC 6665, RFC 3515). */
    public static boolean isDialogCreating(String method) {
        return "INVITE".equals(method) || "SUBSCRIBE".equals(method) || "REFER".equals(method)
                || "NOTIFY".equals(method);
    }

    /**
     * Methods whose requests and 2xx responses carry the sender's Contact: those that can create
     * a dialog, and UPDATE, a target refresh that RFC 3311 (5.1, 5.2) requires it in.
     */
    public static boolean carriesContact(String method) {
        return isDialogCreating(method) || "UPDATE".equals(method);
    }

    /** Methods whose 2xx ends the dialog. */
    public static boolean isDialogTerminating(String method) {
        return "BYE".equals(method);
    }
}
