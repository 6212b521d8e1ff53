package io.sipcontainer.jsonrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sipcontainer.http.JsonBodies;
import io.sipcontainer.rpc.DefaultRpcRegistry;
import io.sipcontainer.service.RpcException;

class JsonRpcDispatcherTest {
    private DefaultRpcRegistry registry;
    private JsonRpcDispatcher dispatcher;

    @BeforeEach
    void setUp() {
        registry = new DefaultRpcRegistry();
        registry.register("test.sum", "", p -> p.integer(0) + p.integer(1));
        registry.register("test.fail", "", p -> {
            throw new RpcException(404, "AOR not found");
        });
        registry.register("test.low", "", p -> {
            throw new RpcException(42, "odd");
        });
        registry.register("test.nothing", "", p -> null);
        AdminCommands.register(registry);
        dispatcher = new JsonRpcDispatcher(registry);
    }

    private Map<?, ?> body(JsonRpcDispatcher.Reply reply) throws Exception {
        return (Map<?, ?>) JsonBodies.parse(reply.body());
    }

    @Test
    void successCarriesTheResultAndTheIdAsGiven() throws Exception {
        JsonRpcDispatcher.Reply r = dispatcher.dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"test.sum\",\"params\":[2,\"3\"],\"id\":\"abc\"}");
        assertEquals(200, r.status());
        assertEquals("{\"jsonrpc\":\"2.0\",\"result\":5,\"id\":\"abc\"}", r.body());
    }

    @Test
    void namedParametersArePassedInWrittenOrder() throws Exception {
        JsonRpcDispatcher.Reply r = dispatcher.dispatch(
                "{\"jsonrpc\":\"2.0\",\"method\":\"core.echo\",\"params\":{\"b\":1,\"a\":\"x\"},\"id\":1}");
        assertEquals(List.of(1L, "x"), body(r).get("result"));
    }

    @Test
    void aCommandWithoutResultAnswersAnEmptyObject() throws Exception {
        JsonRpcDispatcher.Reply r = dispatcher.dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"test.nothing\",\"id\":1}");
        assertEquals(Map.of(), body(r).get("result"));
    }

    @Test
    void faultCodeIsTheHttpStatus() throws Exception {
        JsonRpcDispatcher.Reply r = dispatcher.dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"test.fail\",\"id\":7}");
        assertEquals(404, r.status());
        assertEquals("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":404,\"message\":\"AOR not found\"},\"id\":7}", r.body());
    }

    @Test
    void faultCodesUpTo100AnswerHttp500() {
        JsonRpcDispatcher.Reply r = dispatcher.dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"test.low\",\"id\":7}");
        assertEquals(500, r.status());
        assertEquals(500, JsonRpcDispatcher.httpStatus(100));
        assertEquals(500, JsonRpcDispatcher.httpStatus(-32700));
        assertEquals(500, JsonRpcDispatcher.httpStatus(1000));
        assertEquals(101, JsonRpcDispatcher.httpStatus(101));
    }

    @Test
    void unknownMethodIs500MethodNotFound() throws Exception {
        JsonRpcDispatcher.Reply r = dispatcher.dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"no.such\",\"id\":1}");
        assertEquals(500, r.status());
        assertEquals(Map.of("code", 500L, "message", "Method Not Found"), body(r).get("error"));
    }

    @Test
    void unreadableJsonIsParseError() throws Exception {
        JsonRpcDispatcher.Reply r = dispatcher.dispatch("{\"jsonrpc\":\"2.0\",");
        assertEquals(500, r.status());
        assertEquals(Map.of("code", -32700L, "message", "Parse Error"), body(r).get("error"));
        assertEquals(true, body(r).containsKey("id"));
    }

    @Test
    void documentsThatAreNotRequestsAreInvalidRequest() throws Exception {
        for (String bad : List.of("[1]", "{\"method\":\"core.echo\",\"id\":1}",
                "{\"jsonrpc\":\"1.0\",\"method\":\"core.echo\",\"id\":1}",
                "{\"jsonrpc\":\"2.0\",\"method\":5,\"id\":1}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"core.echo\",\"params\":\"x\",\"id\":1}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"core.echo\",\"id\":[1]}")) {
            JsonRpcDispatcher.Reply r = dispatcher.dispatch(bad);
            assertEquals(500, r.status(), bad);
            assertEquals(Map.of("code", -32600L, "message", "Invalid Request"), body(r).get("error"), bad);
        }
    }

    @Test
    void aRequestWithoutIdGetsAReplyWithoutId() throws Exception {
        JsonRpcDispatcher.Reply r = dispatcher.dispatch("{\"jsonrpc\":\"2.0\",\"method\":\"core.echo\",\"params\":[1]}");
        assertEquals("{\"jsonrpc\":\"2.0\",\"result\":[1]}", r.body());
    }
}
