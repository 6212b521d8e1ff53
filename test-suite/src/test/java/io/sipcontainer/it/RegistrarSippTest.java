package io.sipcontainer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipcontainer.it.support.ServerFixture;
import io.sipcontainer.it.support.Sipp;
import io.sipcontainer.it.support.SippResult;
import io.sipcontainer.service.LocationService;
import io.sipcontainer.service.Statistics;

/** The REGISTER benchmark scenario against the real registrar: every user ends up registered. */
class RegistrarSippTest {
    @TempDir
    Path home;
    private ServerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void sippRegistersUniqueUsersOverUdpAndTcp() throws Exception {
        Sipp.require();
        fixture = new ServerFixture(home).dar(RegisterClient.DAR);
        RegisterClient.deployRegistrar(fixture.deployDir());
        fixture.start();
        SippResult udp = Sipp.scenario("sipp/register.xml").remote(fixture.udpAddress()).udp().service("user").calls(200).rate(200)
                .run();
        assertTrue(udp.allSucceeded(), udp.toString());
        assertEquals(200, udp.successful());
        LocationService location = fixture.server().services().get(LocationService.class);
        assertEquals(200, location.aors().size());
        assertEquals(1, location.lookup("user1").size());
        SippResult tcp = Sipp.scenario("sipp/register.xml").remote(fixture.tcpAddress()).tcp().service("user").calls(50).rate(100)
                .run();
        assertTrue(tcp.allSucceeded(), tcp.toString());
        assertEquals(2, location.lookup("user1").size(), "another contact URI (TCP, another port): a second binding");
        assertTrue(location.lookup("user1").stream().anyMatch(c -> c.socket().startsWith("tcp:")));
        Statistics stats = fixture.server().services().get(Statistics.class);
        assertEquals(250, stats.snapshot("registrar:accepted_regs").get("registrar:accepted_regs"));
        assertEquals(250, stats.snapshot("usrloc:location-contacts").get("usrloc:location-contacts"));
        assertEquals(200, stats.snapshot("usrloc:location-users").get("usrloc:location-users"));
    }
}
