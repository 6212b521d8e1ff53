package io.sipcontainer.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

class PingTargetTest {

    @Test
    void readsHostAndPortOfAReceivedOrContactUri() {
        assertEquals(new InetSocketAddress("127.0.0.1", 40312), PingTarget.of("sip:127.0.0.1:40312"));
        assertEquals(new InetSocketAddress("127.0.0.1", 5060), PingTarget.of("sip:alice@127.0.0.1;ob"));
        assertEquals(new InetSocketAddress("::1", 5070), PingTarget.of("sip:bob@[::1]:5070;transport=udp"));
    }

    @Test
    void onlyUdpIsPinged() {
        assertNull(PingTarget.of("sip:127.0.0.1:5060;transport=tcp"));
        assertNull(PingTarget.of("sips:127.0.0.1:5061"));
        assertNull(PingTarget.of("tel:+123"));
    }
}
