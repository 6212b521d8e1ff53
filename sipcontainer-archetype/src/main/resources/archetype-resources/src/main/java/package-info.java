/** The ${artifactId} SIP application. */
@SipApplication(name = "${artifactId}", mainServlet = "hello")
package ${package};

import jakarta.servlet.sip.annotation.SipApplication;
