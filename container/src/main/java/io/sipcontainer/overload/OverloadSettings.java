package io.sipcontainer.overload;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.ModuleParams;

/**
 * The {@code overload.*} settings.
 *
 * @param queueLimit        new out-of-dialog requests are refused while more than this many tasks
 *                          wait for a worker, or more than this many datagrams for the parser (0: never)
 * @param transactionLimit  ... or while the stack holds more than this many server transactions (0: never)
 * @param retryAfterSeconds the refusal's {@code Retry-After}
 * @param sourceAllowance   while overloaded, a source with no more new requests than this in the
 *                          current second is still served (0: none is)
 * @param allowanceTotal    ... up to this many such requests per second from all sources together
 */
public record OverloadSettings(int queueLimit, int transactionLimit, int retryAfterSeconds, int sourceAllowance,
        int allowanceTotal) {

    public OverloadSettings(int queueLimit, int transactionLimit, int retryAfterSeconds) {
        this(queueLimit, transactionLimit, retryAfterSeconds, 0, 0);
    }

    public static OverloadSettings read(ModuleParams p) throws ConfigException {
        return new OverloadSettings(p.integer("queue_limit", 2000, 0, 10_000_000),
                p.integer("transaction_limit", 0, 0, 100_000_000),
                p.integer("retry_after", 5, 0, 3600),
                p.integer("source_allowance", 5, 0, 1_000_000),
                p.integer("allowance_total", 100, 0, 10_000_000));
    }
}
