package io.sipcontainer.nat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.sipcontainer.service.NatService;

class NatUacTestTest {
    /** A client that writes its real address everywhere: no test fires. */
    private static final NatUacTest PUBLIC = new NatUacTest("203.0.113.5", 5060, "203.0.113.5", 5060, "203.0.113.5",
            5060, "udp", "v=0\r\nc=IN IP4 203.0.113.5\r\nm=audio 4000 RTP/AVP 0\r\n");

    @Test
    void aClientWritingItsRealAddressIsNotBehindNatForAnyFlag() {
        assertFalse(PUBLIC.test(511));
    }

    @Test
    void flag1FiresOnAPrivateContactIncludingCarrierGradeNat() {
        assertTrue(contact("192.168.1.10", 5060).test(NatService.PRIVATE_CONTACT));
        assertTrue(contact("10.1.2.3", 5060).test(1));
        assertTrue(contact("172.31.0.1", 5060).test(1));
        assertTrue(contact("100.64.0.1", 5060).test(1));
        assertTrue(contact("192.0.0.5", 5060).test(1));
        assertFalse(contact("172.32.0.1", 5060).test(1));
        assertFalse(contact("100.128.0.1", 5060).test(1));
        assertFalse(contact("[2001:db8::1]", 5060).test(1), "IPv6 is never private for nathelper");
    }

    @Test
    void flag2ComparesTheViaAddressWithTheSource() {
        NatUacTest t = new NatUacTest(null, -1, "198.51.100.1", 5060, "203.0.113.5", 5060, "udp", null);
        assertTrue(t.test(NatService.VIA_ADDRESS_DIFFERS));
        assertFalse(new NatUacTest(null, -1, "[::1]", 5060, "0:0:0:0:0:0:0:1", 5060, "udp", null).test(2),
                "the same IPv6 address written two ways");
    }

    @Test
    void flag4FiresOnAPrivateVia() {
        assertTrue(new NatUacTest(null, -1, "192.168.0.2", 5060, "192.168.0.2", 5060, "udp", null).test(4));
        assertFalse(PUBLIC.test(NatService.PRIVATE_VIA));
    }

    @Test
    void flag8FiresOnAPrivateSdpAddressAtAnyLevel() {
        NatUacTest t = sdp("v=0\r\nc=IN IP4 203.0.113.5\r\nm=audio 4000 RTP/AVP 0\r\nc=IN IP4 10.0.0.7\r\n");
        assertTrue(t.test(NatService.PRIVATE_SDP));
        assertFalse(PUBLIC.test(8));
    }

    @Test
    void flag16ComparesTheViaPortWith5060WhenAbsent() {
        assertTrue(new NatUacTest(null, -1, "203.0.113.5", -1, "203.0.113.5", 40312, "udp", null).test(16));
        assertFalse(new NatUacTest(null, -1, "203.0.113.5", -1, "203.0.113.5", 5060, "udp", null).test(16));
    }

    @Test
    void flag32FiresOnAPrivateSource() {
        assertTrue(new NatUacTest(null, -1, null, -1, "10.9.8.7", 5060, "udp", null).test(NatService.PRIVATE_SOURCE));
    }

    @Test
    void flag64FiresOverWebSocket() {
        assertTrue(new NatUacTest(null, -1, null, -1, "203.0.113.5", 5060, "ws", null).test(NatService.WEBSOCKET));
        assertTrue(new NatUacTest(null, -1, null, -1, "203.0.113.5", 5060, "wss", null).test(64));
        assertFalse(PUBLIC.test(64));
    }

    @Test
    void flag128ComparesTheContactPortWithTheSourcePort() {
        assertTrue(contact("203.0.113.5", 5070).test(NatService.CONTACT_PORT_DIFFERS));
        assertFalse(contact("203.0.113.5", -1).test(128), "no port counts as 5060");
    }

    @Test
    void flag256FiresWhenAnSdpAddressIsNotTheSource() {
        assertTrue(sdp("v=0\r\nc=IN IP4 198.51.100.9\r\n").test(NatService.SDP_ADDRESS_DIFFERS));
        assertFalse(PUBLIC.test(256));
    }

    @Test
    void theDefaultConfigurationsNineteenIsContactViaAddressOrViaPort() {
        assertTrue(contact("192.168.1.10", 5060).test(19));
        assertTrue(new NatUacTest(null, -1, "203.0.113.5", 5060, "203.0.113.5", 40312, "udp", null).test(19));
        assertFalse(new NatUacTest(null, -1, "192.168.1.10", 5060, "192.168.1.10", 5060, "udp", null).test(19),
                "a private Via that is the source is not test 2 or 16");
    }

    private static NatUacTest contact(String host, int port) {
        return new NatUacTest(host, port, "203.0.113.5", 5060, "203.0.113.5", 5060, "udp", null);
    }

    private static NatUacTest sdp(String body) {
        return new NatUacTest(null, -1, "203.0.113.5", 5060, "203.0.113.5", 5060, "udp", body);
    }
}
