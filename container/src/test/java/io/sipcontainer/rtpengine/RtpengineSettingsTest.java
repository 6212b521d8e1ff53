package io.sipcontainer.rtpengine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.sipcontainer.config.ServerConfig;
import io.sipcontainer.service.ConfigException;

class RtpengineSettingsTest {

    private static RtpengineSettings read(String... keyValues) throws ConfigException {
        ServerConfig.Builder b = ServerConfig.builder();
        for (int i = 0; i < keyValues.length; i += 2) {
            b.moduleParam("rtpengine." + keyValues[i], keyValues[i + 1], "sipcontainer.cfg", 70 + i);
        }
        return RtpengineSettings.read(b.build().moduleParams("rtpengine"));
    }

    @Test
    void kamailioDefaultsAndOffWithoutASocket() throws Exception {
        RtpengineSettings s = read();
        assertFalse(s.enabled());
        assertEquals(1000, s.timeoutMillis());
        assertEquals(5, s.retries());
        assertEquals(60, s.disableTimeoutSeconds());
        assertEquals(3600, s.hashTableTimeoutSeconds());
    }

    @Test
    void writtenValuesAreTaken() throws Exception {
        RtpengineSettings s = read("rtpengine_sock", "udp:127.0.0.1:2223=2", "rtpengine_tout_ms", "200",
                "rtpengine_retr", "2", "rtpengine_disable_tout", "10", "server_id", "node-1");
        assertTrue(s.enabled());
        assertEquals(200, s.timeoutMillis());
        assertEquals(2, s.retries());
        assertEquals(10, s.disableTimeoutSeconds());
        assertEquals("node-1", s.serverId());
    }

    @Test
    void badValuesNameFileLineAndKey() {
        ConfigException sock = assertThrows(ConfigException.class, () -> read("rtpengine_sock", "udp:127.0.0.1:0"));
        assertTrue(sock.getMessage().contains("sipcontainer.cfg:70") && sock.getMessage().contains("rtpengine.rtpengine_sock")
                && sock.getMessage().contains("between 1 and 65535"), sock.getMessage());
        ConfigException tout = assertThrows(ConfigException.class, () -> read("rtpengine_tout_ms", "0"));
        assertTrue(tout.getMessage().contains("rtpengine.rtpengine_tout_ms"), tout.getMessage());
        ConfigException id = assertThrows(ConfigException.class, () -> read("server_id", "a b"));
        assertTrue(id.getMessage().contains("rtpengine.server_id"), id.getMessage());
    }
}
