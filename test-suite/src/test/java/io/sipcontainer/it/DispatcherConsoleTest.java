package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.sipcontainer.http.HttpInfo;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.service.RpcRegistry;

/**
 * The console's Dispatcher page in headless Chromium: it lists the sets with each destination's
 * state, and an administrator sets a state, adds a destination and removes it; each change is
 * checked in the dispatcher itself (dispatcher.list).
 */
class DispatcherConsoleTest {
    private static final String PASSWORD = "dispatcher-pw-3";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String GW1 = "sip:192.0.2.10:5060";
    private static final String GW2 = "sip:192.0.2.11:5060";

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
                Files.write(dir.resolve("dispatcher-last.png"), ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES));
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

    private String row(String set, String uri) {
        return "tr.destination[data-set='" + set + "'][data-uri='" + uri + "']";
    }

    private void awaitText(String css, String text) {
        await(d -> d.findElements(By.cssSelector(css)).stream().anyMatch(e -> e.getText().strip().equals(text))
                ? Boolean.TRUE : null, css + " showing '" + text + "'");
    }

    @SuppressWarnings("unchecked")
    private String flags(int set, String uri) throws Exception {
        Map<String, Object> list = (Map<String, Object>) fixture.server().services().get(RpcRegistry.class)
                .call("dispatcher.list", new RpcParams(List.of()));
        for (Object r : (List<Object>) list.get("RECORDS")) {
            Map<String, Object> s = (Map<String, Object>) ((Map<String, Object>) r).get("SET");
            for (Object t : (List<Object>) s.get("TARGETS")) {
                Map<String, Object> d = (Map<String, Object>) ((Map<String, Object>) t).get("DEST");
                if ((Integer) s.get("ID") == set && uri.equals(d.get("URI"))) {
                    return (String) d.get("FLAGS");
                }
            }
        }
        return "absent";
    }

    @Test
    void anAdministratorSeesAndChangesTheDestinationSets() throws Exception {
        Path list = home.resolve("dispatcher.list");
        Files.writeString(list, "1 " + GW1 + " 0 10 duid=gw1\n1 " + GW2 + " 0 5\n", StandardCharsets.UTF_8);
        fixture = new ServerFixture(home).configure(b -> {
            b.moduleParam("http.admin_password", PASSWORD);
            b.moduleParam("dispatcher.list_file", list.toString());
            return b;
        });
        fixture.start();
        driver = ConsoleBrowserTest.startBrowser();
        driver.get("http://127.0.0.1:" + fixture.server().services().get(HttpInfo.class).port() + "/console/");
        await(d -> d.findElements(By.id("login-form")).isEmpty() ? null : Boolean.TRUE, "the login form");
        driver.findElement(By.id("user")).sendKeys("admin");
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.id("login-button")).click();
        await(d -> d.findElements(By.cssSelector("#nav a[data-page='dispatcher']")).stream().findFirst().orElse(null),
                "the console's navigation").click();

        // both destinations, highest priority first, active and not probed
        awaitText(row("1", GW1) + " td.flags", "AX");
        List<WebElement> rows = driver.findElements(By.cssSelector("section.ds-set[data-set='1'] tr.destination"));
        assertEquals(List.of(GW1, GW2), rows.stream().map(r -> r.getAttribute("data-uri")).toList());
        awaitText("#ds-summary", "1 destination set(s), 2 of 2 destination(s) active, 0 call(s) sent, 0 failed over.");

        // set GW2 inactive with probing
        new Select(driver.findElement(By.cssSelector(row("1", GW2) + " select.ds-state"))).selectByValue("ip");
        driver.findElement(By.cssSelector(row("1", GW2) + " button.set-state")).click();
        awaitText(row("1", GW2) + " td.flags", "IP");
        assertEquals("IP", flags(1, GW2));

        // add a destination to a new set, then remove it
        driver.findElement(By.id("ds-add-set")).clear();
        driver.findElement(By.id("ds-add-set")).sendKeys("2");
        driver.findElement(By.id("ds-add-uri")).sendKeys("sip:198.51.100.7:5080");
        driver.findElement(By.id("ds-add-attrs")).sendKeys("weight=100");
        driver.findElement(By.id("ds-add-button")).click();
        awaitText(row("2", "sip:198.51.100.7:5080") + " td.flags", "AX");
        assertEquals("AX", flags(2, "sip:198.51.100.7:5080"));
        String remove = row("2", "sip:198.51.100.7:5080") + " button.remove-destination";
        await(d -> d.findElements(By.cssSelector(remove)).stream().findFirst().orElse(null), remove).click();
        await(d -> d.findElement(By.cssSelector(remove)).getText().contains("Confirm") ? Boolean.TRUE : null, "armed");
        driver.findElement(By.cssSelector(remove)).click();
        await(d -> d.findElements(By.cssSelector(row("2", "sip:198.51.100.7:5080"))).isEmpty() ? Boolean.TRUE : null,
                "the removed destination gone");
        assertEquals("absent", flags(2, "sip:198.51.100.7:5080"));
    }
}
