package io.sipcontainer.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a JUnit 5 test class against a real, embedded sipcontainer: before the first test the
 * container starts on ephemeral UDP and TCP ports of 127.0.0.1 (and HTTP on an ephemeral port),
 * with the applications named here deployed and the application router reading {@link #dar()};
 * after the last test it stops and its temporary folder is deleted. Test methods (and
 * {@code @BeforeEach}/{@code @AfterEach} methods) take a {@link SipContainer} parameter for the
 * container and a {@link SipClient} parameter for a SIP user agent of their own, closed after the
 * test.
 *
 * <pre>{@code
 * @SipContainerTest(servlets = HelloServlet.class, dar = "INVITE: hello")
 * class HelloServletTest {
 *     @Test
 *     void answersInvite(SipContainer container, SipClient client) {
 *         client.send(client.invite(container.sipUri("bob"))).expect(200);
 *     }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(SipContainerExtension.class)
public @interface SipContainerTest {

    /**
     * Servlet classes (and listener or POJO classes) packed into one exploded application,
     * {@code WEB-INF/classes}, with their nested classes and their packages' {@code package-info}
     * (which may carry {@code @SipApplication}). Empty: no such application.
     */
    Class<?>[] servlets() default {};

    /**
     * The file name (without {@code .sar}) of the application {@link #servlets()} builds, which is
     * its name unless annotations or a sip.xml name it.
     */
    String appName() default "app";

    /**
     * A folder copied to the root of the {@link #servlets()} application when it exists (relative to
     * the working directory, the module's folder under Maven): where a project keeps
     * {@code WEB-INF/sip.xml} and {@code WEB-INF/web.xml}.
     */
    String appRoot() default "src/main/sar";

    /** More applications: {@code .sar} files or exploded application folders (with {@code WEB-INF/}). */
    String[] apps() default {};

    /**
     * The Default Application Router's lines, one per method, as in {@code conf/dar.properties};
     * a line without a parenthesis is a short form, {@code "INVITE: a, b"}, for
     * {@code INVITE: ("a", "DAR:From", "ORIGINATING", "", "NO_ROUTE", "0"), ("b", ..., "1")}.
     */
    String[] dar() default {};

    /**
     * A DAR file ({@code conf/dar.properties} syntax, relative to the working directory) whose lines
     * come before those of {@link #dar()}; empty for none.
     */
    String darFile() default "";
}
