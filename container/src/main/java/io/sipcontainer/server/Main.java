package io.sipcontainer.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipcontainer.service.ConfigException;
import io.sipcontainer.config.ConfigParser;
import io.sipcontainer.config.ServerConfig;

/**
 * Starts the server from a configuration folder: {@code java -jar sipcontainer.jar [conf-dir]
 * [key=value ...]}. Bad configuration exits with status 2 and the file, line and reason; SIGTERM
 * drains and stops cleanly.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path confDir = Path.of("conf");
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                overrides.put(arg.substring(0, eq).trim(), arg.substring(eq + 1).trim());
            } else {
                confDir = Path.of(arg);
            }
        }
        Path logback = confDir.resolve("logback.xml");
        if (System.getProperty("logback.configurationFile") == null && Files.isRegularFile(logback)) {
            System.setProperty("logback.configurationFile", logback.toAbsolutePath().toString());
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        Path baseDir = confDir.toAbsolutePath().getParent();
        ServerConfig config;
        try {
            config = ConfigParser.parse(confDir.resolve("sipcontainer.cfg"), baseDir, overrides);
        } catch (ConfigException e) {
            System.err.println("sipcontainer: bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        SipServer server = new SipServer(config);
        try {
            server.start();
        } catch (Exception e) {
            log.error("sipcontainer could not start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Shutting down");
            server.stop();
            stopped.countDown();
        }, "sipcontainer-shutdown"));
        stopped.await();
    }
}
