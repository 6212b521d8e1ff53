package io.sipcontainer.rtpengine;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;

/**
 * One rtpengine instance of {@code rtpengine_sock}: its address, set and weight, and its state.
 * It is disabled for {@code rtpengine_disable_tout} seconds when it does not answer (then tried
 * again by the next call that selects it), or until enabled again when an administrator disabled
 * it ({@code rtpengine.enable <url> 0}). The state is read without locks on the message path.
 */
public final class NgNode {
    /** {@link #recheckAtMillis} of an instance disabled by hand: never re-enabled by time. */
    static final long FOREVER = Long.MAX_VALUE;

    private final String url;
    private final InetSocketAddress address;
    private final int setId;
    private final int index;
    private final int weight;
    private volatile boolean disabled;
    private volatile long recheckAtMillis;
    final LongAdder commands = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder errors = new LongAdder();

    NgNode(String url, InetSocketAddress address, int setId, int index, int weight) {
        this.url = url;
        this.address = address;
        this.setId = setId;
        this.index = index;
        this.weight = weight;
    }

    /** As written in the configuration, without the weight: {@code udp:127.0.0.1:2223}. */
    public String url() {
        return url;
    }

    public InetSocketAddress address() {
        return address;
    }

    public int setId() {
        return setId;
    }

    public int index() {
        return index;
    }

    public int weight() {
        return weight;
    }

    public boolean isDisabled() {
        return disabled;
    }

    /** When a disabled instance may be tried again (epoch millis); {@link #FOREVER} when disabled by hand. */
    public long recheckAtMillis() {
        return recheckAtMillis;
    }

    /** True when a call may be sent to it at {@code nowMillis}: enabled, or its disabling has run out. */
    boolean usable(long nowMillis) {
        return !disabled || nowMillis >= recheckAtMillis;
    }

    /** It did not answer: skipped until {@code untilMillis}. */
    void disableUntil(long untilMillis) {
        recheckAtMillis = untilMillis;
        disabled = true;
    }

    /** An administrator's choice; disabling by hand lasts until enabled by hand. */
    void setEnabled(boolean enabled) {
        if (enabled) {
            disabled = false;
            recheckAtMillis = 0;
        } else {
            disableUntil(FOREVER);
        }
    }

    /** It answered: enabled again, unless disabled by hand. */
    void answered() {
        if (disabled && recheckAtMillis != FOREVER) {
            disabled = false;
            recheckAtMillis = 0;
        }
    }

    @Override
    public String toString() {
        return url + (weight != 1 ? "=" + weight : "");
    }
}
