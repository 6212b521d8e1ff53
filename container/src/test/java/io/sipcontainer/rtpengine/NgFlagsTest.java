package io.sipcontainer.rtpengine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class NgFlagsTest {

    @Test
    void defaultConfigurationFlagsGoToTheReplaceList() {
        NgFlags f = NgFlags.parse("replace-origin replace-session-connection");
        assertEquals(Map.of("replace", List.of("origin", "session-connection")), f.keys());
    }

    @Test
    void otherWordsAreFlagsAsWrittenAsKamailioSendsThem() {
        NgFlags f = NgFlags.parse("trust-address SIP-source-address symmetric strict-source");
        assertEquals(List.of("trust-address", "SIP-source-address", "symmetric", "strict-source"), f.keys().get("flags"));
    }

    @Test
    void directionTwiceMakesAList() {
        assertEquals(List.of("priv", "pub"), NgFlags.parse("direction=priv direction=pub").keys().get("direction"));
        assertEquals(List.of("internal", "external"), NgFlags.parse("internal external").keys().get("direction"));
    }

    @Test
    void iceDtlsAndOtherKeyValuesGoToTheirKeys() {
        Map<String, Object> k = NgFlags.parse("ICE=force DTLS=off address-family=IP6 media-address=192.0.2.1 "
                + "delete-delay=0 label=caller received-from=2001:db8::5").keys();
        assertEquals("force", k.get("ICE"));
        assertEquals("off", k.get("DTLS"));
        assertEquals("IP6", k.get("address-family"));
        assertEquals("192.0.2.1", k.get("media-address"));
        assertEquals("0", k.get("delete-delay"));
        assertEquals(List.of("IP6", "2001:db8::5"), k.get("received-from"));
        assertEquals("caller", k.get("label"));
    }

    @Test
    void transportProtocolIsTakenAsWrittenOrBuiltFromShortcuts() {
        assertEquals("RTP/AVP", NgFlags.parse("RTP/AVP").keys().get("transport-protocol"));
        assertEquals("UDP/TLS/RTP/SAVPF", NgFlags.parse("UDP/TLS/RTP/SAVPF").keys().get("transport-protocol"));
        assertEquals("RTP/SAVPF", NgFlags.parse("SRTP AVPF").keys().get("transport-protocol"));
        assertEquals("RTP/AVP", NgFlags.parse("RTP").keys().get("transport-protocol"));
    }

    @Test
    void sdesRtcpMuxAndCodecFlagsBuildTheirListsAndDictionary() {
        Map<String, Object> k = NgFlags.parse("SDES-off rtcp-mux-demux codec-strip-PCMA codec-strip-G722 "
                + "codec-offer-opus codec-mask-all").keys();
        assertEquals(List.of("off"), k.get("SDES"));
        assertEquals(List.of("demux"), k.get("rtcp-mux"));
        assertEquals(Map.of("strip", List.of("PCMA", "G722"), "offer", List.of("opus"), "mask", List.of("all")),
                k.get("codec"));
    }

    @Test
    void toTagAndViaBranchSteerTheMessageTagsRatherThanTheCommand() {
        NgFlags f = NgFlags.parse("to-tag via-branch=2");
        assertTrue(f.includeToTag());
        assertEquals("2", f.viaBranch());
        assertTrue(f.keys().isEmpty());
    }

    @Test
    void unknownTokensAreFlagsAsWritten() {
        assertEquals(List.of("record-call-x", "asymmetric"), NgFlags.parse("record-call-x asymmetric").keys().get("flags"));
    }

    @Test
    void blankGivesNoFlags() {
        assertEquals(NgFlags.NONE, NgFlags.parse("  "));
        assertNull(NgFlags.parse(null).viaBranch());
    }

    @Test
    void unusableTokensAreRefusedByName() {
        for (String bad : List.of("direction=", "=x", "via-branch=3", "codec-strip-", "codec-foo-PCMU")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NgFlags.parse(bad), bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void commandCarriesTagsSourceSupportsAndFlagsWhichMayOverrideThem() {
        Map<String, Object> d = NgCommands.build("answer",
                new io.sipcontainer.service.MediaRelayService.MediaCall("cid", "ft", "tt", null, "192.0.2.9"), "v=0",
                NgFlags.parse("trust-address call-id=other"));
        assertEquals("answer", d.get("command"));
        assertEquals("other", d.get("call-id"));
        assertEquals("ft", d.get("from-tag"));
        assertEquals("tt", d.get("to-tag"));
        assertEquals("v=0", d.get("sdp"));
        assertEquals(List.of("load limit"), d.get("supports"));
        assertEquals(List.of("IP4", "192.0.2.9"), d.get("received-from"));
        assertEquals(List.of("trust-address"), d.get("flags"));
    }

    @Test
    void deleteNamesTheToTagOnlyWithTheToTagFlag() {
        var call = new io.sipcontainer.service.MediaRelayService.MediaCall("cid", "ft", "tt", null, "2001:db8::1");
        assertTrue(!NgCommands.build("delete", call, null, NgFlags.NONE).containsKey("to-tag"));
        Map<String, Object> d = NgCommands.build("delete", call, null, NgFlags.parse("to-tag"));
        assertEquals("tt", d.get("to-tag"));
        assertEquals(List.of("IP6", "2001:db8::1"), d.get("received-from"));
    }
}
