package io.sipcontainer.service;

/**
 * Dialog events, as Kamailio's {@code event_route[dialog:start|end|failed]}: started at the 2xx,
 * ended by a BYE, a timeout or an operator, failed by a final answer of 300 or above (or a
 * CANCEL) before any 2xx.
 */
public interface DialogListener {
    default void started(Dialog dialog) {
    }

    default void ended(Dialog dialog) {
    }

    default void failed(Dialog dialog) {
    }
}
