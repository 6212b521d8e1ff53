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

    /** Methods whose 2xx ends the dialog. */
    public static boolean isDialogTerminating(String method) {
        return "BYE".equals(method);
    }
}
