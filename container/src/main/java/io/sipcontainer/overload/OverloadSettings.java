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
 */
public record OverloadSettings(int queueLimit, int transactionLimit, int retryAfterSeconds) {

    public static OverloadSettings read(ModuleParams p) throws ConfigException {
        return new OverloadSettings(p.integer("queue_limit", 2000, 0, 10_000_000),
                p.integer("transaction_limit", 0, 0, 100_000_000),
                p.integer("retry_after", 5, 0, 3600));
    }
}
