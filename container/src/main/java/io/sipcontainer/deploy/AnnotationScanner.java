package io.sipcontainer.deploy;

import jakarta.servlet.sip.SipServletRequest;
import jakarta.servlet.sip.annotation.SipApplication;
import jakarta.servlet.sip.annotation.SipApplicationKey;
import jakarta.servlet.sip.annotation.SipListener;
import jakarta.servlet.sip.annotation.SipServlet;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the SIP Servlet annotations of an application: {@code @SipApplication} (on a package-info
 * or a class), {@code @SipServlet} (on SipServlet subclasses and on 2.0 POJOs with handler methods),
 * {@code @SipListener} and {@code @SipApplicationKey}. Every class under {@code WEB-INF/classes}
 * and in {@code WEB-INF/lib/*.jar} is a candidate; it is loaded through the application's class
 * loader (without running static initialisers) and one that fails to load is skipped with a
 * warning, since libraries often reference optional dependencies the application never uses.
 *
 * <p>Only classes whose bytes mention the annotation package are loaded: a class carrying one of
 * these annotations must name it in its constant pool, and skipping the rest keeps deployment of an
 * application with large libraries from defining thousands of classes nobody asked for.
 * Annotations are read from the class itself, not inherited from superclasses.
 */
public final class AnnotationScanner {

    private static final Logger LOG = LoggerFactory.getLogger(AnnotationScanner.class);

    private static final byte[] ANNOTATION_PACKAGE_MARKER =
            "jakarta/servlet/sip/annotation/".getBytes(StandardCharsets.US_ASCII);

    private final String archiveName;
    private final ClassLoader loader;
    private final List<SipApplication> applications = new ArrayList<>();
    private final Map<String, ServletDefinition> servlets = new LinkedHashMap<>();
    private final Map<String, String> servletClassByName = new LinkedHashMap<>();
    private final List<String> listeners = new ArrayList<>();
    private final List<Method> keyMethods = new ArrayList<>();
    private final Map<String, String> declaredApplicationNames = new LinkedHashMap<>();

    private AnnotationScanner(String archiveName, ClassLoader loader) {
        this.archiveName = archiveName;
        this.loader = loader;
    }

    /**
     * Scans the archive's classes and jars through {@code loader}, which must see them (normally
     * the application's {@link AppClassLoader}).
     */
    public static ScanResult scan(SarArchive archive, ClassLoader loader) throws DeploymentException {
        AnnotationScanner scanner = new AnnotationScanner(archive.name(), loader);
        for (String className : ClassFileFinder.annotatedCandidates(archive, ANNOTATION_PACKAGE_MARKER)) {
            Class<?> type = scanner.load(className);
            if (type != null) {
                scanner.inspect(type);
            }
        }
        return scanner.result();
    }

    private Class<?> load(String className) {
        try {
            return Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.warn("{}: skipping class {} while scanning annotations: {}", archiveName, className, e.toString());
            return null;
        }
    }

    private void inspect(Class<?> type) throws DeploymentException {
        try {
            inspectApplication(type);
            inspectServlet(type);
            inspectListener(type);
            inspectKeyMethods(type);
        } catch (LinkageError | TypeNotPresentException e) {
            // Reflection resolves signatures lazily: a method mentioning a missing class fails here.
            LOG.warn("{}: skipping class {} while scanning annotations: {}", archiveName, type.getName(), e.toString());
        }
    }

    private void inspectApplication(Class<?> type) throws DeploymentException {
        SipApplication application = type.getDeclaredAnnotation(SipApplication.class);
        if (application == null) {
            return;
        }
        if (application.name().isBlank()) {
            throw new DeploymentException(archiveName, "@SipApplication on " + where(type) + " has an empty name");
        }
        if (!applications.isEmpty()) {
            throw new DeploymentException(archiveName, "more than one @SipApplication: '"
                    + applications.get(0).name() + "' and '" + application.name() + "' on " + where(type));
        }
        applications.add(application);
    }

    private void inspectServlet(Class<?> type) throws DeploymentException {
        SipServlet annotation = type.getDeclaredAnnotation(SipServlet.class);
        if (annotation == null) {
            return;
        }
        String name = annotation.name().isBlank() ? type.getSimpleName() : annotation.name().trim();
        String previous = servletClassByName.putIfAbsent(name, type.getName());
        if (previous != null) {
            throw new DeploymentException(archiveName, "two @SipServlet classes are named '" + name + "': "
                    + previous + " and " + type.getName());
        }
        // Checks the handler signatures now, so a mistake is reported even if sip.xml overrides the name.
        ServletClasses.check(type, name, archiveName);
        servlets.put(name, new ServletDefinition(name, type.getName(), Map.of(), annotation.loadOnStartup()));
        declareApplicationName(type, annotation.applicationName());
    }

    private void inspectListener(Class<?> type) {
        SipListener annotation = type.getDeclaredAnnotation(SipListener.class);
        if (annotation != null) {
            listeners.add(type.getName());
            declareApplicationName(type, annotation.applicationName());
        }
    }

    private void inspectKeyMethods(Class<?> type) throws DeploymentException {
        for (Method method : type.getDeclaredMethods()) {
            SipApplicationKey annotation = method.getDeclaredAnnotation(SipApplicationKey.class);
            if (annotation == null) {
                continue;
            }
            int modifiers = method.getModifiers();
            if (!Modifier.isPublic(modifiers) || !Modifier.isStatic(modifiers)
                    || method.getReturnType() != String.class
                    || method.getParameterCount() != 1 || method.getParameterTypes()[0] != SipServletRequest.class) {
                throw new DeploymentException(archiveName, "@SipApplicationKey method " + type.getName() + "."
                        + method.getName() + " must be public static String " + method.getName()
                        + "(SipServletRequest)");
            }
            if (!keyMethods.isEmpty()) {
                Method first = keyMethods.get(0);
                throw new DeploymentException(archiveName, "more than one @SipApplicationKey method: "
                        + first.getDeclaringClass().getName() + "." + first.getName() + " and "
                        + type.getName() + "." + method.getName());
            }
            keyMethods.add(method);
            declareApplicationName(type, annotation.applicationName());
        }
    }

    private void declareApplicationName(Class<?> type, String applicationName) {
        if (!applicationName.isBlank()) {
            declaredApplicationNames.put(type.getName(), applicationName.trim());
        }
    }

    private static String where(Class<?> type) {
        return type.getSimpleName().equals("package-info") ? "package " + type.getPackageName() : type.getName();
    }

    private ScanResult result() {
        return new ScanResult(applications.isEmpty() ? null : applications.get(0), List.copyOf(servlets.values()),
                listeners, keyMethods.isEmpty() ? null : keyMethods.get(0), declaredApplicationNames);
    }
}
