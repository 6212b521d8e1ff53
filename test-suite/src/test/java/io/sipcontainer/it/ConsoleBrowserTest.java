package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import javax.sip.ClientTransaction;

import org.example.testapps.UasServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.sipcontainer.http.HttpInfo;
import io.sipcontainer.it.support.RequiredTools;
import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.SipAgent;
import io.sipcontainer.it.support.Sipp;
import io.sipcontainer.it.support.SippResult;
import io.sipcontainer.service.LocationService;

/**
 * The web console in headless Chromium against a real server, the way an administrator uses it:
 * a wrong password is refused, login works, the dashboard's traffic chart moves while SIPp
 * registers users, a registration appears and is removed, an uploaded archive deploys and answers
 * SIP once the router table edited on the page routes to it, the cluster and configuration pages
 * show this node and its settings, logout ends the session, and the browser's console logged no
 * error throughout. A screenshot of every page goes to {@code target/console-screenshots/}.
 */
class ConsoleBrowserTest {
    private static final String CHROMIUM_HINT = "install Chromium and its WebDriver: apt-get install chromium chromium-driver";
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String PASSWORD = "browser-pw-7";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ROUTES = RegisterClient.DAR
            + "OPTIONS: (\"uas\", \"DAR:To\", \"NEUTRAL\", \"\", \"NO_ROUTE\", \"0\")\n"
            + "MESSAGE: (\"uas\", \"DAR:To\", \"TERMINATING\", \"\", \"NO_ROUTE\", \"0\")\n";

    @TempDir
    Path home;
    private ServerFixture fixture;
    private WebDriver driver;

    @AfterEach
    void tearDown() {
        try {
            if (driver != null) {
                screenshot("zz-last");
                driver.quit();
            }
        } finally {
            if (fixture != null) {
                fixture.close();
            }
        }
    }

    static WebDriver startBrowser() {
        ChromeOptions options = new ChromeOptions();
        // skipped without Chromium, a failure when CI=true
        options.setBinary(RequiredTools.tool("chromium", CHROMIUM_HINT).toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--disable-extensions", "--no-first-run");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(RequiredTools.tool("chromedriver", CHROMIUM_HINT).toFile()).usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    private void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            byte[] png = ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES);
            Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            System.err.println("no screenshot " + name + ": " + e);
        }
    }

    private <T> T await(ExpectedCondition<T> condition, String what) {
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(100)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    private WebElement awaitElement(String css) {
        return await(d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null), "element " + css);
    }

    private void awaitGone(String css) {
        await(d -> d.findElements(By.cssSelector(css)).isEmpty() ? Boolean.TRUE : null, "no more " + css);
    }

    private void awaitText(String css, String part) {
        await(d -> d.findElements(By.cssSelector(css)).stream().anyMatch(e -> e.getText().contains(part)) ? Boolean.TRUE : null,
                css + " showing '" + part + "'");
    }

    /** Presses a two-step (arm, then confirm) button, finding it again for the second press. */
    private void confirmClick(String css) {
        awaitElement(css).click();
        awaitText(css, "Confirm");
        driver.findElement(By.cssSelector(css)).click();
    }

