package io.sipcontainer.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads {@code WEB-INF/sip.xml} of SIP Servlet 1.0, 1.1 and 2.0 into a {@link SipXml}: app-name,
 * display-name, context-param, listener, servlet (name, class, init-param, load-on-startup),
 * servlet-selection with main-servlet or servlet-mapping (also the 1.0 top-level servlet-mapping),
 * session-config/session-timeout and distributable. Elements it does not use (description, icon,
 * proxy-config, security...) are skipped. Every problem is a {@link DeploymentException} naming the
 * archive, the line and the reason; the checks that need annotations too (does the main servlet
 * exist?) are left to the merge in {@link DescriptorLoader}.
 */
public final class SipXmlParser {

    private static final String SIP_SERVLET_NAMESPACE = "http://www.jcp.org/xml/ns/sipservlet";

    private final DescriptorXml xml;
    private final MappingRuleParser rules;

    private SipXmlParser(String archiveName) {
        this.xml = new DescriptorXml(archiveName);
        this.rules = new MappingRuleParser(xml);
    }

    /** Parses a sip.xml file; {@code archiveName} is used in error messages. */
    public static SipXml parse(Path sipXml, String archiveName) throws DeploymentException {
        try (InputStream in = Files.newInputStream(sipXml)) {
            return parse(in, archiveName);
        } catch (IOException e) {
            throw new DeploymentException(archiveName, SarArchive.SIP_XML, DeploymentException.NO_LINE,
                    "cannot read: " + e, e);
        }
    }

    /** Parses sip.xml content; {@code archiveName} is used in error messages. */
    public static SipXml parse(InputStream in, String archiveName) throws DeploymentException {
        Document document;
        try {
            document = XmlDocumentReader.read(in, SarArchive.SIP_XML);
        } catch (SAXParseException e) {
            throw new DeploymentException(archiveName, SarArchive.SIP_XML, e.getLineNumber(),
                    "malformed XML: " + e.getMessage(), e);
        } catch (SAXException | IOException e) {
            throw new DeploymentException(archiveName, SarArchive.SIP_XML, DeploymentException.NO_LINE,
                    "cannot parse: " + e.getMessage(), e);
        }
        return new SipXmlParser(archiveName).read(document.getDocumentElement());
    }

    private SipXml read(Element root) throws DeploymentException {
        checkRoot(root);
        List<ServletMapping> mappings = new ArrayList<>();
        String mainServlet = readServletSelection(root, mappings);
        for (Element mapping : DescriptorXml.children(root, "servlet-mapping")) {
            if (mainServlet != null) {
                throw xml.error(mapping, "both <main-servlet> and <servlet-mapping> are given; use one");
            }
            mappings.add(readMapping(mapping));
        }
        return new SipXml(
                xml.optionalText(root, "app-name") == null ? null : xml.requiredText(root, "app-name"),
                firstText(root, "display-name"),
                readParams(root, "context-param"),
                readListeners(root),
                readServlets(root),
                mainServlet,
                mappings,
                readSessionTimeout(root),
                !DescriptorXml.children(root, "distributable").isEmpty(),
                "true".equalsIgnoreCase(root.getAttribute("metadata-complete").trim()));
    }

    private void checkRoot(Element root) throws DeploymentException {
        if (!DescriptorXml.nameOf(root).equals("sip-app")) {
            throw xml.error(root, "root element is <" + DescriptorXml.nameOf(root) + ">, expected <sip-app>");
        }
        String namespace = root.getNamespaceURI();
        if (namespace != null && !namespace.equals(SIP_SERVLET_NAMESPACE)) {
            throw xml.error(root, "<sip-app> is in namespace " + namespace + ", expected "
                    + SIP_SERVLET_NAMESPACE + " or none");
        }
    }

