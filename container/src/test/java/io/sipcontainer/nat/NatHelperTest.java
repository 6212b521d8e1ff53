package io.sipcontainer.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import javax.sip.SipFactory;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.StringMsgParser;

import org.junit.jupiter.api.Test;

import io.sipcontainer.message.MessageServices;
import io.sipcontainer.message.SipServletRequestImpl;
import io.sipcontainer.service.NatService;
import io.sipcontainer.transport.Connector;

/** nathelper's fixes on real container messages: what each writes into the Contact and the routing. */
class NatHelperTest {
    private final NatService nat = new NatHelper(6, 7);
    private final MessageServices services;

    NatHelperTest() throws Exception {
        SipFactory f = SipFactory.getInstance();
        f.setPathName("gov.nist");
        services = new MessageServices(f.createMessageFactory(), f.createHeaderFactory(), f.createAddressFactory(), null,
                "test");
    }

    /** An INVITE over {@code transport} from {@code sourceIp:sourcePort}, Via and Contact as given. */
    private SipServletRequestImpl invite(String requestUri, String via, String contact, String sourceIp,
            int sourcePort, String transport) throws Exception {
        String text = "INVITE " + requestUri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport.toUpperCase() + " " + via + ";branch=z9hG4bKa;rport\r\n"
                + "From: <sip:alice@example.com>;tag=a\r\n"
                + "To: <sip:bob@example.com>\r\n"
                + "Call-ID: nat-1\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Max-Forwards: 70\r\n"
                + (contact == null ? "" : "Contact: " + contact + "\r\n")
                + "Content-Length: 0\r\n\r\n";
        SIPRequest jain = (SIPRequest) new StringMsgParser().parseSIPMessage(text.getBytes(StandardCharsets.UTF_8),
                true, false, null);
        source(jain, sourceIp, sourcePort);
        Connector c = new Connector(transport, "192.0.2.10", 5060, "192.0.2.10", 5060, null, null);
        return new SipServletRequestImpl(jain, services, null, c, true);
    }

    private static void source(SIPMessage m, String ip, int port) throws Exception {
        m.setPeerPacketSourceAddress(InetAddress.getByName(ip));
        m.setPeerPacketSourcePort(port);
    }

    private SipServletRequestImpl natedInvite() throws Exception {
        return invite("sip:bob@192.0.2.10", "192.168.1.10:5060", "<sip:alice@192.168.1.10:5060>", "203.0.113.5", 40312,
                "udp");
    }

    private static String contact(SipServletRequestImpl r) {
        return r.jainRequest().getHeader("Contact").toString().trim();
    }

    @Test
    void natUacTestReadsTheMessageAndItsSource() throws Exception {
        assertTrue(nat.natUacTest(natedInvite(), 19));
        SipServletRequestImpl direct = invite("sip:bob@192.0.2.10", "203.0.113.5:40312",
                "<sip:alice@203.0.113.5:40312>", "203.0.113.5", 40312, "udp");
        assertFalse(nat.natUacTest(direct, 19 | 4 | 32 | 128));
        assertTrue(nat.natUacTest(natedInvite(), NatService.PRIVATE_VIA));
    }

    @Test
    void fixNatedContactPutsTheSourceInTheContact() throws Exception {
        SipServletRequestImpl r = natedInvite();
        assertTrue(nat.fixNatedContact(r));
        assertEquals("Contact: <sip:alice@203.0.113.5:40312>", contact(r));
    }

    @Test
    void setContactAliasAddsTheSourceWithItsProtocolDigit() throws Exception {
        SipServletRequestImpl r = natedInvite();
        assertTrue(nat.setContactAlias(r));
        assertEquals("Contact: <sip:alice@192.168.1.10:5060;alias=203.0.113.5~40312~1>", contact(r));
        SipServletRequestImpl tcp = invite("sip:bob@192.0.2.10", "[2001:db8::5]:5060", "<sip:alice@[2001:db8::5]>",
                "2001:db8::9", 5070, "tcp");
        assertTrue(nat.setContactAlias(tcp));
        assertTrue(contact(tcp).endsWith(";alias=[2001:db8:0:0:0:0:0:9]~5070~2>")
                || contact(tcp).endsWith(";alias=[2001:db8::9]~5070~2>"), contact(tcp));
    }

    @Test
    void addContactAliasOnlyWhenTheSourceDiffers() throws Exception {
        SipServletRequestImpl same = invite("sip:bob@192.0.2.10", "203.0.113.5:40312",
                "<sip:alice@203.0.113.5:40312>", "203.0.113.5", 40312, "udp");
        assertTrue(nat.addContactAlias(same));
        assertEquals("Contact: <sip:alice@203.0.113.5:40312>", contact(same));
        SipServletRequestImpl r = natedInvite();
        assertTrue(nat.addContactAlias(r));
        assertTrue(contact(r).contains(";alias=203.0.113.5~40312~1"), contact(r));
        assertFalse(nat.addContactAlias(invite("sip:bob@192.0.2.10", "203.0.113.5", null, "203.0.113.5", 5060, "udp")),
                "no Contact");
    }

    @Test
    void handleRuriAliasRoutesToTheAliasAndRemovesIt() throws Exception {
        SipServletRequestImpl r = invite("sip:alice@192.168.1.10:5060;alias=203.0.113.5~40312~1", "192.0.2.20",
                null, "192.0.2.20", 5060, "udp");
        assertEquals(NatService.ALIAS_HANDLED, nat.handleRuriAlias(r));
        assertEquals("sip:alice@192.168.1.10:5060", r.getRequestURI().toString());
        assertEquals("<sip:203.0.113.5:40312;lr>", r.getHeader("Route"));

        SipServletRequestImpl tcp = invite("sip:alice@10.0.0.1;alias=[2001:db8::9]~5070~2", "192.0.2.20", null,
                "192.0.2.20", 5060, "udp");
        assertEquals(NatService.ALIAS_HANDLED, nat.handleRuriAlias(tcp));
        assertEquals("<sip:[2001:db8::9]:5070;transport=tcp;lr>", tcp.getHeader("Route"));

        SipServletRequestImpl none = invite("sip:alice@192.0.2.30", "192.0.2.20", null, "192.0.2.20", 5060, "udp");
        assertEquals(NatService.NO_ALIAS, nat.handleRuriAlias(none));
        assertNull(none.getHeader("Route"));
        SipServletRequestImpl bad = invite("sip:alice@192.0.2.30;alias=nonsense", "192.0.2.20", null, "192.0.2.20",
                5060, "udp");
        assertEquals(NatService.ALIAS_ERROR, nat.handleRuriAlias(bad));
    }

    @Test
    void fixNatedRegisterAndAddRcvParamCarryTheSourceUri() throws Exception {
        SipServletRequestImpl r = natedInvite();
        assertEquals("sip:203.0.113.5:40312", nat.fixNatedRegister(r));
        assertEquals("sip:203.0.113.5:40312", r.getAttribute(NatService.RECEIVED_ATTRIBUTE));
        assertTrue(nat.addRcvParam(r, false));
        assertEquals("Contact: <sip:alice@192.168.1.10:5060>;received=\"sip:203.0.113.5:40312\"", contact(r));
        SipServletRequestImpl tcp = invite("sip:bob@192.0.2.10", "10.0.0.1", "<sip:alice@10.0.0.1>", "203.0.113.5",
                40000, "tcp");
        assertEquals("sip:203.0.113.5:40000;transport=tcp", nat.sourceUri(tcp));
        assertFalse(nat.addRcvParam(tcp, true), "in the URI only over UDP");
    }
}
