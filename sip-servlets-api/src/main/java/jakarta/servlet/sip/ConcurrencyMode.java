package jakarta.servlet.sip;

/**
 * The level of concurrency control an application asks the container for, through
 * {@code @SipApplication(concurrencyMode = ...)} or the deployment descriptor.
 *
 * @since 2.0
 */
public enum ConcurrencyMode {

    /**
     * The container picks the concurrency control it deems appropriate; the thread-safety
     * guarantees are container specific. This is the default.
     */
    VENDORSPECIFIC,

    /**
     * The container serializes all work on an application session: two messages of the same
     * {@link SipApplicationSession} are never processed at the same time, nor are its timers,
     * listeners or container tasks run concurrently with them.
     */
    APPLICATIONSESSION
}
