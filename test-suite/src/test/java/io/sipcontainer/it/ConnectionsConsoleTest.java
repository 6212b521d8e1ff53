package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.sipcontainer.config.Transport;
import io.sipcontainer.http.HttpInfo;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.TestCertificates;

/**
 * The console's Connections page in headless Chromium: a phone's TLS connection is listed with its
 * address and what its handshake agreed, the certificate in use with its profile, and the
 * administrator's "Reload TLS certificates" runs tls.reload.
 */
class ConnectionsConsoleTest {
    private static final String PASSWORD = "connections-pw-7";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path home;
    private ServerFixture fixture;
    private WebDriver driver;

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (driver != null) {
                Path dir = Path.of("target", "console-screenshots");
                Files.createDirectories(dir);
                Files.write(dir.resolve("connections-last.png"), ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));
                driver.quit();
            }
        } finally {
            if (fixture != null) {
                fixture.close();
            }
        }
    }

    private <T> T await(ExpectedCondition<T> condition, String what) {
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(100)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    @Test
    void anAdministratorSeesTheTlsConnectionsAndCertificatesAndReloadsThem() throws Exception {
        TestCertificates.selfSigned(home.resolve("conf"), "server", "sip.example.org", "dns:sip.example.org");
        fixture = new ServerFixture(home)
                .dar(Files.readString(Path.of("..", "conf", "dar.properties"), StandardCharsets.UTF_8))
                .configure(b -> b.listen(Transport.TLS, "127.0.0.1", 0)
                        .moduleParam("http.admin_password", PASSWORD)
                        .moduleParam("tls.tls_certificate", "conf/server.crt.pem")
                        .moduleParam("tls.tls_private_key", "conf/server.key.pem"));
        fixture.start();
        try (TcpPhone phone = TcpPhone.connectTls(fixture.server().address("tls"), "sip.example.org")) {
            driver = ConsoleBrowserTest.startBrowser();
            driver.get("http://127.0.0.1:" + fixture.server().services().get(HttpInfo.class).port() + "/console/");
            await(d -> d.findElements(By.id("login-form")).isEmpty() ? null : Boolean.TRUE, "the login form");
            driver.findElement(By.id("user")).sendKeys("admin");
            driver.findElement(By.id("password")).sendKeys(PASSWORD);
            driver.findElement(By.id("login-button")).click();
            await(d -> d.findElements(By.cssSelector("#nav a[data-page='connections']")).stream().findFirst()
                    .orElse(null), "the console's navigation").click();

            String peer = phone.localAddress();
            await(d -> d.findElements(By.cssSelector("#conn-body tr.connection")).stream()
                    .anyMatch(r -> r.getText().contains("TLS") && r.getText().contains(peer)
                            && r.getText().contains("SNI sip.example.org")) ? Boolean.TRUE : null,
                    "the phone's TLS connection from " + peer);
            await(d -> d.findElement(By.id("conn-summary")).getText().startsWith("0 TCP and 1 TLS connection(s) open")
                    ? Boolean.TRUE : null, "the counts of core.tcp_info");
            await(d -> d.findElements(By.cssSelector("#tls-profiles tr.profile")).stream()
                    .anyMatch(r -> r.getText().contains("server:default") && r.getText().contains("CN=sip.example.org"))
                    ? Boolean.TRUE : null, "the certificate in use");

            TestCertificates.selfSigned(home.resolve("conf"), "server", "renewed.example.org", "dns:renewed.example.org");
            driver.findElement(By.id("tls-reload")).click();
            await(d -> d.findElements(By.cssSelector("#tls-profiles tr.profile")).stream()
                    .anyMatch(r -> r.getText().contains("CN=renewed.example.org")) ? Boolean.TRUE : null,
                    "the renewed certificate after tls.reload");
            assertTrue(driver.findElement(By.id("flash")).getText().contains("TLS configuration reloaded"),
                    driver.findElement(By.id("flash")).getText());
        }
    }
}
