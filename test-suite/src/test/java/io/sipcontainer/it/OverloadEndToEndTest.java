package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.service.RpcParams;
import io.sipcontainer.service.RpcRegistry;
import io.sipcontainer.service.Statistics;

/**
 * Overload control and pike through the real server, with phones on other loopback addresses
 * (127.0.0.2 and 127.0.0.3: the server's own 127.0.0.1 is never banned, as Kamailio checks
 * {@code src_ip!=myself}).
 */
class OverloadEndToEndTest {
    @TempDir
    Path home;
    private ServerFixture fixture;
    private final List<DatagramSocket> phones = new java.util.ArrayList<>();

    @AfterEach
    void stop() {
        phones.forEach(DatagramSocket::close);
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aFloodingSourceIsBannedWhileAnotherIsServedAndPikeTopShowsIt() throws Exception {
        fixture = new ServerFixture(home).configure(b -> b.moduleParam("pike.enable", "yes")
                .moduleParam("pike.reqs_density_per_unit", "5").moduleParam("pike.sampling_time_unit", "60"))
                .start();
        DatagramSocket flooder = phone("127.0.0.2");
        DatagramSocket other = phone("127.0.0.3");
        for (int i = 0; i < 5; i++) {
            assertNotNull(ask(flooder, "flood" + i, ""), "request " + (i + 1) + " of the 5 allowed is answered");
        }
        for (int i = 5; i < 20; i++) {
            send(flooder, "flood" + i, "");
        }
        assertNull(reply(flooder, 500), "past the density the source gets nothing");
        assertNotNull(ask(other, "other", ""), "another source is still served");

        Map<String, Long> stats = fixture.server().services().get(Statistics.class).snapshot("pike:");
        assertEquals(15L, stats.get("pike:dropped_requests"), stats.toString());
        Object top = fixture.server().services().get(RpcRegistry.class).call("pike.top", new RpcParams(List.of("HOT")));
        assertTrue(top.toString().contains("ip_addr=127.0.0.2") && top.toString().contains("status=HOT")
                && !top.toString().contains("127.0.0.3"), top.toString());
    }

    @Test
    void pastTheTransactionBoundNewRequestsGet503WithRetryAfterAndDialogsGoOn() throws Exception {
        // answered transactions stay for Timer J (32 s): after two, the table is past a bound of 1
        fixture = new ServerFixture(home).configure(b -> b.moduleParam("overload.transaction_limit", "1")
                .moduleParam("overload.retry_after", "9").moduleParam("overload.source_allowance", "0")).start();
        DatagramSocket phone = phone("127.0.0.2");
        assertTrue(ask(phone, "first", "").startsWith("SIP/2.0 "));
        assertTrue(!ask(phone, "second", "").startsWith("SIP/2.0 503"));

        String refused = ask(phone, "third", "");
        assertTrue(refused.startsWith("SIP/2.0 503 Service Unavailable"), refused);
        assertTrue(refused.contains("Retry-After: 9"), refused);
        String inDialog = ask(phone, "in-dialog", ";tag=abc");
        assertTrue(!inDialog.startsWith("SIP/2.0 503"), "an in-dialog request is not refused: " + inDialog);
        assertEquals(1L, fixture.server().services().get(Statistics.class).snapshot("overload:")
                .get("overload:refused_503"));
    }

    @Test
    void whileOverloadedALightSourceIsStillServedAndAHeavyOneIsRefused() throws Exception {
        fixture = new ServerFixture(home).configure(b -> b.moduleParam("overload.transaction_limit", "1")
                .moduleParam("overload.source_allowance", "3")).start();
        DatagramSocket heavy = phone("127.0.0.2");
        DatagramSocket light = phone("127.0.0.3");
        int refused = 0;
        for (int i = 0; i < 20; i++) { // well within a second or two: 2 before the bound, 3 per second after
            refused += ask(heavy, "heavy" + i, "").startsWith("SIP/2.0 503") ? 1 : 0;
        }
        assertTrue(refused >= 10, "past its allowance the heavy source is refused: " + refused + " of 20");
        assertTrue(!ask(light, "light", "").startsWith("SIP/2.0 503"), "the light source is served");
    }

    private DatagramSocket phone(String address) throws Exception {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(address), 0));
        phones.add(s);
        return s;
    }

    private String ask(DatagramSocket phone, String id, String toTag) throws Exception {
        send(phone, id, toTag);
        String r = reply(phone, 5000);
        assertNotNull(r, "no reply to " + id);
        return r;
    }

    private void send(DatagramSocket phone, String id, String toTag) throws Exception {
        String text = "OPTIONS sip:x@127.0.0.1:" + fixture.udpPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + phone.getLocalAddress().getHostAddress() + ":" + phone.getLocalPort()
                + ";branch=z9hG4bK-" + id + "\r\n"
                + "From: <sip:a@example.com>;tag=1\r\nTo: <sip:x@example.com>" + toTag + "\r\nCall-ID: " + id
                + "@overload\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        phone.send(new DatagramPacket(bytes, bytes.length, fixture.udpAddress()));
    }

    /** The next final reply, or null when none comes within the timeout. */
    private static String reply(DatagramSocket phone, int timeoutMillis) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            int left = (int) (deadline - System.currentTimeMillis());
            if (left <= 0) {
                return null;
            }
            phone.setSoTimeout(left);
            DatagramPacket p = new DatagramPacket(new byte[65535], 65535);
            try {
                phone.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            if (!text.startsWith("SIP/2.0 1")) {
                return text;
            }
        }
    }
}
