package org.example.testapps.converged;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;

/** A web servlet loaded at start-up whose initialisation fails: its application must be refused. */
@WebServlet(urlPatterns = "/broken", loadOnStartup = 1)
public class FailingInitServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    public void init() throws ServletException {
        throw new ServletException("no database for the web side");
    }
}
