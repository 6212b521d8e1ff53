/** The guide's timer example: a reminder sent back some time after it was asked for. */
@SipApplication(name = "reminder", mainServlet = "reminder")
package org.example.reminder;

import jakarta.servlet.sip.annotation.SipApplication;
