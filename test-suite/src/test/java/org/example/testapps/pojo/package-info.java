/** A SIP Servlet 2.0 POJO application declared with annotations only, no sip.xml. */
@jakarta.servlet.sip.annotation.SipApplication(name = "pojo", mainServlet = "pojo")
package org.example.testapps.pojo;
