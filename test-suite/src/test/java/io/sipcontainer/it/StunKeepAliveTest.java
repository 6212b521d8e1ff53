package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.CRC32;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.Poll;
import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.service.Statistics;

/**
 * RFC 5626 4.4.2 keep-alives on the SIP UDP port: a real UDP client sends a STUN Binding request
 * built here per RFC 5389 (magic cookie, random transaction id, SOFTWARE and FINGERPRINT) to the
 * server's SIP socket and gets a Binding success response with its own address and port in
 * XOR-MAPPED-ADDRESS and a valid FINGERPRINT; the server counts it ({@code stun:binding_requests}),
 * drops a 4-byte zero ping of the same first-byte range ({@code stun:dropped}), lets neither reach
 * the SIP parser ({@code core:bad_msg_hdr} stays 0) and still answers SIP on that socket.
 */
class StunKeepAliveTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int MAGIC_COOKIE = 0x2112A442;

    @TempDir
    Path home;
    private ServerFixture fixture;
    private DatagramSocket client;

    @BeforeEach
    void start() throws Exception {
        fixture = new ServerFixture(home).start();
        client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client.setSoTimeout((int) WAIT.toMillis());
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aBindingRequestOnTheSipPortGetsItsMappedAddressAndNeverReachesTheSipParser() throws Exception {
        byte[] transactionId = new byte[12];
        new SecureRandom().nextBytes(transactionId);
        send(bindingRequest(transactionId));

        ByteBuffer response = ByteBuffer.wrap(receive());
        assertEquals(0x0101, response.getShort(0) & 0xFFFF, "a Binding success response");
        assertEquals(response.limit() - 20, response.getShort(2) & 0xFFFF, "its length field");
        assertEquals(MAGIC_COOKIE, response.getInt(4));
        assertArrayEquals(transactionId, Arrays.copyOfRange(response.array(), 8, 20), "the request's transaction id");

        InetSocketAddress mapped = null;
        boolean fingerprinted = false;
        for (int at = 20; at < response.limit(); ) {
            int type = response.getShort(at) & 0xFFFF;
            int length = response.getShort(at + 2) & 0xFFFF;
            if (type == 0x0020) { // XOR-MAPPED-ADDRESS, IPv4: port ^ top of cookie, address ^ cookie
                assertEquals(0x01, response.get(at + 5), "IPv4 family");
                int port = (response.getShort(at + 6) & 0xFFFF) ^ (MAGIC_COOKIE >>> 16);
                byte[] address = ByteBuffer.allocate(4).putInt(response.getInt(at + 8) ^ MAGIC_COOKIE).array();
                mapped = new InetSocketAddress(InetAddress.getByAddress(address), port);
            } else if (type == 0x8028) { // FINGERPRINT: CRC-32 of what precedes it, XOR 0x5354554E
                CRC32 crc = new CRC32();
                crc.update(response.array(), 0, at);
                assertEquals((int) crc.getValue() ^ 0x5354554E, response.getInt(at + 4), "the fingerprint");
                assertEquals(response.limit(), at + 8, "FINGERPRINT comes last");
                fingerprinted = true;
            }
            at += 4 + ((length + 3) & ~3);
        }
        assertEquals(client.getLocalSocketAddress(), mapped, "the address and port the request came from");
        assertTrue(fingerprinted, "a request with FINGERPRINT gets one back");
        assertEquals(1, statistic("stun:binding_requests"));

        send(new byte[4]); // a NAT ping of four zero bytes: STUN's range by its first byte, and no STUN message
        Poll.until(() -> statistic("stun:dropped") == 1, WAIT, () -> "dropped: " + statistic("stun:dropped"));

        send(options().getBytes(StandardCharsets.US_ASCII));
        String answer = new String(receive(), StandardCharsets.US_ASCII);
        assertTrue(answer.startsWith("SIP/2.0 404"), "SIP on the same socket still works: " + answer);
        assertEquals(0, statistic("core:bad_msg_hdr"), "no STUN datagram reached the SIP parser");
    }

    /** RFC 5389 6 and 15.10, 15.5: header, SOFTWARE, FINGERPRINT over all before it. */
    private static byte[] bindingRequest(byte[] transactionId) {
        byte[] software = "sipcontainer test".getBytes(StandardCharsets.UTF_8); // 17 bytes, padded to 20
        ByteBuffer b = ByteBuffer.allocate(20 + 4 + 20 + 8);
        b.putShort((short) 0x0001).putShort((short) (4 + 20 + 8)).putInt(MAGIC_COOKIE).put(transactionId);
        b.putShort((short) 0x8022).putShort((short) software.length).put(software).put(new byte[3]);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putShort((short) 0x8028).putShort((short) 4).putInt((int) crc.getValue() ^ 0x5354554E);
        return b.array();
    }

    private String options() {
        int port = client.getLocalPort();
        return "OPTIONS sip:nobody@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bKstun" + port + "\r\n"
                + "From: <sip:stun@127.0.0.1>;tag=1\r\nTo: <sip:nobody@127.0.0.1>\r\nCall-ID: stun" + port + "@x\r\n"
                + "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }

    private void send(byte[] datagram) throws Exception {
        client.send(new DatagramPacket(datagram, datagram.length, fixture.udpAddress()));
    }

    private byte[] receive() throws Exception {
        DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
        client.receive(in);
        return Arrays.copyOf(in.getData(), in.getLength());
    }

    private long statistic(String name) {
        return fixture.server().services().get(Statistics.class).snapshot(name).get(name);
    }
}
