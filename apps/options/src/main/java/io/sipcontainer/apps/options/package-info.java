/** The options application: a UAS that answers OPTIONS with the server's capabilities. */
@jakarta.servlet.sip.annotation.SipApplication(name = "options", mainServlet = "options")
package io.sipcontainer.apps.options;
