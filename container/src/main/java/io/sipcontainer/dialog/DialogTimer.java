package io.sipcontainer.dialog;

import io.sipcontainer.service.DialogService;

/**
 * The dialog module's timer, run once a second on a thread of its own: a dialog past its deadline
 * times out by its state (early_timeout: failed; noack_timeout and default_timeout: ended, with a
 * BYE to both sides when {@code send_bye} is on; end_timeout: forgotten), and confirmed dialogs
 * with keepalives get their OPTIONS every {@code ka_interval}. A 408 or 481 to a keepalive leaves
 * the dialog {@link #KEEPALIVE_GRACE_MILLIS} more, as Kamailio does.
 */
final class DialogTimer {
    /** Kamailio's life left to a dialog whose keepalive failed. */
    static final long KEEPALIVE_GRACE_MILLIS = 10_000;

    private final DialogTracker tracker;
    private final long graceMillis;

    DialogTimer(DialogTracker tracker) {
        this(tracker, KEEPALIVE_GRACE_MILLIS);
    }

    /** With another grace period after failed keepalives (unit tests). */
    DialogTimer(DialogTracker tracker, long graceMillis) {
        this.tracker = tracker;
        this.graceMillis = graceMillis;
    }

    /** One pass over every dialog. */
    void tick() {
        int adopted = tracker.ownership().adoptOrphans();
        if (adopted > 0) {
            org.slf4j.LoggerFactory.getLogger(DialogTimer.class).info(
                    "dialog: took over {} dialog(s) of a node that left the cluster", adopted);
        }
        long now = tracker.now();
        DialogSettings s = tracker.settings();
        for (DialogImpl d : tracker.table().all()) {
            if (d.isDue(now)) {
                timeout(d, now);
            } else if (s.keepalive()) {
                int due = d.keepaliveDue(now, s.kaInterval() * 1000L);
                if ((due & 1) != 0) {
                    keepalive(d, true);
                }
                if ((due & 2) != 0) {
                    keepalive(d, false);
                }
            }
        }
    }

    private void timeout(DialogImpl d, long now) {
        switch (d.state()) {
            case DialogService.UNCONFIRMED, DialogService.EARLY -> {
                int was = d.expiredEarly(now);
                if (was != 0) {
                    tracker.stats().expired.increment();
                    tracker.transitions().fail(d, was);
                }
            }
            case DialogService.CONFIRMED_NO_ACK, DialogService.CONFIRMED -> {
                boolean ended = tracker.settings().sendBye() ? tracker.transitions().endWithBye(d)
                        : tracker.transitions().endQuietly(d, now);
                if (ended) {
                    tracker.stats().expired.increment();
                }
            }
            default -> tracker.transitions().drop(d); // end_timeout: its BYEs were never all answered
        }
    }

    private void keepalive(DialogImpl d, boolean towardsCaller) {
        DialogSettings s = tracker.settings();
        tracker.sender().send(d, "OPTIONS", towardsCaller,
                status -> d.keepaliveAnswered(status, s.kaFailedLimit(), tracker.now(), graceMillis));
    }
}