    private void open(String page) {
        driver.findElement(By.cssSelector("#nav a[data-page='" + page + "']")).click();
        awaitElement("#view[data-page='" + page + "']");
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException notYet) {
            return -1;
        }
    }

    private void logIn(String user, String password) {
        awaitElement("#login-form");
        driver.findElement(By.id("user")).clear();
        driver.findElement(By.id("user")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login-button")).click();
    }

    @Test
    void anAdministratorManagesTheServerFromTheBrowser() throws Exception {
        RequiredTools.tool("chromium", CHROMIUM_HINT);
        RequiredTools.tool("chromedriver", CHROMIUM_HINT);
        Sipp.require();
        fixture = new ServerFixture(home).dar(RegisterClient.DAR)
                .configure(b -> b.moduleParam("http.admin_password", PASSWORD));
        RegisterClient.deployRegistrar(fixture.deployDir());
        fixture.start();
        String base = "http://127.0.0.1:" + fixture.server().services().get(HttpInfo.class).port() + "/console/";
        driver = startBrowser();

        // a wrong password is refused, then the right one opens the dashboard
        driver.get(base);
        awaitElement("#login-form");
        assertTrue(driver.getCurrentUrl().endsWith("/console/login"), driver.getCurrentUrl());
        screenshot("01-login");
        logIn("admin", "not-the-password");
        awaitText("#login-message", "Wrong user name or password.");
        assertNull(driver.manage().getCookieNamed("sipconsole"));
        screenshot("02-login-refused");
        logIn("admin", PASSWORD);
        awaitElement("#view[data-page='dashboard'] #traffic-chart");
        Cookie session = driver.manage().getCookieNamed("sipconsole");
        assertTrue(session.isHttpOnly());
        assertEquals("Strict", session.getSameSite());
        assertEquals("admin", driver.findElement(By.id("who")).getText());

        // the traffic chart moves while SIPp registers users
        try (Sipp.Running sipp = Sipp.scenario("sipp/register.xml").remote(fixture.udpAddress()).udp()
                .service("user").calls(100).rate(20).start()) {
            await(d -> Double.parseDouble(d.findElement(By.cssSelector(
                    "#traffic-chart polyline[data-series='core:rcv_requests']")).getAttribute("data-max")) > 0
                    ? Boolean.TRUE : null, "the request rate charted above zero");
            await(d -> number(d.findElement(By.id("tile-contacts")).getText()) >= 60 ? Boolean.TRUE : null,
                    "60 registrations counted on the dashboard"); // a few seconds of chart for the screenshot
            assertEquals("0", driver.findElement(By.id("tile-dialogs")).getText(), "registrations are no dialogs");
            screenshot("03-dashboard");
            SippResult result = sipp.awaitResult();
            assertTrue(result.allSucceeded(), result.toString());
        }
        awaitText("#tile-contacts", "100");

        // the registrations: search, see the contact, remove it, remove a whole AOR
        open("registrations");
        WebElement search = awaitElement("#reg-search");
        search.sendKeys("user7");
        driver.findElement(By.id("reg-search-button")).click();
        awaitText("section.aor[data-aor='user7'] td.addr", "sip:user7@127.0.0.1:");
        String row = driver.findElement(By.cssSelector("section.aor[data-aor='user7'] tr.contact")).getText();
        assertTrue(row.contains("sipp-register-bench"), row);
        assertTrue(row.contains("udp:127.0.0.1:" + fixture.udpPort()), row);
        screenshot("04-registrations");
        confirmClick("section.aor[data-aor='user7'] button.remove-contact");
        awaitGone("section.aor[data-aor='user7']");
        LocationService location = fixture.server().services().get(LocationService.class);
        assertTrue(location.lookup("user7").isEmpty());
        search.clear();
        search.sendKeys("user8");
        driver.findElement(By.id("reg-search-button")).click();
        confirmClick("section.aor[data-aor='user8'] button.remove-aor");
        awaitGone("section.aor[data-aor='user8']");
        assertTrue(location.lookup("user8").isEmpty());
        assertFalse(location.lookup("user80").isEmpty(), "only the AOR asked for is removed");

        // applications: upload an archive, see it deployed, route to it, and it answers SIP
        open("applications");
        awaitElement("tr.app[data-file='registrar.sar'][data-state='deployed']");
        Path sar = SarBuilder.named("uas.sar").sipXml(SarBuilder.sipXml("uas", "uas", UasServlet.class.getName()))
                .withClasses(UasServlet.class).writeTo(home.resolve("upload"));
        driver.findElement(By.id("sar-file")).sendKeys(sar.toAbsolutePath().toString());
        driver.findElement(By.id("upload-button")).click();
        awaitElement("tr.app[data-file='uas.sar'][data-state='deployed'][data-application='uas']");
        awaitText("#upload-status", "application uas is deployed");
        screenshot("05-applications");

        WebElement dar = driver.findElement(By.id("dar-text"));
        dar.clear();
        dar.sendKeys("OPTIONS: (\"uas\", \"DAR:To\", \"SIDEWAYS\", \"\", \"NO_ROUTE\", \"0\")\n");
        driver.findElement(By.id("dar-save")).click();
        awaitText("#dar-status", "Line 1: unknown routing region 'SIDEWAYS'");
        assertEquals(RegisterClient.DAR, Files.readString(fixture.darFile()), "an invalid table is not saved");
        dar.clear();
        dar.sendKeys(ROUTES);
        driver.findElement(By.id("dar-save")).click();
        awaitText("#dar-status", "Saved; the router now uses it");
        awaitElement("#dar-routes");
        assertEquals(ROUTES, Files.readString(fixture.darFile()));
        screenshot("06-application-router");
        try (SipAgent agent = new SipAgent()) {
            for (String method : List.of("OPTIONS", "MESSAGE")) {
                ClientTransaction t = agent.send(agent.newRequest(method, "sip:uas@127.0.0.1:" + fixture.udpPort(),
                        agent.uri("caller"), "sip:uas@127.0.0.1"));
                assertEquals(200, agent.awaitFinalResponse(t, Duration.ofSeconds(5)).getStatusCode(), method);
            }
        }
        confirmClick("tr.app[data-file='uas.sar'] button.undeploy");
        awaitGone("tr.app[data-file='uas.sar']");
        fixture.awaitUndeployed("uas", WAIT);
        assertFalse(Files.exists(fixture.deployDir().resolve("uas.sar")));

        // this node, and the configuration as loaded with the password masked
        open("cluster");
        String node = fixture.server().config().nodeName();
        awaitText("tr.node[data-node='" + node + "']", node + " (this node)");
        screenshot("07-cluster");
        open("config");
        awaitText("tr[data-param='http.admin_password']", "********");
        assertFalse(driver.getPageSource().contains(PASSWORD));
        awaitText("tr[data-setting='deploy_dir']", fixture.deployDir().toString());
        screenshot("08-configuration");

        // logout ends the session: the page sends back to the login form
        driver.findElement(By.id("logout")).click();
        awaitText("#login-message", "You are logged out.");
        driver.get(base);
        awaitElement("#login-form");
        assertTrue(driver.getCurrentUrl().endsWith("/console/login"), driver.getCurrentUrl());
        screenshot("09-logged-out");

        // a marker proves the browser's log reaches the test, so an empty error list means something
        ((JavascriptExecutor) driver).executeScript("console.info('console-test-marker')");
        List<LogEntry> log = driver.manage().logs().get(LogType.BROWSER).getAll();
        assertTrue(log.stream().anyMatch(e -> e.getMessage().contains("console-test-marker")), log.toString());
        List<String> errors = log.stream().filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::toString).toList();
        assertEquals(List.of(), errors, "the browser console stays clean");
    }
}
