package io.sipcontainer.context;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What {@code SipSessionsUtil} answers without a CDI container. */
class SipSessionsUtilImplTest {

    @Test
    void getManagedBeanSaysThatItNeedsACdiContainer() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> new SipSessionsUtilImpl(null).getManagedBean(StringBuilder.class));
        assertTrue(e.getMessage().contains("CDI container") && e.getMessage().contains("java.lang.StringBuilder"),
                e.getMessage());
    }
}
