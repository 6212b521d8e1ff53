package io.sipcontainer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.event.Level;

import io.sipcontainer.service.ConfigException;

class ConfigParserTest {

    @TempDir
    Path home;

    private Path write(String... lines) throws IOException {
        Path file = home.resolve("sipcontainer.cfg");
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }

    private ServerConfig parse(String... lines) throws Exception {
        return ConfigParser.parse(write(lines), home);
    }

    private ListenSpec onlyListen(String value) throws Exception {
        List<ListenSpec> listens = parse("listen = " + value).listens();
        assertEquals(1, listens.size());
        return listens.get(0);
    }

    // ---- every key ----

    @Test
    void everyKeyIsReadIntoItsTypedValue() throws Exception {
        ServerConfig config = parse(
                "listen = udp:192.0.2.10:5070 advertise 203.0.113.5:5080",
                "listen = tls:192.0.2.10:5071",
                "alias = example.com",
                "alias = sip.example.com:5070",
                "server_header = my server",
                "user_agent_header = my agent",
                "http_listen = 0.0.0.0:9090",
                "deploy_dir = apps",
                "work_dir = /var/lib/sipcontainer",
                "dar_file = conf/my-dar.properties",
                "deploy_scan_interval = 2500",
                "shutdown_timeout = 10",
                "worker_threads = 16",
                "tcp_connection_lifetime = 3605",
                "max_message_size = 4096",
                "log_level = DEBUG",
                "node_name = node-1");

        assertEquals(List.of(
                ListenSpec.of(Transport.UDP, "192.0.2.10", 5070).withAdvertised("203.0.113.5", 5080),
                ListenSpec.of(Transport.TLS, "192.0.2.10", 5071)), config.listens());
        assertEquals(List.of(new HostPort("example.com", 0), new HostPort("sip.example.com", 5070)), config.aliases());
        assertEquals("my server", config.serverHeader());
        assertEquals("my agent", config.userAgentHeader());
        assertEquals(new HostPort("0.0.0.0", 9090), config.httpListen());
        assertEquals(home.resolve("apps"), config.deployDir());
        assertEquals(Path.of("/var/lib/sipcontainer"), config.workDir());
        assertEquals(home.resolve("conf/my-dar.properties"), config.darFile());
        assertEquals(Duration.ofMillis(2500), config.deployScanInterval());
        assertEquals(Duration.ofSeconds(10), config.shutdownTimeout());
        assertEquals(16, config.workerThreads());
        assertEquals(Duration.ofSeconds(3605), config.tcpConnectionLifetime());
        assertEquals(4096, config.maxMessageSize());
        assertEquals(Level.DEBUG, config.logLevel());
        assertEquals("node-1", config.nodeName());
        assertEquals(home.toAbsolutePath(), config.baseDir());
    }

    @Test
    void emptyFileGivesTheDefaults() throws Exception {
        ServerConfig config = parse("# nothing set", "");
        assertEquals(List.of(ListenSpec.of(Transport.UDP, "127.0.0.1", 5060), ListenSpec.of(Transport.TCP, "127.0.0.1", 5060)),
                config.listens());
        assertEquals(List.of(), config.aliases());
        assertEquals("sipcontainer", config.serverHeader());
        assertEquals("sipcontainer", config.userAgentHeader());
        assertEquals(new HostPort("127.0.0.1", 8080), config.httpListen());
        assertEquals(home.resolve("deploy"), config.deployDir());
        assertEquals(home.resolve("data/work"), config.workDir());
        assertEquals(home.resolve("conf/dar.properties"), config.darFile());
        assertEquals(Duration.ofMillis(1000), config.deployScanInterval());
        assertEquals(Duration.ofSeconds(32), config.shutdownTimeout());
        assertEquals(2 * Runtime.getRuntime().availableProcessors(), config.workerThreads());
        assertEquals(Duration.ofSeconds(120), config.tcpConnectionLifetime());
        assertEquals(65535, config.maxMessageSize());
        assertEquals(Level.INFO, config.logLevel());
        assertFalse(config.nodeName().isEmpty());
    }

