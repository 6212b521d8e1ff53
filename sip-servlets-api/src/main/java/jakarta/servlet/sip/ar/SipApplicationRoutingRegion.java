package jakarta.servlet.sip.ar;

import java.io.Serializable;

/**
 * The routing region in which an application serves its subscriber: a
 * {@link SipApplicationRoutingRegionType} plus a label that routers may refine (sub-regions).
 * Immutable. The three constants cover the standard regions.
 *
 * @since 1.1
 */
public class SipApplicationRoutingRegion implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The neutral region, labelled {@code "NEUTRAL"}. */
    public static final SipApplicationRoutingRegion NEUTRAL_REGION =
            new SipApplicationRoutingRegion("NEUTRAL", SipApplicationRoutingRegionType.NEUTRAL);

    /** The originating region, labelled {@code "ORIGINATING"}. */
    public static final SipApplicationRoutingRegion ORIGINATING_REGION =
            new SipApplicationRoutingRegion("ORIGINATING", SipApplicationRoutingRegionType.ORIGINATING);

    /** The terminating region, labelled {@code "TERMINATING"}. */
    public static final SipApplicationRoutingRegion TERMINATING_REGION =
            new SipApplicationRoutingRegion("TERMINATING", SipApplicationRoutingRegionType.TERMINATING);

    private final String label;
    private final SipApplicationRoutingRegionType type;

    /**
     * Creates a routing region.
     *
     * @param label a label naming the region
     * @param type the region type
     */
    public SipApplicationRoutingRegion(String label, SipApplicationRoutingRegionType type) {
        this.label = label;
        this.type = type;
    }

    /** Returns the label of the region. */
    public String getLabel() {
        return label;
    }

    /** Returns the type of the region. */
    public SipApplicationRoutingRegionType getType() {
        return type;
    }

    /** Returns the label. */
    @Override
    public String toString() {
        return label;
    }
}
