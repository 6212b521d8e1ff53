package io.sipcontainer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class ServerConfigTest {

    @Test
    void builderAcceptsEphemeralPortsSoTestsCanBindRandomPorts() {
        ServerConfig config = ServerConfig.builder()
                .listen(Transport.UDP, "127.0.0.1", 0)
                .listen(Transport.UDP, "127.0.0.1", 0)
                .httpListen("127.0.0.1", 0)
                .build();
        assertEquals(List.of(ListenSpec.of(Transport.UDP, "127.0.0.1", 0), ListenSpec.of(Transport.UDP, "127.0.0.1", 0)),
                config.listens());
        assertEquals(0, config.httpListen().port());
    }

    @Test
    void listensInCodeReplaceTheDefaults() {
        ServerConfig config = ServerConfig.builder().listen(Transport.TCP, "::1", 5070).build();
        assertEquals(List.of(ListenSpec.of(Transport.TCP, "::1", 5070)), config.listens());
    }

    @Test
    void builderRefusesTheSameListenTwice() {
        ServerConfig.Builder builder = ServerConfig.builder().listen(Transport.UDP, "127.0.0.1", 5060);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> builder.listen(Transport.UDP, "127.0.0.1", 5060));
        assertEquals("duplicate listen udp:127.0.0.1:5060", e.getMessage());
    }

    @Test
    void builderRefusesOutOfRangeValuesNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.builder().maxMessageSize(10));
        assertEquals("max_message_size must be between 512 and 16777216, got 10", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ListenSpec.of(Transport.UDP, "127.0.0.1", 65536));
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.builder().shutdownTimeout(Duration.ofHours(2)));
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.builder().serverHeader("a\r\nX-Injected: 1"));
    }

    @Test
    void relativePathsResolveAgainstTheBaseDirectoryAtBuild() {
        Path base = Path.of("/opt/sipcontainer");
        ServerConfig config = ServerConfig.builder().deployDir(Path.of("sars")).baseDir(base).build();
        assertEquals(base.resolve("sars").toAbsolutePath(), config.deployDir());
        assertEquals(base.resolve("data/work").toAbsolutePath(), config.workDir());
    }

    @Test
    void toBuilderCopiesEverySetting() {
        ServerConfig original = ServerConfig.builder()
                .baseDir(Path.of("/srv/sc"))
                .listen(ListenSpec.of(Transport.WSS, "10.0.0.1", 443).withAdvertised("ws.example.com", 443))
                .alias("example.com", 0)
                .serverHeader("s").userAgentHeader("u").httpListen("0.0.0.0", 8081)
                .deployDir(Path.of("d")).workDir(Path.of("w")).darFile(Path.of("dar"))
                .deployScanInterval(Duration.ZERO).shutdownTimeout(Duration.ofSeconds(5)).workerThreads(3)
                .tcpConnectionLifetime(Duration.ofSeconds(60)).maxMessageSize(1024).logLevel(Level.WARN)
                .nodeName("n1")
                .build();
        ServerConfig copy = original.toBuilder().build();
        assertEquals(original.toString(), copy.toString());
        assertEquals(Path.of("/srv/sc/d"), copy.deployDir());
    }

    @Test
    void listenSpecNeedsAnAdvertisedHostForAnAdvertisedPort() {
        assertThrows(IllegalArgumentException.class, () -> new ListenSpec(Transport.UDP, "127.0.0.1", 5060, null, 5080));
    }

    @Test
    void transportsKnowTheirDefaultPortsAndJainSipNames() {
        assertEquals(5060, Transport.UDP.defaultPort());
        assertEquals(5061, Transport.TLS.defaultPort());
        assertEquals(5061, Transport.WSS.defaultPort());
        assertEquals("WS", Transport.WS.jainSipName());
        assertTrue(Transport.WSS.isWebSocket() && Transport.WSS.isSecure() && Transport.WSS.isReliable());
        assertTrue(Transport.fromConfigName("Tls").isPresent());
        assertTrue(Transport.fromConfigName("sctp").isEmpty());
    }
}
