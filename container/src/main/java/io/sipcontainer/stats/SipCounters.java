package io.sipcontainer.stats;

import io.sipcontainer.service.Counter;
import io.sipcontainer.service.Statistics;

/**
 * The container's own SIP statistics with Kamailio's names: {@code core:} (received and forwarded
 * messages, received requests per method and replies per class as Kamailio's
 * {@code core:rcv_requests_invite}, {@code core:rcv_replies_2xx}), {@code sl:} (replies the server
 * generates) and {@code tmx:} (transactions and the replies they relay). The stack bridge calls
 * these on every message, so each is a switch or a field lookup and a striped add, nothing more.
 */
public final class SipCounters {
    private static final int[] SL_CODES = {200, 202, 300, 301, 302, 400, 401, 403, 404, 407, 408, 483, 500};
    /** Kamailio's {@code core:rcv_requests_<method>} methods; any other counts as {@code rcv_requests_other}. */
    static final String[] METHODS = {"INVITE", "CANCEL", "ACK", "BYE", "INFO", "REGISTER", "SUBSCRIBE",
        "NOTIFY", "MESSAGE", "OPTIONS", "PRACK", "UPDATE", "REFER", "PUBLISH"};

    private final Counter rcvRequests;
    private final Counter rcvReplies;
    private final Counter[] rcvByMethod = new Counter[METHODS.length + 1];
    private final Counter[] rcvRepliesByClass = new Counter[7];
    private final Counter fwdRequests;
    private final Counter fwdReplies;
    private final Counter slSent;
    private final Counter slSentErr;
    private final Counter slReceivedAcks;
    private final Counter[] slByClass = new Counter[7];
    private final Counter[] slByCode = new Counter[700];
    private final Counter slOther;
    private final Counter uas;
    private final Counter uac;
    private final Counter[] txByClass = new Counter[7];
    private final Counter created;
    private final Counter freed;
    private final Counter rplReceived;
    private final Counter rplAbsorbed;
    private final Counter rplGenerated;
    private final Counter rplRelayed;
    private final Counter rplSent;

    private final ResponseLatencies latencies;

    public SipCounters(Statistics stats) {
        latencies = stats instanceof StatisticsRegistry registry ? registry.latencies() : new ResponseLatencies();
        rcvRequests = stats.counter("core", "rcv_requests");
        rcvReplies = stats.counter("core", "rcv_replies");
        for (int m = 0; m < METHODS.length; m++) {
            rcvByMethod[m] = stats.counter("core", "rcv_requests_" + METHODS[m].toLowerCase(java.util.Locale.ROOT));
        }
        rcvByMethod[METHODS.length] = stats.counter("core", "rcv_requests_other");
        for (int c = 1; c <= 6; c++) {
            rcvRepliesByClass[c] = stats.counter("core", "rcv_replies_" + c + "xx");
        }
        fwdRequests = stats.counter("core", "fwd_requests");
        fwdReplies = stats.counter("core", "fwd_replies");
        slSent = stats.counter("sl", "sent_replies");
        slSentErr = stats.counter("sl", "sent_err_replies");
        slReceivedAcks = stats.counter("sl", "received_ACKs");
        stats.counter("sl", "failures");
        for (int c = 1; c <= 6; c++) {
            slByClass[c] = stats.counter("sl", c + "xx_replies");
            txByClass[c] = c >= 2 ? stats.counter("tmx", c + "xx_transactions") : null;
        }
        for (int code : SL_CODES) {
            slByCode[code] = stats.counter("sl", code + "_replies");
        }
        slOther = stats.counter("sl", "xxx_replies");
        uas = stats.counter("tmx", "UAS_transactions");
        uac = stats.counter("tmx", "UAC_transactions");
        created = new SimpleCounter();
        freed = new SimpleCounter();
        stats.gauge("tmx", "inuse_transactions", () -> Math.max(0, created.get() - freed.get()));
        stats.gauge("tmx", "active_transactions", () -> Math.max(0, created.get() - freed.get()));
        rplReceived = stats.counter("tmx", "rpl_received");
        rplAbsorbed = stats.counter("tmx", "rpl_absorbed");
        rplGenerated = stats.counter("tmx", "rpl_generated");
        rplRelayed = stats.counter("tmx", "rpl_relayed");
        rplSent = stats.counter("tmx", "rpl_sent");
    }

    /** A counter kept outside the registry (only its gauge is published). */
    private static final class SimpleCounter implements Counter {
        private final java.util.concurrent.atomic.LongAdder adder = new java.util.concurrent.atomic.LongAdder();

        @Override
        public void increment() {
            adder.increment();
        }

        @Override
        public void add(long delta) {
            adder.add(delta);
        }

        @Override
        public long get() {
            return adder.sum();
        }
    }

    /** The first final response to a received request left, {@code nanos} after the request came. */
    public void finalResponseSent(String method, long nanos) {
        latencies.record(method, nanos);
    }

    public void requestReceived(String method) {
        rcvRequests.increment();
        int m = methodIndex(method);
        rcvByMethod[m].increment();
        if (m == ACK) {
            slReceivedAcks.increment();
        }
    }

    private static final int ACK = 2;

    /** The index in {@link #METHODS}, or its length for another method; a switch, no allocation. */
    static int methodIndex(String method) {
        return switch (method) {
            case "INVITE" -> 0;
            case "CANCEL" -> 1;
            case "ACK" -> ACK;
            case "BYE" -> 3;
            case "INFO" -> 4;
            case "REGISTER" -> 5;
            case "SUBSCRIBE" -> 6;
            case "NOTIFY" -> 7;
            case "MESSAGE" -> 8;
            case "OPTIONS" -> 9;
            case "PRACK" -> 10;
            case "UPDATE" -> 11;
            case "REFER" -> 12;
            case "PUBLISH" -> 13;
            default -> METHODS.length;
        };
    }

    public void serverTransactionCreated() {
        uas.increment();
        created.increment();
    }

    public void clientTransactionCreated(boolean forwarded) {
        uac.increment();
        created.increment();
        if (forwarded) {
            fwdRequests.increment();
        }
    }

    public void statelessRequestForwarded() {
        fwdRequests.increment();
    }

    public void transactionTerminated() {
        freed.increment();
    }

    public void replyReceived(int status, boolean absorbed) {
        rcvReplies.increment();
        int cls = status / 100;
        if (cls >= 1 && cls <= 6) {
            rcvRepliesByClass[cls].increment();
        }
        rplReceived.increment();
        if (absorbed) {
            rplAbsorbed.increment();
        }
    }

    /** A reply left through a server transaction: generated here, or relayed by a proxy. */
    public void replySent(int status, boolean relayed) {
        rplSent.increment();
        if (relayed) {
            rplRelayed.increment();
            fwdReplies.increment();
        } else {
            rplGenerated.increment();
            slSent.increment();
            int cls = status / 100;
            if (cls >= 1 && cls <= 6) {
                slByClass[cls].increment();
            }
            Counter byCode = status < slByCode.length ? slByCode[status] : null;
            if (byCode != null) {
                byCode.increment();
            } else if (cls < 1 || cls > 6) {
                slOther.increment();
            }
            if (status >= 300) {
                slSentErr.increment();
            }
        }
        if (status >= 200 && status < 700) {
            txByClass[status / 100].increment();
        }
    }

    public void replyForwardedStatelessly() {
        fwdReplies.increment();
    }
}
