package io.sipcontainer.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** STUN on the SIP UDP socket (RFC 5626 4.4.2, RFC 5389): what is answered, how, and what is dropped. */
class StunKeepAliveTest {
    private static final byte[] ID = "abcdefghijkl".getBytes(StandardCharsets.US_ASCII);

    private static byte[] request(int type, int... attributes) {
        ByteBuffer b = ByteBuffer.allocate(20 + 8 * attributes.length);
        b.putShort((short) type).putShort((short) (8 * attributes.length)).putInt(StunKeepAlive.MAGIC_COOKIE).put(ID);
        for (int a : attributes) {
            b.putShort((short) a).putShort((short) 4).putInt(0);
        }
        return b.array();
    }

    @Test
    void sipAndCrlfAreNotStunButTheZeroToThreeFirstBytesAre() {
        assertFalse(StunKeepAlive.isStun("OPTIONS".getBytes(StandardCharsets.US_ASCII), 7));
        assertFalse(StunKeepAlive.isStun("\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 4));
        assertTrue(StunKeepAlive.isStun(new byte[4], 4));
        assertTrue(StunKeepAlive.isStun(request(StunKeepAlive.BINDING_REQUEST), 20));
    }

    @Test
    void anIpv6SourceIsXoredWithTheCookieAndTheTransactionId() throws Exception {
        InetAddress source = InetAddress.getByName("2001:db8::1");
        ByteBuffer r = ByteBuffer.wrap(StunKeepAlive.reply(request(StunKeepAlive.BINDING_REQUEST), 20, source, 5060));
        assertEquals(StunKeepAlive.BINDING_SUCCESS, r.getShort(0) & 0xFFFF);
        assertEquals(StunKeepAlive.XOR_MAPPED_ADDRESS, r.getShort(20) & 0xFFFF);
        assertEquals(20, r.getShort(22));
        assertEquals(0x02, r.get(25), "IPv6 family");
        assertEquals(5060, (r.getShort(26) & 0xFFFF) ^ 0x2112);
        byte[] mask = ByteBuffer.allocate(16).putInt(StunKeepAlive.MAGIC_COOKIE).put(ID).array();
        byte[] address = new byte[16];
        for (int i = 0; i < 16; i++) {
            address[i] = (byte) (r.get(28 + i) ^ mask[i]);
        }
        assertArrayEquals(source.getAddress(), address);
    }

    @Test
    void anUnknownComprehensionRequiredAttributeGets420NamingIt() throws Exception {
        ByteBuffer r = ByteBuffer.wrap(StunKeepAlive.reply(request(StunKeepAlive.BINDING_REQUEST, 0x0777, 0x8777), 28
                + 8, InetAddress.getLoopbackAddress(), 5060));
        assertEquals(StunKeepAlive.BINDING_ERROR, r.getShort(0) & 0xFFFF);
        assertEquals(StunKeepAlive.ERROR_CODE, r.getShort(20) & 0xFFFF);
        assertEquals(4, r.get(26));
        assertEquals(20, r.get(27));
        int unknownAt = 24 + 24; // ERROR-CODE: 4 + "Unknown Attribute" padded to 20
        assertEquals(StunKeepAlive.UNKNOWN_ATTRIBUTES, r.getShort(unknownAt) & 0xFFFF);
        assertEquals(2, r.getShort(unknownAt + 2), "only the comprehension-required one");
        assertEquals(0x0777, r.getShort(unknownAt + 4) & 0xFFFF);
        assertEquals(r.limit() - 20, r.getShort(2));
    }

    @Test
    void indicationsResponsesAndBrokenMessagesAreDroppedAndCounted() {
        StunKeepAlive stun = new StunKeepAlive();
        InetAddress source = InetAddress.getLoopbackAddress();
        assertNull(stun.answer(request(0x0011), 20, source, 1), "a Binding indication gets nothing");
        assertNull(stun.answer(request(StunKeepAlive.BINDING_SUCCESS), 20, source, 1));
        assertNull(stun.answer(new byte[4], 4, source, 1), "a zero ping");
        byte[] wrongLength = request(StunKeepAlive.BINDING_REQUEST, 0x8022);
        assertNull(stun.answer(wrongLength, 20, source, 1), "the length field says more than arrived");
        assertEquals(4, stun.dropped());
        assertEquals(0, stun.answered());
        stun.answer(request(StunKeepAlive.BINDING_REQUEST), 20, source, 1);
        assertEquals(1, stun.answered());
    }
}
