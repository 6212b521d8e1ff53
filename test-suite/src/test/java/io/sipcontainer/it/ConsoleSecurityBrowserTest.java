package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sipcontainer.http.AuditLog;
import io.sipcontainer.http.HttpInfo;
import io.sipcontainer.it.RegisterClient.Reply;
import io.sipcontainer.it.support.RequiredTools;
import io.sipcontainer.it.support.ServerFixture;

/**
 * The console's defences in headless Chromium, as an attacker would try them in a browser: markup
 * a phone put in its registration (User-Agent, contact) is shown as text and never runs; a form
 * post or a script call without the session's anti-CSRF token, or with a wrong one, is refused and
 * changes nothing; and after repeated wrong passwords even the right one is refused for a while,
 * with the login form saying why.
 */
class ConsoleSecurityBrowserTest {
    private static final String CHROMIUM_HINT = "install Chromium and its WebDriver: apt-get install chromium chromium-driver";
    private static final String PASSWORD = "security-pw-3";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String USER_AGENT = "<script>window.xss=1</script><img src=x onerror=\"window.xss=2\">";

    @TempDir
    Path home;
    private ServerFixture fixture;
    private WebDriver driver;
    private final ListAppender<ILoggingEvent> audit = new ListAppender<>();
    private final Logger auditLog = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);

    @AfterEach
    void tearDown() {
        auditLog.detachAppender(audit);
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

    private WebElement awaitElement(String css) {
        return await(d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null), "element " + css);
    }

    private void awaitText(String css, String part) {
        await(d -> d.findElements(By.cssSelector(css)).stream().anyMatch(e -> e.getText().contains(part)) ? Boolean.TRUE : null,
                css + " showing '" + part + "'");
    }

    private void logIn(String password) {
        awaitElement("#login-form");
        driver.findElement(By.id("user")).clear();
        driver.findElement(By.id("user")).sendKeys("admin");
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login-button")).click();
    }

    private Object script(String asyncScript) {
        return ((JavascriptExecutor) driver).executeAsyncScript(asyncScript);
    }

    private List<String> auditLines() {
        return audit.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void markupIsEscapedCallsWithoutTheCsrfTokenAreRefusedAndRepeatedFailuresLockTheLoginOut() throws Exception {
        RequiredTools.tool("chromium", CHROMIUM_HINT);
        RequiredTools.tool("chromedriver", CHROMIUM_HINT);
        fixture = new ServerFixture(home).dar(RegisterClient.DAR).configure(b -> b
                .moduleParam("http.admin_password", PASSWORD).moduleParam("http.login_max_failures", "3")
                .moduleParam("http.login_lockout", "600"));
        RegisterClient.deployRegistrar(fixture.deployDir());
        fixture.start();
        try (RegisterClient phone = new RegisterClient(fixture.udpAddress())) {
            Reply ok = phone.register("mallory", "Contact: <sip:mal&lt;b&gt;@127.0.0.1:" + phone.port() + ">",
                    "User-Agent: " + USER_AGENT, "Expires: 600");
            assertEquals(200, ok.status(), ok.toString());
        }
        audit.start();
        auditLog.addAppender(audit);
        String base = "http://127.0.0.1:" + fixture.server().services().get(HttpInfo.class).port() + "/console/";
        driver = ConsoleBrowserTest.startBrowser();
        driver.get(base);
        logIn(PASSWORD);
        awaitElement("#view[data-page='dashboard']");

        // what the phone wrote is shown as text: no element made of it, no script run
        driver.findElement(By.cssSelector("#nav a[data-page='registrations']")).click();
        WebElement search = awaitElement("#reg-search");
        search.sendKeys("mallory");
        driver.findElement(By.id("reg-search-button")).click();
        awaitText("section.aor[data-aor='mallory'] tr.contact", USER_AGENT);
        WebElement row = driver.findElement(By.cssSelector("section.aor[data-aor='mallory'] tr.contact"));
        assertTrue(row.getText().contains("sip:mal&lt;b&gt;@127.0.0.1"), "entities stay literal: " + row.getText());
        assertEquals(List.of(), row.findElements(By.cssSelector("script, img")), "no element built from the data");
        assertNull(((JavascriptExecutor) driver).executeScript("return window.xss === undefined ? null : window.xss;"),
                "no script from the registration ran");

        // script calls without the token, or with a wrong one, are refused and the session lives on
        @SuppressWarnings("unchecked")
        Map<String, Object> statuses = (Map<String, Object>) script("""
                const done = arguments[arguments.length - 1];
                const post = (headers) => fetch('api/logout', { method: 'POST', headers }).then((r) => r.status);
                Promise.all([post({}), post({ 'X-CSRF-Token': 'forged' })])
                  .then(async ([none, wrong]) => {
                    const session = await (await fetch('api/session')).json();
                    done({ none, wrong, authenticated: session.authenticated });
                  }).catch((e) => done({ error: String(e) }));
                """);
        assertEquals(403L, statuses.get("none"), statuses.toString());
        assertEquals(403L, statuses.get("wrong"), statuses.toString());
        assertEquals(Boolean.TRUE, statuses.get("authenticated"), "the refused logouts did not log out");

        // a plain HTML form cannot carry the header: refused, and nothing is done
        ((JavascriptExecutor) driver).executeScript("""
                const form = document.createElement('form');
                form.method = 'post';
                form.action = 'api/dar/reload';
                document.body.appendChild(form);
                form.submit();
                """);
        await(d -> d.getPageSource().contains("missing or wrong X-CSRF-Token header") ? Boolean.TRUE : null,
                "the form post refused");
        assertEquals(List.of(), auditLines(), "no state-changing action was carried out");

        // log out, then three wrong passwords lock this address out: the right one is refused too
        driver.get(base);
        awaitElement("#view[data-page='dashboard']");
        driver.findElement(By.id("logout")).click();
        awaitText("#login-message", "You are logged out.");
        for (int i = 0; i < 3; i++) {
            logIn("guess-" + i);
            awaitText("#login-message", "Wrong user name or password.");
        }
        logIn(PASSWORD);
        awaitText("#login-message", "Too many failed logins from this address");
        assertTrue(driver.getCurrentUrl().endsWith("/console/login?locked"), driver.getCurrentUrl());
        assertNull(driver.manage().getCookieNamed("sipconsole"), "no session while locked out");
        driver.get(base);
        awaitElement("#login-form");
    }
}
