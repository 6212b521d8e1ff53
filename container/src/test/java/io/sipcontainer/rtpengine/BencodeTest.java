package io.sipcontainer.rtpengine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BencodeTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void pingCommandEncodesAsTheProtocolDocumentsIt() {
        assertArrayEquals(ascii("d7:command4:pinge"), Bencode.encode(Map.of("command", "ping")));
    }

    @Test
    void nestedValuesEncodeInTheOrderGiven() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("command", "offer");
        d.put("flags", List.of("trust address"));
        d.put("n", 42);
        d.put("neg", -7L);
        assertEquals("d7:command5:offer5:flagsl13:trust addresse1:ni42e3:negi-7ee",
                new String(Bencode.encode(d), StandardCharsets.UTF_8));
    }

    @Test
    void stringLengthsCountUtf8Bytes() {
        assertEquals("2:\u00e9", new String(Bencode.encode("\u00e9"), StandardCharsets.UTF_8));
    }

    @Test
    void replyDecodesToMapsListsStringsAndLongs() throws Exception {
        Object v = Bencode.decode(ascii("d6:result2:ok4:tagsd1:ali1ei-2eee3:sdp3:v=0e"));
        assertEquals(Map.of("result", "ok", "tags", Map.of("a", List.of(1L, -2L)), "sdp", "v=0"), v);
    }

    @Test
    void decodingARangeOfADatagramSkipsTheCookie() throws Exception {
        byte[] datagram = ascii("5_1_9 d6:result4:ponge");
        assertEquals(Map.of("result", "pong"), Bencode.decode(datagram, 6, datagram.length));
    }

    @Test
    void roundTripKeepsEveryValue() throws Exception {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("sdp", "v=0\r\nm=audio 4000 RTP/AVP 0\r\n");
        d.put("list", List.of("x", 1L, Map.of("k", "v")));
        assertEquals(d, Bencode.decode(Bencode.encode(d)));
    }

    @Test
    void malformedInputIsRefusedWithItsPosition() {
        for (String bad : List.of("", "d", "i12", "ie", "5:abc", "d1:ae", "di1e1:ae", "x", "i1ei2e", "l", "i1x2e",
                "99999999999999999999:a")) {
            Bencode.BencodeException e = assertThrows(Bencode.BencodeException.class, () -> Bencode.decode(ascii(bad)),
                    bad);
            assertTrue(e.getMessage().contains("at byte"), e.getMessage());
        }
    }

    @Test
    void deepNestingIsRefusedRatherThanOverflowingTheStack() {
        String deep = "l".repeat(10_000) + "e".repeat(10_000);
        assertThrows(Bencode.BencodeException.class, () -> Bencode.decode(ascii(deep)));
    }

    @Test
    void valuesBencodeCannotHoldAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Bencode.encode(1.5));
        assertThrows(IllegalArgumentException.class, () -> Bencode.encode(Map.of(1, "a")));
    }
}
