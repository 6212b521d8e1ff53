package io.sipcontainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The tool's own JSON reader and writer. */
class JsonTest {

    @Test
    void parsesEveryKindOfValue() {
        Object v = Json.parse(" {\"a\": [1, -2, 3.5, 1e3], \"b\": {\"c\": null, \"d\": true, \"e\": false},"
                + " \"s\": \"x\\\"y\\\\z\\n\\u00e9\\/\"} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of(1L, -2L, new BigDecimal("3.5"), new BigDecimal("1e3")), m.get("a"));
        Map<?, ?> b = (Map<?, ?>) m.get("b");
        assertEquals(Arrays.asList(null, true, false), Arrays.asList(b.get("c"), b.get("d"), b.get("e")));
        assertEquals(true, b.containsKey("c"));
        assertEquals("x\"y\\z\né/", m.get("s"));
        assertEquals(List.of("a", "b", "s"), List.copyOf(m.keySet()), "document order is kept");
    }

    @Test
    void writesCompactAndIndentedJsonThatParsesBack() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", 7L);
        m.put("list", List.of("a\tb", 1.5, true));
        m.put("empty", Map.of());
        m.put("none", null);
        assertEquals("{\"id\":7,\"list\":[\"a\\tb\",1.5,true],\"empty\":{},\"none\":null}", Json.write(m));
        String pretty = Json.pretty(m);
        assertEquals("""
                {
                  "id": 7,
                  "list": [
                    "a\\tb",
                    1.5,
                    true
                  ],
                  "empty": {},
                  "none": null
                }""", pretty);
        Map<?, ?> back = (Map<?, ?>) Json.parse(pretty);
        assertEquals(7L, back.get("id"));
        assertEquals(List.of("a\tb", new BigDecimal("1.5"), true), back.get("list"));
    }

    @Test
    void malformedJsonIsRefusedWithTheOffset() {
        for (String bad : new String[] {"", "{", "[1,]", "{\"a\" 1}", "\"open", "tru", "1 2", "{\"a\":1,}", "\"\\x\""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertEquals(true, e.getMessage().contains("offset"), e.getMessage());
        }
    }
}
