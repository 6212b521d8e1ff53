package io.sipcontainer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.service.ModuleParams;

class ModuleParamsTest {
    @TempDir
    Path dir;

    private ServerConfig parse(String text, Map<String, String> overrides) throws Exception {
        Path file = dir.resolve("sipcontainer.cfg");
        Files.writeString(file, text);
        return ConfigParser.parse(file, dir, overrides);
    }

    @Test
    void moduleSettingsAreTypedAndOverridable() throws Exception {
        ServerConfig c = parse("usrloc.db_mode = 1\nregistrar.use_path = yes\n", Map.of("usrloc.timer_interval", "30"));
        ModuleParams usrloc = c.moduleParams("usrloc");
        assertEquals(1, usrloc.integer("db_mode", 0, 0, 3));
        assertEquals(30, usrloc.integer("timer_interval", 60, 1, 3600));
        assertTrue(c.moduleParams("registrar").bool("use_path", false));
        assertEquals(5, c.moduleParams("nothing").integer("x", 5, 0, 9));
        c.checkAllModuleParamsRead();
    }

    @Test
    void badValueNamesFileLineAndKey() throws Exception {
        ServerConfig c = parse("# comment\nusrloc.db_mode = 7\n", Map.of());
        ConfigException e = assertThrows(ConfigException.class,
                () -> c.moduleParams("usrloc").integer("db_mode", 0, 0, 3));
        assertTrue(e.getMessage().endsWith("sipcontainer.cfg:2: usrloc.db_mode must be between 0 and 3, got 7"),
                e.getMessage());
    }

    @Test
    void settingNoModuleReadIsReportedAsUnknown() throws Exception {
        ServerConfig c = parse("usrloc.db_mode = 1\nusrloc.db_mdoe = 2\n", Map.of());
        c.moduleParams("usrloc").integer("db_mode", 0, 0, 3);
        ConfigException e = assertThrows(ConfigException.class, c::checkAllModuleParamsRead);
        assertTrue(e.getMessage().endsWith(":2: unknown key 'usrloc.db_mdoe'"), e.getMessage());
    }

    @Test
    void duplicateModuleSettingIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("a.b = 1\na.b = 2\n", Map.of()));
        assertTrue(e.getMessage().contains(":2: duplicate key 'a.b', already set at line 1"), e.getMessage());
    }
}
