package io.sipcontainer.dns;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which next hops need no DNS lookup: IP literals, told apart without a regex on every request. */
class DestinationsTest {

    @Test
    void ipv4AndIpv6LiteralsAreAddresses() {
        for (String host : new String[] {"127.0.0.1", "192.0.2.255", "0.0.0.0", "::1", "[::1]", "[2001:db8::5]", "2001:db8::5"}) {
            assertTrue(Destinations.isAddress(host), host);
        }
    }

    @Test
    void namesAndNearAddressesAreNot() {
        for (String host : new String[] {"example.com", "sip1.example.test", "1.2.3", "1.2.3.4.5", "1234.1.1.1",
                "1..2.3", "1.2.3.", ".1.2.3", "1.2.3.a", "", "10.0.0.1x"}) {
            assertFalse(Destinations.isAddress(host), host);
        }
    }
}
