package io.sipcontainer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The JSON of the JSON-RPC endpoint, the console API and sipctl: what reads, what is refused, how it is written. */
class JsonBodiesTest {

    @Test
    void readsEveryKindOfValueKeepingMemberOrder() throws Exception {
        Object v = JsonBodies.parse(" {\"b\":[1,-2.5e1,true,false,null],\"a\":\"x\\u00e9\\n\\\"\\/\",\"c\":{}} ");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("b", Arrays.asList(1L, -25.0, true, false, null));
        expected.put("a", "x\u00e9\n\"/");
        expected.put("c", Map.of());
        assertEquals(expected, v);
        assertEquals(List.of("b", "a", "c"), List.copyOf(((Map<?, ?>) v).keySet()));
    }

    @Test
    void repliesReadFractionsExactly() throws Exception {
        Map<?, ?> m = (Map<?, ?>) JsonBodies.parseReply("{\"a\": [1, -2, 3.5, 1e3], \"n\": null}");
        assertEquals(List.of(1L, -2L, new BigDecimal("3.5"), new BigDecimal("1e3")), m.get("a"));
        assertTrue(m.containsKey("n"));
    }

    @Test
    void refusesWhatIsNotExactlyOneJsonValueSayingWhere() {
        for (String bad : List.of("", "{", "{\"a\":}", "[1,]", "{a:1}", "01", "1.", "\"tab\there\"", "{} {}",
                "tru", "'x'", "[1 2]", "{\"a\" 1}", "\"\\x\"", "\"open", "{\"a\":1,}", "NaN")) {
            JsonBodies.MalformedJson e = assertThrows(JsonBodies.MalformedJson.class, () -> JsonBodies.parse(bad), bad);
            assertThrows(JsonBodies.MalformedJson.class, () -> JsonBodies.parseReply(bad), bad);
            if (!bad.isEmpty()) {
                assertTrue(e.getMessage().contains("offset"), e.getMessage());
            }
        }
    }

    @Test
    void refusesRequestsNestedTooDeepOrTooLong() throws Exception {
        String deep = "[".repeat(JsonBodies.MAX_DEPTH + 2) + "]".repeat(JsonBodies.MAX_DEPTH + 2);
        assertThrows(JsonBodies.MalformedJson.class, () -> JsonBodies.parse(deep));
        String shallowEnough = "[".repeat(JsonBodies.MAX_DEPTH) + "]".repeat(JsonBodies.MAX_DEPTH);
        assertTrue(JsonBodies.parse(shallowEnough) instanceof List, "as deep as allowed");
        String longString = "\"" + "x".repeat(JsonBodies.MAX_LENGTH + 1) + "\"";
        assertThrows(JsonBodies.MalformedJson.class, () -> JsonBodies.parse(longString));
        assertEquals(JsonBodies.MAX_LENGTH + 1, ((String) JsonBodies.parseReply(longString)).length(),
                "a server's answer is not held to a client's limits");
    }

    @Test
    void writesCompactJsonWithEscapesAndWholeNumbersAsIntegers() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b\\c\n\u0001\u2028");
        m.put("n", Arrays.asList(1, 2L, 1.5, 3.0, Double.NaN, Float.POSITIVE_INFINITY, new BigDecimal("1.5")));
        m.put("t", true);
        m.put("z", null);
        m.put("arr", new Object[] {"x"});
        m.put("other", new Thread.State[] {Thread.State.NEW});
        assertEquals("{\"s\":\"a\\\"b\\\\c\\n\\u0001\\u2028\",\"n\":[1,2,1.5,3,null,null,1.5],\"t\":true,\"z\":null,"
                + "\"arr\":[\"x\"],\"other\":[\"NEW\"]}", JsonBodies.write(m));
    }

    @Test
    void objectsThatAreNotJsonValuesAreWrittenAsTheirString() {
        record Point(int x, int y) {
        }
        assertEquals("[\"Point[x=1, y=2]\"]", JsonBodies.write(List.of(new Point(1, 2))));
        assertEquals("\"PT1S\"", JsonBodies.write(java.time.Duration.ofSeconds(1)));
    }

    @Test
    void prettyIndentsTwoSpacesAndReadsBack() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", 7L);
        m.put("list", List.of("a\tb", 1.5, true));
        m.put("empty", Map.of());
        m.put("none", null);
        m.put("nothing", List.of());
        String pretty = JsonBodies.pretty(m);
        assertEquals("""
                {
                  "id": 7,
                  "list": [
                    "a\\tb",
                    1.5,
                    true
                  ],
                  "empty": {},
                  "none": null,
                  "nothing": []
                }""", pretty);
        Map<?, ?> back = (Map<?, ?>) JsonBodies.parseReply(pretty);
        assertEquals(7L, back.get("id"));
        assertEquals(List.of("a\tb", new BigDecimal("1.5"), true), back.get("list"));
    }

    @Test
    void whatIsWrittenReadsBackTheSame() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", List.of("v", 7L, Map.of("x", false)));
        assertEquals(m, JsonBodies.parse(JsonBodies.write(m)));
    }
}
