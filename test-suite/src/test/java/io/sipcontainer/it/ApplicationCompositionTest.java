package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.example.testapps.ChainServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.config.ServerConfig;
import io.sipcontainer.config.Transport;
import io.sipcontainer.it.support.SarBuilder;
import io.sipcontainer.server.SipServer;

/** Two applications chained by the Default Application Router both see one initial request. */
class ApplicationCompositionTest {
    @TempDir
    Path home;
    private SipServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(Duration.ofSeconds(2));
        }
    }

    private static String chainApp(String name, boolean answers) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <sip-app xmlns="http://www.jcp.org/xml/ns/sipservlet" version="2.0">
                  <app-name>%s</app-name>
                  <servlet>
                    <servlet-name>chain</servlet-name>
                    <servlet-class>%s</servlet-class>
                    <init-param><param-name>answer</param-name><param-value>%s</param-value></init-param>
                    <load-on-startup>1</load-on-startup>
                  </servlet>
                  <servlet-selection><main-servlet>chain</main-servlet></servlet-selection>
                </sip-app>
                """.formatted(name, ChainServlet.class.getName(), answers);
    }

    @Test
    void twoApplicationsChainedByTheDarBothSeeTheInitialRequest() throws Exception {
        Path deploy = Files.createDirectories(home.resolve("deploy"));
        Path dar = Files.writeString(home.resolve("dar.properties"),
                "MESSAGE: (\"first\", \"DAR:From\", \"ORIGINATING\", \"\", \"NO_ROUTE\", \"0\"), "
                        + "(\"second\", \"DAR:To\", \"TERMINATING\", \"\", \"NO_ROUTE\", \"1\")\n");
        SarBuilder.named("first.sar").sipXml(chainApp("first", false)).withClasses(ChainServlet.class).writeTo(deploy);
        SarBuilder.named("second.sar").sipXml(chainApp("second", true)).withClasses(ChainServlet.class).writeTo(deploy);
        server = new SipServer(ServerConfig.builder().baseDir(home).httpListen("127.0.0.1", 0).listen(Transport.UDP, "127.0.0.1", 0)
                .deployDir(deploy).workDir(home.resolve("work")).darFile(dar).build());
        server.start();
        int port = server.address("udp").getPort();

        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(5000);
            String message = "MESSAGE sip:bob@127.0.0.1:" + port + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bKchain1\r\n"
                    + "From: <sip:alice@127.0.0.1>;tag=a1\r\n"
                    + "To: <sip:bob@127.0.0.1>\r\n"
                    + "Call-ID: chain-1\r\n"
                    + "CSeq: 1 MESSAGE\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "Content-Type: text/plain\r\n"
                    + "Content-Length: 2\r\n\r\nhi";
            byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.0.1", port)));
            String reply = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline) {
                byte[] buf = new byte[8192];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                String r = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
                if (!r.startsWith("SIP/2.0 1")) {
                    reply = r;
                    break;
                }
            }
            assertTrue(reply != null && reply.startsWith("SIP/2.0 200"), "final response: " + reply);
            assertTrue(reply.contains("X-Chain: first,second"), "both applications saw the request: " + reply);
        }
    }
}
