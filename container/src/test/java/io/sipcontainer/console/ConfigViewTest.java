package io.sipcontainer.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.sipcontainer.config.ServerConfig;

class ConfigViewTest {

    @Test
    void listsEveryModuleSettingWithItsOriginAndMasksSecrets() {
        ServerConfig config = ServerConfig.builder().baseDir(Path.of("/srv/sip")).nodeName("node-a")
                .moduleParam("http.admin_password", "s3cret", "conf/sipcontainer.cfg", 12)
                .moduleParam("http.rpc_token", "0123456789abcdef0123", "conf/sipcontainer.cfg", 13)
                .moduleParam("auth.secret", "xyz", "conf/sipcontainer.cfg", 20)
                .moduleParam("db.password", "pw", "-Ddb.password", 0)
                .moduleParam("usrloc.db_mode", "2", "conf/sipcontainer.cfg", 30)
                .build();
        Map<String, Object> view = ConfigView.of(config);
        List<?> modules = (List<?>) view.get("modules");
        assertTrue(modules.contains(Map.of("name", "usrloc.db_mode", "value", "2", "file", "conf/sipcontainer.cfg", "line", 30)));
        assertTrue(modules.contains(Map.of("name", "http.admin_password", "value", ConfigView.MASK,
                "file", "conf/sipcontainer.cfg", "line", 12)));
        assertTrue(modules.contains(Map.of("name", "db.password", "value", ConfigView.MASK, "file", "-Ddb.password", "line", 0)));
        String all = view.toString();
        for (String secret : List.of("s3cret", "0123456789abcdef0123", "xyz", "=pw")) {
            assertFalse(all.contains(secret), secret);
        }
        Map<?, ?> core = (Map<?, ?>) view.get("core");
        assertEquals("node-a", core.get("node_name"));
        assertEquals(Path.of("/srv/sip/deploy").toString(), core.get("deploy_dir"));
        assertEquals("1000 ms", core.get("deploy_scan_interval"));
    }

    @Test
    void readingTheViewDoesNotCountAsReadingTheSettings() {
        ServerConfig config = ServerConfig.builder().moduleParam("nosuch.param", "1").build();
        ConfigView.of(config);
        org.junit.jupiter.api.Assertions.assertThrows(io.sipcontainer.service.ConfigException.class,
                config::checkAllModuleParamsRead, "an unknown setting is still reported at start-up");
    }
}
