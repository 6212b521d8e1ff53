package io.sipcontainer.stats;

import java.util.List;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * How long the server took from receiving a request to sending its first final response, per
 * method (Kamailio's method list, others as {@code OTHER}): for a UAS its own answer, for a proxy
 * the best response it relayed, so an INVITE is timed to its first 2xx or other final response.
 * Nothing is measured until a consumer (the Prometheus {@code /metrics}) {@link #bind binds}
 * sinks; recording is then an index switch and the sink's own update, no allocation.
 */
public final class ResponseLatencies {
    private static final LongConsumer NONE = nanos -> {
    };

    private volatile LongConsumer[] sinks = none();

    /** The methods timed apart, in the order {@link #bind} asks for them; the last is {@code OTHER}. */
    public static List<String> methods() {
        List<String> out = new java.util.ArrayList<>(List.of(SipCounters.METHODS));
        out.add("OTHER");
        return out;
    }

    /** Records {@code nanos} for {@code method} (any case-sensitive method name, as the request has it). */
    public void record(String method, long nanos) {
        sinks[SipCounters.methodIndex(method)].accept(nanos);
    }

    /** From now on each method's latencies go to {@code sinkOf.apply(method)}, for each of {@link #methods()}. */
    public void bind(Function<String, LongConsumer> sinkOf) {
        List<String> methods = methods();
        LongConsumer[] next = new LongConsumer[methods.size()];
        for (int i = 0; i < next.length; i++) {
            next[i] = sinkOf.apply(methods.get(i));
        }
        sinks = next;
    }

    /** Stops measuring. */
    public void unbind() {
        sinks = none();
    }

    private static LongConsumer[] none() {
        LongConsumer[] out = new LongConsumer[SipCounters.METHODS.length + 1];
        java.util.Arrays.fill(out, NONE);
        return out;
    }
}
