package io.sipcontainer.deploy;

import jakarta.servlet.sip.annotation.SipApplication;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges what sip.xml says with what the annotations say, the way the SIP Servlet specification
 * orders them (sip.xml wins where both speak, annotations fill the gaps, then defaults), and checks
 * the result: every class loads and is usable, servlet selection is unambiguous and names existing
 * servlets.
 */
final class DescriptorMerger {

    private final String archiveName;
    private final ClassLoader loader;

    DescriptorMerger(String archiveName, ClassLoader loader) {
        this.archiveName = archiveName;
        this.loader = loader;
    }

    SipAppDescriptor merge(SipXml xml, ScanResult scan, String defaultName) throws DeploymentException {
        SipApplication annotation = scan.application();
        String name = firstNonBlank(xml.appName(), annotation == null ? null : annotation.name(), defaultName);
        checkDeclaredApplicationNames(scan, name);
        String displayName = firstNonBlank(xml.displayName(),
                annotation == null ? null : annotation.displayName(), name);

        List<ServletDescriptor> servlets = servlets(xml, scan);
        String mainServlet = mainServlet(xml, annotation, servlets);
        checkMappings(xml.mappings(), servlets);

        int sessionTimeout = xml.sessionTimeoutMinutes() != null ? xml.sessionTimeoutMinutes()
                : annotation != null ? annotation.sessionTimeout()
                : SipAppDescriptor.DEFAULT_SESSION_TIMEOUT_MINUTES;
        boolean distributable = xml.distributable() || (annotation != null && annotation.distributable());

        return new SipAppDescriptor(name, displayName, xml.contextParams(), servlets, mainServlet,
                mainServlet == null ? xml.mappings() : List.of(), listeners(xml, scan), sessionTimeout,
                distributable, scan.applicationKeyMethod());
    }

    private void checkDeclaredApplicationNames(ScanResult scan, String name) throws DeploymentException {
        for (Map.Entry<String, String> declared : scan.declaredApplicationNames().entrySet()) {
            if (!declared.getValue().equals(name)) {
                throw new DeploymentException(archiveName, declared.getKey() + " declares applicationName '"
                        + declared.getValue() + "' but this archive's application is '" + name + "'");
            }
        }
    }

    /** sip.xml servlets, then annotated ones whose name sip.xml does not use. */
    private List<ServletDescriptor> servlets(SipXml xml, ScanResult scan) throws DeploymentException {
        Map<String, ServletDefinition> definitions = new LinkedHashMap<>();
        for (ServletDefinition definition : xml.servlets()) {
            definitions.put(definition.name(), definition);
        }
        for (ServletDefinition definition : scan.servlets()) {
            definitions.putIfAbsent(definition.name(), definition);
        }
        List<ServletDescriptor> servlets = new ArrayList<>(definitions.size());
        for (ServletDefinition definition : definitions.values()) {
            Class<?> type = loadClass(definition.className(), "servlet '" + definition.name() + "'");
            Map<Class<? extends Annotation>, List<Method>> handlers =
                    ServletClasses.check(type, definition.name(), archiveName);
            servlets.add(new ServletDescriptor(definition.name(), definition.className(), type,
                    definition.initParams(), definition.loadOnStartup(), handlers));
        }
        if (servlets.isEmpty()) {
            throw new DeploymentException(archiveName, "the application defines no servlet (neither in "
                    + "WEB-INF/sip.xml nor as a @SipServlet class in WEB-INF/classes or WEB-INF/lib)");
        }
        return servlets;
    }

    /** The main servlet's name, or null when sip.xml selects servlets with mapping rules. */
    private String mainServlet(SipXml xml, SipApplication annotation, List<ServletDescriptor> servlets)
            throws DeploymentException {
        String annotated = annotation == null || annotation.mainServlet().isBlank()
                ? null : annotation.mainServlet().trim();
        if (!xml.mappings().isEmpty()) {
            if (annotated != null) {
                throw new DeploymentException(archiveName, "both a main servlet (@SipApplication mainServlet '"
                        + annotated + "') and servlet-mapping rules (sip.xml) are given; use one");
            }
            return null;
        }
        String main = xml.mainServlet() != null ? xml.mainServlet() : annotated;
        if (main == null) {
            if (servlets.size() > 1) {
                throw new DeploymentException(archiveName, servlets.size() + " servlets " + names(servlets)
                        + " and no main servlet: name one in sip.xml <servlet-selection><main-servlet> or in"
                        + " @SipApplication(mainServlet = ...), or give servlet-mapping rules");
            }
            return servlets.get(0).name();
        }
        if (!names(servlets).contains(main)) {
            throw new DeploymentException(archiveName, "main servlet '" + main + "' is not a servlet of the"
                    + " application; servlets: " + names(servlets));
        }
        return main;
    }

    private void checkMappings(List<ServletMapping> mappings, List<ServletDescriptor> servlets)
            throws DeploymentException {
        for (ServletMapping mapping : mappings) {
            if (!names(servlets).contains(mapping.servletName())) {
                throw new DeploymentException(archiveName, "servlet-mapping names unknown servlet '"
                        + mapping.servletName() + "'; servlets: " + names(servlets));
            }
        }
    }

    private List<String> listeners(SipXml xml, ScanResult scan) throws DeploymentException {
        Set<String> classNames = new LinkedHashSet<>(xml.listenerClasses());
        classNames.addAll(scan.listenerClasses());
        for (String className : classNames) {
            Class<?> type = loadClass(className, "listener");
            if (!EventListener.class.isAssignableFrom(type)) {
                throw new DeploymentException(archiveName, "listener " + className
                        + " implements no listener interface (java.util.EventListener)");
            }
        }
        return List.copyOf(classNames);
    }

    private Class<?> loadClass(String className, String role) throws DeploymentException {
        try {
            return Class.forName(className, false, loader);
        } catch (ClassNotFoundException e) {
            throw new DeploymentException(archiveName, role + ": class " + className
                    + " is not in WEB-INF/classes or WEB-INF/lib", e);
        } catch (LinkageError e) {
            throw new DeploymentException(archiveName, role + ": class " + className + " cannot be loaded: " + e, e);
        }
    }

    private static List<String> names(List<ServletDescriptor> servlets) {
        return servlets.stream().map(ServletDescriptor::name).toList();
    }

    private static String firstNonBlank(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate.trim();
            }
        }
        return null;
    }
}
