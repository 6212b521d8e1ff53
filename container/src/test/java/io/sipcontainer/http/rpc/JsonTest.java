package io.sipcontainer.http.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsEveryKindOfValueKeepingMemberOrder() throws Exception {
        Object v = Json.parse(" {\"b\":[1,-2.5e1,true,false,null],\"a\":\"x\\u00e9\\n\\\"\",\"c\":{}} ");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("b", java.util.Arrays.asList(1L, -25.0, true, false, null));
        expected.put("a", "x\u00e9\n\"");
        expected.put("c", Map.of());
        assertEquals(expected, v);
        assertEquals(List.of("b", "a", "c"), List.copyOf(((Map<?, ?>) v).keySet()));
    }

    @Test
    void refusesWhatIsNotExactlyOneJsonValue() {
        for (String bad : List.of("", "{", "{\"a\":}", "[1,]", "{a:1}", "01", "1.", "\"tab\there\"", "{} {}",
                "tru", "'x'", "[1 2]", "{\"a\" 1}", "\"\\x\"")) {
            assertThrows(Json.JsonException.class, () -> Json.parse(bad), bad);
        }
    }

    @Test
    void refusesDocumentsNestedTooDeep() {
        String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
        assertThrows(Json.JsonException.class, () -> Json.parse(deep));
    }

    @Test
    void writesCompactJsonWithEscapes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a\"b\\c\n\u0001");
        m.put("n", List.of(1, 2L, 1.5, 3.0, Double.NaN));
        m.put("t", true);
        m.put("z", null);
        m.put("arr", new Object[] {"x"});
        assertEquals("{\"s\":\"a\\\"b\\\\c\\n\\u0001\",\"n\":[1,2,1.5,3,null],\"t\":true,\"z\":null,\"arr\":[\"x\"]}",
                Json.write(m));
    }

    @Test
    void whatIsWrittenReadsBackTheSame() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", List.of("v", 7L, Map.of("x", false)));
        assertEquals(m, Json.parse(Json.write(m)));
    }
}
