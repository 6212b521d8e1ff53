package io.sipcontainer.deploy;

/** Java sources of small test applications, compiled at test time by {@link TestApps}. */
final class AppSources {

    private AppSources() {
    }

    /** A SipServlet subclass, optionally annotated ({@code annotation} is e.g. {@code "@SipServlet"}). */
    static String servlet(String className, String annotation) {
        return unit(className, "import jakarta.servlet.sip.annotation.SipServlet;\n"
                + annotation + "\npublic class " + simpleName(className)
                + " extends jakarta.servlet.sip.SipServlet {}");
    }

    /** A POJO servlet with the given members. */
    static String pojo(String className, String annotation, String members) {
        return unit(className, "import jakarta.servlet.sip.*;\nimport jakarta.servlet.sip.annotation.*;\n"
                + "import jakarta.servlet.sip.annotation.SipServlet;\n"
                + annotation + "\npublic class " + simpleName(className) + " {\n" + members + "\n}");
    }

    static String plainClass(String className, String body) {
        return unit(className, "import jakarta.servlet.sip.*;\nimport jakarta.servlet.sip.annotation.*;\n"
                + "import jakarta.servlet.sip.annotation.SipServlet;\n"
                + "public class " + simpleName(className) + " {\n" + body + "\n}");
    }

    static String listener(String className) {
        return unit(className, "import jakarta.servlet.sip.*;\n@jakarta.servlet.sip.annotation.SipListener\n"
                + "public class " + simpleName(className) + " implements SipServletListener {\n"
                + "  public void servletInitialized(SipServletContextEvent event) {}\n}");
    }

    static String packageInfo(String packageName, String annotation) {
        return annotation + "\npackage " + packageName + ";";
    }

    private static String unit(String className, String body) {
        int dot = className.lastIndexOf('.');
        return "package " + className.substring(0, dot) + ";\n" + body;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