    @Test
    void haproxyAcceptIsOffByDefaultAndTakesTrustedAddresses() throws Exception {
        assertEquals(HaproxyAccept.OFF, parse("# nothing").haproxyAccept());
        HaproxyAccept on = parse("tcp_accept_haproxy = yes", "tcp_accept_haproxy_trusted = 10.0.0.2, [2001:db8::2]")
                .haproxyAccept();
        assertEquals(new HaproxyAccept(true, List.of("10.0.0.2", "2001:db8::2")), on);
        assertThrows(ConfigException.class, () -> parse("tcp_accept_haproxy = maybe"));
        assertThrows(ConfigException.class,
                () -> parse("tcp_accept_haproxy_trusted = lb.example.com"));
    }

    @Test
    void workerThreadsZeroMeansTwoPerCore() throws Exception {
        assertEquals(2 * Runtime.getRuntime().availableProcessors(), parse("worker_threads = 0").workerThreads());
    }

    @Test
    void commentsBlankLinesAndSpacingAreIgnored() throws Exception {
        ServerConfig config = parse(
                "# a comment",
                "",
                "   ",
                "max_message_size=2048   # trailing comment",
                "\tnode_name   =   spaced\t");
        assertEquals(2048, config.maxMessageSize());
        assertEquals("spaced", config.nodeName());
    }

    @Test
    void quotedValueKeepsHashes() throws Exception {
        assertEquals("my # server", parse("server_header = \"my # server\"  # comment").serverHeader());
    }

    @Test
    void kamailioStyleHeaderNamePrefixIsDropped() throws Exception {
        ServerConfig config = parse("server_header = \"Server: kamailio-like\"", "user_agent_header = \"User-Agent: ua\"");
        assertEquals("kamailio-like", config.serverHeader());
        assertEquals("ua", config.userAgentHeader());
    }

    @Test
    void emptyQuotedHeaderMeansNoHeader() throws Exception {
        assertEquals("", parse("server_header = \"\"").serverHeader());
    }

    @Test
    void logLevelIgnoresCase() throws Exception {
        assertEquals(Level.TRACE, parse("log_level = trace").logLevel());
    }

    @Test
    void byteOrderMarkAtTheStartIsIgnored() throws Exception {
        assertEquals("bom", parse("\uFEFFnode_name = bom").nodeName());
    }

    @Test
    void relativePathsResolveAgainstTheBaseDirectoryNotTheFile() throws Exception {
        Path confDir = Files.createDirectories(home.resolve("conf"));
        Path file = confDir.resolve("sipcontainer.cfg");
        Files.writeString(file, "deploy_dir = ./sars/../deploy2\n");
        assertEquals(home.resolve("deploy2"), ConfigParser.parse(file, home).deployDir());
    }

    // ---- listen variants ----

    @Test
    void listenWithoutPortUsesTheProtocolDefault() throws Exception {
        assertEquals(5060, onlyListen("udp:10.0.0.1").port());
        assertEquals(5060, onlyListen("tcp:10.0.0.1").port());
        assertEquals(5060, onlyListen("ws:10.0.0.1").port());
        assertEquals(5061, onlyListen("tls:10.0.0.1").port());
        assertEquals(5061, onlyListen("wss:10.0.0.1").port());
    }

    @Test
    void listenAcceptsEveryTransport() throws Exception {
        for (Transport transport : Transport.values()) {
            assertEquals(transport, onlyListen(transport.configName() + ":127.0.0.1:6000").transport());
        }
        assertEquals(Transport.TCP, onlyListen("TCP:127.0.0.1:6000").transport());
    }

