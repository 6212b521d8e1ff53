/** The guide's back-to-back user agent: each call becomes two dialogs the application links. */
@SipApplication(name = "b2bua", mainServlet = "b2bua")
package org.example.b2bua;

import jakarta.servlet.sip.annotation.SipApplication;
