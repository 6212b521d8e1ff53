package io.sipcontainer.location;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.sipcontainer.service.Contact;

/**
 * The heap 100,000 registered users take in the in-memory table (db_mode 0), measured with the
 * MemoryMXBean after full collections, with realistic values: a 40-character contact URI, a
 * UUID Call-ID, a shared User-Agent and socket.
 */
class LocationHeapTest {
    static final int USERS = 100_000;

    private static long usedAfterGc(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) { // several rounds: the last ones find nothing more to free
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    @Test
    void aHundredThousandBindingsTakeLessThan40Megabytes() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long now = System.currentTimeMillis();
        long before = usedAfterGc(memory);
        MemoryLocationService service = new MemoryLocationService(UsrlocSettings.memory(), () -> now);
        for (int i = 0; i < USERS; i++) {
            String user = "user" + i;
            service.save(new Contact(user, "sip:" + user + "@192.0.2." + (i % 250) + ":5060;transport=udp", -1f,
                    now + 3_600_000L, UUID.randomUUID().toString(), 1, null, List.of(), "udp:127.0.0.1:5060",
                    "sipp-register-bench", null, 0, Contact.ALL_METHODS, 0, 0, now, null));
        }
        long after = usedAfterGc(memory);
        assertEquals(USERS, service.contactCount());
        long perBinding = (after - before) / USERS;
        System.out.printf("usrloc heap: %d bindings take %.1f MB, %d bytes each%n", USERS,
                (after - before) / 1e6, perBinding);
        assertTrue(perBinding < 400, perBinding + " bytes per binding");
        assertEquals(1, service.lookup("user99999").size()); // keeps the table reachable until here
    }
}
