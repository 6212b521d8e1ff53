package io.sipcontainer.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.sipcontainer.db.Database;
import io.sipcontainer.rpc.DefaultRpcRegistry;
import io.sipcontainer.service.RpcException;
import io.sipcontainer.service.RpcParams;

/** The subscriber.* RPC commands over a real H2 table. */
class SubscriberCommandsTest {
    private final Database db = Database.inMemory("rpc-" + UUID.randomUUID());
    private final DefaultRpcRegistry rpc = new DefaultRpcRegistry();

    SubscriberCommandsTest() throws Exception {
        SubscriberStore store = new SubscriberStore(db, false);
        store.migrate();
        SubscriberCommands.register(rpc, store);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Object call(String method, Object... params) throws RpcException {
        return rpc.call(method, new RpcParams(List.of(params)));
    }

    private int fault(String method, Object... params) {
        return assertThrows(RpcException.class, () -> call(method, params)).code();
    }

    @Test
    void addShowListPasswdRemove() throws RpcException {
        Map<?, ?> added = (Map<?, ?>) call("subscriber.add", "alice@example.com", "secret");
        assertEquals("alice", added.get("username"));
        assertEquals("example.com", added.get("domain"));
        assertEquals(added, call("subscriber.show", "sip:alice@example.com"));
        call("subscriber.add", "bob@other.org", "pw");
        assertEquals(2, ((List<?>) call("subscriber.list")).size());
        assertEquals(List.of(added), call("subscriber.list", "example.com"));
        assertNull(call("subscriber.passwd", "alice@example.com", "new"));
        assertNull(call("subscriber.rm", "alice@example.com"));
        assertEquals(404, fault("subscriber.show", "alice@example.com"));
    }

    @Test
    void faultsHaveClearCodes() throws RpcException {
        call("subscriber.add", "alice@example.com", "secret");
        assertEquals(409, fault("subscriber.add", "alice@example.com", "again"));
        assertEquals(400, fault("subscriber.add", "alice", "secret"));
        assertEquals(400, fault("subscriber.add", "alice@example.com"));
        assertEquals(400, fault("subscriber.add", "@example.com", "x"));
        assertEquals(400, fault("subscriber.add", "carol@example.com", "p".repeat(65)));
        assertEquals(404, fault("subscriber.passwd", "nobody@example.com", "x"));
        assertEquals(404, fault("subscriber.rm", "nobody@example.com"));
    }

    @Test
    void commandsAreListedAndRemovedOnStop() {
        assertEquals(true, rpc.methods().keySet().containsAll(List.of(SubscriberCommands.METHODS)));
        SubscriberCommands.unregister(rpc);
        assertEquals(false, rpc.methods().containsKey("subscriber.add"));
    }
}
