package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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

import io.sipcontainer.http.HttpInfo;
import io.sipcontainer.it.support.FreePort;
import io.sipcontainer.it.support.RtpengineDaemon;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.service.RpcRegistry;

/**
 * The console's Media relay page in headless Chromium, with the real rtpengine daemon and an
 * instance nobody listens on: it lists both instances with their state, the dead one disabled
 * once a ping found it silent, and an administrator disables and enables the live one; each change
 * is checked in the module itself (rtpengine.show).
 */
class RtpengineConsoleTest {
    private static final String PASSWORD = "rtpengine-pw-5";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path home;
    private RtpengineDaemon daemon;
    private ServerFixture fixture;
    private WebDriver driver;

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (driver != null) {
                Path dir = Path.of("target", "console-screenshots");
                Files.createDirectories(dir);
                Files.write(dir.resolve("rtpengine-last.png"), ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));
                driver.quit();
            }
        } finally {
            if (fixture != null) {
                fixture.close();
            }
            if (daemon != null) {
                daemon.close();
            }
        }
    }

    private <T> T await(ExpectedCondition<T> condition, String what) {
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(100)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    private void awaitText(String css, String text) {
        await(d -> d.findElements(By.cssSelector(css)).stream().anyMatch(e -> e.getText().strip().equals(text))
                ? Boolean.TRUE : null, css + " showing '" + text + "'");
    }

    private static String row(String url) {
        return "tr.instance[data-url='" + url + "']";
    }

    @SuppressWarnings("unchecked")
    private Object disabled(String url) throws Exception {
        List<Map<String, Object>> show = (List<Map<String, Object>>) fixture.server().services()
                .get(RpcRegistry.class).call("rtpengine.show", new RpcParams(List.of(url)));
        return show.get(0).get("disabled");
    }

    @Test
    void anAdministratorSeesTheInstancesAndDisablesAndEnablesOne() throws Exception {
        daemon = RtpengineDaemon.start(home.resolve("rtpengine"));
        String dead = "udp:127.0.0.1:" + FreePort.find();
        fixture = new ServerFixture(home).configure(b -> {
            b.moduleParam("http.admin_password", PASSWORD);
            b.moduleParam("rtpengine.rtpengine_sock", daemon.socket() + "=2 " + dead);
            b.moduleParam("rtpengine.rtpengine_tout_ms", "100");
            b.moduleParam("rtpengine.rtpengine_retr", "1");
            return b;
        });
        fixture.start();
        fixture.server().services().get(RpcRegistry.class).call("rtpengine.ping", new RpcParams(List.of("all")));

        driver = ConsoleBrowserTest.startBrowser();
        driver.get("http://127.0.0.1:" + fixture.server().services().get(HttpInfo.class).port() + "/console/");
        await(d -> d.findElements(By.id("login-form")).isEmpty() ? null : Boolean.TRUE, "the login form");
        driver.findElement(By.id("user")).sendKeys("admin");
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.id("login-button")).click();
        await(d -> d.findElements(By.cssSelector("#nav a[data-page='rtpengine']")).stream().findFirst().orElse(null),
                "the console's navigation").click();

        awaitText(row(daemon.socket()) + " td.state", "enabled");
        await(d -> d.findElements(By.cssSelector(row(dead) + " td.state")).stream()
                .anyMatch(e -> e.getText().matches("disabled, retried in [1-6]?[0-9] s")) ? Boolean.TRUE : null,
                "the dead instance disabled for rtpengine_disable_tout");
        awaitText("#rtp-summary", "1 of 2 instance(s) enabled, 0 call(s) relayed now; 0 offer(s), 0 answer(s), "
                + "0 delete(s), 0 failure(s).");

        driver.findElement(By.cssSelector(row(daemon.socket()) + " button.toggle")).click();
        awaitText(row(daemon.socket()) + " td.state", "disabled by hand");
        assertEquals(1, disabled(daemon.socket()));

        driver.findElement(By.cssSelector(row(daemon.socket()) + " button.toggle")).click();
        awaitText(row(daemon.socket()) + " td.state", "enabled");
        assertEquals(0, disabled(daemon.socket()));
    }
}
