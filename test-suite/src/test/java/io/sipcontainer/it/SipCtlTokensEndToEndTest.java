package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.http.HttpInfo;
import io.sipcontainer.it.support.ServerFixture;

/**
 * {@code bin/sipctl} against a real server with a read-only token: {@code --read-only} takes
 * {@code http.rpc_read_token} from the configuration and may read statistics but not change
 * anything, and {@code --token-file} gives the token from a file of the operator's.
 */
class SipCtlTokensEndToEndTest {
    private static final String READ_TOKEN = "read-only-token-0123456789";

    @TempDir
    Path home;
    private ServerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new ServerFixture(home).configure(b -> b.moduleParam("http.rpc_read_token", READ_TOKEN)).start();
        Files.writeString(home.resolve("conf/sipcontainer.cfg"), "http.rpc_read_token = " + READ_TOKEN + "\n");
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private record Run(int status, String output) {
    }

    private Run sipctl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", Path.of("..", "bin", "sipctl").toString(),
                "--home", home.toString(),
                "--url", fixture.server().services().get(HttpInfo.class).uri("http", "/RPC").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "sipctl ends");
        return new Run(p.exitValue(), output);
    }

    @Test
    void theReadOnlyTokenReadsStatisticsButChangesNothing() throws Exception {
        Run stats = sipctl("--read-only", "rpc", "stats.get_statistics", "core:");
        assertEquals(0, stats.status(), stats.output());
        assertTrue(stats.output().contains("core:rcv_requests"), stats.output());

        Run remove = sipctl("--read-only", "ul", "rm", "alice@example.com");
        assertEquals(1, remove.status(), remove.output());
        assertTrue(remove.output().contains("error: 403") && remove.output().contains("read-only token"), remove.output());
    }

    @Test
    void aTokenFileGivesTheFullToken() throws Exception {
        Path file = home.resolve("admin.token");
        Files.copy(home.resolve("data/rpc.token"), file);
        Run ok = sipctl("--token-file", file.toString(), "ul", "rm", "alice@example.com");
        assertTrue(!ok.output().contains("error: 401") && !ok.output().contains("error: 403"),
                "the full token may change state: " + ok.output());

        Files.writeString(file, "wrong-token-0123456789\n");
        Run refused = sipctl("--token-file", file.toString(), "rpc", "core.version");
        assertEquals(1, refused.status(), refused.output());
        assertTrue(refused.output().contains("error: 401") && refused.output().contains(file.toString()),
                "the refusal names where the token came from: " + refused.output());
    }
}
