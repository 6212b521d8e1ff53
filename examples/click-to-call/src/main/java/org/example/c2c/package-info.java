/** The guide's converged application: a web page's request places a SIP call. */
@SipApplication(name = "c2c", mainServlet = "c2c")
package org.example.c2c;

import jakarta.servlet.sip.annotation.SipApplication;
