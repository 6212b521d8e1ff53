package io.sipcontainer.http.webapp;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.DispatcherType;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import io.sipcontainer.deploy.DeploymentException;
import io.sipcontainer.deploy.XmlDocumentReader;

/**
 * Reads {@code WEB-INF/web.xml} (Servlet 2.5 to 6.0, any of the Java EE / Jakarta EE namespaces or
 * none) into a {@link WebXml}: context-param, servlet (name, class, init-param, load-on-startup,
 * async-supported), servlet-mapping, filter, filter-mapping (url-pattern, servlet-name, dispatcher),
 * listener, session-config/session-timeout and welcome-file-list. Security constraints and login
 * configuration are refused rather than skipped: an application relying on them would otherwise run
 * with its protected pages open. Other elements (description, icon, mime-mapping...) are skipped.
 * Every problem is a {@link DeploymentException} naming the archive, the line and the reason.
 */
public final class WebXmlParser {
    public static final String WEB_XML = "WEB-INF/web.xml";

    private final String archiveName;
    private final Map<String, Integer> lines = new LinkedHashMap<>();

    /** What web.xml declares, whether it forbids annotation scanning, and where each class is named. */
    public record WebXml(WebApp app, boolean metadataComplete, Map<String, Integer> lines) {
        /** Line naming a servlet, filter or listener class (keys "servlet:name", "filter:name", "listener:class"). */
        public int lineOf(String key) {
            return lines.getOrDefault(key, DeploymentException.NO_LINE);
        }
    }

    private WebXmlParser(String archiveName) {
        this.archiveName = archiveName;
    }

    public static WebXml parse(InputStream in, String archiveName) throws DeploymentException {
        Document document;
        try {
            document = XmlDocumentReader.read(in, WEB_XML);
        } catch (SAXParseException e) {
            throw new DeploymentException(archiveName, WEB_XML, e.getLineNumber(), "malformed XML: " + e.getMessage(), e);
        } catch (SAXException | IOException e) {
            throw new DeploymentException(archiveName, WEB_XML, DeploymentException.NO_LINE,
                    "cannot parse: " + e.getMessage(), e);
        }
        return new WebXmlParser(archiveName).read(document.getDocumentElement());
    }

    private WebXml read(Element root) throws DeploymentException {
        if (!"web-app".equals(nameOf(root))) {
            throw error(root, "the root element must be <web-app>, not <" + nameOf(root) + ">");
        }
        for (String refused : List.of("security-constraint", "login-config")) {
            for (Element e : children(root, refused)) {
                throw error(e, "<" + refused + "> is not supported by this container; its protection would"
                        + " not be enforced, so the application is refused");
            }
        }
        Map<String, String> contextParams = new LinkedHashMap<>();
        for (Element p : children(root, "context-param")) {
            contextParams.put(requiredText(p, "param-name"), optionalText(p, "param-value", ""));
        }
        List<WebApp.Servlet> servlets = new ArrayList<>();
        for (Element s : children(root, "servlet")) {
            servlets.add(servlet(s));
        }
        List<WebApp.ServletMapping> mappings = new ArrayList<>();
        for (Element m : children(root, "servlet-mapping")) {
            String name = requiredText(m, "servlet-name");
            List<Element> patterns = children(m, "url-pattern");
            if (patterns.isEmpty()) {
                throw error(m, "<servlet-mapping> of '" + name + "' has no <url-pattern>");
            }
            for (Element p : patterns) {
                mappings.add(new WebApp.ServletMapping(name, text(p), XmlDocumentReader.lineOf(p)));
            }
        }
        List<WebApp.Filter> filters = new ArrayList<>();
        for (Element f : children(root, "filter")) {
            String name = requiredText(f, "filter-name");
            checkUnique("filter:" + name, f, "filter");
            filters.add(new WebApp.Filter(name, requiredText(f, "filter-class"), initParams(f), async(f)));
        }
        List<WebApp.FilterMapping> filterMappings = new ArrayList<>();
        for (Element m : children(root, "filter-mapping")) {
            filterMappings.add(filterMapping(m));
        }
        List<String> listeners = new ArrayList<>();
        for (Element l : children(root, "listener")) {
            String className = requiredText(l, "listener-class");
            lines.putIfAbsent("listener:" + className, XmlDocumentReader.lineOf(l));
            listeners.add(className);
        }
        Integer timeout = null;
        for (Element c : children(root, "session-config")) {
            for (Element t : children(c, "session-timeout")) {
                timeout = integer(t, "<session-timeout>");
            }
        }
        List<String> welcome = new ArrayList<>();
        for (Element w : children(root, "welcome-file-list")) {
            for (Element f : children(w, "welcome-file")) {
                welcome.add(text(f));
            }
        }
        boolean metadataComplete = "true".equalsIgnoreCase(root.getAttribute("metadata-complete").trim());
        WebApp app = new WebApp(contextParams, servlets, mappings, filters, filterMappings, listeners, timeout, welcome);
        return new WebXml(app, metadataComplete, Map.copyOf(lines));
    }

