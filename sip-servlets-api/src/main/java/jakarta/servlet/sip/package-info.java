/**
 * The SIP Servlet 2.0 (JSR 359) API: messages, addresses, sessions, proxying, B2BUA support,
 * timers and listeners, on the Jakarta Servlet API.
 */
package jakarta.servlet.sip;
