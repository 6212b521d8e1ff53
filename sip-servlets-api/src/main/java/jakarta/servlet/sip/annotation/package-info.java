/**
 * SIP Servlet annotations: {@link jakarta.servlet.sip.annotation.SipApplication},
 * {@link jakarta.servlet.sip.annotation.SipServlet}, {@link jakarta.servlet.sip.annotation.SipListener}
 * and {@link jakarta.servlet.sip.annotation.SipApplicationKey} replace or complement the sip.xml
 * deployment descriptor; since 2.0, method annotations such as
 * {@link jakarta.servlet.sip.annotation.Invite} or {@link jakarta.servlet.sip.annotation.SuccessResponse}
 * route messages to methods of SIP Servlet POJOs. Those method annotations are built from the
 * meta-annotations {@link jakarta.servlet.sip.annotation.SipMethod},
 * {@link jakarta.servlet.sip.annotation.SipResponseCode},
 * {@link jakarta.servlet.sip.annotation.SipResponseRange} and
 * {@link jakarta.servlet.sip.annotation.SipPredicate}, which applications may use to define their own.
 */
package jakarta.servlet.sip.annotation;