    private WebApp.Servlet servlet(Element s) throws DeploymentException {
        String name = requiredText(s, "servlet-name");
        checkUnique("servlet:" + name, s, "servlet");
        if (!children(s, "jsp-file").isEmpty()) {
            throw error(children(s, "jsp-file").get(0), "servlet '" + name + "': JSP is not supported");
        }
        String className = requiredText(s, "servlet-class");
        Integer loadOnStartup = null;
        for (Element l : children(s, "load-on-startup")) {
            // an empty element means "some time during start-up"
            loadOnStartup = text(l).isEmpty() ? 0 : integer(l, "<load-on-startup>");
        }
        return new WebApp.Servlet(name, className, initParams(s), loadOnStartup, async(s));
    }

    private WebApp.FilterMapping filterMapping(Element m) throws DeploymentException {
        String name = requiredText(m, "filter-name");
        List<String> patterns = new ArrayList<>();
        for (Element p : children(m, "url-pattern")) {
            patterns.add(text(p));
        }
        List<String> servletNames = new ArrayList<>();
        for (Element n : children(m, "servlet-name")) {
            servletNames.add(text(n));
        }
        if (patterns.isEmpty() && servletNames.isEmpty()) {
            throw error(m, "<filter-mapping> of '" + name + "' has neither <url-pattern> nor <servlet-name>");
        }
        Set<DispatcherType> dispatchers = EnumSet.noneOf(DispatcherType.class);
        for (Element d : children(m, "dispatcher")) {
            try {
                dispatchers.add(DispatcherType.valueOf(text(d).toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw error(d, "unknown <dispatcher> '" + text(d) + "'; expected REQUEST, FORWARD, INCLUDE, ASYNC or ERROR");
            }
        }
        if (dispatchers.isEmpty()) {
            dispatchers.add(DispatcherType.REQUEST);
        }
        lines.putIfAbsent("filter-mapping:" + name, XmlDocumentReader.lineOf(m));
        return new WebApp.FilterMapping(name, patterns, servletNames, dispatchers);
    }

    private Map<String, String> initParams(Element parent) throws DeploymentException {
        Map<String, String> params = new LinkedHashMap<>();
        for (Element p : children(parent, "init-param")) {
            params.put(requiredText(p, "param-name"), optionalText(p, "param-value", ""));
        }
        return params;
    }

    private boolean async(Element parent) throws DeploymentException {
        for (Element a : children(parent, "async-supported")) {
            String value = text(a);
            if (!value.equals("true") && !value.equals("false")) {
                throw error(a, "<async-supported> must be true or false, not '" + value + "'");
            }
            return value.equals("true");
        }
        return false;
    }

    private void checkUnique(String key, Element at, String what) throws DeploymentException {
        Integer previous = lines.putIfAbsent(key, XmlDocumentReader.lineOf(at));
        if (previous != null) {
            throw error(at, "a second <" + what + "> named '" + key.substring(key.indexOf(':') + 1)
                    + "' (the first is on line " + previous + ")");
        }
    }

    private int integer(Element e, String what) throws DeploymentException {
        try {
            return Integer.parseInt(text(e));
        } catch (NumberFormatException ex) {
            throw error(e, what + " must be an integer, not '" + text(e) + "'");
        }
    }

    private String requiredText(Element parent, String name) throws DeploymentException {
        List<Element> found = children(parent, name);
        if (found.isEmpty() || text(found.get(0)).isEmpty()) {
            throw error(found.isEmpty() ? parent : found.get(0),
                    "<" + nameOf(parent) + "> lacks a non-empty <" + name + ">");
        }
        if (found.size() > 1) {
            throw error(found.get(1), "<" + nameOf(parent) + "> has more than one <" + name + ">");
        }
        return text(found.get(0));
    }

    private static String optionalText(Element parent, String name, String def) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? def : text(found.get(0));
    }

    private DeploymentException error(Node at, String reason) {
        return new DeploymentException(archiveName, WEB_XML, XmlDocumentReader.lineOf(at), reason, null);
    }

    private static String nameOf(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    }

    private static String text(Element e) {
        return e.getTextContent().trim();
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && nameOf(e).equals(localName)) {
                found.add(e);
            }
        }
        return found;
    }
}
