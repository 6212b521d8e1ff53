package io.sipcontainer.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Embedded H2 files get WRITE_DELAY=0 (commits on file before they return) unless the URL chooses. */
class DatabaseTest {

    @Test
    void anEmbeddedFileDatabaseWritesEachCommitAtOnce() {
        assertEquals("jdbc:h2:file:/srv/data/db/x;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0",
                Database.durable("jdbc:h2:file:/srv/data/db/x;DB_CLOSE_ON_EXIT=FALSE"));
    }

    @Test
    void aWriteDelayTheOperatorSetIsKept() {
        assertEquals("jdbc:h2:file:/srv/x;write_delay=100", Database.durable("jdbc:h2:file:/srv/x;write_delay=100"));
    }

    @Test
    void otherDatabasesAreLeftAsConfigured() {
        assertEquals("jdbc:h2:mem:t;DB_CLOSE_DELAY=-1", Database.durable("jdbc:h2:mem:t;DB_CLOSE_DELAY=-1"));
        assertEquals("jdbc:postgresql://db/sip", Database.durable("jdbc:postgresql://db/sip"));
    }
}
