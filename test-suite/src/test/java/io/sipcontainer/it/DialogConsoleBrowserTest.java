package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.sipcontainer.http.HttpInfo;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.Sipp;

/**
 * The console's Dialogs page in headless Chromium while SIPp agents hold a call through the default
 * proxy application: the call is listed confirmed with the dialog statistics, Terminate (pressed
 * twice) sends a BYE to both agents, and the row and the active count go. A screenshot goes to
 * {@code target/console-screenshots/}.
 */
class DialogConsoleBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String PASSWORD = "dialog-pw-3";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path home;
    private ServerFixture fixture;
    private WebDriver driver;

    @AfterEach
    void tearDown() {
        try {
            if (driver != null) {
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

    private void awaitText(String css, String part) {
        await(d -> d.findElements(By.cssSelector(css)).stream().anyMatch(e -> e.getText().contains(part)) ? Boolean.TRUE : null,
                css + " showing '" + part + "'");
    }

    private void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anActiveCallIsListedAndTerminatedFromTheDialogsPage() throws Exception {
        Sipp.require();
        Sipp bob = Sipp.scenario("sipp/dialog-uas-answer.xml").calls(1).timeout(Duration.ofSeconds(60))
                .recvTimeout(Duration.ofSeconds(50));
        fixture = new ServerFixture(home)
                .dar(Files.readString(Path.of("..", "conf", "dar.properties"), StandardCharsets.UTF_8))
                .configure(b -> b.moduleParam("http.admin_password", PASSWORD)
                        .moduleParam("proxy.static_location", "bob=sip:bob@127.0.0.1:" + bob.localPort()));
        DefaultProxyTest.deploy("proxy", fixture.deployDir());
        fixture.start();
        driver = ConsoleBrowserTest.startBrowser();
        driver.get("http://127.0.0.1:" + fixture.server().services().get(HttpInfo.class).port() + "/console/");
        await(d -> d.findElements(By.id("login-form")).isEmpty() ? null : Boolean.TRUE, "the login form");
        driver.findElement(By.id("user")).sendKeys("admin");
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.id("login-button")).click();
        await(d -> d.findElements(By.cssSelector("#view[data-page='dashboard']")).isEmpty() ? null : Boolean.TRUE,
                "the dashboard");
        driver.findElement(By.cssSelector("#nav a[data-page='dialogs']")).click();
        awaitText("#dlg-summary", "No dialog is up.");

        try (Sipp.Running callee = bob.start();
                Sipp.Running caller = Sipp.scenario("sipp/dialog-uac-hold.xml").remote(fixture.udpPort()).udp()
                        .service("bob").calls(1).timeout(Duration.ofSeconds(60)).recvTimeout(Duration.ofSeconds(50))
                        .start()) {
            String row = "tr.dialog[data-state='4']";
            awaitText(row + " td.state", "4 confirmed");
            awaitText("#dlg-stat-active_dialogs", "1");
            awaitText("#dlg-stat-processed_dialogs", "1");
            String text = driver.findElement(By.cssSelector(row)).getText();
            assertTrue(text.contains("sip:caller@127.0.0.1:" + caller.localPort()), text);
            screenshot("10-dialogs");

            driver.findElement(By.cssSelector(row + " button.terminate-dialog")).click();
            awaitText(row + " button.terminate-dialog", "Confirm");
            driver.findElement(By.cssSelector(row + " button.terminate-dialog")).click();
            assertTrue(caller.awaitResult().allSucceeded(), "the caller got the BYE");
            assertTrue(callee.awaitResult().allSucceeded(), "the callee got the BYE");
        }
        awaitText("#dlg-summary", "No dialog is up.");
        awaitText("#dlg-stat-active_dialogs", "0");
        List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).map(LogEntry::toString).toList();
        assertEquals(List.of(), errors, "the browser console stays clean");
    }
}
