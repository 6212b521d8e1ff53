package io.sipcontainer.deploy;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Navigation over a sip.xml DOM by local element name, with errors that name the archive, the file
 * and the element's line. Matching on local names lets one reader accept the SIP Servlet 1.0 form
 * (no namespace), 1.1/2.0 (sipservlet namespace) and their elements borrowed from the Java EE /
 * Jakarta EE namespaces ({@code <javaee:servlet-name>}).
 */
final class DescriptorXml {

    private final String archiveName;

    DescriptorXml(String archiveName) {
        this.archiveName = archiveName;
    }

    String archiveName() {
        return archiveName;
    }

    DeploymentException error(Node at, String reason) {
        return new DeploymentException(archiveName, SarArchive.SIP_XML, XmlDocumentReader.lineOf(at), reason, null);
    }

    static String nameOf(Element element) {
        return element.getLocalName() != null ? element.getLocalName() : element.getTagName();
    }

    static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }

    static List<Element> children(Element parent, String localName) {
        List<Element> elements = new ArrayList<>();
        for (Element child : children(parent)) {
            if (nameOf(child).equals(localName)) {
                elements.add(child);
            }
        }
        return elements;
    }

    /** The single child of that name, or null when absent; more than one is an error. */
    Element optionalChild(Element parent, String localName) throws DeploymentException {
        List<Element> matches = children(parent, localName);
        if (matches.size() > 1) {
            throw error(matches.get(1), "<" + nameOf(parent) + "> has more than one <" + localName + ">");
        }
        return matches.isEmpty() ? null : matches.get(0);
    }

    /** Trimmed text of the single child of that name; absent or blank is an error. */
    String requiredText(Element parent, String localName) throws DeploymentException {
        Element child = optionalChild(parent, localName);
        if (child == null) {
            throw error(parent, "<" + nameOf(parent) + "> lacks <" + localName + ">");
        }
        String text = text(child);
        if (text.isEmpty()) {
            throw error(child, "<" + localName + "> is empty");
        }
        return text;
    }

    /** Trimmed text of the single child of that name, or null when absent. */
    String optionalText(Element parent, String localName) throws DeploymentException {
        Element child = optionalChild(parent, localName);
        return child == null ? null : text(child);
    }

    static String text(Element element) {
        return element.getTextContent().trim();
    }

    int integer(Element element, String what) throws DeploymentException {
        String text = text(element);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw error(element, what + " must be an integer, not '" + text + "'");
        }
    }
}