    @Test
    void listenOnIpv6AddressInBrackets() throws Exception {
        ListenSpec spec = onlyListen("udp:[2001:db8::1]:5062");
        assertEquals("2001:db8::1", spec.host());
        assertEquals(5062, spec.port());
        assertEquals("udp:[2001:db8::1]:5062", spec.toString());
    }

    @Test
    void listenOnIpv6AddressWithoutPort() throws Exception {
        ListenSpec spec = onlyListen("tls:[::1]");
        assertEquals("::1", spec.host());
        assertEquals(5061, spec.port());
    }

    @Test
    void listenOnHostName() throws Exception {
        ListenSpec spec = onlyListen("tcp:sip.example.com:5060");
        assertEquals("sip.example.com", spec.host());
    }

    @Test
    void listenWithAdvertisedAddress() throws Exception {
        ListenSpec spec = onlyListen("udp:127.0.0.1:5060 advertise 203.0.113.5:5090");
        assertTrue(spec.isAdvertised());
        assertEquals("203.0.113.5", spec.advertisedHost());
        assertEquals(5090, spec.advertisedPort());
        assertEquals("203.0.113.5", spec.publicHost());
        assertEquals(5090, spec.publicPort());
        assertEquals("udp:127.0.0.1:5060 advertise 203.0.113.5:5090", spec.toString());
    }

    @Test
    void advertisedAddressWithoutPortKeepsTheListenPort() throws Exception {
        ListenSpec spec = onlyListen("tcp:10.0.0.1:5070 advertise sip.example.com");
        assertEquals("sip.example.com", spec.advertisedHost());
        assertEquals(0, spec.advertisedPort());
        assertEquals(5070, spec.publicPort());
    }

    @Test
    void advertisedIpv6Address() throws Exception {
        ListenSpec spec = onlyListen("udp:[::]:5060 ADVERTISE [2001:db8::5]:5060");
        assertEquals("::", spec.host());
        assertEquals("2001:db8::5", spec.advertisedHost());
    }

    @Test
    void listenWithoutAdvertiseIsPublicUnderItsOwnAddress() throws Exception {
        ListenSpec spec = onlyListen("udp:192.0.2.1:5060");
        assertFalse(spec.isAdvertised());
        assertEquals("192.0.2.1", spec.publicHost());
        assertEquals(5060, spec.publicPort());
    }

    @Test
    void repeatedListensKeepTheirOrder() throws Exception {
        ServerConfig config = parse("listen = tcp:127.0.0.1:5070", "listen = udp:127.0.0.1:5070", "listen = udp:[::1]:5070");
        assertEquals(List.of(Transport.TCP, Transport.UDP, Transport.UDP),
                config.listens().stream().map(ListenSpec::transport).toList());
    }

    @Test
    void aliasAcceptsIpv6AndHostWithoutPort() throws Exception {
        ServerConfig config = parse("alias = [2001:db8::7]:5060", "alias = 198.51.100.1");
        assertEquals(List.of(new HostPort("2001:db8::7", 5060), new HostPort("198.51.100.1", 0)), config.aliases());
        assertEquals("[2001:db8::7]:5060", config.aliases().get(0).toString());
        assertFalse(config.aliases().get(1).hasPort());
    }

    @Test
    void httpListenWithoutPortUses8080() throws Exception {
        assertEquals(new HostPort("localhost", 8080), parse("http_listen = localhost").httpListen());
    }

    // ---- overrides ----

