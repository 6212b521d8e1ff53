package io.sipcontainer.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.ModuleParams;

class ClusterSettingsTest {

    private static ModuleParams params(String... kv) {
        Map<String, ModuleParams.Value> values = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            values.put(kv[i], new ModuleParams.Value(kv[i + 1], "sipcontainer.cfg", 40 + i));
        }
        return ModuleParams.of("cluster", values, new HashSet<>());
    }

    @Test
    void theDefaultIsAClusterOfOneOnLoopbackWithOneBackup() throws Exception {
        ClusterSettings s = ClusterSettings.read(params());
        assertTrue(s.enabled());
        assertFalse(s.client());
        assertEquals("127.0.0.1", s.host());
        assertEquals(5701, s.port());
        assertEquals(List.of(), s.members());
        assertEquals(1, s.backupCount());
        assertFalse(s.replicateEarly());
    }

    @Test
    void membersAreAListOfHostAndPort() throws Exception {
        ClusterSettings s = ClusterSettings.read(params("members", " 10.0.0.1:5701, 10.0.0.2 ,[::1]:5702"));
        assertEquals(List.of("10.0.0.1:5701", "10.0.0.2", "[::1]:5702"), s.members());
    }

    @Test
    void badValuesNameTheFileLineAndKey() {
        ConfigException port = assertThrows(ConfigException.class,
                () -> ClusterSettings.read(params("members", "10.0.0.1:99999")));
        assertTrue(port.getMessage().contains("cluster.members"), port.getMessage());
        assertTrue(port.getMessage().contains("sipcontainer.cfg"), port.getMessage());
        ConfigException client = assertThrows(ConfigException.class, () -> ClusterSettings.read(params("mode", "client")));
        assertTrue(client.getMessage().contains("cluster.members"), client.getMessage());
        assertThrows(ConfigException.class, () -> ClusterSettings.read(params("backup_count", "7")));
        assertThrows(ConfigException.class, () -> ClusterSettings.read(params("mode", "observer")));
    }
}
