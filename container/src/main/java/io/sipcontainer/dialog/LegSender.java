package io.sipcontainer.dialog;

import java.util.function.IntConsumer;

/**
 * How the dialog module sends a request of its own towards one side of a dialog (a BYE, a
 * keepalive OPTIONS); {@link DialogRequests} on a server, a recorder in unit tests.
 */
@FunctionalInterface
interface LegSender {
    /** Sends; {@code onFinal} later gets the final status (408 when nothing answered). False when not sent. */
    boolean send(DialogImpl dialog, String method, boolean towardsCaller, IntConsumer onFinal);
}