    @Test
    void maxbufferIsTheUdpReceiveBufferInBytesWithinItsRange() throws Exception {
        assertEquals(ServerConfig.DEFAULT_UDP_RECEIVE_BUFFER, parse("# none").udpReceiveBuffer());
        assertEquals(4_194_304, parse("maxbuffer = 4194304").udpReceiveBuffer());
        ConfigException e = assertThrows(ConfigException.class, () -> parse("\nmaxbuffer = 1000"));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().endsWith("maxbuffer must be between 65536 and 67108864, got 1000"), e.getMessage());
    }

    @Test
    void overrideReplacesTheFileValue() throws Exception {
        ServerConfig config = ConfigParser.parse(write("max_message_size = 4096"), home, Map.of("max_message_size", "8192"));
        assertEquals(8192, config.maxMessageSize());
    }

    @Test
    void overrideSetsAKeyTheFileLacks() throws Exception {
        ServerConfig config = ConfigParser.parse(write("# empty"), home, Map.of("node_name", "from-cli"));
        assertEquals("from-cli", config.nodeName());
    }

    @Test
    void listenOverrideReplacesEveryFileListen() throws Exception {
        Map<String, String> overrides = Map.of("listen", "udp:127.0.0.1:6060, tcp:127.0.0.1:6060 advertise 203.0.113.9");
        ServerConfig config = ConfigParser.parse(
                write("listen = udp:127.0.0.1:5060", "listen = tcp:127.0.0.1:5060"), home, overrides);
        assertEquals(List.of(
                ListenSpec.of(Transport.UDP, "127.0.0.1", 6060),
                ListenSpec.of(Transport.TCP, "127.0.0.1", 6060).withAdvertised("203.0.113.9", 0)), config.listens());
    }

    @Test
    void dnsKeysUseKamailiosNamesAndTheBlacklistSpellingToo() throws Exception {
        DnsSettings dns = parse("dns_try_naptr = yes", "dns_srv_lb = on", "use_dns_failover = 1", "use_dns_cache = no",
                "dns_cache_min_ttl = 5", "dns_cache_max_ttl = 300", "dns_neg_cache_ttl = 10", "use_dst_blacklist = yes",
                "dst_blacklist_expire = 90", "dns_servers = 127.0.0.1:5353, [::1]", "dns_retr_time = 1", "dns_slow_query_ms = 800").dns();
        assertEquals(new DnsSettings(true, true, true, false, java.time.Duration.ofSeconds(5),
                java.time.Duration.ofSeconds(300), java.time.Duration.ofSeconds(10), true, java.time.Duration.ofSeconds(90),
                List.of(new java.net.InetSocketAddress("127.0.0.1", 5353), new java.net.InetSocketAddress("::1", 53)),
                java.time.Duration.ofSeconds(1), java.time.Duration.ofMillis(800)), dns);
        assertEquals(DnsSettings.DEFAULTS, parse("").dns());
        ConfigException e = assertThrows(ConfigException.class, () -> parse("dns_try_naptr = maybe"));
        assertTrue(e.getMessage().endsWith("invalid value 'maybe' for dns_try_naptr, expected yes or no"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> parse("dns_servers = ns.example.com"));
        assertTrue(e.getMessage().endsWith("expected an IP address"), e.getMessage());
    }

    @Test
    void overridesMayBeQuoted() throws Exception {
        ServerConfig config = ConfigParser.parse(write(""), home, Map.of("server_header", "\"a # b\""));
        assertEquals("a # b", config.serverHeader());
    }

    @Test
    void overrideWithUnknownKeyIsReportedAgainstTheOverride() throws Exception {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigParser.parse(write(""), home, Map.of("colour", "blue")));
        assertEquals("-Dcolour: unknown key 'colour'", e.getMessage());
        assertEquals(0, e.line());
    }

    @Test
    void overrideWithBadValueIsReportedAgainstTheOverride() throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("worker_threads", "many");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(write(""), home, overrides));
        assertEquals("-Dworker_threads: invalid value 'many' for worker_threads, expected a whole number", e.getMessage());
    }

    // ---- errors: file, line and reason ----

    static Stream<Arguments> badLines() {
        return Stream.of(
                Arguments.of("listn = udp:127.0.0.1", "unknown key 'listn'"),
                Arguments.of("listen = udpx:127.0.0.1:5060",
                        "unknown protocol 'udpx' in listen, expected udp, tcp, tls, ws or wss"),
                Arguments.of("listen = 127.0.0.1:5060",
                        "missing protocol in listen '127.0.0.1:5060', expected proto:host[:port] with proto udp, tcp, tls, ws or wss"),
                Arguments.of("listen = [::1]:5060",
                        "missing protocol in listen '[::1]:5060', expected proto:host[:port] with proto udp, tcp, tls, ws or wss"),
                Arguments.of("listen = udp:", "missing host in listen"),
                Arguments.of("listen = udp:5060", "invalid IPv4 address '5060' in listen"),
                Arguments.of("listen = udp::5060", "missing host in listen"),
                Arguments.of("listen = localhost",
                        "missing protocol in listen 'localhost', expected proto:host[:port] with proto udp, tcp, tls, ws or wss"),
                Arguments.of("listen = udp:127.0.0.1:70000", "invalid port '70000' in listen, expected 1-65535"),
                Arguments.of("listen = udp:127.0.0.1:0", "invalid port '0' in listen, expected 1-65535"),
                Arguments.of("listen = udp:127.0.0.1:abc", "invalid port 'abc' in listen, expected 1-65535"),
                Arguments.of("listen = udp:127.0.0.1:", "invalid port '' in listen, expected 1-65535"),
                Arguments.of("listen = udp:300.1.1.1:5060", "invalid IPv4 address '300.1.1.1' in listen"),
                Arguments.of("listen = udp:1.2.3:5060", "invalid IPv4 address '1.2.3' in listen"),
                Arguments.of("listen = udp:bad_host:5060", "invalid host 'bad_host' in listen"),
                Arguments.of("listen = udp:::1:5060",
                        "IPv6 address '::1:5060' in listen must be written in brackets, e.g. [::1]:5060"),
                Arguments.of("listen = udp:[::g]:5060", "invalid IPv6 address '[::g]' in listen"),
                Arguments.of("listen = udp:[1.2.3.4]:5060", "invalid IPv6 address '[1.2.3.4]' in listen"),
                Arguments.of("listen = udp:[::1:5060", "missing ']' after IPv6 address '[::1:5060' in listen"),
                Arguments.of("listen = udp:[::1]5060", "unexpected '5060' after IPv6 address in listen"),
                Arguments.of("listen = udp:127.0.0.1 name \"x\"", "unexpected 'name' in listen, expected 'advertise host[:port]'"),
                Arguments.of("listen = udp:127.0.0.1 advertise", "missing host after 'advertise' in listen"),
                Arguments.of("listen = udp:127.0.0.1 advertise 1.2.3.4 extra", "unexpected 'extra' after advertise address in listen"),
                Arguments.of("listen = udp:127.0.0.1 advertise 1.2.3.4:99999", "invalid port '99999' in advertise, expected 1-65535"),
                Arguments.of("alias = example.com:x", "invalid port 'x' in alias, expected 1-65535"),
                Arguments.of("alias = -example.com", "invalid host '-example.com' in alias"),
                Arguments.of("http_listen = 127.0.0.1:0", "invalid port '0' in http_listen, expected 1-65535"),
                Arguments.of("listen udp:127.0.0.1", "expected 'key = value', got 'listen udp:127.0.0.1'"),
                Arguments.of("= 5", "missing key before '='"),
                Arguments.of("max_message_size =", "missing value for 'max_message_size'"),
                Arguments.of("max_message_size = # none", "missing value for 'max_message_size'"),
                Arguments.of("server_header = \"open", "unterminated quoted value for 'server_header'"),
                Arguments.of("max_message_size = big", "invalid value 'big' for max_message_size, expected a whole number"),
                Arguments.of("max_message_size = 100", "max_message_size must be between 512 and 16777216, got 100"),
                Arguments.of("worker_threads = -1", "worker_threads must be between 0 and 1024, got -1"),
                Arguments.of("worker_threads = 99999999999", "invalid value '99999999999' for worker_threads, expected a whole number"),
                Arguments.of("shutdown_timeout = 4000", "shutdown_timeout must be between 0 and 3600 s, got 4000 s"),
                Arguments.of("deploy_scan_interval = -5", "deploy_scan_interval must be between 0 and 3600000 ms, got -5 ms"),
                Arguments.of("tcp_connection_lifetime = 0", "tcp_connection_lifetime must be between 1 and 604800 s, got 0 s"),
                Arguments.of("log_level = LOUD", "invalid log_level 'LOUD', expected TRACE, DEBUG, INFO, WARN or ERROR"),
                Arguments.of("node_name = bad name", "invalid node_name 'bad name', expected letters, digits, '.', '_' or '-'"
                        + " (at most 64, starting with a letter or digit)"),
                Arguments.of("deploy_dir = bad\u0000path", "invalid path 'bad\u0000path' for deploy_dir: Nul character not allowed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLines")
    void badLineIsReportedWithFileLineAndReason(String line, String reason) throws Exception {
        Path file = write("# sipcontainer", "", "alias = ok.example.com", line);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(file, home));
        assertEquals(file + ":4: " + reason, e.getMessage());
        assertEquals(file.toString(), e.source());
        assertEquals(4, e.line());
        assertEquals(reason, e.reason());
    }

    @Test
    void messageNamesTheFileAsGiven() throws Exception {
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.write(conf.resolve("sipcontainer.cfg"), List.of("#", "#", "#", "#", "#", "#", "listen=udpx:127.0.0.1:5060"));
        Path relative = Path.of("").toAbsolutePath().relativize(conf.resolve("sipcontainer.cfg"));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(relative, home));
        assertEquals(relative + ":7: unknown protocol 'udpx' in listen, expected udp, tcp, tls, ws or wss", e.getMessage());
    }

    @Test
    void repeatedSingleKeyIsAnErrorNamingTheFirstLine() throws Exception {
        Path file = write("max_message_size = 2048", "# again:", "max_message_size = 4096");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(file, home));
        assertEquals(file + ":3: duplicate key 'max_message_size', already set at line 1", e.getMessage());
    }

    @Test
    void sameListenTwiceIsAnError() throws Exception {
        Path file = write("listen = udp:127.0.0.1:5060", "listen = tcp:127.0.0.1:5060", "listen = udp:127.0.0.1");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(file, home));
        assertEquals(file + ":3: duplicate listen udp:127.0.0.1:5060", e.getMessage());
    }

    @Test
    void missingFileIsReportedWithoutALine() {
        Path file = home.resolve("absent.cfg");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(file, home));
        assertEquals(file + ": file not found", e.getMessage());
        assertEquals(0, e.line());
    }

    @Test
    void fileThatIsNotUtf8IsReported() throws Exception {
        Path file = home.resolve("latin1.cfg");
        Files.write(file, new byte[] {'n', 'o', 'd', 'e', '_', 'n', 'a', 'm', 'e', '=', (byte) 0xE9});
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(file, home));
        assertTrue(e.getMessage().startsWith(file + ": cannot read: "), e.getMessage());
    }

    @Test
    void theShippedDefaultFileParsesAndDocumentsEveryKey() throws Exception {
        Path shipped = Path.of("..", "conf", "sipcontainer.cfg");
        ServerConfig config = ConfigParser.parse(shipped, home);
        assertEquals(ServerConfig.DEFAULT_LISTENS, config.listens());
        String text = Files.readString(shipped);
        for (ConfigKey key : ConfigKey.values()) {
            assertTrue(text.contains("# " + key.keyName()) || text.contains("#" + key.keyName())
                    || text.lines().anyMatch(l -> l.startsWith(key.keyName() + " =") || l.startsWith(key.keyName() + "=")),
                    "conf/sipcontainer.cfg does not mention " + key.keyName());
        }
    }
}
