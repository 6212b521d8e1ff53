package io.sipcontainer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Applications given as folders ({@code apps}), one deployed while the container runs, and a DAR file. */
@SipContainerTest(apps = "src/test/apps/first", darFile = "src/test/apps/dar.properties", dar = "MESSAGE: second")
class DeployedAppsTest {

    @Test
    void deploysFoldersAtStartAndLater(SipContainer container, SipClient client) {
        assertEquals(List.of("first"), container.applications());
        client.send(client.invite(container.sipUri("bob"))).expect(200); // the DAR file's INVITE line

        container.deploy(Path.of("src/test/apps/second"));
        container.awaitDeployed("second");
        // the second application proxies MESSAGE to its Request-URI: this client, which answers
        var message = client.request("MESSAGE", client.uri("carol"));
        client.setHeader(message, "Route", "<sip:" + container.udpAddress().getHostString() + ":"
                + container.udpAddress().getPort() + ";lr>");
        var sent = client.send(message);
        client.expectRequest("MESSAGE").respond(200);
        sent.expect(200);
    }
}
