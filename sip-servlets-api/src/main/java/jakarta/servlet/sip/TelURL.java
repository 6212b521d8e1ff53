package jakarta.servlet.sip;

/**
 * A {@code tel} URL (RFC 3966) naming a telephone number, either global ({@code +} followed by
 * an E.164 number) or local with a {@code phone-context}.
 */
public interface TelURL extends URI {

    /** Returns the {@code phone-context} parameter, or null for a global number. */
    String getPhoneContext();

    /** Returns the number: for a global number without its leading {@code +}. */
    String getPhoneNumber();

    /** Returns true if the number is global, i.e. written with a leading {@code +}. */
    boolean isGlobal();

    /**
     * Sets a global number.
     *
     * @param number the number with its leading {@code +}
     * @throws IllegalArgumentException if the number is not a valid global number
     */
    void setPhoneNumber(String number);

    /**
     * Sets a local number and its context.
     *
     * @param number the local number
     * @param phoneContext the {@code phone-context} value
     * @throws IllegalArgumentException if the number is not a valid local number
     */
    void setPhoneNumber(String number, String phoneContext);

    /** Returns the URL in its string form. */
    @Override
    String toString();
}