    /** Fills {@code mappings} and returns null, or returns the main servlet's name. */
    private String readServletSelection(Element root, List<ServletMapping> mappings) throws DeploymentException {
        Element selection = xml.optionalChild(root, "servlet-selection");
        if (selection == null) {
            return null;
        }
        Element main = xml.optionalChild(selection, "main-servlet");
        List<Element> mappingElements = DescriptorXml.children(selection, "servlet-mapping");
        if (main != null && !mappingElements.isEmpty()) {
            throw xml.error(mappingElements.get(0), "both <main-servlet> and <servlet-mapping> are given; use one");
        }
        if (main == null && mappingElements.isEmpty()) {
            throw xml.error(selection, "<servlet-selection> needs a <main-servlet> or <servlet-mapping>");
        }
        for (Element mapping : mappingElements) {
            mappings.add(readMapping(mapping));
        }
        if (main == null) {
            return null;
        }
        String name = DescriptorXml.text(main);
        if (name.isEmpty()) {
            throw xml.error(main, "<main-servlet> is empty");
        }
        return name;
    }

    private ServletMapping readMapping(Element mapping) throws DeploymentException {
        String servletName = xml.requiredText(mapping, "servlet-name");
        Element pattern = xml.optionalChild(mapping, "pattern");
        if (pattern == null) {
            throw xml.error(mapping, "<servlet-mapping> for '" + servletName + "' lacks <pattern>");
        }
        return new ServletMapping(servletName, rules.compilePattern(pattern));
    }

    private List<ServletDefinition> readServlets(Element root) throws DeploymentException {
        List<ServletDefinition> servlets = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Element servlet : DescriptorXml.children(root, "servlet")) {
            String name = xml.requiredText(servlet, "servlet-name");
            if (names.contains(name)) {
                throw xml.error(servlet, "servlet '" + name + "' is declared twice");
            }
            names.add(name);
            if (xml.optionalChild(servlet, "servlet-class") == null) {
                throw xml.error(servlet, "servlet '" + name + "' lacks <servlet-class>");
            }
            String className = xml.requiredText(servlet, "servlet-class");
            Element loadOnStartup = xml.optionalChild(servlet, "load-on-startup");
            servlets.add(new ServletDefinition(name, className, readParams(servlet, "init-param"),
                    readLoadOnStartup(loadOnStartup)));
        }
        return servlets;
    }

    /** Absent means "load lazily"; an empty element means "at startup, in no particular order". */
    private int readLoadOnStartup(Element element) throws DeploymentException {
        if (element == null) {
            return -1;
        }
        return DescriptorXml.text(element).isEmpty() ? 0 : xml.integer(element, "<load-on-startup>");
    }

    private Map<String, String> readParams(Element parent, String elementName) throws DeploymentException {
        Map<String, String> params = new LinkedHashMap<>();
        for (Element param : DescriptorXml.children(parent, elementName)) {
            String name = xml.requiredText(param, "param-name");
            String value = xml.optionalText(param, "param-value");
            if (params.putIfAbsent(name, value == null ? "" : value) != null) {
                throw xml.error(param, "<" + elementName + "> '" + name + "' is given twice");
            }
        }
        return params;
    }

    private List<String> readListeners(Element root) throws DeploymentException {
        List<String> listeners = new ArrayList<>();
        for (Element listener : DescriptorXml.children(root, "listener")) {
            listeners.add(xml.requiredText(listener, "listener-class"));
        }
        return listeners;
    }

    private Integer readSessionTimeout(Element root) throws DeploymentException {
        Element config = xml.optionalChild(root, "session-config");
        Element timeout = config == null ? null : xml.optionalChild(config, "session-timeout");
        return timeout == null ? null : xml.integer(timeout, "<session-timeout>");
    }

    /** display-name may repeat once per language; the first one is used. */
    private static String firstText(Element parent, String localName) {
        List<Element> elements = DescriptorXml.children(parent, localName);
        return elements.isEmpty() ? null : DescriptorXml.text(elements.get(0));
    }
}
