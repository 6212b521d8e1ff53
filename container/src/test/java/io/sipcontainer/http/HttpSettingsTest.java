package io.sipcontainer.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.config.HostPort;
import io.sipcontainer.config.ServerConfig;

class HttpSettingsTest {
    @TempDir
    Path home;

    private ServerConfig.Builder config() {
        return ServerConfig.builder().baseDir(home);
    }

    @Test
    void defaultsServePlainHttpWithLocalOnlyRpc() throws Exception {
        HttpSettings s = HttpSettings.read(config().httpListen("127.0.0.1", 0).build());
        assertTrue(s.enabled());
        assertTrue(s.rpcLocalhostOnly());
        assertEquals(new HostPort("127.0.0.1", 0), s.listen());
        assertNull(s.tlsListen());
    }

    @Test
    void tlsWithoutKeystoreFailsWithTheLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> HttpSettings.read(config()
                .moduleParam("http.tls_listen", "127.0.0.1:8443", "sipcontainer.cfg", 30).build()));
        assertTrue(e.getMessage().startsWith("sipcontainer.cfg:30:") && e.getMessage().contains("http.keystore"),
                e.getMessage());
    }

    @Test
    void aMissingKeystoreFailsWithItsLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> HttpSettings.read(config()
                .moduleParam("http.tls_listen", "127.0.0.1:0", "c.cfg", 3)
                .moduleParam("http.keystore", "conf/none.p12", "c.cfg", 4).build()));
        assertTrue(e.getMessage().startsWith("c.cfg:4:") && e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void aFileThatIsNotAKeystoreIsRefused() throws Exception {
        Files.writeString(home.resolve("junk.p12"), "not a keystore");
        ConfigException e = assertThrows(ConfigException.class, () -> HttpSettings.read(config()
                .moduleParam("http.tls_listen", "127.0.0.1:0", "c.cfg", 3)
                .moduleParam("http.keystore", "junk.p12", "c.cfg", 4)
                .moduleParam("http.keystore_password", "x", "c.cfg", 5).build()));
        assertTrue(e.getMessage().startsWith("c.cfg:"), e.getMessage());
    }

    @Test
    void tlsListenAcceptsIpv6AndRefusesBadPorts() throws Exception {
        var params = config().moduleParam("http.x", "y").build().moduleParams("http");
        assertEquals(new HostPort("::1", 9443), HttpSettings.hostPort(params, "tls_listen", "[::1]:9443", 8443));
        assertEquals(new HostPort("0.0.0.0", 8443), HttpSettings.hostPort(params, "tls_listen", "0.0.0.0", 8443));
        assertThrows(ConfigException.class, () -> HttpSettings.hostPort(params, "tls_listen", "h:99999", 8443));
        assertThrows(ConfigException.class, () -> HttpSettings.hostPort(params, "tls_listen", "::1:80", 8443));
        assertThrows(ConfigException.class, () -> HttpSettings.hostPort(params, "tls_listen", ":80", 8443));
    }

    @Test
    void maxThreadsIsBounded() {
        assertThrows(ConfigException.class, () -> HttpSettings.read(config()
                .moduleParam("http.max_threads", "1").build()));
    }
}
