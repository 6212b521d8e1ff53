package io.sipcontainer.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Reads a deployment descriptor into a W3C DOM whose elements remember the line they start on, so
 * that errors found while interpreting the document (not just syntax errors) can name a line. The
 * JDK's DocumentBuilder keeps no positions, hence the DOM is built here from the JDK's SAX parser.
 * Reading is locked down: no external DTD or entity is ever fetched (a SIP Servlet 1.0 sip.xml names
 * a DTD on the web, which must neither be downloaded nor let a crafted file read local files).
 */
public final class XmlDocumentReader {

    private static final String LINE_KEY = "io.sipcontainer.line";

    private XmlDocumentReader() {
    }

    /** Line the element starts on, or {@link DeploymentException#NO_LINE}. */
    public static int lineOf(Node node) {
        Object line = node.getUserData(LINE_KEY);
        return line instanceof Integer value ? value : DeploymentException.NO_LINE;
    }

    /**
     * Parses the stream.
     *
     * @throws SAXException for malformed XML; a {@link org.xml.sax.SAXParseException} carries the line
     */
    public static Document read(InputStream in, String systemId) throws IOException, SAXException {
        try {
            Document document = javax.xml.parsers.DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder().newDocument();
            InputSource source = new InputSource(in);
            source.setSystemId(systemId);
            newParser().parse(source, new DomBuilder(document));
            return document;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser lacks a required feature", e);
        }
    }

    private static SAXParser newParser() throws ParserConfigurationException, SAXException {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        SAXParser parser = factory.newSAXParser();
        parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return parser;
    }

    /** SAX handler appending each event to a DOM, tagging elements with their line. */
    private static final class DomBuilder extends DefaultHandler {
        private final Document document;
        private final Deque<Node> open = new ArrayDeque<>();
        private Locator locator;

        DomBuilder(Document document) {
            this.document = document;
            open.push(document);
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            Element element = document.createElementNS(uri.isEmpty() ? null : uri, qName);
            for (int i = 0; i < attributes.getLength(); i++) {
                String attributeUri = attributes.getURI(i);
                element.setAttributeNS(attributeUri.isEmpty() ? null : attributeUri,
                        attributes.getQName(i), attributes.getValue(i));
            }
            if (locator != null) {
                element.setUserData(LINE_KEY, locator.getLineNumber(), null);
            }
            open.peek().appendChild(element);
            open.push(element);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            open.pop();
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            Node parent = open.peek();
            if (parent != document) {
                parent.appendChild(document.createTextNode(new String(ch, start, length)));
            }
        }

        @Override
        public InputSource resolveEntity(String publicId, String systemId) {
            // Belt and braces with the features above: any external reference resolves to nothing.
            return new InputSource(new StringReader(""));
        }

        @Override
        public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
            throw e;
        }
    }
}
