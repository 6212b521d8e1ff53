package io.sipcontainer.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class ProxyProtocolReaderTest {
    private static final byte[] SIP = "OPTIONS sip:x SIP/2.0\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    @Test
    void v1Tcp4HeaderGivesTheSourceAndTheBytesAfterIt() {
        ProxyProtocolReader.Result r = new ProxyProtocolReader().feed(concat(ascii("PROXY TCP4 192.0.2.7 10.0.0.1 40000 5060\r\n"), SIP));
        assertEquals(ProxyProtocolReader.Status.FOUND, r.status());
        assertEquals(new InetSocketAddress("192.0.2.7", 40000), r.source());
        assertArrayEquals(SIP, r.rest());
    }

    @Test
    void v1Tcp6HeaderSplitOverSeveralReads() throws Exception {
        ProxyProtocolReader reader = new ProxyProtocolReader();
        byte[] all = concat(ascii("PROXY TCP6 2001:db8::7 2001:db8::1 40000 5060\r\n"), SIP);
        assertEquals(ProxyProtocolReader.Status.NEED_MORE, reader.feed(Arrays.copyOfRange(all, 0, 3)).status());
        assertEquals(ProxyProtocolReader.Status.NEED_MORE, reader.feed(Arrays.copyOfRange(all, 3, 20)).status());
        ProxyProtocolReader.Result r = reader.feed(Arrays.copyOfRange(all, 20, all.length));
        assertEquals(new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 40000), r.source());
        assertArrayEquals(SIP, r.rest());
    }

    @Test
    void v1UnknownKeepsTheConnectionsAddress() {
        ProxyProtocolReader.Result r = new ProxyProtocolReader().feed(concat(ascii("PROXY UNKNOWN\r\n"), SIP));
        assertEquals(ProxyProtocolReader.Status.FOUND, r.status());
        assertNull(r.source());
        assertArrayEquals(SIP, r.rest());
    }

    @Test
    void v2Ipv4AndIpv6Headers() throws Exception {
        ByteBuffer v4 = ByteBuffer.allocate(16 + 12);
        v4.put(SIGNATURE).put((byte) 0x21).put((byte) 0x11).putShort((short) 12)
                .put(InetAddress.getByName("192.0.2.9").getAddress()).put(InetAddress.getByName("10.0.0.1").getAddress())
                .putShort((short) 50000).putShort((short) 5060);
        ProxyProtocolReader.Result r = new ProxyProtocolReader().feed(concat(v4.array(), SIP));
        assertEquals(new InetSocketAddress("192.0.2.9", 50000), r.source());
        assertArrayEquals(SIP, r.rest());

        ByteBuffer v6 = ByteBuffer.allocate(16 + 36 + 5);
        v6.put(SIGNATURE).put((byte) 0x21).put((byte) 0x21).putShort((short) 41)
                .put(InetAddress.getByName("2001:db8::9").getAddress()).put(InetAddress.getByName("::1").getAddress())
                .putShort((short) 50001).putShort((short) 5060).put(new byte[] {0x04, 0, 2, 'x', 'y'}); // a TLV, skipped
        ProxyProtocolReader reader = new ProxyProtocolReader();
        byte[] all = concat(v6.array(), SIP);
        assertEquals(ProxyProtocolReader.Status.NEED_MORE, reader.feed(Arrays.copyOfRange(all, 0, 14)).status());
        r = reader.feed(Arrays.copyOfRange(all, 14, all.length));
        assertEquals(new InetSocketAddress(InetAddress.getByName("2001:db8::9"), 50001), r.source());
        assertArrayEquals(SIP, r.rest());
    }

    @Test
    void v2LocalCommandKeepsTheConnectionsAddress() {
        ByteBuffer local = ByteBuffer.allocate(16);
        local.put(SIGNATURE).put((byte) 0x20).put((byte) 0x00).putShort((short) 0);
        ProxyProtocolReader.Result r = new ProxyProtocolReader().feed(concat(local.array(), SIP));
        assertEquals(ProxyProtocolReader.Status.FOUND, r.status());
        assertNull(r.source());
        assertArrayEquals(SIP, r.rest());
    }

    @Test
    void sipWithoutAHeaderPassesUntouched() {
        ProxyProtocolReader.Result r = new ProxyProtocolReader().feed(SIP);
        assertEquals(ProxyProtocolReader.Status.NONE, r.status());
        assertArrayEquals(SIP, r.rest());
        // a CRLF keepalive first is not mistaken for the v2 signature once it differs
        r = new ProxyProtocolReader().feed(ascii("\r\n\r\nOPTIONS"));
        assertEquals(ProxyProtocolReader.Status.NONE, r.status());
    }

    @Test
    void malformedHeadersAreInvalid() {
        assertEquals(ProxyProtocolReader.Status.INVALID,
                new ProxyProtocolReader().feed(ascii("PROXY TCP4 not-an-ip 10.0.0.1 1 2\r\n")).status());
        assertEquals(ProxyProtocolReader.Status.INVALID,
                new ProxyProtocolReader().feed(ascii("PROXY " + "x".repeat(120))).status());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
