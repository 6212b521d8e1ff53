package io.sipcontainer.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.sipcontainer.service.ConfigException;

/** Kamailio's list file format, and where a bad line is reported. */
class ListFileTest {

    @Test
    void readsEveryColumnAndSkipsCommentsAndBlankLines() throws Exception {
        List<ListEntry> entries = ListFile.parse("dispatcher.list", List.of(
                "# gateways",
                "",
                "1 sip:10.0.0.1:5060",
                "1 sip:10.0.0.2:5060 8 10 weight=50;duid=gw2;  # trailing comment",
                "2 10.0.0.3 0 5"));
        assertEquals(3, entries.size());
        ListEntry second = entries.get(1);
        assertEquals(1, second.setId());
        assertEquals("sip:10.0.0.2:5060", second.uri());
        assertEquals(DsFlags.PROBING, second.flags());
        assertEquals(10, second.priority());
        assertEquals("weight=50;duid=gw2", second.attrs().body());
        assertEquals(50, second.attrs().weight());
        assertEquals("gw2", second.attrs().duid());
        assertEquals("dispatcher.list:4", second.where());
        assertEquals("sip:10.0.0.3", entries.get(2).uri(), "a URI without scheme gets sip: as in Kamailio");
    }

    @Test
    void weightOutOfRangeCountsAsNone() {
        assertEquals(0, Attrs.parse("weight=150").weight());
        assertEquals(0, Attrs.parse("rweight=0").rweight());
        assertEquals(100, Attrs.parse("rweight=100").rweight());
    }

    @Test
    void badLinesStopWithFileLineAndReason() {
        ConfigException noUri = assertThrows(ConfigException.class,
                () -> ListFile.parse("d.list", List.of("1 sip:a", "2")));
        assertEquals("d.list:2: expected 'setid uri [flags [priority [attrs]]]'", noUri.getMessage());
        ConfigException badSet = assertThrows(ConfigException.class,
                () -> ListFile.parse("d.list", List.of("x sip:a")));
        assertEquals("d.list:1: set id must be a non-negative integer, got 'x'", badSet.getMessage());
        ConfigException badFlags = assertThrows(ConfigException.class,
                () -> ListFile.parse("d.list", List.of("", "1 sip:a fast")));
        assertEquals("d.list:2: flags must be a non-negative integer, got 'fast'", badFlags.getMessage());
        ConfigException badUri = assertThrows(ConfigException.class,
                () -> ListFile.parse("d.list", List.of("1 sip:host:port")));
        assertEquals("d.list:1: bad SIP URI 'sip:host:port'", badUri.getMessage());
        ConfigException extra = assertThrows(ConfigException.class,
                () -> ListFile.parse("d.list", List.of("1 sip:a 0 0 duid=x more")));
        assertEquals("d.list:1: unexpected text after the attributes: 'more'", extra.getMessage());
    }

    @Test
    void hashKeyOfAUriLeavesOutTheDefaultPort() {
        assertEquals("atlanta.com", HostPort.of("sip:alice@atlanta.com").hostKey());
        assertEquals("atlanta.com", HostPort.of("sip:alice@atlanta.com:5060;transport=udp").hostKey());
        assertEquals("atlanta.com:5070", HostPort.of("sip:alice@atlanta.com:5070").hostKey());
        assertEquals("atlanta.com", HostPort.of("sips:alice@atlanta.com:5061").hostKey());
        assertEquals("[2001:db8::1]:5080", HostPort.of("<sip:bob@[2001:db8::1]:5080>").hostKey());
        assertEquals("alice", HostPort.of("sip:alice:secret@atlanta.com").user());
    }
}
