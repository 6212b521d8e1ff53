package io.sipcontainer.auth;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sipcontainer.service.RpcException;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.service.RpcRegistry;

/**
 * Administration of the subscriber table over RPC. Kamailio has no RPC for this (kamctl
 * {@code add}, {@code passwd}, {@code rm}, {@code show} write the database directly); these are
 * this server's names: {@code subscriber.add user@domain password}, {@code subscriber.passwd
 * user@domain password}, {@code subscriber.rm user@domain}, {@code subscriber.list [domain]} and
 * {@code subscriber.show user@domain}. Results never carry a password or hash. Faults: 400 for bad
 * parameters, 404 for an unknown subscriber, 409 for one that exists already, 500 for a database
 * failure.
 */
public final class SubscriberCommands {
    static final String[] METHODS = {
        "subscriber.add", "subscriber.passwd", "subscriber.rm", "subscriber.list", "subscriber.show",
    };

    private SubscriberCommands() {
    }

    public static void register(RpcRegistry rpc, SubscriberStore store) {
        rpc.register("subscriber.add", "Adds a subscriber: user@domain password.", p -> {
            Account a = account(p);
            String password = p.string(1);
            return run(() -> store.add(a.user, a.domain, password).map(SubscriberCommands::toMap)
                    .orElseThrow(() -> new RpcException(409, "subscriber " + a + " already exists")));
        });
        rpc.register("subscriber.passwd", "Changes a subscriber's password: user@domain password.", p -> {
            Account a = account(p);
            String password = p.string(1);
            return run(() -> {
                if (!store.changePassword(a.user, a.domain, password)) {
                    throw notFound(a);
                }
                return null;
            });
        });
        rpc.register("subscriber.rm", "Removes a subscriber: user@domain.", p -> {
            Account a = account(p);
            return run(() -> {
                if (!store.remove(a.user, a.domain)) {
                    throw notFound(a);
                }
                return null;
            });
        });
        rpc.registerReadOnly("subscriber.list", "Lists the subscribers, of one domain if given.", p -> {
            String domain = p.size() > 0 && !p.string(0).isEmpty() ? p.string(0) : null;
            return run(() -> {
                List<Object> out = new ArrayList<>();
                store.list(domain).forEach(s -> out.add(toMap(s)));
                return out;
            });
        });
        rpc.registerReadOnly("subscriber.show", "Shows one subscriber: user@domain.", p -> {
            Account a = account(p);
            return run(() -> store.get(a.user, a.domain).map(SubscriberCommands::toMap).orElseThrow(() -> notFound(a)));
        });
    }

    public static void unregister(RpcRegistry rpc) {
        for (String m : METHODS) {
            rpc.unregister(m);
        }
    }

    private record Account(String user, String domain) {
        @Override
        public String toString() {
            return user + "@" + domain;
        }
    }

    /** user@domain, also written sip:user@domain as kamctl accepts. */
    private static Account account(RpcParams p) throws RpcException {
        String aor = p.string(0).strip();
        if (aor.regionMatches(true, 0, "sip:", 0, 4)) {
            aor = aor.substring(4);
        } else if (aor.regionMatches(true, 0, "sips:", 0, 5)) {
            aor = aor.substring(5);
        }
        int at = aor.indexOf('@');
        if (at <= 0 || at == aor.length() - 1 || aor.indexOf('@', at + 1) >= 0) {
            throw new RpcException(400, "expected user@domain, got '" + p.string(0) + "'");
        }
        return new Account(aor.substring(0, at), aor.substring(at + 1));
    }

    private static Map<String, Object> toMap(SubscriberStore.Subscriber s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("username", s.username());
        m.put("domain", s.domain());
        return m;
    }

    private static RpcException notFound(Account a) {
        return new RpcException(404, "subscriber " + a + " not found");
    }

    @FunctionalInterface
    private interface StoreCall {
        Object call() throws SQLException, RpcException;
    }

    private static Object run(StoreCall call) throws RpcException {
        try {
            return call.call();
        } catch (IllegalArgumentException e) {
            throw new RpcException(400, e.getMessage());
        } catch (SQLException e) {
            throw new RpcException(500, "database error: " + e.getMessage());
        }
    }
}
