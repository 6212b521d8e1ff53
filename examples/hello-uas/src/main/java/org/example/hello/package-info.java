/** The guide's first application: a UAS that answers calls, declared with annotations only. */
@SipApplication(name = "hello", mainServlet = "hello")
package org.example.hello;

import jakarta.servlet.sip.annotation.SipApplication;
