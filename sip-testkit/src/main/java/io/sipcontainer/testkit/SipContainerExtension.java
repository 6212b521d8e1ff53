package io.sipcontainer.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 side of {@link SipContainerTest}: starts one {@link SipContainer} per test class
 * (starting a container costs about a second; its applications' state is the test's to reset), and
 * gives each test method its own {@link SipClient}. Both are kept in JUnit's extension store as
 * closeable resources, so JUnit closes the client after its test and the container after its class,
 * whether the tests passed or not.
 */
public final class SipContainerExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SipContainerExtension.class);

    /** Adapts an {@link AutoCloseable} to the store's resource type (whose name changed in JUnit 5.13). */
    private record Resource<T extends AutoCloseable>(T value) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Exception {
            value.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        SipContainerTest settings = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), SipContainerTest.class)
                .orElseThrow(() -> new ExtensionConfigurationException(
                        "SipContainerExtension needs @SipContainerTest on " + context.getRequiredTestClass()));
        Path baseDir = Files.createTempDirectory("sipcontainer-test-");
        try {
            prepare(baseDir, settings);
            SipContainer container = SipContainer.start(baseDir);
            context.getStore(NAMESPACE).put(SipContainer.class, new Resource<>(container));
        } catch (Exception | Error e) {
            SipContainer.deleteTree(baseDir);
            throw e;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == SipContainer.class || type == SipClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == SipContainer.class) {
            return container(context);
        }
        // one client per test method, shared by its @BeforeEach, test and @AfterEach methods
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        @SuppressWarnings("unchecked")
        Resource<SipClient> client = store.getOrComputeIfAbsent(SipClient.class,
                k -> new Resource<>(new SipClient()), Resource.class);
        return client.value();
    }

    private static SipContainer container(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Resource<?> r = c.getStore(NAMESPACE).get(SipContainer.class, Resource.class);
            if (r != null) {
                return (SipContainer) r.value();
            }
        }
        throw new ParameterResolutionException("no container: the test class needs @SipContainerTest");
    }

    /** Lays out deploy/ (the applications) and conf/dar.properties under {@code baseDir}. */
    private static void prepare(Path baseDir, SipContainerTest settings) throws IOException {
        Path deploy = Files.createDirectories(baseDir.resolve("deploy"));
        Files.createDirectories(baseDir.resolve("work"));
        Path conf = Files.createDirectories(baseDir.resolve("conf"));
        String dar = DarLines.toText(settings.dar());
        if (!settings.darFile().isEmpty()) {
            dar = Files.readString(Path.of(settings.darFile()), StandardCharsets.UTF_8) + "\n" + dar;
        }
        Files.writeString(conf.resolve("dar.properties"), dar, StandardCharsets.UTF_8);
        if (settings.servlets().length > 0) {
            Path app = deploy.resolve(settings.appName() + ".sar");
            Path root = Path.of(settings.appRoot());
            if (!settings.appRoot().isEmpty() && Files.isDirectory(root)) {
                ExplodedApp.copyTree(root, app);
            }
            ExplodedApp.writeClasses(app, settings.servlets());
        }
        for (String location : settings.apps()) {
            Path source = Path.of(location);
            if (!Files.exists(source)) {
                throw new ExtensionConfigurationException("no application at " + source.toAbsolutePath());
            }
            String name = source.getFileName().toString();
            Path target = deploy.resolve(name.endsWith(".sar") ? name : name + ".sar");
            if (Files.isDirectory(source)) {
                ExplodedApp.copyTree(source, target);
            } else {
                Files.copy(source, target);
            }
        }
    }
}
