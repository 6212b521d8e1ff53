package io.sipcontainer.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import jakarta.servlet.sip.ServletParseException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Message bodies: text comes back as a String in its charset, anything else as bytes. */
class MessageContentTest {
    private final MessageTestSupport t = new MessageTestSupport();

    @AfterEach
    void stopScheduler() {
        t.context.close();
    }

    private SipServletRequestImpl outgoingMessage() throws ServletParseException {
        return RequestBuilder.initial(t.services, t.newSession(MessageTestSupport.CALL_ID), "MESSAGE",
                AddressParser.parse("<sip:alice@atlanta.example.com>"),
                AddressParser.parse("<sip:bob@biloxi.example.com>"), MessageTestSupport.CALL_ID);
    }

    @Test
    void noContentByDefault() throws Exception {
        SipServletRequestImpl m = outgoingMessage();
        assertNull(m.getContent());
        assertNull(m.getRawContent());
        assertEquals(0, m.getContentLength());
    }

    @Test
    void textContentComesBackAsStringInItsCharset() throws Exception {
        SipServletRequestImpl m = outgoingMessage();
        String text = "h\u00e9llo w\u00f6rld";
        m.setContent(text, "text/plain;charset=UTF-8");
        assertEquals(text, m.getContent());
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(utf8, m.getRawContent());
        assertEquals(utf8.length, m.getContentLength());
        assertEquals("UTF-8", m.getCharacterEncoding());
        assertTrue(m.getContentType().startsWith("text/plain"), m.getContentType());
    }

    @Test
    void textContentIsEncodedWithTheDeclaredCharset() throws Exception {
        SipServletRequestImpl m = outgoingMessage();
        m.setContent("caf\u00e9", "text/plain;charset=ISO-8859-1");
        assertArrayEquals("caf\u00e9".getBytes(StandardCharsets.ISO_8859_1), m.getRawContent());
        assertEquals(4, m.getContentLength());
        assertEquals("caf\u00e9", m.getContent());
    }

    @Test
    void binaryContentComesBackAsBytes() throws Exception {
        SipServletRequestImpl m = outgoingMessage();
        byte[] data = {0, 1, 2, (byte) 0xff, 42};
        m.setContent(data, "application/octet-stream");
        byte[] back = assertInstanceOf(byte[].class, m.getContent());
        assertArrayEquals(data, back);
        assertArrayEquals(data, m.getRawContent());
        assertEquals(5, m.getContentLength());
        assertEquals("application/octet-stream", m.getContentType());
    }

    @Test
    void sdpContentComesBackAsString() throws Exception {
        SipServletRequestImpl m = outgoingMessage();
        String sdp = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\n";
        m.setContent(sdp.getBytes(StandardCharsets.US_ASCII), "application/sdp");
        assertEquals(sdp, m.getContent());
    }

    @Test
    void contentOfOtherTypesIsRejected() throws Exception {
        SipServletRequestImpl m = outgoingMessage();
        assertThrows(IllegalArgumentException.class, () -> m.setContent(Integer.valueOf(42), "text/plain"));
        assertThrows(IllegalArgumentException.class, () -> m.setContent(new Object(), "application/octet-stream"));
        assertNull(m.getRawContent());
    }

    @Test
    void contentTypeIsRequired() throws Exception {
        SipServletRequestImpl m = outgoingMessage();
        assertThrows(IllegalArgumentException.class, () -> m.setContent("hi", null));
    }

    @Test
    void contentLengthMayBeSetOnAnOutgoingMessageOnlyWhileUncommitted() throws Exception {
        SipServletRequestImpl m = outgoingMessage();
        m.setContent("abc", "text/plain");
        m.setContentLength(3);
        assertEquals(3, m.getContentLength());
        m.send();
        assertThrows(IllegalStateException.class, () -> m.setContentLength(3));
    }

    @Test
    void receivedBodyIsReadable() throws Exception {
        String sdp = "v=0\r\no=alice 2890844526 2890844526 IN IP4 pc33.atlanta.example.com\r\ns=-\r\n";
        String raw = MessageTestSupport.invite()
                .replace("Content-Length: 0\n", "Content-Type: application/sdp\nContent-Length: " + sdp.length() + "\n")
                .replaceFirst("\n\n$", "\n\n" + sdp.replace("\r\n", "\n"));
        SipServletRequestImpl invite = t.receiveInitial(raw);
        assertEquals(sdp.length(), invite.getContentLength());
        assertEquals(sdp, invite.getContent());
        assertEquals("application/sdp", invite.getContentType());
    }
}
