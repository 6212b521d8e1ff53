package io.sipcontainer.apps.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.sipcontainer.service.ModuleParams;

/** route[NATMANAGE]'s choice of rtpengine flags: SIP-source-address for an SDP with a private address. */
class MediaRelayingFlagsTest {

    @Test
    void aPrivateSdpAddsSipSourceAddressInFrontOfTheFlags() throws Exception {
        MediaRelaying media = MediaRelaying.read(ModuleParams.empty("proxy"), null);
        assertEquals("replace-origin replace-session-connection", media.flagsFor(null));
        assertEquals("SIP-source-address replace-origin replace-session-connection",
                media.withSourceAddressWhen(m -> true).flagsFor(null));
        assertEquals("replace-origin replace-session-connection",
                media.withSourceAddressWhen(m -> false).flagsFor(null));
    }
}
