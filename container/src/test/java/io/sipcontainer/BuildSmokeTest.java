package io.sipcontainer;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

class BuildSmokeTest {
    @Test
    void jainSipIsOnTheClasspath() throws Exception {
        assertNotNull(Class.forName("gov.nist.javax.sip.SipStackImpl"));
    }
}
