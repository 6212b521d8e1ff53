package jakarta.servlet.sip;

/**
 * A test on a SIP message, used by the {@code @SipPredicate} meta-annotation to decide whether an
 * annotated method of a SIP Servlet POJO handles a given request or response. Implementations
 * must have a public no-argument constructor, must not modify the message and should be cheap:
 * the container evaluates them on the message dispatch path.
 *
 * @param <T> the kind of message tested, e.g. {@link SipServletRequest} or {@link SipServletResponse}
 * @since 2.0
 */
@FunctionalInterface
public interface Predicate<T extends SipServletMessage> {

    /**
     * Tests the message.
     *
     * @param message the message about to be dispatched
     * @return true if the annotated method should handle the message
     */
    boolean apply(T message);
}
